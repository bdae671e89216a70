/**
 * Issue 7: issued reports, the INEDs' sign-offs, the auditor's letters, the annual-review settings
 * and the 14A.59 follow-up tasks (ports in app/review-ports.ts). Records are append-only except the
 * settings (replaced, with their before state in the audit log), the letter's date of the copy to the
 * Exchange and a task's completion (each set once).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { calendarDate, type CalendarDate } from '../domain/index.js';
import type {
  AnnualReviewSettingsRecord,
  AuditorFinding,
  AuditorLetterRecord,
  FollowUpSource,
  FollowUpStatus,
  FollowUpTaskRecord,
  InedLimbSignOff,
  InedSignOffRecord,
  IssuedReportRecord,
} from '../app/review-ports.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

// ---- issued reports ----

function issuedReport(r: Selectable<Database['issued_reports']>): IssuedReportRecord {
  return {
    id: r.id,
    issuerId: r.issuer_id,
    kind: r.kind,
    period: r.period,
    scope: r.scope,
    version: Number(r.version),
    amendsId: r.amends_id,
    knowledgeAt: r.knowledge_at,
    sha256: r.sha256,
    body: r.body,
    differences: r.differences,
    issuedAt: r.issued_at,
    issuedBy: r.issued_by,
  };
}

export async function listIssuedReports(
  db: Db,
  issuerId: string,
  filter: { readonly kind?: string; readonly period?: string; readonly scope?: string } = {},
): Promise<IssuedReportRecord[]> {
  let q = db.selectFrom('issued_reports').selectAll().where('issuer_id', '=', issuerId);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  if (filter.period !== undefined) q = q.where('period', '=', filter.period);
  if (filter.scope !== undefined) q = q.where('scope', '=', filter.scope);
  const rows = await q.orderBy('kind').orderBy('period').orderBy('scope').orderBy('version').execute();
  return rows.map(issuedReport);
}

export async function getIssuedReport(
  db: Db,
  issuerId: string,
  id: string,
): Promise<IssuedReportRecord | null> {
  const r = await db
    .selectFrom('issued_reports')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? issuedReport(r) : null;
}

export async function insertIssuedReport(db: Db, r: IssuedReportRecord): Promise<boolean> {
  const result = await db
    .insertInto('issued_reports')
    .values({
      id: r.id,
      issuer_id: r.issuerId,
      kind: r.kind,
      period: r.period,
      scope: r.scope,
      version: r.version,
      amends_id: r.amendsId,
      knowledge_at: r.knowledgeAt,
      sha256: r.sha256,
      body: r.body,
      differences: r.differences,
      issued_at: r.issuedAt,
      issued_by: r.issuedBy,
    })
    .onConflict((oc) => oc.columns(['issuer_id', 'kind', 'period', 'scope', 'version']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

// ---- INED sign-offs ----

function signOff(r: Selectable<Database['ined_sign_offs']>): InedSignOffRecord {
  return {
    id: r.id,
    issuerId: r.issuer_id,
    financialYear: r.financial_year,
    userId: r.user_id,
    signedName: r.signed_name,
    limbs: JSON.parse(r.limbs) as InedLimbSignOff[],
    packReportId: r.pack_report_id,
    recordedAt: r.recorded_at,
  };
}

export async function listInedSignOffs(
  db: Db,
  issuerId: string,
  financialYear?: string,
): Promise<InedSignOffRecord[]> {
  let q = db.selectFrom('ined_sign_offs').selectAll().where('issuer_id', '=', issuerId);
  if (financialYear !== undefined) q = q.where('financial_year', '=', financialYear);
  const rows = await q.orderBy('financial_year').orderBy('recorded_at').orderBy('id').execute();
  return rows.map(signOff);
}

export async function insertInedSignOff(db: Db, s: InedSignOffRecord): Promise<boolean> {
  const result = await db
    .insertInto('ined_sign_offs')
    .values({
      id: s.id,
      issuer_id: s.issuerId,
      financial_year: s.financialYear,
      user_id: s.userId,
      signed_name: s.signedName,
      limbs: JSON.stringify(s.limbs),
      pack_report_id: s.packReportId,
      recorded_at: s.recordedAt,
    })
    .onConflict((oc) => oc.columns(['issuer_id', 'financial_year', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

// ---- the auditor's letters and the year's settings ----

function letter(r: Selectable<Database['auditor_letters']>): AuditorLetterRecord {
  return {
    id: r.id,
    issuerId: r.issuer_id,
    financialYear: r.financial_year,
    seq: Number(r.seq),
    auditorName: r.auditor_name,
    letterDate: calendarDate(r.letter_date),
    findings: JSON.parse(r.findings) as AuditorFinding[],
    evidenceSha256: r.evidence_sha256,
    sentToExchangeOn: r.sent_to_exchange_on === null ? null : calendarDate(r.sent_to_exchange_on),
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  };
}

export async function listAuditorLetters(
  db: Db,
  issuerId: string,
  financialYear?: string,
): Promise<AuditorLetterRecord[]> {
  let q = db.selectFrom('auditor_letters').selectAll().where('issuer_id', '=', issuerId);
  if (financialYear !== undefined) q = q.where('financial_year', '=', financialYear);
  const rows = await q.orderBy('financial_year').orderBy('seq').execute();
  return rows.map(letter);
}

export async function insertAuditorLetter(db: Db, l: AuditorLetterRecord): Promise<boolean> {
  const result = await db
    .insertInto('auditor_letters')
    .values({
      id: l.id,
      issuer_id: l.issuerId,
      financial_year: l.financialYear,
      seq: l.seq,
      auditor_name: l.auditorName,
      letter_date: l.letterDate,
      findings: JSON.stringify(l.findings),
      evidence_sha256: l.evidenceSha256,
      sent_to_exchange_on: l.sentToExchangeOn,
      recorded_at: l.recordedAt,
      recorded_by: l.recordedBy,
    })
    .onConflict((oc) => oc.columns(['issuer_id', 'financial_year', 'seq']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function markAuditorLetterSent(
  db: Db,
  issuerId: string,
  id: string,
  sentOn: CalendarDate,
): Promise<boolean> {
  const r = await db
    .updateTable('auditor_letters')
    .set({ sent_to_exchange_on: sentOn })
    .where('issuer_id', '=', issuerId)
    .where('id', '=', id)
    .where('sent_to_exchange_on', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

function settings(r: Selectable<Database['annual_review_settings']>): AnnualReviewSettingsRecord {
  return {
    issuerId: r.issuer_id,
    financialYear: r.financial_year,
    limbWording: r.limb_wording === 'three' ? 'three' : 'four',
    bulkPrintDate: r.bulk_print_date === null ? null : calendarDate(r.bulk_print_date),
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  };
}

export async function getAnnualReviewSettings(
  db: Db,
  issuerId: string,
  financialYear: string,
): Promise<AnnualReviewSettingsRecord | null> {
  const r = await db
    .selectFrom('annual_review_settings')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('financial_year', '=', financialYear)
    .executeTakeFirst();
  return r ? settings(r) : null;
}

export async function putAnnualReviewSettings(db: Db, s: AnnualReviewSettingsRecord): Promise<void> {
  await db
    .insertInto('annual_review_settings')
    .values({
      issuer_id: s.issuerId,
      financial_year: s.financialYear,
      limb_wording: s.limbWording,
      bulk_print_date: s.bulkPrintDate,
      recorded_at: s.recordedAt,
      recorded_by: s.recordedBy,
    })
    .onConflict((oc) =>
      oc.columns(['issuer_id', 'financial_year']).doUpdateSet({
        limb_wording: sql`excluded.limb_wording`,
        bulk_print_date: sql`excluded.bulk_print_date`,
        recorded_at: sql`excluded.recorded_at`,
        recorded_by: sql`excluded.recorded_by`,
      }),
    )
    .execute();
}

// ---- 14A.59 follow-up tasks ----

function task(r: Selectable<Database['follow_up_tasks']>): FollowUpTaskRecord {
  return {
    id: r.id,
    issuerId: r.issuer_id,
    rule: r.rule,
    source: r.source as FollowUpSource,
    sourceId: r.source_id,
    financialYear: r.financial_year,
    title: { en: r.title_en, 'zh-Hant': r.title_zh },
    detail: r.detail,
    status: r.status as FollowUpStatus,
    createdAt: r.created_at,
    completedAt: r.completed_at,
    completedBy: r.completed_by,
    completionNote: r.completion_note,
  };
}

export async function listFollowUpTasks(
  db: Db,
  issuerId: string,
  filter: { readonly status?: FollowUpStatus; readonly financialYear?: string } = {},
): Promise<FollowUpTaskRecord[]> {
  let q = db.selectFrom('follow_up_tasks').selectAll().where('issuer_id', '=', issuerId);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.financialYear !== undefined) q = q.where('financial_year', '=', filter.financialYear);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map(task);
}

export async function getFollowUpTask(
  db: Db,
  issuerId: string,
  id: string,
): Promise<FollowUpTaskRecord | null> {
  const r = await db
    .selectFrom('follow_up_tasks')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? task(r) : null;
}

export async function insertFollowUpTask(db: Db, t: FollowUpTaskRecord): Promise<void> {
  await db
    .insertInto('follow_up_tasks')
    .values({
      id: t.id,
      issuer_id: t.issuerId,
      rule: t.rule,
      source: t.source,
      source_id: t.sourceId,
      financial_year: t.financialYear,
      title_en: t.title.en,
      title_zh: t.title['zh-Hant'],
      detail: t.detail,
      status: t.status,
      created_at: t.createdAt,
      completed_at: t.completedAt,
      completed_by: t.completedBy,
      completion_note: t.completionNote,
    })
    .execute();
}

export async function completeFollowUpTask(
  db: Db,
  issuerId: string,
  id: string,
  at: string,
  by: string,
  note: string,
): Promise<boolean> {
  const r = await db
    .updateTable('follow_up_tasks')
    .set({ status: 'done', completed_at: at, completed_by: by, completion_note: note })
    .where('issuer_id', '=', issuerId)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
