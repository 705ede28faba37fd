/**
 * A DingTalk Stream-mode client: requests an endpoint and a single-use ticket from the gateway at
 * `apiBaseUrl`, keeps one WebSocket open to that endpoint, replies to the gateway's pings, passes each
 * EVENT or CALLBACK message to a handler and acks it, and reconnects with backoff whenever the connection
 * drops.
 *
 * Written over `ws` instead of the `dingtalk-stream` package (2.1.5), because that package posts to a
 * hard-coded DingTalk URL, retries a failed connection every second without backoff, can reconnect after
 * `disconnect()`, and throws an uncaught exception on a frame that is not JSON.
 */
import { EventEmitter } from 'node:events';

import WebSocket, { type RawData } from 'ws';

import { callApi, DEFAULT_TIMEOUT_MS, type DingTalkLogger, type FetchFunction } from '../dingtalk/http.ts';
import {
  ackFrame,
  downstreamFrameSchema,
  OPEN_CONNECTION_PATH,
  openConnectionResponseSchema,
  type AckFrame,
  type DownstreamFrame,
  type StreamSubscription,
} from './protocol.ts';

export interface StreamLogger extends DingTalkLogger {
  error(details: object, message: string): void;
}

export interface ReconnectDelay {
  /** Delay in ms before the first reconnect. Each failure in a row doubles it. */
  initialMs: number;
  /** Maximum delay in ms between two attempts. */
  maxMs: number;
}

export interface StreamClientOptions {
  /** The app's AppKey. */
  clientId: string;
  /** The app's AppSecret. */
  clientSecret: string;
  /** Base URL of the new API host that serves the gateway, such as `https://api.dingtalk.com`. */
  apiBaseUrl: string;
  subscriptions: StreamSubscription[];
  /**
   * Handles one EVENT or CALLBACK frame and resolves to the ack's `data` (a JSON string). When it rejects,
   * the frame is left unacked, so the gateway sends it again later.
   */
  onMessage(frame: DownstreamFrame): Promise<string>;
  /** Sent to the gateway as `ua`, to identify the client. */
  ua?: string;
  /** Default: 1 s, doubling up to 60 s. */
  reconnectDelay?: ReconnectDelay;
  /**
   * Interval in ms of the WebSocket pings that detect a dead connection: one unanswered for a whole
   * interval ends the connection, and a reconnect follows. Default: 30 s.
   */
  keepAliveMs?: number;
  /** Timeout in ms of the gateway request and of the WebSocket handshake. Default: 10 s. */
  timeoutMs?: number;
  logger?: StreamLogger;
  /** HTTP client for the gateway request. Default: the global fetch. */
  fetch?: FetchFunction;
}

export type StreamClientEvents = {
  /** A connection is open and receiving frames. */
  open: [];
  /** The open connection closed with this WebSocket close code. */
  close: [code: number];
  /** An attempt to connect failed: the gateway request or the WebSocket handshake. */
  connectError: [error: unknown];
};

const DEFAULT_RECONNECT_DELAY: ReconnectDelay = { initialMs: 1000, maxMs: 60_000 };
const DEFAULT_KEEP_ALIVE_MS = 30_000;

/** Time a connection must stay open before the backoff starts again from `initialMs`. */
const STABLE_CONNECTION_MS = 60_000;

/** Time that stop() waits for the server to confirm the close before it drops the connection. */
const CLOSE_TIMEOUT_MS = 2000;

const DEFAULT_UA = 'jindutong-stream/1';

export class StreamClient extends EventEmitter<StreamClientEvents> {
  private readonly options: StreamClientOptions;
  private readonly reconnectDelay: ReconnectDelay;
  private readonly keepAliveMs: number;
  private readonly timeoutMs: number;
  private readonly logger: StreamLogger | undefined;
  private readonly fetch: FetchFunction;

