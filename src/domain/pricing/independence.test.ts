import { describe, expect, it } from 'vitest';
import { calendarDate } from '../dates.js';
import { holds, ISSUER, party, person, scenario } from '../chapter14a/testing.js';
import type { Relationship } from '../chapter14a/types.js';
import {
  connectedOnFromScenario,
  normaliseName,
  supplierIndependence,
  type IndependenceContext,
  type IndependentQuote,
  type SupplierRef,
} from './index.js';

const d = calendarDate;
const held = holds('p-acme', ISSUER, '15');
const acmeFromApril: Relationship = held.kind === 'shareholding' ? { ...held, from: d('2026-04-01') } : held;
const quote = (supplier: Partial<SupplierRef>, extra: Partial<IndependentQuote> = {}): IndependentQuote => ({
  supplier: { partyId: supplier.partyId ?? null, name: supplier.name ?? null },
  amount: { currency: 'CNY', minor: 100_000n },
  validUntil: d('2026-03-31'),
  quotedOn: null,
  specification: null,
  evidence: [],
  independenceConfirmedBy: null,
  ...extra,
});

const context = (extra: Partial<IndependenceContext> = {}): IndependenceContext => ({
  parties: [
    { id: 'p-acme', name: { en: 'Acme Cloud Limited', 'zh-Hant': '雅科雲有限公司' } },
    { id: 'p-beta', name: { en: 'Beta Data Co', 'zh-Hant': null }, aliases: ['Beta IDC'] },
    { id: 'p-xiaomi', name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' } },
    { id: 'p-xm-sub', name: { en: 'Xiaomi Communications Co', 'zh-Hant': null } },
    { id: 'p-insider', name: { en: 'Insider Ltd', 'zh-Hant': null } },
  ],
  counterparty: { partyId: 'p-xiaomi', name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' } },
  counterpartyGroup: new Set(['p-xiaomi', 'p-xm-sub']),
  connectedOn: (id) => id === 'p-insider',
  signedOn: d('2026-03-02'),
  ...extra,
});

describe('supplierIndependence', () => {
  it('matches names ignoring case and spacing, and the Chinese name and aliases', () => {
    const r = supplierIndependence(
      [
        quote({ name: '  acme   CLOUD limited ' }),
        quote({ name: '雅科雲 有限公司' }),
        quote({ name: 'BETAIDC' }),
        quote({ name: 'Beta Data Co' }),
      ],
      context(),
    );
    expect(r.map((x) => [x.partyId, x.matchedBy, x.independent])).toEqual([
      ['p-acme', 'name', true],
      ['p-acme', 'name', true],
      ['p-beta', 'name', true],
      ['p-beta', 'name', true],
    ]);
    expect(r[0]?.group).toBe(r[1]?.group);
  });

  it('takes aliases from an extra map by party id', () => {
    const r = supplierIndependence(
      [quote({ name: 'ACME HK' })],
      context({ aliases: new Map([['p-acme', ['Acme HK']]]) }),
    );
    expect(r[0]).toMatchObject({ partyId: 'p-acme', independent: true });
  });

  it('folds full-width letters and ideographic spaces', () => {
    expect(normaliseName('ＡＣＭＥ\u3000Cloud')).toBe(normaliseName('acme cloud'));
  });

  it.each([
    { what: 'the counterparty by id', supplier: { partyId: 'p-xiaomi' }, why: 'counterparty' },
    { what: "the counterparty's Chinese name", supplier: { name: '小米 集團' }, why: 'counterparty' },
    {
      what: "a company in the counterparty's group",
      supplier: { name: 'xiaomi communications co' },
      why: 'counterparty-group',
    },
    { what: 'a connected person', supplier: { partyId: 'p-insider' }, why: 'connected-person' },
    { what: 'a party id not in the register', supplier: { partyId: 'p-nobody' }, why: 'unknown-party' },
    {
      what: 'a supplier found nowhere, unconfirmed',
      supplier: { name: 'Gamma Hosting' },
      why: 'unconfirmed-supplier',
    },
  ])('refuses $what ($why)', ({ supplier, why }) => {
    const [r] = supplierIndependence([quote(supplier)], context());
    expect(r).toMatchObject({ independent: false, why });
    expect(r?.explanation).toBeTruthy();
  });

  it('accepts a supplier found nowhere once its independence is confirmed', () => {
    const [r] = supplierIndependence(
      [quote({ name: 'Gamma Hosting' }, { independenceConfirmedBy: 'Company Secretary' })],
      context(),
    );
    expect(r).toMatchObject({
      independent: true,
      partyId: null,
      matchedBy: 'none',
      group: 'name:gammahosting',
    });
  });

  it('judges connection on the quote date, defaulting to the signing date', () => {
    const becomesConnected = (id: string, date: string) => id === 'p-acme' && date >= '2026-03-01';
    const ctx = context({ connectedOn: becomesConnected });
    const [before, atSigning] = supplierIndependence(
      [
        quote({ name: 'Acme Cloud Limited' }, { quotedOn: d('2026-02-15') }),
        quote({ name: 'Acme Cloud Limited' }),
      ],
      ctx,
    );
    expect(before).toMatchObject({ independent: true, quotedOn: '2026-02-15' });
    expect(atSigning).toMatchObject({ independent: false, why: 'connected-person', quotedOn: '2026-03-02' });
  });

  it('uses groupOf so that two companies of one group share a group key', () => {
    const r = supplierIndependence(
      [quote({ partyId: 'p-acme' }), quote({ partyId: 'p-beta' })],
      context({ groupOf: (id) => (id === 'p-beta' ? 'acme-group' : id === 'p-acme' ? 'acme-group' : id) }),
    );
    expect(r[0]?.group).toBe('party:acme-group');
    expect(r[1]?.group).toBe('party:acme-group');
  });

  it('a supplier becomes connected between two orders: the register as of each date (chapter 14A engine)', () => {
    // Acme Holdings becomes a 15% substantial shareholder of the issuer on 2026-04-01 (14A.07(1)).
    const s = scenario({
      parties: [
        party('p-acme', 'company', { name: { en: 'Acme Holdings', 'zh-Hant': null } }),
        person('p-somebody'),
      ],
      relationships: [acmeFromApril],
    });
    const connectedOn = connectedOnFromScenario(s);
    expect(connectedOn('p-acme', d('2026-03-31'))).toBe(false);
    const ctx = (signedOn: string): IndependenceContext =>
      context({ parties: s.parties, connectedOn, signedOn: d(signedOn) });
    const [first] = supplierIndependence([quote({ name: 'acme holdings' })], ctx('2026-03-15'));
    const [second] = supplierIndependence([quote({ name: 'acme holdings' })], ctx('2026-04-15'));
    expect(first).toMatchObject({ independent: true, partyId: 'p-acme' });
    expect(second).toMatchObject({ independent: false, why: 'connected-person', partyId: 'p-acme' });
    expect(second?.explanation).toContain('2026-04-15');
  });
});
