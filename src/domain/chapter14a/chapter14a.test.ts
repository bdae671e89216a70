import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAgreementInput } from '../agreement.js';
import { frac, percent } from './fraction.js';
import {
  checkBoardVote,
  classifyScenario,
  commonlyHeldEntity,
  decideTier,
  determineConnections,
  existingAgreementBecomesConnected,
  implicationsText,
  interestedDirectors,
  largestCapForTier,
  numeratorOf,
  TIER_ORDER,
  type Scenario,
  type Tier,
  type TierInput,
} from './index.js';
import {
  agreement,
  boardControl,
  family,
  figures,
  holds,
  ISSUER,
  m,
  party,
  person,
  role,
  scenario,
  seedScenario,
} from './testing.js';

const conn = (s: Scenario, id: string) => {
  const c = determineConnections(s).find((p) => p.id === id);
  if (!c) throw new Error(`no party ${id}`);
  return c;
};
const rules = (s: Scenario, id: string): string[] => conn(s, id).basis.map((b) => b.rule);
const classify = (s: Scenario, id = 'a') => {
  const a = classifyScenario(s).agreements.find((x) => x.id === id);
  if (!a) throw new Error(`no agreement ${id}`);
  return a;
};

/** An HKD agreement for FY2026 with one cap of `millions`. */
const hkdDeal = (
  counterparty: string,
  millions: string,
  extra: Partial<Parameters<typeof agreement>[0]> = {},
) =>
  agreement({
    id: 'a',
    counterparty,
    caps: [['main', '2026-01-01', '2026-12-31', millions, 'HKD']],
    ...extra,
  });

/** A substantial shareholder at 11.12% with an agreement of `millions`. */
const ssDeal = (millions: string, figuresOverride = {}, extra = {}) =>
  scenario({
    parties: [party('cp')],
    relationships: [holds('cp', ISSUER, '11.12')],
    agreements: [hkdDeal('cp', millions, extra)],
    figures: figuresOverride,
  });

/** A director of a 60%-owned subsidiary (significant: no figures) as counterparty. */
const subLevelDeal = (millions: string, extra = {}) =>
  scenario({
    parties: [party('sub'), person('d')],
    relationships: [holds(ISSUER, 'sub', '60'), role('director', 'd', 'sub')],
    agreements: [hkdDeal('d', millions, extra)],
  });

const fourYearDraft = (withIfa: boolean) => ({
  name: 'Long lease',
  counterparty: { name: 'CP' },
  signedOn: '2025-01-01',
  categories: [
    {
      key: 'lease',
      name: 'Lease',
      direction: 'issuer-purchases',
      termStart: '2025-01-01',
      termEnd: '2028-12-31',
      ...(withIfa ? { ifaOpinion: { adviser: 'IFA Ltd', date: '2024-12-01', reference: 'R1' } } : {}),
    },
  ],
  caps: [
    {
      categoryKeys: ['lease'],
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      amount: '1000000.00',
      currency: 'HKD',
    },
  ],
});

interface Case {
  id: number;
  rule: string;
  title: string;
  run: () => void;
}

