import { isScheduleName, SCHEDULE_NAMES } from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { ScheduleRunRecord } from './monitoring-ports.js';
import type { Actor } from './ports.js';

export interface ScheduleRunView {
  readonly schedule: ScheduleRunRecord['schedule'];
  readonly period: string;
  readonly status: ScheduleRunRecord['status'];
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly runBy: string;
  readonly result: ScheduleRunRecord['result'];
}

/** The issuer's schedule runs (of one schedule), by schedule, then period (issue 5). */
export async function listScheduleRuns(
  ctx: AppContext,
  actor: Actor,
  query: { schedule?: string | undefined },
): Promise<{ items: ScheduleRunView[] }> {
  requireAction(actor, 'schedule.read');
  const { schedule } = query;
  if (schedule !== undefined && !isScheduleName(schedule)) {
    throw AppError.invalid([{ path: 'schedule', message: `must be one of ${SCHEDULE_NAMES.join(', ')}` }]);
  }
  const runs = await ctx.store.listScheduleRuns(actor.issuerId, schedule);
  return {
    items: runs.map((r) => ({
      schedule: r.schedule,
      period: r.period,
      status: r.status,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      runBy: r.runBy,
      result: r.result,
    })),
  };
}
