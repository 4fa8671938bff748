import { model, Schema } from 'mongoose';

/**
 * One counted event of a limit (src/services/limit-counters.ts): a failed login of an email or
 * of a client address, a refresh of one sign-in. In the database, not in memory, so that every
 * instance of the API counts the same events.
 */
export interface LimitEventFields {
  /** The key and the event's slot, e.g. "login-email:ada@example.com#3": at most `max` slots. */
  _id: string;
  /** The limit's name and the key counted, e.g. "login-email:ada@example.com". */
  key: string;
  /** When the event stops counting. Checked in code; deleted later (src/services/expired-documents.ts). */
  expiresAt: Date;
}

const limitEventSchema = new Schema<LimitEventFields>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true, index: true },
    // Its index, a TTL index where the engine has them, comes from src/services/expired-documents.ts.
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const LimitEvent = model<LimitEventFields>('LimitEvent', limitEventSchema);
