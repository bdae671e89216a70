/**
 * Issue 7, item 2: the semi-annual report to the directors (INEDs included). The seed's internal
 * controls (section IV, 2): the finance department reports semi-annually to the directors. For the
 * board: each cap period's use in the half-year and to date with its forecast, the breaches and the
 * escalations of the half-year with the board's decisions, and how the half-year's orders complied
 * with the pricing policy (the two independent quotes before any order).
 */
import {
  addDays,
  daysInMonth,
  formatDateEn,
  makeDate,
  minDate,
  type CalendarDate,
} from '../../domain/index.js';
import { formatDateZhLong } from '../../domain/chapter14a/implications.js';
import {
  bilingual,
  countCell,
  dateCell,
  moneyCell,
  textCell,
  type Bilingual,
  type Cell,
  type ReportDocument,
  type Section,
} from '../../domain/reports/document.js';
import { requireAction } from '../authorize.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { forecastsFor } from '../get-forecasts.js';
import type { EscalationDecision, EscalationRecord } from '../monitoring-ports.js';
import type { Actor, AgreementRecord, BreachCode, BreachRecord, OrderRecord } from '../ports.js';
import { recusalsFor } from '../recusal.js';
import {
  EVENT_COLUMNS,
  capCategoryText,
  capsInForce,
  capUseColumns,
  capUseRow,
  column,
  field,
  hkDateOf,
  named,
  plural,
  reportDocument,
  reportIssuer,
  utilisationBar,
  yesNo,
} from './common.js';
import { alertThreshold, ESCALATION_COLUMNS, escalationRows, percentNumber } from './management.js';

export const SEMI_ANNUAL_DIRECTORS_TITLE: Bilingual = bilingual(
  'Semi-annual report to the directors on continuing connected transactions',
  '持續關連交易半年度董事會報告',
);

export interface HalfYear {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  /** The half's last day, or today while it is still running. */
  readonly asOf: CalendarDate;
  readonly label: Bilingual;
}

const HALF = /^(\d{4})-H([12])$/;

/** The same day `months` later, or the month's last day when it has no such day. */
function addMonths(d: CalendarDate, months: number): CalendarDate {
  const [y = 0, m = 1, day = 1] = d.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return makeDate(year, month, Math.min(day, daysInMonth(year, month)));
}

/**
 * 'YYYY-H1' / 'YYYY-H2': the halves of the issuer's financial year named by its end year (as HK
 * documents name financial years: "FY2026", "截至二零二六年十二月三十一日止年度"). H1 is the first six
 * months of that financial year, from the day after the previous year end; H2 the rest, to the year
 * end. For a 31 December year end, 2026-H1 is 1 January – 30 June 2026; for a 31 March year end,
 * 2026-H1 is 1 April – 30 September 2025 and 2026-H2 is 1 October 2025 – 31 March 2026. A year end on
 * 29 February falls on 28 February in other years. A half that has not started is refused (422).
 */
export function parseHalfYear(period: unknown, financialYearEnd: string, today: CalendarDate): HalfYear {
  const invalid = (message: string) => AppError.invalid([{ path: 'period', message }]);
  const m = typeof period === 'string' ? HALF.exec(period.trim()) : null;
  if (!m)
    throw invalid(
      `must be a half-year as YYYY-H1 or YYYY-H2, such as "2026-H1" (got ${JSON.stringify(period)})`,
    );
  const year = Number(m[1]);
  if (year < 1900) throw invalid(`"${m[0]}" is not a financial year`);
  const [mm = 12, dd = 31] = financialYearEnd.split('-').map(Number);
  const yearEnd = (y: number) => makeDate(y, mm, Math.min(dd, daysInMonth(y, mm)));
  const fyStart = addDays(yearEnd(year - 1), 1);
  const h1End = addDays(addMonths(fyStart, 6), -1);
  const [start, end] = m[2] === '1' ? [fyStart, h1End] : [addDays(h1End, 1), yearEnd(year)];
  if (start > today)
    throw invalid(`${m[0]} starts on ${start}, after today (${today}): it cannot be reported on yet`);
  return {
    start,
    end,
    asOf: minDate(end, today),
    label: bilingual(
      `${end <= today ? 'six months ended' : 'six months ending'} ${formatDateEn(end)}`,
      `截至${formatDateZhLong(end)}止六個月`,
    ),
  };
}

