/**
 * Issue 5: the forecast of a cap period's sufficiency. Will the cap last to the end of its period?
 *
 * Pure and exact: amounts are bigint minor units in the cap's currency, rates are exact fractions,
 * and every figure is rounded half-up to the minor unit once, at the end. No floating point.
 *
 * ## Definitions
 *
 * Let `asOf` be the day of the forecast, `horizon` the last day amounts can still arise in the period
 * (the period end, or earlier when the categories' terms end inside it), and the **remaining days**
 * `asOf + 1 … horizon` (from the period start when the period has not started yet).
 *
 * - **actual** `A`: the period's actual amounts dated on or before `asOf`.
 * - **committed** `C = C_due + C_after`: what accepted orders still hold on the cap, by scheduled
 *   date. `C_due` is dated on or before `asOf` (delivered, not yet invoiced), `C_after` after it.
 * - **series**: the category's daily actual amounts: the earlier periods' (`history`) followed by
 *   this period's up to `asOf`. Days from `dataStart` (the first day the categories could have
 *   amounts: the earliest term start) count, with or without an amount.
 * - **trailing window** `W`: the `windowDays` (default 90) days ending on `asOf`, shortened to start
 *   no earlier than `dataStart` (the method says so). `r = Σ series over W / |W|`, exactly.
 * - **method**:
 *   - `no-history`: the window is empty or nothing at all is recorded on or before `asOf`. The
 *     expected daily amount is 0, so the projection is `A + C`.
 *   - `seasonal`: when the series covers a year (`asOf` one calendar year earlier is on or after
 *     `dataStart`) and the same days a year earlier hold a positive amount. Each remaining day `d`
 *     is expected at `e(d) = g × M(month of d)`, where
 *     - `M(m)` is the daily average of calendar month `m` in its latest complete occurrence on or
 *       before `asOf` (for the remaining days of the coming year: the same month a year earlier),
 *       over that month's days from `dataStart`;
 *     - `g = (Σ W' / |W'|) ÷ (Σ W'₋₁ / |W'₋₁|)`, the level of the trailing window against the same
 *       calendar days a year earlier, where `W'` is `W` without the days whose year-earlier date
 *       falls before `dataStart`. Comparing like with like cancels both the season of the window and
 *       the lumpiness of monthly invoicing: a flat series gives `g = 1` and `e = r`; a series that
 *       doubles every December projects December at twice the other months.
 *   - `trailing-average` otherwise: `e(d) = r` for every remaining day.
 * - **expected future** `E = Σ e(d)` over the remaining days (uncommitted and committed alike).
 * - **projected** `P = A + C + max(0, E − C_after)`: orders already scheduled are counted once. The
 *   run-rate is taken to include them, so only the part of `E` beyond them is added.
 * - **projected path** for the threshold dates, consistent with `P`: on a remaining day `t`,
 *   `path(t) = A + C_due + max(E(t), S(t))`, where `E(t)` is `E` up to and including `t` and `S(t)`
 *   the orders scheduled in `asOf + 1 … t` (lines dated after the horizon count on its last day).
 *   It never decreases, and `path(horizon) = P`.
 * - **threshold dates** (default 80% and 100% of the cap in force on `asOf`, decimal strings):
 *   the day actual amounts last rose to the threshold, when `A` already reaches it (`basis:
 *   'actual'`); else the first remaining day with `path(t) ≥ threshold` (`basis: 'projected'`); else
 *   null. With no remaining day, open orders count in `P` but give no date.
 * - **output**: `expectedFuture = round(E)`, `projected = A + C + round(max(0, E − C_after))`
 *   (round: half-up to the minor unit, once), `projectedPercent = projected / cap` to one decimal,
 *   `exceedsCap = projected > cap`.
 */
import type { DatedAmount } from '../cap.js';
import { add, compare, div, frac, max as maxFraction, mul, sub, ZERO } from '../chapter14a/fraction.js';
import type { Fraction } from '../chapter14a/types.js';
import {
  addDays,
  anniversary,
  daysInMonth,
  formatDateEn,
  formatDateZh,
  makeDate,
  maxDate,
  minDate,
  monthOf,
  yearOf,
  type CalendarDate,
} from '../dates.js';
import { divRoundHalfUp, formatDisplay, formatMinor, formatPercent, type CurrencyCode } from '../money.js';

