/**
 * DingTalk's Stream mode: the gateway request that opens a connection, and the JSON frames exchanged over
 * the WebSocket. Shared by the Stream client and the simulator's gateway, so both read one definition.
 */
import { z } from 'zod';

/** Topic of the messages that people send to the app robot. */
export const ROBOT_MESSAGE_TOPIC = '/v1.0/im/bot/messages/get';

/** Path, on the new API host, of the request that returns a WebSocket endpoint and a single-use ticket. */
export const OPEN_CONNECTION_PATH = '/v1.0/gateway/connections/open';

export const subscriptionSchema = z.object({
  type: z.enum(['EVENT', 'CALLBACK']),
  topic: z.string().min(1),
});

export type StreamSubscription = z.infer<typeof subscriptionSchema>;

export const openConnectionRequestSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  subscriptions: z.array(subscriptionSchema).min(1),
  ua: z.string().default(''),
  localIp: z.string().optional(),
});

export type OpenConnectionRequest = z.input<typeof openConnectionRequestSchema>;

export const openConnectionResponseSchema = z.object({
  endpoint: z.string().regex(/^wss?:\/\//, 'endpoint must be a ws:// or wss:// URL'),
  ticket: z.string().min(1),
});

/**
 * A frame from the gateway. SYSTEM frames carry `ping` and `disconnect`, EVENT and CALLBACK frames carry
 * a message as a JSON string in `data`. Unknown header fields are kept.
 */
export const downstreamFrameSchema = z.looseObject({
  specVersion: z.string().default(''),
  type: z.string(),
  headers: z.looseObject({
    messageId: z.string().default(''),
    topic: z.string().default(''),
    contentType: z.string().optional(),
  }),
  data: z.string().default(''),
});

export type DownstreamFrame = z.infer<typeof downstreamFrameSchema>;

/** The client's response to a frame: an ack of an EVENT or CALLBACK message, or the reply to a ping. */
export const ackFrameSchema = z.object({
  code: z.number().int(),
  headers: z.looseObject({ messageId: z.string().min(1), contentType: z.string().optional() }),
  message: z.string().default(''),
  data: z.string().default(''),
});

export type AckFrame = z.infer<typeof ackFrameSchema>;

/** Builds the ack that marks the message as handled at the gateway, so it is not sent again. */
export function ackFrame(messageId: string, data: string): AckFrame {
  return { code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data };
}
