/**
 * Issue 7, item 4: the auditor's letter on the continuing connected transactions (Rule 14A.56, HKICPA
 * PN 740) and its deadline (14A.57), with the financial year's annual-review settings.
 *
 * - The settings: the 14A.55 wording the INEDs sign (three limbs or the seed's four, issuer policy
 *   [P]) and the annual report's bulk-printing date.
 * - The letter: the auditor's four findings (board approval, pricing policy, agreement terms, caps),
 *   each "no exception", "exception" (the letter is qualified on it) or, for the pricing policy only,
 *   "not applicable" where the group provides no goods or services (14A.56(2)). A letter is recorded
 *   by the company secretary (the auditor's role is read-only, decision 0012); a corrected letter is
 *   recorded again, never edited. Each exception opens a 14A.59 follow-up task in the same
 *   transaction.
 * - The deadline: a copy of the letter must reach the Exchange at least 10 business days before the
 *   bulk printing (14A.57), on the Hong Kong business-day calendar.
 */
import { ErrorSink, parseDate, parseText, type CalendarDate, type FieldError } from '../domain/index.js';
import { parseSha256 } from '../domain/evidence.js';
import {
  CLOSURES_NOTE,
  HK_GENERAL_HOLIDAYS,
  subtractBusinessDays,
  type HolidayCalendar,
} from '../domain/review/business-days.js';
import { LIMB_WORDINGS } from '../domain/review/limbs.js';
import { bodyObject } from './alerts.js';
import { categoriesOfYear, cctsOfYear, parseFinancialYear, type FinancialYear } from './annual-review.js';
import { requireAction } from './authorize.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { FOLLOW_UP_REQUIREMENT, openFollowUpTask, type FollowUpTaskView } from './follow-up-tasks.js';
import type { Actor, AgreementRecord, CategoryRecord, IssuerRecord, StoreReader } from './ports.js';
import {
  AUDITOR_MATTERS,
  type AnnualReviewSettingsRecord,
  type AuditorFinding,
  type AuditorLetterRecord,
  type AuditorMatter,
  type FindingOutcome,
  type FollowUpTaskRecord,
} from './review-ports.js';

/** 14A.57: the copy of the letter reaches the Exchange at least this many business days before bulk printing. */
export const LETTER_BUSINESS_DAYS_BEFORE_PRINT = 10;
export const AUDITOR_NAME_MAX = 500;
export const FINDING_DETAIL_MAX = 4000;
export const FINDING_AGREEMENTS_MAX = 100;

const OUTCOMES: readonly FindingOutcome[] = ['no-exception', 'exception', 'not-applicable'];

/** The four matters of Rule 14A.56 in words, in both languages. */
export const MATTER_LABELS: Readonly<
  Record<AuditorMatter, { readonly rule: string; readonly en: string; readonly 'zh-Hant': string }>
> = {
  'board-approval': {
    rule: '14A.56(1)',
    en: 'approved by the board of directors',
    'zh-Hant': '已獲董事會批准',
  },
  'pricing-policy': {
    rule: '14A.56(2)',
    en: "in accordance with the group's pricing policies (where the group provides goods or services)",
    'zh-Hant': '符合集團的定價政策（如交易涉及集團提供貨品或服務）',
  },
  'agreement-terms': {
    rule: '14A.56(3)',
    en: 'entered into in accordance with the relevant agreements governing them',
    'zh-Hant': '根據有關交易的協議條款進行',
  },
  caps: {
    rule: '14A.56(4)',
    en: 'within the annual caps',
    'zh-Hant': '並無超出年度上限',
  },
};

// ---- the financial year (annual-review.ts) ----

/** The CCTs of the year (annual-review.ts `cctsOfYear`), each with its categories in the year. */
export const cctsWithCategories = (
  agreements: readonly AgreementRecord[],
  fy: FinancialYear,
): { readonly agreement: AgreementRecord; readonly categories: readonly CategoryRecord[] }[] =>
  cctsOfYear(agreements, fy).map((agreement) => ({ agreement, categories: categoriesOfYear(agreement, fy) }));

