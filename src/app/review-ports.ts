/**
 * Issue 7: the records of the annual review and of issued reports, and how the store keeps them.
 *
 * - Issued reports: a report document stored unchanged with its SHA-256; regenerating it after later
 *   changes stores the next version, marked amended, with the differences listed.
 * - The INEDs' sign-off (14A.55): each INED confirms or qualifies each limb for a financial year.
 * - The auditor's letter (14A.56, PN 740): the four findings, and the dates of the 14A.57 deadline.
 * - Follow-up tasks (14A.59): a qualification by an INED or the auditor opens one; the company
 *   secretary closes it with what was done (the Exchange notified, the announcement published).
 */
import type { CalendarDate } from '../domain/index.js';

// ---- issued reports ----

export interface IssuedReportRecord {
  readonly id: string;
  readonly issuerId: string;
  /** A report kind (ReportKind). */
  readonly kind: string;
  /** The kind's period: YYYY-MM, YYYY-H1/H2, YYYY. */
  readonly period: string;
  /** What else names the report within its kind and period: the agreement of an announcement draft; '' otherwise. */
  readonly scope: string;
  /** 1 for the first issue; each amended version is the next number. */
  readonly version: number;
  /** The version this one amends (null for version 1). */
  readonly amendsId: string | null;
  /** The knowledge date the document was built with. */
  readonly knowledgeAt: string;
  /** SHA-256 (hex) of `body`, exactly as stored. */
  readonly sha256: string;
  /** The document as canonical JSON (bigints as decimal strings), stored unchanged. */
  readonly body: string;
  /** What changed since the version amended (JSON array of differences); null for version 1. */
  readonly differences: string | null;
  readonly issuedAt: string;
  readonly issuedBy: string;
}

export interface IssuedReportsReader {
  /** Every version of the issuer's issued reports, optionally of one kind, period and scope; oldest first. */
  listIssuedReports(
    issuerId: string,
    filter?: { readonly kind?: string; readonly period?: string; readonly scope?: string },
  ): Promise<IssuedReportRecord[]>;
  getIssuedReport(issuerId: string, id: string): Promise<IssuedReportRecord | null>;
}

export interface IssuedReportsTx extends IssuedReportsReader {
  /** False when (issuer, kind, period, scope, version) is taken (a concurrent issue): nothing written. */
  insertIssuedReport(report: IssuedReportRecord): Promise<boolean>;
}

// ---- the INEDs' sign-off (14A.55) ----

export type LimbOutcome = 'confirmed' | 'qualified';

export interface InedLimbSignOff {
  /** A limb key of the issuer's wording of 14A.55 (three or four limbs, issuer policy [P]). */
  readonly limb: string;
  readonly outcome: LimbOutcome;
  /** Required when qualified: what the INED cannot confirm, and why. */
  readonly qualification: string | null;
  /** The agreements the qualification concerns (empty: all the CCTs of the year). */
  readonly agreementIds: readonly string[];
}

export interface InedSignOffRecord {
  readonly id: string;
  readonly issuerId: string;
  /** The financial year, named by the calendar year it ends in ('2025'). */
  readonly financialYear: string;
  /** The INED's user account. */
  readonly userId: string;
  /** The INED's name as signed. */
  readonly signedName: string;
  readonly limbs: readonly InedLimbSignOff[];
  /** The issued review pack the INED reviewed, when one was issued. */
  readonly packReportId: string | null;
  readonly recordedAt: string;
}

export interface InedSignOffsReader {
  listInedSignOffs(issuerId: string, financialYear?: string): Promise<InedSignOffRecord[]>;
}

export interface InedSignOffsTx extends InedSignOffsReader {
  /** False when this user has already signed off this year: nothing written. */
  insertInedSignOff(signOff: InedSignOffRecord): Promise<boolean>;
}

// ---- the auditor's letter (14A.56) and its deadline (14A.57) ----

/** The four matters of Rule 14A.56, in its order. */
export const AUDITOR_MATTERS = ['board-approval', 'pricing-policy', 'agreement-terms', 'caps'] as const;
export type AuditorMatter = (typeof AUDITOR_MATTERS)[number];

