/**
 * Re-classification on a cap revision (issue 3 item 5, 14A.54): the agreement is classified on the
 * register, figures and rates recorded as of the revision's effectiveFrom, aggregated with its
 * connected group (14A.81–14A.83), once with the caps in force before the revision and once with the
 * revised amount. A higher tier requires the approvals of that tier before the old cap is exceeded.
 */
import { TIER_ORDER, type Tier } from '../domain/chapter14a/index.js';
import { formatMinor, type CalendarDate } from '../domain/index.js';
import { classify } from './classify.js';
import { classifyStoredAgreements } from './classify-agreements.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type {
  Actor,
  AgreementRecord,
  CapRecord,
  JsonObject,
  RevisionApprovalKind,
  RevisionReclassification,
  RevisionRequirement,
} from './ports.js';
import { isJsonObject } from './stored-scenario.js';

/** The classification requirements that are approvals to record before the revised cap counts. */
export const APPROVAL_KIND_OF_CODE: Readonly<Record<string, RevisionApprovalKind>> = {
  ANNOUNCEMENT: 'announcement',
  CIRCULAR: 'circular',
  IFA: 'independent-financial-adviser',
  IBC: 'independent-board-committee',
  INDEPENDENT_SHAREHOLDERS_APPROVAL: 'independent-shareholders-approval',
};

export const APPROVAL_KINDS: readonly RevisionApprovalKind[] = Object.values(APPROVAL_KIND_OF_CODE);

const rank = (t: string): number => TIER_ORDER.indexOf(t as Tier);

export interface RevisionReclassificationResult {
  readonly reclassification: RevisionReclassification;
  readonly requiredApprovals: readonly RevisionRequirement[];
}

/**
 * Classifies `agreement` as of `effectiveFrom` before and after `cap` is revised to `amountMinor`.
 * When the register, figures or rates needed are not recorded, the result is `not-run` with the
 * reason, and nothing is required.
 */
export async function reclassifyRevision(
  ctx: AppContext,
  actor: Actor,
  agreement: AgreementRecord,
  cap: CapRecord,
  revised: { readonly amountMinor: bigint; readonly effectiveFrom: CalendarDate },
): Promise<RevisionReclassificationResult> {
  const asOf = revised.effectiveFrom;
  let before;
  try {
    before = await classifyStoredAgreements(ctx, actor, { asOf, agreementId: agreement.id });
  } catch (e) {
    if (e instanceof AppError && e.kind === 'invalid_input') {
      const reason = (e.details.errors ?? []).map((x) => `${x.path}: ${x.message}`).join('; ');
      return {
        reclassification: { status: 'not-run', reason: reason || e.message },
        requiredApprovals: [],
      };
    }
    throw e;
  }
  const tierBefore = before.agreements.find((a) => a.id === agreement.id)?.tier;
  if (tierBefore === undefined) throw new Error(`agreement ${agreement.id} was not classified`);

  // The same scenario document, with the revised amount on the revised cap.
  const keyOf = new Map(agreement.categories.map((c) => [c.id, c.key]));
  const keys = cap.categoryIds.map((id) => keyOf.get(id) ?? id).join('\u0000');
  const documents = Array.isArray(before.scenario['agreements']) ? before.scenario['agreements'] : [];
  let replaced = 0;
  const agreements = documents.map((doc: unknown) => {
    if (!isJsonObject(doc) || doc['id'] !== agreement.id || !Array.isArray(doc['caps'])) return doc;
    const caps = doc['caps'].map((c: unknown) => {
      if (
        !isJsonObject(c) ||
        c['periodStart'] !== cap.periodStart ||
        c['periodEnd'] !== cap.periodEnd ||
        !Array.isArray(c['categoryKeys']) ||
        c['categoryKeys'].join('\u0000') !== keys
      ) {
        return c;
      }
      replaced += 1;
      return { ...c, amount: formatMinor(revised.amountMinor, cap.currency) };
    });
    return { ...doc, caps };
  });
  if (replaced !== 1) throw new Error(`cap ${cap.id} was not found once in the composed scenario`);
  const scenario: JsonObject = { ...before.scenario, agreements };
  const after = classify(scenario).agreements.find((a) => a.id === agreement.id);
  if (!after) throw new Error(`agreement ${agreement.id} was not re-classified`);

  const reclassification: RevisionReclassification = {
    status: 'done',
    asOf,
    tierBefore,
    tierAfter: after.tier,
  };
  if (rank(after.tier) <= rank(tierBefore)) return { reclassification, requiredApprovals: [] };
  const requiredApprovals = after.requirements.flatMap((r) => {
    const kind = APPROVAL_KIND_OF_CODE[r.code];
    return kind === undefined ? [] : [{ code: r.code, kind, rule: r.rule, text: r.text }];
  });
  return { reclassification, requiredApprovals };
}
