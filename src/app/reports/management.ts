/**
 * Issue 7, item 2: the monthly management report. The seed's internal controls (section IV, 2): the
 * finance department reports monthly to senior management. What management acts on: per agreement,
 * how many cap periods have reached the alert threshold, any breach, any cap forecast to be
 * insufficient; a utilisation bar per cap period in force; the month's alerts nobody has
 * acknowledged yet; the escalations still open (cap insufficiency goes to the board).
 *
 * The figures are as at the month's last day (today in the running month), from the same helpers as
 * the monthly monitoring report; acknowledgements and escalation statuses are as they stand now.
 */
import { formatDateEn, formatDateZh, type CalendarDate } from '../../domain/index.js';
import { parsePercent, reaches, type Percent } from '../../domain/monitoring/policy.js';
import {
  bilingual,
  dateCell,
  textCell,
  type Bilingual,
  type Cell,
  type ReportDocument,
  type Section,
} from '../../domain/reports/document.js';
import { monitoringPolicyOf } from '../alerts.js';
import { requireAction } from '../authorize.js';
import type { AppContext } from '../context.js';
import { forecastsFor, type CapForecast } from '../get-forecasts.js';
import type { AlertRecord, EscalationRecord, EscalationStatus } from '../monitoring-ports.js';
import type { Actor, AgreementRecord, BreachRecord, CapRecord, StoreReader } from '../ports.js';
import { recusalsFor } from '../recusal.js';
import { capAmountInForce } from '../views.js';
import {
  EVENT_COLUMNS,
  byOccurrence,
  CAP_PERIOD_COLUMNS,
  capCategoryNames,
  capCategoryText,
  capsInForce,
  column,
  comparisonMoney,
  field,
  hkDateOf,
  inForce,
  named,
  plural,
  reportDocument,
  reportIssuer,
} from './common.js';
import {
  ALERT_KIND_LABELS,
  parseMonthPeriod,
  thresholdCell,
  utilisationSection,
  type Month,
} from './monthly-monitoring.js';

export const MONTHLY_MANAGEMENT_TITLE: Bilingual = bilingual(
  'Monthly report to senior management on continuing connected transactions',
  '持續關連交易每月高級管理層報告',
);

/**
 * The threshold drawn on the bars and counted in the summary: the lowest THRESHOLD percentage of the
 * issuer's monitoring policy (the first one reached), or the seed's 80% when the policy has none.
 */
export async function alertThreshold(reader: StoreReader, issuerId: string): Promise<Percent> {
  const policy = await monitoringPolicyOf(reader, issuerId);
  const lowest = [...policy.thresholds].sort((x, y) =>
    x.numerator * y.denominator < y.numerator * x.denominator ? -1 : 1,
  )[0];
  if (lowest) return lowest;
  const eighty = parsePercent('80', 'threshold');
  if (!eighty.ok) throw new Error('80 is a percentage');
  return eighty.value;
}

/** The bar's marker: a display value only; the counting uses the exact fraction (`reaches`). */
export const percentNumber = (p: Percent): number => Number(p.numerator) / Number(p.denominator);

export const ESCALATION_STATUS_LABELS: Readonly<Record<EscalationStatus, Bilingual>> = {
  raised: bilingual('Raised, awaiting senior management review', '已提出，待高級管理層審閱'),
  reviewed: bilingual('Reviewed, awaiting the board decision', '已審閱，待董事會決定'),
  decided: bilingual('Decided by the board', '董事會已作決定'),
};