async function capsSection(
  ctx: AppContext,
  issuerId: string,
  agreements: readonly AgreementRecord[],
  half: HalfYear,
  thresholdPercent: number,
): Promise<Section> {
  const { caps, usage } = await capsInForce(ctx, agreements, half);
  const forecasts = await forecastsFor(ctx, issuerId, half.asOf);
  const rows: Cell[][] = [];
  for (const { a, c } of caps) {
    const { cells, actual, cap } = await capUseRow(ctx, a, c, usage.get(c.id), half);
    const f = forecasts.find((x) => x.cap.id === c.id);
    const sufficiency = f
      ? f.forecast.exceedsCap
        ? bilingual('Insufficient: forecast to exceed the cap', '不足：預計超出年度上限')
        : bilingual('Sufficient on the forecast', '按預測足夠')
      : actual <= cap
        ? bilingual('Period ended within the cap', '期間已結束，未超出年度上限')
        : bilingual('Period ended above the cap', '期間已結束，超出年度上限');
    rows.push([
      ...cells,
      f ? moneyCell(f.forecast.projectedMinor, f.forecast.currency) : null,
      textCell(sufficiency),
    ]);
  }
  return {
    key: 'caps',
    heading: bilingual('Annual caps: use in the half-year and to date', '年度上限：本半年度及累計使用情況'),
    ...(half.asOf < half.end
      ? {
          paragraphs: [
            bilingual(
              `The half-year is not over: the figures are as at ${formatDateEn(half.asOf)}.`,
              `本半年度尚未結束：數字截至${formatDateZhLong(half.asOf)}。`,
            ),
          ],
        }
      : {}),
    tables: [
      {
        key: 'caps',
        title: bilingual('Annual cap utilisation and forecast', '年度上限使用情況及預測'),
        columns: [
          ...capUseColumns(column('actual_half', 'Actual for the half-year', '本半年度實際金額', 'money')),
          column('projected', 'Projected at period end', '預計期末金額', 'money'),
          column('sufficiency', 'Cap sufficiency', '年度上限是否足夠', 'text'),
        ],
        rows,
        notes: [
          bilingual(
            `As at ${formatDateEn(half.asOf)}. The half-year's actual counts the amounts dated in it (postings and reversals); % used = (actual + committed) ÷ cap. Forecasts from the actual amounts to date, the open orders and the recent run-rate.`,
            `截至${formatDateZhLong(half.asOf)}。本半年度實際金額計入日期在本半年度內的金額（包括入賬及撥回）；已使用百分比 =（實際金額 + 已承擔金額）÷ 年度上限。預測根據累計實際金額、未完成訂單及近期交易速度計算。`,
          ),
        ],
      },
    ],
    bars: caps.map(({ a, c }) => utilisationBar(a, c, usage.get(c.id), half.asOf, thresholdPercent)),
  };
}

const BREACH_LABELS: Readonly<Record<BreachCode, Bilingual>> = {
  CAP_EXCEEDED: bilingual('Annual cap exceeded', '超出年度上限'),
  OUTSIDE_TERM: bilingual('Transaction outside the term', '交易不在協議期限內'),
  NO_COVERING_CAP: bilingual('No annual cap covering the transaction', '交易無年度上限涵蓋'),
};

const DECISION_LABELS: Readonly<Record<EscalationDecision, Bilingual>> = {
  'revise-cap': bilingual('Revise the annual cap', '修訂年度上限'),
  'no-action': bilingual('No action', '不採取行動'),
};

export async function breachesSection(
  ctx: AppContext,
  issuerId: string,
  breaches: readonly BreachRecord[],
  agreements: readonly AgreementRecord[],
  half: Pick<HalfYear, 'label'>,
): Promise<Section> {
  // What was done about each breach (the re-compliance announcement), through its BREACH alert.
  const alerts = (await ctx.store.listAlerts(issuerId, { kind: 'BREACH' })).filter(
    (x) => x.breachId !== null,
  );
  const remediations = await ctx.store.listRemediations(alerts.map((x) => x.id));
  const remediationOf = (b: BreachRecord): Cell => {
    const ids = new Set(alerts.filter((x) => x.breachId === b.id).map((x) => x.id));
    const texts = remediations
      .filter((r) => ids.has(r.alertId))
      .map((r) => (r.reference ? `${r.reference}: ${r.notes}` : r.notes));
    return texts.length === 0 ? textCell(bilingual('None recorded', '未有記錄')) : textCell(texts.join('; '));
  };
  return {
    key: 'breaches',
    heading: bilingual('Breaches in the half-year', '本半年度的違規'),
    paragraphs: [
      bilingual(
        breaches.length === 0
          ? `No breach of the annual caps or terms was recorded in the ${half.label.en}.`
          : `${plural(breaches.length, 'breach was', 'breaches were')} recorded in the ${half.label.en} (Rule 14A.54 of the Listing Rules).`,
        breaches.length === 0
          ? `${half.label['zh-Hant']}並無違反年度上限或協議期限的記錄。`
          : `${half.label['zh-Hant']}錄得${breaches.length}宗違規（上市規則第14A.54條）。`,
      ),
    ],
    tables: [
      {
        key: 'breaches',
        title: bilingual('Breaches and what was done', '違規及跟進'),
        columns: [
          ...EVENT_COLUMNS,
          column('cap', 'Annual cap', '年度上限', 'money'),
          column('actual', 'Actual', '實際金額', 'money'),
          column('excess', 'Excess', '超出金額', 'money'),
          column('remediation', 'Remediation', '補救措施', 'text'),
        ],
        rows: breaches.map((b) => {
          const a = agreements.find((g) => g.id === b.agreementId);
          const category = a?.categories.find((c) => c.id === b.categoryId);
          const money = (minor: bigint | null) =>
            minor === null || b.currency === null ? null : moneyCell(minor, b.currency);
          return [
            dateCell(b.occurredOn),
            textCell(BREACH_LABELS[b.code]),
            a ? textCell(named(a.name)) : null,
            b.capId !== null ? capCategoryText(a, b.capId) : category ? textCell(named(category.name)) : null,
            money(b.capMinor),
            money(b.actualMinor),
            money(b.excessMinor),
            remediationOf(b),
          ];
        }),
      },
    ],
  };
}

