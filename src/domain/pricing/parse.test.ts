import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePricingInput, parsePricingPolicy } from './index.js';

const HASH = 'a'.repeat(64);
const goodBody = () => ({
  connectedQuote: {
    amount: '950000.00',
    currency: 'RMB',
    validUntil: '2026-03-31',
    evidence: [HASH.toUpperCase()],
  },
  independentQuotes: [
    { supplier: { name: 'Acme Cloud Ltd' }, amount: '1000000.00', currency: 'CNY', validUntil: '2026-03-31' },
    {
      supplier: { partyId: 'p-north' },
      amount: '150000.00',
      currency: 'USD',
      validUntil: '2026-04-30',
      quotedOn: '2026-02-01',
      evidence: [HASH],
    },
  ],
});

const paths = (r: ReturnType<typeof parsePricingInput>): string[] =>
  r.ok ? [] : r.errors.map((e) => e.path);

describe('parsePricingInput', () => {
  it('parses a well-formed body: RMB is CNY, hashes are lower-cased, optional fields default', () => {
    const r = parsePricingInput(goodBody());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.connectedQuote.amount).toEqual({ currency: 'CNY', minor: 95_000_000n });
    expect(r.value.connectedQuote.evidence).toEqual([HASH]);
    expect(r.value.independentQuotes[0]).toMatchObject({
      supplier: { partyId: null, name: 'Acme Cloud Ltd' },
      quotedOn: null,
      evidence: [],
      independenceConfirmedBy: null,
    });
    expect(r.value.independentQuotes[1]?.amount).toEqual({ currency: 'USD', minor: 15_000_000n });
    expect(r.value.exception).toBeNull();
  });

  it.each([
    {
      what: 'a negative price',
      patch: (b: ReturnType<typeof goodBody>) => ({
        ...b,
        independentQuotes: [b.independentQuotes[0], { ...b.independentQuotes[1], amount: '-1.00' }],
      }),
      path: 'pricing.independentQuotes[1].amount',
      message: /greater than zero/,
    },
    {
      what: 'a zero connected price',
      patch: (b: ReturnType<typeof goodBody>) => ({
        ...b,
        connectedQuote: { ...b.connectedQuote, amount: '0' },
      }),
      path: 'pricing.connectedQuote.amount',
      message: /greater than zero/,
    },
    {
      what: 'an unknown currency',
      patch: (b: ReturnType<typeof goodBody>) => ({
        ...b,
        independentQuotes: [{ ...b.independentQuotes[0], currency: 'XYZ' }],
      }),
      path: 'pricing.independentQuotes[0].currency',
      message: /not a known ISO 4217/,
    },
    {
      what: 'a quote without a supplier',
      patch: (b: ReturnType<typeof goodBody>) => ({
        ...b,
        independentQuotes: [{ ...b.independentQuotes[0], supplier: {} }],
      }),
      path: 'pricing.independentQuotes[0].supplier',
      message: /neither was given/,
    },
    {
      what: 'a malformed validity date',
      patch: (b: ReturnType<typeof goodBody>) => ({
        ...b,
        connectedQuote: { ...b.connectedQuote, validUntil: '2026-02-30' },
      }),
      path: 'pricing.connectedQuote.validUntil',
      message: /not a calendar date/,
    },
    {
      what: 'a malformed quote date',
      patch: (b: ReturnType<typeof goodBody>) => ({
        ...b,
        independentQuotes: [{ ...b.independentQuotes[0], quotedOn: '1/2/2026' }],
      }),
      path: 'pricing.independentQuotes[0].quotedOn',
      message: /not a calendar date/,
    },
    {
      what: 'a quote valid until before it was quoted',
      patch: (b: ReturnType<typeof goodBody>) => ({
        ...b,
        independentQuotes: [{ ...b.independentQuotes[0], quotedOn: '2026-04-01' }],
      }),
      path: 'pricing.independentQuotes[0].validUntil',
      message: /before the quote date/,
    },
    {
      what: 'evidence that is not a SHA-256 digest',
      patch: (b: ReturnType<typeof goodBody>) => ({
        ...b,
        connectedQuote: { ...b.connectedQuote, evidence: [HASH, 'abc'] },
      }),
      path: 'pricing.connectedQuote.evidence[1]',
      message: /not a SHA-256 digest/,
    },
    {
      what: 'an amount as a JSON number',
      patch: (b: ReturnType<typeof goodBody>) => ({
        ...b,
        connectedQuote: { ...b.connectedQuote, amount: 950000 },
      }),
      path: 'pricing.connectedQuote.amount',
      message: /decimal string/,
    },
    {
      what: 'an exception without an approver',
      patch: (b: ReturnType<typeof goodBody>) => ({ ...b, exception: { reason: 'sole supplier' } }),
      path: 'pricing.exception.approvedBy',
      message: /required/,
    },
    {
      what: 'a missing connected quote',
      patch: (b: ReturnType<typeof goodBody>) => ({ independentQuotes: b.independentQuotes }),
      path: 'pricing.connectedQuote',
      message: /required/,
    },
  ])('refuses $what, naming $path', ({ patch, path, message }) => {
    const r = parsePricingInput(patch(goodBody()));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.find((e) => e.path === path)?.message).toMatch(message);
  });

  it('reports every bad field at once, under the path given', () => {
    const b = goodBody();
    const r = parsePricingInput(
      {
        ...b,
        independentQuotes: [
          { ...b.independentQuotes[0], amount: '-5' },
          { ...b.independentQuotes[1], currency: 'ZZZ', supplier: { name: '  ' } },
        ],
      },
      'body.pricing',
    );
    expect(paths(r)).toEqual([
      'body.pricing.independentQuotes[0].amount',
      'body.pricing.independentQuotes[1].supplier',
      'body.pricing.independentQuotes[1].currency',
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(paths(parsePricingInput('quotes'))).toEqual(['pricing']);
    expect(paths(parsePricingInput({ ...goodBody(), independentQuotes: {} }))).toEqual([
      'pricing.independentQuotes',
    ]);
  });

  it('never accepts a non-positive amount (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 0n }), (minor) => {
        const amount = `${minor < 0n ? '-' : ''}${(minor < 0n ? -minor : minor).toString()}.00`;
        const r = parsePricingInput({
          ...goodBody(),
          connectedQuote: { ...goodBody().connectedQuote, amount },
        });
        return !r.ok && r.errors.some((e) => e.path === 'pricing.connectedQuote.amount');
      }),
    );
  });
});

