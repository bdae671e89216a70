/**
 * Issue 6, item 5: interested directors. A director who must abstain on an agreement (Rule 13.44: a
 * material interest, found as in issue 3's board-vote check) does not see its quotes, evidence or
 * board papers. What is withheld is replaced by an explicit notice, never silently dropped, and the
 * recusal is recorded the first time it takes effect, so the company secretary and the auditor see
 * who recused (recorded, not hidden).
 *
 * A user is someone in the register only when a membership names the person (`personId`): users who
 * are no one there (the fast path: one indexed read) are never recused.
 */
import { interestedDirectors } from '../domain/chapter14a/index.js';
import type { RecusalRecord } from './accounts-ports.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Actor, AgreementRecord } from './ports.js';
import { connectionScenario, registerLists } from './stored-scenario.js';

export const RECUSAL_RULE = '13.44';

export const RECUSED_MESSAGE =
  'You must abstain on this agreement (Rule 13.44): its quotes, evidence and board papers are withheld.';
export const RECUSED_MESSAGE_ZH =
  '閣下須就此協議放棄表決（《上市規則》第13.44條）：其報價、證明文件及董事會文件不予提供。';

export interface Recusal {
  /** The register person the actor is. */
  readonly personId: string;
  readonly rule: typeof RECUSAL_RULE;
  /** Why they must abstain, as recorded when the recusal first took effect. */
  readonly reasons: readonly string[];
  readonly recordedAt: string;
}

/** What replaces the withheld parts of a view. */
export interface WithheldNotice {
  readonly reason: 'RECUSED';
  readonly rule: typeof RECUSAL_RULE;
  readonly personId: string;
  readonly message: string;
}

/** A recorded recusal as the agreement view lists it (to every reader of the agreement). */
export interface RecusalView {
  readonly userId: string;
  readonly personId: string;
  readonly reasons: readonly string[];
  readonly recordedAt: string;
}

export const withheldNotice = (r: Recusal): WithheldNotice => ({
  reason: 'RECUSED',
  rule: RECUSAL_RULE,
  personId: r.personId,
  message: RECUSED_MESSAGE,
});

export const recusalView = (r: RecusalRecord): RecusalView => ({
  userId: r.userId,
  personId: r.personId,
  reasons: r.reasons,
  recordedAt: r.recordedAt,
});

const recusal = (r: RecusalRecord): Recusal => ({
  personId: r.personId,
  rule: RECUSAL_RULE,
  reasons: r.reasons,
  recordedAt: r.recordedAt,
});

/** The register persons the actor's memberships at the acting issuer name (usually none, or one). */
async function linkedPersons(ctx: AppContext, actor: Actor): Promise<string[]> {
  const memberships = await ctx.store.listMemberships(actor.userId, actor.issuerId);
  return [...new Set(memberships.flatMap((m) => (m.personId === null ? [] : [m.personId])))].sort();
}

/**
 * For each agreement, the first of `persons` who must abstain on it (13.44), with the reasons, on the
 * register as of today. One reading of the register for all of them. An agreement without a
 * counterparty party id, or a register that does not parse with it, determines no recusal.
 */
async function interestedAmong(
  ctx: AppContext,
  issuerId: string,
  persons: readonly string[],
  agreements: readonly AgreementRecord[],
): Promise<Map<string, { personId: string; reasons: string[] }>> {
  const out = new Map<string, { personId: string; reasons: string[] }>();
  const known = agreements.filter((a) => a.counterparty.partyId !== null);
  if (known.length === 0) return out;
  const issuer = await ctx.store.getIssuer(issuerId);
  if (!issuer) return out;
  const today = ctx.clock.today();
  const register = await registerLists(ctx.store, issuerId);
  for (const a of known) {
    const parsed = connectionScenario(issuer, register, a, today);
    if (!parsed.ok) continue;
    const interested = interestedDirectors(parsed.value, a.id);
    const found = interested.find((d) => persons.includes(d.personId));
    if (found) out.set(a.id, { personId: found.personId, reasons: found.reasons.map((r) => r.text) });
  }
  return out;
}

