/**
 * `armslength order show ID` (issue 4): an order with its schedule, its balances and the quote
 * comparison the pricing-policy gate kept with it, for a compliance officer or an auditor who checks
 * that the CCT was on normal commercial terms or better (Rules 14A.55 and 14A.56).
 */
import type { OrderView } from '../app/order-changes.js';
import type { IssuerRecord } from '../app/ports.js';
import type { AgreementView } from '../app/views.js';
import { displayCurrency, formatDateEn, type CalendarDate, type CurrencyCode } from '../domain/index.js';
import { displayAmount, periodLabel, renderTable, shortDate } from './format.js';

/** The comparison as `pricingView` (src/app/order-pricing.ts) writes it, format 1. */
interface PricingJson {
  readonly format: 1;
  readonly policy: {
    readonly minIndependentQuotes: number;
    readonly comparison: 'connected-lower' | 'connected-higher';
    readonly quoteValidityRequired: boolean;
    readonly exceptionsAllowed: boolean;
  };
  readonly direction: string;
  readonly quotesRequired: boolean;
  readonly signedOn: CalendarDate;
  readonly currency: CurrencyCode;
  readonly connectedQuote: {
    readonly amount: string;
    readonly currency: CurrencyCode;
    readonly capAmount: string;
    readonly validUntil: CalendarDate;
    readonly specification: string | null;
    readonly evidence: readonly string[];
    readonly expired: boolean;
  } | null;
  readonly independentQuotes: readonly {
    readonly index: number;
    readonly supplier: { readonly partyId: string | null; readonly name: string | null };
    readonly partyId: string | null;
    readonly amount: string;
    readonly currency: CurrencyCode;
    readonly capAmount: string;
    readonly validUntil: CalendarDate;
    readonly quotedOn: CalendarDate;
    readonly specification: string | null;
    readonly evidence: readonly string[];
    readonly independenceConfirmedBy: string | null;
    readonly counted: boolean;
    readonly notCounted: string | null;
    readonly explanation: string | null;
  }[];
  readonly countedQuotes: number;
  readonly bestIndependent: { readonly index: number; readonly capAmount: string } | null;
  readonly connectedMoreFavourable: boolean | null;
  readonly exception: {
    readonly reason: string;
    readonly approvedBy: string;
    readonly overrides: readonly { readonly code: string; readonly message: string }[];
  } | null;
  readonly flagged: boolean;
  readonly thirdPartyTerms: { readonly summary: string; readonly evidence: readonly string[] } | null;
  readonly summary: string;
}

type Quote = PricingJson['independentQuotes'][number];

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The policy in words, from the policy kept with the order (the category's may have changed since). */
export function describePolicy(policy: PricingJson['policy']): string {
  const side = policy.comparison === 'connected-lower' ? 'lower' : 'higher';
  const exceptions = policy.exceptionsAllowed
    ? 'exceptions allowed (approved by a user other than the one placing the order)'
    : 'no exceptions';
  if (policy.minIndependentQuotes === 0) {
    return `no independent quotes required (0); quotes given are kept for the record; ${exceptions}`;
  }
  return (
    `at least ${plural(policy.minIndependentQuotes, 'independent quote', 'independent quotes')}` +
    `${policy.quoteValidityRequired ? ', valid on the signing date' : ' (validity on the signing date not required)'}; ` +
    `connected party must be strictly ${side}; ${exceptions}`
  );
}

const supplierLabel = (q: Quote): string => {
  const given = q.supplier.name ?? q.supplier.partyId ?? '?';
  const party = q.partyId ?? q.supplier.partyId;
  return party !== null && party !== given ? `${given} (${party})` : given;
};

const countedLabel = (q: Quote): string => (q.counted ? 'yes' : `no: ${q.notCounted ?? 'not counted'}`);

const EVIDENCE_LABEL: Readonly<Record<string, string>> = {
  connected: "connected party's quote",
  'third-party-terms': 'third-party terms',
};

function evidenceLabel(e: OrderView['evidence'][number]): string {
  if (e.quote === 'independent') return `independent quote ${(e.quoteIndex ?? 0) + 1}`;
  return EVIDENCE_LABEL[e.quote] ?? e.quote;
}

const bytes = (n: number): string =>
  `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} ${n === 1 ? 'byte' : 'bytes'}`;

function isPricingJson(value: unknown): value is PricingJson {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format === 1 &&
    Array.isArray((value as { independentQuotes?: unknown }).independentQuotes)
  );
}

