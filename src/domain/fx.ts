import type { CalendarDate } from './dates.js';
import { divRoundHalfUp, minorUnits, type CurrencyCode } from './money.js';
import { invalid, parsed, type Parsed } from './result.js';

/** A rate as an exact fraction: units of `to` per unit of `from`. */
export interface Rate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export interface FxRateUsed {
  /** The rate as given or recorded, a decimal string ("7.1234") or, for an inverse, a fraction ("10000/71234"). */
  readonly rate: string;
  readonly date: CalendarDate;
  readonly source: string;
  readonly from: CurrencyCode;
  readonly to: CurrencyCode;
}

const RATE = /^(\d+)(?:\.(\d+))?$/;

export function parseRate(value: unknown, path: string): Parsed<Rate> {
  if (typeof value !== 'string')
    return invalid(path, 'must be a decimal string such as "7.1234" (units of the target currency per unit)');
  const m = RATE.exec(value.trim());
  if (!m) return invalid(path, `"${value}" is not a positive decimal rate such as "7.1234"`);
  const frac = m[2] ?? '';
  const numerator = BigInt((m[1] ?? '0') + frac);
  const denominator = 10n ** BigInt(frac.length);
  if (numerator === 0n) return invalid(path, 'must be greater than zero');
  return parsed({ numerator, denominator });
}

export const invertRate = (r: Rate): Rate => ({ numerator: r.denominator, denominator: r.numerator });
export const rateText = (r: Rate): string => `${r.numerator}/${r.denominator}`;

export function parseRateText(text: string): Rate {
  const [n, d] = text.includes('/') ? text.split('/') : [text, undefined];
  if (d !== undefined) return { numerator: BigInt(n ?? '0'), denominator: BigInt(d) };
  const r = parseRate(text, 'rate');
  if (!r.ok) throw new RangeError(`bad stored rate ${text}`);
  return r.value;
}

export interface Conversion {
  readonly minor: bigint;
  /** What rounding added, in minor units of the target currency, as a reduced fraction: rounded − exact ("1/2" = half a cent). */
  readonly rounding: string;
}

/** Converts minor units of `from` into minor units of `to`, rounding half-up once to the minor unit. */
export function convertMinor(minor: bigint, from: CurrencyCode, to: CurrencyCode, rate: Rate): Conversion {
  const scaleUp = minorUnits(to) - minorUnits(from);
  let num = minor * rate.numerator;
  let den = rate.denominator;
  if (scaleUp >= 0) num *= 10n ** BigInt(scaleUp);
  else den *= 10n ** BigInt(-scaleUp);
  const rounded = divRoundHalfUp(num, den);
  const diffNum = rounded * den - num;
  const g = gcd(diffNum < 0n ? -diffNum : diffNum, den);
  return { minor: rounded, rounding: `${diffNum / g}/${den / g}` };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
