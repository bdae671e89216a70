/**
 * The Chapter 14A engine's model: a scenario (the register of parties and relationships as of a
 * date, the issuer's figures, FX, and the agreements to classify) and the results. Pure data.
 * The scenario file format is documented in docs/scenario-format.md.
 */
import type { AgreementDraft, LocalisedName } from '../agreement.js';
import type { CalendarDate } from '../dates.js';
import type { Rate } from '../fx.js';
import type { CurrencyCode } from '../money.js';

/** An exact non-negative fraction, e.g. 11.12% is { numerator: 1112n, denominator: 10000n } as a share of 1. */
export interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export const PARTY_KINDS = ['individual', 'company', 'trust', 'prc-governmental-body'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export interface Party {
  readonly id: string;
  readonly kind: PartyKind;
  readonly name: LocalisedName;
  /** Known for individuals; a child without one is treated as under 18, and the assumption is stated. */
  readonly birthDate: CalendarDate | null;
  /**
   * Added for 14A.99–14A.100: set when the party is a passive investor (a sovereign fund, or an
   * authorised unit trust or mutual fund with a wide spread of investments). Absent = not one.
   */
  readonly passiveInvestor?: PassiveInvestorFacts | null;
  /**
   * Added for issue 4: other names the party is known by (trading names, former names, other
   * spellings); a supplier quoting under one of them is that party.
   */
  readonly aliases?: readonly string[];
}

/** The facts 14A.99 needs beyond the register (added additively). */
export interface PassiveInvestorFacts {
  readonly kind: 'sovereign-fund' | 'authorised-unit-trust' | 'authorised-mutual-fund';
  /** A director (or nominee) on the issuer's or a subsidiary's board. */
  readonly boardRepresentation: boolean;
  /** Involvement in management, including negative-control (veto) rights. */
  readonly managementInvolvement: boolean;
  /** Independent of the directors, the chief executive and the other substantial shareholders. */
  readonly independentOfInsiders: boolean;
}

/** Immediate family and family members (14A.12), and the "relatives" of 14A.21. */
export const FAMILY_RELATIONS = [
  'spouse',
  'cohabitant',
  'child',
  'step-child',
  'parent',
  'step-parent',
  'sibling',
  'step-sibling',
  'father-in-law',
  'mother-in-law',
  'son-in-law',
  'daughter-in-law',
  'sibling-in-law',
  'brother-in-law',
  'sister-in-law',
  'grandparent',
  'grandchild',
  'uncle',
  'aunt',
  'cousin',
  'nephew',
  'niece',
] as const;
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];

/** Validity of a relationship: both ends inclusive; null = open. */
export interface Validity {
  readonly from: CalendarDate | null;
  readonly to: CalendarDate | null;
}

export type Relationship =
  | (Validity & {
      readonly kind: 'shareholding';
      readonly holder: string;
      readonly company: string;
      /** Share of the voting power at general meetings. */
      readonly percent: Fraction;
      /** The part of `percent` held indirectly through the issuer's group (excluded by 14A.14 and 14A.16). */
      readonly percentThroughIssuerGroup: Fraction | null;
    })
  | (Validity & { readonly kind: 'board-control'; readonly holder: string; readonly company: string })
  | (Validity & {
      readonly kind: 'director' | 'chief-executive' | 'supervisor';
      readonly person: string;
      readonly company: string;
    })
  | (Validity & {
      /** `relation` is what `relative` is to `person`: "child" means `relative` is `person`'s child. */
      readonly kind: 'family';
      readonly person: string;
      readonly relative: string;
      readonly relation: FamilyRelation;
    })
  | (Validity & { readonly kind: 'trust'; readonly trustee: string; readonly beneficiary: string })
  | (Validity & {
      /**
       * Added for 14A.15 (PRC issuers): `participant` is a partner in `jv`, a cooperative or
       * contractual joint venture (a company), with `percent` of its capital, asset contributions or
       * contractual profit share, whichever is highest.
       */
      readonly kind: 'joint-venture-participation';
      readonly participant: string;
      readonly jv: string;
      readonly jvType: JointVentureType;
      readonly percent: Fraction;
    })
  | {
      /** The insignificant-subsidiary test (14A.09): the subsidiary's figures against the group's. */
      readonly kind: 'subsidiary-figures';
      readonly company: string;
      readonly years: readonly {
        readonly year: number;
        readonly assetsRatio: Fraction;
        readonly profitsRatio: Fraction;
        readonly revenueRatio: Fraction;
      }[];
    };