export type ForecastMethodKind = 'trailing-average' | 'seasonal' | 'no-history';

export const DEFAULT_FORECAST_THRESHOLDS: readonly string[] = ['80', '100'];
export const DEFAULT_FORECAST_WINDOW_DAYS = 90;

export interface ForecastInput {
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  /**
   * The last day amounts can arise in the period: the period end, or earlier when the categories'
   * terms end (or are terminated) inside it. Default: the period end.
   */
  readonly horizonEnd?: CalendarDate;
  readonly asOf: CalendarDate;
  /** The cap in force on `asOf`. */
  readonly capMinor: bigint;
  readonly currency: CurrencyCode;
  /** This period's actual amounts by the day they count in (amounts after `asOf` are ignored). */
  readonly actuals: readonly DatedAmount[];
  /** The same categories' actual amounts before the period (earlier cap periods), by day. */
  readonly history: readonly DatedAmount[];
  /**
   * The first day the categories could have amounts (the earliest term start): days from it with no
   * amount count as zero. Default: the earliest day in `history`, else the period start.
   */
  readonly dataStart?: CalendarDate;
  /** What accepted orders still hold on the cap, by scheduled date. */
  readonly committed: readonly DatedAmount[];
  /** Percentages of the cap as decimal strings; default ["80", "100"]. */
  readonly thresholds?: readonly string[];
  /** The trailing window's length in days; default 90. */
  readonly windowDays?: number;
}

export interface ThresholdForecast {
  /** As given: "80". */
  readonly threshold: string;
  /** The threshold's amount, rounded half-up to the minor unit (the dates compare exactly). */
  readonly amountMinor: bigint;
  readonly reachedOn: CalendarDate | null;
  /** `actual`: actual amounts already reached it; `projected`: the projection reaches it. */
  readonly basis: 'actual' | 'projected' | null;
}

export interface ForecastMethod {
  readonly kind: ForecastMethodKind;
  /** The trailing window (null when it is empty). */
  readonly windowStart: CalendarDate | null;
  readonly windowEnd: CalendarDate | null;
  readonly windowDays: number;
  /** Σ of the actual amounts in the window. */
  readonly windowActualMinor: bigint;
  /** The trailing daily rate r, as a decimal string in the currency (half-up to the minor unit). */
  readonly dailyRate: string;
  /** Seasonal only: g, the window's level against the same days a year earlier, four decimals. */
  readonly growth: string | null;
  readonly description: { readonly en: string; readonly 'zh-Hant': string };
}

export interface Forecast {
  readonly asOf: CalendarDate;
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly horizonEnd: CalendarDate;
  readonly currency: CurrencyCode;
  readonly capMinor: bigint;
  readonly actualMinor: bigint;
  /** C = committedDue + committedScheduled. */
  readonly committedMinor: bigint;
  /** Open order amounts scheduled on or before asOf (delivered, not yet invoiced). */
  readonly committedDueMinor: bigint;
  /** Open order amounts scheduled after asOf. */
  readonly committedScheduledMinor: bigint;
  /** E, rounded half-up. */
  readonly expectedFutureMinor: bigint;
  /** A + C + max(0, E − C_after), rounded half-up once. */
  readonly projectedMinor: bigint;
  /** projected / cap × 100, one decimal: "85.0". */
  readonly projectedPercent: string;
  readonly exceedsCap: boolean;
  /** projected − cap when it exceeds the cap, else 0. */
  readonly projectedExcessMinor: bigint;
  readonly remainingDays: number;
  /** The first remaining day, null when none remain. */
  readonly remainingFrom: CalendarDate | null;
  readonly thresholds: readonly ThresholdForecast[];
  readonly method: ForecastMethod;
}

// ---- calendar arithmetic (integers only: the domain has no Date) ----

/** Days since 1 March of year 0 in the proleptic Gregorian calendar; all years here are ≥ 1900. */
function dayNumber(d: CalendarDate): number {
  const y0 = yearOf(d);
  const m = monthOf(d);
  const day = Number(d.slice(8, 10));
  const y = m <= 2 ? y0 - 1 : y0;
  const mp = m > 2 ? m - 3 : m + 9;
  const idiv = (a: number, b: number): number => (a - (a % b)) / b;
  return y * 365 + idiv(y, 4) - idiv(y, 100) + idiv(y, 400) + idiv(153 * mp + 2, 5) + day - 1;
}

