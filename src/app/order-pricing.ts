/**
 * The pricing-policy gate's use of the store (issue 4): the category's policy, the register as of
 * the quote dates, the FX rates for the signing date and the uploaded evidence, put together for
 * the pure `evaluatePricing`. Used by the order gate and by POST /api/v1/orders/check.
 */
import { parseScenario } from '../domain/chapter14a/scenario.js';
import { controlGroups } from '../domain/pricing/groups.js';
import {
  connectedOnFromScenario,
  convertMinor,
  evaluatePricing,
  formatDisplay,
  formatMinor,
  nameIndex,
  supplierIndependence,
  type CurrencyCode,
  type FieldError,
  type Money,
  type OrderInput,
  type PricingComparison,
  type PricingInput,
  type PricingRefusal,
  type CalendarDate,
  type Rate,
  type RegisterParty,
  type SupplierIndependence,
} from '../domain/index.js';
import type { Scenario } from '../domain/chapter14a/types.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { requireEvidence } from './evidence.js';
import { findRecordedRate } from './fx.js';
import type { Actor, AgreementRecord, CategoryRecord, JsonObject, OrderEvidenceLink } from './ports.js';
import { getIssuerOrThrow } from './register.js';
import { registerLists, scenarioIssuer } from './stored-scenario.js';

export interface OrderPricing {
  /** Empty when the policy is met (or an allowed exception stands in). */
  readonly reasons: readonly PricingRefusal[];
  readonly comparison: PricingComparison;
  /** The evidence files the comparison cites, to be linked to the order when it is placed. */
  readonly evidence: readonly OrderEvidenceLink[];
  /** The register version the independence was judged on; null when the register was not read. */
  readonly registerVersion: string | null;
}

/** The cap currency the quotes are compared in: the first cap covering the category. */
export function comparisonCurrency(
  agreement: AgreementRecord,
  category: CategoryRecord,
  touchedCapCurrency: CurrencyCode | undefined,
  orderCurrency: CurrencyCode,
): CurrencyCode {
  return (
    touchedCapCurrency ??
    agreement.caps.find((c) => c.categoryIds.includes(category.id))?.currency ??
    orderCurrency
  );
}

/**
 * Checks the order's quotes against the category's policy. Malformed input that only the app can see
 * (a connected quote that is not for the order's total, evidence never uploaded, an amount with no
 * rate for the signing date) is a 422; a failed policy check is a business refusal, returned.
 */
export async function assessOrderPricing(
  ctx: AppContext,
  actor: Actor,
  input: OrderInput,
  agreement: AgreementRecord,
  category: CategoryRecord,
  capCurrency: CurrencyCode,
  /**
   * Whether a reading of the register kept from an earlier order may be used without asking the
   * database (the gate's first attempt: its placement re-checks the version and re-plans on a move).
   */
  registerMayBeStale = false,
): Promise<OrderPricing> {
  const pricing = input.pricing;
  if (pricing !== null) {
    checkConnectedTotal(input, pricing);
    await requireEvidence(
      ctx,
      actor.issuerId,
      evidenceRefs(pricing).map((r) => ({ path: r.path, sha256: r.sha256 })),
    );
  }
  const rates = await ratesFor(ctx, actor.issuerId, input, pricing, capCurrency);
  const reading =
    pricing === null || pricing.independentQuotes.length === 0
      ? null
      : await registerReading(ctx, actor.issuerId, registerMayBeStale);
  const independence =
    pricing === null || reading === null ? [] : independenceOf(reading, agreement, input, pricing);
  const evaluation = evaluatePricing({
    policy: category.pricingPolicy,
    direction: category.direction,
    pricing,
    signedOn: input.signedOn,
    capCurrency,
    toCapMinor: (money: Money) => {
      const rate = rates.get(money.currency);
      return rate ? convertMinor(money.minor, money.currency, capCurrency, rate).minor : null;
    },
    independence,
    placedBy: actor.userId,
  });
  if ('errors' in evaluation) throw AppError.invalid(evaluation.errors);
  return {
    reasons: evaluation.ok ? [] : evaluation.reasons,
    comparison: evaluation.comparison,
    evidence: pricing === null ? [] : evidenceRefs(pricing).map(({ path: _path, ...link }) => link),
    registerVersion: reading?.version ?? null,
  };
}

function checkConnectedTotal(input: OrderInput, pricing: PricingInput): void {
  const currency = input.schedule[0]?.amount.currency;
  const total = input.schedule.reduce((sum, l) => sum + l.amount.minor, 0n);
  const quoted = pricing.connectedQuote.amount;
  if (currency === undefined) return;
  const errors: FieldError[] = [];
  if (quoted.currency !== currency) {
    errors.push({
      path: 'pricing.connectedQuote.currency',
      message: `is ${quoted.currency}, but the order is in ${currency}: the connected party's quote is for the order itself`,
    });
  } else if (quoted.minor !== total) {
    errors.push({
      path: 'pricing.connectedQuote.amount',
      message:
        `is ${formatDisplay(quoted)}, but the order's total is ${formatDisplay({ currency, minor: total })}: ` +
        "the connected party's quote must be for the order's total",
    });
  }
  if (errors.length > 0) throw AppError.invalid(errors);
}

