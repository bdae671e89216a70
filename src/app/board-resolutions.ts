/**
 * Use case "record a board resolution" (issue 3, item 4): the meeting date, the directors present,
 * each vote or abstention and the agreements approved. A vote by a director who must abstain (13.44)
 * is flagged, never refused: the minutes are a fact. Such a resolution is not counted as the board's
 * approval of that agreement (classification's `boardApproved`, the auditor's "approved by the
 * board" limb).
 */
import { interestedDirectors, type BoardVoteViolation } from '../domain/chapter14a/index.js';
import { ErrorSink, parseDate, parseText } from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type {
  Actor,
  AgreementRecord,
  BoardResolutionRecord,
  BoardVoteValue,
  IssuerRecord,
  JsonObject,
} from './ports.js';
import { recusalsFor, withheldNotice, type WithheldNotice } from './recusal.js';
import { getIssuerOrThrow } from './register.js';
import {
  approves,
  checkResolution,
  connectionScenario,
  isJsonObject,
  registerLists,
} from './stored-scenario.js';

const VOTES: readonly BoardVoteValue[] = ['for', 'against', 'abstain'];

export interface BoardResolutionView extends Omit<BoardResolutionRecord, 'issuerId'> {
  /** Votes that breach 13.44, per agreement approved. */
  readonly violations: readonly (BoardVoteViolation & { readonly agreementId: string })[];
  readonly flagged: boolean;
  /** Whether the resolution counts as the board's approval of each agreement it lists. */
  readonly approval: readonly { readonly agreementId: string; readonly approved: boolean }[];
}

function stringList(value: unknown, path: string, sink: ErrorSink, required: boolean): string[] {
  if (!Array.isArray(value) || (required && value.length === 0)) {
    sink.add(path, `is required: a list of ids${required ? ', at least one' : ''}`);
    return [];
  }
  const out: string[] = [];
  (value as unknown[]).forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') sink.add(`${path}[${i}]`, 'must be an id');
    else if (out.includes(v)) sink.add(`${path}[${i}]`, `"${v}" is listed twice`);
    else out.push(v);
  });
  return out;
}

/**
 * Records `{ meetingDate, reference, directorsPresent: [partyId], votes: [{ personId, vote }],
 * agreementIds }` and returns it with the 13.44 violations found against the register as of the
 * meeting date.
 */
