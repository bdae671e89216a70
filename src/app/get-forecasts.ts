/**
 * Issue 5: forecasts of cap sufficiency (GET /api/v1/forecasts, `armslength forecast`) and the
 * utilisation history of a cap period (GET /api/v1/utilization/history), for charts.
 *
 * **Which cap periods are forecast.** Every cap period still active on `asOf`: its period has not
 * ended (`periodEnd ≥ asOf`) and its categories' terms still run on or after `asOf` (a category
 * terminated or expired earlier leaves nothing to forecast). That is the current period
 * (`periodStatus: 'current'`) and the periods not yet started (`'upcoming'`), so that the board sees
 * whether next year's cap suits the present run-rate while there is time to revise it. The projection
 * runs to the last day of the categories' terms within the period (`horizonEnd`).
 *
 * The figures are those of `forecastCap` (src/domain/monitoring/forecast.ts, where the method is
 * defined), from the ledger: the period's actual amounts, the same categories' amounts in their
 * earlier cap periods, and what accepted orders still hold by scheduled date. The cap is the amount
 * in force on `asOf`, or on the first day of a period not yet started.
 */
import {
  forecastCap,
  formatMinor,
  formatPercent,
  maxDate,
  minDate,
  parseDate,
  type CalendarDate,
  type CurrencyCode,
  type FieldError,
  type Forecast,
  type ForecastMethodKind,
  type LocalisedName,
} from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor, AgreementRecord, CapRecord, CategoryRecord } from './ports.js';
import { capAmountInForce, capCategories, capView } from './views.js';

export type PeriodStatus = 'current' | 'upcoming';

/** A cap period's forecast with the agreement and cap it is about (for the daily monitoring job). */
export interface CapForecast {
  readonly agreement: AgreementRecord;
  readonly cap: CapRecord;
  readonly categories: readonly CategoryRecord[];
  readonly periodStatus: PeriodStatus;
  readonly forecast: Forecast;
}

export interface ForecastOptions {
  readonly agreementId?: string;
  /** Percentages of the cap as decimal strings; default ["80", "100"]. */
  readonly thresholds?: readonly string[];
  /** The trailing window in days; default 90. */
  readonly windowDays?: number;
  /** Also the periods not started yet (`upcoming`); default true. */
  readonly includeUpcoming?: boolean;
}

/**
 * The forecast of every active cap period of the issuer's agreements as of `asOf` (see the top of
 * this file), in agreement order, then cap order. Three queries per cap period.
 */
export async function forecastsFor(
  ctx: AppContext,
  issuerId: string,
  asOf: CalendarDate,
  options: ForecastOptions = {},
): Promise<CapForecast[]> {
  let agreements = await ctx.store.listAgreements(issuerId);
  if (options.agreementId !== undefined) agreements = agreements.filter((a) => a.id === options.agreementId);
  const out: CapForecast[] = [];
  for (const agreement of agreements) {
    for (const cap of agreement.caps) {
      const view = capView(agreement, cap, false);
      if (cap.periodEnd < asOf || view.effectiveStart === null || view.effectiveEnd === null) continue;
      if (view.effectiveEnd < asOf) continue;
      if (options.includeUpcoming === false && cap.periodStart > asOf) continue;
      const categories = capCategories(agreement, cap);
      const dataStart = categories.reduce<CalendarDate>((m, c) => minDate(m, c.termStart), cap.periodStart);
      const [actuals, history, committed] = await Promise.all([
        ctx.store.actualsByDate(cap.id),
        ctx.store.categoryActualsBefore(cap.id),
        ctx.store.openCommitmentsByDate(cap.id, asOf),
      ]);
      const forecast = forecastCap({
        periodStart: cap.periodStart,
        periodEnd: cap.periodEnd,
        horizonEnd: view.effectiveEnd,
        asOf,
        capMinor: capAmountInForce(cap, maxDate(asOf, cap.periodStart)),
        currency: cap.currency,
        actuals,
        history,
        dataStart,
        committed,
        ...(options.thresholds === undefined ? {} : { thresholds: options.thresholds }),
        ...(options.windowDays === undefined ? {} : { windowDays: options.windowDays }),
      });
      out.push({
        agreement,
        cap,
        categories,
        periodStatus: cap.periodStart <= asOf ? 'current' : 'upcoming',
        forecast,
      });
    }
  }
  return out;
}

