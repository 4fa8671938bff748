// The users in the bench database. They are inserted in bulk with one bcrypt hash computed
// beforehand (hashing 100 000 passwords at cost 12 would take a day), so they skip the
// model's pre-save hook; every one of them has BENCH_PASSWORD.
import { Types } from 'mongoose';
import { User } from '../../../steps/06-refresh-tokens/backend/src/models/user.model.ts';
import { benchEmail } from './settings.ts';

const BATCH = 2_000;

export class Population {
  readonly ids: Types.ObjectId[] = [];

  constructor(readonly passwordHash: string) {}

  get size(): number {
    return this.ids.length;
  }

  /** Inserts users until there are `size`; returns users inserted per second. */
  async growTo(size: number, progress: (done: number) => void): Promise<number> {
    const started = performance.now();
    const from = this.ids.length;
    while (this.ids.length < size) {
      const now = new Date();
      const docs = Array.from({ length: Math.min(BATCH, size - this.ids.length) }, (_, offset) => {
        const index = this.ids.length + offset;
        return {
          _id: new Types.ObjectId(),
          name: `Bench user ${index}`,
          email: benchEmail(index),
          password: this.passwordHash,
          createdAt: now,
          updatedAt: now,
          __v: 0,
        };
      });
      await User.collection.insertMany(docs, { ordered: false });
      this.ids.push(...docs.map((doc) => doc._id));
      progress(this.ids.length);
    }
    return ((this.ids.length - from) / (performance.now() - started)) * 1000;
  }

  randomIndex(): number {
    return Math.floor(Math.random() * this.ids.length);
  }

  randomEmail = (): string => benchEmail(this.randomIndex());
}
