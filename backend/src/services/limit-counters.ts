// Counts events per key (a failed login of an email or of a client address, a refresh of one
// sign-in) over the last `windowMs`, and refuses more than `max`. The events live in the
// database, so any number of API instances share one count; counted in process memory, two
// instances would allow twice the limit.
//
// A key has `max` numbered slots, and an event takes a free one by inserting a document with
// the slot's number in its _id. The unique _id decides races: of requests arriving together,
// exactly as many get in as there are free slots. Not a counter updated in place: FerretDB v1
// applies an update as "read, change, write back" without a lock, so two requests adding one to
// a counter at once could both write the same number. Inserts work the same on MongoDB.
import { LimitEvent } from '../models/limit-event.model.ts';

const DUPLICATE_KEY = 11000;

/** The event got a slot (remove() gives it back), or all slots are taken until `retryAt`. */
export type Counted = { allowed: true; slotId: string } | { allowed: false; retryAt: Date };

export function limitCounter({
  name,
  max,
  windowMs,
}: {
  name: string;
  max: number;
  windowMs: number;
}) {
  const keyOf = (key: string) => `${name}:${key}`;

  /** Records one event, unless the key already has `max` within the window. */
  async function add(key: string, now = new Date()): Promise<Counted> {
    const fullKey = keyOf(key);
    const slotIdOf = (slot: number) => `${fullKey}#${slot}`;
    const take = async (slotId: string) => {
      try {
        await LimitEvent.create({
          _id: slotId,
          key: fullKey,
          expiresAt: new Date(now.getTime() + windowMs),
        });
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
        return false; // another request holds this slot (or an ended event still does)
      }
    };

    // Most keys have few events: a slot picked at random is nearly always free. One insert.
    const guess = slotIdOf(1 + Math.floor(Math.random() * max));
    if (await take(guess)) return { allowed: true, slotId: guess };

    // Taken: look at the key's slots and try the free ones, in random order, so that requests
    // arriving together rarely try the same one.
    const events = await LimitEvent.find({ key: fullKey }).lean();
    const live = new Set(events.filter((event) => event.expiresAt > now).map((event) => event._id));
    const ended = new Set(
      events.filter((event) => event.expiresAt <= now).map((event) => event._id),
    );
    const free = Array.from({ length: max }, (_, index) => slotIdOf(index + 1)).filter(
      (slotId) => !live.has(slotId),
    );
    for (const slotId of shuffled(free)) {
      // The slot's event has ended: remove it, so that the slot can be taken again.
      if (ended.has(slotId)) await LimitEvent.deleteOne({ _id: slotId, expiresAt: { $lte: now } });
      if (await take(slotId)) return { allowed: true, slotId };
    }
    const taken = await LimitEvent.find({ key: fullKey, expiresAt: { $gt: now } }).lean();
    const retryAt = Math.min(
      ...taken.map((event) => event.expiresAt.getTime()),
      now.getTime() + windowMs,
    );
    return { allowed: false, retryAt: new Date(retryAt) };
  }

  /** Gives a slot back: its event turned out not to be one. */
  async function remove(slotId: string): Promise<void> {
    await LimitEvent.deleteOne({ _id: slotId });
  }

  /** Forgets every event of the key. */
  async function clear(key: string): Promise<void> {
    await LimitEvent.deleteMany({ key: keyOf(key) });
  }

  return { add, remove, clear };
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}
