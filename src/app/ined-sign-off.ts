/**
 * Issue 7, item 3: the INEDs' sign-off of the annual review (Rule 14A.55). Each INED confirms or
 * qualifies every limb of the confirmation (three limbs, or the seed's four: issuer policy [P], per
 * financial year), once per year. A qualified limb means the INEDs cannot confirm that matter, so in
 * the same transaction a 14A.59 task is opened: the Company must promptly notify the Exchange and
 * publish an announcement.
 *
 * Decisions (docs/decisions/0016-ined-sign-off.md):
 * - Only a completed financial year is signed off: the confirmation is about the year's transactions,
 *   which are not all known until it ends.
 * - An INED who must abstain on an agreement (Rule 13.44) is not shown its quotations, evidence and
 *   board papers (recusal.ts), so cannot form a view on it: their sign-off is recorded and covers the
 *   other CCTs of the year; a qualification may not name that agreement (422), and an INED who must
 *   abstain on every CCT of the year has nothing to sign off (403 RECUSED). The recusal is recorded
 *   when the sign-off is made, and the pack shows it against the INED's rows.
 */
import { ErrorSink, parseText } from '../domain/index.js';
import { findLimb, type ConfirmationLimb } from '../domain/review/limbs.js';
import { bodyObject } from './alerts.js';
import {
  cctsOfYear,
  inedMembers,
  limbWordingOf,
  parseFinancialYear,
  type FinancialYear,
} from './annual-review.js';
import { requireAction } from './authorize.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { openFollowUpTask } from './follow-up-tasks.js';
import type { Actor, AgreementRecord } from './ports.js';
import { RECUSED_MESSAGE, recusalsFor } from './recusal.js';
import type { FollowUpTaskRecord, InedLimbSignOff, InedSignOffRecord, LimbOutcome } from './review-ports.js';

const BODY_FIELDS = new Set(['signedName', 'limbs', 'packReportId']);
const LIMB_FIELDS = new Set(['limb', 'outcome', 'qualification', 'agreementIds']);
const OUTCOMES: readonly LimbOutcome[] = ['confirmed', 'qualified'];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A sign-off as the API shows it, with the 14A.59 tasks its qualifications opened. */
export interface InedSignOffView extends Omit<InedSignOffRecord, 'issuerId'> {
  readonly tasks: readonly FollowUpTaskRecord[];
}

const view = (s: InedSignOffRecord, tasks: readonly FollowUpTaskRecord[]): InedSignOffView => {
  const { issuerId: _issuer, ...rest } = s;
  return { ...rest, tasks: tasks.filter((t) => t.source === 'ined-sign-off' && t.sourceId === s.id) };
};

/** The 14A.59 task's title for a qualified limb. */
export function qualificationTaskTitle(
  limb: ConfirmationLimb,
  signedName: string,
  fy: FinancialYear,
): { en: string; 'zh-Hant': string } {
  return {
    en: `Notify the Exchange and publish an announcement: ${signedName} (INED) could not confirm limb ${limb.number} "${limb.label.en}" for FY${fy.year} (Rule 14A.59 of the Listing Rules)`,
    'zh-Hant': `通知聯交所並刊發公告：獨立非執行董事${signedName}未能就${fy.label['zh-Hant']}確認第${limb.number}項「${limb.label['zh-Hant']}」（上市規則第14A.59條）`,
  };
}