/** The categories of the year's CCTs in which the issuer's group provides the goods or services. */
export const groupProvides = (ccts: ReturnType<typeof cctsWithCategories>) =>
  ccts.flatMap(({ agreement, categories }) =>
    categories.filter((c) => c.direction === 'issuer-sells').map((category) => ({ agreement, category })),
  );

async function issuerOf(reader: StoreReader, issuerId: string): Promise<IssuerRecord> {
  const issuer = await reader.getIssuer(issuerId);
  if (!issuer) throw AppError.notFound(`issuer ${issuerId}`);
  return issuer;
}

// ---- settings ----

export interface AnnualReviewSettingsView {
  readonly financialYear: string;
  readonly limbWording: 'three' | 'four';
  readonly bulkPrintDate: CalendarDate | null;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

const settingsView = (s: AnnualReviewSettingsRecord): AnnualReviewSettingsView => ({
  financialYear: s.financialYear,
  limbWording: s.limbWording,
  bulkPrintDate: s.bulkPrintDate,
  recordedAt: s.recordedAt,
  recordedBy: s.recordedBy,
});

const SETTINGS_FIELDS = ['limbWording', 'bulkPrintDate'] as const;

/**
 * Records the year's settings `{ limbWording: 'three' | 'four', bulkPrintDate?: 'YYYY-MM-DD' }`,
 * replacing earlier ones (the audit log keeps what they were). The bulk-printing date is after the
 * year end: the annual report reports on a year that is over.
 */
export async function putAnnualReviewSettings(
  ctx: AppContext,
  actor: Actor,
  year: string,
  raw: unknown,
): Promise<AnnualReviewSettingsView> {
  requireAction(actor, 'review.settings');
  const body = bodyObject(raw);
  const issuer = await issuerOf(ctx.store, actor.issuerId);
  const fy = parseFinancialYear(year, issuer.financialYearEnd, ctx.clock.today(), 'year');
  const sink = new ErrorSink();
  for (const key of Object.keys(body))
    if (!(SETTINGS_FIELDS as readonly string[]).includes(key))
      sink.add(key, `is not a setting of the annual review (${SETTINGS_FIELDS.join(', ')})`);
  const wording = body['limbWording'];
  if (typeof wording !== 'string' || !(LIMB_WORDINGS as readonly string[]).includes(wording))
    sink.add(
      'limbWording',
      `is required: one of ${LIMB_WORDINGS.map((w) => `"${w}"`).join(', ')} (the 14A.55 limbs the INEDs confirm)`,
    );
  let bulkPrintDate: CalendarDate | null = null;
  const rawPrint = body['bulkPrintDate'];
  if (rawPrint !== undefined && rawPrint !== null) {
    const d = sink.take(parseDate(rawPrint, 'bulkPrintDate'));
    if (d !== undefined) {
      if (d <= fy.end)
        sink.add(
          'bulkPrintDate',
          `${d} is not after the financial year ends (${fy.end}): the annual report on the year is printed after it`,
        );
      else bulkPrintDate = d;
    }
  }
  if (sink.errors.length > 0) throw AppError.invalid(sink.errors);
  const record: AnnualReviewSettingsRecord = {
    issuerId: actor.issuerId,
    financialYear: fy.year,
    limbWording: wording as 'three' | 'four',
    bulkPrintDate,
    recordedAt: ctx.clock.now(),
    recordedBy: actor.userId,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.putAnnualReviewSettings(record);
    return { commit: true, value: undefined };
  });
  return settingsView(record);
}

// ---- the letter ----

export interface AuditorLetterView extends Omit<AuditorLetterRecord, 'issuerId'> {
  /** Whether any finding is an exception (the letter is qualified). */
  readonly qualified: boolean;
}

