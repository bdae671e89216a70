import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../agreement.js';
import { calendarDate, type CalendarDate } from '../dates.js';
import { convertMinor } from '../fx.js';
import type { Money } from '../money.js';
import {
  defaultPricingPolicy,
  evaluatePricing,
  supplierIndependence,
  type IndependenceContext,
  type IndependentQuote,
  type PricingEvaluation,
  type PricingEvaluationInput,
  type PricingInput,
  type PricingPolicy,
  type PricingRefusal,
} from './index.js';

const d = calendarDate;
const SIGNED = d('2026-03-02');
const cny = (minor: bigint): Money => ({ currency: 'CNY', minor });

const q = (name: string, minor: bigint, extra: Partial<IndependentQuote> = {}): IndependentQuote => ({
  supplier: { partyId: null, name },
  amount: cny(minor),
  validUntil: d('2026-03-31'),
  quotedOn: null,
  specification: null,
  evidence: [],
  independenceConfirmedBy: null,
  ...extra,
});

const ctx: IndependenceContext = {
  parties: [
    { id: 'p-acme', name: { en: 'Acme Cloud', 'zh-Hant': null } },
    { id: 'p-beta', name: { en: 'Beta Data', 'zh-Hant': null } },
    { id: 'p-beta-hk', name: { en: 'Beta Data HK', 'zh-Hant': null } },
    { id: 'p-gamma', name: { en: 'Gamma IDC', 'zh-Hant': null } },
    { id: 'p-insider', name: { en: 'Insider Hosting', 'zh-Hant': null } },
    { id: 'p-xiaomi', name: { en: 'Xiaomi', 'zh-Hant': '小米' } },
  ],
  counterparty: { partyId: 'p-xiaomi', name: { en: 'Xiaomi', 'zh-Hant': '小米' } },
  counterpartyGroup: new Set(['p-xiaomi']),
  connectedOn: (id) => id === 'p-insider',
  groupOf: (id) => (id === 'p-beta-hk' ? 'p-beta' : id),
  signedOn: SIGNED,
};

interface Run {
  connected?: bigint | Money;
  connectedValidUntil?: CalendarDate;
  quotes?: IndependentQuote[];
  policy?: Partial<PricingPolicy>;
  direction?: Direction;
  exception?: PricingInput['exception'];
  placedBy?: string | null;
  toCapMinor?: PricingEvaluationInput['toCapMinor'];
  signedOn?: CalendarDate;
}

function run(r: Run = {}): PricingEvaluation {
  const direction = r.direction ?? 'issuer-purchases';
  const quotes = r.quotes ?? [q('Acme Cloud', 1_000_000n), q('Beta Data', 1_100_000n)];
  const signedOn = r.signedOn ?? SIGNED;
  const pricing: PricingInput = {
    connectedQuote: {
      amount: typeof r.connected === 'object' ? r.connected : cny(r.connected ?? 950_000n),
      validUntil: r.connectedValidUntil ?? d('2026-03-31'),
      specification: null,
      evidence: [],
    },
    independentQuotes: quotes,
    exception: r.exception ?? null,
    thirdPartyTerms: null,
  };
  return evaluatePricing({
    policy: { ...defaultPricingPolicy(direction), ...r.policy },
    direction,
    pricing,
    signedOn,
    capCurrency: 'CNY',
    toCapMinor: r.toCapMinor ?? (() => null),
    independence: supplierIndependence(quotes, { ...ctx, signedOn }),
    placedBy: r.placedBy ?? 'alice',
  });
}

const reasonsOf = (e: PricingEvaluation): readonly PricingRefusal[] => ('reasons' in e ? e.reasons : []);
const codes = (e: PricingEvaluation): string[] => reasonsOf(e).map((x) => x.code);

