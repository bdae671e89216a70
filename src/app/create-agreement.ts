import { parseAgreementInput, parseText } from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor, AgreementRecord } from './ports.js';
import { classifyForRecompliance, type Recompliance } from './recompliance.js';
import { isJsonObject } from './stored-scenario.js';
import { agreementView, type AgreementView } from './views.js';

/** A renewal as recorded: linked to the agreement it replaces, and classified as of its signing (14A.54(2)). */
export interface RenewalView extends AgreementView {
  readonly renews: string;
  readonly renewedBy: readonly string[];
  readonly reclassification: Recompliance;
}

/**
 * Records a framework agreement with its categories and caps. Invalid input writes nothing.
 *
 * With `renews: "<agreementId>"` it is a renewal (14A.54(2)): the agreement it replaces must be the
 * issuer's (else 422 at `renews`), the two are linked, and the response carries the new agreement's
 * classification, aggregated, as of its signedOn — or `not-run` with the reason when the register,
 * figures or rates needed are not recorded.
 */
export async function createAgreement(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<AgreementView | RenewalView> {
  requireAction(actor, 'agreement.create');
  const input = parseAgreementInput(raw);
  const rawRenews = isJsonObject(raw) ? raw['renews'] : undefined;
  const renewsParsed = parseText(rawRenews, 'renews', { required: false, max: 200 });
  const errors = [...(input.ok ? [] : input.errors), ...(renewsParsed.ok ? [] : renewsParsed.errors)];
  const renews = renewsParsed.ok ? renewsParsed.value : null;
  if (renews !== null && !(await ctx.store.agreementExists(actor.issuerId, renews))) {
    errors.push(unknownRenewed(renews));
  }
  if (!input.ok || errors.length > 0) throw AppError.invalid(errors);
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
      pricingPolicy: c.pricingPolicy,
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
    if (renews !== null) {
      // Checked again where it is written: nothing is written when it is not the issuer's.
      if (!(await tx.agreementExists(actor.issuerId, renews)))
        throw AppError.invalid([unknownRenewed(renews)]);
    }
    await tx.insertAgreement(record);
    if (renews !== null) await tx.insertRenewal(record.id, renews, now);
    return { commit: true, value: undefined };
  });
  const view = agreementView(record, false);
  if (renews === null) return view;
  const reclassification = await classifyForRecompliance(ctx, actor, record.id, record.signedOn);
  return { ...view, renews, renewedBy: [], reclassification };
}

const unknownRenewed = (id: string) => ({
  path: 'renews',
  message: `no agreement ${id} is recorded for this issuer`,
});