/** One paragraph per agreement: what senior management has to know about its caps this month. */
function summarySection(
  agreements: readonly AgreementRecord[],
  month: Month,
  usage: ReadonlyMap<string, { actualMinor: bigint; committedMinor: bigint }>,
  threshold: Percent,
  breaches: readonly BreachRecord[],
  forecasts: readonly CapForecast[],
): Section {
  const paragraphs: Bilingual[] = [];
  for (const a of agreements) {
    const caps = a.caps.filter((c) => inForce(a, c, month));
    if (caps.length === 0) continue;
    const over = caps.filter((c) => {
      const cap = capAmountInForce(c, month.asOf);
      return reaches(usage.get(c.id)?.actualMinor ?? 0n, cap, threshold);
    });
    const own = breaches.filter((b) => b.agreementId === a.id);
    const insufficient = forecasts.filter((f) => f.agreement.id === a.id && f.forecast.exceedsCap);
    const name = named(a.name);
    const t = threshold.text;
    const periodsEn = (list: readonly CapRecord[]) =>
      list.map((c) => `${capCategoryNames(a, c).en} ${c.periodStart} – ${c.periodEnd}`);
    const periodsZh = (list: readonly CapRecord[]) =>
      list.map((c) => `${capCategoryNames(a, c)['zh-Hant']} ${c.periodStart} 至 ${c.periodEnd}`);
    const en = [
      `${name.en}: ${plural(caps.length, 'cap period', 'cap periods')} in force; ${over.length} at or above the ${t}% alert threshold on actual amounts${over.length > 0 ? ` (${periodsEn(over).join('; ')})` : ''}.`,
      own.length === 0
        ? 'No breach of the annual caps or terms was recorded in the month.'
        : `${plural(own.length, 'breach was', 'breaches were')} recorded in the month (Rule 14A.54 of the Listing Rules: the Company must re-comply before the cap is exceeded).`,
      insufficient.length === 0
        ? 'No annual cap is forecast to be insufficient.'
        : `${plural(insufficient.length, 'annual cap is', 'annual caps are')} forecast to be insufficient (${periodsEn(insufficient.map((f) => f.cap)).join('; ')}): senior management reports to the board, which considers revising the cap.`,
    ].join(' ');
    const zh = [
      `${name['zh-Hant']}：現行上限期間${caps.length}個，其中${over.length}個的實際金額已達到或超過${t}%警示水平${over.length > 0 ? `（${periodsZh(over).join('；')}）` : ''}。`,
      own.length === 0
        ? '本月並無違反年度上限或協議期限的記錄。'
        : `本月錄得${own.length}宗違規（上市規則第14A.54條：本公司須於超出上限前重新遵守規定）。`,
      insufficient.length === 0
        ? '並無年度上限預計不足。'
        : `${insufficient.length}個年度上限預計不足（${periodsZh(insufficient.map((f) => f.cap)).join('；')}）：高級管理層須向董事會報告，由董事會考慮修訂年度上限。`,
    ].join('');
    paragraphs.push(bilingual(en, zh));
  }
  if (paragraphs.length === 0)
    paragraphs.push(
      bilingual(
        `No cap period was in force in ${month.label.en}.`,
        `${month.label['zh-Hant']}並無現行的上限期間。`,
      ),
    );
  return { key: 'summary', heading: bilingual('Summary', '摘要'), paragraphs };
}

function alertsSection(
  alerts: readonly AlertRecord[],
  agreements: readonly AgreementRecord[],
  month: Month,
): Section {
  return {
    key: 'alerts-to-acknowledge',
    heading: bilingual('Alerts needing acknowledgement', '待確認的警示'),
    paragraphs: [
      bilingual(
        `${plural(alerts.length, 'alert', 'alerts')} of ${month.label.en} not yet acknowledged.`,
        `${month.label['zh-Hant']}有${alerts.length}項警示尚未確認。`,
      ),
    ],
    tables: [
      {
        key: 'alerts-to-acknowledge',
        title: bilingual('Unacknowledged alerts of the month', '本月未確認的警示'),
        columns: [
          ...EVENT_COLUMNS,
          column('threshold', 'Threshold', '警示水平', 'percent'),
          column('message', 'Message', '內容', 'text'),
        ],
        rows: alerts.map((x) => {
          const a = agreements.find((g) => g.id === x.agreementId);
          return [
            dateCell(x.occurredOn),
            textCell(ALERT_KIND_LABELS[x.kind]),
            a ? textCell(named(a.name)) : null,
            capCategoryText(a, x.capId),
            thresholdCell(x.threshold),
            textCell(bilingual(x.message.en, x.message['zh-Hant'])),
          ];
        }),
        notes: [
          bilingual(
            'Alerts dated in the month, or raised in it, with no acknowledgement recorded when the report was generated.',
            '日期在本月內或於本月發出、而於本報告產生時仍未有確認記錄的警示。',
          ),
        ],
      },
    ],
  };
}

