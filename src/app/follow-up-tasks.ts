/**
 * Issue 7: 14A.59 follow-up tasks. When the INEDs or the auditor cannot confirm the matters of
 * 14A.55 or 14A.56, the issuer must promptly notify the Exchange and publish an announcement (Rule
 * 14A.59). A qualified INED limb or an auditor's exception opens one task, in the same transaction
 * as the record that qualified; the company secretary closes it by saying what was done. A task is
 * never deleted or reopened: a closed task keeps who closed it, when and why.
 */
import { ErrorSink, parseText } from '../domain/index.js';
import { bodyObject } from './alerts.js';
import { requireAction } from './authorize.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Actor, StoreTx } from './ports.js';
import type { FollowUpSource, FollowUpStatus, FollowUpTaskRecord } from './review-ports.js';

export const FOLLOW_UP_RULE = '14A.59';

/** Opens a 14A.59 task inside the caller's transaction (the sign-off or letter that qualified). */
export async function openFollowUpTask(
  ctx: AppContext,
  tx: StoreTx,
  task: {
    readonly issuerId: string;
    readonly source: FollowUpSource;
    readonly sourceId: string;
    readonly financialYear: string;
    readonly detail: string;
    readonly title: { readonly en: string; readonly 'zh-Hant': string };
  },
): Promise<FollowUpTaskRecord> {
  const record: FollowUpTaskRecord = {
    id: ctx.ids.next('task'),
    issuerId: task.issuerId,
    rule: FOLLOW_UP_RULE,
    source: task.source,
    sourceId: task.sourceId,
    financialYear: task.financialYear,
    title: task.title,
    detail: task.detail,
    status: 'open',
    createdAt: ctx.clock.now(),
    completedAt: null,
    completedBy: null,
    completionNote: null,
  };
  await tx.insertFollowUpTask(record);
  return record;
}

/** A task as the API shows it: the record, with what the rule asks in words. */
export interface FollowUpTaskView extends FollowUpTaskRecord {
  readonly requirement: { readonly en: string; readonly 'zh-Hant': string };
}

export const FOLLOW_UP_REQUIREMENT = {
  en: 'Promptly notify the Exchange and publish an announcement (Rule 14A.59 of the Listing Rules).',
  'zh-Hant': '須從速通知聯交所並刊發公告（上市規則第14A.59條）。',
} as const;

const view = (t: FollowUpTaskRecord): FollowUpTaskView => ({ ...t, requirement: FOLLOW_UP_REQUIREMENT });

const STATUSES: readonly FollowUpStatus[] = ['open', 'done'];
const YEAR = /^\d{4}$/;

/** The issuer's tasks, optionally by status and financial year; oldest first. */
export async function listFollowUpTasks(
  ctx: AppContext,
  actor: Actor,
  query: { readonly status?: string | undefined; readonly financialYear?: string | undefined },
): Promise<FollowUpTaskView[]> {
  requireAction(actor, 'report.read');
  const errors = new ErrorSink();
  const { status, financialYear } = query;
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
    errors.add('status', `must be one of ${STATUSES.join(', ')}`);
  if (financialYear !== undefined && !YEAR.test(financialYear))
    errors.add('financialYear', 'must be a year as YYYY');
  if (errors.errors.length > 0) throw AppError.invalid(errors.errors);
  const tasks = await ctx.store.listFollowUpTasks(actor.issuerId, {
    ...(status !== undefined ? { status: status as FollowUpStatus } : {}),
    ...(financialYear !== undefined ? { financialYear } : {}),
  });
  return tasks.map(view);
}

/** Closes an open task with what was done: `{ note }` (the announcement, when the Exchange was told). */
export async function completeFollowUpTask(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<FollowUpTaskView> {
  requireAction(actor, 'follow-up.complete');
  const body = bodyObject(raw);
  const errors = new ErrorSink();
  const note = errors.take(parseText(body['note'], 'note', { required: true, max: 4000 }));
  if (errors.errors.length > 0 || note === null || note === undefined) throw AppError.invalid(errors.errors);
  return ctx.store.transaction(async (tx) => {
    const task = await tx.getFollowUpTask(actor.issuerId, id);
    if (!task) throw AppError.notFound(`follow-up task ${id}`);
    const at = ctx.clock.now();
    if (!(await tx.completeFollowUpTask(actor.issuerId, id, at, actor.userId, note.trim())))
      throw AppError.conflict(
        'TASK_ALREADY_DONE',
        `follow-up task ${id} was already completed on ${task.completedAt ?? 'an earlier date'}`,
      );
    const done = await tx.getFollowUpTask(actor.issuerId, id);
    if (!done) throw AppError.notFound(`follow-up task ${id}`);
    return { commit: true, value: view(done) };
  });
}