/** The number of days from `a` to `b` inclusive (0 when b is before a). */
export function daysInclusive(a: CalendarDate, b: CalendarDate): number {
  const n = dayNumber(b) - dayNumber(a) + 1;
  return n > 0 ? n : 0;
}

const lastOfMonth = (y: number, m: number): CalendarDate => makeDate(y, m, daysInMonth(y, m));

/** The latest occurrence of calendar month `m` that ends on or before `asOf`. */
function latestCompleteMonth(m: number, asOf: CalendarDate): { start: CalendarDate; end: CalendarDate } {
  let y = yearOf(asOf);
  if (lastOfMonth(y, m) > asOf) y -= 1;
  return { start: makeDate(y, m, 1), end: lastOfMonth(y, m) };
}

// ---- parsing and formatting ----

const PERCENT = /^(\d{1,6})(?:\.(\d{1,6}))?$/;

/** "80" → 80/100, "79.5" → 795/1000: a share of 1, exactly. Throws on anything else. */
export function thresholdShare(text: string): Fraction {
  const m = PERCENT.exec(text.trim());
  if (!m) throw new RangeError(`not a percentage: ${JSON.stringify(text)}`);
  const decimals = m[2] ?? '';
  return frac(BigInt((m[1] ?? '0') + decimals), 100n * 10n ** BigInt(decimals.length));
}

const roundHalfUp = (f: Fraction): bigint => divRoundHalfUp(f.numerator, f.denominator);