/** GET /api/v1/forecasts: money as decimal strings beside the currency. */
export interface ForecastItem {
  readonly agreementId: string;
  readonly agreementName: LocalisedName;
  readonly capId: string;
  readonly categoryKeys: string[];
  readonly categoryNames: LocalisedName[];
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly periodStatus: PeriodStatus;
  /** The last day projected: the period end, or the end of the categories' terms within it. */
  readonly horizonEnd: CalendarDate;
  readonly currency: CurrencyCode;
  readonly cap: string;
  readonly actual: string;
  readonly committed: string;
  readonly committedDue: string;
  readonly committedScheduled: string;
  readonly expectedFuture: string;
  readonly projected: string;
  /** One decimal: "85.0". */
  readonly projectedPercent: string;
  /** cap − projected (negative when the projection exceeds the cap). */
  readonly projectedHeadroom: string;
  readonly exceedsCap: boolean;
  readonly remainingDays: number;
  readonly remainingFrom: CalendarDate | null;
  readonly thresholds: {
    readonly threshold: string;
    readonly amount: string;
    readonly reachedOn: CalendarDate | null;
    readonly basis: 'actual' | 'projected' | null;
  }[];
  readonly method: {
    readonly kind: ForecastMethodKind;
    readonly windowStart: CalendarDate | null;
    readonly windowEnd: CalendarDate | null;
    readonly windowDays: number;
    readonly windowActual: string;
    readonly dailyRate: string;
    readonly growth: string | null;
    readonly description: { readonly en: string; readonly 'zh-Hant': string };
  };
}

export function forecastItem(x: CapForecast): ForecastItem {
  const { agreement, cap, forecast: f } = x;
  const m = (minor: bigint) => formatMinor(minor, f.currency);
  return {
    agreementId: agreement.id,
    agreementName: agreement.name,
    capId: cap.id,
    categoryKeys: x.categories.map((c) => c.key),
    categoryNames: x.categories.map((c) => c.name),
    periodStart: cap.periodStart,
    periodEnd: cap.periodEnd,
    periodStatus: x.periodStatus,
    horizonEnd: f.horizonEnd,
    currency: f.currency,
    cap: m(f.capMinor),
    actual: m(f.actualMinor),
    committed: m(f.committedMinor),
    committedDue: m(f.committedDueMinor),
    committedScheduled: m(f.committedScheduledMinor),
    expectedFuture: m(f.expectedFutureMinor),
    projected: m(f.projectedMinor),
    projectedPercent: f.projectedPercent,
    projectedHeadroom: m(f.capMinor - f.projectedMinor),
    exceedsCap: f.exceedsCap,
    remainingDays: f.remainingDays,
    remainingFrom: f.remainingFrom,
    thresholds: f.thresholds.map((t) => ({
      threshold: t.threshold,
      amount: m(t.amountMinor),
      reachedOn: t.reachedOn,
      basis: t.basis,
    })),
    method: {
      kind: f.method.kind,
      windowStart: f.method.windowStart,
      windowEnd: f.method.windowEnd,
      windowDays: f.method.windowDays,
      windowActual: m(f.method.windowActualMinor),
      dailyRate: f.method.dailyRate,
      growth: f.method.growth,
      description: f.method.description,
    },
  };
}

function dateParam(value: string | undefined, path: string): CalendarDate | undefined {
  if (value === undefined) return undefined;
  const parsed = parseDate(value, path);
  if (!parsed.ok) throw AppError.invalid(parsed.errors);
  return parsed.value;
}

/** Every active cap period's forecast as of `asOf` (default: today in Hong Kong). */
export async function getForecasts(
  ctx: AppContext,
  actor: Actor,
  query: { asOf?: string | undefined; agreementId?: string | undefined },
): Promise<{ asOf: CalendarDate; items: ForecastItem[] }> {
  requireAction(actor, 'forecast.read');
  const asOf = dateParam(query.asOf, 'asOf') ?? ctx.clock.today();
  if (
    query.agreementId !== undefined &&
    !(await ctx.store.agreementExists(actor.issuerId, query.agreementId))
  )
    throw AppError.notFound(`agreement ${query.agreementId}`);
  const forecasts = await forecastsFor(ctx, actor.issuerId, asOf, {
    ...(query.agreementId === undefined ? {} : { agreementId: query.agreementId }),
  });
  return { asOf, items: forecasts.map(forecastItem) };
}

