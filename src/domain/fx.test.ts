import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertMinor, invertRate, parseRate, parseRateText, rateText, type Rate } from './fx.js';
import type { CurrencyCode } from './money.js';

const rate = (text: string): Rate => {
  const r = parseRate(text, 'rate');
  if (!r.ok) throw new Error(`test setup: bad rate ${text}`);
  return r.value;
};

/** rounded − exact, as an exact fraction n/d of the target minor unit, compared by cross-multiplying. */
const fractionEquals = (text: string, n: bigint, d: bigint): boolean => {
  const [a, b] = text.split('/').map((x) => BigInt(x)) as [bigint, bigint];
  return a * d === n * b;
};

describe('parseRate', () => {
  it.each([
    { what: 'four decimals', input: '7.1234', expected: { numerator: 71234n, denominator: 10000n } },
    { what: 'a whole number', input: '8', expected: { numerator: 8n, denominator: 1n } },
    { what: 'a small rate', input: '0.0532', expected: { numerator: 532n, denominator: 10000n } },
    { what: 'spaces around', input: ' 1.5 ', expected: { numerator: 15n, denominator: 10n } },
  ])('reads $what exactly: "$input"', ({ input, expected }) => {
    expect(parseRate(input, 'fx.rate')).toEqual({ ok: true, value: expected });
  });

  it.each([
    { what: 'a JSON number', input: 7.1234, message: /decimal string/ },
    { what: 'zero', input: '0', message: /greater than zero/ },
    { what: 'zero with decimals', input: '0.0000', message: /greater than zero/ },
    { what: 'a negative rate', input: '-7.1', message: /positive decimal rate/ },
    { what: 'a fraction', input: '1/7', message: /positive decimal rate/ },
    { what: 'exponent notation', input: '7e0', message: /positive decimal rate/ },
    { what: 'thousands separators', input: '1,000.5', message: /positive decimal rate/ },
    { what: 'empty', input: '', message: /positive decimal rate/ },
    { what: 'missing', input: undefined, message: /decimal string/ },
  ])('refuses $what at the field path', ({ input, message }) => {
    expect(parseRate(input, 'fx.rate')).toEqual({
      ok: false,
      errors: [{ path: 'fx.rate', message: expect.stringMatching(message) as unknown }],
    });
  });
});

