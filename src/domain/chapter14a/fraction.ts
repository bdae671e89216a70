/**
 * Exact non-negative fractions on bigints, for ratios and threshold tests. Thresholds in Chapter 14A
 * are strict "less than" tests, decided by cross-multiplying, never on floats or rounded strings.
 */
import { formatPercent } from '../money.js';
import type { Fraction } from './types.js';

export const frac = (numerator: bigint, denominator: bigint = 1n): Fraction => {
  if (denominator === 0n) throw new RangeError('fraction with a zero denominator');
  return denominator < 0n
    ? reduce({ numerator: -numerator, denominator: -denominator })
    : reduce({ numerator, denominator });
};

export const ZERO: Fraction = { numerator: 0n, denominator: 1n };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

export function reduce(f: Fraction): Fraction {
  const g = gcd(f.numerator, f.denominator);
  return { numerator: f.numerator / g, denominator: f.denominator / g };
}

export const add = (a: Fraction, b: Fraction): Fraction =>
  reduce({
    numerator: a.numerator * b.denominator + b.numerator * a.denominator,
    denominator: a.denominator * b.denominator,
  });

export const sub = (a: Fraction, b: Fraction): Fraction =>
  add(a, { numerator: -b.numerator, denominator: b.denominator });

export const mul = (a: Fraction, b: Fraction): Fraction =>
  reduce({ numerator: a.numerator * b.numerator, denominator: a.denominator * b.denominator });

export const div = (a: Fraction, b: Fraction): Fraction => {
  if (b.numerator === 0n) throw new RangeError('division by zero');
  return frac(a.numerator * b.denominator, a.denominator * b.numerator);
};

/** −1, 0 or 1, exactly. */
export const compare = (a: Fraction, b: Fraction): number => {
  const l = a.numerator * b.denominator;
  const r = b.numerator * a.denominator;
  return l < r ? -1 : l > r ? 1 : 0;
};

export const lessThan = (a: Fraction, b: Fraction): boolean => compare(a, b) < 0;
export const atLeast = (a: Fraction, b: Fraction): boolean => compare(a, b) >= 0;
export const max = (a: Fraction, b: Fraction): Fraction => (compare(a, b) >= 0 ? a : b);
export const sum = (xs: readonly Fraction[]): Fraction => xs.reduce(add, ZERO);

/** A percentage as a fraction of 1: percent(10n) is 10%. */
export const percent = (p: bigint, per = 100n): Fraction => frac(p, per);

/** The largest integer strictly less than f. */
export function largestIntegerBelow(f: Fraction): bigint {
  const n = f.numerator - 1n;
  const d = f.denominator;
  // Floor division for a possibly negative numerator.
  const q = n / d;
  return n < 0n && q * d !== n ? q - 1n : q;
}

/** A share of 1 as a percentage string to `decimals` places, rounded half-up (display only). */
export const percentText = (f: Fraction, decimals = 4): string =>
  formatPercent(f.numerator, f.denominator, decimals);

/** "11.12", "35", "33.3333": a percentage for prose, trailing zeros dropped. */
export function percentShort(f: Fraction): string {
  const text = percentText(f, 4);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
