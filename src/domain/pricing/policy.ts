import type { Direction } from '../agreement.js';
import { joinPath, parsed, type FieldError, type Parsed } from '../result.js';
import { DEFAULT_PRICING_POLICY_FIELDS, comparisonFor, type PricingPolicy } from './types.js';

/** The most a policy may ask for. */
export const MAX_MIN_INDEPENDENT_QUOTES = 20;

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseFlag(raw: Obj, field: string, path: string, fallback: boolean, errors: FieldError[]): boolean {
  const v = raw[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') {
    errors.push({ path: joinPath(path, field), message: `must be true or false (got ${JSON.stringify(v)})` });
    return fallback;
  }
  return v;
}

const KNOWN = new Set(['minIndependentQuotes', 'quoteValidityRequired', 'exceptionsAllowed', 'comparison']);

/**
 * A category's `pricingPolicy`, with the seed's defaults for what is not given (absent = all
 * defaults: two independent quotes, valid on the signing date, no exceptions). The comparison
 * follows the category's direction; a `comparison` given that contradicts it is refused rather than
 * silently ignored, and so is a field the policy does not know.
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
  const errors: FieldError[] = [];
  for (const field of Object.keys(raw)) {
    if (!KNOWN.has(field)) {
      errors.push({
        path: joinPath(path, field),
        message: `is not a field of a pricing policy (${[...KNOWN].join(', ')})`,
      });
    }
  }
  let minIndependentQuotes: number = DEFAULT_PRICING_POLICY_FIELDS.minIndependentQuotes;
  const q = raw['minIndependentQuotes'];
  if (q !== undefined && q !== null) {
    if (typeof q !== 'number' || !Number.isInteger(q) || q < 0 || q > MAX_MIN_INDEPENDENT_QUOTES) {
      errors.push({
        path: joinPath(path, 'minIndependentQuotes'),
        message: `must be a whole number from 0 to ${MAX_MIN_INDEPENDENT_QUOTES} (got ${JSON.stringify(q)})`,
      });
    } else minIndependentQuotes = q;
  }
  const quoteValidityRequired = parseFlag(
    raw,
    'quoteValidityRequired',
    path,
    DEFAULT_PRICING_POLICY_FIELDS.quoteValidityRequired,
    errors,
  );
  const exceptionsAllowed = parseFlag(
    raw,
    'exceptionsAllowed',
    path,
    DEFAULT_PRICING_POLICY_FIELDS.exceptionsAllowed,
    errors,
  );
  const given = raw['comparison'];
  if (given !== undefined && given !== null && given !== comparison) {
    errors.push({
      path: joinPath(path, 'comparison'),
      message: `follows the category's direction (${direction}: "${comparison}"); got ${JSON.stringify(given)}`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return parsed({ minIndependentQuotes, comparison, quoteValidityRequired, exceptionsAllowed });
}

/** One English sentence describing a policy, as the agreement view shows it. */
export function describePricingPolicy(policy: PricingPolicy): string {
  if (policy.minIndependentQuotes === 0) {
    return 'No independent quotes are required (0): the price is fixed by the agreement, e.g. a lease at a fixed rent.';
  }
  const n = policy.minIndependentQuotes;
  const side = policy.comparison === 'connected-lower' ? 'lower' : 'higher';
  return (
    `At least ${n} independent ${n === 1 ? 'quote' : 'quotes'}${policy.quoteValidityRequired ? ' valid on the signing date' : ''}; ` +
    `the connected party's price must be strictly ${side} than every counted quote; ` +
    (policy.exceptionsAllowed
      ? 'a documented exception approved by another user is allowed.'
      : 'no exceptions.')
  );
}