/** The joint ventures of 14A.15. */
export const JOINT_VENTURE_TYPES = ['cooperative', 'contractual'] as const;
export type JointVentureType = (typeof JOINT_VENTURE_TYPES)[number];

export interface IssuerFigures {
  readonly currency: CurrencyCode;
  readonly totalAssets: bigint;
  readonly revenue: bigint;
  /** May be negative: a loss makes the profits ratio "not meaningful". Never used to classify. */
  readonly profits: bigint;
  /** The 5-business-day average market capitalisation (14.07(4)). */
  readonly marketCapitalisation: bigint;
}

export interface ScenarioIssuer {
  readonly id: string;
  readonly name: LocalisedName;
  /** "MM-DD", e.g. "12-31". */
  readonly financialYearEnd: string;
  readonly figures: IssuerFigures;
  /** Added for 14A.15: a PRC issuer, whose associates include certain joint-venture partners. Absent = false. */
  readonly prcIssuer?: boolean;
}

export interface ScenarioFx {
  readonly from: CurrencyCode;
  readonly to: CurrencyCode;
  /** Units of `to` per unit of `from`; the inverse is derived as an exact fraction. */
  readonly rate: Rate;
  readonly rateText: string;
}

/** An agreement to classify: the shape of POST /api/v1/agreements plus these fields. */
export interface ScenarioAgreement {
  readonly id: string;
  /** A party id. */
  readonly counterparty: string;
  readonly draft: AgreementDraft;
  readonly normalCommercialTerms: boolean;
  /** 14A.101 limbs. */
  readonly boardApproved: boolean;
  readonly inedConfirmed: boolean;
  /** Consideration in shares (the equity capital ratio), rare for a CCT. */
  readonly sharesIssuedAsConsideration?: { readonly shares: bigint; readonly issuedShares: bigint } | null;
  /** Added for 14A.99: revenue in nature and in the ordinary and usual course of business. Absent = not stated. */
  readonly revenueNatureOrdinaryCourse?: boolean;
}

export interface Scenario {
  readonly asOf: CalendarDate;
  readonly issuer: ScenarioIssuer;
  readonly fx: readonly ScenarioFx[];
  readonly parties: readonly Party[];
  readonly relationships: readonly Relationship[];
  readonly agreements: readonly ScenarioAgreement[];
  readonly options: ClassificationOptions;
}

/** Settings for the points the digest marks [U]; defaults documented in docs/scenario-format.md. */
export interface ClassificationOptions {
  /** A cap period spanning two financial years counts in full in each (conservative, the default) or is split. */
  readonly spanningPeriod: 'count-in-full-in-each-year';
  /** "Total consideration" in 14A.76(1)(c) and (2)(b) for a multi-year CCT: the largest annual figure (default) or the term total. */
  readonly totalConsideration: 'largest-annual' | 'term-total';
  /**
   * Added. "Majority-controlled company" (14A.06, [U]): more than 50% (default) or 50% or more of the
   * voting power, or control of the board majority.
   */
  readonly majorityControl?: 'more-than-50' | '50-or-more';
  /**
   * Added. Which companies of 14A.21 relatives are flagged for the deemed-connected review:
   * '30-percent-controlled' (default, conservative: digest §15 case 14 flags a 40% company) or
   * 'majority-controlled' (the strict reading of 14A.21(1)(b)). A review flag, never a connection.
   */
  readonly deemedReviewCompanies?: '30-percent-controlled' | 'majority-controlled';
  /**
   * Added. A look-back for a former substantial shareholder ([U], none found in the rules): 'none'
   * (default) or '12-months' (as 14A.07(2) does for directors).
   */
  readonly formerSubstantialShareholderLookBack?: 'none' | '12-months';
}

export const DEFAULT_OPTIONS: ClassificationOptions = {
  spanningPeriod: 'count-in-full-in-each-year',
  totalConsideration: 'largest-annual',
};

/** One step of a reason, with its rule reference: "14A.07(1)". */
export interface BasisStep {
  readonly rule: string;
  readonly text: string;
  /** Added: the same step in Traditional Chinese, where the engine words it (implications text). */
  readonly textZh?: string;
}