/**
 * A finding on one matter: nothing came to the auditor's attention ('no-exception'), something did
 * ('exception': the letter is qualified on that matter), or the matter does not apply (the
 * pricing-policy matter where the group does not provide the goods or services).
 */
export type FindingOutcome = 'no-exception' | 'exception' | 'not-applicable';

export interface AuditorFinding {
  readonly matter: AuditorMatter;
  readonly outcome: FindingOutcome;
  /** Required for an exception: what the auditor reported. */
  readonly detail: string | null;
  readonly agreementIds: readonly string[];
}

export interface AuditorLetterRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly financialYear: string;
  /** Recording order within the year: a corrected letter is recorded again, never edited. */
  readonly seq: number;
  readonly auditorName: string;
  readonly letterDate: CalendarDate;
  readonly findings: readonly AuditorFinding[];
  /** The letter itself, as an uploaded evidence file (SHA-256), when given. */
  readonly evidenceSha256: string | null;
  /** When a copy was sent to the Exchange (14A.57); null until recorded. */
  readonly sentToExchangeOn: CalendarDate | null;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/**
 * A financial year's annual-review settings: the 14A.55 wording the INEDs sign (three limbs, or the
 * seed's four — issuer policy [P]) and the annual report's bulk-printing date, from which the
 * auditor's letter is due at the Exchange 10 business days before (14A.57).
 */
export interface AnnualReviewSettingsRecord {
  readonly issuerId: string;
  readonly financialYear: string;
  readonly limbWording: 'three' | 'four';
  readonly bulkPrintDate: CalendarDate | null;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface AuditorLettersReader {
  listAuditorLetters(issuerId: string, financialYear?: string): Promise<AuditorLetterRecord[]>;
  getAnnualReviewSettings(
    issuerId: string,
    financialYear: string,
  ): Promise<AnnualReviewSettingsRecord | null>;
}

export interface AuditorLettersTx extends AuditorLettersReader {
  /** False when (issuer, year, seq) is taken: nothing written. */
  insertAuditorLetter(letter: AuditorLetterRecord): Promise<boolean>;
  /** Records the copy to the Exchange once; false when the letter is unknown or already sent. */
  markAuditorLetterSent(issuerId: string, id: string, sentOn: CalendarDate): Promise<boolean>;
  /** Inserts or replaces the year's settings. */
  putAnnualReviewSettings(settings: AnnualReviewSettingsRecord): Promise<void>;
}

// ---- follow-up tasks (14A.59) ----

export type FollowUpSource = 'ined-sign-off' | 'auditor-letter';
export type FollowUpStatus = 'open' | 'done';

export interface FollowUpTaskRecord {
  readonly id: string;
  readonly issuerId: string;
  /** The rule that requires the task ('14A.59'). */
  readonly rule: string;
  readonly source: FollowUpSource;
  /** The sign-off or letter that opened it. */
  readonly sourceId: string;
  readonly financialYear: string;
  /** What must be done, in both languages. */
  readonly title: { readonly en: string; readonly 'zh-Hant': string };
  /** The qualification or exception that caused it, verbatim. */
  readonly detail: string;
  readonly status: FollowUpStatus;
  readonly createdAt: string;
  readonly completedAt: string | null;
  readonly completedBy: string | null;
  /** What was done (announcement reference, date the Exchange was notified). */
  readonly completionNote: string | null;
}

export interface FollowUpTasksReader {
  listFollowUpTasks(
    issuerId: string,
    filter?: { readonly status?: FollowUpStatus; readonly financialYear?: string },
  ): Promise<FollowUpTaskRecord[]>;
  getFollowUpTask(issuerId: string, id: string): Promise<FollowUpTaskRecord | null>;
}

export interface FollowUpTasksTx extends FollowUpTasksReader {
  insertFollowUpTask(task: FollowUpTaskRecord): Promise<void>;
  /** Closes an open task; false when it is unknown or already done. */
  completeFollowUpTask(issuerId: string, id: string, at: string, by: string, note: string): Promise<boolean>;
}

export interface ReviewReader
  extends IssuedReportsReader, InedSignOffsReader, AuditorLettersReader, FollowUpTasksReader {}

export interface ReviewTx extends IssuedReportsTx, InedSignOffsTx, AuditorLettersTx, FollowUpTasksTx {}
