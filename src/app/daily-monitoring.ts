/**
 * The daily monitoring run (issue 5): the forecast of every active cap period with its escalation
 * where the cap looks insufficient, terms ending soon (TERM_EXPIRY) and annual reviews coming due
 * (REVIEW_DEADLINE). Run by the scheduler once a day; each alert is raised once (dedupe keys), so a
 * run repeated after a crash raises nothing twice.
 */
import {
  addDays,
  daysInMonth,
  effectiveTerm,
  formatDateEn,
  formatDateZh,
  makeDate,
  yearOf,
  type CalendarDate,
} from '../domain/index.js';
import { monitoringPolicyOf, raiseAlert } from './alerts.js';
import type { AppContext } from './context.js';
import { escalateAll, type CapOutlook } from './escalations.js';
import { forecastItem, forecastsFor } from './get-forecasts.js';
import type { IssuerRecord } from './ports.js';
import { defaultScheduleJobs, type ScheduleJobs } from './scheduler.js';

export interface DailyMonitoringResult {
  readonly asOf: CalendarDate;
  readonly forecasts: number;
  readonly escalations: readonly string[];
  readonly termExpiries: readonly string[];
  readonly reviewDeadlines: readonly string[];
}

/** The forecasts of the issuer's active cap periods as escalations read them (see get-forecasts.ts). */
export type OutlookSource = (ctx: AppContext, issuerId: string, asOf: CalendarDate) => Promise<CapOutlook[]>;

/**
 * The review of a financial year is due this many days after its end: the INEDs' confirmation
 * (14A.55) and the auditor's letter (14A.56, to the Exchange 10 business days before bulk printing,
 * 14A.57) go into the annual report, due within four months of the year end (Rule 13.46(2)) — issuer
 * policy [P], a working deadline ahead of the rule.
 */
export const REVIEW_DUE_DAYS_AFTER_YEAR_END = 90;

/** The financial year ends (MM-DD) on or before `asOf` whose review is due within the notice period. */
function yearEndsDue(issuer: IssuerRecord, asOf: CalendarDate, noticeDays: number): CalendarDate[] {
  const [mm, dd] = issuer.financialYearEnd.split('-').map(Number) as [number, number];
  const out: CalendarDate[] = [];
  for (const y of [yearOf(asOf) - 1, yearOf(asOf)]) {
    const end = makeDate(y, mm, Math.min(dd, daysInMonth(y, mm)));
    const due = addDays(end, REVIEW_DUE_DAYS_AFTER_YEAR_END);
    if (end < asOf && asOf <= due && addDays(due, -noticeDays) <= asOf) out.push(end);
  }
  return out;
}