describe('parsePricingPolicy', () => {
  it('defaults to the seed policy: two quotes, validity required, no exceptions', () => {
    expect(parsePricingPolicy(undefined, 'issuer-purchases')).toEqual({
      ok: true,
      value: {
        minIndependentQuotes: 2,
        comparison: 'connected-lower',
        quoteValidityRequired: true,
        exceptionsAllowed: false,
      },
    });
  });

  it('derives the comparison from the direction and keeps what is given', () => {
    const r = parsePricingPolicy({ minIndependentQuotes: 0, exceptionsAllowed: true }, 'issuer-sells');
    expect(r).toEqual({
      ok: true,
      value: {
        minIndependentQuotes: 0,
        comparison: 'connected-higher',
        quoteValidityRequired: true,
        exceptionsAllowed: true,
      },
    });
  });

  it.each([
    { raw: { minIndependentQuotes: -1 }, path: 'category.pricingPolicy.minIndependentQuotes' },
    { raw: { minIndependentQuotes: 2.5 }, path: 'category.pricingPolicy.minIndependentQuotes' },
    { raw: { minIndependentQuotes: 21 }, path: 'category.pricingPolicy.minIndependentQuotes' },
    { raw: { exceptionsAllowed: 'yes' }, path: 'category.pricingPolicy.exceptionsAllowed' },
    { raw: { quoteValidityRequired: 1 }, path: 'category.pricingPolicy.quoteValidityRequired' },
    { raw: { comparison: 'connected-higher' }, path: 'category.pricingPolicy.comparison' },
    { raw: 2, path: 'category.pricingPolicy' },
  ])('refuses $raw at $path', ({ raw, path }) => {
    const r = parsePricingPolicy(raw, 'issuer-purchases', 'category.pricingPolicy');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual([path]);
  });
});
