/**
 * Issue 7: issuing a report. The document is built (as at its knowledge date), stored unchanged as
 * canonical JSON with its SHA-256, and becomes a record: "the report issued to senior management
 * for October 2026". Issuing the same kind, period and scope again:
 * - with the same content (timestamps aside) returns the version already issued, and writes nothing;
 * - with different content (later postings, a revision, a late acknowledgement) stores the next
 *   version, marked amended, with the differences from the latest version listed in it.
 * A stored version is never changed: reading one re-checks its hash.
 */
import { createHash } from 'node:crypto';
import { ErrorSink, formatDateEn } from '../../domain/index.js';
import type { ReportDocument } from '../../domain/reports/document.js';
import {
  amendedDocument,
  documentDifferences,
  documentJson,
  parseDocumentJson,
  type ReportDifference,
} from '../../domain/reports/issued.js';
import { bodyObject } from '../alerts.js';
import { requireAction } from '../authorize.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Actor } from '../ports.js';
import type { IssuedReportRecord } from '../review-ports.js';
import { hkDateOf } from './common.js';
import { buildReport, type ReportRequest } from './index.js';

export interface IssuedReportView {
  readonly id: string;
  readonly kind: string;
  readonly period: string;
  /** The agreement of an announcement draft; '' otherwise. */
  readonly scope: string;
  readonly version: number;
  readonly amended: boolean;
  readonly amendsId: string | null;
  readonly knowledgeAt: string;
  readonly sha256: string;
  /** Whether the stored bytes still hash to `sha256`. */
  readonly integrity: 'ok' | 'mismatch';
  readonly issuedAt: string;
  readonly issuedBy: string;
  /** The differences from the version amended (null for version 1), as stored. */
  readonly differences: readonly ReportDifference[] | null;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** JSON for the API: bigints (in changed cells) as decimal strings. */
const plain = (differences: string | null): readonly ReportDifference[] | null =>
  differences === null ? null : (JSON.parse(differences) as ReportDifference[]);

export function issuedReportView(r: IssuedReportRecord): IssuedReportView {
  return {
    id: r.id,
    kind: r.kind,
    period: r.period,
    scope: r.scope,
    version: r.version,
    amended: r.version > 1,
    amendsId: r.amendsId,
    knowledgeAt: r.knowledgeAt,
    sha256: r.sha256,
    integrity: sha256(r.body) === r.sha256 ? 'ok' : 'mismatch',
    issuedAt: r.issuedAt,
    issuedBy: r.issuedBy,
    differences: plain(r.differences),
  };
}

/** The document without the instants that differ between two builds of the same content. */
const content = (doc: ReportDocument) =>
  documentJson({ ...doc, generatedAt: '', knowledgeAt: '', title: doc.title, sections: doc.sections });

/** The content of a stored version before it was marked amended (its own differences left out). */
function unmarked(stored: ReportDocument, fresh: ReportDocument): ReportDocument {
  return { ...stored, title: fresh.title, sections: stored.sections.filter((s) => s.key !== 'amendments') };
}

/**
 * Issues the report `kind` for `request`: `{ report, created }`, created false when the latest
 * version already has this content. Needs `report.issue` (and `report.read`, to build it).
 */
export async function issueReport(
  ctx: AppContext,
  actor: Actor,
  kind: string,
  request: { readonly [K in keyof ReportRequest]?: ReportRequest[K] | undefined },
): Promise<{ report: IssuedReportView; created: boolean }> {
  requireAction(actor, 'report.issue');
  const doc = await buildReport(ctx, actor, kind, request);
  const scope = request.agreementId ?? '';
  const period = request.period ?? '';
  return ctx.store.transaction<{ report: IssuedReportView; created: boolean }>(async (tx) => {
    const versions = await tx.listIssuedReports(actor.issuerId, { kind, period, scope });
    const latest = versions.at(-1);
    let body: string;
    let differences: ReportDifference[] | null = null;
    const version = (latest?.version ?? 0) + 1;
    if (latest) {
      const previous = unmarked(parseDocumentJson(latest.body), doc);
      if (content(previous) === content(doc))
        return { commit: false, value: { report: issuedReportView(latest), created: false } };
      differences = documentDifferences(previous, doc);
      body = documentJson(
        amendedDocument(
          doc,
          {
            version: latest.version,
            issuedOn: formatDateEn(hkDateOf(latest.issuedAt)),
            sha256: latest.sha256,
          },
          version,
          differences,
        ),
      );
    } else body = documentJson(doc);
    const record: IssuedReportRecord = {
      id: ctx.ids.next('rpt'),
      issuerId: actor.issuerId,
      kind,
      period,
      scope,
      version,
      amendsId: latest?.id ?? null,
      knowledgeAt: doc.knowledgeAt,
      sha256: sha256(body),
      body,
      differences:
        differences === null
          ? null
          : JSON.stringify(differences, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      issuedAt: ctx.clock.now(),
      issuedBy: actor.userId,
    };
    if (!(await tx.insertIssuedReport(record)))
      throw AppError.conflict(
        'REPORT_ISSUED_CONCURRENTLY',
        `version ${version} of the ${kind} report for ${period} was issued by someone else a moment ago: read it, and issue again if it is still needed`,
      );
    return { commit: true, value: { report: issuedReportView(record), created: true } };
  });
}

export async function listIssuedReports(
  ctx: AppContext,
  actor: Actor,
  filter: { readonly kind?: string | undefined; readonly period?: string | undefined },
): Promise<IssuedReportView[]> {
  requireAction(actor, 'report.read');
  const rows = await ctx.store.listIssuedReports(actor.issuerId, {
    ...(filter.kind !== undefined ? { kind: filter.kind } : {}),
    ...(filter.period !== undefined ? { period: filter.period } : {}),
  });
  return rows.map(issuedReportView);
}

/** An issued version and its stored document, for rendering exactly as issued. */
export async function getIssuedReport(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ report: IssuedReportView; document: ReportDocument }> {
  requireAction(actor, 'report.read');
  const r = await ctx.store.getIssuedReport(actor.issuerId, id);
  if (!r) throw AppError.notFound(`issued report ${id}`);
  const report = issuedReportView(r);
  if (report.integrity !== 'ok')
    throw new Error(
      `issued report ${id} no longer matches its SHA-256 ${r.sha256}: the stored copy was altered outside the application`,
    );
  return { report, document: parseDocumentJson(r.body) };
}

/** `POST /api/v1/issued-reports`: `{ kind, period, knownAt?, agreement? }`, checked field by field. */
export async function issueReportFromBody(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<{ report: IssuedReportView; created: boolean }> {
  requireAction(actor, 'report.issue');
  const body = bodyObject(raw);
  const errors = new ErrorSink();
  const text = (key: string, required: boolean): string | undefined => {
    const v = body[key];
    if (v === undefined || v === null) {
      if (required) errors.add(key, 'is required');
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      errors.add(key, 'must be a non-empty string');
      return undefined;
    }
    return v.trim();
  };
  const kind = text('kind', true);
  const period = text('period', true);
  const knownAt = text('knownAt', false);
  const agreementId = text('agreement', false);
  for (const key of Object.keys(body))
    if (!['kind', 'period', 'knownAt', 'agreement'].includes(key))
      errors.add(key, 'is not a field of this request (kind, period, knownAt, agreement)');
  if (errors.errors.length > 0 || kind === undefined) throw AppError.invalid(errors.errors);
  return issueReport(ctx, actor, kind, { period, knownAt, agreementId });
}