describe('evaluatePricing: accepted', () => {
  it('accepts two independent valid quotes when the connected price is strictly lower, and keeps the comparison', () => {
    const e = run();
    expect(e.ok).toBe(true);
    if (!('comparison' in e)) throw new Error('no comparison');
    expect(e.comparison).toMatchObject({
      quotesRequired: true,
      countedQuotes: 2,
      bestIndependent: { index: 0, capMinor: 1_000_000n },
      connectedMoreFavourable: true,
      connected: { capMinor: 950_000n, expired: false },
      exception: null,
      flagged: false,
      policy: { minIndependentQuotes: 2, comparison: 'connected-lower' },
    });
    expect(e.comparison.quotes.map((x) => [x.partyId, x.counted, x.notCounted])).toEqual([
      ['p-acme', true, null],
      ['p-beta', true, null],
    ]);
    expect(e.comparison.summary).toContain('RMB9,500.00');
  });

  it('a policy of 0 quotes is valid, with or without a pricing body, and says so', () => {
    const none = evaluatePricing({
      policy: { ...defaultPricingPolicy('issuer-purchases'), minIndependentQuotes: 0 },
      direction: 'issuer-purchases',
      pricing: null,
      signedOn: SIGNED,
      capCurrency: 'CNY',
      toCapMinor: () => null,
      independence: [],
      placedBy: null,
    });
    expect(none).toMatchObject({ ok: true, comparison: { quotesRequired: false, connected: null } });
    if ('comparison' in none) expect(none.comparison.summary).toMatch(/requires no independent quotes \(0\)/);
    const given = run({ policy: { minIndependentQuotes: 0 }, quotes: [q('Gamma IDC', 900_000n)] });
    expect(given).toMatchObject({
      ok: true,
      comparison: { quotesRequired: false, connectedMoreFavourable: false },
    });
  });
});

describe('evaluatePricing: each refusal code', () => {
  it('QUOTES_MISSING: one quote where two are required', () => {
    const e = run({ quotes: [q('Acme Cloud', 1_000_000n)] });
    expect(reasonsOf(e)).toEqual([
      expect.objectContaining({
        code: 'QUOTES_MISSING',
        required: 2,
        validGiven: 1,
        rule: '14A.55, 14A.56',
        message: 'The policy requires 2 valid independent quotes; 1 was given.',
      }),
    ]);
  });

  it('QUOTES_MISSING without any pricing body', () => {
    const e = evaluatePricing({
      policy: defaultPricingPolicy('issuer-purchases'),
      direction: 'issuer-purchases',
      pricing: null,
      signedOn: SIGNED,
      capCurrency: 'CNY',
      toCapMinor: () => null,
      independence: [],
      placedBy: null,
    });
    expect(reasonsOf(e)).toEqual([
      expect.objectContaining({ code: 'QUOTES_MISSING', required: 2, validGiven: 0 }),
    ]);
  });

  it('QUOTE_NOT_INDEPENDENT names the supplier and why; the quote does not count', () => {
    const e = run({
      quotes: [q('Acme Cloud', 1_000_000n), q('Beta Data', 1_100_000n), q('insider  hosting', 990_000n)],
    });
    expect(reasonsOf(e)).toEqual([
      expect.objectContaining({
        code: 'QUOTE_NOT_INDEPENDENT',
        supplier: 'insider  hosting',
        partyId: 'p-insider',
        why: 'connected-person',
        quote: { kind: 'independent', index: 2 },
      }),
    ]);
    expect(reasonsOf(e)[0]?.message).toMatch(
      /Insider Hosting is a connected person of the issuer on 2026-03-02/,
    );
    if ('comparison' in e)
      expect(e.comparison.quotes[2]).toMatchObject({ counted: false, notCounted: 'connected-person' });
  });

  it('QUOTE_EXPIRED: valid through validUntil inclusive — the day before signing is refused, the signing day accepted', () => {
    const dayBefore = run({
      quotes: [q('Acme Cloud', 1_000_000n, { validUntil: d('2026-03-01') }), q('Beta Data', 1_100_000n)],
    });
    expect(codes(dayBefore)).toEqual(['QUOTE_EXPIRED', 'QUOTES_MISSING']);
    expect(reasonsOf(dayBefore)[0]).toMatchObject({
      quote: { kind: 'independent', index: 0 },
      validUntil: '2026-03-01',
      signedOn: '2026-03-02',
    });
    const sameDay = run({
      quotes: [q('Acme Cloud', 1_000_000n, { validUntil: SIGNED }), q('Beta Data', 1_100_000n)],
    });
    expect(sameDay.ok).toBe(true);
  });

  it("QUOTE_EXPIRED for the connected party's own quote", () => {
    const e = run({ connectedValidUntil: d('2026-03-01') });
    expect(reasonsOf(e)).toEqual([
      expect.objectContaining({
        code: 'QUOTE_EXPIRED',
        quote: { kind: 'connected' },
        validUntil: '2026-03-01',
      }),
    ]);
    expect(run({ connectedValidUntil: d('2026-03-01'), policy: { quoteValidityRequired: false } }).ok).toBe(
      true,
    );
  });

  it('CONNECTED_NOT_MORE_FAVOURABLE with the best independent price; equal is not strictly lower', () => {
    const e = run({ connected: 1_000_000n });
    expect(reasonsOf(e)).toEqual([
      expect.objectContaining({
        code: 'CONNECTED_NOT_MORE_FAVOURABLE',
        connectedPrice: '10000.00',
        bestIndependentPrice: '10000.00',
        bestIndependentQuote: 0,
        currency: 'CNY',
        comparison: 'connected-lower',
      }),
    ]);
    expect(reasonsOf(e)[0]?.message).toBe(
      "The connected party's price RMB10,000.00 is not lower than the best independent quote, RMB10,000.00 (independent quote 1); buying from the connected party needs a strictly lower price.",
    );
  });

  it('issuer-sells: the connected price must be strictly higher than the best (highest) quote', () => {
    const quotes = [q('Acme Cloud', 1_000_000n), q('Beta Data', 1_100_000n)];
    const low = run({ direction: 'issuer-sells', connected: 1_050_000n, quotes });
    expect(reasonsOf(low)).toEqual([
      expect.objectContaining({
        code: 'CONNECTED_NOT_MORE_FAVOURABLE',
        comparison: 'connected-higher',
        bestIndependentPrice: '11000.00',
        bestIndependentQuote: 1,
      }),
    ]);
    expect(run({ direction: 'issuer-sells', connected: 1_100_000n, quotes }).ok).toBe(false);
    expect(run({ direction: 'issuer-sells', connected: 1_100_001n, quotes }).ok).toBe(true);
  });

  it('lists several reasons at once', () => {
    const e = run({
      connected: 1_200_000n,
      connectedValidUntil: d('2026-02-28'),
      quotes: [
        q('Acme Cloud', 1_000_000n, { validUntil: d('2026-02-27') }),
        q('小米', 800_000n),
        q('Gamma IDC', 1_100_000n),
        q('Unknown Supplier', 700_000n),
      ],
    });
    expect(codes(e)).toEqual([
      'QUOTE_EXPIRED',
      'QUOTE_EXPIRED',
      'QUOTE_NOT_INDEPENDENT',
      'QUOTE_NOT_INDEPENDENT',
      'QUOTES_MISSING',
      'CONNECTED_NOT_MORE_FAVOURABLE',
    ]);
    expect(reasonsOf(e)).toContainEqual(
      expect.objectContaining({ code: 'QUOTE_NOT_INDEPENDENT', why: 'counterparty', supplier: '小米' }),
    );
    expect(reasonsOf(e)).toContainEqual(
      expect.objectContaining({ code: 'QUOTE_NOT_INDEPENDENT', why: 'unconfirmed-supplier' }),
    );
    expect(reasonsOf(e)).toContainEqual(expect.objectContaining({ code: 'QUOTES_MISSING', validGiven: 1 }));
    expect(reasonsOf(e)).toContainEqual(
      expect.objectContaining({ code: 'CONNECTED_NOT_MORE_FAVOURABLE', bestIndependentPrice: '11000.00' }),
    );
  });
});

