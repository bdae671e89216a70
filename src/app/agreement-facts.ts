/**
 * Use case "record an agreement's facts" (issue 3): what a classification needs that the agreement
 * itself does not say — whether it is on normal commercial terms or better, and whether the
 * independent non-executive directors have confirmed its terms (14A.101). The latest statement
 * stands; until one is recorded a classification assumes normal commercial terms and no INED
 * confirmation, and says so.
 */
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor, AgreementFactsRecord } from './ports.js';
import { isJsonObject } from './stored-scenario.js';

export type AgreementFactsView = AgreementFactsRecord;

/** Records `{ normalCommercialTerms: boolean, inedConfirmed: boolean }` for a stored agreement. */
export async function recordAgreementFacts(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  raw: unknown,
): Promise<AgreementFactsView> {
  requireAction(actor, 'agreement.change');
  const body = isJsonObject(raw) ? raw : {};
  const flag = (name: 'normalCommercialTerms' | 'inedConfirmed') => {
    const v = body[name];
    return typeof v === 'boolean'
      ? null
      : {
          path: name,
          message: `is required: true or false${v === undefined ? '' : ` (got ${JSON.stringify(v)})`}`,
        };
  };
  const errors = [flag('normalCommercialTerms'), flag('inedConfirmed')].flatMap((e) => (e ? [e] : []));
  if (errors.length > 0) throw AppError.invalid(errors);
  const record: AgreementFactsRecord = {
    agreementId,
    normalCommercialTerms: body['normalCommercialTerms'] === true,
    inedConfirmed: body['inedConfirmed'] === true,
    recordedAt: ctx.clock.now(),
    recordedBy: actor.userId,
  };
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.agreementExists(actor.issuerId, agreementId)))
      throw AppError.notFound(`agreement ${agreementId}`);
    await tx.putAgreementFacts(record);
    return { commit: true, value: undefined };
  });
  return record;
}