function pricingSection(order: OrderView): string[] {
  const out: string[] = [
    '',
    'Quote comparison (pricing policy; Rules 14A.55 and 14A.56 of the Listing Rules)',
  ];
  const raw = order.pricing;
  if (raw === null) {
    out.push('No quote comparison was recorded (the order predates the pricing-policy gate).');
    return out;
  }
  if (!isPricingJson(raw)) {
    const format = (raw as { format?: unknown }).format;
    out.push(
      `The comparison was recorded in a format this version cannot show (format ${JSON.stringify(format ?? null)}); use --json.`,
    );
    return out;
  }
  const p = raw;
  const cap = (decimal: string): string => displayAmount(decimal, p.currency);
  out.push(`Policy: ${describePolicy(p.policy)}.`);
  out.push(
    `Amounts compared in ${displayCurrency(p.currency)}, the cap's currency (another currency at the rate for the signing date, ${formatDateEn(p.signedOn)}).`,
  );

  if (p.flagged && p.exception !== null) {
    out.push(
      '',
      '!!! EXCEPTION: accepted although the pricing policy was not met; this order is flagged in every report. !!!',
      `  Approved by: ${p.exception.approvedBy}`,
      `  Reason: ${p.exception.reason}`,
    );
    if (p.exception.overrides.length > 0) {
      out.push('  Checks it overrides:');
      for (const o of p.exception.overrides) out.push(`    - ${o.code}: ${o.message}`);
    }
  }

  const c = p.connectedQuote;
  out.push('');
  if (c === null) out.push("Connected party's quote: none given.");
  else {
    const inCap = c.currency === p.currency ? '' : ` (${cap(c.capAmount)})`;
    out.push(
      `Connected party's quote: ${displayAmount(c.amount, c.currency)}${inCap}, valid until ${formatDateEn(c.validUntil)}` +
        `${c.expired ? ' (EXPIRED on the signing date)' : ''}`,
    );
    if (c.specification !== null) out.push(`  For: ${c.specification}`);
  }

  out.push('');
  if (p.independentQuotes.length === 0) out.push('Independent quotes: none given.');
  else {
    out.push(
      `Independent quotes (${p.countedQuotes} of ${p.independentQuotes.length} counted` +
        `${p.quotesRequired ? `; ${p.policy.minIndependentQuotes} required` : ''})`,
      '',
      renderTable(
        [
          '#',
          'Supplier',
          'Amount',
          `In ${displayCurrency(p.currency)}`,
          'Valid until',
          'Quoted on',
          'Counted',
        ],
        ['right', 'left', 'right', 'right', 'left', 'left', 'left'],
        p.independentQuotes.map((q) => [
          String(q.index + 1),
          supplierLabel(q),
          displayAmount(q.amount, q.currency),
          cap(q.capAmount),
          shortDate(q.validUntil),
          shortDate(q.quotedOn),
          countedLabel(q),
        ]),
      ),
    );
    const notes = p.independentQuotes.filter((q) => !q.counted && q.explanation !== null);
    const confirmed = p.independentQuotes.filter((q) => q.independenceConfirmedBy !== null);
    if (notes.length > 0 || confirmed.length > 0) out.push('');
    for (const q of notes) out.push(`Quote ${q.index + 1} not counted: ${q.explanation ?? ''}.`);
    for (const q of confirmed)
      out.push(`Quote ${q.index + 1}: independence confirmed by ${q.independenceConfirmedBy ?? ''}.`);
  }

  out.push('');
  const best = p.bestIndependent;
  const bestQuote = best === null ? undefined : p.independentQuotes.find((q) => q.index === best.index);
  out.push(
    best === null
      ? 'Best independent price: none (no quote counted).'
      : `Best independent price: ${cap(best.capAmount)} (quote ${best.index + 1}${bestQuote ? `, ${supplierLabel(bestQuote)}` : ''}).`,
  );
  const side = p.policy.comparison === 'connected-lower' ? 'lower' : 'higher';
  out.push(
    p.connectedMoreFavourable === null
      ? 'Connected price more favourable: not compared (nothing to compare against).'
      : p.connectedMoreFavourable
        ? `Connected price more favourable: yes (strictly ${side} than the best counted quote).`
        : `Connected price more favourable: NO (not strictly ${side} than the best counted quote).`,
  );
  out.push(`Summary: ${p.summary}`);

  if (p.thirdPartyTerms !== null) {
    out.push('', `Terms offered to independent third parties: ${p.thirdPartyTerms.summary}`);
  }
  return out;
}

