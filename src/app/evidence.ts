/**
 * Use cases "upload an evidence file" and "record evidence on an agreement" (issue 4, items 2 and
 * 6). A file is kept content-addressed per issuer: its identity is the SHA-256 of its bytes, it has
 * one issue date, and it is never changed or deleted. The pricing-policy gate cites files by their
 * SHA-256 (`requireEvidence`).
 */
import { createHash } from 'node:crypto';
import {
  ErrorSink,
  joinPath,
  parseDate,
  parseText,
  type CalendarDate,
  type FieldError,
} from '../domain/index.js';
import { checkEvidenceFile, isSha256, parseSha256 } from '../domain/evidence.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type {
  Actor,
  AgreementEvidenceKind,
  AgreementEvidenceRecord,
  EvidenceRecord,
  StoreReader,
} from './ports.js';
import { evidenceRecusal, recusalFor, recusedError, withheldNotice, type WithheldNotice } from './recusal.js';
import { isJsonObject } from './stored-scenario.js';

export const AGREEMENT_EVIDENCE_KINDS: readonly AgreementEvidenceKind[] = [
  'connected-party-terms-to-third-parties',
  'other',
];
export const EVIDENCE_DESCRIPTION_MAX = 2000;
export const AGREEMENT_EVIDENCE_SUMMARY_MAX = 4000;
/** Files one agreement-evidence record may cite. */
export const AGREEMENT_EVIDENCE_MAX_FILES = 100;

export interface EvidenceView {
  readonly sha256: string;
  /** Bytes. */
  readonly size: number;
  readonly mediaType: string;
  readonly filename: string;
  readonly issuedOn: CalendarDate;
  readonly description: string | null;
  readonly uploadedAt: string;
  readonly uploadedBy: string;
}

export interface UploadedEvidence extends EvidenceView {
  /** True when the issuer already had these bytes: nothing was written, the stored record is returned. */
  readonly alreadyStored: boolean;
}

export interface EvidenceUpload {
  readonly bytes: Uint8Array;
  /** As the client declared it; '' or application/octet-stream: inferred from the file name. */
  readonly mediaType: string;
  readonly filename: string;
  /** As sent: required, 'YYYY-MM-DD', not after today. */
  readonly issuedOn: unknown;
  readonly description?: unknown;
}

export const evidenceView = (e: EvidenceRecord): EvidenceView => ({
  sha256: e.sha256,
  size: e.sizeBytes,
  mediaType: e.mediaType,
  filename: e.filename,
  issuedOn: e.issuedOn,
  description: e.description,
  uploadedAt: e.uploadedAt,
  uploadedBy: e.uploadedBy,
});

/** "3f7a9c01b2d4…": enough of a hash for a person to match it. */
export const shortSha = (sha256: string): string => `${sha256.slice(0, 12)}…`;

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Stores an uploaded file for the actor's issuer. The same bytes again are not stored twice: the
 * stored record comes back with `alreadyStored: true` if the issue date given is the stored one,
 * and a conflict naming the stored date otherwise (a file has one issue date).
 */
export async function uploadEvidence(
  ctx: AppContext,
  actor: Actor,
  upload: EvidenceUpload,
): Promise<UploadedEvidence> {
  requireAction(actor, 'evidence.upload');
  const sink = new ErrorSink();
  const file = sink.take(
    checkEvidenceFile({ bytes: upload.bytes, mediaType: upload.mediaType, filename: upload.filename }),
  );
  const issuedOn = sink.take(parseDate(upload.issuedOn, 'issuedOn'));
  const today = ctx.clock.today();
  if (issuedOn !== undefined && issuedOn > today) {
    sink.add(
      'issuedOn',
      `${issuedOn} is after today (${today}): a document cannot have been issued in the future`,
    );
  }
  const description = sink.take(
    parseText(upload.description, 'description', { required: false, max: EVIDENCE_DESCRIPTION_MAX }),
  );
  if (sink.errors.length > 0 || !file || !issuedOn || description === undefined)
    throw AppError.invalid(sink.errors);

  const sha256 = sha256Hex(upload.bytes);
  const sameDate = (stored: EvidenceRecord): UploadedEvidence => {
    if (stored.issuedOn !== issuedOn) {
      throw AppError.conflict(
        'EVIDENCE_ISSUED_ON_DIFFERS',
        `this file (SHA-256 ${shortSha(sha256)}) is already stored with issuedOn ${stored.issuedOn}, not ${issuedOn}; ` +
          'a file has one issue date: upload it again with that date, or upload the document actually issued on the other date',
      );
    }
    return { ...evidenceView(stored), alreadyStored: true };
  };
  // Already there: answer without sending the bytes to the database again.
  const known = await ctx.store.getEvidence(actor.issuerId, sha256);
  if (known) return sameDate(known);

  const record: EvidenceRecord = {
    sha256,
    sizeBytes: file.size,
    mediaType: file.mediaType,
    filename: file.filename,
    issuedOn,
    description,
    uploadedAt: ctx.clock.now(),
    uploadedBy: actor.userId,
  };
  const outcome = await ctx.store.transaction(async (tx) => {
    if (await tx.insertEvidence({ ...record, issuerId: actor.issuerId, content: upload.bytes }))
      return { commit: true, value: { stored: record, inserted: true } };
    // A concurrent upload of the same bytes committed first.
    const stored = await tx.getEvidence(actor.issuerId, sha256);
    if (!stored) throw new Error(`evidence ${sha256} was neither inserted nor found`);
    return { commit: false, value: { stored, inserted: false } };
  });
  return outcome.inserted
    ? { ...evidenceView(outcome.stored), alreadyStored: false }
    : sameDate(outcome.stored);
}

