import { invalid, parsed, type Parsed } from './result.js';

/**
 * ISO 4217 codes with their minor units. Renminbi is stored as CNY and shown as RMB, as Hong Kong
 * documents do; "RMB" is accepted on input as an alias.
 */
const MINOR_UNITS = {
  CNY: 2,
  HKD: 2,
  USD: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  SGD: 2,
  AUD: 2,
  CAD: 2,
  CHF: 2,
  TWD: 2,
  MOP: 2,
  KRW: 0,
  NZD: 2,
  MYR: 2,
  THB: 2,
  INR: 2,
  IDR: 2,
  PHP: 2,
  VND: 0,
  AED: 2,
  SAR: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
} as const;

export type CurrencyCode = keyof typeof MINOR_UNITS;

export interface Money {
  readonly currency: CurrencyCode;
  readonly minor: bigint;
}

const ALIASES: Readonly<Record<string, CurrencyCode>> = { RMB: 'CNY' };
const DISPLAY: Readonly<Partial<Record<CurrencyCode, string>>> = { CNY: 'RMB', HKD: 'HK$', USD: 'US$' };

export const isCurrencyCode = (code: string): code is CurrencyCode => Object.hasOwn(MINOR_UNITS, code);

export function parseCurrency(value: unknown, path: string): Parsed<CurrencyCode> {
  if (typeof value !== 'string' || value.trim() === '') {
    return invalid(path, 'is required: an ISO 4217 currency code such as "CNY" (or "RMB") or "HKD"');
  }
  const code = value.trim().toUpperCase();
  const resolved = ALIASES[code] ?? code;
  if (!isCurrencyCode(resolved)) return invalid(path, `"${value}" is not a known ISO 4217 currency code`);
  return parsed(resolved);
}

export const minorUnits = (currency: CurrencyCode): number => MINOR_UNITS[currency];
export const displayCurrency = (currency: CurrencyCode): string => DISPLAY[currency] ?? currency;

const pow10 = (n: number): bigint => 10n ** BigInt(n);

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** 10^17 minor units: sums of many such amounts still fit a signed 64-bit BIGINT column. */
export const MAX_MINOR = 10n ** 17n - 1n;

/**
 * Parses a decimal string ("41000000.00") into minor units. Numbers are refused: a JSON number is a
 * binary float and cannot carry money exactly.
 */
export function parseAmount(
  value: unknown,
  currency: CurrencyCode,
  path: string,
  opts: { positive?: boolean } = {},
): Parsed<bigint> {
  if (typeof value === 'number') {
    return invalid(path, 'must be a decimal string such as "41000000.00", not a JSON number');
  }
  if (typeof value !== 'string' || value.trim() === '') {
    return invalid(path, 'is required: a decimal string such as "41000000.00"');
  }
  const m = DECIMAL.exec(value.trim());
  if (!m) return invalid(path, `"${value}" is not a decimal amount such as "41000000.00"`);
  const [, sign, whole = '0', frac = ''] = m;
  const units = minorUnits(currency);
  const significant = frac.replace(/0+$/, '');
  if (significant.length > units) {
    return invalid(
      path,
      `"${value}" has more decimal places than ${displayCurrency(currency)} allows (${units})`,
    );
  }
  const minor =
    BigInt(whole) * pow10(units) +
    (units === 0 ? 0n : BigInt(frac.padEnd(units, '0').slice(0, units) || '0'));
  if (minor > MAX_MINOR) {
    return invalid(
      path,
      `"${value}" is larger than the largest amount kept (${MAX_MINOR.toString().length - units} digits before the decimal point)`,
    );
  }
  const signed = sign ? -minor : minor;
  if (opts.positive && signed <= 0n) return invalid(path, `must be greater than zero (got "${value}")`);
  return parsed(signed);
}

export function parseMoney(
  amount: unknown,
  currency: unknown,
  path: { amount: string; currency: string },
  opts: { positive?: boolean } = {},
): Parsed<Money> {
  const c = parseCurrency(currency, path.currency);
  if (!c.ok) return c;
  const a = parseAmount(amount, c.value, path.amount, opts);
  if (!a.ok) return a;
  return parsed({ currency: c.value, minor: a.value });
}

/** Minor units as a plain decimal string: 4100000000n CNY → "41000000.00". */
export function formatMinor(minor: bigint, currency: CurrencyCode): string {
  const units = minorUnits(currency);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const digits = abs.toString().padStart(units + 1, '0');
  const whole = units === 0 ? digits : digits.slice(0, -units);
  const frac = units === 0 ? '' : `.${digits.slice(-units)}`;
  return `${negative ? '-' : ''}${whole}${frac}`;
}

export const formatMoney = (m: Money): string => formatMinor(m.minor, m.currency);

export const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Divides and rounds half away from zero (half-up on magnitudes), exactly. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/**
 * "RMB82.0 million" style, as HK announcements show caps: currency first, one decimal, in millions.
 * Negative figures are shown in parentheses.
 */
export function formatMillions(m: Money, decimals = 1): string {
  const scaled = divRoundHalfUp(m.minor * pow10(decimals), pow10(minorUnits(m.currency) + 6));
  const abs = scaled < 0n ? -scaled : scaled;
  const text = formatMinorDigits(abs, decimals);
  const body = `${displayCurrency(m.currency)}${text} million`;
  return scaled < 0n ? `(${body})` : body;
}

/** A non-negative scaled figure with `decimals` places, thousands grouped: 820000000n, 1 → "82,000,000.0". */
export function formatMinorDigits(abs: bigint, decimals: number): string {
  const digits = abs.toString().padStart(decimals + 1, '0');
  const whole = decimals === 0 ? digits : digits.slice(0, -decimals);
  return groupThousands(whole) + (decimals === 0 ? '' : `.${digits.slice(-decimals)}`);
}

/** "RMB41,000,000.00", negatives in parentheses. */
export function formatDisplay(m: Money): string {
  const abs = m.minor < 0n ? -m.minor : m.minor;
  const body = `${displayCurrency(m.currency)}${formatMinorDigits(abs, minorUnits(m.currency))}`;
  return m.minor < 0n ? `(${body})` : body;
}

/** A percentage with `decimals` places, rounded half-up, from an exact fraction: 79.63 → "79.63". */
export function formatPercent(numerator: bigint, denominator: bigint, decimals = 2): string {
  if (denominator === 0n) return decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
  const scaled = divRoundHalfUp(numerator * 100n * pow10(decimals), denominator);
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  return (negative ? '-' : '') + formatMinorDigits(abs, decimals).replace(/,/g, '');
}
