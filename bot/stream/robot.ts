/**
 * Stream mode for the app robot: messages to the robot arrive over the Stream connection instead of the
 * HTTP callback and go through the same handler, so both modes reply alike.
 */
import type { FetchFunction } from '../dingtalk/http.ts';
import { handleRobotMessage } from '../incoming/handle.ts';
import { robotCallbackSchema } from '../incoming/robot-message.ts';
import { StreamClient, type ReconnectDelay, type StreamLogger } from './client.ts';
import { ROBOT_MESSAGE_TOPIC, type DownstreamFrame } from './protocol.ts';

export interface RobotStreamOptions {
  /** The app's AppKey. */
  clientId: string;
  /** The app's AppSecret. */
  clientSecret: string;
  /** Base URL of the new API host, the same as the DingTalk client's `apiBaseUrl`. */
  apiBaseUrl: string;
  /** Called after a message queued a reply, so the outbox sends it now. */
  outboxChanged(): void;
  logger?: StreamLogger;
  reconnectDelay?: ReconnectDelay;
  keepAliveMs?: number;
  fetch?: FetchFunction;
}

// Robot replies go through the sessionWebhook, so the ack carries no response. This is the shape that the
// dingtalk-stream package (2.1.5) sends for callbacks.
const ROBOT_ACK_DATA = JSON.stringify({ response: null });

/**
 * Handles one CALLBACK frame and returns the ack's data. Frames of another topic and data that is not a
 * robot message are logged and acked unchanged, because the gateway would otherwise send them again for
 * as long as it retries. A failure of the handler rejects, which leaves the frame unacked.
 */
export async function receiveRobotFrame(
  frame: DownstreamFrame,
  options: Pick<RobotStreamOptions, 'outboxChanged' | 'logger'>,
): Promise<string> {
  const { messageId, topic } = frame.headers;
  if (frame.type !== 'CALLBACK' || topic !== ROBOT_MESSAGE_TOPIC) {
    options.logger?.warn({ messageId, type: frame.type, topic }, 'DingTalk Stream message of an unexpected topic, acked without handling');
    return ROBOT_ACK_DATA;
  }

  const message = parseRobotMessage(frame.data);
  if (!message.success) {
    options.logger?.warn({ messageId, issue: message.issue }, 'DingTalk Stream robot message is invalid, acked without handling');
    return ROBOT_ACK_DATA;
  }

  const result = await handleRobotMessage(message.data);
  if (result === 'answered') options.outboxChanged();
  else options.logger?.info({ messageId, msgId: message.data.msgId }, 'DingTalk Stream robot message already handled, acked again');
  return ROBOT_ACK_DATA;
}

function parseRobotMessage(data: string) {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { success: false as const, issue: 'data is not JSON' };
  }

  const parsed = robotCallbackSchema.safeParse(json);
  if (parsed.success) return { success: true as const, data: parsed.data };
  const issue = parsed.error.issues[0];
  return { success: false as const, issue: issue ? `${issue.path.join('.') || 'data'}: ${issue.message}` : 'invalid' };
}

/** Creates the Stream client of the app robot and starts connecting in the background. */
export function startRobotStream(options: RobotStreamOptions): StreamClient {
  const client = new StreamClient({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    apiBaseUrl: options.apiBaseUrl,
    subscriptions: [{ type: 'CALLBACK', topic: ROBOT_MESSAGE_TOPIC }],
    onMessage: (frame) => receiveRobotFrame(frame, options),
    reconnectDelay: options.reconnectDelay,
    keepAliveMs: options.keepAliveMs,
    logger: options.logger,
    fetch: options.fetch,
  });
  client.start();
  return client;
}
