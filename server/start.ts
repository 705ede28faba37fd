import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { DingTalkClient, DingTalkError, RobotWebhook } from '../bot/dingtalk/index.ts';
import { HttpError, unauthorized } from './errors.ts';
import { startSimulator } from '../bot/simulator/index.ts';
import { dingTalkTransport, OutboxDispatcher } from '../bot/outbox/dispatcher.ts';
import { deliveryStatusTask, refreshDelivery } from '../bot/outbox/delivery.ts';
import { confirmationRemindersTask } from '../bot/reminders/confirmation-reminders.ts';
import { overdueDigestTask, reportRemindersTask } from '../bot/reminders/report-reminders.ts';
import { ScheduleRunner } from '../bot/schedule/runner.ts';
import type { StreamClient } from '../bot/stream/client.ts';
import { startRobotStream } from '../bot/stream/robot.ts';
import { appBasePath, createApp } from './app.ts';
import type { Config, DingTalkSettings } from './config.ts';
import { openDatabase, type Database } from './db/connect.ts';
import { parseNotice } from './importer/parse-notice.ts';
import { saveParsedNotice } from './importer/save.ts';
import { Batch } from './models/batch.ts';
import { fillMissingProgress } from './reports/progress.ts';
import { loadRoster, readRoster, simulatorDirectory, type Roster } from './seed/roster.ts';
import { logger } from './log.ts';

const log = logger('app');

export interface RunningProduct {
  url: string;
  simulatorUrl: string | undefined;
  dispatcher: OutboxDispatcher;
  /** The app robot's Stream connection, when DINGTALK_STREAM is on. */
  robotStream: StreamClient | undefined;
  database: Database;
  /** The simulator's state in demo mode, for tests. */
  simulator: Awaited<ReturnType<typeof startSimulator>> | undefined;
  stop(): Promise<void>;
}

