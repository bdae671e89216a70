import { parseAgreementInput } from '../domain/index.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Actor, AgreementRecord } from './ports.js';
import { agreementView, type AgreementView } from './views.js';

/** Records a framework agreement with its categories and caps. Invalid input writes nothing. */
export async function createAgreement(ctx: AppContext, actor: Actor, raw: unknown): Promise<AgreementView> {
  const input = parseAgreementInput(raw);
  if (!input.ok) throw AppError.invalid(input.errors);
  const draft = input.value;
  const now = ctx.clock.now();
  const categoryIds = new Map(draft.categories.map((c) => [c.key, ctx.ids.next('cat')]));
  const record: AgreementRecord = {
    id: ctx.ids.next('agr'),
    issuerId: actor.issuerId,
    version: 1,
    name: draft.name,
    counterparty: draft.counterparty,
    signedOn: draft.signedOn,
    recognitionBasis: draft.recognitionBasis,
    amountsInclude: draft.amountsInclude,
    createdAt: now,
    createdBy: actor.userId,
    categories: draft.categories.map((c) => ({
      id: categoryIds.get(c.key) ?? '',
      key: c.key,
      name: c.name,
      direction: c.direction,
      termStart: c.termStart,
      termEnd: c.termEnd,
      pricingBasis: c.pricingBasis,
      minIndependentQuotes: c.minIndependentQuotes,
      ifaOpinion: c.ifaOpinion,
      termination: null,
    })),
    caps: draft.caps.map((c) => ({
      id: ctx.ids.next('cap'),
      categoryIds: c.categoryKeys.map((k) => categoryIds.get(k) ?? ''),
      periodStart: c.periodStart,
      periodEnd: c.periodEnd,
      currency: c.amount.currency,
      amountMinor: c.amount.minor,
      revisions: [],
    })),
  };
  await ctx.store.transaction(async (tx) => {
    await tx.insertAgreement(record);
    return { commit: true, value: undefined };
  });
  return agreementView(record, false);
}