export interface UtilizationPoint {
  readonly date: CalendarDate;
  /** Cumulative, from every ledger entry dated on or before `date`. */
  readonly actual: string;
  readonly committed: string;
  readonly utilised: string;
  /** The cap in force on `date`. */
  readonly cap: string;
  /** utilised / cap × 100, two decimals (as GET /api/v1/utilization). */
  readonly percentUsed: string;
}

export interface UtilizationHistory {
  readonly capId: string;
  readonly agreementId: string;
  readonly categoryKeys: string[];
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly currency: CurrencyCode;
  /** The cap in force on `to`. */
  readonly cap: string;
  readonly points: UtilizationPoint[];
}

/**
 * A cap period's utilisation over time, for charts: cumulative actual and committed amounts as of
 * each day (decision 0004: every ledger entry counts from its effective date). One point at `from`
 * (everything dated on or before it, so reservations made before the period starts are in it), one
 * on every later day with a movement, and one at `to`. `from` defaults to the period start, `to` to
 * today within the period (the period end once it has ended, its start before it has begun).
 */
export async function getUtilizationHistory(
  ctx: AppContext,
  actor: Actor,
  query: { capId?: string | undefined; from?: string | undefined; to?: string | undefined },
): Promise<UtilizationHistory> {
  requireAction(actor, 'utilization.read');
  const capId = query.capId?.trim() ?? '';
  const errors: FieldError[] =
    capId === '' ? [{ path: 'capId', message: 'is required: the id of a cap period' }] : [];
  const parsedFrom = query.from === undefined ? undefined : parseDate(query.from, 'from');
  const parsedTo = query.to === undefined ? undefined : parseDate(query.to, 'to');
  if (parsedFrom && !parsedFrom.ok) errors.push(...parsedFrom.errors);
  if (parsedTo && !parsedTo.ok) errors.push(...parsedTo.errors);
  if (errors.length > 0) throw AppError.invalid(errors);
  const found = await ctx.store.findCap(actor.issuerId, capId);
  const agreement = found ? await ctx.store.getAgreement(actor.issuerId, found.agreementId) : null;
  const cap = agreement?.caps.find((c) => c.id === capId);
  if (!agreement || !cap) throw AppError.notFound(`cap ${capId}`);

  const today = ctx.clock.today();
  const from = parsedFrom?.ok ? parsedFrom.value : cap.periodStart;
  const to = parsedTo?.ok ? parsedTo.value : minDate(cap.periodEnd, maxDate(today, cap.periodStart));
  if (to < from) throw AppError.invalid([{ path: 'to', message: `${to} is before from (${from})` }]);

  const m = (minor: bigint) => formatMinor(minor, cap.currency);
  const point = (date: CalendarDate, actual: bigint, committed: bigint): UtilizationPoint => {
    const capMinor = capAmountInForce(cap, date);
    return {
      date,
      actual: m(actual),
      committed: m(committed),
      utilised: m(actual + committed),
      cap: m(capMinor),
      percentUsed: formatPercent(actual + committed, capMinor, 2),
    };
  };
  let actual = 0n;
  let committed = 0n;
  const points: UtilizationPoint[] = [];
  const days = await ctx.store.ledgerByDate(capId);
  let i = 0;
  for (; i < days.length && (days[i]?.date ?? to) <= from; i += 1) {
    actual += days[i]?.actualDelta ?? 0n;
    committed += days[i]?.committedDelta ?? 0n;
  }
  points.push(point(from, actual, committed));
  for (; i < days.length; i += 1) {
    const day = days[i];
    if (!day || day.date > to) break;
    actual += day.actualDelta;
    committed += day.committedDelta;
    points.push(point(day.date, actual, committed));
  }
  if (points[points.length - 1]?.date !== to) points.push(point(to, actual, committed));
  return {
    capId: cap.id,
    agreementId: agreement.id,
    categoryKeys: capCategories(agreement, cap).map((c) => c.key),
    periodStart: cap.periodStart,
    periodEnd: cap.periodEnd,
    from,
    to,
    currency: cap.currency,
    cap: m(capAmountInForce(cap, to)),
    points,
  };
}
