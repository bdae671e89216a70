import type { Direction } from '../agreement.js';
import type { CalendarDate } from '../dates.js';
import { formatDisplay, formatMinor, type CurrencyCode, type Money } from '../money.js';
import { joinPath, type FieldError } from '../result.js';
import type { SupplierIndependence } from './independence.js';
import {
  PRICING_RULES,
  type NotCountedWhy,
  type PricingComparison,
  type PricingInput,
  type PricingPolicy,
  type PricingRefusal,
  type QuoteAssessment,
} from './types.js';

export interface PricingEvaluationInput {
  readonly policy: PricingPolicy;
  readonly direction: Direction;
  /** Null when the order carries no `pricing` body (fine only for a policy of 0 quotes). */
  readonly pricing: PricingInput | null;
  readonly signedOn: CalendarDate;
  readonly capCurrency: CurrencyCode;
  /**
   * Converts an amount into the cap currency at the rate for `date` (issue 2's FX rules); null when
   * no rate is known, which the caller answers with a 422 naming the field.
   */
  readonly toCapMinor: (money: Money, date: CalendarDate) => bigint | null;
  /** `supplierIndependence`'s answer, one per independent quote, in order. */
  readonly independence: readonly SupplierIndependence[];
  /** The user placing the order; null until accounts exist (issue 6), when the approver cannot be checked. */
  readonly placedBy: string | null;
  /** Where the pricing body sits in the request, for located errors. */
  readonly path?: string;
}

export type PricingEvaluation =
  | { readonly ok: true; readonly comparison: PricingComparison }
  | {
      readonly ok: false;
      readonly reasons: readonly PricingRefusal[];
      readonly comparison: PricingComparison;
    }
  /** Not a business refusal: an amount could not be converted (no rate); the caller's 422. */
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const rule = PRICING_RULES.listingRules;
const ordinal = (i: number): string => `independent quote ${i + 1}`;

/**
 * The pricing-policy gate (issue 4): enough independent quotes, valid on the signing date, and the
 * connected party's price strictly more favourable than the best of them — or an exception the
 * policy allows, approved by someone other than the user placing the order. Every failed check is
 * listed, so the order can be refused together with its cap reasons.
 */
