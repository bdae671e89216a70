import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capAmountOn, capExceeded, firstBreach, type CapAmountChange, type DatedAmount } from './cap.js';
import { addDays, calendarDate } from './dates.js';
import { formatMillions } from './money.js';

const d = calendarDate;
const m = (millions: number): bigint => BigInt(millions * 10) * 10_000_000n; // RMB millions (one decimal) → fen
const stated = (amountMinor: bigint): CapAmountChange => ({ amountMinor, effectiveFrom: null, seq: 0 });
const revised = (amountMinor: bigint, effectiveFrom: string, seq: number): CapAmountChange => ({
  amountMinor,
  effectiveFrom: d(effectiveFrom),
  seq,
});
const actual = (date: string, minor: bigint): DatedAmount => ({ date: d(date), minor });

// Seed case: IDC services FY2026 cap RMB82.0 million (2026-01-01..2026-12-31).
const FROM = d('2026-01-01');

describe('capAmountOn (14A.54: a revision gives no headroom before it takes effect)', () => {
  const changes = [stated(m(82)), revised(m(120), '2026-07-01', 1)];

  it.each([
    { what: 'the stated amount on the first day of the period', date: '2026-01-01', expected: m(82) },
    {
      what: 'the stated amount the day before the revision takes effect',
      date: '2026-06-30',
      expected: m(82),
    },
    { what: 'the revised amount on its effective date', date: '2026-07-01', expected: m(120) },
    { what: 'the revised amount afterwards', date: '2026-12-31', expected: m(120) },
  ])('$what ($date)', ({ date, expected }) => {
    expect(capAmountOn(changes, d(date))).toBe(expected);
  });

  it('does not depend on the order the changes are listed in', () => {
    expect(capAmountOn([...changes].reverse(), d('2026-06-30'))).toBe(m(82));
    expect(capAmountOn([...changes].reverse(), d('2026-07-01'))).toBe(m(120));
  });

  it.each([
    { what: 'the later-recorded revision wins on the same effective date', seqs: [1, 2], expected: m(90) },
    { what: 'the higher seq wins even when listed first', seqs: [2, 1], expected: m(100) },
  ])('$what', ({ seqs, expected }) => {
    const [a = 0, b = 0] = seqs;
    const same = [stated(m(82)), revised(m(100), '2026-07-01', a), revised(m(90), '2026-07-01', b)];
    expect(capAmountOn(same, d('2026-08-01'))).toBe(expected);
  });

  it('a later effective date wins over a later record with an earlier date', () => {
    const changes2 = [stated(m(82)), revised(m(100), '2026-09-01', 1), revised(m(90), '2026-07-01', 2)];
    expect(capAmountOn(changes2, d('2026-08-01'))).toBe(m(90));
    expect(capAmountOn(changes2, d('2026-09-01'))).toBe(m(100));
  });

  it('refuses a cap with no stated amount in force', () => {
    expect(() => capAmountOn([revised(m(100), '2026-07-01', 1)], d('2026-06-01'))).toThrow(RangeError);
  });
});