async function escalationsSection(
  ctx: AppContext,
  actor: Actor,
  escalations: readonly EscalationRecord[],
  agreements: readonly AgreementRecord[],
  half: HalfYear,
): Promise<Section> {
  const steps = await ctx.store.listEscalationSteps(escalations.map((e) => e.id));
  const recused = await recusalsFor(
    ctx,
    actor,
    escalations.map((e) => e.agreementId),
  );
  const base = await escalationRows(ctx, actor, escalations, agreements);
  const rows = escalations.map((e, i): Cell[] => {
    const decided = steps.find((s) => s.escalationId === e.id && s.step === 'decided');
    const reason = recused.has(e.agreementId) ? null : (decided?.reason ?? null);
    return [
      ...(base[i] ?? []),
      decided?.decision
        ? textCell(DECISION_LABELS[decided.decision])
        : textCell(bilingual('Pending', '待決定')),
      decided ? dateCell(hkDateOf(decided.at)) : null,
      reason === null ? null : textCell(reason),
    ];
  });
  const decidedCount = rows.filter((_, i) =>
    steps.some((s) => s.escalationId === escalations[i]?.id && s.step === 'decided'),
  ).length;
  return {
    key: 'escalations',
    heading: bilingual('Escalations to the board in the half-year', '本半年度向董事會上報的事項'),
    paragraphs: [
      bilingual(
        `${plural(escalations.length, 'escalation', 'escalations')} of a cap forecast to be insufficient raised or open in the ${half.label.en}; the board decided ${decidedCount}.`,
        `${half.label['zh-Hant']}內提出或未完成的年度上限預計不足上報事項共${escalations.length}項，董事會已就其中${decidedCount}項作出決定。`,
      ),
    ],
    tables: [
      {
        key: 'escalations',
        title: bilingual('Escalations and board decisions', '上報事項及董事會決定'),
        columns: [
          ...ESCALATION_COLUMNS,
          column('decision', 'Board decision', '董事會決定', 'text'),
          column('decided_on', 'Decided on', '決定日期', 'date'),
          column('reason', 'Reason', '理由', 'text'),
        ],
        rows,
        notes: [
          bilingual(
            'Status and decisions as recorded when the report was generated. Figures and reasons of agreements you must abstain on are withheld (Rule 13.44 of the Listing Rules).',
            '狀態及決定以本報告產生時的記錄為準。閣下須放棄表決的協議，其數字及理由不予提供（上市規則第13.44條）。',
          ),
        ],
      },
    ],
  };
}

/** What an order's stored comparison says about the pricing policy (also the INED review pack's). */
export function pricingOutcome(o: OrderRecord) {
  const p = o.pricing;
  const required = field(field(p, 'policy'), 'minIndependentQuotes');
  const counted = field(p, 'countedQuotes');
  const exception = field(p, 'exception');
  return {
    recorded: p !== null,
    required: typeof required === 'number' ? required : null,
    counted: typeof counted === 'number' ? counted : null,
    enoughQuotes: typeof required === 'number' && typeof counted === 'number' && counted >= required,
    exception: exception !== null && exception !== undefined,
    approvedBy: field(exception, 'approvedBy'),
    favourable: field(p, 'connectedMoreFavourable'),
  };
}

