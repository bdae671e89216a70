import {
  capAmountOn,
  capEffectiveRange,
  describePricingPolicy,
  formatMinor,
  type CalendarDate,
  type CurrencyCode,
  type LocalisedName,
  type PricingPolicy,
} from '../domain/index.js';
import type {
  AgreementRecord,
  CapRecord,
  CapRevisionRecord,
  CategoryRecord,
  MaterialChangeReclassification,
  MaterialChangeRecord,
  ReComplianceRequirement,
  RevisionReclassification,
  RevisionRequirement,
} from './ports.js';

/** JSON shapes returned by the use cases: money as decimal strings beside an ISO currency code. */
export interface CapView {
  readonly id: string;
  readonly categoryKeys: string[];
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly effectiveStart: CalendarDate | null;
  readonly effectiveEnd: CalendarDate | null;
  readonly amount: string;
  readonly currency: CurrencyCode;
  readonly history?: {
    readonly amount: string;
    readonly effectiveFrom: CalendarDate | null;
    readonly approvedOn: CalendarDate | null;
    readonly reason: string | null;
    readonly approvalReference: string | null;
    readonly recordedAt: string;
    /** Null for the amount stated in the agreement. */
    readonly revisionId: string | null;
    readonly status: RevisionStatus;
    /** The first day the amount counts (null while pending, and for the stated amount). */
    readonly countsFrom: CalendarDate | null;
    readonly reclassification: RevisionReclassification | null;
    readonly requiredApprovals: readonly RevisionRequirement[];
    readonly approvals: readonly {
      readonly id: string;
      readonly kind: string;
      readonly date: CalendarDate;
      readonly reference: string;
      readonly recordedAt: string;
    }[];
  }[];
}

export type RevisionStatus = 'approved' | 'pending';

/**
 * A revision is `approved` when every approval it requires is recorded (derived, never stored): one
 * that did not raise the tier requires none. A pending revision gives no headroom (14A.54).
 */
export function revisionStatus(r: CapRevisionRecord): RevisionStatus {
  return r.requiredApprovals.every((q) => r.approvals.some((a) => a.kind === q.kind))
    ? 'approved'
    : 'pending';
}

/**
 * The first day an approved revision counts: max(effectiveFrom, the date the last required approval
 * was given); null while it is pending.
 */
export function revisionCountsFrom(r: CapRevisionRecord): CalendarDate | null {
  if (revisionStatus(r) === 'pending') return null;
  // Each required kind counts from its first approval; one recorded again later changes nothing.
  let from = r.effectiveFrom;
  for (const q of r.requiredApprovals) {
    const first = r.approvals
      .filter((a) => a.kind === q.kind)
      .reduce<CalendarDate | null>((m, a) => (m === null || a.date < m ? a.date : m), null);
    if (first !== null && first > from) from = first;
  }
  return from;
}

/** The cap's amounts and the days they count from: the stated amount and each approved revision. */
export const capChanges = (cap: CapRecord) => [
  { amountMinor: cap.amountMinor, effectiveFrom: null, seq: 0 },
  ...cap.revisions.flatMap((r) => {
    const from = revisionCountsFrom(r);
    return from === null ? [] : [{ amountMinor: r.amountMinor, effectiveFrom: from, seq: r.seq }];
  }),
];

export const categoryTermInputs = (categories: readonly CategoryRecord[]) =>
  categories.map((c) => ({
    termStart: c.termStart,
    termEnd: c.termEnd,
    terminatedOn: c.termination?.effectiveOn ?? null,
  }));

export function capCategories(agreement: AgreementRecord, cap: CapRecord): CategoryRecord[] {
  return agreement.categories.filter((c) => cap.categoryIds.includes(c.id));
}