describe('firstBreach', () => {
  it.each<{
    what: string;
    actuals: DatedAmount[];
    changes: CapAmountChange[];
    expected: { date: string; cap: bigint; actual: bigint } | null;
  }>([
    {
      what: 'no breach while the cumulative amount stays below the cap',
      actuals: [actual('2026-02-01', m(40)), actual('2026-05-01', m(40))],
      changes: [stated(m(82))],
      expected: null,
    },
    {
      what: 'no breach at exactly the cap',
      actuals: [actual('2026-02-01', m(41)), actual('2026-05-01', m(41))],
      changes: [stated(m(82))],
      expected: null,
    },
    {
      what: 'breach on the first day the cumulative amount goes over, by one fen',
      actuals: [
        actual('2026-02-01', m(41)),
        actual('2026-05-01', m(41)),
        actual('2026-05-02', 1n),
        actual('2026-06-01', m(5)),
      ],
      changes: [stated(m(82))],
      expected: { date: '2026-05-02', cap: m(82), actual: m(82) + 1n },
    },
    {
      what: 'actuals listed out of date order are summed in date order',
      actuals: [actual('2026-06-01', m(5)), actual('2026-02-01', m(80))],
      changes: [stated(m(82))],
      expected: { date: '2026-06-01', cap: m(82), actual: m(85) },
    },
    {
      what: 'several actuals on the breach day all count',
      actuals: [actual('2026-03-01', m(50)), actual('2026-03-01', m(50))],
      changes: [stated(m(82))],
      expected: { date: '2026-03-01', cap: m(82), actual: m(100) },
    },
    {
      what: 'a later upward revision does not hide a breach on an earlier day',
      actuals: [actual('2026-03-01', m(90))],
      changes: [stated(m(82)), revised(m(120), '2026-07-01', 1)],
      expected: { date: '2026-03-01', cap: m(82), actual: m(90) },
    },
    {
      what: 'an upward revision in force before the spend prevents the breach',
      actuals: [actual('2026-08-01', m(90))],
      changes: [stated(m(82)), revised(m(120), '2026-07-01', 1)],
      expected: null,
    },
    {
      what: 'a downward revision creates a breach from its effective date',
      actuals: [actual('2026-03-01', m(50))],
      changes: [stated(m(82)), revised(m(40), '2026-07-01', 1)],
      expected: { date: '2026-07-01', cap: m(40), actual: m(50) },
    },
    {
      what: 'a reversal brings the cumulative amount back under before the next check',
      actuals: [actual('2026-03-01', m(80)), actual('2026-03-10', m(-10)), actual('2026-04-01', m(10))],
      changes: [stated(m(82))],
      expected: null,
    },
  ])('$what', ({ actuals, changes, expected }) => {
    const found = firstBreach(actuals, changes, FROM);
    if (expected === null) {
      expect(found).toBeNull();
    } else {
      expect(found).toEqual({
        date: expected.date,
        capMinor: expected.cap,
        actualMinor: expected.actual,
        excessMinor: expected.actual - expected.cap,
      });
    }
  });

  it('counts amounts dated before `from` but reports the breach no earlier than `from`', () => {
    const found = firstBreach([actual('2026-03-01', m(90))], [stated(m(82))], d('2026-04-01'));
    expect(found).toMatchObject({ date: '2026-04-01', excessMinor: m(8) });
  });

  describe('properties', () => {
    const day = fc.integer({ min: 0, max: 364 }).map((n) => addDays(FROM, n));
    const actuals = fc.array(fc.record({ date: day, minor: fc.bigInt({ min: 1n, max: m(30) }) }), {
      maxLength: 12,
    });
    const capMinor = fc.bigInt({ min: 1n, max: m(150) });

    it('with one cap: a breach exactly when the total exceeds it, on the first day the running total does', () => {
      fc.assert(
        fc.property(actuals, capMinor, (xs, cap) => {
          const found = firstBreach(xs, [stated(cap)], FROM);
          const total = xs.reduce((s, x) => s + x.minor, 0n);
          if (total <= cap) {
            expect(found).toBeNull();
            return;
          }
          expect(found).not.toBeNull();
          if (!found) return;
          const upTo = (date: string) => xs.filter((x) => x.date <= date).reduce((s, x) => s + x.minor, 0n);
          expect(found.actualMinor).toBe(upTo(found.date));
          expect(found.excessMinor).toBe(found.actualMinor - cap);
          expect(found.excessMinor > 0n).toBe(true);
          // No earlier day was over the cap.
          expect(upTo(addDays(found.date, -1)) <= cap).toBe(true);
        }),
      );
    });

    it('an upward revision never removes a breach that happened before it took effect', () => {
      fc.assert(
        fc.property(
          actuals,
          capMinor,
          day,
          fc.bigInt({ min: 0n, max: m(100) }),
          (xs, cap, effectiveFrom, increase) => {
            const before = firstBreach(xs, [stated(cap)], FROM);
            const after = firstBreach(
              xs,
              [stated(cap), { amountMinor: cap + increase, effectiveFrom, seq: 1 }],
              FROM,
            );
            if (before && before.date < effectiveFrom) expect(after).toEqual(before);
          },
        ),
      );
    });
  });
});

describe('capExceeded refusal', () => {
  it('states cap, utilisation, headroom and the request, and cites 14A.54', () => {
    const r = capExceeded({
      capId: 'cap-idc-2026',
      periodStart: d('2026-01-01'),
      periodEnd: d('2026-12-31'),
      currency: 'CNY',
      capMinor: m(82),
      actualMinor: m(60),
      committedMinor: m(15),
      requestedMinor: m(10),
      describe: (minor) => formatMillions({ currency: 'CNY', minor }),
    });
    expect(r).toMatchObject({
      code: 'CAP_EXCEEDED',
      cap: '82000000.00',
      utilised: '75000000.00',
      headroom: '7000000.00',
      requested: '10000000.00',
    });
    if (r.code !== 'CAP_EXCEEDED') return;
    expect(r.message).toBe(
      'Refused: the order needs RMB10.0 million but only RMB7.0 million of the cap for 2026-01-01 to 2026-12-31 (RMB82.0 million) remains (Rule 14A.54).',
    );
  });

  it('shows no negative headroom in the message when the cap is already overshot', () => {
    const r = capExceeded({
      capId: 'c',
      periodStart: d('2026-01-01'),
      periodEnd: d('2026-12-31'),
      currency: 'CNY',
      capMinor: m(82),
      actualMinor: m(85),
      committedMinor: 0n,
      requestedMinor: m(1),
      describe: (minor) => formatMillions({ currency: 'CNY', minor }),
    });
    expect(r.code === 'CAP_EXCEEDED' && r.headroom).toBe('-3000000.00');
    expect(r.code === 'CAP_EXCEEDED' && r.message).toContain('only RMB0.0 million of the cap');
  });
});
