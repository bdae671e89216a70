/**
 * Issue 7: the reports by kind. `buildReport` is what the CLI, the HTTP API and the scheduler call;
 * each kind's builder checks `report.read` itself.
 */
import type { ReportDocument, ReportKind } from '../../domain/reports/document.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Actor } from '../ports.js';
import { buildSemiAnnualDirectors } from './directors.js';
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
};

export const AVAILABLE_REPORT_KINDS = Object.keys(BUILDERS) as ReportKind[];

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
  return builder(ctx, actor, {
    period,
    ...(knownAt !== undefined ? { knownAt } : {}),
    ...(agreementId !== undefined ? { agreementId } : {}),
  });
}