export const letterView = (l: AuditorLetterRecord): AuditorLetterView => {
  const { issuerId: _issuerId, ...rest } = l;
  return { ...rest, qualified: l.findings.some((f) => f.outcome === 'exception') };
};

export interface RecordedAuditorLetter extends AuditorLetterView {
  /** The 14A.59 tasks opened, one per exception. */
  readonly followUpTasks: readonly FollowUpTaskView[];
}

interface DraftFinding {
  readonly index: number;
  readonly matter: AuditorMatter;
  readonly outcome: FindingOutcome;
  readonly detail: string | null;
  readonly agreementIds: readonly string[];
}

function parseFindings(raw: unknown, sink: ErrorSink): DraftFinding[] {
  const all = AUDITOR_MATTERS.map((m) => `"${m}"`).join(', ');
  if (!Array.isArray(raw)) {
    sink.add(
      'findings',
      `is required: a list of the four findings of Rule 14A.56, one per matter (${all}), each { matter, outcome, detail?, agreementIds? }`,
    );
    return [];
  }
  const out: DraftFinding[] = [];
  const seen = new Map<string, number>();
  (raw as unknown[]).forEach((f, i) => {
    const path = `findings[${i}]`;
    if (typeof f !== 'object' || f === null || Array.isArray(f)) {
      sink.add(path, 'must be { matter, outcome, detail?, agreementIds? }');
      return;
    }
    const o = f as Readonly<Record<string, unknown>>;
    const before = sink.errors.length;
    const matter = o['matter'];
    if (typeof matter !== 'string' || !(AUDITOR_MATTERS as readonly string[]).includes(matter))
      sink.add(`${path}.matter`, `must be one of ${all}`);
    else if (seen.has(matter))
      sink.add(
        `${path}.matter`,
        `"${matter}" is already given in findings[${seen.get(matter) ?? 0}]: one finding per matter`,
      );
    else seen.set(matter, i);
    const outcome = o['outcome'];
    if (typeof outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(outcome))
      sink.add(`${path}.outcome`, `must be one of ${OUTCOMES.map((x) => `"${x}"`).join(', ')}`);
    else if (outcome === 'not-applicable' && typeof matter === 'string' && matter !== 'pricing-policy')
      sink.add(
        `${path}.outcome`,
        `"not-applicable" is only for the pricing-policy matter (Rule 14A.56(2) applies only where the group provides goods or services); "${matter}" always applies`,
      );
    const detail = sink.take(
      parseText(o['detail'], `${path}.detail`, { required: false, max: FINDING_DETAIL_MAX }),
    );
    if (outcome === 'exception' && detail === null)
      sink.add(`${path}.detail`, 'is required for an exception: what the auditor reported');
    const ids: string[] = [];
    const rawIds = o['agreementIds'];
    if (rawIds !== undefined && rawIds !== null) {
      if (!Array.isArray(rawIds) || rawIds.length > FINDING_AGREEMENTS_MAX)
        sink.add(`${path}.agreementIds`, `must be a list of at most ${FINDING_AGREEMENTS_MAX} agreement ids`);
      else
        (rawIds as unknown[]).forEach((id, k) => {
          if (typeof id !== 'string' || id.trim() === '')
            sink.add(`${path}.agreementIds[${k}]`, 'must be an agreement id');
          else if (ids.includes(id)) sink.add(`${path}.agreementIds[${k}]`, `"${id}" is listed twice`);
          else ids.push(id);
        });
    }
    if (sink.errors.length === before)
      out.push({
        index: i,
        matter: matter as AuditorMatter,
        outcome: outcome as FindingOutcome,
        detail: detail ?? null,
        agreementIds: ids,
      });
  });
  const missing = AUDITOR_MATTERS.filter((m) => !seen.has(m));
  if (missing.length > 0)
    sink.add(
      'findings',
      `missing the finding on ${missing.map((m) => `"${m}"`).join(', ')}: the letter reports on all four matters of Rule 14A.56 (${all})`,
    );
  return out;
}

