/**
 * Use case "record a material change of an agreement's terms" (14A.54(2), issue 3 item 5): the change
 * is recorded (append-only) with the agreement re-classified, aggregated, as of the day it takes
 * effect, and the requirements of that tier to complete before it does.
 */
import { ErrorSink, parseDate, parseText, type CalendarDate } from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor, MaterialChangeReclassification, MaterialChangeRecord } from './ports.js';
import { classifyForRecompliance, requirementsBeforeEffective } from './recompliance.js';
import { isJsonObject } from './stored-scenario.js';
import { materialChangeView, type MaterialChangeView } from './views.js';

export type MaterialChangeResult = MaterialChangeView;

/**
 * Records `{ description, effectiveOn, approvedOn? }` against a stored agreement. The tier before is
 * the one the agreement last complied under: the latest earlier change's, else as of its signing.
 */
export async function recordMaterialChange(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  raw: unknown,
): Promise<MaterialChangeResult> {
  requireAction(actor, 'agreement.change');
  const agreement = await ctx.store.getAgreement(actor.issuerId, agreementId);
  if (!agreement) throw AppError.notFound(`agreement ${agreementId}`);
  const body = isJsonObject(raw) ? raw : {};
  const sink = new ErrorSink();
  if (!isJsonObject(raw)) sink.add('', 'the body must be a JSON object');
  const description = sink.take(parseText(body['description'], 'description', { required: true, max: 4000 }));
  const effectiveOn = sink.take(parseDate(body['effectiveOn'], 'effectiveOn'));
  let approvedOn: CalendarDate | null = null;
  if (body['approvedOn'] !== undefined && body['approvedOn'] !== null) {
    approvedOn = sink.take(parseDate(body['approvedOn'], 'approvedOn')) ?? null;
  }
  if (effectiveOn !== undefined && effectiveOn < agreement.signedOn) {
    sink.add('effectiveOn', `${effectiveOn} is before the agreement was signed (${agreement.signedOn})`);
  }
  if (sink.errors.length > 0 || !description || !effectiveOn) throw AppError.invalid(sink.errors);

  const after = await classifyForRecompliance(ctx, actor, agreementId, effectiveOn);
  let reclassification: MaterialChangeReclassification;
  if (after.status === 'not-run') reclassification = after;
  else {
    const earlier = (await ctx.store.listMaterialChanges(agreementId))
      .filter((c) => c.effectiveOn <= effectiveOn && c.reclassification.status === 'done')
      .at(-1);
    let tierBefore: string | undefined;
    if (earlier?.reclassification.status === 'done') tierBefore = earlier.reclassification.tierAfter;
    else {
      const signed = await classifyForRecompliance(ctx, actor, agreementId, agreement.signedOn);
      if (signed.status === 'done') tierBefore = signed.tier;
    }
    reclassification = {
      status: 'done',
      asOf: effectiveOn,
      ...(tierBefore === undefined ? {} : { tierBefore }),
      tierAfter: after.tier,
      requirements: after.requirements,
    };
  }
  const change: Omit<MaterialChangeRecord, 'seq'> = {
    id: ctx.ids.next('chg'),
    agreementId,
    description,
    effectiveOn,
    approvedOn,
    reclassification,
    requirementsBeforeEffective:
      reclassification.status === 'done' ? requirementsBeforeEffective(reclassification.requirements) : [],
    recordedAt: ctx.clock.now(),
    recordedBy: actor.userId,
  };
  const recorded = await ctx.store.transaction(async (tx) => {
    if (!(await tx.agreementExists(actor.issuerId, agreementId)))
      throw AppError.notFound(`agreement ${agreementId}`);
    return { commit: true, value: await tx.insertMaterialChange(change) };
  });
  return materialChangeView(recorded);
}