/** The escalation's table rows; the forecast put to the board is withheld from an interested reader (13.44). */
export async function escalationRows(
  ctx: AppContext,
  actor: Actor,
  escalations: readonly EscalationRecord[],
  agreements: readonly AgreementRecord[],
): Promise<Cell[][]> {
  const recused = await recusalsFor(
    ctx,
    actor,
    escalations.map((e) => e.agreementId),
  );
  return escalations.map((e) => {
    const a = agreements.find((g) => g.id === e.agreementId);
    const f = recused.has(e.agreementId) ? null : e.forecast;
    return [
      dateCell(hkDateOf(e.raisedAt)),
      a ? textCell(named(a.name)) : null,
      capCategoryText(a, e.capId),
      dateCell(e.periodStart),
      dateCell(e.periodEnd),
      comparisonMoney(field(f, 'cap'), field(f, 'currency')),
      comparisonMoney(field(f, 'projected'), field(f, 'currency')),
      textCell(ESCALATION_STATUS_LABELS[e.status]),
    ];
  });
}

export const ESCALATION_COLUMNS = [
  column('raised_on', 'Raised on', '提出日期', 'date'),
  ...CAP_PERIOD_COLUMNS,
  column('cap', 'Annual cap', '年度上限', 'money'),
  column('projected', 'Projected at period end', '預計期末金額', 'money'),
  column('status', 'Status', '狀態', 'text'),
];

async function escalationsSection(
  ctx: AppContext,
  actor: Actor,
  escalations: readonly EscalationRecord[],
  agreements: readonly AgreementRecord[],
  month: Month,
): Promise<Section> {
  return {
    key: 'escalations-open',
    heading: bilingual('Escalations open', '未完成的上報事項'),
    paragraphs: [
      bilingual(
        `${plural(escalations.length, 'escalation', 'escalations')} of a cap forecast to be insufficient awaiting a board decision, raised on or before ${formatDateEn(month.end)}.`,
        `於${formatDateZh(month.end)}或之前提出、待董事會決定的年度上限預計不足上報事項共${escalations.length}項。`,
      ),
    ],
    tables: [
      {
        key: 'escalations-open',
        title: bilingual('Open escalations of cap insufficiency', '未完成的年度上限不足上報事項'),
        columns: ESCALATION_COLUMNS,
        rows: await escalationRows(ctx, actor, escalations, agreements),
        notes: [
          bilingual(
            'Status as recorded when the report was generated. Forecast figures of agreements you must abstain on are withheld (Rule 13.44 of the Listing Rules).',
            '狀態以本報告產生時的記錄為準。閣下須放棄表決的協議，其預測數字不予提供（上市規則第13.44條）。',
          ),
        ],
      },
    ],
  };
}

/** The monthly management report for `period` ('YYYY-MM'), as at the month's last day. Read-only. */
export async function buildMonthlyManagement(
  ctx: AppContext,
  actor: Actor,
  period: string,
): Promise<ReportDocument> {
  requireAction(actor, 'report.read');
  const month = parseMonthPeriod(period, ctx.clock.today());
  const issuer = await reportIssuer(ctx, actor);
  const agreements = await ctx.store.listAgreements(actor.issuerId);
  const threshold = await alertThreshold(ctx.store, actor.issuerId);
  const { usage } = await capsInForce(ctx, agreements, month);
  const breaches = (await ctx.store.listBreaches(actor.issuerId)).filter(
    (b) => b.occurredOn >= month.start && b.occurredOn <= month.end,
  );
  const forecasts = await forecastsFor(ctx, actor.issuerId, month.asOf);
  const inMonth = (d: CalendarDate) => d >= month.start && d <= month.end;
  const alerts = (await ctx.store.listAlerts(actor.issuerId, { unacknowledged: true }))
    .filter((x) => inMonth(x.occurredOn) || inMonth(hkDateOf(x.raisedAt)))
    .sort(byOccurrence);
  const escalations = (await ctx.store.listEscalations(actor.issuerId))
    .filter((e) => e.status !== 'decided' && hkDateOf(e.raisedAt) <= month.end)
    .sort((x, y) => x.raisedAt.localeCompare(y.raisedAt) || x.id.localeCompare(y.id));
  return reportDocument(ctx, 'monthly-management', MONTHLY_MANAGEMENT_TITLE, issuer, month, [
    summarySection(agreements, month, usage, threshold, breaches, forecasts),
    await utilisationSection(ctx, agreements, month, percentNumber(threshold)),
    alertsSection(alerts, agreements, month),
    await escalationsSection(ctx, actor, escalations, agreements, month),
  ]);
}