/**
 * Records the auditor's letter on the financial year `year`:
 * `{ auditorName, letterDate, findings: [{ matter, outcome, detail?, agreementIds? }], evidenceSha256? }`.
 * Every error names its field (`findings[2].detail`); nothing is written then. Each exception opens
 * a 14A.59 follow-up task in the same transaction.
 */
export async function recordAuditorLetter(
  ctx: AppContext,
  actor: Actor,
  year: string,
  raw: unknown,
): Promise<RecordedAuditorLetter> {
  requireAction(actor, 'auditor-letter.record');
  const body = bodyObject(raw);
  const today = ctx.clock.today();
  const issuer = await issuerOf(ctx.store, actor.issuerId);
  const fy = parseFinancialYear(year, issuer.financialYearEnd, today, 'year');
  const sink = new ErrorSink();
  const auditorName = sink.take(
    parseText(body['auditorName'], 'auditorName', { required: true, max: AUDITOR_NAME_MAX }),
  );
  const letterDate = sink.take(parseDate(body['letterDate'], 'letterDate'));
  if (letterDate !== undefined && letterDate <= fy.end)
    sink.add(
      'letterDate',
      `${letterDate} is not after the financial year ends (${fy.end}): the letter reports on a year that is over`,
    );
  if (letterDate !== undefined && letterDate > today)
    sink.add('letterDate', `${letterDate} is after today (${today}): record the letter once it is issued`);
  const findings = parseFindings(body['findings'], sink);
  const rawSha = body['evidenceSha256'];
  const evidenceSha256 =
    rawSha === undefined || rawSha === null
      ? null
      : (sink.take(parseSha256(rawSha, 'evidenceSha256')) ?? null);
  if (sink.errors.length > 0 || !auditorName || !letterDate) throw AppError.invalid(sink.errors);

  return ctx.store.transaction(async (tx) => {
    const errors: FieldError[] = [];
    const agreements = await tx.listAgreements(actor.issuerId);
    const provided = groupProvides(cctsWithCategories(agreements, fy));
    for (const f of findings) {
      f.agreementIds.forEach((id, k) => {
        if (!agreements.some((a) => a.id === id))
          errors.push({
            path: `findings[${f.index}].agreementIds[${k}]`,
            message: `"${id}" is not an agreement of this issuer`,
          });
      });
      if (f.matter === 'pricing-policy' && f.outcome === 'not-applicable' && provided.length > 0) {
        const first = provided[0];
        errors.push({
          path: `findings[${f.index}].outcome`,
          message:
            `"not-applicable" only where the group provides no goods or services, but in ${fy.label.en} it provides them under ` +
            `${provided.length === 1 ? 'the category' : `${provided.length} categories, such as`} "${first?.category.name.en ?? ''}" of ${first?.agreement.name.en ?? ''} (Rule 14A.56(2))`,
        });
      }
    }
    if (evidenceSha256 !== null && !(await tx.getEvidence(actor.issuerId, evidenceSha256)))
      errors.push({
        path: 'evidenceSha256',
        message: `no evidence file of this issuer has SHA-256 ${evidenceSha256}: upload the letter first (POST /api/v1/evidence)`,
      });
    if (errors.length > 0) throw AppError.invalid(errors);

    const seq =
      (await tx.listAuditorLetters(actor.issuerId, fy.year)).reduce((m, l) => Math.max(m, l.seq), 0) + 1;
    const letter: AuditorLetterRecord = {
      id: ctx.ids.next('aul'),
      issuerId: actor.issuerId,
      financialYear: fy.year,
      seq,
      auditorName,
      letterDate,
      findings: AUDITOR_MATTERS.flatMap((m): AuditorFinding[] => {
        const f = findings.find((x) => x.matter === m);
        return f ? [{ matter: m, outcome: f.outcome, detail: f.detail, agreementIds: f.agreementIds }] : [];
      }),
      evidenceSha256,
      sentToExchangeOn: null,
      recordedAt: ctx.clock.now(),
      recordedBy: actor.userId,
    };
    if (!(await tx.insertAuditorLetter(letter)))
      throw AppError.conflict(
        'LETTER_RECORDED_CONCURRENTLY',
        `another letter on ${fy.label.en} was recorded at the same time: read the letters and record this one again if it is still needed`,
      );
    const tasks: FollowUpTaskRecord[] = [];
    for (const f of letter.findings) {
      if (f.outcome !== 'exception') continue;
      const label = MATTER_LABELS[f.matter];
      tasks.push(
        await openFollowUpTask(ctx, tx, {
          issuerId: actor.issuerId,
          source: 'auditor-letter',
          sourceId: letter.id,
          financialYear: fy.year,
          detail: `${f.matter} (Rule ${label.rule}): ${f.detail ?? ''}`,
          title: {
            en: `The auditor's letter on the ${fy.label.en} reports an exception: not ${label.en}. Notify the Exchange and publish an announcement promptly (Rule 14A.59).`,
            'zh-Hant': `核數師就${fy.label['zh-Hant']}的函件提出例外事項：未能確認交易${label['zh-Hant']}。須從速通知聯交所並刊發公告（上市規則第14A.59條）。`,
          },
        }),
      );
    }
    return {
      commit: true,
      value: {
        ...letterView(letter),
        followUpTasks: tasks.map((t) => ({ ...t, requirement: FOLLOW_UP_REQUIREMENT })),
      },
    };
  });
}

