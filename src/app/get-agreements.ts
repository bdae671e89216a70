import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Actor } from './ports.js';
import { agreementView, materialChangeView, type AgreementDetailView, type AgreementView } from './views.js';

export async function listAgreements(ctx: AppContext, actor: Actor): Promise<{ items: AgreementView[] }> {
  const items = await ctx.store.listAgreements(actor.issuerId);
  return { items: items.map((a) => agreementView(a, false)) };
}

/** One agreement with each cap's history of amounts, its renewal links and its material changes. */
export async function getAgreement(ctx: AppContext, actor: Actor, id: string): Promise<AgreementDetailView> {
  const a = await ctx.store.getAgreement(actor.issuerId, id);
  if (!a) throw AppError.notFound(`agreement ${id}`);
  const [links, changes] = await Promise.all([
    ctx.store.agreementLinks(actor.issuerId, id),
    ctx.store.listMaterialChanges(id),
  ]);
  return {
    ...agreementView(a, true),
    renews: links.renews,
    renewedBy: links.renewedBy,
    materialChanges: changes.map(materialChangeView),
  };
}
