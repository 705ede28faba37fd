/**
 * The local DingTalk simulator: one Koa app that serves DingTalk's oapi and new-API endpoints, custom group
 * robots and the simulator's own page on a single origin.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';

import { OAPI_ERRORS } from './errcodes.ts';
import { dingTalkRouter } from './oapi-routes.ts';
import { allowCrossOriginSimCalls, simulatorRouter } from './sim-routes.ts';
import { SimulatorState } from './state.ts';
import type { SimulatorOptions } from './types.ts';

export interface Simulator {
  app: Koa;
  state: SimulatorState;
}

export interface StartSimulatorOptions extends SimulatorOptions {
  /** The simulator listens on loopback only. */
  host: '127.0.0.1';
  /** TCP port, where 0 picks a free one. Default: 0. */
  port?: number;
}

export interface RunningSimulator {
  /** Base URL to use as both `oapiBaseUrl` and `apiBaseUrl`, such as `http://127.0.0.1:41234`. */
  url: string;
  state: SimulatorState;
  /** Stops the server and closes open connections. Later calls return the same promise. */
  close(): Promise<void>;
}

/**
 * Records the request, turns a body that is not valid JSON into the error response of the endpoint's host,
 * and logs every error response.
 */
function recordAndGuard(state: SimulatorState): Koa.Middleware {
  return async (ctx, next) => {
    state.requests.push({ method: ctx.method, path: ctx.path, at: state.now() });

    try {
      await next();
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (status !== 400 && status !== 413 && status !== 415) throw error;
      respondToUnreadableBody(ctx);
    }

    logErrorResponse(state, ctx);
  };
}

function respondToUnreadableBody(ctx: Koa.Context): void {
  if (ctx.path.startsWith('/v1.0/')) {
    ctx.status = 400;
    ctx.body = { code: 'InvalidBody', message: '请求体不是合法的JSON' };
  } else if (ctx.path.startsWith('/_sim/')) {
    ctx.status = 400;
    ctx.body = { message: '请求体不是合法的JSON' };
  } else {
    ctx.status = 200;
    ctx.body = OAPI_ERRORS.invalidParameter('请求体不是合法的JSON');
  }
}

function logErrorResponse(state: SimulatorState, ctx: Koa.Context): void {
  if (!state.logger) return;

  const body = (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as Record<string, unknown>;
  const errcode = body['errcode'] ?? body['code'];
  const failed = ctx.status >= 400 || (errcode !== undefined && errcode !== 0);
  if (!failed) return;

  const details = { path: ctx.path, status: ctx.status, errcode, errmsg: body['errmsg'] ?? body['message'] };
  state.logger.warn(details, 'DingTalk simulator returned an error');
}

/** Responds with an error injected by a test instead of handling the request. */
function injectedErrors(state: SimulatorState): Koa.Middleware {
  return async (ctx, next) => {
    const injected = state.takeInjectedError(ctx.path);
    if (!injected) {
      await next();
      return;
    }

    const errmsg = injected.errmsg ?? `injected error ${injected.errcode}`;
    ctx.status = 200;
    ctx.body =
      injected.subCode === undefined
        ? { errcode: injected.errcode, errmsg }
        : { errcode: 88, errmsg: `ding talk error[subcode=${injected.subCode}]`, sub_code: String(injected.subCode), sub_msg: errmsg };
  };
}

/** Creates the simulator's Koa app and its state. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const state = new SimulatorState(options);
  const app = new Koa();

  const dingtalk = dingTalkRouter(state);
  const simulator = simulatorRouter(state);

  app.use(recordAndGuard(state));
  app.use(allowCrossOriginSimCalls);
  app.use(bodyParser({ enableTypes: ['json', 'form', 'text'] }));
  app.use(injectedErrors(state));
  app.use(dingtalk.routes()).use(dingtalk.allowedMethods());
  app.use(simulator.routes()).use(simulator.allowedMethods());

  return { app, state };
}

/** Starts the simulator on 127.0.0.1 and resolves once it accepts connections. */
export async function startSimulator(options: StartSimulatorOptions): Promise<RunningSimulator> {
  const { host, port = 0, ...simulatorOptions } = options;
  const { app, state } = createSimulator(simulatorOptions);
  const server = createServer(app.callback());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  state.attachServer(server, url);
  state.logger?.info({ url }, 'DingTalk simulator started');

  const stop = async () => {
    // server.close() also waits for the Stream gateway's WebSocket connections, and closeAllConnections()
    // does not end them.
    await state.stream.close();
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive connections from fetch would otherwise hold close() open.
      server.closeAllConnections();
    });
    state.logger?.info({ url }, 'DingTalk simulator stopped');
  };

  // Calling close() again returns the first call's promise instead of failing on a stopped server.
  let stopping: Promise<void> | undefined;
  return { url, state, close: () => (stopping ??= stop()) };
}
