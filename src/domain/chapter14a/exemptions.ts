/**
 * Determinations beyond classifying a CCT: an existing agreement that becomes connected (14A.60) and
 * financial assistance to a commonly held entity (14A.26–14A.27).
 */
import { latestTermEnd } from '../dates.js';
import { analyseConnections, step } from './connections.js';
import { classifyScenario, requirementsFor } from './classify.js';
import { atLeast, compare, percentShort, ZERO } from './fraction.js';
import { nameOf, TEN_PERCENT, votingPower } from './register.js';
import type { BasisStep, Requirement, Scenario } from './types.js';

export interface ExistingAgreementFinding {
  /** 14A.60 applies: the agreement was not connected when signed and is now. */
  readonly applies: boolean;
  readonly steps: BasisStep[];
  /** What must be done now (annual review and disclosure); full compliance waits for renewal or variation. */
  readonly requirements: Requirement[];
}

/**
 * 14A.60: a fixed-period, fixed-terms agreement signed when the counterparty was not connected, which
 * has since become a CCT: announce and comply with the annual review and disclosure requirements as
 * soon as practicable; comply in full on renewal or variation.
 */
export function existingAgreementBecomesConnected(
  scenario: Scenario,
  agreementId: string,
): ExistingAgreementFinding {
  const agreement = scenario.agreements.find((a) => a.id === agreementId);
  if (!agreement) throw new RangeError(`no agreement "${agreementId}" in the scenario`);
  const atSigning = analyseConnections({ ...scenario, asOf: agreement.draft.signedOn }).connections.find(
    (c) => c.id === agreement.counterparty,
  );
  const now = classifyScenario(scenario);
  const cp = now.parties.find((c) => c.id === agreement.counterparty);
  const cls = now.agreements.find((a) => a.id === agreementId);
  const name = nameOf(analyseConnections(scenario).reg, agreement.counterparty);
  if (atSigning?.connected || !cp?.connected || !cls) {
    return {
      applies: false,
      steps: [
        step(
          '14A.60',
          atSigning?.connected
            ? `${name} was already connected when the agreement was signed on ${agreement.draft.signedOn}: 14A.60 does not apply`
            : `${name} is not connected on ${scenario.asOf}`,
        ),
      ],
      requirements: [],
    };
  }
  const fixed = agreement.draft.categories.every(
    (c) => c.termEnd <= latestTermEnd(c.termStart) || c.ifaOpinion !== null,
  );
  const steps = [
    step(
      '14A.60',
      `${name} was not connected when the agreement was signed on ${agreement.draft.signedOn} and is connected on ${scenario.asOf} (${cp.basis[0]?.text ?? ''})`,
    ),
  ];
  if (!fixed)
    steps.push(
      step(
        '14A.60',
        'the agreement is not for a fixed period within the rules: 14A.60 relief may not be available',
      ),
    );
  if (cls.tier === 'FULLY_EXEMPT') {
    steps.push(
      step(
        cls.tierRule ?? '14A.76',
        'the agreement is fully exempt: nothing to do until renewal or variation',
      ),
    );
    return { applies: true, steps, requirements: [] };
  }
  steps.push(
    step(
      '14A.60(1)',
      'as soon as practicable after becoming aware: announce, and comply with the annual review and annual reporting requirements while the transactions continue',
    ),
    step(
      '14A.60(2)',
      `on renewal or variation: comply in full with the requirements of the tier then applicable (now ${cls.tier})`,
    ),
  );
  const keep = new Set(['ANNOUNCEMENT', 'ANNUAL_REPORTING', 'INED_ANNUAL_REVIEW', 'AUDITOR_ANNUAL_REVIEW']);
  return {
    applies: true,
    steps,
    requirements: requirementsFor(cls.tier)
      .filter((r) => keep.has(r.code))
      .map((r) => ({ ...r, rule: `14A.60; ${r.rule}` })),
  };
}

export interface CommonlyHeldEntityFinding {
  readonly commonlyHeld: boolean;
  /** Financial assistance to or from the entity is a connected transaction. */
  readonly connectedTransaction: boolean;
  readonly steps: BasisStep[];
}

/**
 * 14A.26–14A.27: a company whose shareholders include a member of the issuer's group and issuer-level
 * connected persons who together hold ≥ 10% of its voting power (excluding interests through the
 * issuer). Financial assistance to or from it is a connected transaction.
 */
export function commonlyHeldEntity(scenario: Scenario, entityId: string): CommonlyHeldEntityFinding {
  const a = analyseConnections(scenario);
  const reg = a.reg;
  const name = nameOf(reg, entityId);
  const group = new Set([reg.issuerId, ...reg.issuerSubsidiaries]);
  const groupHolds = reg.holdings.some(
    (h) => h.company === entityId && group.has(h.holder) && compare(h.percent, ZERO) > 0,
  );
  const issuerLevel = new Set(
    [...a.chains.entries()]
      .filter(([id, cs]) => !group.has(id) && cs.some((c) => c.level === 'issuer'))
      .map(([id]) => id),
  );
  const vp = votingPower(reg, issuerLevel, entityId, true);
  const holders = reg.holdings
    .filter((h) => h.company === entityId && issuerLevel.has(h.holder))
    .map((h) => nameOf(reg, h.holder));
  if (!groupHolds) {
    return {
      commonlyHeld: false,
      connectedTransaction: false,
      steps: [
        step(
          '14A.27',
          `no member of the issuer's group is a shareholder of ${name}: not a commonly held entity`,
        ),
      ],
    };
  }
  if (!atLeast(vp, TEN_PERCENT)) {
    return {
      commonlyHeld: false,
      connectedTransaction: false,
      steps: [
        step(
          '14A.27',
          `issuer-level connected persons${holders.length ? ` (${holders.join(', ')})` : ''} hold ${percentShort(vp)}% < 10% of ${name}, excluding interests through the issuer: not a commonly held entity; financial assistance to it is not a connected transaction on this limb`,
        ),
      ],
    };
  }
  return {
    commonlyHeld: true,
    connectedTransaction: true,
    steps: [
      step(
        '14A.27',
        `the issuer's group and issuer-level connected persons (${holders.join(', ')}) are shareholders of ${name}; the connected persons hold ${percentShort(vp)}% ≥ 10%, excluding interests through the issuer: a commonly held entity`,
      ),
      step('14A.26', `financial assistance to or from ${name} is a connected transaction`),
    ],
  };
}
