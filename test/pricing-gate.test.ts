/**
 * Issue 4: the pricing-policy gate on POST /api/v1/orders and POST /api/v1/orders/check, on both
 * engines. Every refusal code, its combination with CAP_EXCEEDED, a supplier that becomes connected
 * between two orders, an exception, a currency conversion, an expired quote, and bad input.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { uploadEvidence } from '../src/app/evidence.js';
import type { Store } from '../src/app/ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { describeEachEngine } from './support/engines.js';
import { world, type TestWorld } from './support/context.js';
import { testServer, type TestServer } from './support/http.js';

type Json = Record<string, unknown>;
interface Reason extends Json {
  code: string;
  message: string;
}

interface Api {
  readonly w: TestWorld;
  readonly app: TestServer;
  post(url: string, body: unknown): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
}

async function serve(store: Store): Promise<Api> {
  const w = await world(store);
  const app = await testServer(w.ctx, w.actor.issuerId);
  return {
    w,
    app,
    post: (url, body) =>
      app.inject({ method: 'POST', url, payload: body as NonNullable<InjectOptions['payload']> }),
    get: (url) => app.inject({ method: 'GET', url }),
  };
}

/** The seed agreement (counterparty Xiaomi, partyId "xiaomi"), with its categories' policies as given. */
async function seedWith(api: Api, policy?: Json): Promise<string> {
  const body = seedAgreementInput();
  const res = await api.post('/api/v1/agreements', {
    ...body,
    categories: body.categories.map((c) => (policy ? { ...c, pricingPolicy: policy } : c)),
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

/**
 * A register: Xiaomi (11.12% of the issuer, so connected) with its subsidiary Xiaomi Cloud and the
 * alias "Xiaomi Group"; two independent providers, Acme and Beta; Gamma Holdings and its subsidiary
 * Gamma IDC (one group, neither connected).
 */
async function register(api: Api): Promise<void> {
  const issuerId = api.w.actor.issuerId;
  const res = await api.post('/api/v1/register', {
    parties: [
      { id: issuerId, kind: 'company', name: { en: 'Test Issuer Ltd' } },
      {
        id: 'xiaomi',
        kind: 'company',
        name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' },
        aliases: ['Xiaomi Group'],
      },
      { id: 'xiaomi-cloud', kind: 'company', name: { en: 'Xiaomi Cloud Services Ltd' } },
      {
        id: 'acme',
        kind: 'company',
        name: { en: 'Acme Data Centres Limited', 'zh-Hant': '雅科數據中心有限公司' },
      },
      { id: 'beta', kind: 'company', name: { en: 'Beta Networks Co' }, aliases: ['Beta IDC'] },
      { id: 'gamma', kind: 'company', name: { en: 'Gamma Holdings Ltd' } },
      { id: 'gamma-idc', kind: 'company', name: { en: 'Gamma IDC Ltd' } },
    ],
    relationships: [
      { kind: 'shareholding', holder: 'xiaomi', company: issuerId, percent: '11.12' },
      { kind: 'shareholding', holder: 'xiaomi', company: 'xiaomi-cloud', percent: '100' },
      { kind: 'shareholding', holder: 'gamma', company: 'gamma-idc', percent: '60' },
    ],
  });
  expect(res.statusCode).toBe(201);
}

const SIGNED = '2026-03-02';

interface QuoteSpec {
  supplier: Json;
  amount: string;
  currency?: string;
  validUntil?: string;
  quotedOn?: string;
  independenceConfirmedBy?: string;
}

/** A hardware order of RMB1,000,000.00 signed on 2 March 2026 with the quotes given. */
function order(agreementId: string, quotes: QuoteSpec[] | null, over: Json = {}): Json {
  const amount = (over['amount'] as string | undefined) ?? '1000000.00';
  const pricing =
    quotes === null
      ? undefined
      : {
          connectedQuote: {
            amount,
            currency: 'CNY',
            validUntil: (over['connectedValidUntil'] as string | undefined) ?? '2026-04-30',
            specification: '40 × 100G switches',
          },
          independentQuotes: quotes.map((q) => ({
            currency: 'CNY',
            validUntil: '2026-04-30',
            ...q,
          })),
          ...(over['exception'] ? { exception: over['exception'] } : {}),
        };
  return {
    agreementId,
    categoryKey: 'network-hardware',
    reference: over['reference'] ?? 'PO-HW-1',
    signedOn: over['signedOn'] ?? SIGNED,
    schedule: [{ date: '2026-03-20', amount, currency: 'CNY' }],
    ...(pricing ? { pricing } : {}),
  };
}

const ACME = { supplier: { partyId: 'acme' }, amount: '1050000.00' };
const BETA = { supplier: { name: 'beta idc' }, amount: '1100000.00' };

const reasons = (res: LightMyRequestResponse): Reason[] => res.json<{ reasons: Reason[] }>().reasons;
const codes = (res: LightMyRequestResponse): string[] => reasons(res).map((r) => r.code);

/** The hardware cap for 2026 (RMB6.7m), as the ledger stands. */
async function hardware2026(api: Api): Promise<{ committed: string; actual: string }> {
  const res = await api.get('/api/v1/utilization?asOf=2026-03-31');
  expect(res.statusCode).toBe(200);
  const caps = res.json<{
    items: { categoryKeys: string[]; periodStart: string; committed: string; actual: string }[];
  }>().items;
  const cap = caps.find((c) => c.categoryKeys.includes('network-hardware') && c.periodStart === '2026-01-01');
  if (!cap) throw new Error('no hardware cap for 2026');
  return { committed: cap.committed, actual: cap.actual };
}

describeEachEngine('the pricing-policy gate (issue 4)', (open) => {
  it('accepts an order whose connected price is strictly lower than two independent quotes, and keeps the comparison', async () => {
    const api = await serve(await open());
    await register(api);
    const agreementId = await seedWith(api);
    const res = await api.post('/api/v1/orders', order(agreementId, [ACME, BETA]));
    expect(res.statusCode).toBe(201);
    const id = res.json<{ id: string }>().id;

    const shown = await api.get(`/api/v1/orders/${id}`);
    expect(shown.statusCode).toBe(200);
    const pricing = shown.json<{ pricing: Json }>().pricing;
    expect(pricing).toMatchObject({
      policy: { minIndependentQuotes: 2, comparison: 'connected-lower', quoteValidityRequired: true },
      quotesRequired: true,
      currency: 'CNY',
      connectedQuote: { amount: '1000000.00', capAmount: '1000000.00', specification: '40 × 100G switches' },
      countedQuotes: 2,
      bestIndependent: { index: 0, capAmount: '1050000.00' },
      connectedMoreFavourable: true,
      flagged: false,
      exception: null,
    });
    // The supplier given by name matched the register party through its alias, ignoring case.
    expect((pricing['independentQuotes'] as Json[]).map((q) => [q['partyId'], q['counted']])).toEqual([
      ['acme', true],
      ['beta', true],
    ]);
    expect(await hardware2026(api)).toEqual({ committed: '1000000.00', actual: '0.00' });
  });

  it('QUOTES_MISSING: no quotes, or fewer valid independent quotes than the policy requires', async () => {
    const api = await serve(await open());
    await register(api);
    const agreementId = await seedWith(api);

    const none = await api.post('/api/v1/orders', order(agreementId, null));
    expect(none.statusCode).toBe(409);
    expect(reasons(none)).toEqual([
      expect.objectContaining({ code: 'QUOTES_MISSING', required: 2, validGiven: 0, rule: '14A.55, 14A.56' }),
    ]);

    const one = await api.post('/api/v1/orders', order(agreementId, [ACME]));
    expect(one.statusCode).toBe(409);
    expect(reasons(one)).toEqual([
      expect.objectContaining({ code: 'QUOTES_MISSING', required: 2, validGiven: 1 }),
    ]);
    expect(reasons(one)[0]?.message).toBe('The policy requires 2 valid independent quotes; 1 was given.');

    // Two quotes from one group (Gamma and its 60% subsidiary) count once.
    const group = await api.post(
      '/api/v1/orders',
      order(agreementId, [
        { supplier: { partyId: 'gamma' }, amount: '1200000.00' },
        { supplier: { name: 'Gamma IDC Ltd' }, amount: '1150000.00' },
      ]),
    );
    expect(group.statusCode).toBe(409);
    expect(reasons(group)).toEqual([expect.objectContaining({ code: 'QUOTES_MISSING', validGiven: 1 })]);
    expect(await hardware2026(api)).toEqual({ committed: '0.00', actual: '0.00' });
  });

  it('QUOTE_NOT_INDEPENDENT: the counterparty by alias, its group, a connected person, an unknown party, an unconfirmed supplier', async () => {
    const api = await serve(await open());
    await register(api);
    const agreementId = await seedWith(api);
    const res = await api.post(
      '/api/v1/orders',
      order(agreementId, [
        ACME,
        BETA,
        { supplier: { name: '  XIAOMI   group ' }, amount: '1300000.00' },
        { supplier: { partyId: 'xiaomi-cloud' }, amount: '1300000.00' },
        { supplier: { partyId: 'nobody' }, amount: '1300000.00' },
        { supplier: { name: 'Unknown Hosting Ltd' }, amount: '1300000.00' },
      ]),
    );
    expect(res.statusCode).toBe(409);
    const notIndependent = reasons(res).filter((r) => r.code === 'QUOTE_NOT_INDEPENDENT');
    expect(notIndependent.map((r) => [r['quote'], r['why'], r['partyId']])).toEqual([
      [{ kind: 'independent', index: 2 }, 'counterparty', 'xiaomi'],
      [{ kind: 'independent', index: 3 }, 'counterparty-group', 'xiaomi-cloud'],
      [{ kind: 'independent', index: 4 }, 'unknown-party', null],
      [{ kind: 'independent', index: 5 }, 'unconfirmed-supplier', null],
    ]);
    expect(notIndependent[0]?.['supplier']).toBe('  XIAOMI   group '.trim());
    // The two independent quotes still count: nothing else is wrong.
    expect(codes(res)).toEqual(Array(4).fill('QUOTE_NOT_INDEPENDENT'));

    // A supplier unknown to the register counts once someone records its independence.
    const confirmed = await api.post(
      '/api/v1/orders',
      order(agreementId, [
        ACME,
        {
          supplier: { name: 'Unknown Hosting Ltd' },
          amount: '1300000.00',
          independenceConfirmedBy: 'Head of Procurement',
        },
      ]),
    );
    expect(confirmed.statusCode).toBe(201);
  });

  it('a supplier that becomes connected between two orders: counted for the first, refused for the second', async () => {
    const api = await serve(await open());
    await register(api);
    const agreementId = await seedWith(api);
    const first = await api.post(
      '/api/v1/orders',
      order(agreementId, [ACME, BETA], { reference: 'PO-HW-1' }),
    );
    expect(first.statusCode).toBe(201);

    // Acme takes 15% of the issuer from 1 April 2026: a substantial shareholder, a connected person.
    const issuerId = api.w.actor.issuerId;
    const rel = await api.post('/api/v1/register', {
      relationships: [
        { kind: 'shareholding', holder: 'acme', company: issuerId, percent: '15', from: '2026-04-01' },
      ],
    });
    expect(rel.statusCode).toBe(201);

    const later = order(agreementId, [ACME, BETA], { reference: 'PO-HW-2', signedOn: '2026-04-02' });
    const second = await api.post('/api/v1/orders', later);
    expect(second.statusCode).toBe(409);
    expect(reasons(second)).toEqual([
      expect.objectContaining({
        code: 'QUOTE_NOT_INDEPENDENT',
        quote: { kind: 'independent', index: 0 },
        partyId: 'acme',
        why: 'connected-person',
        quotedOn: '2026-04-02',
      }),
      expect.objectContaining({ code: 'QUOTES_MISSING', required: 2, validGiven: 1 }),
    ]);
    expect(reasons(second)[0]?.message).toContain('Acme Data Centres Limited (雅科數據中心有限公司)');

    // Independence is judged on the quote date: quoted in March, before Acme became connected.
    const quotedEarlier = {
      ...later,
      pricing: {
        ...(later['pricing'] as Json),
        independentQuotes: [
          { ...ACME, currency: 'CNY', validUntil: '2026-04-30', quotedOn: '2026-03-25' },
          { ...BETA, currency: 'CNY', validUntil: '2026-04-30' },
        ],
      },
    };
    expect((await api.post('/api/v1/orders', quotedEarlier)).statusCode).toBe(201);
    // The first order's comparison is kept as it was decided.
    const kept = await api.get(`/api/v1/orders/${first.json<{ id: string }>().id}`);
    expect(kept.json<{ pricing: { countedQuotes: number } }>().pricing.countedQuotes).toBe(2);
  });

  it('QUOTE_EXPIRED: a quote is valid through its validUntil day, the connected party’s own too', async () => {
    const api = await serve(await open());
    await register(api);
    const agreementId = await seedWith(api);
    const onTheDay = await api.post(
      '/api/v1/orders',
      order(agreementId, [{ ...ACME, validUntil: SIGNED }, BETA], { connectedValidUntil: SIGNED }),
    );
    expect(onTheDay.statusCode).toBe(201);

    const dayBefore = '2026-03-01';
    const expired = await api.post(
      '/api/v1/orders',
      order(agreementId, [{ ...ACME, validUntil: dayBefore }, BETA], {
        connectedValidUntil: dayBefore,
        reference: 'PO-HW-2',
      }),
    );
    expect(expired.statusCode).toBe(409);
    expect(reasons(expired)).toEqual([
      expect.objectContaining({
        code: 'QUOTE_EXPIRED',
        quote: { kind: 'connected' },
        validUntil: dayBefore,
        signedOn: SIGNED,
      }),
      expect.objectContaining({
        code: 'QUOTE_EXPIRED',
        quote: { kind: 'independent', index: 0 },
        validUntil: dayBefore,
      }),
      expect.objectContaining({ code: 'QUOTES_MISSING', validGiven: 1 }),
    ]);
  });

  it('CONNECTED_NOT_MORE_FAVOURABLE: an equal price is not more favourable; the best independent price is named', async () => {
    const api = await serve(await open());
    await register(api);
    const agreementId = await seedWith(api);
    const res = await api.post(
      '/api/v1/orders',
      order(agreementId, [ACME, { supplier: { partyId: 'beta' }, amount: '1000000.00' }]),
    );
    expect(res.statusCode).toBe(409);
    expect(reasons(res)).toEqual([
      expect.objectContaining({
        code: 'CONNECTED_NOT_MORE_FAVOURABLE',
        comparison: 'connected-lower',
        connectedPrice: '1000000.00',
        bestIndependentPrice: '1000000.00',
        bestIndependentQuote: 1,
        currency: 'CNY',
      }),
    ]);
    expect(reasons(res)[0]?.message).toContain('RMB1,000,000.00');
  });

  it('lists pricing refusals together with CAP_EXCEEDED, and writes nothing', async () => {
    const api = await serve(await open());
    await register(api);
    const agreementId = await seedWith(api);
    // RMB6.7m is the 2026 hardware cap: one cent more, with one quote only.
    const res = await api.post(
      '/api/v1/orders',
      order(agreementId, [{ supplier: { partyId: 'acme' }, amount: '7000000.00' }], { amount: '6700000.01' }),
    );
    expect(res.statusCode).toBe(409);
    expect(codes(res)).toEqual(['CAP_EXCEEDED', 'QUOTES_MISSING']);
    expect(res.json<{ message: string }>().message).toMatch(
      /^Refused: .*RMB6,700,000\.01.*The policy requires 2/,
    );
    expect(await hardware2026(api)).toEqual({ committed: '0.00', actual: '0.00' });

    // The check endpoint answers the same, without writing.
    const check = await api.post(
      '/api/v1/orders/check',
      order(agreementId, [{ supplier: { partyId: 'acme' }, amount: '7000000.00' }], { amount: '6700000.01' }),
    );
    expect(check.statusCode).toBe(200);
    expect(check.json<{ accepted: boolean }>().accepted).toBe(false);
    expect(codes(check)).toEqual(['CAP_EXCEEDED', 'QUOTES_MISSING']);
  });

  it('POST /api/v1/orders/check answers accepted or not, never writes, and 422s a malformed body', async () => {
    const api = await serve(await open());
    await register(api);
    const agreementId = await seedWith(api);
    const ok = await api.post('/api/v1/orders/check', order(agreementId, [ACME, BETA]));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ accepted: true, reasons: [], pricing: { countedQuotes: 2 } });
    const refused = await api.post('/api/v1/orders/check', order(agreementId, [ACME]));
    expect(refused.json()).toMatchObject({ accepted: false, reasons: [{ code: 'QUOTES_MISSING' }] });
    const bad = await api.post('/api/v1/orders/check', {
      ...order(agreementId, [ACME, BETA]),
      signedOn: '2026-02-30',
    });
    expect(bad.statusCode).toBe(422);
    expect(await hardware2026(api)).toEqual({ committed: '0.00', actual: '0.00' });
    // And the order it said yes to is then accepted.
    expect((await api.post('/api/v1/orders', order(agreementId, [ACME, BETA]))).statusCode).toBe(201);
  });

  it('an exception stands in only where the policy allows it, approved by someone other than the user placing the order', async () => {
    const api = await serve(await open());
    await register(api);
    const strict = await seedWith(api);
    const exception = {
      reason: 'Sole supplier of this switch model; only one other quote obtainable',
      approvedBy: 'CFO Jane Lee',
    };

    const refused = await api.post('/api/v1/orders', order(strict, [ACME], { exception }));
    expect(refused.statusCode).toBe(409);
    expect(reasons(refused)).toEqual([
      expect.objectContaining({ code: 'QUOTES_MISSING' }),
      expect.objectContaining({
        code: 'EXCEPTION_NOT_PERMITTED',
        why: 'policy-disallows',
        approvedBy: 'CFO Jane Lee',
      }),
    ]);

    const lenient = await seedWith(api, { exceptionsAllowed: true });
    // The user placing the order, named in other letter case, is still the same user.
    const placer = await api.app.userId();
    const self = await api.post(
      '/api/v1/orders',
      order(lenient, [ACME], { exception: { ...exception, approvedBy: placer.toUpperCase() } }),
    );
    expect(self.statusCode).toBe(409);
    expect(codes(self)).toEqual(['QUOTES_MISSING', 'EXCEPTION_NOT_PERMITTED']);
    expect(reasons(self)[1]).toMatchObject({ why: 'approver-is-placer' });

    const accepted = await api.post('/api/v1/orders', order(lenient, [ACME], { exception }));
    expect(accepted.statusCode).toBe(201);
    const shown = await api.get(`/api/v1/orders/${accepted.json<{ id: string }>().id}`);
    expect(shown.json<{ pricing: Json }>().pricing).toMatchObject({
      flagged: true,
      exception: {
        reason: exception.reason,
        approvedBy: 'CFO Jane Lee',
        overrides: [expect.objectContaining({ code: 'QUOTES_MISSING', validGiven: 1 })],
      },
    });
    // The agreement shows each category's policy, exceptions allowed.
    const agreement = await api.get(`/api/v1/agreements/${lenient}`);
    expect(
      agreement.json<{ categories: { pricingPolicy: Json }[] }>().categories[1]?.pricingPolicy,
    ).toMatchObject({
      minIndependentQuotes: 2,
      exceptionsAllowed: true,
      summary: expect.stringContaining(
        'a documented exception approved by another user is allowed',
      ) as unknown,
    });
  });

  it('compares quotes in another currency in the cap currency at the signing-date rate', async () => {
    const api = await serve(await open());
    await register(api);
    const agreementId = await seedWith(api);
    const usd = { supplier: { partyId: 'acme' }, amount: '145000.00', currency: 'USD' };

    // No USD→CNY rate for the signing date: 422 naming the quote's currency.
    const noRate = await api.post('/api/v1/orders', order(agreementId, [usd, BETA]));
    expect(noRate.statusCode).toBe(422);
    expect(noRate.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'pricing.independentQuotes[0].currency',
    ]);

    const rate = await api.post('/api/v1/fx-rates', {
      from: 'USD',
      to: 'CNY',
      date: SIGNED,
      rate: '7.1',
      source: 'HKAB fixing',
    });
    expect(rate.statusCode).toBe(201);
    // US$145,000 × 7.1 = RMB1,029,500.00: dearer than Xiaomi's RMB1,000,000.00, so it counts and loses.
    const ok = await api.post('/api/v1/orders', order(agreementId, [usd, BETA]));
    expect(ok.statusCode).toBe(201);
    const shown = await api.get(`/api/v1/orders/${ok.json<{ id: string }>().id}`);
    expect(
      shown.json<{ pricing: { independentQuotes: Json[] } }>().pricing.independentQuotes[0],
    ).toMatchObject({
      amount: '145000.00',
      currency: 'USD',
      capAmount: '1029500.00',
      counted: true,
    });
    // US$140,000 = RMB994,000.00: cheaper than Xiaomi's, so Xiaomi is not more favourable.
    const cheaper = await api.post(
      '/api/v1/orders',
      order(agreementId, [{ ...usd, amount: '140000.00' }, BETA], { reference: 'PO-HW-2' }),
    );
    expect(cheaper.statusCode).toBe(409);
    expect(reasons(cheaper)).toEqual([
      expect.objectContaining({
        code: 'CONNECTED_NOT_MORE_FAVOURABLE',
        bestIndependentPrice: '994000.00',
        bestIndependentQuote: 0,
      }),
    ]);
  });

  it('keeps the evidence files and the third-party terms with the order, each file by its SHA-256', async () => {
    const api = await serve(await open());
    await register(api);
    const agreementId = await seedWith(api);
    const upload = async (text: string, issuedOn: string) =>
      (
        await uploadEvidence(api.w.ctx, api.w.actor, {
          bytes: new TextEncoder().encode(text),
          mediaType: 'text/plain',
          filename: 'quote.txt',
          issuedOn,
        })
      ).sha256;
    const xiaomiQuote = await upload('Xiaomi quotation: RMB1,000,000.00', '2026-02-27');
    const acmeQuote = await upload('Acme quotation: RMB1,050,000.00', '2026-02-26');
    const priceList = await upload('Xiaomi price list to independent customers', '2026-01-02');
    const body = order(agreementId, [ACME, BETA]);
    const pricing = body['pricing'] as { connectedQuote: Json; independentQuotes: Json[] };
    const res = await api.post('/api/v1/orders', {
      ...body,
      pricing: {
        ...pricing,
        connectedQuote: { ...pricing.connectedQuote, evidence: [xiaomiQuote] },
        independentQuotes: [
          { ...pricing.independentQuotes[0], evidence: [acmeQuote.toUpperCase()] },
          pricing.independentQuotes[1],
        ],
        thirdPartyTerms: {
          summary: 'Xiaomi charges independent customers at least 8% more',
          evidence: [priceList],
        },
      },
    });
    expect(res.statusCode).toBe(201);
    const shown = (await api.get(`/api/v1/orders/${res.json<{ id: string }>().id}`)).json<{
      pricing: Json;
      evidence: Json[];
    }>();
    expect(shown.evidence.map((e) => [e['quote'], e['quoteIndex'], e['sha256'], e['issuedOn']])).toEqual([
      ['connected', null, xiaomiQuote, '2026-02-27'],
      ['independent', 0, acmeQuote, '2026-02-26'],
      ['third-party-terms', null, priceList, '2026-01-02'],
    ]);
    expect(shown.pricing['thirdPartyTerms']).toEqual({
      summary: 'Xiaomi charges independent customers at least 8% more',
      evidence: [priceList],
    });
  });

  it('a policy of 0 quotes needs none and says so', async () => {
    const api = await serve(await open());
    const agreementId = await seedWith(api, { minIndependentQuotes: 0 });
    const res = await api.post('/api/v1/orders', order(agreementId, null));
    expect(res.statusCode).toBe(201);
    expect(res.json<{ pricing: Json }>().pricing).toMatchObject({
      quotesRequired: false,
      connectedQuote: null,
      summary: 'The policy requires no independent quotes (0), and none were given.',
    });
    const agreement = await api.get(`/api/v1/agreements/${agreementId}`);
    expect(
      agreement.json<{ categories: { pricingPolicy: { summary: string } }[] }>().categories[0]?.pricingPolicy
        .summary,
    ).toMatch(/^No independent quotes are required \(0\)/);
  });

  it('bad input gets 422 with the field named, and nothing is written', async () => {
    const api = await serve(await open());
    await register(api);
    const agreementId = await seedWith(api);
    const cases: [string, Json, string[]][] = [
      [
        'negative price',
        order(agreementId, [{ ...ACME, amount: '-5.00' }, BETA]),
        ['pricing.independentQuotes[0].amount'],
      ],
      [
        'unknown currency',
        order(agreementId, [ACME, { ...BETA, currency: 'XYZ' }]),
        ['pricing.independentQuotes[1].currency'],
      ],
      [
        'a quote without a supplier',
        order(agreementId, [{ amount: '1050000.00' } as QuoteSpec, BETA]),
        ['pricing.independentQuotes[0].supplier'],
      ],
      [
        'a connected quote for another amount than the order',
        {
          ...order(agreementId, [ACME, BETA]),
          schedule: [{ date: '2026-03-20', amount: '999999.99', currency: 'CNY' }],
        },
        ['pricing.connectedQuote.amount'],
      ],
      [
        'evidence never uploaded',
        (() => {
          const body = order(agreementId, [ACME, BETA]);
          const pricing = body['pricing'] as Json;
          return {
            ...body,
            pricing: {
              ...pricing,
              connectedQuote: { ...(pricing['connectedQuote'] as Json), evidence: ['a'.repeat(64)] },
            },
          };
        })(),
        ['pricing.connectedQuote.evidence[0]'],
      ],
    ];
    for (const [what, body, paths] of cases) {
      for (const url of ['/api/v1/orders', '/api/v1/orders/check']) {
        const res = await api.post(url, body);
        expect(res.statusCode, `${what} at ${url}`).toBe(422);
        expect(
          res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path),
          what,
        ).toEqual(paths);
      }
    }
    expect(await hardware2026(api)).toEqual({ committed: '0.00', actual: '0.00' });
  });
});