describe('convertMinor', () => {
  it.each<{
    what: string;
    minor: bigint;
    from: CurrencyCode;
    to: CurrencyCode;
    rate: string;
    expected: bigint;
    rounding: [bigint, bigint];
  }>([
    {
      what: 'USD 100.00 at 7.1234 is CNY 712.34 exactly',
      minor: 10000n,
      from: 'USD',
      to: 'CNY',
      rate: '7.1234',
      expected: 71234n,
      rounding: [0n, 1n],
    },
    {
      what: 'USD 0.01 at 7.1234 rounds 7.1234 fen down',
      minor: 1n,
      from: 'USD',
      to: 'CNY',
      rate: '7.1234',
      expected: 7n,
      rounding: [-1234n, 10000n],
    },
    {
      what: 'exactly half a minor unit rounds up',
      minor: 1n,
      from: 'HKD',
      to: 'CNY',
      rate: '0.5',
      expected: 1n,
      rounding: [1n, 2n],
    },
    {
      what: 'just below half rounds down',
      minor: 1n,
      from: 'HKD',
      to: 'CNY',
      rate: '0.4999',
      expected: 0n,
      rounding: [-4999n, 10000n],
    },
    {
      what: 'a negative half (a reversal) rounds away from zero',
      minor: -1n,
      from: 'HKD',
      to: 'CNY',
      rate: '0.5',
      expected: -1n,
      rounding: [-1n, 2n],
    },
    {
      what: 'JPY (no minor unit) to HKD',
      minor: 1000n,
      from: 'JPY',
      to: 'HKD',
      rate: '0.0532',
      expected: 5320n,
      rounding: [0n, 1n],
    },
    {
      what: 'JPY to HKD, rounded to the cent',
      minor: 1n,
      from: 'JPY',
      to: 'HKD',
      rate: '0.0532',
      expected: 5n,
      rounding: [-32n, 100n],
    },
    {
      what: 'HKD to JPY drops the cents, rounding half up',
      minor: 150n,
      from: 'HKD',
      to: 'JPY',
      rate: '19',
      expected: 29n,
      rounding: [1n, 2n],
    },
    {
      what: 'same currency at 1',
      minor: 4100000000n,
      from: 'CNY',
      to: 'CNY',
      rate: '1',
      expected: 4100000000n,
      rounding: [0n, 1n],
    },
  ])('$what', ({ minor, from, to, rate: r, expected, rounding }) => {
    const c = convertMinor(minor, from, to, rate(r));
    expect(c.minor).toBe(expected);
    expect(fractionEquals(c.rounding, ...rounding)).toBe(true);
  });

  it('property: the result is the exact conversion rounded half-up, and `rounding` is rounded − exact', () => {
    const currencies = fc.constantFrom<CurrencyCode>('CNY', 'USD', 'HKD', 'JPY');
    const rates = fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 8n }), fc.nat({ max: 8 }))
      .map(([n, places]) => ({ numerator: n, denominator: 10n ** BigInt(places) }));
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }),
        currencies,
        currencies,
        rates,
        (minor, from, to, r) => {
          const units = { CNY: 2, USD: 2, HKD: 2, JPY: 0 } as Record<string, number>;
          const shift = BigInt((units[to] ?? 0) - (units[from] ?? 0));
          // exact = minor · rate · 10^shift, as a fraction en/ed of the target minor unit.
          const en = shift >= 0n ? minor * r.numerator * 10n ** shift : minor * r.numerator;
          const ed = shift >= 0n ? r.denominator : r.denominator * 10n ** -shift;
          const c = convertMinor(minor, from, to, r);
          const [rn, rd] = c.rounding.split('/').map((x) => BigInt(x)) as [bigint, bigint];
          // rounded − exact equals the stated rounding…
          expect((c.minor * ed - en) * rd).toBe(rn * ed);
          // …which is at most half a minor unit.
          const twice = 2n * (rn < 0n ? -rn : rn);
          expect(twice <= rd).toBe(true);
          // A tie goes away from zero.
          if (twice === rd) expect(c.minor === 0n ? false : c.minor > 0n === en > 0n).toBe(true);
        },
      ),
    );
  });
});

describe('invertRate', () => {
  it('is an exact fraction, so converting back recovers the amount', () => {
    const usdToCny = rate('7.1234');
    const cnyToUsd = invertRate(usdToCny);
    expect(cnyToUsd).toEqual({ numerator: 10000n, denominator: 71234n });
    expect(convertMinor(71234n, 'CNY', 'USD', cnyToUsd).minor).toBe(10000n);
  });

  it('rounds the inverse conversion once, not a rounded decimal inverse', () => {
    // 1 / 7.1234 = 0.14038...; CNY 1,000,000.00 → USD 140,382.40 (exact: 140382.4016...).
    const c = convertMinor(100000000n, 'CNY', 'USD', invertRate(rate('7.1234')));
    expect(c.minor).toBe(14038240n);
    // A rate rounded to 4 places first (0.1404) would give USD 140,400.00: a user-visible difference.
    expect(convertMinor(100000000n, 'CNY', 'USD', rate('0.1404')).minor).toBe(14040000n);
  });

  it('round-trips through its stored text', () => {
    const inverse = invertRate(rate('7.1234'));
    expect(rateText(inverse)).toBe('10000/71234');
    expect(parseRateText(rateText(inverse))).toEqual(inverse);
    expect(parseRateText('7.1234')).toEqual(rate('7.1234'));
  });

  it('property: inverting twice gives the rate back', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (n, d) => {
          const r = { numerator: n, denominator: d };
          expect(invertRate(invertRate(r))).toEqual(r);
        },
      ),
    );
  });
});
