/**
 * Issue 7, item 1: the monthly monitoring report of continuing connected transactions, for finance.
 * The state as at the month's last day: utilisation of every cap period in force in the month, the
 * alerts raised about caps in the month, the forecast of each active cap period, and the orders
 * signed in the month with their quote comparison (the seed's internal controls: finance monitors
 * the annual caps monthly and compares the connected party's quotation with two independent ones).
 *
 * Built as a format-neutral `ReportDocument` (src/domain/reports/document.ts); the renderers in
 * src/reports print it. Money stays in bigint minor units with the currency as stored (CNY; the
 * renderers write RMB); percentages stay exact fractions.
 */
import {
  daysInMonth,
  formatDateEn,
  formatDateZh,
  makeDate,
  minDate,
  MONTHS_EN,
  type CalendarDate,
  type CurrencyCode,
} from '../../domain/index.js';
import { parsePercent, type MonitoringAlertKind } from '../../domain/monitoring/policy.js';
import {
  bilingual,
  dateCell,
  moneyCell,
  percentCell,
  textCell,
  type Bilingual,
  type Cell,
  type ReportDocument,
  type Section,
  type Table,
} from '../../domain/reports/document.js';
import type { AppContext } from '../context.js';
import { requireAction } from '../authorize.js';
import { AppError } from '../errors.js';
import { forecastsFor, type CapForecast } from '../get-forecasts.js';
import type { AlertRecord } from '../monitoring-ports.js';
import type { Actor, AgreementRecord, JsonObject, OrderRecord } from '../ports.js';
import { recusalsFor } from '../recusal.js';
import {
  byOccurrence,
  CAP_PERIOD_COLUMNS,
  capCategoryNames,
  capsInForce,
  capUseColumns,
  capUseRow,
  column,
  comparisonMoney,
  field,
  joined,
  named,
  NO,
  reportDocument,
  reportIssuer,
  utilisationBar,
  YES,
  yesNo,
} from './common.js';

export const MONTHLY_MONITORING_TITLE: Bilingual = bilingual(
  'Monthly continuing connected transactions monitoring report',
  '持續關連交易每月監察報告',
);

export interface Month {
  readonly year: number;
  readonly month: number;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  /**
   * The day the state is shown as at: the month's last day, or today while the month is still
   * running (a state "as at" a day not yet reached would count the days to come as days without
   * transactions, and understate the forecast's run-rate).
   */
  readonly asOf: CalendarDate;
  readonly label: Bilingual;
}

const PERIOD = /^(\d{4})-(\d{2})$/;

/** 'YYYY-MM': a real month, not after the current month in Hong Kong. */
export function parseMonthPeriod(period: unknown, today: CalendarDate): Month {
  const invalid = (message: string) => AppError.invalid([{ path: 'period', message }]);
  const m = typeof period === 'string' ? PERIOD.exec(period.trim()) : null;
  if (!m) throw invalid(`must be a month as YYYY-MM, such as "2026-11" (got ${JSON.stringify(period)})`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1900 || month < 1 || month > 12) throw invalid(`"${m[0]}" is not a calendar month`);
  if (m[0] > today.slice(0, 7))
    throw invalid(`${m[0]} is after the current month (${today.slice(0, 7)}): it cannot be reported on yet`);
  const end = makeDate(year, month, daysInMonth(year, month));
  return {
    year,
    month,
    start: makeDate(year, month, 1),
    end,
    asOf: minDate(end, today),
    label: bilingual(`${MONTHS_EN[month - 1] ?? ''} ${year}`, `${year}年${month}月`),
  };
}

/**
 * The utilisation table and bars of every cap period in force in the month, as at `month.asOf`.
 * `thresholdPercent` is the alert marker drawn on the bars (the seed's "about 80%").
 */