/** Returns the demo mode session secret: random, and kept in the data folder so restarts keep sessions. */
function demoSessionSecret(dataDir: string): string {
  const path = join(dataDir, 'session-secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}

/** Starts the simulator with the roster's people and random credentials that exist only in this process. */
async function startDemoDingTalk(roster: Roster, port: number) {
  const settings = {
    corpId: roster.corpId,
    appKey: `dingdemo${randomBytes(6).toString('hex')}`,
    appSecret: randomBytes(24).toString('base64url'),
    agentId: '3000000001',
    robotToken: randomBytes(16).toString('hex'),
    robotSecret: `SEC${randomBytes(24).toString('hex')}`,
  };
  const simulator = await startSimulator({
    host: '127.0.0.1',
    port,
    corpId: settings.corpId,
    appKey: settings.appKey,
    appSecret: settings.appSecret,
    agentId: settings.agentId,
    robots: [{ accessToken: settings.robotToken, secret: settings.robotSecret, name: roster.bureau.groupName }],
    ...simulatorDirectory(roster),
  });
  const dingtalk: DingTalkSettings = { ...settings, oapiBaseUrl: simulator.url, apiBaseUrl: simulator.url };
  return { simulator, dingtalk };
}

async function importSeedNotice(path: string): Promise<void> {
  const parsed = parseNotice(await readFile(path));
  if ((await Batch.exists({ docNo: parsed.batch.docNo })) !== null) return;
  const saved = await saveParsedNotice(parsed);
  log.info({ docNo: parsed.batch.docNo, projects: saved.projectCount, findings: parsed.findings.length }, 'seed notice imported');
}

/** Exchanges a login-free auth code; DingTalk's refusals become errors the micro-app can show. */
async function userIdByAuthCode(client: DingTalkClient, code: string): Promise<string> {
  try {
    return (await client.getUserInfoByCode(code)).userId;
  } catch (error) {
    // 40078: the code is unknown, used already or older than five minutes.
    if (error instanceof DingTalkError && error.errcode === 40078) throw unauthorized('免登授权码无效或已过期，请重新打开进度通');
    log.error({ err: error }, 'DingTalk login-free auth failed');
    throw new HttpError(502, 'dingtalk_unavailable', '暂时无法连接钉钉，请稍后再试');
  }
}

/**
 * Starts the whole product: database, DingTalk (the simulator in demo mode), the roster and
 * the real notice in demo mode, the HTTP server, the outbox dispatcher and, with
 * DINGTALK_STREAM=on, the app robot's Stream connection.
 */
export async function startProduct(config: Config): Promise<RunningProduct> {
  const database = await openDatabase(config);
  await fillMissingProgress();

  let simulator: RunningProduct['simulator'];
  let dingtalk = config.dingtalk;
  if (config.demo) {
    const roster = await readRoster(config.seedRoster);
    ({ simulator, dingtalk } = await startDemoDingTalk(roster, config.simulatorPort));
    await loadRoster(roster);
    await importSeedNotice(config.seedNotice);
  }
  if (dingtalk === undefined) throw new Error('缺少钉钉配置');

  const client = new DingTalkClient({
    appKey: dingtalk.appKey,
    appSecret: dingtalk.appSecret,
    agentId: dingtalk.agentId,
    oapiBaseUrl: dingtalk.oapiBaseUrl,
    apiBaseUrl: dingtalk.apiBaseUrl,
    logger: logger('bot'),
  });
  const robot = new RobotWebhook({ oapiBaseUrl: dingtalk.oapiBaseUrl, logger: logger('bot') });
  const dispatcher = new OutboxDispatcher({
    transport: dingTalkTransport(client, robot, { accessToken: dingtalk.robotToken, secret: dingtalk.robotSecret }),
  });

  let publicUrl = config.publicUrl;
  const appUrl = (path: string) => `${publicUrl}${appBasePath}${path}`;
  const reminderDeps = { appUrl, outboxChanged: () => void dispatcher.trigger() };
  const scheduler = new ScheduleRunner({
    tasks: [
      confirmationRemindersTask(reminderDeps),
      reportRemindersTask(reminderDeps),
      overdueDigestTask(reminderDeps),
      deliveryStatusTask(client),
    ],
  });
  const app = createApp({
    demo: config.demo,
    sessionSecret: config.sessionSecret ?? demoSessionSecret(config.dataDir),
    session: { maxAgeMs: config.sessionMaxAgeMs, secureCookies: publicUrl?.startsWith('https:') ?? false },
    dingtalkLogin: { corpId: dingtalk.corpId, clientId: dingtalk.appKey },
    robotCallbackSecret: dingtalk.appSecret,
    rateLimits: config.rateLimits,
    refreshDelivery: async (batchId) => {
      await refreshDelivery(client, batchId);
    },
    userIdByAuthCode: (code) => userIdByAuthCode(client, code),
    appUrl,
    outboxChanged: () => void dispatcher.trigger(),
    dingtalkDirectory: client,
  });

  const server: Server = await new Promise((resolveServer) => {
    const listening = app.listen(config.port, config.host, () => resolveServer(listening));
  });
  const url = `http://${config.host}:${(server.address() as AddressInfo).port}`;
  publicUrl ??= url;
  // Messages left pending by an earlier run go out now, and retries follow by themselves.
  dispatcher.start();
  const robotStream = config.dingtalkStream
    ? startRobotStream({
        clientId: dingtalk.appKey,
        clientSecret: dingtalk.appSecret,
        apiBaseUrl: dingtalk.apiBaseUrl,
        outboxChanged: () => void dispatcher.trigger(),
        logger: logger('bot'),
      })
    : undefined;
  await scheduler.ensureSettings();
  if (config.scheduler) scheduler.start();
  log.info({ url, demo: config.demo, simulator: simulator?.url, robotStream: config.dingtalkStream }, 'server started');

  return {
    url,
    simulatorUrl: simulator?.url,
    simulator,
    dispatcher,
    robotStream,
    database,
    stop: async () => {
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      // Before the database closes, because messages being handled still write to it.
      await robotStream?.stop();
      await scheduler.stop();
      dispatcher.stop();
      await dispatcher.idle();
      await simulator?.close();
      await database.close();
    },
  };
}
