import type { Types } from 'mongoose';
import type { Role } from '../models/contact.ts';

/** The signed-in person as every route and policy sees them. */
export interface Viewer {
  contactId: Types.ObjectId;
  userId: string;
  name: string;
  role: Role;
  unitIds: Types.ObjectId[];
}

declare module 'koa' {
  interface DefaultState {
    requestId: string;
    viewer?: Viewer;
    input?: Record<string, unknown>;
  }
}
