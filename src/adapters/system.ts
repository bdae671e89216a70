import { randomBytes } from 'node:crypto';
import { calendarDate, type CalendarDate } from '../domain/index.js';
import type { Clock, IdGenerator } from '../app/ports.js';

const HK_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Hong_Kong', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in Hong Kong, whatever the server's time zone. `ARMSLENGTH_TODAY` pins it (demos, tests). */
export function systemClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env['ARMSLENGTH_TODAY'];
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
export const randomIds: IdGenerator = { next: (prefix) => `${prefix}_${randomBytes(8).toString('hex')}` };
