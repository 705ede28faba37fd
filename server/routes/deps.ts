import type { Types } from 'mongoose';
import type { DepartmentDirectory } from '../contacts/sync-plan.ts';
import type { RateLimitSettings } from '../auth/rate-limit.ts';
import type { SessionOptions } from '../auth/session.ts';

/** Dependencies of the routes on the rest of the product, passed in so tests can start the app. */
export interface RouteDeps {
  demo: boolean;
  session: SessionOptions;
  rateLimits: RateLimitSettings;
  /** Values the micro-app passes to dd.requestAuthCode; neither is a secret. */
  dingtalkLogin: { corpId: string; clientId: string };
  /** The app secret that signs DingTalk's robot callbacks. */
  robotCallbackSecret: string;
  /** Exchanges a single-use login-free auth code for the DingTalk userid. */
  userIdByAuthCode(code: string): Promise<string>;
  /** Absolute URL of a micro-app page, as linked from DingTalk messages. */
  appUrl(path: string): string;
  /** Reads DingTalk's send results of a batch's work notifications into the outbox. */
  refreshDelivery(batchId: Types.ObjectId): Promise<void>;
  /** Called after a change queued outbox messages, to send them without waiting. */
  outboxChanged(): void;
  /** DingTalk's departments and their members, read by the contact sync. */
  dingtalkDirectory: DepartmentDirectory;
}