describe('evaluatePricing: groups, conversion, exceptions', () => {
  it('two quotes from one group count once; the group is compared at its most favourable quote', () => {
    const e = run({
      connected: 1_050_000n,
      quotes: [q('Beta Data', 1_200_000n), q('Beta Data HK', 1_000_000n)],
    });
    expect(codes(e)).toEqual(['QUOTES_MISSING', 'CONNECTED_NOT_MORE_FAVOURABLE']);
    expect(reasonsOf(e)[0]).toMatchObject({ validGiven: 1 });
    if (!('comparison' in e)) throw new Error('no comparison');
    expect(e.comparison.quotes.map((x) => [x.counted, x.notCounted, x.sameGroupAs])).toEqual([
      [false, 'same-group', 1],
      [true, null, null],
    ]);
    // Same named supplier twice also counts once.
    expect(codes(run({ quotes: [q('Acme Cloud', 1_000_000n), q('ACME cloud', 1_100_000n)] }))).toEqual([
      'QUOTES_MISSING',
    ]);
  });

  it('compares USD quotes with a CNY connected quote in the cap currency at the signing-date rate', () => {
    const usdRate = { numerator: 71234n, denominator: 10000n }; // US$1 = RMB7.1234
    const toCapMinor = (m: Money, date: CalendarDate): bigint | null =>
      m.currency === 'USD' && date === SIGNED ? convertMinor(m.minor, 'USD', 'CNY', usdRate).minor : null;
    const usd = (minor: bigint): Money => ({ currency: 'USD', minor });
    const quotes = [
      q('Acme Cloud', 0n, { amount: usd(150_000_00n) }),
      q('Beta Data', 0n, { amount: usd(160_000_00n) }),
    ];
    // US$150,000 = RMB1,068,510.00
    const wins = run({ connected: 1_068_509_99n, quotes, toCapMinor });
    expect(wins.ok).toBe(true);
    if ('comparison' in wins)
      expect(wins.comparison.quotes.map((x) => x.capMinor)).toEqual([1_068_510_00n, 1_139_744_00n]);
    const loses = run({ connected: 1_068_510_00n, quotes, toCapMinor });
    expect(reasonsOf(loses)).toEqual([
      expect.objectContaining({
        code: 'CONNECTED_NOT_MORE_FAVOURABLE',
        bestIndependentPrice: '1068510.00',
        currency: 'CNY',
      }),
    ]);
    // A connected quote in USD too.
    expect(run({ connected: usd(149_999_99n), quotes, toCapMinor }).ok).toBe(true);
  });

  it('a missing rate is not a refusal but a located input error (the caller answers 422)', () => {
    const quotes = [
      q('Acme Cloud', 0n, { amount: { currency: 'USD', minor: 100n } }),
      q('Beta Data', 1_100_000n),
    ];
    const e = run({ quotes });
    expect(e.ok).toBe(false);
    const errors = 'errors' in e ? e.errors : [];
    expect(errors.map((x) => x.path)).toEqual(['pricing.independentQuotes[0].currency']);
    expect(errors[0]?.message).toContain('no USD→CNY rate is known for 2026-03-02');
  });

  const failing: Run = { quotes: [q('Acme Cloud', 1_000_000n)] };
  const exception = { reason: 'sole supplier of the racks in Beijing', approvedBy: 'bob' };

  it('an exception the policy allows, approved by another user, accepts the order and is flagged', () => {
    const e = run({ ...failing, exception, policy: { exceptionsAllowed: true } });
    expect(e.ok).toBe(true);
    if (!('comparison' in e)) throw new Error('no comparison');
    expect(e.comparison.flagged).toBe(true);
    expect(e.comparison.exception).toMatchObject({
      ...exception,
      overrides: [expect.objectContaining({ code: 'QUOTES_MISSING' })],
    });
    expect(e.comparison.summary).toContain('Accepted by exception approved by bob');
  });

  it('an exception the policy does not allow leaves the refusal and says why', () => {
    const e = run({ ...failing, exception });
    expect(codes(e)).toEqual(['QUOTES_MISSING', 'EXCEPTION_NOT_PERMITTED']);
    expect(reasonsOf(e)[1]).toMatchObject({ why: 'policy-disallows', approvedBy: 'bob' });
  });

  it('an exception approved by the user placing the order is refused', () => {
    const e = run({
      ...failing,
      exception: { ...exception, approvedBy: 'Alice ' },
      policy: { exceptionsAllowed: true },
    });
    expect(codes(e)).toEqual(['QUOTES_MISSING', 'EXCEPTION_NOT_PERMITTED']);
    expect(reasonsOf(e)[1]).toMatchObject({ why: 'approver-is-placer' });
  });

  it('an exception is not recorded when nothing needed it', () => {
    const e = run({ exception, policy: { exceptionsAllowed: true } });
    expect(e).toMatchObject({ ok: true, comparison: { exception: null, flagged: false } });
  });
});