export async function runDailyMonitoring(
  ctx: AppContext,
  issuerId: string,
  asOf: CalendarDate,
  outlooks: OutlookSource,
): Promise<DailyMonitoringResult> {
  const policy = await monitoringPolicyOf(ctx.store, issuerId);
  const forecasts = await outlooks(ctx, issuerId, asOf);
  const escalations = await escalateAll(ctx, issuerId, forecasts);
  const agreements = await ctx.store.listAgreements(issuerId);
  const issuer = await ctx.store.getIssuer(issuerId);

  const termExpiries: string[] = [];
  const reviewDeadlines: string[] = [];
  await ctx.store.transaction(async (tx) => {
    for (const agreement of agreements) {
      const links = await tx.agreementLinks(issuerId, agreement.id);
      if (links.renewedBy.length > 0) continue;
      for (const category of agreement.categories) {
        const term = effectiveTerm({
          termStart: category.termStart,
          termEnd: category.termEnd,
          terminatedOn: category.termination?.effectiveOn ?? null,
        });
        if (!term || term.end < asOf || addDays(term.end, -policy.termExpiryNoticeDays) > asOf) continue;
        const name = category.name;
        const alert = await raiseAlert(ctx, tx, issuerId, policy, {
          kind: 'TERM_EXPIRY',
          severity: 'info',
          dedupeKey: `TERM_EXPIRY:${category.id}:${term.end}`,
          agreementId: agreement.id,
          categoryId: category.id,
          cap: null,
          threshold: null,
          capMinor: null,
          actualMinor: null,
          committedMinor: null,
          actualId: null,
          breachId: null,
          occurredOn: term.end,
          subject: `Term ending ${formatDateEn(term.end)}: ${name.en} under ${agreement.name.en}`,
          message: {
            en:
              `The term of ${name.en} under the ${agreement.name.en} ends on ${formatDateEn(term.end)}: renew it and ` +
              're-comply with Chapter 14A before it ends (Rule 14A.54(2)), or let it lapse.',
            'zh-Hant':
              `${agreement.name['zh-Hant'] ?? agreement.name.en}項下${name['zh-Hant'] ?? name.en}的期限將於${formatDateZh(term.end)}屆滿：` +
              '須於屆滿前續訂並重新遵守第14A章的規定（上市規則第14A.54(2)條），或任其屆滿。',
          },
          details: { termEnd: term.end },
        });
        if (alert) termExpiries.push(alert.id);
      }
    }
    if (issuer && agreements.length > 0) {
      for (const end of yearEndsDue(issuer, asOf, policy.reviewNoticeDays)) {
        const start = addDays(end, -364);
        const active = agreements.some((a) =>
          a.caps.some((c) => c.periodStart <= end && c.periodEnd >= start),
        );
        if (!active) continue;
        const due = addDays(end, REVIEW_DUE_DAYS_AFTER_YEAR_END);
        const alert = await raiseAlert(ctx, tx, issuerId, policy, {
          kind: 'REVIEW_DEADLINE',
          severity: 'warning',
          dedupeKey: `REVIEW_DEADLINE:${end}`,
          agreementId: null,
          categoryId: null,
          cap: null,
          threshold: null,
          capMinor: null,
          actualMinor: null,
          committedMinor: null,
          actualId: null,
          breachId: null,
          occurredOn: due,
          subject: `Annual review of continuing connected transactions due ${formatDateEn(due)}`,
          message: {
            en:
              `The annual review for the financial year ended ${formatDateEn(end)} is due by ${formatDateEn(due)}: ` +
              "the INEDs' confirmation (Rule 14A.55) and the auditor's letter (Rule 14A.56; a copy to the Exchange at " +
              'least 10 business days before bulk printing, Rule 14A.57) for the annual report.',
            'zh-Hant':
              `截至${formatDateZh(end)}止財政年度的年度審閱須於${formatDateZh(due)}前完成：` +
              '獨立非執行董事的確認（上市規則第14A.55條）及核數師函件（上市規則第14A.56條；須於年報付印前最少10個營業日送交聯交所，上市規則第14A.57條）。',
          },
          details: { yearEnd: end, dueOn: due },
        });
        if (alert) reviewDeadlines.push(alert.id);
      }
    }
    return { commit: true, value: undefined };
  });
  return {
    asOf,
    forecasts: forecasts.length,
    escalations: escalations.map((e) => e.id),
    termExpiries,
    reviewDeadlines,
  };
}

/**
 * The forecasts of get-forecasts.ts as escalations read them: the current periods and those not yet
 * started, so that a cap that already looks too small for next year reaches the board while there is
 * time to revise it before the period begins.
 */
export const forecastOutlooks: OutlookSource = async (ctx, issuerId, asOf) =>
  (await forecastsFor(ctx, issuerId, asOf)).map((x) => ({
    agreement: x.agreement,
    cap: x.cap,
    capMinor: x.forecast.capMinor,
    projectedMinor: x.forecast.projectedMinor,
    asOf,
    forecast: { ...forecastItem(x) },
  }));

/** The scheduler's jobs with the daily run in place of its placeholder. */
export const monitoringScheduleJobs: ScheduleJobs = {
  ...defaultScheduleJobs,
  dailyForecast: async (ctx, issuer, date) => {
    const result = await runDailyMonitoring(ctx, issuer.id, date, forecastOutlooks);
    return {
      report: 'daily-forecast',
      asOf: result.asOf,
      forecasts: result.forecasts,
      escalations: [...result.escalations],
      termExpiries: [...result.termExpiries],
      reviewDeadlines: [...result.reviewDeadlines],
    };
  },
};
