import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divRoundHalfUp,
  formatDisplay,
  formatMillions,
  formatMinor,
  formatPercent,
  parseAmount,
  parseCurrency,
  parseMoney,
  type CurrencyCode,
  type Money,
} from './money.js';
import type { Parsed } from './result.js';

const errorsOf = <T>(r: Parsed<T>) => (r.ok ? [] : r.errors);
const cny = (minor: bigint): Money => ({ currency: 'CNY', minor });
const abs = (x: bigint): bigint => (x < 0n ? -x : x);

describe('parseCurrency', () => {
  it.each([
    { what: 'ISO code as given', input: 'CNY', expected: 'CNY' },
    { what: 'RMB is an alias for CNY', input: 'RMB', expected: 'CNY' },
    { what: 'lower-case alias', input: 'rmb', expected: 'CNY' },
    { what: 'surrounding spaces ignored', input: ' hkd ', expected: 'HKD' },
    { what: 'zero-decimal currency', input: 'JPY', expected: 'JPY' },
  ])('accepts $what ($input → $expected)', ({ input, expected }) => {
    expect(parseCurrency(input, 'currency')).toEqual({ ok: true, value: expected });
  });

  it.each([
    { what: 'unknown code', input: 'XYZ' },
    { what: 'empty string', input: '' },
    { what: 'a number', input: 156 },
    { what: 'missing', input: undefined },
    { what: 'an Object.prototype key is not a currency', input: 'toString' },
  ])('refuses $what with the field path', ({ input }) => {
    const r = parseCurrency(input, 'caps[2].currency');
    expect(r.ok).toBe(false);
    expect(errorsOf(r).map((e) => e.path)).toEqual(['caps[2].currency']);
  });
});

describe('parseAmount', () => {
  it.each([
    { what: 'seed-case IDC cap in CNY', input: '41000000.00', currency: 'CNY', expected: 4100000000n },
    { what: 'no decimals given', input: '6700000', currency: 'CNY', expected: 670000000n },
    { what: 'one decimal padded to two', input: '1.5', currency: 'HKD', expected: 150n },
    {
      what: 'trailing zeros beyond the minor unit are harmless',
      input: '1.500',
      currency: 'USD',
      expected: 150n,
    },
    { what: 'JPY has no minor unit', input: '1000', currency: 'JPY', expected: 1000n },
    { what: 'JPY with zero decimals written out', input: '1000.00', currency: 'JPY', expected: 1000n },
    {
      what: 'negative allowed when positivity is not required',
      input: '-12.34',
      currency: 'CNY',
      expected: -1234n,
    },
    { what: 'surrounding spaces ignored', input: ' 0.01 ', currency: 'CNY', expected: 1n },
  ] as const)('parses $what: "$input" → $expected', ({ input, currency, expected }) => {
    expect(parseAmount(input, currency, 'amount')).toEqual({ ok: true, value: expected });
  });

  it.each([
    { what: 'too many decimals for CNY', input: '1.234', currency: 'CNY', message: /more decimal places/ },
    { what: 'any decimals for JPY', input: '100.5', currency: 'JPY', message: /more decimal places/ },
    { what: 'a JSON number (binary float)', input: 41000000, currency: 'CNY', message: /not a JSON number/ },
    { what: 'thousands separators', input: '41,000,000', currency: 'CNY', message: /not a decimal amount/ },
    { what: 'letters', input: 'abc', currency: 'CNY', message: /not a decimal amount/ },
    { what: 'exponent notation', input: '4.1e7', currency: 'CNY', message: /not a decimal amount/ },
    { what: 'leading plus sign', input: '+5', currency: 'CNY', message: /not a decimal amount/ },
    { what: 'missing whole part', input: '.5', currency: 'CNY', message: /not a decimal amount/ },
    { what: 'dangling decimal point', input: '5.', currency: 'CNY', message: /not a decimal amount/ },
    {
      what: 'currency symbol included',
      input: 'RMB41000000',
      currency: 'CNY',
      message: /not a decimal amount/,
    },
    { what: 'empty string', input: '', currency: 'CNY', message: /is required/ },
    { what: 'missing', input: undefined, currency: 'CNY', message: /is required/ },
    { what: 'a bigint is not a decimal string', input: 100n, currency: 'CNY', message: /is required/ },
  ] as const)('refuses $what, naming the field', ({ input, currency, message }) => {
    const r = parseAmount(input, currency, 'caps[3].amount');
    expect(r.ok).toBe(false);
    const errors = errorsOf(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('caps[3].amount');
    expect(errors[0]?.message).toMatch(message);
  });

  it.each([
    { what: 'zero', input: '0' },
    { what: 'zero with decimals', input: '0.00' },
    { what: 'negative zero', input: '-0.00' },
    { what: 'negative amount', input: '-1.00' },
  ])('refuses $what when a positive amount is required', ({ input }) => {
    const r = parseAmount(input, 'CNY', 'amount', { positive: true });
    expect(r.ok).toBe(false);
    expect(errorsOf(r)[0]).toMatchObject({
      path: 'amount',
      message: expect.stringMatching(/greater than zero/) as unknown,
    });
  });

  it('accepts the smallest positive amount when positivity is required', () => {
    expect(parseAmount('0.01', 'CNY', 'amount', { positive: true })).toEqual({ ok: true, value: 1n });
  });

  it('property: never accepts a non-positive amount when positivity is required', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 0n }),
        fc.constantFrom<CurrencyCode>('CNY', 'HKD', 'JPY'),
        (minor, currency) => {
          expect(parseAmount(formatMinor(minor, currency), currency, 'amount', { positive: true }).ok).toBe(
            false,
          );
        },
      ),
    );
  });
});