function evidenceRefs(pricing: PricingInput): (OrderEvidenceLink & { path: string })[] {
  const refs: (OrderEvidenceLink & { path: string })[] = [];
  pricing.connectedQuote.evidence.forEach((sha256, i) =>
    refs.push({
      sha256,
      quote: 'connected',
      quoteIndex: null,
      path: `pricing.connectedQuote.evidence[${i}]`,
    }),
  );
  pricing.independentQuotes.forEach((q, qi) =>
    q.evidence.forEach((sha256, i) =>
      refs.push({
        sha256,
        quote: 'independent',
        quoteIndex: qi,
        path: `pricing.independentQuotes[${qi}].evidence[${i}]`,
      }),
    ),
  );
  pricing.thirdPartyTerms?.evidence.forEach((sha256, i) =>
    refs.push({
      sha256,
      quote: 'third-party-terms',
      quoteIndex: null,
      path: `pricing.thirdPartyTerms.evidence[${i}]`,
    }),
  );
  return refs;
}

/**
 * The rate for each quote currency into the cap's, for the signing date (issue 2's FX rules): the
 * order's own `fx` for the order's currency, else the recorded rate (or its inverse).
 */
async function ratesFor(
  ctx: AppContext,
  issuerId: string,
  input: OrderInput,
  pricing: PricingInput | null,
  capCurrency: CurrencyCode,
): Promise<Map<CurrencyCode, Rate>> {
  const rates = new Map<CurrencyCode, Rate>();
  if (pricing === null) return rates;
  const orderCurrency = input.schedule[0]?.amount.currency;
  const wanted = new Set(
    [pricing.connectedQuote.amount, ...pricing.independentQuotes.map((q) => q.amount)]
      .map((m) => m.currency)
      .filter((c) => c !== capCurrency),
  );
  for (const currency of wanted) {
    if (input.fx && currency === orderCurrency) {
      rates.set(currency, input.fx.rate);
      continue;
    }
    const recorded = await findRecordedRate(ctx, issuerId, currency, capCurrency, input.signedOn);
    if (recorded) rates.set(currency, recorded.rate);
  }
  return rates;
}

/**
 * Each independent quote's supplier against the stored register: connected on its quote date, in
 * the counterparty's group (on the signing date), or unknown and unconfirmed.
 */
function independenceOf(
  register: RegisterReading,
  agreement: AgreementRecord,
  input: OrderInput,
  pricing: PricingInput,
): readonly SupplierIndependence[] {
  // The same suppliers on the same dates against the same reading judge alike: orders under one
  // agreement mostly repeat their quotes' suppliers, so the judgement is kept per reading.
  let memo = independenceMemo.get(register);
  if (!memo) independenceMemo.set(register, (memo = new Map<string, readonly SupplierIndependence[]>()));
  const key = JSON.stringify([
    agreement.counterparty,
    input.signedOn,
    pricing.independentQuotes.map((q) => [q.supplier, q.quotedOn, q.independenceConfirmedBy]),
  ]);
  const known = memo.get(key);
  if (known) return known;
  const judged = judgeIndependence(register, agreement, input, pricing);
  if (memo.size >= INDEPENDENCE_MEMO_SIZE) memo.clear();
  memo.set(key, judged);
  return judged;
}

const INDEPENDENCE_MEMO_SIZE = 1000;
const independenceMemo = new WeakMap<RegisterReading, Map<string, readonly SupplierIndependence[]>>();

function judgeIndependence(
  register: RegisterReading,
  agreement: AgreementRecord,
  input: OrderInput,
  pricing: PricingInput,
): SupplierIndependence[] {
  const scenario = register.scenario;
  const groupOf = register.groupsOn(input.signedOn);
  const cpId = agreement.counterparty.partyId;
  const counterpartyParty = cpId === null ? undefined : scenario.parties.find((p) => p.id === cpId);
  const counterpartyGroup = new Set(
    cpId === null
      ? []
      : scenario.parties.map((p) => p.id).filter((id) => id !== cpId && groupOf(id) === groupOf(cpId)),
  );
  return supplierIndependence(pricing.independentQuotes, {
    parties: scenario.parties,
    counterparty: {
      partyId: cpId,
      name: agreement.counterparty.name,
      aliases: counterpartyParty?.aliases ?? [],
    },
    counterpartyGroup,
    connectedOn: register.connectedOn,
    groupOf,
    signedOn: input.signedOn,
    nameIndex: register.nameIndex,
  });
}

