/**
 * The pricing-policy gate's model (issue 4): the category's policy, the quotes given with an order,
 * what the gate decided about each quote, and the business refusals. Pure data.
 */
import type { Direction } from '../agreement.js';
import type { CalendarDate } from '../dates.js';
import type { CurrencyCode, Money } from '../money.js';

/** A SHA-256 digest as 64 lower-case hex digits: how evidence files are referenced (content-addressed). */
export type Sha256Hex = string;

/**
 * "More favourable" for the issuer: when it buys, the connected party's price must be strictly lower
 * than every valid independent quote; when it sells, strictly higher.
 */
export type FavourableComparison = 'connected-lower' | 'connected-higher';

export const comparisonFor = (direction: Direction): FavourableComparison =>
  direction === 'issuer-purchases' ? 'connected-lower' : 'connected-higher';

export interface PricingPolicy {
  /** 0 is valid (a lease at a fixed rent): the order then needs no quotes, and the comparison says so. */
  readonly minIndependentQuotes: number;
  /** Derived from the category's direction, never set on its own. */
  readonly comparison: FavourableComparison;
  /** Every quote must be valid (through its `validUntil`, inclusive) on the order's signing date. */
  readonly quoteValidityRequired: boolean;
  /** Whether a documented exception (reason + approver) may stand in for a failed comparison. */
  readonly exceptionsAllowed: boolean;
}

/** The seed's policy: two independent quotes, valid on the signing date, no exceptions. */
export const DEFAULT_PRICING_POLICY_FIELDS = {
  minIndependentQuotes: 2,
  quoteValidityRequired: true,
  exceptionsAllowed: false,
} as const;

export const defaultPricingPolicy = (direction: Direction): PricingPolicy => ({
  ...DEFAULT_PRICING_POLICY_FIELDS,
  comparison: comparisonFor(direction),
});

export interface ConnectedQuote {
  /** For the order's total (the app checks it against the order; a mismatch is a 422). */
  readonly amount: Money;
  readonly validUntil: CalendarDate;
  /** What is quoted: quantity and specification, in a line (so like can be compared with like). */
  readonly specification: string | null;
  readonly evidence: readonly Sha256Hex[];
}

/** A supplier named by a register party id, by name, or both (the id then decides). */
export interface SupplierRef {
  readonly partyId: string | null;
  readonly name: string | null;
}

export interface IndependentQuote {
  readonly supplier: SupplierRef;
  readonly amount: Money;
  readonly validUntil: CalendarDate;
  /** The day independence is judged on; null = the order's signing date. */
  readonly quotedOn: CalendarDate | null;
  readonly specification: string | null;
  readonly evidence: readonly Sha256Hex[];
  /** Who confirmed that a supplier unknown to the register is independent; required for such a supplier. */
  readonly independenceConfirmedBy: string | null;
}

export interface PricingException {
  readonly reason: string;
  readonly approvedBy: string;
}

/** The `pricing` body of POST /api/v1/orders and /orders/check. */
export interface PricingInput {
  readonly connectedQuote: ConnectedQuote;
  readonly independentQuotes: readonly IndependentQuote[];
  readonly exception: PricingException | null;
  /**
   * The seed's second comparison, optional evidence: the terms the connected party offers to
   * independent third parties for like goods or services.
   */
  readonly thirdPartyTerms: ThirdPartyTerms | null;
}

/** What the connected party charges (or pays) independent third parties, as evidence. */
export interface ThirdPartyTerms {
  readonly summary: string;
  readonly evidence: readonly Sha256Hex[];
}

/** Which quote a refusal is about: the connected party's own, or an independent one by its index. */
export type QuoteRef =
  { readonly kind: 'connected' } | { readonly kind: 'independent'; readonly index: number };

/** Why an independent quote does not count (toward the minimum and the comparison). */
export type NotIndependentWhy =
  /** The supplier is the counterparty itself. */
  | 'counterparty'
  /** The supplier is in the counterparty's group. */
  | 'counterparty-group'
  /** The supplier is a connected person of the issuer on the quote date (issue 3's register). */
  | 'connected-person'
  /** `partyId` names no party of the register. */
  | 'unknown-party'
  /** Found nowhere in the register, and nobody recorded an independence confirmation. */
  | 'unconfirmed-supplier';

/** Rule references carried by every refusal: the policy limb and the Listing Rules it serves. */
export const PRICING_RULES = {
  /** The INEDs' and auditors' annual confirmations that the CCTs were on normal commercial terms or better. */
  listingRules: '14A.55, 14A.56',
  minIndependentQuotes: 'pricing policy: minIndependentQuotes',
  independence: 'pricing policy: independent third parties',
  validity: 'pricing policy: quoteValidityRequired',
  comparison: 'pricing policy: more favourable than independent quotes',
  exception: 'pricing policy: exceptionsAllowed',
} as const;