export async function pricingSection(
  ctx: AppContext,
  actor: Actor,
  half: Pick<HalfYear, 'start' | 'end' | 'label'>,
): Promise<Section> {
  const orders = await ctx.store.listOrdersSigned(actor.issuerId, half.start, half.end);
  const outcomes = orders.map((o) => ({ o, r: pricingOutcome(o) }));
  const enough = outcomes.filter((x) => x.r.enoughQuotes).length;
  const exceptions = outcomes.filter((x) => x.r.exception || x.r.favourable === false || !x.r.enoughQuotes);
  const withException = outcomes.filter((x) => x.r.exception).length;
  const notRecorded = outcomes.filter((x) => !x.r.recorded).length;
  const recused = await recusalsFor(ctx, actor, [...new Set(exceptions.map((x) => x.o.agreementId))]);
  return {
    key: 'pricing',
    heading: bilingual('Pricing policy compliance', '定價政策遵守情況'),
    paragraphs: [
      bilingual(
        `${plural(orders.length, 'order was', 'orders were')} signed in the ${half.label.en}; ${enough} with at least the required number of independent third party quotations counted, ${withException} under an approved exception${notRecorded > 0 ? `, ${notRecorded} without a quotation comparison recorded` : ''}. ${exceptions.length === 0 ? 'Every order was on terms no less favourable than the independent quotations.' : `${plural(exceptions.length, 'order departs', 'orders depart')} from the policy and ${exceptions.length === 1 ? 'is' : 'are'} listed below.`}`,
        `${half.label['zh-Hant']}共簽訂${orders.length}份訂單；其中${enough}份已取得所需數目的獨立第三方報價，${withException}份經批准例外處理${notRecorded > 0 ? `，${notRecorded}份未有報價比較記錄` : ''}。${exceptions.length === 0 ? '所有訂單的條款均不遜於獨立第三方報價。' : `${exceptions.length}份訂單偏離定價政策，列於下表。`}`,
      ),
    ],
    tables: [
      {
        key: 'pricing-exceptions',
        title: bilingual('Orders departing from the pricing policy', '偏離定價政策的訂單'),
        columns: [
          column('reference', 'Reference', '編號', 'text'),
          column('signed_on', 'Signed on', '簽訂日期', 'date'),
          column('required_quotes', 'Independent quotations required', '所需獨立報價數目', 'count'),
          column('counted_quotes', 'Independent quotations counted', '計入的獨立報價數目', 'count'),
          column('connected_more_favourable', 'Connected person more favourable', '關連人士條款較佳', 'text'),
          column('exception', 'Exception approved by', '例外批准人', 'text'),
        ],
        rows: exceptions.map(({ o, r }) => {
          const withheld = recused.has(o.agreementId);
          return [
            textCell(o.reference),
            dateCell(o.signedOn),
            r.required === null ? null : countCell(r.required),
            r.counted === null || withheld ? null : countCell(r.counted),
            typeof r.favourable === 'boolean' && !withheld ? yesNo(r.favourable) : null,
            typeof r.approvedBy === 'string' && !withheld ? textCell(r.approvedBy) : null,
          ];
        }),
        notes: [
          bilingual(
            'The pricing policy: before any order, quotations from at least the required number of independent third parties, and the order only if the connected person’s quotation is more favourable.',
            '定價政策：在訂立任何訂單前，須向所需數目的獨立第三方索取報價，並僅於關連人士的報價較為優惠時方訂立訂單。',
          ),
        ],
      },
    ],
  };
}

/** The semi-annual directors' report for `period` ('YYYY-H1' / 'YYYY-H2'). Read-only. */
export async function buildSemiAnnualDirectors(
  ctx: AppContext,
  actor: Actor,
  period: string,
): Promise<ReportDocument> {
  requireAction(actor, 'report.read');
  const issuer = await reportIssuer(ctx, actor);
  const half = parseHalfYear(period, issuer.financialYearEnd, ctx.clock.today());
  const agreements = await ctx.store.listAgreements(actor.issuerId);
  const threshold = await alertThreshold(ctx.store, actor.issuerId);
  const breaches = (await ctx.store.listBreaches(actor.issuerId))
    .filter((b) => b.occurredOn >= half.start && b.occurredOn <= half.end)
    .sort((x, y) => x.occurredOn.localeCompare(y.occurredOn) || x.id.localeCompare(y.id));
  // Raised or still open in the half: raised by its end, and not decided before it began.
  const all = await ctx.store.listEscalations(actor.issuerId);
  const steps = await ctx.store.listEscalationSteps(all.map((e) => e.id));
  const escalations = all
    .filter((e) => {
      if (hkDateOf(e.raisedAt) > half.end) return false;
      const decided = steps.find((s) => s.escalationId === e.id && s.step === 'decided');
      return !decided || hkDateOf(decided.at) >= half.start;
    })
    .sort((x, y) => x.raisedAt.localeCompare(y.raisedAt) || x.id.localeCompare(y.id));
  return reportDocument(ctx, 'semi-annual-directors', SEMI_ANNUAL_DIRECTORS_TITLE, issuer, half, [
    await capsSection(ctx, actor.issuerId, agreements, half, percentNumber(threshold)),
    await breachesSection(ctx, actor.issuerId, breaches, agreements, half),
    await escalationsSection(ctx, actor, escalations, agreements, half),
    await pricingSection(ctx, actor, half),
  ]);
}