/** The register read as a scenario, with the connections and groups computed once per date. */
interface RegisterReading {
  readonly version: string;
  readonly scenario: Scenario;
  readonly connectedOn: (partyId: string, date: CalendarDate) => boolean;
  readonly groupsOn: (date: CalendarDate) => (partyId: string) => string;
  readonly nameIndex: ReadonlyMap<string, readonly RegisterParty[]>;
}

/** Per store and issuer, the last reading; replaced when the register's version moves. */
const readings = new WeakMap<object, Map<string, RegisterReading>>();

/**
 * The issuer's register as the gate reads it. Reading and parsing the whole register for every
 * order would cost more than the order itself, so the reading is kept and re-used for as long as
 * `registerVersion` says nothing was added (the register is append-only), also when another process
 * added it. The gate's first attempt uses the kept reading without asking (`mayBeStale`): its
 * placement checks the version in the same statement, and a move makes it plan again from here.
 */
async function registerReading(
  ctx: AppContext,
  issuerId: string,
  mayBeStale: boolean,
): Promise<RegisterReading> {
  let byIssuer = readings.get(ctx.store);
  if (!byIssuer) readings.set(ctx.store, (byIssuer = new Map<string, RegisterReading>()));
  const held = byIssuer.get(issuerId);
  if (held && mayBeStale) return held;
  const version = await ctx.store.registerVersion(issuerId);
  if (version === null) throw AppError.notFound(`issuer ${issuerId}`);
  if (held?.version === version) return held;

  const issuer = await getIssuerOrThrow(ctx.store, issuerId);
  const lists = await registerLists(ctx.store, issuerId);
  const parsed = parseScenario(
    {
      asOf: '2000-01-01',
      issuer: scenarioIssuer(issuer),
      fx: [],
      parties: lists.parties,
      relationships: lists.relationships,
      agreements: [],
    },
    { requireAgreements: false },
  );
  if (!parsed.ok) {
    // The register was checked entry by entry when recorded: a failure here is a defect, not the
    // user's input (an internal error, logged with the request id).
    throw new Error(
      `the connected-person register cannot be read to check the quotes' independence: ${parsed.errors
        .slice(0, 3)
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')}`,
    );
  }
  const scenario = parsed.value;
  const groups = new Map<CalendarDate, (partyId: string) => string>();
  const reading: RegisterReading = {
    version,
    scenario,
    connectedOn: connectedOnFromScenario(scenario),
    nameIndex: nameIndex(scenario.parties),
    groupsOn: (date) => {
      let g = groups.get(date);
      if (!g) groups.set(date, (g = controlGroups(scenario.relationships, date)));
      return g;
    },
  };
  // The version was read before the register: a reading is never newer than the version it is kept under.
  byIssuer.set(issuerId, reading);
  return reading;
}

/** The comparison as kept with the order and shown by the API, the CLI and the reports (JSON). */
export function pricingView(c: PricingComparison): JsonObject {
  const cap = (minor: bigint) => formatMinor(minor, c.capCurrency);
  const amount = (m: Money) => ({ amount: formatMinor(m.minor, m.currency), currency: m.currency });
  return {
    format: 1,
    policy: {
      minIndependentQuotes: c.policy.minIndependentQuotes,
      comparison: c.policy.comparison,
      quoteValidityRequired: c.policy.quoteValidityRequired,
      exceptionsAllowed: c.policy.exceptionsAllowed,
    },
    direction: c.direction,
    quotesRequired: c.quotesRequired,
    signedOn: c.signedOn,
    currency: c.capCurrency,
    connectedQuote:
      c.connected === null
        ? null
        : {
            ...amount(c.connected.amount),
            capAmount: cap(c.connected.capMinor),
            validUntil: c.connected.validUntil,
            specification: c.connected.specification,
            evidence: c.connected.evidence,
            expired: c.connected.expired,
          },
    independentQuotes: c.quotes.map((q) => ({
      index: q.index,
      supplier: q.supplier,
      partyId: q.partyId,
      ...amount(q.amount),
      capAmount: cap(q.capMinor),
      validUntil: q.validUntil,
      quotedOn: q.quotedOn,
      specification: q.specification,
      evidence: q.evidence,
      independenceConfirmedBy: q.independenceConfirmedBy,
      independent: q.independent,
      expired: q.expired,
      counted: q.counted,
      notCounted: q.notCounted,
      sameGroupAs: q.sameGroupAs,
      explanation: q.explanation,
    })),
    countedQuotes: c.countedQuotes,
    bestIndependent:
      c.bestIndependent === null
        ? null
        : { index: c.bestIndependent.index, capAmount: cap(c.bestIndependent.capMinor) },
    connectedMoreFavourable: c.connectedMoreFavourable,
    exception: c.exception,
    flagged: c.flagged,
    thirdPartyTerms: c.thirdPartyTerms,
    summary: c.summary,
  };
}
