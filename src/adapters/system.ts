import { randomBytes } from 'node:crypto';
import { calendarDate, isCalendarDate, type CalendarDate } from '../domain/index.js';
import { AppError } from '../app/errors.js';
import type { Clock, IdGenerator } from '../app/ports.js';

const HK_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Hong_Kong',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in Hong Kong, whatever the server's time zone. `ARMSLENGTH_TODAY` pins it (demos, tests). */
export function systemClock(env: Readonly<Record<string, string | undefined>> = process.env): Clock {
  const pinned = env['ARMSLENGTH_TODAY']?.trim() || undefined;
  if (pinned !== undefined && !isCalendarDate(pinned)) {
    throw AppError.invalid([
      {
        path: 'ARMSLENGTH_TODAY',
        message: `${JSON.stringify(pinned)} is not a calendar date in the form YYYY-MM-DD`,
      },
    ]);
  }
  return {
    today: (): CalendarDate => calendarDate(pinned ?? HK_DATE.format(new Date())),
    now: (): string => new Date().toISOString(),
  };
}

/** A fixed clock for tests and scripted runs. */
export function fixedClock(today: string, now = `${today}T04:00:00.000Z`): Clock {
  return { today: () => calendarDate(today), now: () => now };
}

/** Short random ids with a readable prefix: `agr_5f1c9a0e2b7d4c31`. */
/**
 * Random ids, 64 bits each, drawn from a pool of random bytes refilled 4 KiB at a time: one call into
 * the system's random source per 512 ids instead of one per id (the order gate makes several).
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolAt = POOL_BYTES;
export const randomIds: IdGenerator = {
  next: (prefix) => {
    if (poolAt + 8 > pool.length) {
      pool = randomBytes(POOL_BYTES);
      poolAt = 0;
    }
    const id = pool.toString('hex', poolAt, poolAt + 8);
    poolAt += 8;
    return `${prefix}_${id}`;
  },
};