/** Records the day a copy of the letter was sent to the Exchange (14A.57): `{ sentOn }`, once. */
export async function markLetterSentToExchange(
  ctx: AppContext,
  actor: Actor,
  year: string,
  letterId: string,
  raw: unknown,
): Promise<AuditorLetterView> {
  requireAction(actor, 'auditor-letter.record');
  const body = bodyObject(raw);
  const today = ctx.clock.today();
  const issuer = await issuerOf(ctx.store, actor.issuerId);
  const fy = parseFinancialYear(year, issuer.financialYearEnd, today, 'year');
  const sink = new ErrorSink();
  for (const key of Object.keys(body)) if (key !== 'sentOn') sink.add(key, 'is not a field (only sentOn)');
  const sentOn = sink.take(parseDate(body['sentOn'], 'sentOn'));
  if (sentOn !== undefined && sentOn > today)
    sink.add('sentOn', `${sentOn} is after today (${today}): record the copy once it is sent`);
  if (sink.errors.length > 0 || !sentOn) throw AppError.invalid(sink.errors);
  return ctx.store.transaction(async (tx) => {
    const letter = (await tx.listAuditorLetters(actor.issuerId, fy.year)).find((l) => l.id === letterId);
    if (!letter) throw AppError.notFound(`auditor's letter ${letterId} on the financial year ${fy.year}`);
    if (sentOn < letter.letterDate)
      throw AppError.invalid([
        {
          path: 'sentOn',
          message: `${sentOn} is before the letter's date (${letter.letterDate}): a copy cannot be sent before the letter is issued`,
        },
      ]);
    if (
      letter.sentToExchangeOn !== null ||
      !(await tx.markAuditorLetterSent(actor.issuerId, letterId, sentOn))
    )
      throw AppError.conflict(
        'LETTER_ALREADY_SENT',
        `the copy of letter ${letterId} to the Exchange is already recorded${letter.sentToExchangeOn ? ` as sent on ${letter.sentToExchangeOn}` : ''}; a corrected letter is recorded as a new letter`,
      );
    return { commit: true, value: letterView({ ...letter, sentToExchangeOn: sentOn }) };
  });
}

// ---- the status and the 14A.57 deadline ----

export type DeadlineStatus = 'not-set' | 'upcoming' | 'met' | 'missed';

