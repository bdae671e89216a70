import { compareDates, type CalendarDate } from './dates.js';
import { formatMinor, type CurrencyCode } from './money.js';

/** One change of a cap's amount. The amount stated in the agreement has `effectiveFrom` null. */
export interface CapAmountChange {
  readonly amountMinor: bigint;
  /** null for the amount originally stated: in force from the start. */
  readonly effectiveFrom: CalendarDate | null;
  /** Order in which changes were recorded; a later record wins on the same effective date. */
  readonly seq: number;
}

/** The cap amount in force on `date` (14A.54: a revision gives no headroom before it takes effect). */
export function capAmountOn(changes: readonly CapAmountChange[], date: CalendarDate): bigint {
  let best: CapAmountChange | undefined;
  for (const c of changes) {
    if (c.effectiveFrom !== null && c.effectiveFrom > date) continue;
    if (
      !best ||
      (c.effectiveFrom ?? '') > (best.effectiveFrom ?? '') ||
      ((c.effectiveFrom ?? '') === (best.effectiveFrom ?? '') && c.seq > best.seq)
    ) {
      best = c;
    }
  }
  if (!best) throw new RangeError('a cap has no stated amount');
  return best.amountMinor;
}

export interface DatedAmount {
  readonly date: CalendarDate;
  readonly minor: bigint;
}

export interface BreachFinding {
  readonly date: CalendarDate;
  readonly capMinor: bigint;
  readonly actualMinor: bigint;
  readonly excessMinor: bigint;
}

/**
 * The first day on or after `from` on which the period's cumulative actual amount exceeds the cap in
 * force that day. Checked at each day the cumulative amount or the cap changes.
 */
export function firstBreach(
  actuals: readonly DatedAmount[],
  changes: readonly CapAmountChange[],
  from: CalendarDate,
): BreachFinding | null {
  const sorted = [...actuals].sort((a, b) => compareDates(a.date, b.date));
  const points = new Set<CalendarDate>([from]);
  for (const a of sorted) if (a.date >= from) points.add(a.date);
  for (const c of changes)
    if (c.effectiveFrom !== null && c.effectiveFrom >= from) points.add(c.effectiveFrom);
  for (const day of [...points].sort(compareDates)) {
    let cumulative = 0n;
    for (const a of sorted) {
      if (a.date > day) break;
      cumulative += a.minor;
    }
    const cap = capAmountOn(changes, day);
    if (cumulative > cap)
      return { date: day, capMinor: cap, actualMinor: cumulative, excessMinor: cumulative - cap };
  }
  return null;
}

/** Business refusal codes of the order gate. A closed, documented set (docs/refusal-codes.md). */
export type RefusalCode = 'CAP_EXCEEDED' | 'OUTSIDE_TERM' | 'AGREEMENT_NOT_EFFECTIVE' | 'NO_COVERING_CAP';

export type Refusal =
  | {
      readonly code: 'CAP_EXCEEDED';
      readonly capId: string;
      readonly periodStart: CalendarDate;
      readonly periodEnd: CalendarDate;
      readonly currency: CurrencyCode;
      readonly cap: string;
      readonly utilised: string;
      readonly headroom: string;
      readonly requested: string;
      readonly message: string;
    }
  | {
      readonly code: 'OUTSIDE_TERM';
      readonly date: CalendarDate;
      readonly termStart: CalendarDate;
      readonly termEnd: CalendarDate | null;
      readonly path: string;
      readonly message: string;
    }
  | {
      readonly code: 'AGREEMENT_NOT_EFFECTIVE';
      readonly signedOn: CalendarDate;
      readonly agreementSignedOn: CalendarDate;
      readonly message: string;
    }
  | {
      readonly code: 'NO_COVERING_CAP';
      readonly date: CalendarDate;
      readonly path: string;
      readonly message: string;
    };

export function capExceeded(args: {
  capId: string;
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  currency: CurrencyCode;
  capMinor: bigint;
  actualMinor: bigint;
  committedMinor: bigint;
  requestedMinor: bigint;
  describe: (minor: bigint) => string;
}): Refusal {
  const utilised = args.actualMinor + args.committedMinor;
  const headroom = args.capMinor - utilised;
  return {
    code: 'CAP_EXCEEDED',
    capId: args.capId,
    periodStart: args.periodStart,
    periodEnd: args.periodEnd,
    currency: args.currency,
    cap: formatMinor(args.capMinor, args.currency),
    utilised: formatMinor(utilised, args.currency),
    headroom: formatMinor(headroom, args.currency),
    requested: formatMinor(args.requestedMinor, args.currency),
    message:
      `Refused: the order needs ${args.describe(args.requestedMinor)} but only ${args.describe(headroom < 0n ? 0n : headroom)} ` +
      `of the cap for ${args.periodStart} to ${args.periodEnd} (${args.describe(args.capMinor)}) remains (Rule 14A.54).`,
  };
}
