/**
 * Re-compliance on a renewal or a material change of terms (14A.54(2), issue 3 item 5): the agreement
 * is classified on the register, figures and rates recorded, aggregated with its connected group
 * (14A.81–14A.83), as of the day the renewal is signed or the change takes effect. As for a cap
 * revision (decision 0008), a classification that cannot be run for want of records is `not-run` with
 * the reason, never a check that passed.
 */
import type { CalendarDate } from '../domain/index.js';
import { classifyStoredAgreements } from './classify-agreements.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Actor, ReComplianceRequirement } from './ports.js';

export type Recompliance =
  | {
      readonly status: 'done';
      readonly asOf: CalendarDate;
      readonly tier: string;
      readonly tierRule: string | null;
      readonly requirements: readonly ReComplianceRequirement[];
    }
  | { readonly status: 'not-run'; readonly reason: string };

/**
 * The requirements that are conditions of the renewed or changed terms, to complete before they take
 * effect: a written agreement for a fixed term with annual caps, and the announcement, circular, IFA,
 * IBC and independent shareholders' approval of the tier. Annual reviews and reporting follow after.
 */
const BEFORE_EFFECTIVE_CODES: ReadonlySet<string> = new Set([
  'WRITTEN_AGREEMENT',
  'FIXED_TERM',
  'ANNUAL_CAP',
  'ANNOUNCEMENT',
  'CIRCULAR',
  'IFA',
  'IBC',
  'INDEPENDENT_SHAREHOLDERS_APPROVAL',
]);

export const requirementsBeforeEffective = (
  requirements: readonly ReComplianceRequirement[],
): ReComplianceRequirement[] => requirements.filter((r) => BEFORE_EFFECTIVE_CODES.has(r.code));

/** Classifies the stored agreement `agreementId` as of `asOf`, aggregated; `not-run` when records are missing. */
export async function classifyForRecompliance(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  asOf: CalendarDate,
): Promise<Recompliance> {
  let view;
  try {
    view = await classifyStoredAgreements(ctx, actor, { asOf, agreementId });
  } catch (e) {
    if (e instanceof AppError && e.kind === 'invalid_input') {
      const reason = (e.details.errors ?? []).map((x) => `${x.path}: ${x.message}`).join('; ');
      return { status: 'not-run', reason: reason || e.message };
    }
    throw e;
  }
  const a = view.agreements.find((x) => x.id === agreementId);
  if (!a) throw new Error(`agreement ${agreementId} was not classified`);
  return {
    status: 'done',
    asOf,
    tier: a.tier,
    tierRule: a.tierRule,
    requirements: a.requirements.map((r) => ({ code: r.code, rule: r.rule, text: r.text })),
  };
}
