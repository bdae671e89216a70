import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { ResolutionRef } from './classify-agreements.js';
import type { Actor } from './ports.js';
import { recusalFor, recusalsOn, withheldNotice, type RecusalView, type WithheldNotice } from './recusal.js';
import { approves, checkResolution, registerLists } from './stored-scenario.js';
import { agreementView, materialChangeView, type AgreementDetailView, type AgreementView } from './views.js';

export async function listAgreements(ctx: AppContext, actor: Actor): Promise<{ items: AgreementView[] }> {
  requireAction(actor, 'agreement.read');
  const items = await ctx.store.listAgreements(actor.issuerId);
  return { items: items.map((a) => agreementView(a, false)) };
}

export interface AgreementReadView extends AgreementDetailView {
  /** Who must abstain on it and recused (13.44, issue 6 item 5): shown to every reader. */
  readonly recusals: readonly RecusalView[];
  /** Present when the reader must abstain on it: `boardResolutions` (the board papers) is withheld. */
  readonly withheld?: WithheldNotice;
}

/**
 * One agreement with each cap's history of amounts, its renewal links, its material changes, the
 * board resolutions listing it and the recusals recorded on it. For a reader who must abstain on it
 * (13.44) the board resolutions are withheld, with a notice saying so, and the recusal is recorded.
 */
export async function getAgreement(ctx: AppContext, actor: Actor, id: string): Promise<AgreementReadView> {
  requireAction(actor, 'agreement.read');
  const a = await ctx.store.getAgreement(actor.issuerId, id);
  if (!a) throw AppError.notFound(`agreement ${id}`);
  const [links, changes] = await Promise.all([
    ctx.store.agreementLinks(actor.issuerId, id),
    ctx.store.listMaterialChanges(id),
  ]);
  // First, so that the reader's own recusal, recorded now, is in the list.
  const recusal = await recusalFor(ctx, actor, id);
  const view = {
    ...agreementView(a, true),
    renews: links.renews,
    renewedBy: links.renewedBy,
    materialChanges: changes.map(materialChangeView),
    recusals: await recusalsOn(ctx, actor.issuerId, id),
  };
  return recusal
    ? { ...view, boardResolutions: [], withheld: withheldNotice(recusal) }
    : { ...view, boardResolutions: await resolutionsApproving(ctx, actor, id) };
}

/**
 * The board resolutions that list the agreement, each with whether it approves it on the register as
 * it stands (no vote by a director who must abstain, 13.44; more votes for than against). The
 * auditor's "approved by the board" limb relies on this.
 */
async function resolutionsApproving(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
): Promise<ResolutionRef[]> {
  const listing = (await ctx.store.listBoardResolutions(actor.issuerId)).filter((r) =>
    r.agreementIds.includes(agreementId),
  );
  if (listing.length === 0) return [];
  const issuer = await ctx.store.getIssuer(actor.issuerId);
  if (!issuer) return [];
  const register = await registerLists(ctx.store, actor.issuerId);
  const agreements = await ctx.store.listAgreements(actor.issuerId);
  return listing.map((r) => {
    const check = checkResolution(issuer, register, r, agreements);
    return {
      id: r.id,
      reference: r.reference,
      meetingDate: r.meetingDate,
      approves: approves(r, agreementId, check),
      violations: check.violations
        .filter((v) => v.agreementId === agreementId)
        .map((v) => ({ personId: v.personId, rule: v.rule, text: v.text })),
    };
  });
}
