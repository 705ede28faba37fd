import { z } from 'zod';

const optionalText = z.string().trim().min(1).optional();

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalText,
  MONGODB_URI: optionalText,
  DATA_DIR: z.string().default('data'),
  MONGOD_PORT: z.coerce.number().int().min(1).max(65535).default(27018),
  SESSION_SECRET: optionalText,
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(12),
  DINGTALK_CORP_ID: optionalText,
  DINGTALK_APP_KEY: optionalText,
  DINGTALK_APP_SECRET: optionalText,
  DINGTALK_AGENT_ID: optionalText,
  DINGTALK_ROBOT_TOKEN: optionalText,
  DINGTALK_ROBOT_SECRET: optionalText,
  DINGTALK_OAPI_URL: z.string().url().default('https://oapi.dingtalk.com'),
  DINGTALK_API_URL: z.string().url().default('https://api.dingtalk.com'),
  DINGTALK_STREAM: z.enum(['on', 'off']).default('off'),
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  SEED_NOTICE: z.string().default('seeds/000_722b16daf95b2959.txt'),
  SEED_ROSTER: z.string().default('seeds/roster.json'),
  SCHEDULER: z.enum(['on', 'off']).default('on'),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_SUBMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export interface DingTalkSettings {
  corpId: string;
  appKey: string;
  appSecret: string;
  agentId: string;
  robotToken: string;
  robotSecret: string;
  oapiBaseUrl: string;
  apiBaseUrl: string;
}

export interface Config {
  host: string;
  port: number;
  /** Base URL that links in DingTalk messages point to; defaults to the listening address. */
  publicUrl: string | undefined;
  mongodbUri: string | undefined;
  dataDir: string;
  mongodPort: number;
  sessionSecret: string | undefined;
  sessionMaxAgeMs: number;
  /**
   * Demo mode runs the local DingTalk simulator and offers the contact picker in place of
   * login-free auth. It is on exactly when no DingTalk app credentials are configured.
   */
  demo: boolean;
  dingtalk: DingTalkSettings | undefined;
  /**
   * Receives messages to the app robot over a Stream-mode connection to the gateway on the new API host
   * (the simulator in demo mode). The HTTP callback stays available either way.
   */
  dingtalkStream: boolean;
  simulatorPort: number;
  seedNotice: string;
  seedRoster: string;
  /** Runs scheduled reminders and escalations in this instance. */
  scheduler: boolean;
  rateLimits: { loginPerMinute: number; submitPerMinute: number };
  logLevel: Env['LOG_LEVEL'];
}

const dingtalkKeys = [
  'DINGTALK_CORP_ID',
  'DINGTALK_APP_KEY',
  'DINGTALK_APP_SECRET',
  'DINGTALK_AGENT_ID',
  'DINGTALK_ROBOT_TOKEN',
  'DINGTALK_ROBOT_SECRET',
] as const;

/** Reads the configuration from environment variables; throws with the offending variable named. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`环境变量 ${String(issue?.path[0] ?? '')} 无效：${issue?.message ?? ''}`);
  }
  const env = parsed.data;

  const present = dingtalkKeys.filter((key) => env[key] !== undefined);
  if (present.length > 0 && present.length < dingtalkKeys.length) {
    const missing = dingtalkKeys.filter((key) => env[key] === undefined);
    throw new Error(`钉钉配置不完整，缺少：${missing.join('、')}`);
  }
  const demo = present.length === 0;
  if (!demo && env.SESSION_SECRET === undefined) {
    throw new Error('生产模式（已配置钉钉应用）必须设置 SESSION_SECRET');
  }

  const dingtalk: DingTalkSettings | undefined = demo
    ? undefined
    : {
        corpId: env.DINGTALK_CORP_ID!,
        appKey: env.DINGTALK_APP_KEY!,
        appSecret: env.DINGTALK_APP_SECRET!,
        agentId: env.DINGTALK_AGENT_ID!,
        robotToken: env.DINGTALK_ROBOT_TOKEN!,
        robotSecret: env.DINGTALK_ROBOT_SECRET!,
        oapiBaseUrl: env.DINGTALK_OAPI_URL,
        apiBaseUrl: env.DINGTALK_API_URL,
      };

  return {
    host: env.HOST,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL,
    mongodbUri: env.MONGODB_URI,
    dataDir: env.DATA_DIR,
    mongodPort: env.MONGOD_PORT,
    sessionSecret: env.SESSION_SECRET,
    sessionMaxAgeMs: env.SESSION_MAX_AGE_HOURS * 3600 * 1000,
    demo,
    dingtalk,
    dingtalkStream: env.DINGTALK_STREAM === 'on',
    simulatorPort: env.SIMULATOR_PORT,
    seedNotice: env.SEED_NOTICE,
    seedRoster: env.SEED_ROSTER,
    scheduler: env.SCHEDULER === 'on',
    rateLimits: { loginPerMinute: env.RATE_LIMIT_LOGIN_PER_MINUTE, submitPerMinute: env.RATE_LIMIT_SUBMIT_PER_MINUTE },
    logLevel: env.LOG_LEVEL,
  };
}
