import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capEffectiveRange, effectiveTerm, parseAgreementInput, parseName } from './agreement.js';
import { addDays, calendarDate, type CalendarDate } from './dates.js';
import { formatMinor } from './money.js';
import type { Parsed } from './result.js';

const d = calendarDate;

/**
 * The agreement section of /work/shared/domain/seed-case.json (outside this repository, so transcribed
 * here), in the shape the API takes: categories flat, caps flat with the category keys they cover.
 * Currency stays "RMB", as the seed data writes it.
 */
const seedAgreement = {
  name: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
  signedOn: '2025-07-29',
  categories: [
    {
      key: 'idc-services',
      name: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' },
      direction: 'issuer-purchases',
      termStart: '2025-07-29',
      termEnd: '2028-07-28',
      caps: [
        { periodStart: '2025-07-29', periodEnd: '2025-12-31', currency: 'RMB', amount: '41000000.00' },
        { periodStart: '2026-01-01', periodEnd: '2026-12-31', currency: 'RMB', amount: '82000000.00' },
        { periodStart: '2027-01-01', periodEnd: '2027-12-31', currency: 'RMB', amount: '82000000.00' },
        { periodStart: '2028-01-01', periodEnd: '2028-07-28', currency: 'RMB', amount: '41000000.00' },
      ],
    },
    {
      key: 'network-hardware',
      name: { en: 'Network hardware equipment', 'zh-Hant': '網絡硬件設備' },
      direction: 'issuer-purchases',
      termStart: '2025-07-29',
      termEnd: '2026-07-28',
      caps: [
        { periodStart: '2025-07-29', periodEnd: '2025-12-31', currency: 'RMB', amount: '33500000.00' },
        { periodStart: '2026-01-01', periodEnd: '2026-07-28', currency: 'RMB', amount: '6700000.00' },
      ],
    },
  ],
  pricingPolicy: { minIndependentQuotes: 2 },
} as const;

type Json = Record<string, unknown>;

