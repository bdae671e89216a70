/**
 * Issue 7 item 7: the scheduled runs of issue 5 write the reports and tell their readers. The seed's
 * reporting lines (internal controls, section IV 2): finance's monthly monitoring report and the
 * monthly report to senior management; the semi-annual report to the directors, INEDs included.
 *
 * Each run issues the period's reports (stored with their hash, issue.ts) as known when it runs, and
 * queues a notice to every active subscription of the readers' roles (e-mail or signed webhook, sent
 * by the outbox dispatcher). A run repeated after a crash issues nothing new (the content is the same)
 * and notifies again: a reader may hear twice, never not at all.
 */
import type { ReportKind } from '../../domain/reports/document.js';
import type { SchedulePeriod } from '../../domain/index.js';
import type { AppContext } from '../context.js';
import type { OutboxRecord, RecipientRole } from '../monitoring-ports.js';
import type { Actor, IssuerRecord, JsonObject } from '../ports.js';
import { getIssuedReport, issueReport, type IssuedReportView } from './issue.js';

/** Which reports a schedule issues, and whom each one is for. */
export const SCHEDULED_REPORTS: Readonly<
  Record<'monthly' | 'semi-annual', readonly { kind: ReportKind; to: readonly RecipientRole[] }[]>
> = {
  monthly: [
    { kind: 'monthly-monitoring', to: ['finance'] },
    { kind: 'monthly-management', to: ['senior-management'] },
  ],
  'semi-annual': [{ kind: 'semi-annual-directors', to: ['directors', 'ineds'] }],
};

/** The report period of a schedule period: '2026-10' as it is; 'FY2026-H1' → '2026-H1'. */
export const reportPeriodOf = (p: SchedulePeriod): string => p.period.replace(/^FY/, '');

function notice(
  ctx: AppContext,
  issuer: IssuerRecord,
  report: IssuedReportView,
  title: { en: string; 'zh-Hant': string },
  role: RecipientRole,
  subscription: { id: string; channel: 'email' | 'webhook'; target: string },
): OutboxRecord {
  const now = ctx.clock.now();
  const file = `/api/v1/issued-reports/${report.id}/file`;
  const text = [
    `${title.en} (${report.period}) has been issued${report.amended ? `, amended: version ${report.version}` : ''}.`,
    '',
    `${title['zh-Hant']}（${report.period}）已發出${report.amended ? `（經修訂，第${report.version}版）` : ''}。`,
    '',
    `Issuer: ${issuer.name.en}`,
    `Report ${report.id}, version ${report.version}, SHA-256 ${report.sha256}`,
    `Counts what was recorded up to ${report.knowledgeAt}.`,
    '',
    `Read it in Arm's Length: GET ${file}?format=pdf (or html, xlsx; lang=en or zh-Hant)`,
  ].join('\n');
  return {
    id: ctx.ids.next('out'),
    issuerId: issuer.id,
    alertId: null,
    subscriptionId: subscription.id,
    channel: subscription.channel,
    target: subscription.target,
    subject: `${title.en}: ${report.period}`,
    payload:
      subscription.channel === 'webhook'
        ? JSON.stringify({ event: 'report.issued', role, report: { ...report, file } })
        : text,
    createdAt: now,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    deliveredAt: null,
    lastError: null,
  };
}

/** Issues the schedule's reports for the period and queues their notices; what it did, for the run's record. */
export async function issueScheduledReports(
  ctx: AppContext,
  issuer: IssuerRecord,
  actor: Actor,
  period: SchedulePeriod,
): Promise<JsonObject[]> {
  if (period.schedule === 'daily-forecast') return [];
  const done: JsonObject[] = [];
  const subscriptions = await ctx.store.listSubscriptions(issuer.id);
  for (const { kind, to } of SCHEDULED_REPORTS[period.schedule]) {
    const { report, created } = await issueReport(ctx, actor, kind, { period: reportPeriodOf(period) });
    const { document } = await getIssuedReport(ctx, actor, report.id);
    const outbox = subscriptions
      .filter((s) => to.includes(s.role))
      .map((s) => notice(ctx, issuer, report, document.title, s.role, s));
    if (outbox.length > 0) await ctx.store.enqueueOutbox(outbox);
    done.push({
      kind,
      id: report.id,
      version: report.version,
      sha256: report.sha256,
      created,
      notified: outbox.length,
      to: [...to],
    });
  }
  return done;
}
