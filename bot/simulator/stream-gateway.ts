/**
 * The simulated Stream-mode gateway: issues single-use tickets, accepts WebSocket connections that present
 * one, pings them, pushes messages to a connection subscribed to their topic, and sends a message again
 * while its ack is missing.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import { WebSocketServer, type RawData, type WebSocket } from 'ws';

import type { DingTalkLogger } from '../dingtalk/http.ts';
import { ackFrameSchema, type StreamSubscription } from '../stream/protocol.ts';

/** Path of the WebSocket endpoint that the gateway hands out. */
export const STREAM_CONNECT_PATH = '/gateway/connect';

export interface StreamGatewayOptions {
  /** Time in ms after which a message without an ack is sent again. */
  redeliveryMs: number;
  /** Number of times a message is sent before the gateway gives up on it. */
  maxDeliveries: number;
  /** Interval in ms of the gateway's ping frames. */
  pingIntervalMs: number;
  now: () => number;
  logger: DingTalkLogger | undefined;
}

export interface StreamMessageRecord {
  messageId: string;
  topic: string;
  /** The message as the JSON string sent in the frame's `data`. */
  data: string;
  createdAt: number;
  /** Number of times the message was pushed to a connection. */
  deliveries: number;
  lastDeliveredAt?: number;
  ackedAt?: number;
  /** Set when the gateway stopped sending the message after `maxDeliveries` without an ack. */
  abandonedAt?: number;
  /** Acks that arrived but were discarded by loseNextAcks(). */
  lostAcks: number;
}

interface StreamConnection {
  id: string;
  socket: WebSocket;
  subscriptions: StreamSubscription[];
  openedAt: number;
}

function randomId(): string {
  return randomBytes(12).toString('hex');
}

export class StreamGateway {
  /** Connections accepted since the simulator started. */
  connectionsOpened = 0;
  pingsSent = 0;
  /** Ping frames that a client replied to with the same messageId. */
  pingsAnswered = 0;

  private readonly options: StreamGatewayOptions;
  private readonly tickets = new Map<string, StreamSubscription[]>();
  private readonly connections = new Map<string, StreamConnection>();
  private readonly pendingPings = new Set<string>();
  private readonly redeliveryTimers = new Map<string, NodeJS.Timeout>();
  private records: StreamMessageRecord[] = [];
  private acksToLose = 0;
  private endpoint: string | undefined;
  private server: WebSocketServer | undefined;
  private pingTimer: NodeJS.Timeout | undefined;

  constructor(options: StreamGatewayOptions) {
    this.options = options;
  }

  /** Serves the WebSocket endpoint on the simulator's HTTP server. Until then no ticket is issued. */
  attach(httpServer: Server, baseUrl: string): void {
    this.endpoint = `${baseUrl.replace(/^http/, 'ws')}${STREAM_CONNECT_PATH}`;
    this.server = new WebSocketServer({ noServer: true });
    httpServer.on('upgrade', (request, socket, head) => this.upgrade(request, socket, head));

    this.pingTimer = setInterval(() => this.pingAll(), this.options.pingIntervalMs);
    this.pingTimer.unref();
  }

  /** Returns a WebSocket endpoint and a ticket valid for one connection, or undefined when not attached. */
  issueTicket(subscriptions: StreamSubscription[]): { endpoint: string; ticket: string } | undefined {
    if (this.endpoint === undefined) return undefined;

    const ticket = randomId();
    this.tickets.set(ticket, subscriptions);
    return { endpoint: this.endpoint, ticket };
  }

  /** Number of open connections. */
  get openConnections(): number {
    return this.connections.size;
  }

  /** Every message pushed through the gateway, oldest first. */
  get messages(): readonly StreamMessageRecord[] {
    return this.records;
  }

  message(messageId: string): StreamMessageRecord | undefined {
    return this.records.find((record) => record.messageId === messageId);
  }

  /**
   * Pushes a CALLBACK frame with `data` to a connection subscribed to the topic, or to the next such
   * connection to open when none is open now.
   */
  pushCallback(topic: string, data: string): StreamMessageRecord {
    const record: StreamMessageRecord = { messageId: randomId(), topic, data, createdAt: this.options.now(), deliveries: 0, lostAcks: 0 };
    this.records.push(record);
    this.deliver(record);
    return record;
  }

  /** Discards the next `count` acks, as if they were lost on the way, so their messages are sent again. */
  loseNextAcks(count: number): void {
    this.acksToLose += count;
  }

  /**
   * Ends every open connection. With `announce`, the gateway sends the SYSTEM `disconnect` frame and lets
   * the client close. Without it, the connections are cut as by a network failure.
   */
  dropConnections({ announce = false }: { announce?: boolean } = {}): void {
    for (const connection of this.connections.values()) {
      if (announce) {
        this.sendFrame(connection, 'SYSTEM', 'disconnect', randomId(), JSON.stringify({ reason: 'simulator' }));
        continue;
      }
      // Forgotten at once, so a message pushed right after this waits for the next connection.
      this.connections.delete(connection.id);
      connection.socket.terminate();
    }
  }

