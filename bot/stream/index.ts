export { StreamClient } from './client.ts';
export type { ReconnectDelay, StreamClientEvents, StreamClientOptions, StreamLogger } from './client.ts';
export {
  ackFrame,
  ackFrameSchema,
  downstreamFrameSchema,
  OPEN_CONNECTION_PATH,
  openConnectionRequestSchema,
  openConnectionResponseSchema,
  ROBOT_MESSAGE_TOPIC,
} from './protocol.ts';
export type { AckFrame, DownstreamFrame, OpenConnectionRequest, StreamSubscription } from './protocol.ts';
export { receiveRobotFrame, startRobotStream } from './robot.ts';
export type { RobotStreamOptions } from './robot.ts';