function parseSha256Param(raw: string): string {
  const sha = parseSha256(raw, 'sha256');
  if (!sha.ok) throw AppError.invalid(sha.errors);
  return sha.value;
}

/** 403 RECUSED when the file is cited on an agreement the actor must abstain on (13.44). */
async function requireNotRecusedFrom(ctx: AppContext, actor: Actor, sha256: string): Promise<void> {
  const recusal = await evidenceRecusal(ctx, actor, sha256);
  if (recusal) throw recusedError(recusal, `This file is cited on it (SHA-256 ${shortSha(sha256)}).`);
}

export async function getEvidence(ctx: AppContext, actor: Actor, rawSha256: string): Promise<EvidenceView> {
  requireAction(actor, 'evidence.read');
  const sha256 = parseSha256Param(rawSha256);
  const found = await ctx.store.getEvidence(actor.issuerId, sha256);
  if (!found) throw AppError.notFound(`evidence file ${sha256}`);
  await requireNotRecusedFrom(ctx, actor, sha256);
  return evidenceView(found);
}

/** The file's bytes with its metadata (for the response headers). */
export async function getEvidenceContent(
  ctx: AppContext,
  actor: Actor,
  rawSha256: string,
): Promise<{ readonly evidence: EvidenceView; readonly content: Uint8Array }> {
  requireAction(actor, 'evidence.read');
  const sha256 = parseSha256Param(rawSha256);
  const found = await ctx.store.getEvidence(actor.issuerId, sha256);
  if (!found) throw AppError.notFound(`evidence file ${sha256}`);
  await requireNotRecusedFrom(ctx, actor, sha256);
  const content = await ctx.store.getEvidenceContent(actor.issuerId, sha256);
  if (!content) throw AppError.notFound(`evidence file ${sha256}`);
  return { evidence: evidenceView(found), content };
}

/**
 * Refuses references to files the issuer has not uploaded: one error per such reference, at its
 * path. `sha256` must be lower-case hex (parse client input with `parseSha256` first); anything
 * else is refused at its path too. One query. Pass `reader` to check inside a transaction.
 */
export async function requireEvidence(
  ctx: AppContext,
  issuerId: string,
  refs: readonly { readonly path: string; readonly sha256: string }[],
  reader: StoreReader = ctx.store,
): Promise<void> {
  const errors: FieldError[] = [];
  const wellFormed = refs.filter((r) => {
    if (isSha256(r.sha256)) return true;
    errors.push({
      path: r.path,
      message: `${JSON.stringify(r.sha256)} is not a SHA-256: expected 64 lower-case hexadecimal digits`,
    });
    return false;
  });
  const missing = new Set(
    await reader.missingEvidence(
      issuerId,
      wellFormed.map((r) => r.sha256),
    ),
  );
  for (const r of wellFormed) {
    if (missing.has(r.sha256)) {
      errors.push({
        path: r.path,
        message: `no evidence file with SHA-256 ${shortSha(r.sha256)} has been uploaded for this issuer; upload it with POST /api/v1/evidence`,
      });
    }
  }
  if (errors.length > 0) {
    // In the order the references were given.
    const order = new Map(refs.map((r, i) => [r.path, i]));
    errors.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
    throw AppError.invalid(errors);
  }
}