export interface PartyConnection {
  readonly id: string;
  readonly connected: boolean;
  /** Connected only through relationships with the issuer's subsidiaries (14A.76(1)(b), 14A.101). */
  readonly subsidiaryLevelOnly: boolean;
  /** A possible deemed connected person (14A.20–14A.21): inform the Exchange unless fully exempt (14A.22). */
  readonly deemedReview: boolean;
  readonly basis: readonly BasisStep[];
}

export type Tier = 'NOT_CONNECTED' | 'FULLY_EXEMPT' | 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL' | 'NON_EXEMPT';

export const TIER_ORDER: readonly Tier[] = [
  'NOT_CONNECTED',
  'FULLY_EXEMPT',
  'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
  'NON_EXEMPT',
];

export interface Numerator {
  /** Decimal string in `currency`. */
  readonly amount: string;
  /** ISO code of the caps' currency (CNY, HKD). */
  readonly currency: CurrencyCode;
  readonly amountHkd: string;
  /** The financial year whose caps gave the largest sum, named by its end: "FY2026". */
  readonly financialYear: string;
}

export interface Ratio {
  readonly name: 'assets' | 'revenue' | 'consideration' | 'equity-capital' | 'profits';
  /** Percentage to 4 decimals ("1.1088"), or "n/a" / "not meaningful". Tiers use the exact value. */
  readonly percent: string;
  readonly exact: Fraction | null;
  readonly usedForClassification: boolean;
}

export interface Requirement {
  readonly code:
    | 'WRITTEN_AGREEMENT'
    | 'FIXED_TERM'
    | 'ANNUAL_CAP'
    | 'RECOMPLY_BEFORE_CAP_EXCEEDED'
    | 'ANNOUNCEMENT'
    | 'ANNUAL_REPORTING'
    | 'INED_ANNUAL_REVIEW'
    | 'AUDITOR_ANNUAL_REVIEW'
    | 'CIRCULAR'
    | 'IFA'
    | 'IBC'
    | 'INDEPENDENT_SHAREHOLDERS_APPROVAL'
    | 'INFORM_EXCHANGE';
  readonly rule: string;
  readonly text: string;
}

export interface AgreementClassification {
  readonly id: string;
  readonly individualTier: Tier;
  /** The higher of the individual and the aggregate tier (14A.81–14A.83). */
  readonly tier: Tier;
  readonly numerator: Numerator | null;
  readonly ratios: readonly Ratio[];
  readonly requirements: readonly Requirement[];
  readonly explanation: readonly BasisStep[];
  /** Findings such as a term over three years without an IFA opinion (14A.52). */
  readonly findings: readonly BasisStep[];
  /** Added: the rule limb that decided `tier`, e.g. "14A.76(2)(a)". */
  readonly tierRule?: string;
  /** Added: the agreement's and the counterparty's names, for the implications text. */
  readonly name?: LocalisedName;
  readonly counterpartyId?: string;
  readonly counterpartyName?: LocalisedName;
  /** Added: each category on its own caps (its individual figure). */
  readonly categories?: readonly CategoryClassification[];
  /** Added: the deemed-connected review (14A.20–14A.22) — the tier it would have if connected. */
  readonly deemedTier?: Tier;
}

/** Added: a category classified on its own caps. */
export interface CategoryClassification {
  readonly key: string;
  readonly name: LocalisedName;
  readonly numerator: Numerator | null;
  readonly ratios: readonly Ratio[];
  readonly tier: Tier;
}

export interface AggregateClassification {
  readonly partyIds: readonly string[];
  readonly agreementIds: readonly string[];
  readonly numerator: Numerator | null;
  readonly tier: Tier;
  /** Added: the ratios of the aggregated numerator and the rule limb that decided `tier`. */
  readonly ratios?: readonly Ratio[];
  readonly tierRule?: string;
}

export interface ClassificationResult {
  readonly asOf: CalendarDate;
  readonly parties: readonly PartyConnection[];
  readonly agreements: readonly AgreementClassification[];
  readonly aggregates: readonly AggregateClassification[];
  readonly fx: readonly { readonly from: CurrencyCode; readonly to: CurrencyCode; readonly rate: string }[];
}