interface RefusalBase {
  /** The Listing Rules the policy serves. */
  readonly rule: string;
  /** The policy limb applied. */
  readonly policy: string;
  /** One English sentence with the figures; the UI translates by `code` and the fields. */
  readonly message: string;
}

export type PricingRefusal =
  | (RefusalBase & {
      readonly code: 'QUOTES_MISSING';
      readonly required: number;
      /** Independent quotes that count: independent, valid on the signing date, one per group. */
      readonly validGiven: number;
    })
  | (RefusalBase & {
      readonly code: 'QUOTE_NOT_INDEPENDENT';
      readonly quote: QuoteRef & { readonly kind: 'independent' };
      /** The supplier as given (name, else party id). */
      readonly supplier: string;
      /** The register party the supplier was resolved to, if any. */
      readonly partyId: string | null;
      readonly why: NotIndependentWhy;
      readonly quotedOn: CalendarDate;
    })
  | (RefusalBase & {
      readonly code: 'QUOTE_EXPIRED';
      readonly quote: QuoteRef;
      readonly validUntil: CalendarDate;
      readonly signedOn: CalendarDate;
    })
  | (RefusalBase & {
      readonly code: 'CONNECTED_NOT_MORE_FAVOURABLE';
      readonly comparison: FavourableComparison;
      /** Both in `currency` (the cap's) at the signing-date rate, as decimal strings. */
      readonly connectedPrice: string;
      readonly bestIndependentPrice: string;
      readonly bestIndependentQuote: number;
      readonly currency: CurrencyCode;
    })
  | (RefusalBase & {
      /**
       * An exception was given but cannot stand: the policy does not allow exceptions, or the approver
       * is the user placing the order. The refusals it was meant to override are listed too.
       */
      readonly code: 'EXCEPTION_NOT_PERMITTED';
      readonly why: 'policy-disallows' | 'approver-is-placer';
      readonly approvedBy: string;
    });

export type PricingRefusalCode = PricingRefusal['code'];

export const PRICING_REFUSAL_CODES: readonly PricingRefusalCode[] = [
  'QUOTES_MISSING',
  'QUOTE_NOT_INDEPENDENT',
  'QUOTE_EXPIRED',
  'CONNECTED_NOT_MORE_FAVOURABLE',
  'EXCEPTION_NOT_PERMITTED',
];

/** Why a quote does not count toward the minimum. */
export type NotCountedWhy = NotIndependentWhy | 'expired' | 'same-group';

/** One independent quote as kept with the order. */
export interface QuoteAssessment {
  readonly index: number;
  readonly supplier: SupplierRef;
  /** The register party the supplier resolved to (by id or by name), if any. */
  readonly partyId: string | null;
  readonly amount: Money;
  /** `amount` in the cap currency at the signing-date rate. */
  readonly capMinor: bigint;
  readonly validUntil: CalendarDate;
  /** The date independence was judged on (the quote's `quotedOn`, else the signing date). */
  readonly quotedOn: CalendarDate;
  readonly specification: string | null;
  readonly evidence: readonly Sha256Hex[];
  readonly independenceConfirmedBy: string | null;
  readonly independent: boolean;
  readonly expired: boolean;
  /** Counts toward the minimum (and is compared): independent, not expired, the best of its group. */
  readonly counted: boolean;
  readonly notCounted: NotCountedWhy | null;
  /** For `same-group`: the index of the quote that counts for the group. */
  readonly sameGroupAs: number | null;
  /** Why, in English (null when counted). */
  readonly explanation: string | null;
}

/** What is kept with the order and shown in the API, the CLI and the reports. */
export interface PricingComparison {
  readonly policy: PricingPolicy;
  readonly direction: Direction;
  /** False for a policy of 0 quotes: the order needed none, whatever was given. */
  readonly quotesRequired: boolean;
  readonly signedOn: CalendarDate;
  readonly capCurrency: CurrencyCode;
  readonly connected: {
    readonly amount: Money;
    readonly capMinor: bigint;
    readonly validUntil: CalendarDate;
    readonly specification: string | null;
    readonly evidence: readonly Sha256Hex[];
    readonly expired: boolean;
  } | null;
  readonly quotes: readonly QuoteAssessment[];
  readonly countedQuotes: number;
  /** The most favourable counted independent quote, in the cap currency. */
  readonly bestIndependent: { readonly index: number; readonly capMinor: bigint } | null;
  /** Null when there was nothing to compare against. */
  readonly connectedMoreFavourable: boolean | null;
  /** Set when an exception stood in for failed checks; such an order is flagged in every later report. */
  readonly exception: (PricingException & { readonly overrides: readonly PricingRefusal[] }) | null;
  readonly flagged: boolean;
  readonly thirdPartyTerms: ThirdPartyTerms | null;
  /** One English sentence summarising the outcome. */
  readonly summary: string;
}