describe('evaluatePricing: property', () => {
  const supplierNames = ['Acme Cloud', 'Beta Data', 'Gamma IDC', 'Beta Data HK'];
  it('the connected party wins iff strictly more favourable than the best counted independent quote', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Direction>('issuer-purchases', 'issuer-sells'),
        fc.bigInt({ min: 1n, max: 10_000n }),
        fc.array(
          fc.record({
            supplier: fc.constantFrom(...supplierNames),
            minor: fc.bigInt({ min: 1n, max: 10_000n }),
          }),
          {
            minLength: 0,
            maxLength: 5,
          },
        ),
        (direction, connected, raw) => {
          const quotes = raw.map((x) => q(x.supplier, x.minor));
          const e = run({ direction, connected, quotes, policy: { minIndependentQuotes: 1 } });
          if (!('comparison' in e)) return false;
          const counted = e.comparison.quotes.filter((x) => x.counted).map((x) => x.capMinor);
          if (counted.length === 0) return !e.ok && codes(e).includes('QUOTES_MISSING');
          const lower = direction === 'issuer-purchases';
          const best = counted.reduce((a, b) => (lower ? (b < a ? b : a) : b > a ? b : a));
          // The best counted quote is the best of all independent quotes given (groups only reduce the count).
          const allBest = quotes
            .map((x) => x.amount.minor)
            .reduce((a, b) => (lower ? (b < a ? b : a) : b > a ? b : a));
          const wins = lower ? connected < best : connected > best;
          return (
            best === allBest && e.ok === wins && codes(e).includes('CONNECTED_NOT_MORE_FAVOURABLE') === !wins
          );
        },
      ),
    );
  });
});