function decimalText(f: Fraction, places: number): string {
  const scaled = divRoundHalfUp(f.numerator * 10n ** BigInt(places), f.denominator);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

const moneyEn = (minor: bigint, currency: CurrencyCode): string => formatDisplay({ currency, minor });

/** "人民幣215,555.56元", "3,000,000.00港元": the Chinese style of the seed announcement. */
function moneyZh(minor: bigint, currency: CurrencyCode): string {
  const plain = formatDisplay({ currency, minor }).replace(/^\(|\)$/g, '');
  const digits = plain.replace(/^[^\d]+/, '');
  const sign = minor < 0n ? '-' : '';
  if (currency === 'CNY') return `${sign}人民幣${digits}元`;
  if (currency === 'HKD') return `${sign}${digits}港元`;
  if (currency === 'USD') return `${sign}${digits}美元`;
  return `${sign}${currency}${digits}`;
}

// ---- the forecast ----

interface Series {
  readonly byDay: ReadonlyMap<CalendarDate, bigint>;
  readonly sorted: readonly DatedAmount[];
}

function seriesOf(amounts: readonly DatedAmount[]): Series {
  const byDay = new Map<CalendarDate, bigint>();
  for (const a of amounts) byDay.set(a.date, (byDay.get(a.date) ?? 0n) + a.minor);
  const sorted = [...byDay.entries()]
    .map(([date, minor]) => ({ date, minor }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { byDay, sorted };
}

/** Σ of the series over `from … to` inclusive. */
function total(series: Series, from: CalendarDate, to: CalendarDate): bigint {
  let sum = 0n;
  for (const a of series.sorted) {
    if (a.date > to) break;
    if (a.date >= from) sum += a.minor;
  }
  return sum;
}

const nonNegative = (f: Fraction): Fraction => (f.numerator < 0n ? ZERO : f);

interface Expectation {
  readonly kind: ForecastMethodKind;
  /** The expected amount on a remaining day. */
  readonly perDay: (d: CalendarDate) => Fraction;
  readonly windowStart: CalendarDate | null;
  readonly windowDays: number;
  readonly windowActual: bigint;
  readonly rate: Fraction;
  readonly growth: Fraction | null;
  /** The part of W compared with a year earlier (seasonal). */
  readonly growthWindow: { readonly start: CalendarDate; readonly days: number } | null;
  /** Why a simpler method was used than the data might suggest (English, Chinese). */
  readonly notes: readonly (readonly [string, string])[];
}

function expectation(
  series: Series,
  asOf: CalendarDate,
  dataStart: CalendarDate,
  windowDays: number,
): Expectation {
  const notes: (readonly [string, string])[] = [];
  const fullStart = addDays(asOf, -(windowDays - 1));
  const windowStart = maxDate(fullStart, dataStart);
  const days = daysInclusive(windowStart, asOf);
  const anyRecorded = series.sorted.some((a) => a.date <= asOf && a.minor !== 0n);
  if (days === 0 || !anyRecorded) {
    return {
      kind: 'no-history',
      perDay: () => ZERO,
      windowStart: days === 0 ? null : windowStart,
      windowDays: days,
      windowActual: 0n,
      rate: ZERO,
      growth: null,
      growthWindow: null,
      notes,
    };
  }
  const windowActual = total(series, windowStart, asOf);
  const rate = nonNegative(frac(windowActual, BigInt(days)));
  if (windowStart > fullStart) {
    notes.push([
      `Only ${days} days of data exist, fewer than ${windowDays}.`,
      `只有${days}日的數據，少於${windowDays}日。`,
    ]);
  }
  const trailing: Expectation = {
    kind: 'trailing-average',
    perDay: () => rate,
    windowStart,
    windowDays: days,
    windowActual,
    rate,
    growth: null,
    growthWindow: null,
    notes,
  };

  // Seasonality needs a year of the series: asOf a calendar year earlier on or after dataStart.
  if (anniversary(asOf, -1) < dataStart) {
    notes.push([
      'Seasonality is not applied: less than a year of history.',
      '未採用季節性調整：歷史數據不足一年。',
    ]);
    return trailing;
  }
  // W' keeps the window's days whose date a year earlier is on or after dataStart.
  let gStart = windowStart;
  while (anniversary(gStart, -1) < dataStart) gStart = addDays(gStart, 1);
  const gDays = daysInclusive(gStart, asOf);
  const yearAgoStart = anniversary(gStart, -1);
  const yearAgoEnd = anniversary(asOf, -1);
  const yearAgoDays = daysInclusive(yearAgoStart, yearAgoEnd);
  const recent = total(series, gStart, asOf);
  const yearAgo = total(series, yearAgoStart, yearAgoEnd);
  if (yearAgo <= 0n || recent < 0n) {
    notes.push([
      'Seasonality is not applied: nothing was recorded in the same days a year earlier.',
      '未採用季節性調整：上一年同期並無記錄金額。',
    ]);
    return trailing;
  }
  const growth = div(frac(recent, BigInt(gDays)), frac(yearAgo, BigInt(yearAgoDays)));
  const monthly = new Map<number, Fraction>();
  const monthAverage = (m: number): Fraction => {
    const known = monthly.get(m);
    if (known) return known;
    const occurrence = latestCompleteMonth(m, asOf);
    const from = maxDate(occurrence.start, dataStart);
    const n = daysInclusive(from, occurrence.end);
    const value = n === 0 ? ZERO : nonNegative(frac(total(series, from, occurrence.end), BigInt(n)));
    monthly.set(m, value);
    return value;
  };
  return {
    kind: 'seasonal',
    perDay: (d) => mul(growth, monthAverage(monthOf(d))),
    windowStart,
    windowDays: days,
    windowActual,
    rate,
    growth,
    growthWindow: { start: gStart, days: gDays },
    notes,
  };
}

/** The day actual amounts last rose to `threshold` (they are at or above it on asOf), else null. */
function reachedByActuals(
  actuals: readonly DatedAmount[],
  threshold: Fraction,
  periodStart: CalendarDate,
): CalendarDate | null {
  let cumulative = 0n;
  let crossedOn: CalendarDate | null = compare(frac(0n), threshold) >= 0 ? periodStart : null;
  for (const a of actuals) {
    cumulative += a.minor;
    const at = compare(frac(cumulative), threshold) >= 0;
    if (at && crossedOn === null) crossedOn = a.date;
    else if (!at) crossedOn = null;
  }
  return crossedOn;
}

/** The forecast of one cap period as of a day; see the definitions at the top of this file. */
export function forecastCap(input: ForecastInput): Forecast {
  const { asOf, periodStart, periodEnd, currency, capMinor } = input;
  const windowDays = input.windowDays ?? DEFAULT_FORECAST_WINDOW_DAYS;
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new RangeError('windowDays must be ≥ 1');
  const thresholds = input.thresholds ?? DEFAULT_FORECAST_THRESHOLDS;
  const horizon = minDate(input.horizonEnd ?? periodEnd, periodEnd);

  const actuals = seriesOf(input.actuals.filter((a) => a.date >= periodStart && a.date <= asOf)).sorted;
  const actualMinor = actuals.reduce((s, a) => s + a.minor, 0n);
  let committedDueMinor = 0n;
  let committedScheduledMinor = 0n;
  for (const c of input.committed) {
    if (c.date <= asOf) committedDueMinor += c.minor;
    else committedScheduledMinor += c.minor;
  }
  const committedMinor = committedDueMinor + committedScheduledMinor;

  const history = input.history.filter((a) => a.date < periodStart && a.date <= asOf);
  const series = seriesOf([...history, ...actuals]);
  const earliest = series.sorted[0]?.date;
  const given = input.dataStart ?? periodStart;
  const dataStart = earliest !== undefined ? minDate(given, earliest) : given;
  const expected = expectation(series, asOf, dataStart, windowDays);

  const remainingFrom = maxDate(addDays(asOf, 1), periodStart);
  const remainingDays = daysInclusive(remainingFrom, horizon);

  // The path: E(t) and S(t) day by day over the remaining days.
  const scheduled = seriesOf(input.committed.filter((c) => c.date > asOf)).sorted;
  const shares = thresholds.map((t) => ({ text: t, share: thresholdShare(t) }));
  const amounts = shares.map((s) => mul(frac(capMinor), s.share));
  const reached: ({ date: CalendarDate; basis: 'actual' | 'projected' } | null)[] = amounts.map((t) => {
    if (compare(frac(actualMinor), t) < 0) return null;
    const date = reachedByActuals(actuals, t, periodStart);
    return date === null ? null : { date, basis: 'actual' };
  });
  const base = actualMinor + committedDueMinor;
  let expectedSoFar: Fraction = ZERO;
  let scheduledSoFar = 0n;
  let next = 0;
  let day = remainingFrom;
  for (let i = 0; i < remainingDays; i += 1, day = addDays(day, 1)) {
    expectedSoFar = add(expectedSoFar, expected.perDay(day));
    const last = i === remainingDays - 1;
    while (next < scheduled.length && (last || (scheduled[next]?.date ?? day) <= day)) {
      scheduledSoFar += scheduled[next]?.minor ?? 0n;
      next += 1;
    }
    const path = add(frac(base), maxFraction(expectedSoFar, frac(scheduledSoFar)));
    amounts.forEach((t, k) => {
      if (reached[k] === null && compare(path, t) >= 0) reached[k] = { date: day, basis: 'projected' };
    });
  }
  const expectedFuture = expectedSoFar;
  const beyondOrders = nonNegative(sub(expectedFuture, frac(committedScheduledMinor)));
  const projectedMinor = actualMinor + committedMinor + roundHalfUp(beyondOrders);
  const exceedsCap = projectedMinor > capMinor;

  return {
    asOf,
    periodStart,
    periodEnd,
    horizonEnd: horizon,
    currency,
    capMinor,
    actualMinor,
    committedMinor,
    committedDueMinor,
    committedScheduledMinor,
    expectedFutureMinor: roundHalfUp(expectedFuture),
    projectedMinor,
    projectedPercent: formatPercent(projectedMinor, capMinor, 1),
    exceedsCap,
    projectedExcessMinor: exceedsCap ? projectedMinor - capMinor : 0n,
    remainingDays,
    remainingFrom: remainingDays > 0 ? remainingFrom : null,
    thresholds: shares.map((s, k) => ({
      threshold: s.text,
      amountMinor: roundHalfUp(amounts[k] ?? ZERO),
      reachedOn: reached[k]?.date ?? null,
      basis: reached[k]?.basis ?? null,
    })),
    method: describe(expected, { asOf, horizon, remainingDays, currency }),
  };
}

function describe(
  x: Expectation,
  ctx: { asOf: CalendarDate; horizon: CalendarDate; remainingDays: number; currency: CurrencyCode },
): ForecastMethod {
  const { asOf, horizon, remainingDays, currency } = ctx;
  const rateMinor = roundHalfUp(x.rate);
  const growth = x.growth === null ? null : decimalText(x.growth, 4);
  const en: string[] = [];
  const zh: string[] = [];
  const orders = `open orders scheduled after ${formatDateEn(asOf)} are counted once, within the projection rather than on top of it.`;
  const ordersZh = `${formatDateZh(asOf)}後排期的未完成訂單只計算一次（計入推算之內，不另行加算）。`;
  if (remainingDays === 0) {
    en.push(
      `No days of the period remain after ${formatDateEn(asOf)}: the projection is the actual amounts plus the open orders.`,
    );
    zh.push(`${formatDateZh(asOf)}後期間內已無餘下日數：推算金額為實際金額加未完成訂單。`);
  } else if (x.kind === 'no-history') {
    en.push(
      `No history: no actual amounts are recorded on or before ${formatDateEn(asOf)}, so the projection is the actual amounts plus the open orders.`,
    );
    zh.push(`無歷史數據：${formatDateZh(asOf)}或之前未有實際金額記錄，故推算金額為實際金額加未完成訂單。`);
  } else if (x.kind === 'seasonal' && x.growthWindow !== null && growth !== null) {
    en.push(
      `Seasonal: each of the ${remainingDays} remaining days to ${formatDateEn(horizon)} is projected at the daily average of the same calendar month in the latest twelve complete months of history, ` +
        `scaled by ${growth}, the actual amounts of the ${x.growthWindow.days} days from ${formatDateEn(x.growthWindow.start)} to ${formatDateEn(asOf)} against the same days a year earlier; ` +
        orders,
    );
    zh.push(
      `按季節性推算：餘下${remainingDays}日（至${formatDateZh(horizon)}）每日按最近十二個完整月份中同月的每日平均金額推算，並乘以${growth}` +
        `（${formatDateZh(x.growthWindow.start)}至${formatDateZh(asOf)}共${x.growthWindow.days}日的實際金額相對上一年同期的比率）；` +
        ordersZh,
    );
  } else {
    const start = x.windowStart ?? asOf;
    en.push(
      `Trailing average: the actual amounts of the ${x.windowDays} days from ${formatDateEn(start)} to ${formatDateEn(asOf)} (${moneyEn(x.windowActual, currency)}) ` +
        `give ${moneyEn(rateMinor, currency)} a day, projected over the ${remainingDays} remaining days to ${formatDateEn(horizon)}; ` +
        orders,
    );
    zh.push(
      `按過往平均：${formatDateZh(start)}至${formatDateZh(asOf)}共${x.windowDays}日的實際金額（${moneyZh(x.windowActual, currency)}）` +
        `折合每日${moneyZh(rateMinor, currency)}，按此推算至${formatDateZh(horizon)}的餘下${remainingDays}日；` +
        ordersZh,
    );
  }
  if (remainingDays > 0 && x.kind !== 'no-history') {
    for (const [e, z] of x.notes) {
      en.push(e);
      zh.push(z);
    }
  }
  return {
    kind: x.kind,
    windowStart: x.windowStart,
    windowEnd: x.windowStart === null ? null : asOf,
    windowDays: x.windowDays,
    windowActualMinor: x.windowActual,
    dailyRate: formatMinor(rateMinor, currency),
    growth,
    description: { en: en.join(' '), 'zh-Hant': zh.join('') },
  };
}

/**
 * What an order still holds on a cap, spread over its schedule lines for that cap: what was consumed
 * or released is taken from the earliest lines first (invoices follow deliveries in date order), so
 * the open amount sits on the latest lines. Anything beyond the lines' total stays on the last line.
 */
export function allocateOpenAmount(
  lines: readonly { readonly date: CalendarDate; readonly minor: bigint }[],
  openMinor: bigint,
): DatedAmount[] {
  if (openMinor <= 0n || lines.length === 0) return [];
  const sorted = [...lines].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const out: DatedAmount[] = [];
  let left = openMinor;
  for (let i = sorted.length - 1; i >= 0 && left > 0n; i -= 1) {
    const line = sorted[i];
    if (!line) continue;
    const take = line.minor < left ? line.minor : left;
    if (take > 0n) out.push({ date: line.date, minor: take });
    left -= take;
  }
  const latest = sorted[sorted.length - 1];
  if (left > 0n && latest) {
    const first = out[0];
    if (first && first.date === latest.date) out[0] = { date: first.date, minor: first.minor + left };
    else out.unshift({ date: latest.date, minor: left });
  }
  return out.reverse();
}