export function capView(agreement: AgreementRecord, cap: CapRecord, withHistory: boolean): CapView {
  const cats = capCategories(agreement, cap);
  const effective = capEffectiveRange(cap, categoryTermInputs(cats));
  const view: CapView = {
    id: cap.id,
    categoryKeys: cats.map((c) => c.key),
    periodStart: cap.periodStart,
    periodEnd: cap.periodEnd,
    effectiveStart: effective?.start ?? null,
    effectiveEnd: effective?.end ?? null,
    amount: formatMinor(cap.amountMinor, cap.currency),
    currency: cap.currency,
  };
  if (!withHistory) return view;
  return {
    ...view,
    history: [
      {
        amount: formatMinor(cap.amountMinor, cap.currency),
        effectiveFrom: null,
        approvedOn: agreement.signedOn,
        reason: 'stated in the agreement',
        approvalReference: null,
        recordedAt: agreement.createdAt,
        revisionId: null,
        status: 'approved' as const,
        countsFrom: null,
        reclassification: null,
        requiredApprovals: [],
        approvals: [],
      },
      ...cap.revisions.map((r) => ({
        amount: formatMinor(r.amountMinor, cap.currency),
        effectiveFrom: r.effectiveFrom,
        approvedOn: r.approvedOn,
        reason: r.reason,
        approvalReference: r.approvalReference,
        recordedAt: r.recordedAt,
        revisionId: r.id,
        status: revisionStatus(r),
        countsFrom: revisionCountsFrom(r),
        reclassification: r.reclassification,
        requiredApprovals: r.requiredApprovals,
        approvals: r.approvals.map((a) => ({
          id: a.id,
          kind: a.kind,
          date: a.date,
          reference: a.reference,
          recordedAt: a.recordedAt,
        })),
      })),
    ],
  };
}

export const capAmountInForce = (cap: CapRecord, date: CalendarDate): bigint =>
  capAmountOn(capChanges(cap), date);

export interface AgreementView {
  readonly id: string;
  readonly name: LocalisedName;
  readonly counterparty: { readonly name: LocalisedName; readonly partyId: string | null };
  readonly signedOn: CalendarDate;
  readonly recognitionBasis: string;
  readonly amountsInclude: string;
  readonly createdAt: string;
  readonly categories: {
    readonly id: string;
    readonly key: string;
    readonly name: LocalisedName;
    readonly direction: string;
    readonly termStart: CalendarDate;
    readonly termEnd: CalendarDate;
    readonly pricingBasis: string | null;
    readonly pricingPolicy: PricingPolicy & { readonly summary: string };
    readonly ifaOpinion: { adviser: string; date: CalendarDate; reference: string } | null;
    readonly termination: { effectiveOn: CalendarDate; reason: string; recordedAt: string } | null;
  }[];
  readonly caps: CapView[];
}

export function agreementView(a: AgreementRecord, withHistory: boolean): AgreementView {
  return {
    id: a.id,
    name: a.name,
    counterparty: a.counterparty,
    signedOn: a.signedOn,
    recognitionBasis: a.recognitionBasis,
    amountsInclude: a.amountsInclude,
    createdAt: a.createdAt,
    categories: a.categories.map((c) => ({
      id: c.id,
      key: c.key,
      name: c.name,
      direction: c.direction,
      termStart: c.termStart,
      termEnd: c.termEnd,
      pricingBasis: c.pricingBasis,
      pricingPolicy: { ...c.pricingPolicy, summary: describePricingPolicy(c.pricingPolicy) },
      ifaOpinion: c.ifaOpinion,
      termination: c.termination
        ? {
            effectiveOn: c.termination.effectiveOn,
            reason: c.termination.reason,
            recordedAt: c.termination.recordedAt,
          }
        : null,
    })),
    caps: a.caps.map((c) => capView(a, c, withHistory)),
  };
}

/** A material change of terms as returned (14A.54(2)). */
export interface MaterialChangeView {
  readonly id: string;
  readonly description: string;
  readonly effectiveOn: CalendarDate;
  readonly approvedOn: CalendarDate | null;
  readonly recordedAt: string;
  readonly reclassification: MaterialChangeReclassification;
  /** The requirements (with rule references) to complete before the change takes effect. */
  readonly requirementsBeforeEffective: readonly ReComplianceRequirement[];
}

export const materialChangeView = (c: MaterialChangeRecord): MaterialChangeView => ({
  id: c.id,
  description: c.description,
  effectiveOn: c.effectiveOn,
  approvedOn: c.approvedOn,
  recordedAt: c.recordedAt,
  reclassification: c.reclassification,
  requirementsBeforeEffective: c.requirementsBeforeEffective,
});

/** One agreement in full: with its renewal links (ids) and its material changes of terms. */
export interface AgreementDetailView extends AgreementView {
  /** The agreement this one renews (replaces). */
  readonly renews: string | null;
  /** The agreements that renew this one. */
  readonly renewedBy: readonly string[];
  readonly materialChanges: readonly MaterialChangeView[];
  /** The board resolutions listing it, and whether each approves it (13.44 and the vote count). */
  readonly boardResolutions: readonly {
    readonly id: string;
    readonly reference: string;
    readonly meetingDate: CalendarDate;
    readonly approves: boolean;
    readonly violations: readonly {
      readonly personId: string;
      readonly rule: string;
      readonly text: string;
    }[];
  }[];
}

export const money = (minor: bigint, currency: CurrencyCode): string => formatMinor(minor, currency);