describe('parseMoney', () => {
  it('resolves the RMB alias and parses the amount in the resolved currency', () => {
    expect(parseMoney('33500000.00', 'RMB', { amount: 'a', currency: 'c' })).toEqual({
      ok: true,
      value: { currency: 'CNY', minor: 3350000000n },
    });
  });

  it('reports the currency path when the currency is unknown', () => {
    const r = parseMoney('1.00', 'XYZ', { amount: 'caps[0].amount', currency: 'caps[0].currency' });
    expect(errorsOf(r).map((e) => e.path)).toEqual(['caps[0].currency']);
  });
});

describe('formatMinor', () => {
  it.each([
    { what: 'seed-case cap', minor: 4100000000n, currency: 'CNY', expected: '41000000.00' },
    { what: 'one minor unit', minor: 1n, currency: 'CNY', expected: '0.01' },
    { what: 'zero', minor: 0n, currency: 'HKD', expected: '0.00' },
    { what: 'negative below one unit', minor: -5n, currency: 'USD', expected: '-0.05' },
    { what: 'JPY without a decimal point', minor: 1234n, currency: 'JPY', expected: '1234' },
  ] as const)('formats $what as "$expected"', ({ minor, currency, expected }) => {
    expect(formatMinor(minor, currency)).toBe(expected);
  });

  it('property: parse then format gives back the canonical decimal string', () => {
    // The canonical string is built independently of formatMinor: sign, whole part without leading zeros, fixed decimals.
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 10n ** 14n }),
        fc.bigInt({ min: 0n, max: 99n }),
        fc.nat({ max: 3 }),
        (negative, whole, cents, extraZeros) => {
          const canonical = `${negative && (whole > 0n || cents > 0n) ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`;
          const written = `${negative ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}${'0'.repeat(extraZeros)}`;
          const r = parseAmount(written, 'CNY', 'amount');
          expect(r.ok).toBe(true);
          if (r.ok) expect(formatMinor(r.value, 'CNY')).toBe(canonical);
        },
      ),
    );
  });

  it('property: format then parse gives back the same minor units', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 17n - 1n), max: 10n ** 17n - 1n }),
        fc.constantFrom<CurrencyCode>('CNY', 'USD', 'JPY', 'KRW'),
        (minor, currency) => {
          expect(parseAmount(formatMinor(minor, currency), currency, 'amount')).toEqual({
            ok: true,
            value: minor,
          });
        },
      ),
    );
  });
});

describe('formatDisplay', () => {
  it.each([
    {
      what: 'CNY shown as RMB with thousands separators',
      money: cny(4100000000n),
      expected: 'RMB41,000,000.00',
    },
    { what: 'negative in parentheses', money: cny(-4100000000n), expected: '(RMB41,000,000.00)' },
    { what: 'small amount, no separator', money: cny(99999n), expected: 'RMB999.99' },
    { what: 'HKD shown as HK$', money: { currency: 'HKD', minor: 123456789n }, expected: 'HK$1,234,567.89' },
    { what: 'USD shown as US$', money: { currency: 'USD', minor: 5n }, expected: 'US$0.05' },
    {
      what: 'JPY by its code, no decimals',
      money: { currency: 'JPY', minor: 1000000n },
      expected: 'JPY1,000,000',
    },
  ] as const)('$what: $expected', ({ money, expected }) => {
    expect(formatDisplay(money)).toBe(expected);
  });
});

