import { ErrorSink, parseText } from '../agreement.js';
import { parseDate } from '../dates.js';
import { parseMoney } from '../money.js';
import { joinPath, parsed, type Parsed } from '../result.js';
import {
  type ConnectedQuote,
  type IndependentQuote,
  type PricingException,
  type PricingInput,
  type Sha256Hex,
  type SupplierRef,
  type ThirdPartyTerms,
} from './types.js';

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const SHA256 = /^[0-9a-fA-F]{64}$/;
const MAX_QUOTES = 50;
const MAX_EVIDENCE = 50;

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

function parseSpecification(raw: Obj, path: string, sink: ErrorSink): string | null | undefined {
  const text = sink.take(
    parseText(raw['specification'], joinPath(path, 'specification'), { required: false, max: 2000 }),
  );
  return text === undefined ? undefined : (text?.trim() ?? null);
}

function parseThirdPartyTerms(
  value: unknown,
  path: string,
  sink: ErrorSink,
): ThirdPartyTerms | null | undefined {
  if (value === undefined || value === null) return null;
  if (!isObj(value)) {
    sink.add(
      path,
      'must be an object { summary, evidence? }: the terms the connected party offers to independent third parties',
    );
    return undefined;
  }
  const summary = sink.take(
    parseText(value['summary'], joinPath(path, 'summary'), { required: true, max: 4000 }),
  );
  const evidence = parseEvidence(value['evidence'], joinPath(path, 'evidence'), sink);
  if (!summary || !evidence) return undefined;
  return { summary: summary.trim(), evidence };
}

function parseConnectedQuote(value: unknown, path: string, sink: ErrorSink): ConnectedQuote | undefined {
  if (!isObj(value)) {
    sink.add(path, "is required: the connected party's quote { amount, currency, validUntil, evidence? }");
    return undefined;
  }
  const amount = parseQuoteMoney(value, path, sink);
  const validUntil = sink.take(parseDate(value['validUntil'], joinPath(path, 'validUntil')));
  const specification = parseSpecification(value, path, sink);
  const evidence = parseEvidence(value['evidence'], joinPath(path, 'evidence'), sink);
  if (!amount || !validUntil || !evidence || specification === undefined) return undefined;
  return { amount, validUntil, specification, evidence };
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
  const specification = parseSpecification(value, path, sink);
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
  if (
    !supplier ||
    !amount ||
    !validUntil ||
    quotedOn === undefined ||
    !evidence ||
    confirmed === undefined ||
    specification === undefined
  )
    return undefined;
  return {
    supplier,
    amount,
    validUntil,
    quotedOn,
    specification,
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
  const thirdPartyTerms = parseThirdPartyTerms(
    raw['thirdPartyTerms'],
    joinPath(path, 'thirdPartyTerms'),
    sink,
  );
  if (
    sink.errors.length > 0 ||
    !connectedQuote ||
    !quotesOk ||
    exception === undefined ||
    thirdPartyTerms === undefined
  ) {
    return { ok: false, errors: sink.errors };
  }
  return parsed({ connectedQuote, independentQuotes, exception, thirdPartyTerms });
}
