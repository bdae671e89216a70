import { ErrorSink, parseText, type Direction } from '../agreement.js';
import { parseDate } from '../dates.js';
import { parseMoney } from '../money.js';
import { joinPath, parsed, type Parsed } from '../result.js';
import {
  DEFAULT_PRICING_POLICY_FIELDS,
  comparisonFor,
  type ConnectedQuote,
  type IndependentQuote,
  type PricingException,
  type PricingInput,
  type PricingPolicy,
  type Sha256Hex,
  type SupplierRef,
} from './types.js';

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const SHA256 = /^[0-9a-fA-F]{64}$/;
const MAX_QUOTES = 50;
const MAX_EVIDENCE = 50;
/** The most a policy may ask for, as issue 2's agreement parser already enforces. */
export const MAX_MIN_INDEPENDENT_QUOTES = 20;

function parseEvidence(value: unknown, path: string, sink: ErrorSink): Sha256Hex[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    sink.add(path, 'must be a list of SHA-256 digests of uploaded evidence files (64 hex digits each)');
    return undefined;
  }
  if (value.length > MAX_EVIDENCE) {
    sink.add(path, `has more than ${MAX_EVIDENCE} evidence files`);
    return undefined;
  }
  const out: Sha256Hex[] = [];
  let ok = true;
  value.forEach((h: unknown, i) => {
    if (typeof h !== 'string' || !SHA256.test(h.trim())) {
      sink.add(
        joinPath(path, i),
        `${JSON.stringify(h)} is not a SHA-256 digest (64 hex digits, as POST /api/v1/evidence returns)`,
      );
      ok = false;
    } else out.push(h.trim().toLowerCase());
  });
  return ok ? out : undefined;
}

function parseQuoteMoney(raw: Obj, path: string, sink: ErrorSink) {
  return sink.take(
    parseMoney(
      raw['amount'],
      raw['currency'],
      { amount: joinPath(path, 'amount'), currency: joinPath(path, 'currency') },
      { positive: true },
    ),
  );
}

function parseConnectedQuote(value: unknown, path: string, sink: ErrorSink): ConnectedQuote | undefined {
  if (!isObj(value)) {
    sink.add(path, "is required: the connected party's quote { amount, currency, validUntil, evidence? }");
    return undefined;
  }
  const amount = parseQuoteMoney(value, path, sink);
  const validUntil = sink.take(parseDate(value['validUntil'], joinPath(path, 'validUntil')));
  const evidence = parseEvidence(value['evidence'], joinPath(path, 'evidence'), sink);
  if (!amount || !validUntil || !evidence) return undefined;
  return { amount, validUntil, evidence };
}

function parseSupplier(value: unknown, path: string, sink: ErrorSink): SupplierRef | undefined {
  const required = 'is required: the supplier, { "partyId": ... } (a register party) or { "name": ... }';
  if (!isObj(value)) {
    sink.add(path, required);
    return undefined;
  }
  const partyId = sink.take(
    parseText(value['partyId'], joinPath(path, 'partyId'), { required: false, max: 200 }),
  );
  const name = sink.take(parseText(value['name'], joinPath(path, 'name'), { required: false, max: 500 }));
  if (partyId === undefined || name === undefined) return undefined;
  if (partyId === null && name === null) {
    sink.add(path, `${required}; neither was given`);
    return undefined;
  }
  return { partyId: partyId?.trim() ?? null, name: name?.trim() ?? null };
}

function parseIndependentQuote(value: unknown, path: string, sink: ErrorSink): IndependentQuote | undefined {
  if (!isObj(value)) {
    sink.add(path, 'must be an object { supplier, amount, currency, validUntil, quotedOn?, evidence? }');
    return undefined;
  }
  const supplier = parseSupplier(value['supplier'], joinPath(path, 'supplier'), sink);
  const amount = parseQuoteMoney(value, path, sink);
  const validUntil = sink.take(parseDate(value['validUntil'], joinPath(path, 'validUntil')));
  const rawQuotedOn = value['quotedOn'];
  const quotedOn =
    rawQuotedOn === undefined || rawQuotedOn === null
      ? null
      : sink.take(parseDate(rawQuotedOn, joinPath(path, 'quotedOn')));
  const evidence = parseEvidence(value['evidence'], joinPath(path, 'evidence'), sink);
  const confirmed = sink.take(
    parseText(value['independenceConfirmedBy'], joinPath(path, 'independenceConfirmedBy'), {
      required: false,
      max: 200,
    }),
  );
  if (quotedOn && validUntil && validUntil < quotedOn) {
    sink.add(joinPath(path, 'validUntil'), `${validUntil} is before the quote date (quotedOn) ${quotedOn}`);
    return undefined;
  }
  if (!supplier || !amount || !validUntil || quotedOn === undefined || !evidence || confirmed === undefined)
    return undefined;
  return {
    supplier,
    amount,
    validUntil,
    quotedOn,
    evidence,
    independenceConfirmedBy: confirmed?.trim() ?? null,
  };
}