describe('formatMillions', () => {
  it.each([
    { what: 'IDC FY2026 cap', minor: 8200000000n, expected: 'RMB82.0 million' },
    { what: 'hardware 2026 cap', minor: 670000000n, expected: 'RMB6.7 million' },
    { what: 'hardware 2025 cap', minor: 3350000000n, expected: 'RMB33.5 million' },
    { what: 'exact half rounds up', minor: 4105000000n, expected: 'RMB41.1 million' },
    { what: 'just below half rounds down', minor: 4104999999n, expected: 'RMB41.0 million' },
    { what: 'thousands of millions grouped', minor: 123456700000000n, expected: 'RMB1,234,567.0 million' },
    { what: 'negative in parentheses', minor: -670000000n, expected: '(RMB6.7 million)' },
    { what: 'below 0.05 million shows zero', minor: 4999999n, expected: 'RMB0.0 million' },
  ])('$what: $expected', ({ minor, expected }) => {
    expect(formatMillions(cny(minor))).toBe(expected);
  });

  it('honours the currency minor unit (JPY has none)', () => {
    expect(formatMillions({ currency: 'JPY', minor: 2500000n })).toBe('JPY2.5 million');
  });

  it('can show more decimals', () => {
    expect(formatMillions(cny(4123456700n), 2)).toBe('RMB41.23 million');
  });
});

describe('formatPercent', () => {
  it.each([
    { what: '80% reporting threshold', n: 80n, d: 100n, decimals: 2, expected: '80.00' },
    { what: 'one third rounds down', n: 1n, d: 3n, decimals: 2, expected: '33.33' },
    { what: 'two thirds rounds up', n: 2n, d: 3n, decimals: 2, expected: '66.67' },
    { what: 'exact half at the last place rounds up', n: 1n, d: 32n, decimals: 2, expected: '3.13' },
    { what: 'exact half with no decimals rounds up', n: 1n, d: 8n, decimals: 0, expected: '13' },
    { what: 'just below half rounds down', n: 1249n, d: 100000n, decimals: 1, expected: '1.2' },
    { what: 'over 100% (a breach)', n: 9000n, d: 8200n, decimals: 2, expected: '109.76' },
    { what: 'no thousands separator in a big percentage', n: 100n, d: 1n, decimals: 2, expected: '10000.00' },
    { what: 'negative half rounds away from zero', n: -1n, d: 32n, decimals: 2, expected: '-3.13' },
    { what: 'tiny negative shows zero without a sign', n: -1n, d: 1000000n, decimals: 2, expected: '0.00' },
    { what: 'zero denominator shows zero', n: 5n, d: 0n, decimals: 2, expected: '0.00' },
    { what: 'seed case 32.8m of 41m', n: 3280000000n, d: 4100000000n, decimals: 2, expected: '80.00' },
  ])('$what: $n/$d → $expected', ({ n, d, decimals, expected }) => {
    expect(formatPercent(n, d, decimals)).toBe(expected);
  });
});

describe('divRoundHalfUp', () => {
  it.each([
    { what: 'exact division', n: 10n, d: 5n, expected: 2n },
    { what: 'half rounds away from zero', n: 5n, d: 2n, expected: 3n },
    { what: 'negative half rounds away from zero', n: -5n, d: 2n, expected: -3n },
    { what: 'negative denominator', n: 5n, d: -2n, expected: -3n },
    { what: 'both negative', n: -5n, d: -2n, expected: 3n },
    { what: 'below half rounds toward zero', n: 7n, d: 3n, expected: 2n },
  ])('$what: $n/$d → $expected', ({ n, d, expected }) => {
    expect(divRoundHalfUp(n, d)).toBe(expected);
  });

  it('refuses division by zero', () => {
    expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  const nonZero = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n);
  const numerator = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });

  it('property: the result is within half a unit of the exact quotient, ties going away from zero', () => {
    fc.assert(
      fc.property(numerator, nonZero, (n, d) => {
        const q = divRoundHalfUp(n, d);
        // |q - n/d| <= 1/2  ⇔  |2(q·d - n)| <= |d|
        const twiceError = abs(2n * (q * d - n));
        expect(twiceError <= abs(d)).toBe(true);
        // On an exact tie the magnitude rounds up.
        if (twiceError === abs(d)) expect(abs(q) * abs(d) > abs(n)).toBe(true);
      }),
    );
  });

  it('property: symmetric for negatives', () => {
    fc.assert(
      fc.property(numerator, nonZero, (n, d) => {
        const q = divRoundHalfUp(n, d);
        expect(divRoundHalfUp(-n, d)).toBe(-q);
        expect(divRoundHalfUp(n, -d)).toBe(-q);
        expect(divRoundHalfUp(-n, -d)).toBe(q);
      }),
    );
  });
});

describe('amount bounds', () => {
  it('refuses an amount too large for the ledger columns, naming the field', () => {
    const r = parseAmount('100000000000000000.00', 'CNY', 'caps[0].amount');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.path).toBe('caps[0].amount');
    expect(parseAmount('999999999999999.99', 'CNY', 'x').ok).toBe(true);
  });
});