function evidenceSection(order: OrderView): string[] {
  if (order.evidence.length === 0) {
    return order.pricing === null ? [] : ['', 'Evidence files: none cited.'];
  }
  return [
    '',
    'Evidence files (verify each with `sha256sum FILE`)',
    '',
    renderTable(
      ['For', 'File', 'Issued on', 'Size', 'SHA-256'],
      ['left', 'left', 'left', 'right', 'left'],
      order.evidence.map((e) => [
        evidenceLabel(e),
        e.filename,
        shortDate(e.issuedOn),
        bytes(e.size),
        e.sha256,
      ]),
    ),
  ];
}

/** The order as the terminal shows it. `agreement` names the category and the cap periods. */
export function orderReport(
  order: OrderView,
  agreement: AgreementView | undefined,
  issuer: IssuerRecord | null,
): string {
  const category = agreement?.categories.find((c) => c.id === order.categoryId);
  const capOf = (capId: string) => agreement?.caps.find((c) => c.id === capId);
  const period = (capId: string): string => {
    const c = capOf(capId);
    return c ? periodLabel(c.periodStart, c.periodEnd) : capId;
  };
  // The view's currencies are ISO codes the store accepted; its type is the wider `string`.
  const code = (c: string): CurrencyCode => c as CurrencyCode;
  const capCurrency = (capId: string): CurrencyCode => capOf(capId)?.currency ?? code(order.currency);
  const out: string[] = [
    `Order ${order.reference} (${order.id})${issuer ? ` — ${issuer.name.en}` : ''}`,
    '',
    `Signed on:  ${formatDateEn(order.signedOn)}`,
    `Status:     ${order.status}`,
    `Agreement:  ${agreement ? `${agreement.name.en} (${agreement.id})` : order.agreementId}`,
    `Category:   ${category ? `${category.name.en} (${category.key})` : order.categoryId}`,
    '',
    'Schedule',
    '',
    renderTable(
      ['Date', 'Amount', 'Cap period', 'In cap currency'],
      ['left', 'right', 'left', 'right'],
      order.schedule.map((l) => [
        shortDate(l.date),
        displayAmount(l.amount, code(l.currency)),
        period(l.capId),
        displayAmount(l.capAmount, capCurrency(l.capId)),
      ]),
    ),
    '',
    'Balances',
    '',
    renderTable(
      ['Cap period', 'Scheduled', 'Consumed', 'Open'],
      ['left', 'right', 'right', 'right'],
      order.balances.map((b) => [
        period(b.capId),
        displayAmount(b.scheduled, capCurrency(b.capId)),
        displayAmount(b.consumed, capCurrency(b.capId)),
        displayAmount(b.open, capCurrency(b.capId)),
      ]),
    ),
    ...pricingSection(order),
    ...evidenceSection(order),
  ];
  return `${out.join('\n')}\n`;
}