export function evaluatePricing(input: PricingEvaluationInput): PricingEvaluation {
  const { policy, pricing, signedOn, capCurrency } = input;
  const path = input.path ?? 'pricing';
  const quotesRequired = policy.minIndependentQuotes > 0;
  const lower = policy.comparison === 'connected-lower';
  const capMoney = (minor: bigint): string => formatDisplay({ currency: capCurrency, minor });
  const base = {
    policy,
    direction: input.direction,
    quotesRequired,
    signedOn,
    capCurrency,
  };

  if (pricing === null) {
    const comparison: PricingComparison = {
      ...base,
      connected: null,
      quotes: [],
      countedQuotes: 0,
      bestIndependent: null,
      connectedMoreFavourable: null,
      exception: null,
      flagged: false,
      thirdPartyTerms: null,
      summary: quotesRequired
        ? `No quotes were given; the policy requires ${policy.minIndependentQuotes} independent quotes.`
        : 'The policy requires no independent quotes (0), and none were given.',
    };
    if (!quotesRequired) return { ok: true, comparison };
    return { ok: false, reasons: [quotesMissing(policy.minIndependentQuotes, 0)], comparison };
  }
  if (input.independence.length !== pricing.independentQuotes.length) {
    throw new RangeError('evaluatePricing: one independence result per independent quote is required');
  }

  // Conversion first: without every amount in the cap currency there is nothing to compare.
  const errors: FieldError[] = [];
  const convert = (money: Money, at: string): bigint => {
    if (money.currency === capCurrency) return money.minor;
    const minor = input.toCapMinor(money, signedOn);
    if (minor === null) {
      errors.push({
        path: joinPath(at, 'currency'),
        message: `no ${money.currency}→${capCurrency} rate is known for ${signedOn}, the signing date; give one (fx) or record the rate`,
      });
      return 0n;
    }
    return minor;
  };
  const connectedCap = convert(pricing.connectedQuote.amount, joinPath(path, 'connectedQuote'));
  const quoteCaps = pricing.independentQuotes.map((q, i) =>
    convert(q.amount, joinPath(joinPath(path, 'independentQuotes'), i)),
  );
  if (errors.length > 0) return { ok: false, errors };

  const isExpired = (validUntil: CalendarDate): boolean =>
    policy.quoteValidityRequired && validUntil < signedOn;
  const better = (a: bigint, b: bigint): boolean => (lower ? a < b : a > b);

  // Two quotes from one group count once: the group's most favourable valid quote stands for it.
  const bestOfGroup = new Map<string, number>();
  pricing.independentQuotes.forEach((q, i) => {
    const ind = input.independence[i];
    if (!ind?.independent || isExpired(q.validUntil)) return;
    const held = bestOfGroup.get(ind.group);
    if (held === undefined || better(quoteCaps[i] ?? 0n, quoteCaps[held] ?? 0n))
      bestOfGroup.set(ind.group, i);
  });

  const quotes: QuoteAssessment[] = pricing.independentQuotes.map((q, i) => {
    const ind = input.independence[i] as SupplierIndependence;
    const expired = isExpired(q.validUntil);
    const representative = bestOfGroup.get(ind.group);
    let notCounted: NotCountedWhy | null = null;
    let explanation: string | null = null;
    if (!ind.independent) {
      notCounted = ind.why;
      explanation = ind.explanation;
    } else if (expired) {
      notCounted = 'expired';
      explanation = `valid until ${q.validUntil}, before the signing date ${signedOn}`;
    } else if (representative !== i) {
      notCounted = 'same-group';
      explanation = `from the same group as ${ordinal(representative ?? i)}, which counts for the group`;
    }
    return {
      index: i,
      supplier: q.supplier,
      partyId: ind.partyId,
      amount: q.amount,
      capMinor: quoteCaps[i] ?? 0n,
      validUntil: q.validUntil,
      quotedOn: ind.quotedOn,
      specification: q.specification,
      evidence: q.evidence,
      independenceConfirmedBy: q.independenceConfirmedBy,
      independent: ind.independent,
      expired,
      counted: notCounted === null,
      notCounted,
      sameGroupAs: notCounted === 'same-group' ? (representative ?? null) : null,
      explanation,
    };
  });

  const counted = quotes.filter((q) => q.counted);
  const best = counted.reduce<QuoteAssessment | null>(
    (acc, q) => (acc === null || better(q.capMinor, acc.capMinor) ? q : acc),
    null,
  );
  const connectedMoreFavourable = best === null ? null : better(connectedCap, best.capMinor);
  const connectedExpired = isExpired(pricing.connectedQuote.validUntil);

  const reasons: PricingRefusal[] = [];
  if (quotesRequired) {
    if (connectedExpired) {
      reasons.push({
        code: 'QUOTE_EXPIRED',
        rule,
        policy: PRICING_RULES.validity,
        quote: { kind: 'connected' },
        validUntil: pricing.connectedQuote.validUntil,
        signedOn,
        message: `The connected party's quote was valid until ${pricing.connectedQuote.validUntil}, before the signing date ${signedOn}.`,
      });
    }
    for (const q of quotes) {
      const ind = input.independence[q.index] as SupplierIndependence;
      if (!q.independent) {
        reasons.push({
          code: 'QUOTE_NOT_INDEPENDENT',
          rule,
          policy: PRICING_RULES.independence,
          quote: { kind: 'independent', index: q.index },
          supplier: ind.supplier,
          partyId: ind.partyId,
          why: ind.why ?? 'unconfirmed-supplier',
          quotedOn: ind.quotedOn,
          message: `The quote from "${ind.supplier}" (${ordinal(q.index)}) is not independent: ${ind.explanation ?? ind.why ?? ''}.`,
        });
      }
      if (q.expired) {
        reasons.push({
          code: 'QUOTE_EXPIRED',
          rule,
          policy: PRICING_RULES.validity,
          quote: { kind: 'independent', index: q.index },
          validUntil: q.validUntil,
          signedOn,
          message: `The quote from "${ind.supplier}" (${ordinal(q.index)}) was valid until ${q.validUntil}, before the signing date ${signedOn}.`,
        });
      }
    }
    if (counted.length < policy.minIndependentQuotes)
      reasons.push(quotesMissing(policy.minIndependentQuotes, counted.length));
    if (best !== null && connectedMoreFavourable === false) {
      reasons.push({
        code: 'CONNECTED_NOT_MORE_FAVOURABLE',
        rule,
        policy: PRICING_RULES.comparison,
        comparison: policy.comparison,
        connectedPrice: formatMinor(connectedCap, capCurrency),
        bestIndependentPrice: formatMinor(best.capMinor, capCurrency),
        bestIndependentQuote: best.index,
        currency: capCurrency,
        message:
          `The connected party's price ${capMoney(connectedCap)} is not ${lower ? 'lower' : 'higher'} than the best ` +
          `independent quote, ${capMoney(best.capMinor)} (${ordinal(best.index)}); ` +
          `${lower ? 'buying from' : 'selling to'} the connected party needs a strictly ${lower ? 'lower' : 'higher'} price.`,
      });
    }
  }

  const connected = {
    amount: pricing.connectedQuote.amount,
    capMinor: connectedCap,
    validUntil: pricing.connectedQuote.validUntil,
    specification: pricing.connectedQuote.specification,
    evidence: pricing.connectedQuote.evidence,
    expired: connectedExpired,
  };
  const common = {
    ...base,
    connected,
    quotes,
    countedQuotes: counted.length,
    connectedMoreFavourable,
    thirdPartyTerms: pricing.thirdPartyTerms,
  };
  const bestIndependent = best === null ? null : { index: best.index, capMinor: best.capMinor };
  const outcome = !quotesRequired
    ? `The policy requires no independent quotes (0); ${quotes.length} ${quotes.length === 1 ? 'was' : 'were'} given for the record.`
    : connectedMoreFavourable === null
      ? `${counted.length} of ${policy.minIndependentQuotes} required independent quotes counted; nothing to compare against.`
      : `${counted.length} of ${policy.minIndependentQuotes} required independent quotes counted; the connected party's ${capMoney(connectedCap)} ` +
        `is ${connectedMoreFavourable ? '' : 'not '}${lower ? 'lower' : 'higher'} than the best, ${capMoney(best?.capMinor ?? 0n)}.`;

  if (reasons.length === 0) {
    return {
      ok: true,
      comparison: { ...common, bestIndependent, exception: null, flagged: false, summary: outcome },
    };
  }

  const exception = pricing.exception;
  if (exception !== null) {
    const sameUser =
      input.placedBy !== null &&
      exception.approvedBy.trim().toLowerCase() === input.placedBy.trim().toLowerCase();
    if (policy.exceptionsAllowed && !sameUser) {
      return {
        ok: true,
        comparison: {
          ...common,
          bestIndependent,
          exception: { ...exception, overrides: reasons },
          flagged: true,
          summary: `${outcome} Accepted by exception approved by ${exception.approvedBy}: ${exception.reason}`,
        },
      };
    }
    reasons.push({
      code: 'EXCEPTION_NOT_PERMITTED',
      rule,
      policy: PRICING_RULES.exception,
      why: policy.exceptionsAllowed ? 'approver-is-placer' : 'policy-disallows',
      approvedBy: exception.approvedBy,
      message: policy.exceptionsAllowed
        ? `The exception is approved by ${exception.approvedBy}, the user placing the order; another user must approve it.`
        : "The category's pricing policy does not allow exceptions (exceptionsAllowed is false).",
    });
  }
  return {
    ok: false,
    reasons,
    comparison: { ...common, bestIndependent, exception: null, flagged: false, summary: outcome },
  };
}

function quotesMissing(required: number, validGiven: number): PricingRefusal {
  return {
    code: 'QUOTES_MISSING',
    rule,
    policy: PRICING_RULES.minIndependentQuotes,
    required,
    validGiven,
    message: `The policy requires ${required} valid independent ${required === 1 ? 'quote' : 'quotes'}; ${validGiven} ${validGiven === 1 ? 'was' : 'were'} given.`,
  };
}