function parseException(value: unknown, path: string, sink: ErrorSink): PricingException | null | undefined {
  if (value === undefined || value === null) return null;
  if (!isObj(value)) {
    sink.add(path, 'must be an object { reason, approvedBy }');
    return undefined;
  }
  const reason = sink.take(parseText(value['reason'], joinPath(path, 'reason'), { required: true }));
  const approvedBy = sink.take(
    parseText(value['approvedBy'], joinPath(path, 'approvedBy'), { required: true, max: 200 }),
  );
  if (!reason || !approvedBy) return undefined;
  return { reason: reason.trim(), approvedBy: approvedBy.trim() };
}

/**
 * Parses the `pricing` body of an order. Every bad field is reported at once, located as the client
 * sent it (`pricing.independentQuotes[1].amount`), for the HTTP layer's 422.
 */
export function parsePricingInput(raw: unknown, path = 'pricing'): Parsed<PricingInput> {
  if (!isObj(raw)) {
    return {
      ok: false,
      errors: [{ path, message: 'must be an object { connectedQuote, independentQuotes, exception? }' }],
    };
  }
  const sink = new ErrorSink();
  const connectedQuote = parseConnectedQuote(raw['connectedQuote'], joinPath(path, 'connectedQuote'), sink);
  const qp = joinPath(path, 'independentQuotes');
  const rawQuotes = raw['independentQuotes'] ?? [];
  const independentQuotes: IndependentQuote[] = [];
  let quotesOk = true;
  if (!Array.isArray(rawQuotes)) {
    sink.add(qp, 'must be a list of quotes { supplier, amount, currency, validUntil, quotedOn?, evidence? }');
    quotesOk = false;
  } else if (rawQuotes.length > MAX_QUOTES) {
    sink.add(qp, `has more than ${MAX_QUOTES} quotes`);
    quotesOk = false;
  } else {
    rawQuotes.forEach((q: unknown, i) => {
      const quote = parseIndependentQuote(q, joinPath(qp, i), sink);
      if (quote) independentQuotes.push(quote);
      else quotesOk = false;
    });
  }
  const exception = parseException(raw['exception'], joinPath(path, 'exception'), sink);
  if (sink.errors.length > 0 || !connectedQuote || !quotesOk || exception === undefined) {
    return { ok: false, errors: sink.errors };
  }
  return parsed({ connectedQuote, independentQuotes, exception });
}

function parseFlag(raw: Obj, field: string, path: string, fallback: boolean, sink: ErrorSink): boolean {
  const v = raw[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') {
    sink.add(joinPath(path, field), `must be true or false (got ${JSON.stringify(v)})`);
    return fallback;
  }
  return v;
}

/**
 * A category's `pricingPolicy`, with the seed's defaults for what is not given (absent = all
 * defaults). The comparison follows the category's direction; a `comparison` given that contradicts
 * it is refused rather than silently ignored.
 */
export function parsePricingPolicy(
  raw: unknown,
  direction: Direction,
  path = 'pricingPolicy',
): Parsed<PricingPolicy> {
  const comparison = comparisonFor(direction);
  if (raw === undefined || raw === null) return parsed({ ...DEFAULT_PRICING_POLICY_FIELDS, comparison });
  if (!isObj(raw)) {
    return {
      ok: false,
      errors: [
        {
          path,
          message:
            'must be an object such as { "minIndependentQuotes": 2, "quoteValidityRequired": true, "exceptionsAllowed": false }',
        },
      ],
    };
  }
  const sink = new ErrorSink();
  let minIndependentQuotes: number = DEFAULT_PRICING_POLICY_FIELDS.minIndependentQuotes;
  const q = raw['minIndependentQuotes'];
  if (q !== undefined && q !== null) {
    if (typeof q !== 'number' || !Number.isInteger(q) || q < 0 || q > MAX_MIN_INDEPENDENT_QUOTES) {
      sink.add(
        joinPath(path, 'minIndependentQuotes'),
        `must be a whole number from 0 to ${MAX_MIN_INDEPENDENT_QUOTES} (got ${JSON.stringify(q)})`,
      );
    } else minIndependentQuotes = q;
  }
  const quoteValidityRequired = parseFlag(
    raw,
    'quoteValidityRequired',
    path,
    DEFAULT_PRICING_POLICY_FIELDS.quoteValidityRequired,
    sink,
  );
  const exceptionsAllowed = parseFlag(
    raw,
    'exceptionsAllowed',
    path,
    DEFAULT_PRICING_POLICY_FIELDS.exceptionsAllowed,
    sink,
  );
  const given = raw['comparison'];
  if (given !== undefined && given !== null && given !== comparison) {
    sink.add(
      joinPath(path, 'comparison'),
      `follows the category's direction (${direction}: "${comparison}"); got ${JSON.stringify(given)}`,
    );
  }
  if (sink.errors.length > 0) return { ok: false, errors: sink.errors };
  return parsed({ minIndependentQuotes, comparison, quoteValidityRequired, exceptionsAllowed });
}