export async function utilisationSection(
  ctx: AppContext,
  agreements: readonly AgreementRecord[],
  month: Month,
  thresholdPercent = 80,
): Promise<Section> {
  const { caps, usage } = await capsInForce(ctx, agreements, month);
  const monthTotals = new Map<CurrencyCode, bigint>();
  const rows: Cell[][] = [];
  for (const { a, c } of caps) {
    const { cells, inPeriod } = await capUseRow(ctx, a, c, usage.get(c.id), month);
    monthTotals.set(c.currency, (monthTotals.get(c.currency) ?? 0n) + inPeriod);
    rows.push(cells);
  }
  const table: Table = {
    key: 'utilisation',
    title: bilingual('Annual cap utilisation', '年度上限使用情況'),
    columns: capUseColumns(column('actual_month', 'Actual for the month', '本月實際金額', 'money')),
    rows,
    // Totals only within one currency: amounts in different currencies are never added up.
    totals: [...monthTotals].map(([currency, minor]) => [
      textCell(bilingual(`Total (${currency})`, `合計（${currency}）`)),
      null,
      null,
      null,
      null,
      moneyCell(minor, currency),
      null,
      null,
      null,
      null,
    ]),
    notes: [
      bilingual(
        `As at ${formatDateEn(month.asOf)}: actual amounts dated on or before that day, open orders signed on or before it, and the cap in force on it. % used = (actual + committed) ÷ cap.`,
        `截至${formatDateZh(month.asOf)}：計入該日或之前的實際金額、該日或之前簽訂的未完成訂單，以及該日有效的年度上限。已使用百分比 =（實際金額 + 已承擔金額）÷ 年度上限。`,
      ),
    ],
  };
  return {
    key: 'utilisation',
    heading: bilingual('Annual cap utilisation', '年度上限使用情況'),
    ...(month.asOf < month.end
      ? {
          paragraphs: [
            bilingual(
              `The month is not over: the figures are as at ${formatDateEn(month.asOf)}, not the month end.`,
              `本月尚未結束：數字截至${formatDateZh(month.asOf)}，並非月底。`,
            ),
          ],
        }
      : {}),
    tables: [table],
    bars: caps.map(({ a, c }) => utilisationBar(a, c, usage.get(c.id), month.asOf, thresholdPercent)),
  };
}

/** The alerts about caps (not the term and review reminders, which are dated by their deadline). */
export const CAP_ALERT_KINDS: readonly MonitoringAlertKind[] = [
  'THRESHOLD',
  'EARLY_WARNING',
  'BREACH',
  'CAP_INSUFFICIENT',
];

export const ALERT_KIND_LABELS: Readonly<Record<MonitoringAlertKind, Bilingual>> = {
  THRESHOLD: bilingual('Alert threshold reached (actual amounts)', '實際金額達到警示水平'),
  EARLY_WARNING: bilingual('Early warning (actual and committed)', '預警（實際及已承擔金額）'),
  BREACH: bilingual('Breach', '違規'),
  CAP_INSUFFICIENT: bilingual('Cap insufficient (forecast)', '年度上限預計不足'),
  TERM_EXPIRY: bilingual('Term expiring', '期限即將屆滿'),
  REVIEW_DEADLINE: bilingual('Annual review due', '年度審閱即將到期'),
};

export function thresholdCell(threshold: string | null): Cell {
  if (threshold === null) return null;
  const p = parsePercent(threshold, 'threshold', { allowZero: true });
  // A percentage of 100: "80" is 80/100.
  return p.ok ? percentCell(p.value.numerator, p.value.denominator * 100n, 0) : textCell(threshold);
}

