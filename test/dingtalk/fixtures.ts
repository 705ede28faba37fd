/**
 * A simulated company for the DingTalk tests, a controllable clock, and a helper that starts the simulator on
 * 127.0.0.1 with a client and a robot webhook pointed at it.
 */
import type { ExecutionContext } from 'ava';

import { DingTalkClient, type DingTalkClientOptions } from '../../bot/dingtalk/client.ts';
import { RobotWebhook } from '../../bot/dingtalk/robot.ts';
import { startSimulator } from '../../bot/simulator/app.ts';
import type { SimulatorOptions, SimulatorRobot, SimulatorUser } from '../../bot/simulator/types.ts';

export const HOUR_MS = 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;

/** 2026-03-02 09:00 in Beijing. */
export const START_TIME = Date.parse('2026-03-02T09:00:00+08:00');

export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

export function createClock(start = START_TIME): TestClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

export const APP = {
  corpId: 'ding0corp0zhoushan',
  appKey: 'dingtestappkey0001',
  appSecret: 'test-app-secret-0001-do-not-log',
  agentId: 3000000001,
};

export const BUREAU_ROBOT: SimulatorRobot = {
  accessToken: 'bureau-robot-token-0001',
  secret: 'SECbureau0robot0secret0do0not0log',
  name: '市大数据局项目推进群',
};

export const KEYWORD_ROBOT: SimulatorRobot = {
  accessToken: 'keyword-robot-token-0002',
  name: '关键词机器人群',
  keywords: ['进度通'],
};

export const DISABLED_ROBOT: SimulatorRobot = {
  accessToken: 'disabled-robot-token-0003',
  name: '已停用机器人群',
  disabled: true,
};

export const USERS: SimulatorUser[] = [
  { userid: 'wang.fang', name: '王芳', mobile: '13800000001', title: '科长', deptIds: [10], leaderInDepts: [10] },
  { userid: 'li.qiang', name: '李强', mobile: '13800000002', title: '信息化专员', deptIds: [21] },
  { userid: 'zhao.min', name: '赵敏', mobile: '13800000003', title: '办公室主任', deptIds: [22, 21] },
];

export const DEPARTMENTS = [
  { deptId: 10, name: '市大数据发展管理局', parentId: 1 },
  { deptId: 20, name: '建设单位', parentId: 1 },
  { deptId: 21, name: '市司法局', parentId: 20 },
  { deptId: 22, name: '市发改委', parentId: 20 },
];

/** `count` extra people named `contact001`, `contact002`, … in department 21. */
export function manyUsers(count: number): SimulatorUser[] {
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(3, '0');
    return {
      userid: `contact${number}`,
      name: `联系人${number}`,
      mobile: `1390000${number.padStart(4, '0')}`,
      title: '联系人',
      deptIds: [21],
    };
  });
}

export async function startTestSimulator(
  t: ExecutionContext,
  overrides: Partial<SimulatorOptions> = {},
  clientOverrides: Partial<DingTalkClientOptions> = {},
) {
  const clock = createClock();
  const simulator = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    ...APP,
    robots: [BUREAU_ROBOT, KEYWORD_ROBOT, DISABLED_ROBOT],
    users: USERS,
    departments: DEPARTMENTS,
    now: clock.now,
    ...overrides,
  });
  t.teardown(() => simulator.close());

  const client = new DingTalkClient({
    ...APP,
    oapiBaseUrl: simulator.url,
    apiBaseUrl: simulator.url,
    now: clock.now,
    ...clientOverrides,
  });
  const robot = new RobotWebhook({ oapiBaseUrl: simulator.url, now: clock.now });

  return { simulator, state: simulator.state, url: simulator.url, clock, client, robot };
}

/** Posts JSON (or the given raw body and content type) to the simulator, bypassing the client. */
export async function postRaw(url: string, body: unknown, contentType = 'application/json') {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
