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

type Builder = (ctx: AppContext, actor: Actor, period: string) => Promise<ReportDocument>;

/** The kinds built so far; the others of issue 7 follow. */
const BUILDERS: Partial<Record<ReportKind, Builder>> = {
  'monthly-monitoring': buildMonthlyMonitoring,
  'monthly-management': buildMonthlyManagement,
  'semi-annual-directors': buildSemiAnnualDirectors,
};

export const AVAILABLE_REPORT_KINDS = Object.keys(BUILDERS) as ReportKind[];

export async function buildReport(
  ctx: AppContext,
  actor: Actor,
  kind: string,
  period: string | undefined,
): Promise<ReportDocument> {
  const builder = (BUILDERS as Record<string, Builder | undefined>)[kind];
  if (!builder)
    throw AppError.notFound(`report kind "${kind}" (available: ${AVAILABLE_REPORT_KINDS.join(', ')})`);
  if (period === undefined) throw AppError.invalid([{ path: 'period', message: 'is required' }]);
  return builder(ctx, actor, period);
}