async function thresholdEventsSection(
  ctx: AppContext,
  issuerId: string,
  agreements: readonly AgreementRecord[],
  month: Month,
): Promise<Section> {
  const alerts = (await ctx.store.listAlerts(issuerId))
    .filter(
      (x) => CAP_ALERT_KINDS.includes(x.kind) && x.occurredOn >= month.start && x.occurredOn <= month.end,
    )
    .sort(byOccurrence);
  const categoryOf = (x: AlertRecord): Cell => {
    const a = agreements.find((g) => g.id === x.agreementId);
    const cap = a?.caps.find((c) => c.id === x.capId);
    if (a && cap) return textCell(capCategoryNames(a, cap));
    const category = a?.categories.find((c) => c.id === x.categoryId);
    return category ? textCell(named(category.name)) : null;
  };
  return {
    key: 'threshold-events',
    heading: bilingual('Alerts raised in the month', '本月發出的警示'),
    tables: [
      {
        key: 'threshold-events',
        title: bilingual('Threshold events and breaches', '警示水平事件及違規'),
        columns: [
          column('date', 'Date', '日期', 'date'),
          column('kind', 'Kind', '類型', 'text'),
          ...CAP_PERIOD_COLUMNS.slice(1),
          column('threshold', 'Threshold', '警示水平', 'percent'),
          column('message', 'Message', '內容', 'text'),
        ],
        rows: alerts.map((x) => [
          dateCell(x.occurredOn),
          textCell(ALERT_KIND_LABELS[x.kind]),
          categoryOf(x),
          x.periodStart === null ? null : dateCell(x.periodStart),
          x.periodEnd === null ? null : dateCell(x.periodEnd),
          thresholdCell(x.threshold),
          textCell(bilingual(x.message.en, x.message['zh-Hant'])),
        ]),
        notes: [
          bilingual(
            'Alerts about caps dated in the month: thresholds reached, breaches, and forecasts above a cap.',
            '日期在本月內有關年度上限的警示：達到警示水平、違規，以及預測超出年度上限。',
          ),
        ],
      },
    ],
  };
}

function forecastSection(forecasts: readonly CapForecast[], month: Month): Section {
  const reached = (f: CapForecast, threshold: string): Cell => {
    const t = f.forecast.thresholds.find((x) => x.threshold === threshold);
    return t?.reachedOn ? dateCell(t.reachedOn) : null;
  };
  return {
    key: 'forecast',
    heading: bilingual('Forecast to the end of each cap period', '各上限期間期末預測'),
    tables: [
      {
        key: 'forecast',
        title: bilingual('Projected amounts against the annual caps', '預計金額與年度上限比較'),
        columns: [
          ...CAP_PERIOD_COLUMNS,
          column('cap', 'Annual cap', '年度上限', 'money'),
          column('projected', 'Projected at period end', '預計期末金額', 'money'),
          column('projected_percent', 'Projected % of cap', '預計佔上限百分比', 'percent'),
          column('exceeds_cap', 'Exceeds the cap', '超出年度上限', 'text'),
          column('reaches_80', '80% reached on', '達到80%日期', 'date'),
          column('reaches_100', '100% reached on', '達到100%日期', 'date'),
        ],
        rows: forecasts.map((f) => [
          textCell(named(f.agreement.name)),
          textCell(joined(f.categories.map((k) => k.name))),
          dateCell(f.cap.periodStart),
          dateCell(f.cap.periodEnd),
          moneyCell(f.forecast.capMinor, f.forecast.currency),
          moneyCell(f.forecast.projectedMinor, f.forecast.currency),
          f.forecast.capMinor > 0n ? percentCell(f.forecast.projectedMinor, f.forecast.capMinor, 1) : null,
          yesNo(f.forecast.exceedsCap),
          reached(f, '80'),
          reached(f, '100'),
        ]),
        notes: [
          bilingual(
            `Forecast as at ${formatDateEn(month.asOf)} from the actual amounts to date, the open orders and the recent run-rate; cap periods not yet started are included.`,
            `預測以${formatDateZh(month.asOf)}為基準，根據截至該日的實際金額、未完成訂單及近期交易速度計算；包括尚未開始的上限期間。`,
          ),
        ],
      },
    ],
  };
}

const STATUS_LABELS: Readonly<Record<OrderRecord['status'], Bilingual>> = {
  accepted: bilingual('Open', '未完成'),
  closed: bilingual('Closed', '已完成'),
  cancelled: bilingual('Cancelled', '已取消'),
};

