/**
 * Use case "classify a scenario": who is connected, which tier applies and why (issue 3, item 8),
 * and the cap sizing that keeps an agreement within a tier. No database: the scenario document is
 * the whole input, as the CLI reads it from a file and the API takes it as a body.
 */
import {
  classifyScenario as classifyParsedScenario,
  implicationsText,
  interestedDirectors,
  largestCapForTier,
  type BasisStep,
  type ClassificationOptions,
  type Numerator,
  type Ratio,
  type Scenario,
  type Tier,
} from '../domain/chapter14a/index.js';
import { parseScenario } from '../domain/chapter14a/scenario.js';
import type { CurrencyCode, LocalisedName } from '../domain/index.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor } from './ports.js';

export type { Tier };

/** The tiers a cap can be sized for. */
export const SIZING_TIERS = ['FULLY_EXEMPT', 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL', 'NON_EXEMPT'] as const;
export type SizingTier = (typeof SIZING_TIERS)[number];

export interface PartyView {
  readonly id: string;
  readonly name: LocalisedName;
  readonly connected: boolean;
  readonly subsidiaryLevelOnly: boolean;
  readonly deemedReview: boolean;
  readonly basis: readonly BasisStep[];
}

export interface RatioView {
  readonly name: string;
  /** Percentage to 4 decimals, or "n/a" / "not meaningful"; the tier was decided on the exact value. */
  readonly percent: string;
  /** The exact value as a fraction of 1, "numerator/denominator", or null. */
  readonly exact: string | null;
  readonly usedForClassification: boolean;
}

export interface InterestedDirectorView {
  readonly id: string;
  readonly name: LocalisedName;
  readonly reasons: readonly BasisStep[];
}

export interface CategoryView {
  readonly key: string;
  readonly name: LocalisedName;
  readonly numerator: Numerator | null;
  readonly ratios: readonly RatioView[];
  readonly tier: Tier;
}

export interface AgreementView {
  readonly id: string;
  readonly name: LocalisedName;
  readonly counterparty: string;
  readonly individualTier: Tier;
  readonly tier: Tier;
  /** The rule limb that decided `tier`, e.g. "14A.76(2)(a)", where the engine states it. */
  readonly tierRule: string | null;
  /** For a possible deemed connected person (14A.20–14A.22): the tier it would have if connected. */
  readonly deemedTier: Tier | null;
  /** Each category on its own caps (its individual figure). */
  readonly categories: readonly CategoryView[];
  readonly numerator: Numerator | null;
  readonly ratios: readonly RatioView[];
  readonly requirements: readonly { readonly code: string; readonly rule: string; readonly text: string }[];
  readonly explanation: readonly BasisStep[];
  readonly findings: readonly BasisStep[];
  /** The directors who must abstain on the board resolution approving it (13.44), with reasons. */
  readonly interestedDirectors: readonly InterestedDirectorView[];
  /** The "Listing Rules implications" paragraph of an announcement. */
  readonly implications: { readonly en: string; readonly 'zh-Hant': string };
}

export interface AggregateView {
  readonly partyIds: readonly string[];
  readonly agreementIds: readonly string[];
  readonly numerator: Numerator | null;
  readonly ratios: readonly RatioView[];
  readonly tier: Tier;
  readonly tierRule: string | null;
}

/** JSON-serialisable: no bigint anywhere. The `--json` output and the API body. */
export interface ClassificationView {
  readonly asOf: string;
  readonly issuer: { readonly id: string; readonly name: LocalisedName };
  readonly fx: readonly { readonly from: CurrencyCode; readonly to: CurrencyCode; readonly rate: string }[];
  readonly options: ClassificationOptions;
  readonly parties: readonly PartyView[];
  readonly agreements: readonly AgreementView[];
  readonly aggregates: readonly AggregateView[];
}

export interface CapSizeView {
  readonly agreementId: string;
  readonly tier: SizingTier;
  /** The largest cap per financial year that keeps the agreement (with its connected group) within `tier`. */
  readonly perFinancialYear: readonly {
    readonly financialYear: string;
    readonly amount: string;
    readonly currency: CurrencyCode;
  }[];
  readonly limitingRule: string;
}

function scenarioOf(rawScenario: unknown): Scenario {
  const result = parseScenario(rawScenario);
  if (!result.ok) throw AppError.invalid(result.errors);
  return result.value;
}

const nameOf = (scenario: Scenario, id: string): LocalisedName =>
  scenario.parties.find((p) => p.id === id)?.name ??
  (scenario.issuer.id === id ? scenario.issuer.name : { en: id, 'zh-Hant': null });

const step = (b: BasisStep): BasisStep => ({
  rule: b.rule,
  text: b.text,
  ...(b.textZh !== undefined ? { textZh: b.textZh } : {}),
});

const ratioView = (r: Ratio): RatioView => ({
  name: r.name,
  percent: r.percent,
  exact: r.exact ? `${r.exact.numerator}/${r.exact.denominator}` : null,
  usedForClassification: r.usedForClassification,
});

/**
 * POST /api/v1/classifications: `classify` for a user of an issuer, who needs `classification.run`.
 * The CLI calls `classify` itself: it has no issuer, and whoever runs it owns the installation.
 */
export function classifyScenario(actor: Actor, body: unknown): ClassificationView {
  requireAction(actor, 'classification.run');
  return classify(body);
}

/** Parses and classifies a scenario; an invalid one is refused with every error located. */
export function classify(rawScenario: unknown): ClassificationView {
  const scenario = scenarioOf(rawScenario);
  const result = classifyParsedScenario(scenario);
  return {
    asOf: result.asOf,
    issuer: { id: scenario.issuer.id, name: scenario.issuer.name },
    fx: result.fx,
    options: scenario.options,
    parties: result.parties.map((p) => ({
      id: p.id,
      name: nameOf(scenario, p.id),
      connected: p.connected,
      subsidiaryLevelOnly: p.subsidiaryLevelOnly,
      deemedReview: p.deemedReview,
      basis: p.basis.map(step),
    })),
    agreements: result.agreements.map((a) => {
      const input = scenario.agreements.find((s) => s.id === a.id);
      return {
        id: a.id,
        name: input?.draft.name ?? { en: a.id, 'zh-Hant': null },
        counterparty: input?.counterparty ?? '',
        individualTier: a.individualTier,
        tier: a.tier,
        tierRule: a.tierRule ?? null,
        deemedTier: a.deemedTier ?? null,
        numerator: a.numerator,
        ratios: a.ratios.map(ratioView),
        categories: (a.categories ?? []).map((c) => ({
          key: c.key,
          name: c.name,
          numerator: c.numerator,
          ratios: c.ratios.map(ratioView),
          tier: c.tier,
        })),
        requirements: a.requirements.map((r) => ({ code: r.code, rule: r.rule, text: r.text })),
        explanation: a.explanation.map(step),
        findings: a.findings.map(step),
        interestedDirectors: interestedDirectors(scenario, a.id).map((d) => ({
          id: d.personId,
          name: nameOf(scenario, d.personId),
          reasons: d.reasons.map(step),
        })),
        implications: {
          en: implicationsText(result, a.id, 'en'),
          'zh-Hant': implicationsText(result, a.id, 'zh-Hant'),
        },
      };
    }),
    aggregates: result.aggregates.map((g) => ({
      partyIds: [...g.partyIds],
      agreementIds: [...g.agreementIds],
      numerator: g.numerator,
      ratios: (g.ratios ?? []).map(ratioView),
      tier: g.tier,
      tierRule: g.tierRule ?? null,
    })),
  };
}

export const isSizingTier = (value: unknown): value is SizingTier =>
  typeof value === 'string' && (SIZING_TIERS as readonly string[]).includes(value);

/**
 * The largest cap per financial year that keeps an agreement within `tier`. Without `agreementId`
 * the scenario must hold exactly one agreement.
 */
export function capSize(rawScenario: unknown, tier: unknown, agreementId?: string): CapSizeView {
  const scenario = scenarioOf(rawScenario);
  if (!isSizingTier(tier)) {
    throw AppError.invalid([
      {
        path: 'tier',
        message: `${JSON.stringify(tier)} is not a tier to size for: one of ${SIZING_TIERS.join(', ')}`,
      },
    ]);
  }
  const ids = scenario.agreements.map((a) => a.id);
  let id: string;
  if (agreementId === undefined) {
    if (ids.length !== 1 || ids[0] === undefined) {
      throw AppError.invalid([
        {
          path: 'agreement',
          message: `the scenario has ${ids.length} agreements (${ids.join(', ')}): name one`,
        },
      ]);
    }
    id = ids[0];
  } else if (!ids.includes(agreementId)) {
    throw AppError.invalid([
      {
        path: 'agreement',
        message: `"${agreementId}" is not an agreement of the scenario (agreements: ${ids.join(', ')})`,
      },
    ]);
  } else id = agreementId;
  const sized = largestCapForTier(scenario, id, tier);
  return {
    agreementId: id,
    tier,
    perFinancialYear: sized.perFinancialYear.map((y) => ({
      financialYear: y.financialYear,
      amount: y.amount,
      currency: y.currency,
    })),
    limitingRule: sized.limitingRule,
  };
}
