import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePercent, parseScenario } from './scenario.js';
import { DEFAULT_OPTIONS } from './types.js';

type Json = Record<string, unknown>;

/** The seed case (examples/seed-case.yaml) as a decoded document; each test changes one thing. */
function seed(): Json {
  const cap = (key: string, periodStart: string, periodEnd: string, amount: string) => ({
    categoryKeys: [key],
    periodStart,
    periodEnd,
    amount,
    currency: 'CNY',
  });
  const director = (person: string, company = 'kingsoft-cloud') => ({ kind: 'director', person, company });
  return {
    asOf: '2025-07-29',
    issuer: {
      id: 'kingsoft-cloud',
      name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': '金山云控股有限公司' },
      financialYearEnd: '12-31',
      figures: {
        currency: 'HKD',
        totalAssets: '20000000000.00',
        revenue: '8000000000.00',
        profits: '-2000000000.00',
        marketCapitalisation: '10000000000.00',
      },
    },
    fx: [{ from: 'CNY', to: 'HKD', rate: '1.08' }],
    parties: [
      { id: 'kingsoft-cloud', kind: 'company', name: 'Kingsoft Cloud Holdings Limited' },
      { id: 'xiaomi', kind: 'company', name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' } },
      { id: 'xiaomi-finance', kind: 'company', name: 'Xiaomi Finance' },
      { id: 'lei-jun', kind: 'individual', name: 'Lei Jun' },
      { id: 'zou-tao', kind: 'individual', name: 'Zou Tao' },
      { id: 'zhang-duo', kind: 'individual', name: 'Zhang Duo' },
    ],
    relationships: [
      { kind: 'shareholding', holder: 'xiaomi', company: 'kingsoft-cloud', percent: '11.12' },
      { kind: 'shareholding', holder: 'xiaomi', company: 'xiaomi-finance', percent: 100 },
      director('lei-jun'),
      director('zou-tao'),
      director('zhang-duo'),
      director('lei-jun', 'xiaomi'),
      { kind: 'shareholding', holder: 'lei-jun', company: 'xiaomi', percent: '20' },
      director('zhang-duo', 'xiaomi'),
    ],
    agreements: [
      {
        id: 'xiaomi-2025',
        counterparty: 'xiaomi',
        name: '2025 Xiaomi Cooperation Framework Agreement',
        signedOn: '2025-07-29',
        boardApproved: true,
        inedConfirmed: true,
        categories: [
          {
            key: 'idc-services',
            name: 'IDC services',
            direction: 'issuer-purchases',
            termStart: '2025-07-29',
            termEnd: '2028-07-28',
          },
          {
            key: 'network-hardware',
            name: 'Network hardware equipment',
            direction: 'issuer-purchases',
            termStart: '2025-07-29',
            termEnd: '2026-07-28',
          },
        ],
        caps: [
          cap('idc-services', '2025-07-29', '2025-12-31', '41000000.00'),
          cap('idc-services', '2026-01-01', '2026-12-31', '82000000.00'),
          cap('idc-services', '2027-01-01', '2027-12-31', '82000000.00'),
          cap('idc-services', '2028-01-01', '2028-07-28', '41000000.00'),
          cap('network-hardware', '2025-07-29', '2025-12-31', '33500000.00'),
          cap('network-hardware', '2026-01-01', '2026-07-28', '6700000.00'),
        ],
      },
    ],
  };
}

/** Applies a change to a fresh seed document at a dotted path with [i] indices. */
function change(path: string, value: unknown): Json {
  const doc = seed();
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let at: Record<string, unknown> | unknown[] = doc;
  for (const key of keys.slice(0, -1)) {
    at = (Array.isArray(at) ? at[Number(key)] : at[key]) as Record<string, unknown> | unknown[];
  }
  const last = keys[keys.length - 1] ?? '';
  if (Array.isArray(at)) {
    if (value === undefined) at.splice(Number(last), 1);
    else at[Number(last)] = value;
  } else if (value === undefined) delete at[last];
  else at[last] = value;
  return doc;
}

function errorsOf(doc: unknown) {
  const r = parseScenario(doc);
  if (r.ok) throw new Error('expected the scenario to be refused');
  return r.errors;
}

describe('parseScenario: the seed case', () => {
  it('parses, with the defaults for the flags and settings', () => {
    const r = parseScenario(seed());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const s = r.value;
    expect(s.asOf).toBe('2025-07-29');
    expect(s.issuer.figures).toEqual({
      currency: 'HKD',
      totalAssets: 2_000_000_000_000n,
      revenue: 800_000_000_000n,
      profits: -200_000_000_000n,
      marketCapitalisation: 1_000_000_000_000n,
    });
    expect(s.fx).toEqual([
      { from: 'CNY', to: 'HKD', rate: { numerator: 108n, denominator: 100n }, rateText: '1.08' },
    ]);
    expect(s.relationships[0]).toEqual({
      kind: 'shareholding',
      holder: 'xiaomi',
      company: 'kingsoft-cloud',
      percent: { numerator: 1112n, denominator: 10000n },
      percentThroughIssuerGroup: null,
      from: null,
      to: null,
    });
    // A YAML/JSON number: 100 → 100/100 of 1.
    expect(s.relationships[1]).toMatchObject({ percent: { numerator: 100n, denominator: 100n } });
    const a = s.agreements[0];
    expect(a).toMatchObject({
      id: 'xiaomi-2025',
      counterparty: 'xiaomi',
      normalCommercialTerms: true,
      boardApproved: true,
      inedConfirmed: true,
    });
    expect(a?.draft.counterparty).toEqual({
      name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' },
      partyId: 'xiaomi',
    });
    expect(a?.draft.caps.map((c) => c.amount.minor)).toEqual([
      4_100_000_000n,
      8_200_000_000n,
      8_200_000_000n,
      4_100_000_000n,
      3_350_000_000n,
      670_000_000n,
    ]);
    expect(s.options).toMatchObject(DEFAULT_OPTIONS);
  });

  it('defaults normalCommercialTerms to true and the 14A.101 flags to false', () => {
    const doc = change('agreements[0].boardApproved', undefined);
    delete ((doc['agreements'] as Json[])[0] as Json)['inedConfirmed'];
    const r = parseScenario(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.agreements[0]).toMatchObject({
      normalCommercialTerms: true,
      boardApproved: false,
      inedConfirmed: false,
    });
  });

  it('reads the 14A.99 facts: a passive investor and a revenue-nature transaction', () => {
    const facts = {
      kind: 'sovereign-fund',
      boardRepresentation: false,
      managementInvolvement: false,
      independentOfInsiders: true,
    };
    const doc = change('parties[1].passiveInvestor', facts);
    ((doc['agreements'] as Json[])[0] as Json)['revenueNatureOrdinaryCourse'] = true;
    const r = parseScenario(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.parties[1]?.passiveInvestor).toEqual(facts);
    expect(r.value.parties[2]?.passiveInvestor).toBeUndefined();
    expect(r.value.agreements[0]?.revenueNatureOrdinaryCourse).toBe(true);
    const plain = parseScenario(seed());
    // Not stated: absent, not false.
    expect(plain.ok && Object.hasOwn(plain.value.agreements[0] ?? {}, 'revenueNatureOrdinaryCourse')).toBe(
      false,
    );
  });

  it('takes the issuer as a holder or company without listing it among the parties', () => {
    const doc = change('parties[0]', undefined);
    expect(parseScenario(doc).ok).toBe(true);
  });
});

describe('parseScenario: every error located by its path', () => {
  it.each<{ label: string; doc: () => unknown; path: string; message: RegExp }>([
    {
      label: 'an unknown party as a holder',
      doc: () => change('relationships[0].holder', 'xiaomi-group'),
      path: 'relationships[0].holder',
      message: /"xiaomi-group" is not a party id/,
    },
    {
      label: 'an unknown party as a counterparty',
      doc: () => change('agreements[0].counterparty', 'nobody'),
      path: 'agreements[0].counterparty',
      message: /"nobody" is not a party id/,
    },
    {
      label: 'a percentage over 100',
      doc: () => change('relationships[1].percent', '100.01'),
      path: 'relationships[1].percent',
      message: /at most 100/,
    },
    {
      label: 'a negative percentage',
      doc: () => change('relationships[0].percent', -5),
      path: 'relationships[0].percent',
      message: /must not be negative/,
    },
    {
      label: 'a malformed percentage',
      doc: () => change('relationships[0].percent', 'about 11'),
      path: 'relationships[0].percent',
      message: /is not a percentage/,
    },
    {
      label: 'a number percentage with more than 4 decimals',
      doc: () => change('relationships[0].percent', 11.12345),
      path: 'relationships[0].percent',
      message: /more than 4 decimals/,
    },
    {
      label: 'a part through the issuer group larger than the holding',
      doc: () =>
        change('relationships[0]', {
          kind: 'shareholding',
          holder: 'xiaomi',
          company: 'kingsoft-cloud',
          percent: '11.12',
          percentThroughIssuerGroup: '12',
        }),
      path: 'relationships[0].percentThroughIssuerGroup',
      message: /more than the whole holding/,
    },
    {
      label: 'missing figures',
      doc: () => change('issuer.figures', undefined),
      path: 'issuer.figures',
      message: /is required/,
    },
    {
      label: 'a missing revenue',
      doc: () => change('issuer.figures.revenue', undefined),
      path: 'issuer.figures.revenue',
      message: /is required/,
    },
    {
      label: 'a figure as a number',
      doc: () => change('issuer.figures.totalAssets', 20000000000),
      path: 'issuer.figures.totalAssets',
      message: /decimal string/,
    },
    {
      label: 'a zero market capitalisation',
      doc: () => change('issuer.figures.marketCapitalisation', '0'),
      path: 'issuer.figures.marketCapitalisation',
      message: /greater than zero/,
    },
    {
      label: 'a cap given as a percentage',
      doc: () => change('agreements[0].caps[1].amount', '5%'),
      path: 'agreements[0].caps[1].amount',
      message: /Rule 14A\.53/,
    },
    {
      label: 'a duplicate party id',
      doc: () => change('parties[2].id', 'xiaomi'),
      path: 'parties[2].id',
      message: /already the id of parties\[1\]/,
    },
    {
      label: 'an unknown party kind',
      doc: () => change('parties[2].kind', 'partnership'),
      path: 'parties[2].kind',
      message: /"individual", "company", "trust", "prc-governmental-body"/,
    },
    {
      label: 'an unknown relationship kind',
      doc: () => change('relationships[4].kind', 'friend'),
      path: 'relationships[4].kind',
      message: /"friend" is not allowed/,
    },
    {
      label: 'a family tie without its relation',
      doc: () => change('relationships[4]', { kind: 'family', person: 'lei-jun', relative: 'zou-tao' }),
      path: 'relationships[4].relation',
      message: /is required: one of "spouse"/,
    },
    {
      label: 'a company as a director',
      doc: () => change('relationships[4].person', 'xiaomi'),
      path: 'relationships[4].person',
      message: /is a company; this must be an individual/,
    },
    {
      label: 'a validity ending before it starts',
      doc: () =>
        change('relationships[2]', {
          kind: 'director',
          person: 'lei-jun',
          company: 'kingsoft-cloud',
          from: '2025-01-01',
          to: '2024-12-31',
        }),
      path: 'relationships[2].to',
      message: /before from 2025-01-01/,
    },
    {
      label: 'subsidiary figures without years',
      doc: () =>
        change('relationships[1]', { kind: 'subsidiary-figures', company: 'xiaomi-finance', years: [] }),
      path: 'relationships[1].years',
      message: /is required/,
    },
    {
      label: 'a bad subsidiary ratio',
      doc: () =>
        change('relationships[1]', {
          kind: 'subsidiary-figures',
          company: 'xiaomi-finance',
          years: [{ year: 2024, assetsRatio: '4', profitsRatio: 'four', revenueRatio: '4' }],
        }),
      path: 'relationships[1].years[0].profitsRatio',
      message: /is not a percentage/,
    },
    {
      label: 'an agreement field of the POST /api/v1/agreements shape',
      doc: () => change('agreements[0].categories[1].termEnd', '2025-01-01'),
      path: 'agreements[0].categories[1].termEnd',
      message: /before termStart/,
    },
    {
      label: 'a counterparty given as an object',
      doc: () => change('agreements[0].counterparty', { name: 'Xiaomi' }),
      path: 'agreements[0].counterparty',
      message: /must be a party id/,
    },
    {
      label: 'a non-boolean flag',
      doc: () => change('agreements[0].boardApproved', 'yes'),
      path: 'agreements[0].boardApproved',
      message: /true or false/,
    },
    {
      label: 'a cap currency with no rate to HK$',
      doc: () => change('fx', []),
      path: 'agreements[0].caps[0].currency',
      message: /no rate between CNY and HKD/,
    },
    {
      label: 'a rate as a number',
      doc: () => change('fx[0].rate', 1.08),
      path: 'fx[0].rate',
      message: /decimal string/,
    },
    {
      label: 'an impossible year end',
      doc: () => change('issuer.financialYearEnd', '02-30'),
      path: 'issuer.financialYearEnd',
      message: /"MM-DD"/,
    },
    {
      label: 'an unknown setting',
      doc: () => change('options', { spanningPeriod: 'split' }),
      path: 'options.spanningPeriod',
      message: /"split" is not allowed/,
    },
    {
      label: 'a misspelt setting',
      doc: () => change('options', { totalConsideraton: 'term-total' }),
      path: 'options.totalConsideraton',
      message: /is not a setting/,
    },
    {
      label: 'a duplicate agreement id',
      doc: () => {
        const doc = seed();
        const agreements = doc['agreements'] as Json[];
        agreements.push({ ...agreements[0] });
        return doc;
      },
      path: 'agreements[1].id',
      message: /already the id of agreements\[0\]/,
    },
    {
      label: 'no asOf',
      doc: () => change('asOf', undefined),
      path: 'asOf',
      message: /is required/,
    },
    {
      label: 'a passive investor with a fact missing',
      doc: () =>
        change('parties[1].passiveInvestor', {
          kind: 'sovereign-fund',
          boardRepresentation: false,
          managementInvolvement: false,
        }),
      path: 'parties[1].passiveInvestor.independentOfInsiders',
      message: /is required: true or false/,
    },
    { label: 'not an object', doc: () => 'asOf: 2025-07-29', path: '', message: /must be an object/ },
  ])('$label → $path', ({ doc, path, message }) => {
    const errors = errorsOf(doc());
    const found = errors.filter((e) => e.path === path);
    expect(found, JSON.stringify(errors)).toHaveLength(1);
    expect(found[0]?.message).toMatch(message);
  });

  it('reports a party with a bad kind once, not again at each reference to it', () => {
    const errors = errorsOf(change('parties[3].kind', 'person'));
    expect(errors.map((e) => e.path)).toEqual(['parties[3].kind']);
  });

  it('collects every error at once, not only the first', () => {
    const doc = change('relationships[0].holder', 'nobody');
    ((doc['relationships'] as Json[])[1] as Json)['percent'] = '120';
    delete ((doc['issuer'] as Json)['figures'] as Json)['revenue'];
    ((((doc['agreements'] as Json[])[0] as Json)['caps'] as Json[])[1] as Json)['amount'] = '5%';
    expect(
      errorsOf(doc)
        .map((e) => e.path)
        .sort(),
    ).toEqual(
      [
        'agreements[0].caps[1].amount',
        'issuer.figures.revenue',
        'relationships[0].holder',
        'relationships[1].percent',
      ].sort(),
    );
  });
});

describe('parsePercent', () => {
  it.each([
    ['11.12', 1112n, 10000n],
    ['11.12%', 1112n, 10000n],
    [11.12, 1112n, 10000n],
    [10, 10n, 100n],
    ['0', 0n, 100n],
    ['100', 100n, 100n],
    ['33.333333', 33333333n, 100000000n],
  ] as const)('%s → %s/%s of 1', (input, numerator, denominator) => {
    expect(parsePercent(input, 'p', { max: 100 })).toEqual({ ok: true, value: { numerator, denominator } });
  });

  it('reads any number of at most 4 decimals exactly as the decimal written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 4 }), (units, scale) => {
        // The decimal written with `scale` places, built from integers; Number(text) is what YAML gives.
        const digits = String(units).padStart(scale + 1, '0');
        const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
        const r = parsePercent(Number(text), 'p', { max: null });
        const s = parsePercent(text, 'p', { max: null });
        expect(r.ok && s.ok).toBe(true);
        if (r.ok && s.ok) {
          // Equal as fractions: a/b = c/d.
          expect(r.value.numerator * s.value.denominator).toBe(s.value.numerator * r.value.denominator);
        }
      }),
    );
  });
});