async function ordersSection(
  ctx: AppContext,
  actor: Actor,
  agreements: readonly AgreementRecord[],
  month: Month,
): Promise<Section> {
  const orders = await ctx.store.listOrdersSigned(actor.issuerId, month.start, month.end);
  // An interested director sees no quotes of the agreements they must abstain on (13.44).
  const recused = await recusalsFor(ctx, actor, [...new Set(orders.map((o) => o.agreementId))]);
  const rows = orders.map((o): Cell[] => {
    const agreement = agreements.find((a) => a.id === o.agreementId);
    const category = agreement?.categories.find((c) => c.id === o.categoryId);
    const amount = o.schedule.reduce((sum, l) => sum + l.amountMinor, 0n);
    const withheld = recused.has(o.agreementId);
    const p: JsonObject | null = withheld ? null : o.pricing;
    const currency = field(p, 'currency');
    const exception = field(p, 'exception');
    const approvedBy = field(exception, 'approvedBy');
    const favourable = field(p, 'connectedMoreFavourable');
    return [
      textCell(o.reference),
      dateCell(o.signedOn),
      category ? textCell(named(category.name)) : null,
      textCell(STATUS_LABELS[o.status]),
      moneyCell(amount, o.currency),
      comparisonMoney(field(field(p, 'connectedQuote'), 'capAmount'), currency),
      comparisonMoney(field(field(p, 'bestIndependent'), 'capAmount'), currency),
      typeof favourable === 'boolean' ? yesNo(favourable) : null,
      p === null
        ? null
        : exception === null || exception === undefined
          ? textCell(NO)
          : textCell(
              typeof approvedBy === 'string'
                ? bilingual(`Yes, approved by ${approvedBy}`, `是，由${approvedBy}批准`)
                : YES,
            ),
    ];
  });
  const notes: Bilingual[] = [
    bilingual(
      'Quotes are compared in the cap currency, as recorded with the order when it was placed.',
      '報價以年度上限的貨幣比較，按下單時與訂單一併記錄的比較為準。',
    ),
  ];
  if (orders.some((o) => recused.has(o.agreementId)))
    notes.push(
      bilingual(
        'Quotes of agreements you must abstain on are withheld (Rule 13.44 of the Listing Rules).',
        '閣下須放棄表決的協議，其報價不予提供（上市規則第13.44條）。',
      ),
    );
  return {
    key: 'orders',
    heading: bilingual('Orders signed in the month', '本月簽訂的訂單'),
    paragraphs: [
      bilingual(
        `${orders.length} order(s) signed in ${month.label.en}.`,
        `${month.label['zh-Hant']}共簽訂${orders.length}份訂單。`,
      ),
    ],
    tables: [
      {
        key: 'orders',
        title: bilingual('Orders and quotation comparison', '訂單及報價比較'),
        columns: [
          column('reference', 'Reference', '編號', 'text'),
          column('signed_on', 'Signed on', '簽訂日期', 'date'),
          column('category', 'Category', '交易類別', 'text'),
          column('status', 'Status', '狀態', 'text'),
          column('amount', 'Order amount', '訂單金額', 'money'),
          column('connected_quote', 'Connected person quotation', '關連人士報價', 'money'),
          column(
            'best_independent_quote',
            'Best independent third party quotation',
            '最佳獨立第三方報價',
            'money',
          ),
          column('connected_more_favourable', 'Connected person more favourable', '關連人士條款較佳', 'text'),
          column('exception', 'Exception', '例外批准', 'text'),
        ],
        rows,
        totals: [...new Set(orders.map((o) => o.currency))].map((currency) => [
          textCell(bilingual(`Total (${currency})`, `合計（${currency}）`)),
          null,
          null,
          null,
          moneyCell(
            orders
              .filter((o) => o.currency === currency)
              .reduce((sum, o) => sum + o.schedule.reduce((s, l) => s + l.amountMinor, 0n), 0n),
            currency,
          ),
          null,
          null,
          null,
          null,
        ]),
        notes,
      },
    ],
  };
}

/**
 * The monthly monitoring report for `period` ('YYYY-MM'), as at the month's last day. Read-only.
 */
export async function buildMonthlyMonitoring(
  ctx: AppContext,
  actor: Actor,
  period: string,
): Promise<ReportDocument> {
  requireAction(actor, 'report.read');
  const month = parseMonthPeriod(period, ctx.clock.today());
  const issuer = await reportIssuer(ctx, actor);
  const agreements = await ctx.store.listAgreements(actor.issuerId);
  const forecasts = await forecastsFor(ctx, actor.issuerId, month.asOf);
  return reportDocument(ctx, 'monthly-monitoring', MONTHLY_MONITORING_TITLE, issuer, month, [
    await utilisationSection(ctx, agreements, month),
    await thresholdEventsSection(ctx, actor.issuerId, agreements, month),
    forecastSection(forecasts, month),
    await ordersSection(ctx, actor, agreements, month),
  ]);
}