  private readonly abortController = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  /** Connections the gateway announced it will close; their close starts the backoff afresh. */
  private readonly announcedClosures = new WeakSet<WebSocket>();
  private socket: WebSocket | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private started = false;
  private stopping: Promise<void> | undefined;
  /** Failed attempts and short-lived connections since the last stable connection. */
  private failures = 0;

  constructor(options: StreamClientOptions) {
    super();
    this.options = options;
    this.reconnectDelay = options.reconnectDelay ?? DEFAULT_RECONNECT_DELAY;
    this.keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = options.logger;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Whether a connection is open now. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Starts connecting in the background. A client runs once: after stop() it cannot start again. */
  start(): void {
    if (this.started) throw new Error('Stream client already started');
    this.started = true;
    void this.connect();
  }

  /**
   * Closes the connection, cancels any reconnect and waits for the messages being handled. Their acks are
   * lost, so the gateway sends those messages again to the next connection. Later calls return the same
   * promise.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    clearTimeout(this.reconnectTimer);
    this.stopKeepAlive();
    this.abortController.abort();

    const socket = this.socket;
    if (socket !== undefined) await closeSocket(socket);
    await Promise.allSettled([...this.inFlight]);
    this.logger?.info({}, 'DingTalk Stream client stopped');
  }

  private async connect(): Promise<void> {
    this.reconnectTimer = undefined;
    if (this.stopping !== undefined) return;

    try {
      const { endpoint, ticket } = await this.openConnection();
      if (this.stopping !== undefined) return;
      await this.openSocket(endpoint, ticket);
    } catch (error) {
      if (this.stopping !== undefined) return;
      this.failures += 1;
      this.logger?.warn({ err: error, failures: this.failures }, 'DingTalk Stream connection failed');
      this.emit('connectError', error);
      this.scheduleReconnect();
    }
  }

  private openConnection() {
    const signal = this.abortController.signal;
    return callApi(
      {
        api: 'gateway/connections/open',
        url: `${this.options.apiBaseUrl.replace(/\/+$/, '')}${OPEN_CONNECTION_PATH}`,
        method: 'POST',
        body: {
          clientId: this.options.clientId,
          clientSecret: this.options.clientSecret,
          ua: this.options.ua ?? DEFAULT_UA,
          subscriptions: this.options.subscriptions,
        },
        // Aborts the request when stop() is called while it is under way.
        fetch: (input, init) => this.fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
        timeoutMs: this.timeoutMs,
      },
      openConnectionResponseSchema,
    );
  }

  /** Opens the WebSocket and resolves once it is open, or rejects when the handshake fails. */
  private openSocket(endpoint: string, ticket: string): Promise<void> {
    const url = new URL(endpoint);
    url.searchParams.set('ticket', ticket);
    const socket = new WebSocket(url, { handshakeTimeout: this.timeoutMs });
    this.socket = socket;

    return new Promise((resolve, reject) => {
      let openedAt: number | undefined;

      socket.on('open', () => {
        openedAt = Date.now();
        this.startKeepAlive(socket);
        // The ticket is a credential, so only the endpoint is logged.
        this.logger?.info({ endpoint }, 'DingTalk Stream connected');
        this.emit('open');
        resolve();
      });
      socket.on('message', (data) => this.receive(socket, data));
      socket.on('error', (error) => {
        if (openedAt === undefined) reject(error);
        else this.logger?.warn({ err: error }, 'DingTalk Stream connection error');
      });
      socket.on('close', (code) => {
        if (this.socket === socket) this.socket = undefined;
        if (openedAt === undefined) {
          reject(new Error(`WebSocket closed with code ${code} before it opened`));
          return;
        }

        this.stopKeepAlive();
        this.emit('close', code);
        if (this.stopping !== undefined) return;

        const planned = this.announcedClosures.has(socket);
        if (planned || Date.now() - openedAt >= STABLE_CONNECTION_MS) this.failures = 0;
        else this.failures += 1;
        if (planned) this.logger?.info({ code }, 'DingTalk Stream connection closed at the gateway\'s request, reconnecting');
        else this.logger?.warn({ code, failures: this.failures }, 'DingTalk Stream connection closed, reconnecting');
        this.scheduleReconnect();
      });
    });
  }

  /** Waits `initialMs` doubled for each failure in a row, at most `maxMs`, minus up to half as jitter. */
  private scheduleReconnect(): void {
    const { initialMs, maxMs } = this.reconnectDelay;
    const delay = Math.min(maxMs, initialMs * 2 ** Math.max(0, this.failures - 1));
    const jittered = Math.round(delay / 2 + (Math.random() * delay) / 2);

    this.reconnectTimer = setTimeout(() => void this.connect(), jittered);
    this.reconnectTimer.unref();
  }

  private startKeepAlive(socket: WebSocket): void {
    let answered = true;
    socket.on('pong', () => {
      answered = true;
    });

    this.keepAliveTimer = setInterval(() => {
      if (!answered) {
        this.logger?.warn({ keepAliveMs: this.keepAliveMs }, 'DingTalk Stream ping unanswered, dropping the connection');
        socket.terminate();
        return;
      }
      answered = false;
      socket.ping();
    }, this.keepAliveMs);
    this.keepAliveTimer.unref();
  }

  private stopKeepAlive(): void {
    clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }

  private receive(socket: WebSocket, raw: RawData): void {
    let frame: DownstreamFrame;
    try {
      frame = downstreamFrameSchema.parse(JSON.parse(raw.toString()));
    } catch (error) {
      this.logger?.warn({ err: error }, 'DingTalk Stream frame is not a valid frame, ignored');
      return;
    }

    switch (frame.type) {
      case 'SYSTEM':
        this.receiveSystem(socket, frame);
        return;
      case 'EVENT':
      case 'CALLBACK':
        this.track(this.dispatch(socket, frame));
        return;
      default:
        this.logger?.warn({ type: frame.type, topic: frame.headers.topic }, 'DingTalk Stream frame of unknown type, ignored');
    }
  }

  private receiveSystem(socket: WebSocket, frame: DownstreamFrame): void {
    switch (frame.headers.topic) {
      case 'ping':
        this.send(socket, ackFrame(frame.headers.messageId, frame.data));
        return;
      case 'disconnect':
        // The gateway announces that it will close this connection, so the client closes it and opens a
        // new one after the shortest delay.
        this.logger?.info({}, 'DingTalk Stream gateway asked to reconnect');
        this.announcedClosures.add(socket);
        socket.close(1000, 'disconnect');
        return;
      default:
        this.logger?.debug({ topic: frame.headers.topic }, 'DingTalk Stream system frame ignored');
    }
  }

  private async dispatch(socket: WebSocket, frame: DownstreamFrame): Promise<void> {
    const { messageId, topic } = frame.headers;
    if (messageId === '') {
      this.logger?.warn({ topic }, 'DingTalk Stream message without messageId, ignored');
      return;
    }

    let data: string;
    try {
      data = await this.options.onMessage(frame);
    } catch (error) {
      this.logger?.error({ err: error, messageId, topic }, 'DingTalk Stream message handler failed, left unacked for redelivery');
      return;
    }
    this.send(socket, ackFrame(messageId, data));
  }

  private send(socket: WebSocket, frame: AckFrame): void {
    const { messageId } = frame.headers;
    if (socket.readyState !== WebSocket.OPEN) {
      this.logger?.info({ messageId }, 'DingTalk Stream connection closed before the ack; the gateway will send the message again');
      return;
    }
    socket.send(JSON.stringify(frame), (error) => {
      if (error) this.logger?.warn({ err: error, messageId }, 'DingTalk Stream ack failed to send');
    });
  }

  private track(task: Promise<void>): void {
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }
}

/** Closes the socket and waits for the close, dropping the connection if the server does not confirm it. */
async function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return;

  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => socket.terminate(), CLOSE_TIMEOUT_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    else socket.close(1000, 'client stopped');
  });
}
