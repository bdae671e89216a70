/**
 * Issue 7: the reports by kind. `buildReport` is what the CLI, the HTTP API and the scheduler call;
 * each kind's builder checks `report.read` itself.
 */
import type { ReportDocument, ReportKind } from '../../domain/reports/document.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Actor } from '../ports.js';
import { buildAnnouncementDraft } from './announcement.js';
import { buildAnnualReportDisclosure } from './annual-report.js';
import { buildAuditorSchedule } from './auditor-schedule.js';
import { buildSemiAnnualDirectors } from './directors.js';
import { buildInedReview } from './ined-review.js';
import { knownAtContext, parseKnownAt } from './known-at.js';
import { buildMonthlyManagement } from './management.js';
import { buildMonthlyMonitoring } from './monthly-monitoring.js';

/**
 * What a report is asked for. `period` is the kind's period (YYYY-MM, YYYY-H1/H2, YYYY);
 * `knownAt` is the knowledge date (an ISO instant: only what was recorded by then counts; default
 * now); `agreementId` names the agreement of a kind about one agreement (the announcement draft).
 */
export interface ReportRequest {
  readonly period: string;
  readonly knownAt?: string;
  readonly agreementId?: string;
}

export type Builder = (ctx: AppContext, actor: Actor, request: ReportRequest) => Promise<ReportDocument>;

/** The kinds built so far; the others of issue 7 follow. */
const BUILDERS: Partial<Record<ReportKind, Builder>> = {
  'monthly-monitoring': (ctx, actor, r) => buildMonthlyMonitoring(ctx, actor, r.period),
  'monthly-management': (ctx, actor, r) => buildMonthlyManagement(ctx, actor, r.period),
  'semi-annual-directors': (ctx, actor, r) => buildSemiAnnualDirectors(ctx, actor, r.period),
  'annual-report-disclosure': (ctx, actor, r) => buildAnnualReportDisclosure(ctx, actor, r.period),
  'announcement-draft': (ctx, actor, r) => buildAnnouncementDraft(ctx, actor, r),
  'ined-review': (ctx, actor, r) => buildInedReview(ctx, actor, r.period),
  'auditor-schedule': (ctx, actor, r) => buildAuditorSchedule(ctx, actor, r),
};

export const AVAILABLE_REPORT_KINDS = Object.keys(BUILDERS) as ReportKind[];

/** The kinds about one agreement, named by `agreementId` (HTTP `agreement`, CLI `--agreement`). */
export const AGREEMENT_KINDS: readonly string[] = ['announcement-draft'];

export async function buildReport(
  ctx: AppContext,
  actor: Actor,
  kind: string,
  request: { readonly [K in keyof ReportRequest]?: ReportRequest[K] | undefined },
): Promise<ReportDocument> {
  const builder = (BUILDERS as Record<string, Builder | undefined>)[kind];
  if (!builder)
    throw AppError.notFound(`report kind "${kind}" (available: ${AVAILABLE_REPORT_KINDS.join(', ')})`);
  const { period, knownAt, agreementId } = request;
  if (period === undefined) throw AppError.invalid([{ path: 'period', message: 'is required' }]);
  if (agreementId !== undefined && !AGREEMENT_KINDS.includes(kind))
    throw AppError.invalid([
      {
        path: 'agreement',
        message: `the ${kind} report covers every agreement of the issuer: an agreement is named only for ${AGREEMENT_KINDS.join(', ')}`,
      },
    ]);
  if (knownAt === undefined)
    return builder(ctx, actor, { period, ...(agreementId !== undefined ? { agreementId } : {}) });
  const at = parseKnownAt(knownAt, ctx.clock.now());
  const doc = await builder(knownAtContext(ctx, at), actor, {
    period,
    knownAt: at,
    ...(agreementId !== undefined ? { agreementId } : {}),
  });
  return { ...doc, knowledgeAt: at };
}