/** Field by field: every limb of the year's wording once; a qualification for (and only for) a qualified limb. */
function parseLimbs(
  raw: unknown,
  limbs: readonly ConfirmationLimb[],
  wording: 'three' | 'four',
  ccts: readonly AgreementRecord[],
  all: readonly AgreementRecord[],
  fy: FinancialYear,
  sink: ErrorSink,
): InedLimbSignOff[] {
  const keys = limbs.map((l) => `"${l.key}"`).join(', ');
  if (!Array.isArray(raw)) {
    sink.add('limbs', `is required: one entry per limb of the ${wording}-limb wording (${keys})`);
    return [];
  }
  const out: InedLimbSignOff[] = [];
  const seen = new Set<string>();
  (raw as unknown[]).forEach((entry, i) => {
    const path = `limbs[${i}]`;
    if (!isObject(entry)) {
      sink.add(path, '{ limb, outcome, qualification?, agreementIds? }');
      return;
    }
    const before = sink.errors.length;
    for (const k of Object.keys(entry))
      if (!LIMB_FIELDS.has(k)) sink.add(`${path}.${k}`, 'is not a field of a limb sign-off');
    const key = entry['limb'];
    if (typeof key !== 'string' || !findLimb(wording, key))
      sink.add(
        `${path}.limb`,
        `must be a limb of the ${wording}-limb wording for FY${fy.year}: one of ${keys}`,
      );
    else if (seen.has(key)) sink.add(`${path}.limb`, `"${key}" is listed twice: each limb once`);
    else seen.add(key);
    const outcome = entry['outcome'];
    if (typeof outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(outcome))
      sink.add(`${path}.outcome`, 'must be "confirmed" or "qualified"');
    const qualification = sink.take(
      parseText(entry['qualification'], `${path}.qualification`, {
        required: outcome === 'qualified',
        max: 8000,
      }),
    );
    if (outcome === 'confirmed' && qualification !== null && qualification !== undefined)
      sink.add(`${path}.qualification`, 'is only for a qualified limb: a confirmed limb has none');
    const ids: string[] = [];
    const rawIds = entry['agreementIds'];
    if (rawIds !== undefined && rawIds !== null) {
      if (!Array.isArray(rawIds)) sink.add(`${path}.agreementIds`, 'must be a list of agreement ids');
      else if (outcome === 'confirmed' && rawIds.length > 0)
        sink.add(`${path}.agreementIds`, 'is only for a qualified limb: the agreements it concerns');
      else
        (rawIds as unknown[]).forEach((id, j) => {
          const at = `${path}.agreementIds[${j}]`;
          if (typeof id !== 'string' || id.trim() === '') sink.add(at, 'must be an agreement id');
          else if (ids.includes(id)) sink.add(at, `"${id}" is listed twice`);
          else if (!all.some((a) => a.id === id)) sink.add(at, `"${id}" is not an agreement of this issuer`);
          else if (!ccts.some((a) => a.id === id))
            sink.add(
              at,
              `"${id}" is not a continuing connected transaction of FY${fy.year} (not in force in the year)`,
            );
          else ids.push(id);
        });
    }
    if (sink.errors.length === before)
      out.push({
        limb: key as string,
        outcome: outcome as LimbOutcome,
        qualification: qualification?.trim() ?? null,
        agreementIds: ids,
      });
  });
  const missing = limbs.filter((l) => !seen.has(l.key));
  if (missing.length > 0)
    sink.add(
      'limbs',
      `must give every limb of the ${wording}-limb wording for FY${fy.year} once: missing ${missing.map((l) => `"${l.key}"`).join(', ')}`,
    );
  // In the wording's order, whatever order they were given in.
  return limbs.flatMap((l) => out.filter((x) => x.limb === l.key));
}

/**
 * Records the acting INED's sign-off of financial year `financialYear` ('YYYY'):
 * `{ signedName, limbs: [{ limb, outcome, qualification?, agreementIds? }], packReportId? }`.
 * Returns the record and the 14A.59 tasks opened for its qualified limbs.
 */
