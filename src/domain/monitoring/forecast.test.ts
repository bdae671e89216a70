import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DatedAmount } from '../cap.js';
import { addDays, calendarDate, type CalendarDate } from '../dates.js';
import {
  allocateOpenAmount,
  daysInclusive,
  forecastCap,
  thresholdShare,
  type ForecastInput,
} from './forecast.js';

const d = calendarDate;

/** `minor` on every day from `from` to `to` inclusive. */
function daily(from: string, to: string, minor: bigint | ((day: CalendarDate) => bigint)): DatedAmount[] {
  const out: DatedAmount[] = [];
  for (let day = d(from); day <= d(to); day = addDays(day, 1))
    out.push({ date: day, minor: typeof minor === 'bigint' ? minor : minor(day) });
  return out;
}

/** `minor` on day `dayOfMonth` of every month from `from` to `to` ('YYYY-MM'). */
function monthly(from: string, to: string, dayOfMonth: number, minor: bigint): DatedAmount[] {
  const out: DatedAmount[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push({ date: d(`${y}-${String(m).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`), minor });
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

const within = (xs: readonly DatedAmount[], from: string, to: string) =>
  xs.filter((x) => x.date >= from && x.date <= to);

/** A calendar-year 2026 cap period in CNY, nothing recorded unless given. */
function input(over: Omit<Partial<ForecastInput>, 'asOf'> & { asOf: string }): ForecastInput {
  return {
    periodStart: d('2026-01-01'),
    periodEnd: d('2026-12-31'),
    capMinor: 40_000_000n,
    currency: 'CNY',
    actuals: [],
    history: [],
    committed: [],
    ...over,
    asOf: d(over.asOf),
  };
}

const date = (f: {
  thresholds: readonly { threshold: string; reachedOn: string | null; basis: unknown }[];
}) => Object.fromEntries(f.thresholds.map((t) => [t.threshold, [t.reachedOn, t.basis]]));

describe('daysInclusive', () => {
  it.each([
    ['2026-01-01', '2026-12-31', 365],
    ['2024-01-01', '2024-12-31', 366],
    ['2000-02-28', '2000-03-01', 3],
    ['1900-02-28', '1900-03-01', 2],
    ['2026-11-25', '2026-12-31', 37],
    ['2026-03-01', '2026-02-28', 0],
    ['2026-03-01', '2026-03-01', 1],
  ])('%s … %s is %i days', (a, b, n) => {
    expect(daysInclusive(d(a), d(b))).toBe(n);
  });
});

describe('thresholdShare', () => {
  it.each([
    ['80', 4n, 5n],
    ['100', 1n, 1n],
    ['79.5', 159n, 200n],
  ])('%s%% is %i/%i of the cap', (text, n, den) => {
    expect(thresholdShare(text)).toEqual({ numerator: n, denominator: den });
  });
  it.each(['', '80%', '-5', 'eighty', '1e2'])('refuses %j', (text) => {
    expect(() => thresholdShare(text)).toThrow(RangeError);
  });
});

describe('allocateOpenAmount: the open amount sits on the latest lines', () => {
  const lines = [
    { date: d('2026-03-10'), minor: 100n },
    { date: d('2026-01-10'), minor: 100n },
    { date: d('2026-02-10'), minor: 100n },
  ];
  it.each([
    [
      150n,
      [
        ['2026-02-10', 50n],
        ['2026-03-10', 100n],
      ],
    ],
    [
      300n,
      [
        ['2026-01-10', 100n],
        ['2026-02-10', 100n],
        ['2026-03-10', 100n],
      ],
    ],
    [
      350n,
      [
        ['2026-01-10', 100n],
        ['2026-02-10', 100n],
        ['2026-03-10', 150n],
      ],
    ],
    [100n, [['2026-03-10', 100n]]],
    [0n, []],
    [-5n, []],
  ] as const)('open %i', (open, expected) => {
    expect(allocateOpenAmount(lines, open).map((a) => [a.date, a.minor])).toEqual(expected);
  });
});

describe('forecastCap: known answers on synthetic series', () => {
  it('a flat series: the trailing average carries it to the period end (365 days × 1,000)', () => {
    const f = forecastCap(
      input({
        asOf: '2026-06-30',
        actuals: daily('2026-01-01', '2026-06-30', 100_000n),
        dataStart: d('2026-01-01'),
      }),
    );
    expect(f).toMatchObject({
      actualMinor: 18_100_000n,
      committedMinor: 0n,
      expectedFutureMinor: 18_400_000n,
      projectedMinor: 36_500_000n,
      projectedPercent: '91.3',
      exceedsCap: false,
      projectedExcessMinor: 0n,
      remainingDays: 184,
      remainingFrom: '2026-07-01',
      horizonEnd: '2026-12-31',
    });
    expect(f.method).toMatchObject({
      kind: 'trailing-average',
      windowStart: '2026-04-02',
      windowEnd: '2026-06-30',
      windowDays: 90,
      windowActualMinor: 9_000_000n,
      dailyRate: '1000.00',
      growth: null,
    });
    // 80% of 400,000.00 = 320,000.00: the 320th day of the year.
    expect(date(f)).toEqual({ '80': ['2026-11-16', 'projected'], '100': [null, null] });
    expect(f.thresholds[0]?.amountMinor).toBe(32_000_000n);
    expect(f.method.description.en).toBe(
      'Trailing average: the actual amounts of the 90 days from 2 April 2026 to 30 June 2026 (RMB90,000.00) give RMB1,000.00 a day, ' +
        'projected over the 184 remaining days to 31 December 2026; open orders scheduled after 30 June 2026 are counted once, within the projection rather than on top of it. ' +
        'Seasonality is not applied: less than a year of history.',
    );
    expect(f.method.description['zh-Hant']).toContain(
      '按過往平均：2026年4月2日至2026年6月30日共90日的實際金額（人民幣90,000.00元）折合每日人民幣1,000.00元',
    );
  });

  it('no history: the projection is actual + committed', () => {
    const f = forecastCap(
      input({
        asOf: '2026-03-01',
        dataStart: d('2026-01-01'),
        committed: [{ date: d('2026-04-10'), minor: 5_000_000n }],
      }),
    );
    expect(f).toMatchObject({
      actualMinor: 0n,
      committedMinor: 5_000_000n,
      committedScheduledMinor: 5_000_000n,
      expectedFutureMinor: 0n,
      projectedMinor: 5_000_000n,
      projectedPercent: '12.5',
    });
    expect(f.method).toMatchObject({ kind: 'no-history', dailyRate: '0.00', windowDays: 60 });
    expect(f.method.description.en).toBe(
      'No history: no actual amounts are recorded on or before 1 March 2026, so the projection is the actual amounts plus the open orders.',
    );
    expect(f.method.description['zh-Hant']).toContain('無歷史數據');
  });

  it('a period that starts after asOf with no earlier data has an empty window', () => {
    const f = forecastCap(input({ asOf: '2025-12-01', dataStart: d('2026-01-01') }));
    expect(f.method).toMatchObject({ kind: 'no-history', windowStart: null, windowEnd: null, windowDays: 0 });
    expect(f).toMatchObject({ projectedMinor: 0n, remainingDays: 365, remainingFrom: '2026-01-01' });
  });

  // Flat 1,000.00 a day; asOf 1 December leaves 30 days, E = 30,000.00.
  const flatToDecember = {
    asOf: '2026-12-01',
    actuals: daily('2026-01-01', '2026-12-01', 100_000n),
  } as const;
  const A = 33_500_000n; // 335 days
  it.each([
    [
      'orders larger than the run-rate are counted once',
      [['2026-12-15', 5_000_000n]],
      0n,
      5_000_000n,
      A + 5_000_000n,
    ],
    [
      'orders smaller than the run-rate are within it',
      [['2026-12-15', 1_000_000n]],
      0n,
      1_000_000n,
      A + 3_000_000n,
    ],
    ['orders exactly the run-rate', [['2026-12-31', 3_000_000n]], 0n, 3_000_000n, A + 3_000_000n],
    [
      'delivered but not invoiced stays in committed, on top of the run-rate',
      [
        ['2026-11-20', 700_000n],
        ['2026-12-15', 1_000_000n],
      ],
      700_000n,
      1_000_000n,
      A + 700_000n + 3_000_000n,
    ],
  ] as const)('%s', (_name, lines, due, scheduled, projected) => {
    const f = forecastCap(
      input({ ...flatToDecember, committed: lines.map(([day, minor]) => ({ date: d(day), minor })) }),
    );
    expect(f.actualMinor).toBe(A);
    expect(f.expectedFutureMinor).toBe(3_000_000n);
    expect(f.committedDueMinor).toBe(due);
    expect(f.committedScheduledMinor).toBe(scheduled);
    expect(f.committedMinor).toBe(due + scheduled);
    expect(f.projectedMinor).toBe(projected);
  });

  describe('seasonality, with a year of history', () => {
    // 1,000.00 a day, 2,000.00 a day in December, from 1 January 2025.
    const december = (level: bigint) => (day: CalendarDate) =>
      day.slice(5, 7) === '12' ? 2n * level : level;
    const series2025 = daily('2025-01-01', '2025-12-31', december(100_000n));

    it.each([
      ['the same level as a year earlier: December at twice the rest', 100_000n, '1.0000', 6_200_000n],
      ['10% above a year earlier: last December × 1.1', 110_000n, '1.1000', 6_820_000n],
    ])('%s', (_name, level, growth, december2026) => {
      const actuals = daily('2026-01-01', '2026-11-30', december(level));
      const f = forecastCap(
        input({
          asOf: '2026-11-30',
          actuals,
          history: series2025,
          dataStart: d('2025-01-01'),
          capMinor: 50_000_000n,
        }),
      );
      const A = 334n * level;
      expect(f.method).toMatchObject({ kind: 'seasonal', growth, windowStart: '2026-09-02', windowDays: 90 });
      expect(f).toMatchObject({
        actualMinor: A,
        expectedFutureMinor: december2026,
        projectedMinor: A + december2026,
        remainingDays: 31,
      });
      expect(f.method.description.en).toMatch(
        /^Seasonal: each of the 31 remaining days to 31 December 2026 is projected at the daily average of the same calendar month in the latest twelve complete months of history, scaled by /,
      );
      expect(f.method.description['zh-Hant']).toContain('按季節性推算');
    });

    it('without the year of history the same series is a trailing average (December at the usual rate)', () => {
      const f = forecastCap(
        input({
          asOf: '2026-11-30',
          actuals: daily('2026-01-01', '2026-11-30', 100_000n),
          history: within(series2025, '2025-12-01', '2025-12-31'),
          dataStart: d('2025-12-01'),
        }),
      );
      expect(f.method.kind).toBe('trailing-average');
      expect(f.expectedFutureMinor).toBe(3_100_000n);
    });

    it('monthly invoices on the 25th compare like with like: the lumps of the same days a year earlier', () => {
      // 30,000.00 on the 25th of every month since January 2025; as of 24 November 2026 the 90-day
      // window holds two invoices (Sep, Oct), and so do the same days of 2025: g = 1.
      const invoices = monthly('2025-01', '2026-10', 25, 3_000_000n);
      const f = forecastCap(
        input({
          asOf: '2026-11-24',
          actuals: within(invoices, '2026-01-01', '2026-12-31'),
          history: within(invoices, '2025-01-01', '2025-12-31'),
          dataStart: d('2025-01-01'),
        }),
      );
      expect(f.method).toMatchObject({ kind: 'seasonal', growth: '1.0000', windowActualMinor: 6_000_000n });
      // 6 days of November at 30,000.00 / 30, and December at 30,000.00 in all.
      expect(f.expectedFutureMinor).toBe(600_000n + 3_000_000n);
      expect(f.projectedMinor).toBe(30_000_000n + 3_600_000n);
    });

    it('no amounts in the same days a year earlier: falls back to the trailing average, and says why', () => {
      const f = forecastCap(
        input({
          asOf: '2026-11-30',
          actuals: daily('2026-01-01', '2026-11-30', 100_000n),
          history: [{ date: d('2025-01-05'), minor: 1n }],
          dataStart: d('2025-01-01'),
        }),
      );
      expect(f.method.kind).toBe('trailing-average');
      expect(f.method.description.en).toContain('nothing was recorded in the same days a year earlier');
    });
  });

  describe('threshold dates', () => {
    it('already crossed by actuals (the day of the crossing), then 100% reached by the projection on a known day', () => {
      const f = forecastCap(
        input({
          asOf: '2026-04-30',
          capMinor: 10_000_000n,
          dataStart: d('2026-01-01'),
          actuals: [
            { date: d('2026-02-10'), minor: 4_500_000n },
            { date: d('2026-03-15'), minor: 4_500_000n },
          ],
        }),
      );
      // The window (31 Jan – 30 Apr) holds 90,000.00: 1,000.00 a day; 10,000.00 more takes 10 days.
      expect(f.method.dailyRate).toBe('1000.00');
      expect(date(f)).toEqual({ '80': ['2026-03-15', 'actual'], '100': ['2026-05-10', 'projected'] });
      expect(f).toMatchObject({
        projectedMinor: 9_000_000n + 245n * 100_000n,
        projectedPercent: '335.0',
        exceedsCap: true,
        projectedExcessMinor: 23_500_000n,
      });
    });

    it('actuals that fell back below a threshold and rose again: the day they last rose to it', () => {
      const f = forecastCap(
        input({
          asOf: '2026-03-31',
          capMinor: 10_000_000n,
          actuals: [
            { date: d('2026-03-01'), minor: 8_000_000n },
            { date: d('2026-03-10'), minor: -1_000_000n },
            { date: d('2026-03-20'), minor: 2_000_000n },
          ],
          thresholds: ['80'],
        }),
      );
      expect(date(f)).toEqual({ '80': ['2026-03-20', 'actual'] });
    });

    it('an order scheduled on a known day takes the projection to 100% that day', () => {
      const f = forecastCap(
        input({
          asOf: '2026-06-30',
          capMinor: 10_000_000n,
          dataStart: d('2026-01-01'),
          actuals: daily('2026-04-02', '2026-06-30', 10_000n), // 100.00 a day, 9,000.00 in all
          committed: [{ date: d('2026-09-15'), minor: 9_100_000n }],
          thresholds: ['80', '100', '79.5'],
        }),
      );
      expect(date(f)).toEqual({
        '80': ['2026-09-15', 'projected'],
        '100': ['2026-09-15', 'projected'],
        '79.5': ['2026-09-15', 'projected'],
      });
      // E = 184 × 100.00 = 18,400.00 < 91,000.00 scheduled: the order alone, exactly the cap.
      expect(f.projectedMinor).toBe(900_000n + 9_100_000n);
      expect(f).toMatchObject({ exceedsCap: false, projectedPercent: '100.0' });
      expect(f.thresholds.find((t) => t.threshold === '79.5')?.amountMinor).toBe(7_950_000n);
    });

    it('exactly at the cap reaches 100% but does not exceed it', () => {
      const f = forecastCap(
        input({
          asOf: '2026-12-30',
          capMinor: 36_500_000n,
          actuals: daily('2026-01-01', '2026-12-30', 100_000n),
        }),
      );
      expect(f.projectedMinor).toBe(36_500_000n);
      expect(f).toMatchObject({ exceedsCap: false, projectedPercent: '100.0' });
      expect(date(f)['100']).toEqual(['2026-12-31', 'projected']);
    });
  });

  describe('periods not started, ended, or ending early', () => {
    it('a period not yet started: the whole period at the trailing rate, orders within it', () => {
      const f = forecastCap(
        input({
          periodStart: d('2027-01-01'),
          periodEnd: d('2027-12-31'),
          asOf: '2026-11-30',
          history: daily('2026-01-01', '2026-11-30', 100_000n),
          dataStart: d('2026-01-01'),
          committed: [{ date: d('2027-02-01'), minor: 1_000_000n }],
        }),
      );
      expect(f).toMatchObject({
        actualMinor: 0n,
        committedMinor: 1_000_000n,
        remainingDays: 365,
        remainingFrom: '2027-01-01',
        expectedFutureMinor: 36_500_000n,
        projectedMinor: 36_500_000n,
      });
      expect(date(f)).toEqual({ '80': ['2027-11-16', 'projected'], '100': [null, null] });
    });

    it('a period already ended: no days remain and the projection is the actual amount', () => {
      const actuals = daily('2025-01-01', '2025-12-31', 100_000n);
      const f = forecastCap(
        input({ periodStart: d('2025-01-01'), periodEnd: d('2025-12-31'), asOf: '2026-01-15', actuals }),
      );
      expect(f).toMatchObject({
        remainingDays: 0,
        remainingFrom: null,
        expectedFutureMinor: 0n,
        actualMinor: 36_500_000n,
        projectedMinor: 36_500_000n,
      });
      expect(date(f)).toEqual({ '80': ['2025-11-16', 'actual'], '100': [null, null] });
      expect(f.method.description.en).toBe(
        'No days of the period remain after 15 January 2026: the projection is the actual amounts plus the open orders.',
      );
    });

    it('actuals dated after asOf are not counted', () => {
      const f = forecastCap(
        input({ asOf: '2026-01-31', actuals: daily('2026-01-01', '2026-02-28', 100_000n) }),
      );
      expect(f.actualMinor).toBe(3_100_000n);
    });

    it('a category terminated inside the period: the projection stops at the horizon', () => {
      const f = forecastCap(
        input({
          asOf: '2026-03-31',
          horizonEnd: d('2026-06-30'),
          actuals: daily('2026-01-01', '2026-03-31', 100_000n),
        }),
      );
      expect(f).toMatchObject({
        remainingDays: 91,
        horizonEnd: '2026-06-30',
        expectedFutureMinor: 9_100_000n,
      });
    });

    it('less data than the window: the shorter window, said in the method', () => {
      const f = forecastCap(
        input({ asOf: '2026-02-09', actuals: daily('2026-01-01', '2026-02-09', 100_000n) }),
      );
      expect(f.method).toMatchObject({ windowStart: '2026-01-01', windowDays: 40, dailyRate: '1000.00' });
      expect(f.method.description.en).toContain('Only 40 days of data exist, fewer than 90.');
    });
  });

  it('rounds once, half-up, at the end', () => {
    // 10.00 over the 3 days of the window: 3.333… a day, 365 − 3 = 362 days left → 1,206.666… → 1,206.67.
    const f = forecastCap(input({ asOf: '2026-01-03', actuals: [{ date: d('2026-01-02'), minor: 1_000n }] }));
    expect(f.method.dailyRate).toBe('3.33');
    expect(f.expectedFutureMinor).toBe(120_667n);
    expect(f.projectedMinor).toBe(1_000n + 120_667n);
  });
});

describe('forecastCap: properties', () => {
  const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays(d('2025-01-01'), n));
  const amount = fc.bigInt({ min: 0n, max: 10_000_000n });
  const entries = fc.array(fc.record({ date: day, minor: amount }), { maxLength: 40 });
  const arbitraryInput = fc.record({
    asOf: day,
    history: entries,
    actuals: entries,
    committed: fc.array(fc.record({ date: day, minor: amount }), { maxLength: 8 }),
    capMinor: fc.bigInt({ min: 1n, max: 1_000_000_000n }),
  });
  const build = (x: {
    asOf: CalendarDate;
    history: DatedAmount[];
    actuals: DatedAmount[];
    committed: DatedAmount[];
    capMinor: bigint;
  }): ForecastInput => ({
    periodStart: d('2026-01-01'),
    periodEnd: d('2026-12-31'),
    asOf: x.asOf,
    capMinor: x.capMinor,
    currency: 'CNY',
    dataStart: d('2025-01-01'),
    history: x.history.filter((h) => h.date < '2026-01-01'),
    actuals: x.actuals.filter((a) => a.date >= '2026-01-01'),
    committed: x.committed.filter((c) => c.date >= '2026-01-01'),
  });

  it('projected ≥ actual + committed, and the threshold dates never run backwards', () => {
    fc.assert(
      fc.property(arbitraryInput, (x) => {
        const f = forecastCap({ ...build(x), thresholds: ['50', '80', '100'] });
        expect(f.projectedMinor >= f.actualMinor + f.committedMinor).toBe(true);
        expect(f.expectedFutureMinor >= 0n).toBe(true);
        const dates = f.thresholds.map((t) => t.reachedOn);
        for (let i = 1; i < dates.length; i += 1) {
          const [a, b] = [dates[i - 1], dates[i]];
          if (b !== null && b !== undefined) expect(a !== null && a !== undefined && a <= b).toBe(true);
        }
        expect(f.exceedsCap).toBe(f.projectedMinor > f.capMinor);
      }),
    );
  });

  it('monotonic in the run-rate: more in the trailing window never lowers the projection', () => {
    fc.assert(
      fc.property(arbitraryInput, fc.integer({ min: 0, max: 89 }), amount, (x, back, extra) => {
        const base = build(x);
        const f1 = forecastCap(base);
        const bumped = addDays(x.asOf, -back);
        if (bumped < '2025-01-01') return;
        const more: DatedAmount = { date: bumped, minor: extra };
        const f2 = forecastCap(
          bumped >= '2026-01-01'
            ? { ...base, actuals: [...base.actuals, more] }
            : { ...base, history: [...base.history, more] },
        );
        expect(f2.projectedMinor >= f1.projectedMinor).toBe(true);
      }),
    );
  });

  it('monotonic in a flat rate', () => {
    fc.assert(
      fc.property(
        day,
        fc.bigInt({ min: 0n, max: 1_000_000n }),
        fc.bigInt({ min: 0n, max: 1_000_000n }),
        (asOf, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const at = (rate: bigint) =>
            forecastCap(
              build({
                asOf,
                history: daily('2025-01-01', '2025-12-31', rate),
                actuals: daily('2026-01-01', '2026-12-31', rate),
                committed: [],
                capMinor: 1n,
              }),
            ).projectedMinor;
          expect(at(lo) <= at(hi)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });
});