  /** Forgets the pushed messages and the ack counters. Open connections and issued tickets stay. */
  reset(): void {
    for (const timer of this.redeliveryTimers.values()) clearTimeout(timer);
    this.redeliveryTimers.clear();
    this.records = [];
    this.acksToLose = 0;
  }

  /** Ends every connection and timer. */
  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    this.reset();
    for (const connection of this.connections.values()) connection.socket.terminate();
    this.connections.clear();

    const server = this.server;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== STREAM_CONNECT_PATH || this.server === undefined) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }

    const ticket = url.searchParams.get('ticket') ?? '';
    const subscriptions = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (subscriptions === undefined) {
      this.options.logger?.warn({ path: url.pathname }, 'DingTalk simulator rejected a Stream connection: unknown or used ticket');
      rejectUpgrade(socket, 401, 'Unauthorized');
      return;
    }

    this.server.handleUpgrade(request, socket, head, (client) => this.accept(client, subscriptions));
  }

  private accept(socket: WebSocket, subscriptions: StreamSubscription[]): void {
    const connection: StreamConnection = { id: randomId(), socket, subscriptions, openedAt: this.options.now() };
    this.connections.set(connection.id, connection);
    this.connectionsOpened += 1;
    const topics = subscriptions.map((item) => item.topic);
    this.options.logger?.info({ connectionId: connection.id, topics }, 'DingTalk simulator accepted a Stream connection');

    socket.on('message', (data) => this.receive(data));
    socket.on('error', (error) => {
      this.options.logger?.warn({ err: error, connectionId: connection.id }, 'DingTalk simulator Stream connection error');
    });
    socket.on('close', () => {
      this.connections.delete(connection.id);
      this.options.logger?.info({ connectionId: connection.id }, 'DingTalk simulator Stream connection closed');
    });

    // Messages that waited for a connection go out now. Those already sent wait for their redelivery.
    for (const record of this.records) {
      if (!this.redeliveryTimers.has(record.messageId)) this.deliver(record);
    }
  }

  private receive(raw: RawData): void {
    let ack;
    try {
      ack = ackFrameSchema.parse(JSON.parse(raw.toString()));
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'DingTalk simulator received a Stream frame that is not an ack');
      return;
    }

    const { messageId } = ack.headers;
    if (this.pendingPings.delete(messageId)) {
      this.pingsAnswered += 1;
      return;
    }

    const record = this.message(messageId);
    if (record === undefined || record.ackedAt !== undefined) return;
    if (this.acksToLose > 0) {
      this.acksToLose -= 1;
      record.lostAcks += 1;
      return;
    }

    record.ackedAt = this.options.now();
    clearTimeout(this.redeliveryTimers.get(messageId));
    this.redeliveryTimers.delete(messageId);
  }

  /** Sends the message to the newest connection subscribed to its topic and arms its redelivery. */
  private deliver(record: StreamMessageRecord): void {
    this.redeliveryTimers.delete(record.messageId);
    if (record.ackedAt !== undefined || record.abandonedAt !== undefined) return;

    if (record.deliveries >= this.options.maxDeliveries) {
      record.abandonedAt = this.options.now();
      const details = { messageId: record.messageId, deliveries: record.deliveries };
      this.options.logger?.warn(details, 'DingTalk simulator gave up on a Stream message without ack');
      return;
    }

    const connection = [...this.connections.values()]
      .reverse()
      .find((candidate) => candidate.subscriptions.some((item) => item.type === 'CALLBACK' && item.topic === record.topic));
    if (connection === undefined) return;

    this.sendFrame(connection, 'CALLBACK', record.topic, record.messageId, record.data);
    record.deliveries += 1;
    record.lastDeliveredAt = this.options.now();

    const timer = setTimeout(() => this.deliver(record), this.options.redeliveryMs);
    timer.unref();
    this.redeliveryTimers.set(record.messageId, timer);
  }

  private pingAll(): void {
    for (const connection of this.connections.values()) {
      const messageId = randomId();
      this.pendingPings.add(messageId);
      this.pingsSent += 1;
      this.sendFrame(connection, 'SYSTEM', 'ping', messageId, JSON.stringify({ opaque: randomId() }));
    }
  }

  private sendFrame(connection: StreamConnection, type: 'SYSTEM' | 'CALLBACK', topic: string, messageId: string, data: string): void {
    const frame = {
      specVersion: '1.0',
      type,
      headers: { connectionId: connection.id, contentType: 'application/json', messageId, time: String(this.options.now()), topic },
      data,
    };
    connection.socket.send(JSON.stringify(frame));
  }
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