const CASES: Case[] = [
  {
    id: 1,
    rule: '14A.07(1)',
    title: 'holds 11.12% of the voting shares: a substantial shareholder, connected',
    run: () => {
      const c = conn(ssDeal('1'), 'cp');
      expect(c.connected).toBe(true);
      expect(c.subsidiaryLevelOnly).toBe(false);
      expect(c.basis[0]).toMatchObject({
        rule: '14A.07(1)',
        text: 'cp holds 11.12% ≥ 10% of the issuer: a substantial shareholder',
      });
    },
  },
  {
    id: 3,
    rule: '14A.07(1)',
    title: 'holds 9.99%, no other link: not connected',
    run: () => {
      const s = scenario({ parties: [party('cp')], relationships: [holds('cp', ISSUER, '9.99')] });
      expect(conn(s, 'cp')).toMatchObject({ connected: false, deemedReview: false });
      expect(conn(s, 'cp').basis[0]?.text).toContain('9.99% < 10%');
    },
  },
  {
    id: 4,
    rule: '14A.07(2)',
    title: 'a director of the issuer who resigned 11 months before: connected',
    run: () => {
      const s = scenario({
        asOf: '2025-07-29',
        parties: [person('d')],
        relationships: [role('director', 'd', ISSUER, '2015-01-01', '2024-08-29')],
      });
      expect(conn(s, 'd').connected).toBe(true);
      expect(rules(s, 'd')).toContain('14A.07(2)');
      const later = scenario({
        asOf: '2025-07-29',
        parties: [person('d')],
        relationships: [role('director', 'd', ISSUER, '2015-01-01', '2024-07-28')],
      });
      expect(conn(later, 'd').connected).toBe(false);
    },
  },
  {
    id: 6,
    rule: '14A.18(1)',
    title: "the issuer's wholly-owned subsidiary: not connected, not a connected transaction",
    run: () => {
      const s = scenario({
        parties: [party('sub'), party('sub2')],
        relationships: [holds(ISSUER, 'sub', '100'), holds('sub', 'sub2', '100')],
        agreements: [hkdDeal('sub2', '500')],
      });
      expect(conn(s, 'sub')).toMatchObject({ connected: false });
      expect(rules(s, 'sub2')).toEqual(['14A.18(1)']);
      expect(classify(s)).toMatchObject({ tier: 'NOT_CONNECTED', requirements: [] });
    },
  },
  {
    id: 7,
    rule: '14A.09(1)(b)',
    title:
      'a director of a subsidiary whose ratios are 4% in the latest year: not connected (insignificant subsidiary)',
    run: () => {
      const s = scenario({
        parties: [party('sub'), person('d')],
        relationships: [
          holds(ISSUER, 'sub', '60'),
          role('director', 'd', 'sub'),
          figures('sub', [
            [2024, '4', '4', '4'],
            [2023, '12', '12', '12'],
            [2022, '8', '8', '8'],
          ]),
        ],
      });
      expect(conn(s, 'd').connected).toBe(false);
      expect(rules(s, 'd')).toContain('14A.09(1)(b)');
    },
  },
  {
    id: 8,
    rule: '14A.09(1)',
    title: 'ratios 6% in the latest year and 12% in one of the last 3: connected, both tests fail',
    run: () => {
      const s = scenario({
        parties: [party('sub'), person('d')],
        relationships: [
          holds(ISSUER, 'sub', '60'),
          role('director', 'd', 'sub'),
          figures('sub', [
            [2024, '6', '6', '6'],
            [2023, '12', '5', '5'],
            [2022, '3', '3', '3'],
          ]),
        ],
      });
      expect(conn(s, 'd')).toMatchObject({ connected: true, subsidiaryLevelOnly: true });
      expect(rules(s, 'd')).toContain('14A.09(1)');
    },
  },
  {
    id: 9,
    rule: '14A.12(1)(c)',
    title: 'a company 35% owned by an issuer director: associate (30%-controlled), connected',
    run: () => {
      const s = scenario({
        parties: [person('d'), party('co')],
        relationships: [role('director', 'd', ISSUER), holds('d', 'co', '35')],
      });
      expect(conn(s, 'co').connected).toBe(true);
      expect(rules(s, 'co')).toEqual(['14A.07(1)', '14A.12(1)(c)']);
    },
  },
  {
    id: 11,
    rule: '14A.12(1)(a),(c)',
    title: "a company 35% owned by the director's 17-year-old child: associate",
    run: () => {
      const s = scenario({
        asOf: '2025-07-29',
        parties: [person('d'), person('kid', '2008-01-01'), party('co')],
        relationships: [role('director', 'd', ISSUER), family('d', 'kid', 'child'), holds('kid', 'co', '35')],
      });
      expect(conn(s, 'co').connected).toBe(true);
      expect(rules(s, 'co')).toEqual(['14A.07(1)', '14A.12(1)(a)', '14A.12(1)(c)']);
      expect(conn(s, 'kid').basis.map((b) => b.rule)).toContain('14A.12(1)(a)');
      // No birth date: treated as under 18, and the basis says so.
      const unknown = scenario({
        parties: [person('d'), person('kid'), party('co')],
        relationships: [role('director', 'd', ISSUER), family('d', 'kid', 'child'), holds('kid', 'co', '35')],
      });
      expect(conn(unknown, 'co').basis.some((b) => b.text.includes('treated as under 18'))).toBe(true);
      // An adult child is a family member: 35% is not majority control, so the company is not an associate.
      const adult = scenario({
        parties: [person('d'), person('kid', '2000-01-01'), party('co')],
        relationships: [role('director', 'd', ISSUER), family('d', 'kid', 'child'), holds('kid', 'co', '35')],
      });
      expect(conn(adult, 'co').connected).toBe(false);
      expect(rules(adult, 'kid')).toContain('14A.12(2)(a)');
    },
  },
  {
    id: 13,
    rule: '14A.12(2)(b)',
    title:
      "a company 51% owned by the director's adult brother: associate (majority-controlled by a family member)",
    run: () => {
      const s = scenario({
        parties: [person('d'), person('bro', '1970-01-01'), party('co')],
        relationships: [
          role('director', 'd', ISSUER),
          family('d', 'bro', 'sibling'),
          holds('bro', 'co', '51'),
        ],
      });
      expect(conn(s, 'co').connected).toBe(true);
      expect(rules(s, 'co')).toContain('14A.12(2)(b)');
      const fifty = scenario({
        parties: [person('d'), person('bro'), party('co')],
        relationships: [
          role('director', 'd', ISSUER),
          family('d', 'bro', 'sibling'),
          holds('bro', 'co', '50'),
        ],
      });
      expect(conn(fifty, 'co').connected).toBe(false);
      expect(
        conn({ ...fifty, options: { ...fifty.options, majorityControl: '50-or-more' } }, 'co').connected,
      ).toBe(true);
    },
  },
  {
    id: 14,
    rule: '14A.21, 14A.22',
    title:
      "a company 40% owned by the director's brother-in-law: deemed-connected review, inform the Exchange unless fully exempt",
    run: () => {
      const s = scenario({
        parties: [person('d'), person('bil'), party('co')],
        relationships: [
          role('director', 'd', ISSUER),
          family('d', 'bil', 'brother-in-law'),
          holds('bil', 'co', '40'),
        ],
        agreements: [hkdDeal('co', '100')],
      });
      expect(conn(s, 'co')).toMatchObject({ connected: false, deemedReview: true });
      expect(conn(s, 'bil')).toMatchObject({ connected: false, deemedReview: true });
      const a = classify(s);
      expect(a.tier).toBe('NOT_CONNECTED');
      expect(a.deemedTier).toBe('EXEMPT_FROM_SHAREHOLDERS_APPROVAL');
      expect(a.requirements.map((r) => [r.code, r.rule])).toEqual([['INFORM_EXCHANGE', '14A.22']]);
      const small = { ...s, agreements: [hkdDeal('co', '1')] };
      expect(classify(small).requirements).toEqual([]);
      const strict = {
        ...s,
        options: { ...s.options, deemedReviewCompanies: 'majority-controlled' as const },
      };
      expect(conn(strict, 'co').deemedReview).toBe(false);
    },
  },
  {
    id: 15,
    rule: '14A.13(1)',
    title: 'a fellow subsidiary of a connected corporate substantial shareholder: connected (associate)',
    run: () => {
      const s = scenario({
        parties: [party('holdco'), party('xiaomi'), party('fellow')],
        relationships: [
          holds('holdco', 'xiaomi', '75'),
          holds('holdco', 'fellow', '100'),
          holds('xiaomi', ISSUER, '11.12'),
        ],
      });
      expect(conn(s, 'fellow').connected).toBe(true);
      expect(conn(s, 'fellow').basis.map((b) => b.rule)).toContain('14A.13(1)');
      expect(conn(s, 'holdco').connected).toBe(true);
    },
  },
  {
    id: 16,
    rule: '14A.16',
    title:
      'an issuer-level connected person holds 12% of a non-wholly-owned subsidiary: a connected subsidiary',
    run: () => {
      const s = scenario({
        parties: [party('sub'), person('d')],
        relationships: [holds(ISSUER, 'sub', '60'), role('director', 'd', ISSUER), holds('d', 'sub', '12')],
        agreements: [hkdDeal('sub', '100')],
      });
      expect(conn(s, 'sub')).toMatchObject({ connected: true, subsidiaryLevelOnly: false });
      expect(rules(s, 'sub')).toEqual(['14A.16(1)']);
      expect(classify(s).tier).toBe('EXEMPT_FROM_SHAREHOLDERS_APPROVAL');
    },
  },
  {
    id: 17,
    rule: '14A.16',
    title: 'the same with 9%: not a connected subsidiary',
    run: () => {
      const s = scenario({
        parties: [party('sub'), person('d')],
        relationships: [holds(ISSUER, 'sub', '60'), role('director', 'd', ISSUER), holds('d', 'sub', '9')],
      });
      expect(conn(s, 'sub').connected).toBe(false);
      expect(rules(s, 'sub')).toEqual(['14A.16(1)']);
    },
  },
  {
    id: 19,
    rule: '14A.76(1)(a), 14A.78',
    title: 'largest annual cap HK$7.9m (ratio 0.09875%): fully exempt',
    run: () => {
      const a = classify(ssDeal('7.9'));
      expect(a).toMatchObject({ tier: 'FULLY_EXEMPT', tierRule: '14A.76(1)(a)', requirements: [] });
      expect(a.ratios.find((r) => r.name === 'revenue')?.percent).toBe('0.0988');
    },
  },
  {
    id: 21,
    rule: '14A.76(1)(c)',
    title: 'largest cap HK$2.9m with issuer revenue HK$100m (ratio 2.9%): fully exempt (< 5% and < HK$3m)',
    run: () => {
      const a = classify(ssDeal('2.9', { revenue: m('100') }));
      expect(a).toMatchObject({ tier: 'FULLY_EXEMPT', tierRule: '14A.76(1)(c)' });
      expect(a.ratios.find((r) => r.name === 'revenue')?.percent).toBe('2.9000');
    },
  },
  {
    id: 23,
    rule: '14A.76(1)(b)',
    title: 'subsidiary-level connected person only, ratio 0.8%: fully exempt',
    run: () => {
      const s = subLevelDeal('64');
      expect(conn(s, 'd').subsidiaryLevelOnly).toBe(true);
      expect(classify(s)).toMatchObject({ tier: 'FULLY_EXEMPT', tierRule: '14A.76(1)(b)' });
    },
  },
  {
    id: 24,
    rule: '14A.101',
    title:
      'subsidiary-level only, ratio 7%, board approved and INEDs confirmed: announcement and annual review, no circular or ISA',
    run: () => {
      const a = classify(subLevelDeal('560'));
      expect(a).toMatchObject({ tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL', tierRule: '14A.101' });
      const codes = a.requirements.map((r) => r.code);
      expect(codes).toContain('ANNOUNCEMENT');
      expect(codes).toContain('INED_ANNUAL_REVIEW');
      expect(codes).not.toContain('CIRCULAR');
      expect(codes).not.toContain('INDEPENDENT_SHAREHOLDERS_APPROVAL');
      expect(classify(subLevelDeal('560', { inedConfirmed: false })).tier).toBe('NON_EXEMPT');
    },
  },
  {
    id: 26,
    rule: '14A.76(2)(a)',
    title: 'ratio 4.99%, cap HK$399.2m: exempt from shareholders approval',
    run: () =>
      expect(classify(ssDeal('399.2'))).toMatchObject({
        tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
        tierRule: '14A.76(2)(a)',
      }),
  },
  {
    id: 27,
    rule: '14A.76(2), 14A.36, 14A.39, 14A.53(3)',
    title:
      'ratio exactly 5.00% (cap HK$400m): non-exempt with IBC, IFA, circular, ISA and caps approved by shareholders',
    run: () => {
      const a = classify(ssDeal('400'));
      expect(a.tier).toBe('NON_EXEMPT');
      const req = new Map(a.requirements.map((r) => [r.code, r.rule]));
      expect(req.get('IBC')).toBe('14A.40');
      expect(req.get('IFA')).toBe('14A.39');
      expect(req.get('CIRCULAR')).toBe('14A.46');
      expect(req.get('INDEPENDENT_SHAREHOLDERS_APPROVAL')).toBe('14A.36');
      expect(req.get('ANNUAL_CAP')).toBe('14A.53(3)');
    },
  },
  {
    id: 28,
    rule: '14A.76(2)(b)',
    title: 'ratio 12%, cap HK$9.99m (revenue HK$83.25m): exempt from shareholders approval',
    run: () => {
      const a = classify(ssDeal('9.99', { revenue: m('83.25') }));
      expect(a).toMatchObject({ tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL', tierRule: '14A.76(2)(b)' });
      expect(a.ratios.find((r) => r.name === 'revenue')?.percent).toBe('12.0000');
    },
  },
  {
    id: 30,
    rule: '14A.76(2)(b)',
    title: 'ratio 26%, cap HK$5m: non-exempt, the < 25% limb fails',
    run: () => {
      const a = classify(ssDeal('5', { revenue: 1_923_076_923n }));
      expect(a.ratios.find((r) => r.name === 'revenue')?.percent).toBe('26.0000');
      expect(a.tier).toBe('NON_EXEMPT');
    },
  },
  {
    id: 32,
    rule: '14A.78',
    title: 'seed IDC caps RMB41.0 / 82.0 / 82.0 / 41.0: numerator RMB82.0m = HK$88.56m',
    run: () => {
      const idc = classify(seedScenario(), 'xiaomi-2025').categories?.find((c) => c.key === 'idc-services');
      expect(idc?.numerator).toEqual({
        amount: '82000000.00',
        currency: 'CNY',
        amountHkd: '88560000.00',
        financialYear: 'FY2026',
      });
    },
  },
  {
    id: 33,
    rule: '14A.81–14A.83',
    title:
      'seed IDC + hardware per financial year 74.5 / 88.7 / 82.0 / 41.0: numerator RMB88.7m, the higher tier',
    run: () => {
      const s = seedScenario();
      const n = numeratorOf(s, s.agreements[0]!.draft.caps);
      const years = [...n.byYearNative.entries()].map(([y, f]) => [
        y,
        (f.numerator / f.denominator).toString(),
      ]);
      expect(years).toEqual([
        [2025, '7450000000'],
        [2026, '8870000000'],
        [2027, '8200000000'],
        [2028, '4100000000'],
      ]);
      const r = classifyScenario(s);
      expect(r.aggregates).toHaveLength(1);
      expect(r.aggregates[0]).toMatchObject({
        partyIds: ['xiaomi'],
        numerator: { amount: '88700000.00', currency: 'CNY', financialYear: 'FY2026' },
      });
      // A second agreement with a Xiaomi subsidiary aggregates with it and can raise the tier.
      const big = {
        ...s,
        agreements: [
          ...s.agreements,
          agreement({
            id: 'cloud',
            counterparty: 'xiaomi-sub',
            caps: [['cloud', '2026-01-01', '2026-12-31', '300', 'CNY']],
          }),
        ],
      };
      const rb = classifyScenario(big);
      expect(rb.aggregates).toHaveLength(1);
      expect(rb.aggregates[0]?.partyIds).toEqual(['xiaomi', 'xiaomi-sub']);
      const seed = rb.agreements.find((x) => x.id === 'xiaomi-2025');
      expect(seed?.individualTier).toBe('EXEMPT_FROM_SHAREHOLDERS_APPROVAL');
      expect(seed?.tier).toBe('NON_EXEMPT');
    },
  },
  {
    id: 35,
    rule: '14A.52',
    title: 'a 4-year term without an IFA opinion: invalid, block activation',
    run: () => {
      const p = parseAgreementInput(fourYearDraft(false));
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.errors.some((e) => e.message.includes('14A.52'))).toBe(true);
      const s = ssDeal('1', {}, { categories: [['main', '2025-01-01', '2028-12-31']] });
      expect(
        classify(s).findings.some((f) => f.rule === '14A.52' && f.text.includes('block activation')),
      ).toBe(true);
    },
  },
  {
    id: 36,
    rule: '14A.52',
    title: 'the same with an IFA long-term opinion recorded: valid',
    run: () => {
      expect(parseAgreementInput(fourYearDraft(true)).ok).toBe(true);
      const s = ssDeal('1', {}, { categories: [['main', '2025-01-01', '2028-12-31']], ifa: true });
      expect(classify(s).findings.every((f) => !f.text.includes('block activation'))).toBe(true);
    },
  },
  {
    id: 37,
    rule: '14A.53(1)',
    title: "a cap entered as 5% of the issuer's revenue: invalid, caps must be monetary",
    run: () => {
      const draft = fourYearDraft(true);
      const p = parseAgreementInput({
        ...draft,
        caps: [{ ...draft.caps[0], amount: "5% of the issuer's revenue" }],
      });
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.errors.some((e) => e.message.includes('14A.53'))).toBe(true);
    },
  },
  {
    id: 41,
    rule: '14A.54(2)',
    title: 'a material change mid-term re-classifies with the new caps before the change',
    run: () => {
      const before = classify(ssDeal('100'));
      expect(before.tier).toBe('EXEMPT_FROM_SHAREHOLDERS_APPROVAL');
      expect(before.requirements.find((r) => r.code === 'RECOMPLY_BEFORE_CAP_EXCEEDED')?.rule).toBe('14A.54');
      const after = classify(ssDeal('450'));
      expect(after.tier).toBe('NON_EXEMPT');
      expect(after.requirements.map((r) => r.code)).toContain('INDEPENDENT_SHAREHOLDERS_APPROVAL');
    },
  },
  {
    id: 48,
    rule: '13.44',
    title: 'a director who must abstain votes on the board resolution: flagged',
    run: () => {
      const v = checkBoardVote(seedScenario(), 'xiaomi-2025', [
        { personId: 'lei-jun', vote: 'for' },
        { personId: 'zhang-duo', vote: 'abstain' },
        { personId: 'zou-tao', vote: 'for' },
      ]);
      expect(v).toHaveLength(1);
      expect(v[0]).toMatchObject({ personId: 'lei-jun', rule: '13.44' });
      expect(v[0]?.text).toContain('must abstain and not be counted in the quorum');
    },
  },
  {
    id: 51,
    rule: '14A.99–14A.100',
    title:
      'an associate of a passive sovereign fund holding 12%, no board seat, no veto, independent; revenue, ordinary course: fully exempt',
    run: () => {
      const facts = {
        kind: 'sovereign-fund' as const,
        boardRepresentation: false,
        managementInvolvement: false,
        independentOfInsiders: true,
      };
      const make = (f: typeof facts) =>
        scenario({
          parties: [party('fund', 'company', { passiveInvestor: f }), party('portfolio')],
          relationships: [holds('fund', ISSUER, '12'), holds('fund', 'portfolio', '60')],
          agreements: [hkdDeal('portfolio', '100', { revenueNatureOrdinaryCourse: true })],
        });
      expect(classify(make(facts))).toMatchObject({
        tier: 'FULLY_EXEMPT',
        tierRule: '14A.99',
        requirements: [],
      });
      expect(classify(make({ ...facts, boardRepresentation: true })).tier).toBe(
        'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
      );
    },
  },
  {
    id: 52,
    rule: '14A.60',
    title:
      'a 2-year fixed supply contract whose supplier becomes a 10% substantial shareholder in year 1: announce and start the annual review; full compliance on renewal',
    run: () => {
      const s = scenario({
        asOf: '2024-09-01',
        parties: [party('supplier')],
        relationships: [
          holds('supplier', ISSUER, '10', undefined, { from: '2024-06-01' as never, to: null }),
        ],
        agreements: [
          agreement({
            id: 'a',
            counterparty: 'supplier',
            signedOn: '2024-01-01',
            categories: [['supply', '2024-01-01', '2025-12-31']],
            caps: [
              ['supply', '2024-01-01', '2024-12-31', '100', 'HKD'],
              ['supply', '2025-01-01', '2025-12-31', '100', 'HKD'],
            ],
          }),
        ],
      });
      const f = existingAgreementBecomesConnected(s, 'a');
      expect(f.applies).toBe(true);
      expect(f.requirements.map((r) => r.code)).toEqual([
        'ANNOUNCEMENT',
        'ANNUAL_REPORTING',
        'INED_ANNUAL_REVIEW',
        'AUDITOR_ANNUAL_REVIEW',
      ]);
      expect(f.steps.map((x) => x.rule)).toContain('14A.60(2)');
    },
  },
  {
    id: 53,
    rule: '14A.26–14A.27',
    title:
      'financial assistance to a JV where an issuer-level connected person holds 10% and the group the rest: connected (commonly held entity)',
    run: () => {
      const s = scenario({
        parties: [party('jv'), person('d')],
        relationships: [role('director', 'd', ISSUER), holds('d', 'jv', '10'), holds(ISSUER, 'jv', '90')],
      });
      expect(commonlyHeldEntity(s, 'jv')).toMatchObject({ commonlyHeld: true, connectedTransaction: true });
    },
  },
  {
    id: 54,
    rule: '14A.27',
    title: 'the same with the connected person at 9%: not a connected transaction on this limb',
    run: () => {
      const s = scenario({
        parties: [party('jv'), person('d')],
        relationships: [role('director', 'd', ISSUER), holds('d', 'jv', '9'), holds(ISSUER, 'jv', '91')],
      });
      expect(commonlyHeldEntity(s, 'jv')).toMatchObject({ commonlyHeld: false, connectedTransaction: false });
    },
  },
];

describe('digest §15 cases', () => {
  it.each(CASES)('case $id ($rule): $title', ({ run }) => run());
});

describe('the seed case (Kingsoft Cloud – Xiaomi 2025)', () => {
  const s = seedScenario();
  const r = classifyScenario(s);

  it('Xiaomi is connected as a substantial shareholder (14A.07(1))', () => {
    expect(conn(s, 'xiaomi')).toMatchObject({
      connected: true,
      subsidiaryLevelOnly: false,
      deemedReview: false,
    });
    expect(conn(s, 'xiaomi').basis[0]?.text).toBe(
      'Xiaomi Corporation holds 11.12% ≥ 10% of the issuer: a substantial shareholder',
    );
    expect(conn(s, 'xiaomi-sub').basis.map((b) => b.rule)).toEqual(['14A.07(1)', '14A.13(1)']);
  });

  it('is EXEMPT_FROM_SHAREHOLDERS_APPROVAL individually and in aggregate, on RMB88.7m in FY2026', () => {
    const a = r.agreements[0]!;
    expect(a).toMatchObject({
      individualTier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
      tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
      tierRule: '14A.76(2)(a)',
    });
    expect(a.numerator).toEqual({
      amount: '88700000.00',
      currency: 'CNY',
      amountHkd: '95796000.00',
      financialYear: 'FY2026',
    });
    expect(a.ratios.map((x) => [x.name, x.percent, x.usedForClassification])).toEqual([
      ['assets', '0.4790', true],
      ['revenue', '1.1975', true],
      ['consideration', '0.9580', true],
      ['equity-capital', 'n/a', false],
      ['profits', '19.1592', false],
    ]);
    expect(r.fx).toEqual([{ from: 'CNY', to: 'HKD', rate: '1.08' }]);
    expect(a.explanation.map((e) => e.rule)).toEqual([
      '14A.07(1)',
      '14A.78',
      '14A.78',
      '14A.78',
      '14A.76(2)(a)',
      '14A.81–14A.83',
      '14A.81',
    ]);
  });

  it('Lei Jun and Zhang Duo must abstain (13.44); the others need not', () => {
    const d = interestedDirectors(s, 'xiaomi-2025');
    expect(d.map((x) => x.personId)).toEqual(['lei-jun', 'zhang-duo']);
    expect(d[0]?.reasons.map((x) => x.text)).toEqual([
      'Lei Jun is a director of Xiaomi Corporation, the counterparty: a material interest',
      'Lei Jun holds 23.78% of Xiaomi Corporation, the counterparty: a material interest',
    ]);
  });

  it('writes the Listing Rules implications in English and Traditional Chinese', () => {
    const en = implicationsText(r, 'xiaomi-2025', 'en');
    expect(en).toContain(
      'As at 29 July 2025, Xiaomi Corporation holds 11.12% ≥ 10% of the issuer: a substantial shareholder.',
    );
    expect(en).toContain(
      'As the highest applicable percentage ratio in respect of the annual caps of (1) the procurement of IDC related services, and (2) the procurement of network hardware devices, on both individual and aggregate basis, is higher than 0.1% but less than 5% (the largest annual cap on an aggregate basis being RMB88.7 million for FY2026)',
    );
    expect(en).toContain('under Rule 14A.76(2)(a) of the Listing Rules');
    const zh = implicationsText(r, 'xiaomi-2025', 'zh-Hant');
    expect(zh).toContain(
      '於二零二五年七月二十九日，小米集團持有本公司約11.12%股份，為本公司的主要股東，故小米集團為本公司的關連人士（定義見上市規則）',
    );
    expect(zh).toContain(
      '由於(1) 採購IDC相關服務，及(2) 採購網絡硬件設備的年度上限（按個別及合併基準計算）之最高適用百分比率高於0.1%但低於5%',
    );
    expect(zh).toContain('人民幣88.7百萬元');
    expect(zh).toContain('上市規則第14A.76(2)(a)條');
    expect(zh).toContain(
      '須遵守申報、公告及年度審閱的規定，但可豁免遵守通函（包括獨立財務意見）及獨立股東批准的規定',
    );
  });

  it('sizes the largest caps per financial year within each tier, rounding down', () => {
    const b = largestCapForTier(s, 'xiaomi-2025', 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL');
    // FY2026: (x × 1.08) < 5% × HK$8,000m → x < RMB370,370,370.37…, the largest cent below.
    expect(b.perFinancialYear.find((y) => y.financialYear === 'FY2026')).toEqual({
      financialYear: 'FY2026',
      amount: '370370370.37',
      currency: 'CNY',
    });
    expect(b.limitingRule).toContain('14A.76(2)(a)');
    const fe = largestCapForTier(s, 'xiaomi-2025', 'FULLY_EXEMPT');
    // 0.1% × HK$8,000m = HK$8m = RMB7,407,407.407…; (1)(c) needs < HK$3m so (1)(a) is larger.
    expect(fe.perFinancialYear[0]).toEqual({
      financialYear: 'FY2025',
      amount: '7407407.40',
      currency: 'CNY',
    });
    expect(fe.perFinancialYear.map((y) => y.financialYear)).toEqual(['FY2025', 'FY2026', 'FY2027', 'FY2028']);
  });

  it('a cap sized by largestCapForTier classifies in the tier, and one cent more does not', () => {
    const s2 = scenario({
      parties: [party('cp')],
      relationships: [holds('cp', ISSUER, '11.12')],
      agreements: [hkdDeal('cp', '1')],
    });
    const size = largestCapForTier(s2, 'a', 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL').perFinancialYear[0]!;
    expect(size.amount).toBe('399999999.99');
    expect(classify(ssDeal('399.99999999')).tier).toBe('EXEMPT_FROM_SHAREHOLDERS_APPROVAL');
    expect(classify(ssDeal('400')).tier).toBe('NON_EXEMPT');
  });
});

describe('properties', () => {
  const ratioArb = fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 1n, max: 10n ** 9n }))
    .map(([n, d]) => frac(n, d));
  const inputArb = fc.record({
    ratios: fc.array(ratioArb, { minLength: 1, maxLength: 4 }),
    totalConsiderationHkd: fc.bigInt({ min: 0n, max: 10n ** 10n }).map((n) => frac(n)),
    subsidiaryLevelOnly: fc.boolean(),
    normalCommercialTerms: fc.boolean(),
    boardApproved: fc.boolean(),
    inedConfirmed: fc.boolean(),
  });
  const rank = (t: Tier): number => TIER_ORDER.indexOf(t);

  it('raising any ratio (or the consideration) never lowers the tier', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), ratioArb, (input: TierInput, i, bump) => {
        const idx = i % input.ratios.length;
        const raised = input.ratios.map((r, j) =>
          j === idx
            ? frac(
                r.numerator * bump.denominator + bump.numerator * r.denominator,
                r.denominator * bump.denominator,
              )
            : r,
        );
        expect(rank(decideTier({ ...input, ratios: raised }).tier)).toBeGreaterThanOrEqual(
          rank(decideTier(input).tier),
        );
        const more = frac(input.totalConsiderationHkd.numerator + bump.numerator);
        expect(rank(decideTier({ ...input, totalConsiderationHkd: more }).tier)).toBeGreaterThanOrEqual(
          rank(decideTier(input).tier),
        );
      }),
    );
  });

  it('a threshold met exactly is never "less than"', () => {
    const thresholds: [bigint, bigint, string][] = [
      [1n, 1000n, '14A.76(1)(a)'],
      [1n, 100n, '14A.76(1)(b)'],
      [5n, 100n, '14A.76(2)(a)'],
      [25n, 100n, '14A.76(2)(b)'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...thresholds),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.boolean(),
        ([n, d, rule], k, sub) => {
          const decision = decideTier({
            ratios: [frac(n * k, d * k)],
            totalConsiderationHkd: frac(m('1')),
            subsidiaryLevelOnly: sub,
            normalCommercialTerms: true,
            boardApproved: false,
            inedConfirmed: false,
          });
          expect(decision.rule).not.toBe(rule);
        },
      ),
    );
    // The money limits: exactly HK$3,000,000 and HK$10,000,000 are not "less than".
    const base = {
      subsidiaryLevelOnly: false,
      normalCommercialTerms: true,
      boardApproved: false,
      inedConfirmed: false,
    };
    expect(decideTier({ ...base, ratios: [percent(2n)], totalConsiderationHkd: frac(m('3')) }).rule).toBe(
      '14A.76(2)(a)',
    );
    expect(decideTier({ ...base, ratios: [percent(10n)], totalConsiderationHkd: frac(m('10')) }).tier).toBe(
      'NON_EXEMPT',
    );
    expect(
      decideTier({ ...base, ratios: [percent(10n)], totalConsiderationHkd: frac(m('10') - 1n) }).rule,
    ).toBe('14A.76(2)(b)');
  });

  it('connection does not depend on the order of the relationships', () => {
    const s = scenario({
      parties: [
        person('d'),
        person('kid'),
        person('bro', '1970-01-01'),
        person('bil'),
        party('co1'),
        party('co2'),
        party('co3'),
        party('sub'),
        party('sub2'),
        party('xiaomi'),
        party('holdco'),
        party('fellow'),
        person('subdir'),
        party('trustee'),
      ],
      relationships: [
        role('director', 'd', ISSUER),
        family('d', 'kid', 'child'),
        family('d', 'bro', 'sibling'),
        family('d', 'bil', 'brother-in-law'),
        holds('kid', 'co1', '20'),
        holds('d', 'co1', '15'),
        holds('bro', 'co2', '51'),
        holds('bil', 'co3', '40'),
        holds(ISSUER, 'sub', '60'),
        holds('sub', 'sub2', '100'),
        holds('d', 'sub', '12'),
        role('director', 'subdir', 'sub'),
        figures('sub', [[2024, '12', '6', '6']]),
        holds('holdco', 'xiaomi', '75'),
        holds('holdco', 'fellow', '100'),
        holds('xiaomi', ISSUER, '11.12'),
        boardControl('co1', 'co3'),
        { kind: 'trust', trustee: 'trustee', beneficiary: 'kid', from: null, to: null },
      ],
    });
    const expected = determineConnections(s);
    expect(expected.filter((c) => c.connected).map((c) => c.id)).toEqual([
      'd',
      'kid',
      'bro',
      'co1',
      'co2',
      'co3',
      'sub',
      'sub2',
      'xiaomi',
      'holdco',
      'fellow',
      'subdir',
      'trustee',
    ]);
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...s.relationships], {
          minLength: s.relationships.length,
          maxLength: s.relationships.length,
        }),
        (shuffled) => {
          expect(determineConnections({ ...s, relationships: shuffled })).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });
});