export async function signOffInedReview(
  ctx: AppContext,
  actor: Actor,
  financialYear: string,
  raw: unknown,
): Promise<InedSignOffView> {
  requireAction(actor, 'review.sign-off');
  const body = bodyObject(raw);
  const issuer = await ctx.store.getIssuer(actor.issuerId);
  if (!issuer) throw AppError.notFound(`issuer ${actor.issuerId}`);
  const today = ctx.clock.today();
  const fy = parseFinancialYear(financialYear, issuer.financialYearEnd, today, 'year');
  const sink = new ErrorSink();
  if (!fy.ended)
    sink.add(
      'year',
      `FY${fy.year} ends on ${fy.end}: a review is of a completed financial year, signed off from the day after it ends`,
    );
  const all = await ctx.store.listAgreements(actor.issuerId);
  const ccts = cctsOfYear(all, fy);
  if (ccts.length === 0)
    sink.add('year', `the issuer had no continuing connected transaction in FY${fy.year}`);
  for (const k of Object.keys(body)) if (!BODY_FIELDS.has(k)) sink.add(k, 'is not a field of a sign-off');
  const signedName = sink.take(parseText(body['signedName'], 'signedName', { required: true, max: 200 }));
  const { wording, limbs } = await limbWordingOf(ctx.store, actor.issuerId, fy.year);
  const given = parseLimbs(body['limbs'], limbs, wording, ccts, all, fy, sink);
  const packReportId = sink.take(
    parseText(body['packReportId'], 'packReportId', { required: false, max: 200 }),
  );
  if (packReportId) {
    const pack = await ctx.store.getIssuedReport(actor.issuerId, packReportId.trim());
    if (!pack || pack.kind !== 'ined-review' || pack.period !== fy.year)
      sink.add(
        'packReportId',
        `"${packReportId}" is not an issued INED review pack of FY${fy.year} (issue one with kind ined-review and period ${fy.year})`,
      );
  }
  if (sink.errors.length > 0 || !signedName) throw AppError.invalid(sink.errors);

  // 13.44: what the INED must abstain on, they cannot confirm or qualify (decision 0016).
  const recused = await recusalsFor(
    ctx,
    actor,
    ccts.map((a) => a.id),
  );
  if (recused.size > 0) {
    if (ccts.every((a) => recused.has(a.id))) {
      const r = [...recused.values()][0];
      throw new AppError(
        'forbidden',
        `${RECUSED_MESSAGE} You must abstain on every continuing connected transaction of FY${fy.year}: there is nothing for you to confirm${r ? ` (${r.personId}: ${r.reasons.join('; ')})` : ''}.`,
        { code: 'RECUSED' },
      );
    }
    const errors = given.flatMap((l, i) =>
      l.agreementIds.flatMap((id, j) =>
        recused.has(id)
          ? [
              {
                path: `limbs[${i}].agreementIds[${j}]`,
                message: `you must abstain on "${id}" (Rule 13.44): its quotations, evidence and board papers are withheld from you, and your sign-off does not cover it`,
              },
            ]
          : [],
      ),
    );
    if (errors.length > 0) throw AppError.invalid(errors);
  }

  const record: InedSignOffRecord = {
    id: ctx.ids.next('iso'),
    issuerId: actor.issuerId,
    financialYear: fy.year,
    userId: actor.userId,
    signedName: signedName.trim(),
    limbs: given,
    packReportId: packReportId?.trim() ?? null,
    recordedAt: ctx.clock.now(),
  };
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.insertInedSignOff(record))) {
      const earlier = (await tx.listInedSignOffs(actor.issuerId, fy.year)).find(
        (s) => s.userId === actor.userId,
      );
      throw AppError.conflict(
        'ALREADY_SIGNED_OFF',
        `you have already signed off FY${fy.year}${earlier ? ` (${earlier.id}, recorded ${earlier.recordedAt})` : ''}: a sign-off is recorded once and never changed`,
      );
    }
    const tasks: FollowUpTaskRecord[] = [];
    for (const l of given) {
      if (l.outcome !== 'qualified' || l.qualification === null) continue;
      const limb = limbs.find((x) => x.key === l.limb);
      if (!limb) continue;
      tasks.push(
        await openFollowUpTask(ctx, tx, {
          issuerId: actor.issuerId,
          source: 'ined-sign-off',
          sourceId: record.id,
          financialYear: fy.year,
          detail: l.qualification,
          title: qualificationTaskTitle(limb, record.signedName, fy),
        }),
      );
    }
    return { commit: true, value: view(record, tasks) };
  });
}

export interface InedSignOffsView {
  readonly financialYear: string;
  readonly limbWording: 'three' | 'four';
  /** The limbs to sign off, in order, with their rule and wording. */
  readonly limbs: readonly {
    readonly key: string;
    readonly rule: string;
    readonly number: string;
    readonly wording: { readonly en: string; readonly 'zh-Hant': string };
  }[];
  readonly items: readonly InedSignOffView[];
  /** The issuer's INEDs (role 'ined' today) who have not signed off the year. */
  readonly awaiting: readonly { readonly userId: string; readonly name: string }[];
}

/** The year's sign-offs, with their tasks, and the INEDs still to sign. */
export async function listInedSignOffs(
  ctx: AppContext,
  actor: Actor,
  financialYear: string,
): Promise<InedSignOffsView> {
  requireAction(actor, 'report.read');
  const issuer = await ctx.store.getIssuer(actor.issuerId);
  if (!issuer) throw AppError.notFound(`issuer ${actor.issuerId}`);
  const fy = parseFinancialYear(financialYear, issuer.financialYearEnd, ctx.clock.today(), 'year');
  const { wording, limbs } = await limbWordingOf(ctx.store, actor.issuerId, fy.year);
  const signOffs = await ctx.store.listInedSignOffs(actor.issuerId, fy.year);
  const tasks = await ctx.store.listFollowUpTasks(actor.issuerId, { financialYear: fy.year });
  const members = await inedMembers(ctx, actor.issuerId);
  return {
    financialYear: fy.year,
    limbWording: wording,
    limbs: limbs.map((l) => ({ key: l.key, rule: l.rule, number: l.number, wording: l.wording })),
    items: signOffs.map((s) => view(s, tasks)),
    awaiting: members
      .filter((m) => !signOffs.some((s) => s.userId === m.userId))
      .map((m) => ({ userId: m.userId, name: m.name })),
  };
}
