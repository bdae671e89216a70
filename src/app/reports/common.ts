/**
 * Issue 7: what the report builders share — bilingual names, the columns and rows of a cap period's
 * use, the stored comparison's figures, and the document around the sections.
 */
import { parseMoney, type CalendarDate, type LocalisedName } from '../../domain/index.js';
import {
  bilingual,
  dateCell,
  moneyCell,
  percentCell,
  textCell,
  type Bilingual,
  type Cell,
  type Column,
  type ReportDocument,
  type Section,
  type UtilisationBar,
} from '../../domain/reports/document.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { AlertRecord } from '../monitoring-ports.js';
import type {
  Actor,
  AgreementRecord,
  CapRecord,
  IssuerRecord,
  JsonObject,
  UtilisationRow,
} from '../ports.js';
import { capAmountInForce, capCategories, capView } from '../views.js';

export const named = (n: LocalisedName): Bilingual => bilingual(n.en, n['zh-Hant'] ?? n.en);
export const joined = (names: readonly LocalisedName[]): Bilingual =>
  bilingual(names.map((n) => n.en).join(', '), names.map((n) => n['zh-Hant'] ?? n.en).join('、'));
/** A cap period's categories, joined. */
export const capCategoryNames = (a: AgreementRecord, c: CapRecord): Bilingual =>
  joined(capCategories(a, c).map((k) => k.name));
export const YES = bilingual('Yes', '是');
export const NO = bilingual('No', '否');
export const yesNo = (b: boolean): Cell => textCell(b ? YES : NO);
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const column = (key: string, en: string, zh: string, type: Column['type']): Column => ({
  key,
  header: bilingual(en, zh),
  type,
});

/** The columns that name a cap period: its agreement, categories and period. */
export const CAP_PERIOD_COLUMNS: readonly Column[] = [
  column('agreement', 'Agreement', '協議', 'text'),
  column('category', 'Category', '交易類別', 'text'),
  column('period_start', 'Cap period from', '上限期間由', 'date'),
  column('period_end', 'Cap period to', '上限期間至', 'date'),
];

/** The cells of `CAP_PERIOD_COLUMNS` for a cap period of `a`: its agreement, categories and period. */
export const capPeriodCells = (a: AgreementRecord, c: CapRecord): Cell[] => [
  textCell(named(a.name)),
  textCell(capCategoryNames(a, c)),
  dateCell(c.periodStart),
  dateCell(c.periodEnd),
];

/** The first columns of an event (an alert, a breach): when, what, and on which agreement and category. */
export const EVENT_COLUMNS: readonly Column[] = [
  column('date', 'Date', '日期', 'date'),
  column('kind', 'Kind', '類型', 'text'),
  column('agreement', 'Agreement', '協議', 'text'),
  column('category', 'Category', '交易類別', 'text'),
];

/** The columns of a cap period's use (`capUseRow`): the period's columns, then the figures. */
export const capUseColumns = (inPeriod: Column): Column[] => [
  ...CAP_PERIOD_COLUMNS,
  column('cap', 'Annual cap', '年度上限', 'money'),
  inPeriod,
  column('actual_to_date', 'Actual, cap period to date', '上限期間累計實際金額', 'money'),
  column('committed', 'Committed (open orders)', '已承擔金額（未完成訂單）', 'money'),
  column('headroom', 'Headroom', '剩餘額度', 'money'),
  column('percent_used', '% of cap used', '已使用上限百分比', 'percent'),
];

/** A period reported on: its days, and the day its state is shown as at. */
export interface ReportPeriod {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  readonly asOf: CalendarDate;
}

/** A cap period in force in the month: its period and its categories' effective terms overlap the month. */
export function inForce(
  agreement: AgreementRecord,
  cap: CapRecord,
  month: { readonly start: CalendarDate; readonly end: CalendarDate },
): boolean {
  const view = capView(agreement, cap, false);
  return (
    view.effectiveStart !== null &&
    view.effectiveEnd !== null &&
    view.effectiveStart <= month.end &&
    view.effectiveEnd >= month.start
  );
}

/** The cap periods in force in `period`, with their utilisation as at `period.asOf`. */
export async function capsInForce(
  ctx: AppContext,
  agreements: readonly AgreementRecord[],
  period: ReportPeriod,
): Promise<{
  caps: { a: AgreementRecord; c: CapRecord }[];
  usage: Map<string, UtilisationRow>;
}> {
  const caps = agreements.flatMap((a) => a.caps.filter((c) => inForce(a, c, period)).map((c) => ({ a, c })));
  const usage = new Map(
    (
      await ctx.store.utilisation(
        caps.map((x) => x.c.id),
        period.asOf,
      )
    ).map((r) => [r.capId, r]),
  );
  return { caps, usage };
}

