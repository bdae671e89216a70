/**
 * Quotes that satisfy the seed's default pricing policy (issue 4): two independent suppliers the
 * register does not know, each confirmed independent by procurement, both dearer than the connected
 * party (the issuer buys). Tests that are not about pricing add these to their orders.
 */
import { formatMinor, parseAmount, type CurrencyCode } from '../../src/domain/index.js';

interface OrderBody {
  readonly signedOn?: unknown;
  readonly schedule?: readonly { readonly amount?: unknown; readonly currency?: unknown }[];
  readonly [key: string]: unknown;
}

export const INDEPENDENT_SUPPLIERS = ['Harbour Data Centres Ltd', 'Kowloon Network Supply Co'] as const;

/** `minor` marked up by `percent`, rounded up to the minor unit: strictly dearer for any positive amount. */
const dearer = (minor: bigint, percent: bigint): bigint => (minor * (100n + percent) + 99n) / 100n;

/** The schedule's total in its (single) currency. */
export function orderTotal(body: OrderBody): { minor: bigint; currency: CurrencyCode } {
  const lines = body.schedule ?? [];
  const first = lines[0]?.currency;
  const given = typeof first === 'string' ? first : 'CNY';
  const currency = (given === 'RMB' ? 'CNY' : given) as CurrencyCode;
  let minor = 0n;
  for (const l of lines) {
    const parsed = parseAmount(l.amount, currency, 'amount');
    if (!parsed.ok) throw new Error(`test order with a bad amount: ${String(l.amount)}`);
    minor += parsed.value;
  }
  return { minor, currency };
}

/**
 * A compliant `pricing` body for an order: the connected party's quote for the order's total, and
 * two independent quotes 10% and 20% dearer (cheaper when the issuer sells), valid through
 * `validUntil` (default: the signing date).
 */
export function compliantPricing(
  body: OrderBody,
  opts: { direction?: 'issuer-purchases' | 'issuer-sells'; validUntil?: string } = {},
) {
  const { minor, currency } = orderTotal(body);
  const validUntil = opts.validUntil ?? String(body.signedOn);
  const sells = opts.direction === 'issuer-sells';
  const other = (percent: bigint) => (sells ? (minor * (100n - percent)) / 100n : dearer(minor, percent));
  return {
    connectedQuote: { amount: formatMinor(minor, currency), currency, validUntil },
    independentQuotes: INDEPENDENT_SUPPLIERS.map((name, i) => ({
      supplier: { name },
      amount: formatMinor(other(BigInt(10 * (i + 1))), currency),
      currency,
      validUntil,
      independenceConfirmedBy: 'Procurement (test)',
    })),
  };
}

/** The order body with compliant quotes added. */
export function withQuotes<T extends OrderBody>(
  body: T,
  opts: { direction?: 'issuer-purchases' | 'issuer-sells'; validUntil?: string } = {},
): T & { pricing: ReturnType<typeof compliantPricing> } {
  return { ...body, pricing: compliantPricing(body, opts) };
}
