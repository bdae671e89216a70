import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Actor } from './ports.js';
import { agreementView, type AgreementView } from './views.js';

export async function listAgreements(ctx: AppContext, actor: Actor): Promise<{ items: AgreementView[] }> {
  const items = await ctx.store.listAgreements(actor.issuerId);
  return { items: items.map((a) => agreementView(a, false)) };
}

/** One agreement with each cap's history of amounts. */
export async function getAgreement(ctx: AppContext, actor: Actor, id: string): Promise<AgreementView> {
  const a = await ctx.store.getAgreement(actor.issuerId, id);
  if (!a) throw AppError.notFound(`agreement ${id}`);
  return agreementView(a, true);
}
