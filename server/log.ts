import pino from 'pino';

export type LogCategory = 'http' | 'db' | 'import' | 'bot' | 'schedule' | 'app';

const root = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: undefined,
  redact: {
    paths: ['*.access_token', '*.accessToken', '*.appSecret', '*.secret', '*.mobile', '*.sign'],
    censor: '[隐去]',
  },
});

/** Returns the logger of one category; every line carries `category` for filtering. */
export function logger(category: LogCategory): pino.Logger {
  return root.child({ category });
}