/** The actor's recusal, recorded once (insert-if-absent, audited); a repeat read writes nothing. */
async function recorded(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  found: { personId: string; reasons: string[] },
): Promise<Recusal> {
  const existing = await ctx.store.getRecusal(actor.issuerId, agreementId, actor.userId);
  if (existing) return recusal(existing);
  const record: RecusalRecord = {
    id: ctx.ids.next('rcs'),
    issuerId: actor.issuerId,
    agreementId,
    userId: actor.userId,
    personId: found.personId,
    reasons: found.reasons,
    recordedAt: ctx.clock.now(),
  };
  return ctx.store.transaction(async (tx) => {
    if (await tx.insertRecusal(record)) return { commit: true, value: recusal(record) };
    // A concurrent read by the same user recorded it first.
    const stored = await tx.getRecusal(actor.issuerId, agreementId, actor.userId);
    return { commit: false, value: stored ? recusal(stored) : recusal(record) };
  });
}

/**
 * The actor's recusal on the agreement of the acting issuer, or null: they are no one in the
 * register, or not among the directors who must abstain on it today (13.44). Recorded the first time.
 */
export async function recusalFor(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
): Promise<Recusal | null> {
  const persons = await linkedPersons(ctx, actor);
  if (persons.length === 0) return null;
  const agreement = await ctx.store.getAgreement(actor.issuerId, agreementId);
  if (!agreement) return null;
  const found = (await interestedAmong(ctx, actor.issuerId, persons, [agreement])).get(agreementId);
  return found ? recorded(ctx, actor, agreementId, found) : null;
}

async function recusalsAmong(
  ctx: AppContext,
  actor: Actor,
  persons: readonly string[],
  agreementIds: readonly string[],
): Promise<Map<string, Recusal>> {
  const out = new Map<string, Recusal>();
  const agreements = (
    await Promise.all([...new Set(agreementIds)].map((id) => ctx.store.getAgreement(actor.issuerId, id)))
  ).filter((a): a is AgreementRecord => a !== null);
  const found = await interestedAmong(ctx, actor.issuerId, persons, agreements);
  for (const [agreementId, f] of found) out.set(agreementId, await recorded(ctx, actor, agreementId, f));
  return out;
}

/**
 * The actor's recusals among several agreements (by agreement id), with one reading of the register:
 * for lists (escalations).
 */
export async function recusalsFor(
  ctx: AppContext,
  actor: Actor,
  agreementIds: readonly string[],
): Promise<Map<string, Recusal>> {
  if (agreementIds.length === 0) return new Map();
  const persons = await linkedPersons(ctx, actor);
  if (persons.length === 0) return new Map();
  return recusalsAmong(ctx, actor, persons, agreementIds);
}

/**
 * The actor's recusal on any agreement an evidence file is cited on (by an order's quotes or by the
 * agreement's evidence), or null. Users who are no one in the register cost one read.
 */
export async function evidenceRecusal(
  ctx: AppContext,
  actor: Actor,
  sha256: string,
): Promise<Recusal | null> {
  const persons = await linkedPersons(ctx, actor);
  if (persons.length === 0) return null;
  const cited = await ctx.store.evidenceAgreementIds(actor.issuerId, sha256);
  if (cited.length === 0) return null;
  const found = await recusalsAmong(ctx, actor, persons, cited);
  return [...found.values()][0] ?? null;
}

export const recusedError = (r: Recusal, what: string): AppError =>
  new AppError('forbidden', `${RECUSED_MESSAGE} ${what} (${r.personId}: ${r.reasons.join('; ')})`, {
    code: 'RECUSED',
  });

/** Refused (403 RECUSED) when the actor must abstain on the agreement. */
export async function requireNotRecused(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  what: string,
): Promise<void> {
  const r = await recusalFor(ctx, actor, agreementId);
  if (r) throw recusedError(r, what);
}

/** The recusals recorded on an agreement, for every reader of it (recorded, not hidden). */
export async function recusalsOn(
  ctx: AppContext,
  issuerId: string,
  agreementId: string,
): Promise<RecusalView[]> {
  return (await ctx.store.listRecusals(issuerId, agreementId)).map(recusalView);
}