/**
 * A cap period's use (the cells of `capUseColumns`): every ledger movement of an actual amount dated
 * in `period` up to its `asOf` (postings and reversals), and the state as at `asOf`.
 */
export async function capUseRow(
  ctx: AppContext,
  a: AgreementRecord,
  c: CapRecord,
  u: UtilisationRow | undefined,
  period: ReportPeriod,
): Promise<{ cells: Cell[]; inPeriod: bigint; actual: bigint; cap: bigint }> {
  const inPeriod = (await ctx.store.ledgerByDate(c.id))
    .filter((d) => d.date >= period.start && d.date <= period.asOf)
    .reduce((sum, d) => sum + d.actualDelta, 0n);
  const actual = u?.actualMinor ?? 0n;
  const committed = u?.committedMinor ?? 0n;
  const cap = capAmountInForce(c, period.asOf);
  const cells = [
    ...capPeriodCells(a, c),
    moneyCell(cap, c.currency),
    moneyCell(inPeriod, c.currency),
    moneyCell(actual, c.currency),
    moneyCell(committed, c.currency),
    moneyCell(cap - actual - committed, c.currency),
    cap > 0n ? percentCell(actual + committed, cap, 1) : null,
  ];
  return { cells, inPeriod, actual, cap };
}

/** A cap period's label on its bar: its categories and its period. */
export const capPeriodLabel = (a: AgreementRecord, c: CapRecord): Bilingual => {
  const names = capCategoryNames(a, c);
  return bilingual(
    `${names.en} ${c.periodStart} – ${c.periodEnd}`,
    `${names['zh-Hant']} ${c.periodStart} 至 ${c.periodEnd}`,
  );
};

/** The bar of a cap period as at `asOf`: the cap in force on that day, the actual and committed amounts. */
export function utilisationBar(
  a: AgreementRecord,
  c: CapRecord,
  usage: { readonly actualMinor: bigint; readonly committedMinor: bigint } | undefined,
  asOf: CalendarDate,
  thresholdPercent: number,
): UtilisationBar {
  return {
    label: capPeriodLabel(a, c),
    currency: c.currency,
    capMinor: capAmountInForce(c, asOf),
    actualMinor: usage?.actualMinor ?? 0n,
    committedMinor: usage?.committedMinor ?? 0n,
    thresholdPercent,
  };
}

/** The categories of the cap `capId` of `a`, or nothing when there is no such cap. */
export const capCategoryText = (a: AgreementRecord | undefined, capId: string | null): Cell => {
  const cap = a?.caps.find((c) => c.id === capId);
  return a && cap ? textCell(capCategoryNames(a, cap)) : null;
};

/** Alerts in the order they happened: by date, then as raised. */
export const byOccurrence = (x: AlertRecord, y: AlertRecord): number =>
  x.occurredOn.localeCompare(y.occurredOn) ||
  x.raisedAt.localeCompare(y.raisedAt) ||
  x.id.localeCompare(y.id);

/** The calendar date in Hong Kong of a recorded instant (UTC+8, no daylight saving since 1979). */
export const hkDateOf = (instant: string): CalendarDate =>
  new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10) as CalendarDate;

/** A money amount of the stored comparison (a decimal string beside its currency), exactly. */
export function comparisonMoney(amount: unknown, currency: unknown): Cell {
  if (amount === undefined || amount === null) return null;
  const m = parseMoney(amount, currency, { amount: 'amount', currency: 'currency' });
  return m.ok ? moneyCell(m.value.minor, m.value.currency) : null;
}

export const field = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null ? (o as JsonObject)[key] : undefined;

/** The actor's issuer, which every report is about. */
export async function reportIssuer(ctx: AppContext, actor: Actor): Promise<IssuerRecord> {
  const issuer = await ctx.store.getIssuer(actor.issuerId);
  if (!issuer) throw AppError.notFound(`issuer ${actor.issuerId}`);
  return issuer;
}

/** The document around a report's sections, generated now. */
export function reportDocument(
  ctx: AppContext,
  kind: ReportDocument['kind'],
  title: Bilingual,
  issuer: IssuerRecord,
  period: { readonly start: CalendarDate; readonly end: CalendarDate; readonly label: Bilingual },
  sections: Section[],
): ReportDocument {
  const now = ctx.clock.now();
  return {
    kind,
    title,
    issuer: { id: issuer.id, name: named(issuer.name) },
    period: { start: period.start, end: period.end, label: period.label },
    // Everything recorded by now counts; buildReport sets an earlier knowledge date (known-at.ts).
    knowledgeAt: now,
    generatedAt: now,
    demo: issuer.isDemo,
    sections,
  };
}