/** A fresh, mutable API body for the seed case; each test changes only what it is about. */
function seedInput(): {
  name: unknown;
  counterparty: Json;
  signedOn: unknown;
  categories: Json[];
  caps: Json[];
} & Json {
  const a = structuredClone(seedAgreement);
  return {
    name: a.name,
    counterparty: { name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' } },
    signedOn: a.signedOn,
    recognitionBasis: 'fee-payable',
    amountsInclude: 'including-tax',
    categories: a.categories.map(({ caps: _caps, ...c }) => ({ ...c, pricingPolicy: a.pricingPolicy })),
    caps: a.categories.flatMap((c) => c.caps.map((cap) => ({ categoryKeys: [c.key], ...cap }))),
  };
}

const errorsOf = <T>(r: Parsed<T>) => (r.ok ? [] : r.errors);
const pathsOf = <T>(r: Parsed<T>) => errorsOf(r).map((e) => e.path);

// Seed caps by index: 0-3 IDC (2025 stub, FY2026, FY2027, 2028 stub), 4-5 hardware (2025 stub, 2026 stub).

describe('parseAgreementInput: the seed case', () => {
  it('accepts the Kingsoft Cloud – Xiaomi agreement with two categories and six caps', () => {
    const r = parseAgreementInput(seedInput());
    expect(errorsOf(r)).toEqual([]);
    if (!r.ok) return;
    const a = r.value;
    expect(a.signedOn).toBe('2025-07-29');
    expect(a.name).toEqual({
      en: '2025 Xiaomi Cooperation Framework Agreement',
      'zh-Hant': '二零二五年小米合作框架協議',
    });
    expect(a.counterparty).toEqual({
      name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' },
      partyId: null,
    });
    expect(
      a.categories.map((c) => [
        c.key,
        c.direction,
        c.termStart,
        c.termEnd,
        c.pricingPolicy.minIndependentQuotes,
        c.ifaOpinion,
      ]),
    ).toEqual([
      ['idc-services', 'issuer-purchases', '2025-07-29', '2028-07-28', 2, null],
      ['network-hardware', 'issuer-purchases', '2025-07-29', '2026-07-28', 2, null],
    ]);
    expect(
      a.caps.map((c) => [
        c.categoryKeys.join(','),
        c.periodStart,
        c.periodEnd,
        c.amount.currency,
        formatMinor(c.amount.minor, c.amount.currency),
      ]),
    ).toEqual([
      ['idc-services', '2025-07-29', '2025-12-31', 'CNY', '41000000.00'],
      ['idc-services', '2026-01-01', '2026-12-31', 'CNY', '82000000.00'],
      ['idc-services', '2027-01-01', '2027-12-31', 'CNY', '82000000.00'],
      ['idc-services', '2028-01-01', '2028-07-28', 'CNY', '41000000.00'],
      ['network-hardware', '2025-07-29', '2025-12-31', 'CNY', '33500000.00'],
      ['network-hardware', '2026-01-01', '2026-07-28', 'CNY', '6700000.00'],
    ]);
    expect(a.caps[0]?.amount.minor).toBe(4100000000n);
  });

  it('defaults the recognition basis and tax treatment when they are omitted', () => {
    const input = seedInput();
    delete input['recognitionBasis'];
    delete input['amountsInclude'];
    const r = parseAgreementInput(input);
    expect(r.ok && [r.value.recognitionBasis, r.value.amountsInclude]).toEqual([
      'fee-payable',
      'including-tax',
    ]);
  });

  it('accepts a name given as a plain string, as English with no Chinese name', () => {
    const input = seedInput();
    input.name = '  Cooperation Framework Agreement ';
    const first = input.categories[0];
    if (first) first['name'] = 'IDC services';
    const r = parseAgreementInput(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.name).toEqual({ en: 'Cooperation Framework Agreement', 'zh-Hant': null });
    expect(r.value.categories[0]?.name).toEqual({ en: 'IDC services', 'zh-Hant': null });
  });

  it('accepts a cap covering both categories on an aggregated basis', () => {
    const input = seedInput();
    input.caps = [
      {
        categoryKeys: ['idc-services', 'network-hardware'],
        periodStart: '2025-07-29',
        periodEnd: '2025-12-31',
        currency: 'CNY',
        amount: '74500000.00',
      },
    ];
    const r = parseAgreementInput(input);
    expect(r.ok && r.value.caps[0]?.categoryKeys).toEqual(['idc-services', 'network-hardware']);
  });
});

type Mutation = (input: ReturnType<typeof seedInput>) => void;
const cat = (input: ReturnType<typeof seedInput>, i: number): Json => {
  const c = input.categories[i];
  if (!c) throw new Error(`no category ${i}`);
  return c;
};
const cap = (input: ReturnType<typeof seedInput>, i: number): Json => {
  const c = input.caps[i];
  if (!c) throw new Error(`no cap ${i}`);
  return c;
};

describe('parseAgreementInput: each invalid input is refused at the field that is wrong', () => {
  it.each<{ what: string; mutate: Mutation; path: string; message?: RegExp }>([
    {
      what: 'two caps overlapping on the same category (the later one is blamed)',
      mutate: (x) => {
        cap(x, 1)['periodStart'] = '2025-12-01';
      },
      path: 'caps[1].periodStart',
      message: /overlaps caps\[0\].*idc-services.*2025-12-01 to 2025-12-31/,
    },
    {
      what: 'a cap period wholly before the term',
      mutate: (x) => {
        Object.assign(cap(x, 0), { periodStart: '2024-01-01', periodEnd: '2024-12-31' });
      },
      path: 'caps[0].periodEnd',
      message: /wholly outside the term 2025-07-29 to 2028-07-28/,
    },
    {
      what: 'a cap period wholly after the term',
      mutate: (x) => {
        Object.assign(cap(x, 5), { periodStart: '2026-07-29', periodEnd: '2026-12-31' });
      },
      path: 'caps[5].periodStart',
      message: /wholly outside the term 2025-07-29 to 2026-07-28/,
    },
    {
      what: 'a negative cap amount',
      mutate: (x) => {
        cap(x, 2)['amount'] = '-82000000.00';
      },
      path: 'caps[2].amount',
      message: /greater than zero/,
    },
    {
      what: 'a zero cap amount',
      mutate: (x) => {
        cap(x, 2)['amount'] = '0.00';
      },
      path: 'caps[2].amount',
      message: /greater than zero/,
    },
    {
      what: 'an amount with thousands separators',
      mutate: (x) => {
        cap(x, 0)['amount'] = '41,000,000';
      },
      path: 'caps[0].amount',
      message: /not a decimal amount/,
    },
    {
      what: 'an amount that is not a number',
      mutate: (x) => {
        cap(x, 0)['amount'] = 'abc';
      },
      path: 'caps[0].amount',
      message: /not a decimal amount/,
    },
    {
      what: 'an amount given as a JSON number',
      mutate: (x) => {
        cap(x, 0)['amount'] = 41000000;
      },
      path: 'caps[0].amount',
      message: /JSON number/,
    },
    {
      what: 'a cap stated as a percentage (14A.53: caps are monetary)',
      mutate: (x) => {
        cap(x, 3)['amount'] = '5%';
      },
      path: 'caps[3].amount',
      message: /14A\.53/,
    },
    {
      what: 'a term one day longer than three years without an IFA opinion (14A.52)',
      mutate: (x) => {
        cat(x, 0)['termEnd'] = '2028-07-29';
        cap(x, 3)['periodEnd'] = '2028-07-29';
      },
      path: 'categories[0].termEnd',
      message: /14A\.52/,
    },
    {
      what: 'a five-year term without an IFA opinion (14A.52)',
      mutate: (x) => {
        cat(x, 1)['termEnd'] = '2030-07-28';
      },
      path: 'categories[1].termEnd',
      message: /longer than three years.*2028-07-28.*14A\.52/,
    },
    {
      what: 'a term ending before it starts (its caps are not also blamed)',
      mutate: (x) => {
        cat(x, 1)['termEnd'] = '2025-07-28';
      },
      path: 'categories[1].termEnd',
      message: /before termStart/,
    },
    {
      what: 'an unknown currency',
      mutate: (x) => {
        cap(x, 4)['currency'] = 'XYZ';
      },
      path: 'caps[4].currency',
      message: /XYZ/,
    },
    {
      what: 'a malformed signing date',
      mutate: (x) => {
        x.signedOn = '2025-13-01';
      },
      path: 'signedOn',
    },
    {
      what: 'a malformed term start',
      mutate: (x) => {
        cat(x, 0)['termStart'] = '2025-13-01';
      },
      path: 'categories[0].termStart',
    },
    {
      what: 'a malformed cap period end',
      mutate: (x) => {
        cap(x, 1)['periodEnd'] = '2026-02-30';
      },
      path: 'caps[1].periodEnd',
    },
    {
      what: 'a cap period ending before it starts',
      mutate: (x) => {
        cap(x, 1)['periodEnd'] = '2025-12-31';
      },
      path: 'caps[1].periodEnd',
      message: /before periodStart/,
    },
    {
      what: 'a cap naming a category the agreement does not have',
      mutate: (x) => {
        cap(x, 4)['categoryKeys'] = ['servers'];
      },
      path: 'caps[4].categoryKeys[0]',
      message: /"servers" is not one of this agreement's categories/,
    },
    {
      what: 'a cap naming the same category twice',
      mutate: (x) => {
        cap(x, 4)['categoryKeys'] = ['network-hardware', 'network-hardware'];
      },
      path: 'caps[4].categoryKeys[1]',
      message: /listed twice/,
    },
    {
      what: 'a cap covering no category',
      mutate: (x) => {
        cap(x, 4)['categoryKeys'] = [];
      },
      path: 'caps[4].categoryKeys',
    },
    {
      what: 'two categories with the same key',
      mutate: (x) => {
        cat(x, 1)['key'] = 'idc-services';
        x.caps = x.caps.slice(0, 4);
      },
      path: 'categories[1].key',
      message: /used by another category/,
    },
    {
      what: 'a category key with spaces',
      mutate: (x) => {
        cat(x, 1)['key'] = 'network hardware';
        x.caps = x.caps.slice(0, 4);
      },
      path: 'categories[1].key',
    },
    {
      what: 'an unknown direction',
      mutate: (x) => {
        cat(x, 0)['direction'] = 'both';
      },
      path: 'categories[0].direction',
      message: /"both"/,
    },
    {
      what: 'an empty English name',
      mutate: (x) => {
        x.name = { en: ' ', 'zh-Hant': '協議' };
      },
      path: 'name.en',
    },
    {
      what: 'no categories at all',
      mutate: (x) => {
        x.categories = [];
        x.caps = [];
      },
      path: 'categories',
    },
    {
      what: 'a counterparty with no name',
      mutate: (x) => {
        x.counterparty = {};
      },
      path: 'counterparty.name',
    },
    {
      what: 'an unknown recognition basis',
      mutate: (x) => {
        x['recognitionBasis'] = 'whenever';
      },
      path: 'recognitionBasis',
    },
    {
      what: 'a quote count that is not a whole number',
      mutate: (x) => {
        cat(x, 0)['pricingPolicy'] = { minIndependentQuotes: 1.5 };
      },
      path: 'categories[0].pricingPolicy.minIndependentQuotes',
    },
  ])('$what → $path', ({ mutate, path, message }) => {
    const input = seedInput();
    mutate(input);
    const r = parseAgreementInput(input);
    expect(r.ok).toBe(false);
    const errors = errorsOf(r);
    expect(errors.map((e) => e.path)).toEqual([path]);
    if (message) expect(errors[0]?.message).toMatch(message);
  });

  it('refuses a body that is not an object', () => {
    expect(pathsOf(parseAgreementInput([]))).toEqual(['']);
  });
});

describe('parseAgreementInput: term length under 14A.52', () => {
  const withTerm = (termEnd: string, ifaOpinion?: unknown) => {
    const input = seedInput();
    Object.assign(cat(input, 0), { termEnd, ...(ifaOpinion === undefined ? {} : { ifaOpinion }) });
    return parseAgreementInput(input);
  };

  it.each([
    {
      what: 'exactly three years (to the day before the third anniversary)',
      termEnd: '2028-07-28',
      ok: true,
    },
    { what: 'one day more than three years', termEnd: '2028-07-29', ok: false },
    { what: 'one day less than three years', termEnd: '2028-07-27', ok: true },
  ])('without an IFA opinion, $what: accepted $ok', ({ termEnd, ok }) => {
    const r = withTerm(termEnd);
    expect(r.ok).toBe(ok);
    if (!ok) expect(pathsOf(r)).toEqual(['categories[0].termEnd']);
  });

  it('accepts a five-year term with an IFA opinion and keeps the opinion', () => {
    const opinion = {
      adviser: 'Somerley Capital Limited',
      date: '2025-07-20',
      reference: 'IFA letter, circular p. 25',
    };
    const r = withTerm('2030-07-28', opinion);
    expect(errorsOf(r)).toEqual([]);
    expect(r.ok && r.value.categories[0]?.ifaOpinion).toEqual(opinion);
    expect(r.ok && r.value.categories[0]?.termEnd).toBe('2030-07-28');
  });

  it.each([
    {
      what: 'no adviser',
      opinion: { date: '2025-07-20', reference: 'x' },
      path: 'categories[0].ifaOpinion.adviser',
    },
    {
      what: 'a malformed date',
      opinion: { adviser: 'A', date: '2025-02-29', reference: 'x' },
      path: 'categories[0].ifaOpinion.date',
    },
    {
      what: 'no reference',
      opinion: { adviser: 'A', date: '2025-07-20' },
      path: 'categories[0].ifaOpinion.reference',
    },
    { what: 'not an object', opinion: 'yes', path: 'categories[0].ifaOpinion' },
  ])('an incomplete IFA opinion ($what) does not make a long term acceptable', ({ opinion, path }) => {
    const r = withTerm('2030-07-28', opinion);
    expect(r.ok).toBe(false);
    expect(pathsOf(r)).toContain(path);
  });

  it('measures from a leap-day start: 2024-02-29 may run to 2027-02-28 but not 2027-03-01', () => {
    const input = (termEnd: string) => ({
      ...seedInput(),
      signedOn: '2024-02-29',
      categories: [{ key: 'k', name: 'K', direction: 'issuer-sells', termStart: '2024-02-29', termEnd }],
      caps: [],
    });
    expect(parseAgreementInput(input('2027-02-28')).ok).toBe(true);
    expect(pathsOf(parseAgreementInput(input('2027-03-01')))).toEqual(['categories[0].termEnd']);
  });
});

describe('parseAgreementInput: caps against the term', () => {
  it('accepts a cap stated for a whole financial year that starts before the term', () => {
    const input = seedInput();
    cap(input, 0)['periodStart'] = '2025-01-01';
    const r = parseAgreementInput(input);
    expect(errorsOf(r)).toEqual([]);
    // The stated dates are kept as the agreement states them.
    expect(r.ok && r.value.caps[0]?.periodStart).toBe('2025-01-01');
  });

  it('allows the same period on different categories', () => {
    // Seed caps 0 and 4 share 2025-07-29..2025-12-31 but cover different categories.
    expect(parseAgreementInput(seedInput()).ok).toBe(true);
  });

  it('blames every later cap that overlaps an earlier one', () => {
    const input = seedInput();
    input.caps.push({
      categoryKeys: ['idc-services', 'network-hardware'],
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      currency: 'RMB',
      amount: '1.00',
    });
    const r = parseAgreementInput(input);
    expect(pathsOf(r)).toEqual(['caps[6].periodStart', 'caps[6].periodStart']);
    expect(errorsOf(r).map((e) => e.message)).toEqual([
      expect.stringMatching(/overlaps caps\[1\].*"idc-services"/),
      expect.stringMatching(/overlaps caps\[5\].*"network-hardware"/),
    ]);
  });
});

describe('parseAgreementInput: reports every error at once', () => {
  it('lists the bad signing date, the bad currency, the percentage cap and the over-long term together', () => {
    const input = seedInput();
    input.signedOn = '2025-13-01';
    cap(input, 1)['currency'] = 'XYZ';
    cap(input, 2)['amount'] = '5%';
    cat(input, 1)['termEnd'] = '2030-01-01';
    const r = parseAgreementInput(input);
    expect(r.ok).toBe(false);
    expect(new Set(pathsOf(r))).toEqual(
      new Set(['signedOn', 'caps[1].currency', 'caps[2].amount', 'categories[1].termEnd']),
    );
  });
});

describe('parseName', () => {
  it.each([
    { what: 'a plain string is English', value: 'Xiaomi', expected: { en: 'Xiaomi', 'zh-Hant': null } },
    {
      what: 'both languages',
      value: { en: 'Xiaomi', 'zh-Hant': '小米集團' },
      expected: { en: 'Xiaomi', 'zh-Hant': '小米集團' },
    },
    {
      what: 'a blank Chinese name counts as none',
      value: { en: 'Xiaomi', 'zh-Hant': ' ' },
      expected: { en: 'Xiaomi', 'zh-Hant': null },
    },
  ])('accepts $what', ({ value, expected }) => {
    expect(parseName(value, 'name')).toEqual({ ok: true, value: expected });
  });

  it.each([
    { what: 'an empty string', value: '', path: 'name' },
    { what: 'only a Chinese name', value: { 'zh-Hant': '小米集團' }, path: 'name.en' },
    {
      what: 'a Chinese name that is not a string',
      value: { en: 'Xiaomi', 'zh-Hant': 1 },
      path: 'name.zh-Hant',
    },
    { what: 'a number', value: 42, path: 'name' },
  ])('refuses $what at $path', ({ value, path }) => {
    expect(pathsOf(parseName(value, 'name'))).toEqual([path]);
  });
});

describe('property: parse never accepts a non-positive cap amount', () => {
  const capInput = (periodStart: CalendarDate, days: number, amount: string) => ({
    ...seedInput(),
    categories: [
      { key: 'c', name: 'C', direction: 'issuer-purchases', termStart: '2025-07-29', termEnd: '2028-07-28' },
    ],
    caps: [
      { categoryKeys: ['c'], periodStart, periodEnd: addDays(periodStart, days), currency: 'RMB', amount },
    ],
  });
  const periodStart = fc.integer({ min: 0, max: 1000 }).map((n) => addDays(d('2025-07-29'), n));
  const length = fc.integer({ min: 0, max: 95 });

  it('accepts any positive amount in a valid period, with the amount exact', () => {
    fc.assert(
      fc.property(periodStart, length, fc.bigInt({ min: 1n, max: 10n ** 16n }), (start, days, minor) => {
        const r = parseAgreementInput(capInput(start, days, formatMinor(minor, 'CNY')));
        expect(errorsOf(r)).toEqual([]);
        expect(r.ok && r.value.caps[0]?.amount).toEqual({ currency: 'CNY', minor });
      }),
    );
  });

  it('refuses zero and every negative amount, at caps[0].amount', () => {
    fc.assert(
      fc.property(
        periodStart,
        length,
        fc.bigInt({ min: -(10n ** 16n), max: 0n }),
        fc.boolean(),
        (start, days, minor, noDecimals) => {
          const amount = noDecimals
            ? formatMinor(minor, 'CNY').replace(/\.\d+$/, '')
            : formatMinor(minor, 'CNY');
          const r = parseAgreementInput(capInput(start, days, amount));
          expect(r.ok).toBe(false);
          expect(pathsOf(r)).toEqual(['caps[0].amount']);
        },
      ),
    );
  });
});

describe('effectiveTerm', () => {
  const idc = { termStart: d('2025-07-29'), termEnd: d('2028-07-28') };
  it.each([
    {
      what: 'not terminated: the whole term',
      terminatedOn: null,
      expected: { start: '2025-07-29', end: '2028-07-28' },
    },
    {
      what: 'terminated: ends the day before the termination takes effect',
      terminatedOn: '2026-03-01',
      expected: { start: '2025-07-29', end: '2026-02-28' },
    },
    {
      what: 'terminated on the second day: a one-day term',
      terminatedOn: '2025-07-30',
      expected: { start: '2025-07-29', end: '2025-07-29' },
    },
    { what: 'terminated on the first day: never in force', terminatedOn: '2025-07-29', expected: null },
    {
      what: 'a termination after the term changes nothing',
      terminatedOn: '2029-01-01',
      expected: { start: '2025-07-29', end: '2028-07-28' },
    },
  ])('$what', ({ terminatedOn, expected }) => {
    expect(effectiveTerm({ ...idc, terminatedOn: terminatedOn === null ? null : d(terminatedOn) })).toEqual(
      expected,
    );
  });
});

describe('capEffectiveRange', () => {
  const term = { termStart: d('2025-07-29'), termEnd: d('2028-07-28'), terminatedOn: null };

  it('clips a cap stated for the whole of 2025 to the term, without changing its stated dates', () => {
    const cap2025 = { periodStart: d('2025-01-01'), periodEnd: d('2025-12-31') };
    expect(capEffectiveRange(cap2025, [term])).toEqual({ start: '2025-07-29', end: '2025-12-31' });
    expect(cap2025).toEqual({ periodStart: '2025-01-01', periodEnd: '2025-12-31' });
  });

  it('clips a cap to a terminated category, and drops it entirely when the termination precedes it', () => {
    const fy2026 = { periodStart: d('2026-01-01'), periodEnd: d('2026-12-31') };
    expect(capEffectiveRange(fy2026, [{ ...term, terminatedOn: d('2026-04-01') }])).toEqual({
      start: '2026-01-01',
      end: '2026-03-31',
    });
    expect(capEffectiveRange(fy2026, [{ ...term, terminatedOn: d('2025-10-01') }])).toBeNull();
  });

  it('uses the widest of the covered categories for an aggregated cap', () => {
    const hardware = { termStart: d('2025-07-29'), termEnd: d('2026-07-28'), terminatedOn: null };
    const fy2026 = { periodStart: d('2026-01-01'), periodEnd: d('2026-12-31') };
    expect(capEffectiveRange(fy2026, [hardware])).toEqual({ start: '2026-01-01', end: '2026-07-28' });
    expect(capEffectiveRange(fy2026, [hardware, term])).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });

  it('is null when no covered category is in force', () => {
    expect(capEffectiveRange({ periodStart: d('2026-01-01'), periodEnd: d('2026-12-31') }, [])).toBeNull();
  });
});