export async function recordBoardResolution(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<BoardResolutionView> {
  requireAction(actor, 'board-resolution.record');
  const body = isJsonObject(raw) ? raw : {};
  const sink = new ErrorSink();
  const meetingDate = sink.take(parseDate(body['meetingDate'], 'meetingDate'));
  const reference = sink.take(parseText(body['reference'], 'reference', { required: true, max: 500 }));
  const directorsPresent = stringList(body['directorsPresent'], 'directorsPresent', sink, true);
  const agreementIds = stringList(body['agreementIds'], 'agreementIds', sink, true);
  const votes: { personId: string; vote: BoardVoteValue }[] = [];
  const rawVotes = body['votes'];
  if (!Array.isArray(rawVotes))
    sink.add('votes', 'is required: [{ personId, vote: "for" | "against" | "abstain" }]');
  else {
    (rawVotes as unknown[]).forEach((v, i) => {
      const path = `votes[${i}]`;
      if (!isJsonObject(v)) {
        sink.add(path, 'must be { personId, vote }');
        return;
      }
      const personId = v['personId'];
      const vote = v['vote'];
      const before = sink.errors.length;
      if (typeof personId !== 'string' || personId.trim() === '') {
        sink.add(`${path}.personId`, 'is required: a party id');
      } else if (!directorsPresent.includes(personId)) {
        sink.add(`${path}.personId`, `"${personId}" is not among directorsPresent`);
      } else if (votes.some((x) => x.personId === personId)) {
        sink.add(`${path}.personId`, `"${personId}" has already voted (one vote each)`);
      }
      if (typeof vote !== 'string' || !(VOTES as readonly string[]).includes(vote)) {
        sink.add(`${path}.vote`, `must be one of ${VOTES.map((x) => `"${x}"`).join(', ')}`);
      }
      if (sink.errors.length === before && typeof personId === 'string') {
        votes.push({ personId, vote: vote as BoardVoteValue });
      }
    });
  }
  if (sink.errors.length > 0 || !meetingDate || !reference) throw AppError.invalid(sink.errors);

  return ctx.store.transaction(async (tx) => {
    const issuer = await getIssuerOrThrow(tx, actor.issuerId);
    const register = await registerLists(tx, actor.issuerId);
    const errors: { path: string; message: string }[] = [];
    const partyIds = new Set(register.parties.map((p) => p['id']));
    directorsPresent.forEach((id, i) => {
      if (!partyIds.has(id)) {
        errors.push({ path: `directorsPresent[${i}]`, message: `"${id}" is not a party of the register` });
      }
    });
    const agreements = await tx.listAgreements(actor.issuerId);
    agreementIds.forEach((id, i) => {
      if (!agreements.some((a) => a.id === id)) {
        errors.push({ path: `agreementIds[${i}]`, message: `"${id}" is not an agreement of this issuer` });
      }
    });
    if (errors.length > 0) throw AppError.invalid(errors);
    const check = checkResolution(issuer, register, { meetingDate, votes, agreementIds }, agreements);
    if (check.errors.length > 0) throw AppError.invalid(check.errors);
    const record: BoardResolutionRecord = {
      id: ctx.ids.next('res'),
      issuerId: actor.issuerId,
      seq: (await tx.listBoardResolutions(actor.issuerId)).length,
      meetingDate,
      reference,
      directorsPresent,
      votes,
      agreementIds,
      recordedAt: ctx.clock.now(),
      recordedBy: actor.userId,
    };
    await tx.insertBoardResolution(record);
    const { issuerId: _issuer, ...view } = record;
    return {
      commit: true,
      value: {
        ...view,
        violations: check.violations,
        flagged: check.violations.length > 0,
        approval: agreementIds.map((id) => ({ agreementId: id, approved: approves(record, id, check) })),
      },
    };
  });
}

/** A director who had to abstain on an agreement the resolution lists, and why (13.44). */
export interface MustAbstainView {
  readonly agreementId: string;
  readonly personId: string;
  readonly reasons: readonly { readonly rule: string; readonly text: string; readonly textZh?: string }[];
}

export interface BoardResolutionListItem extends BoardResolutionView {
  /** On the register as of the meeting date; empty when an agreement's counterparty is not in it. */
  readonly mustAbstain: readonly MustAbstainView[];
}

/** A resolution listing an agreement the reader must abstain on: its papers are withheld (13.44). */
export interface WithheldBoardResolution {
  readonly id: string;
  readonly meetingDate: string;
  readonly agreementIds: readonly string[];
  readonly withheld: WithheldNotice;
}

/** The directors who must abstain on each agreement, on the register as of the meeting date. */
function mustAbstainOn(
  issuer: IssuerRecord,
  register: { parties: readonly JsonObject[]; relationships: readonly JsonObject[] },
  resolution: BoardResolutionRecord,
  agreements: readonly AgreementRecord[],
): MustAbstainView[] {
  return resolution.agreementIds.flatMap((id) => {
    const a = agreements.find((x) => x.id === id);
    if (!a || a.counterparty.partyId === null) return [];
    const parsed = connectionScenario(issuer, register, a, resolution.meetingDate);
    if (!parsed.ok) return [];
    return interestedDirectors(parsed.value, a.id).map((d) => ({
      agreementId: a.id,
      personId: d.personId,
      reasons: d.reasons.map((r) => ({
        rule: r.rule,
        text: r.text,
        ...(r.textZh !== undefined ? { textZh: r.textZh } : {}),
      })),
    }));
  });
}

/**
 * The board resolutions recorded, in recording order, each with its 13.44 violations, whether it
 * approves each agreement it lists, and who had to abstain and why. A resolution listing an
 * agreement the reader must abstain on is replaced by a notice (its board papers are withheld, as
 * on the agreement's own view), and the recusal is recorded.
 */
export async function listBoardResolutions(
  ctx: AppContext,
  actor: Actor,
): Promise<{ items: (BoardResolutionListItem | WithheldBoardResolution)[] }> {
  requireAction(actor, 'agreement.read');
  const resolutions = await ctx.store.listBoardResolutions(actor.issuerId);
  if (resolutions.length === 0) return { items: [] };
  const issuer = await getIssuerOrThrow(ctx.store, actor.issuerId);
  const [register, agreements, recusals] = await Promise.all([
    registerLists(ctx.store, actor.issuerId),
    ctx.store.listAgreements(actor.issuerId),
    recusalsFor(
      ctx,
      actor,
      resolutions.flatMap((r) => r.agreementIds),
    ),
  ]);
  return {
    items: resolutions.map((r) => {
      const recused = r.agreementIds.map((id) => recusals.get(id)).find((x) => x !== undefined);
      if (recused) {
        return {
          id: r.id,
          meetingDate: r.meetingDate,
          agreementIds: r.agreementIds,
          withheld: withheldNotice(recused),
        };
      }
      const check = checkResolution(issuer, register, r, agreements);
      const { issuerId: _issuer, ...view } = r;
      return {
        ...view,
        violations: check.violations,
        flagged: check.violations.length > 0,
        approval: r.agreementIds.map((id) => ({ agreementId: id, approved: approves(r, id, check) })),
        mustAbstain: mustAbstainOn(issuer, register, r, agreements),
      };
    }),
  };
}