export interface LetterDeadline {
  readonly rule: '14A.57';
  readonly businessDaysBefore: number;
  readonly bulkPrintDate: CalendarDate | null;
  /** The last day a copy may reach the Exchange; null until the bulk-printing date is recorded. */
  readonly sendBy: CalendarDate | null;
  /** The copy of the letter in force (the latest recorded) to the Exchange, if recorded. */
  readonly sentOn: CalendarDate | null;
  /**
   * As of today: `met` (sent by the deadline), `missed` (sent after it, or not sent and the deadline
   * has passed), `upcoming` (not sent, the deadline is today or later), `not-set` (no bulk-printing date).
   */
  readonly status: DeadlineStatus;
  readonly asOf: CalendarDate;
  /** The count crossed a year whose holidays the calendar does not have: the date may be too late. */
  readonly calendarIncomplete: boolean;
  readonly yearsNotCovered: readonly number[];
  readonly calendarSource: string;
  readonly closuresNote: { readonly en: string; readonly 'zh-Hant': string };
}

export interface AuditorLetterStatus {
  readonly financialYear: string;
  readonly period: { readonly start: CalendarDate; readonly end: CalendarDate };
  readonly settings: AnnualReviewSettingsView | null;
  /** In recording order; the latest is the letter in force. */
  readonly letters: readonly AuditorLetterView[];
  readonly deadline: LetterDeadline;
}

/** The 14A.57 deadline of a year, as of `today`. */
export function letterDeadline(
  bulkPrintDate: CalendarDate | null,
  letters: readonly AuditorLetterRecord[],
  today: CalendarDate,
  calendar: HolidayCalendar = HK_GENERAL_HOLIDAYS,
): LetterDeadline {
  const latest = [...letters].sort((a, b) => a.seq - b.seq).at(-1);
  const sentOn = latest?.sentToExchangeOn ?? null;
  const base = {
    rule: '14A.57' as const,
    businessDaysBefore: LETTER_BUSINESS_DAYS_BEFORE_PRINT,
    bulkPrintDate,
    sentOn,
    asOf: today,
    calendarSource: calendar.source,
    closuresNote: CLOSURES_NOTE,
  };
  if (bulkPrintDate === null)
    return { ...base, sendBy: null, status: 'not-set', calendarIncomplete: false, yearsNotCovered: [] };
  const count = subtractBusinessDays(bulkPrintDate, LETTER_BUSINESS_DAYS_BEFORE_PRINT, calendar);
  const sendBy = count.date;
  const status: DeadlineStatus =
    sentOn !== null ? (sentOn <= sendBy ? 'met' : 'missed') : today > sendBy ? 'missed' : 'upcoming';
  return {
    ...base,
    sendBy,
    status,
    calendarIncomplete: count.calendarIncomplete,
    yearsNotCovered: count.yearsNotCovered,
  };
}

/** The year's settings, letters and 14A.57 deadline as of today. Read-only. */
export async function auditorLetterStatus(
  ctx: AppContext,
  actor: Actor,
  year: string,
): Promise<AuditorLetterStatus> {
  requireAction(actor, 'report.read');
  const today = ctx.clock.today();
  const issuer = await issuerOf(ctx.store, actor.issuerId);
  const fy = parseFinancialYear(year, issuer.financialYearEnd, today, 'year');
  return letterStatusOf(ctx.store, actor.issuerId, fy, today);
}

/** The status without the authorisation check, for the auditor's schedule (checked on report.read). */
export async function letterStatusOf(
  reader: StoreReader,
  issuerId: string,
  fy: FinancialYear,
  today: CalendarDate,
): Promise<AuditorLetterStatus> {
  const [settings, letters] = await Promise.all([
    reader.getAnnualReviewSettings(issuerId, fy.year),
    reader.listAuditorLetters(issuerId, fy.year),
  ]);
  const ordered = [...letters].sort((a, b) => a.seq - b.seq);
  return {
    financialYear: fy.year,
    period: { start: fy.start, end: fy.end },
    settings: settings ? settingsView(settings) : null,
    letters: ordered.map(letterView),
    deadline: letterDeadline(settings?.bulkPrintDate ?? null, ordered, today),
  };
}