export interface AgreementEvidenceView {
  readonly id: string;
  readonly agreementId: string;
  readonly seq: number;
  readonly kind: AgreementEvidenceKind;
  readonly summary: string;
  readonly evidence: readonly {
    readonly sha256: string;
    readonly filename: string;
    readonly issuedOn: CalendarDate;
    readonly mediaType: string;
    readonly size: number;
  }[];
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export const agreementEvidenceView = (r: AgreementEvidenceRecord): AgreementEvidenceView => ({
  id: r.id,
  agreementId: r.agreementId,
  seq: r.seq,
  kind: r.kind,
  summary: r.summary,
  evidence: r.files.map((f) => ({
    sha256: f.sha256,
    filename: f.filename,
    issuedOn: f.issuedOn,
    mediaType: f.mediaType,
    size: f.sizeBytes,
  })),
  recordedAt: r.recordedAt,
  recordedBy: r.recordedBy,
});

function parseKind(value: unknown): { kind?: AgreementEvidenceKind; error?: FieldError } {
  const kind = AGREEMENT_EVIDENCE_KINDS.find((k) => k === value);
  if (kind !== undefined) return { kind };
  return {
    error: {
      path: 'kind',
      message:
        (value === undefined || value === null ? 'is required' : `${JSON.stringify(value)} is not a kind`) +
        `: one of ${AGREEMENT_EVIDENCE_KINDS.join(', ')}`,
    },
  };
}

/**
 * Records `{ kind, summary, evidence: [sha256…] }` on an agreement of the actor's issuer
 * (append-only): for the pricing policy's second comparison, the terms the connected party offers
 * independent third parties, with the files that show them.
 */
export async function recordAgreementEvidence(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  raw: unknown,
): Promise<AgreementEvidenceView> {
  requireAction(actor, 'agreement.change');
  if (!(await ctx.store.agreementExists(actor.issuerId, agreementId)))
    throw AppError.notFound(`agreement ${agreementId}`);
  const body = isJsonObject(raw) ? raw : {};
  const sink = new ErrorSink();
  if (!isJsonObject(raw)) sink.add('', 'the body must be a JSON object');
  const { kind, error } = parseKind(body['kind']);
  if (error) sink.errors.push(error);
  const summary = sink.take(
    parseText(body['summary'], 'summary', { required: true, max: AGREEMENT_EVIDENCE_SUMMARY_MAX }),
  );
  const refs: { path: string; sha256: string }[] = [];
  const list = body['evidence'];
  if (!Array.isArray(list) || list.length === 0) {
    sink.add(
      'evidence',
      'is required: a list of at least one SHA-256 of an uploaded evidence file (POST /api/v1/evidence)',
    );
  } else if (list.length > AGREEMENT_EVIDENCE_MAX_FILES) {
    sink.add('evidence', `lists ${list.length} files; at most ${AGREEMENT_EVIDENCE_MAX_FILES} are allowed`);
  } else {
    const seen = new Map<string, string>();
    list.forEach((item: unknown, i) => {
      const path = joinPath('evidence', i);
      const sha = sink.take(parseSha256(item, path));
      if (sha === undefined) return;
      const earlier = seen.get(sha);
      if (earlier !== undefined) sink.add(path, `is listed twice (also at ${earlier})`);
      else {
        seen.set(sha, path);
        refs.push({ path, sha256: sha });
      }
    });
  }
  if (sink.errors.length > 0 || !kind || !summary) throw AppError.invalid(sink.errors);
  await requireEvidence(ctx, actor.issuerId, refs);

  const recorded = await ctx.store.transaction(async (tx) => {
    if (!(await tx.agreementExists(actor.issuerId, agreementId)))
      throw AppError.notFound(`agreement ${agreementId}`);
    const value = await tx.insertAgreementEvidence({
      id: ctx.ids.next('aev'),
      issuerId: actor.issuerId,
      agreementId,
      kind,
      summary,
      sha256s: refs.map((r) => r.sha256),
      recordedAt: ctx.clock.now(),
      recordedBy: actor.userId,
    });
    return { commit: true, value };
  });
  return agreementEvidenceView(recorded);
}

export async function listAgreementEvidence(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
): Promise<{ readonly items: readonly AgreementEvidenceView[]; readonly withheld?: WithheldNotice }> {
  requireAction(actor, 'evidence.read');
  if (!(await ctx.store.agreementExists(actor.issuerId, agreementId)))
    throw AppError.notFound(`agreement ${agreementId}`);
  // 13.44: withheld, with a notice that it is, for a reader who must abstain on the agreement.
  const recusal = await recusalFor(ctx, actor, agreementId);
  if (recusal) return { items: [], withheld: withheldNotice(recusal) };
  const records = await ctx.store.listAgreementEvidence(actor.issuerId, agreementId);
  return { items: records.map(agreementEvidenceView) };
}
