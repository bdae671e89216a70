import { describe, expect, it } from 'vitest';
import { calendarDate } from '../dates.js';
import { determineConnections, type Relationship, type Scenario } from './index.js';
import { parseScenario } from './scenario.js';
import { holds, ISSUER, party, pc, person, role, scenario, trust } from './testing.js';

/** 14A.15: `participant` holds `percent` of the capital, asset contributions or profit share of `jv`. */
const jvShare = (
  participant: string,
  jv: string,
  percent: string,
  jvType: 'cooperative' | 'contractual' = 'contractual',
  from: string | null = null,
  to: string | null = null,
): Relationship => ({
  kind: 'joint-venture-participation',
  participant,
  jv,
  jvType,
  percent: pc(percent),
  from: from === null ? null : calendarDate(from),
  to: to === null ? null : calendarDate(to),
});

const withIssuer = (s: Scenario, prcIssuer: boolean | undefined): Scenario =>
  prcIssuer === undefined ? s : { ...s, issuer: { ...s.issuer, prcIssuer } };

const conn = (s: Scenario, id: string) => {
  const c = determineConnections(s).find((p) => p.id === id);
  if (!c) throw new Error(`no party ${id}`);
  return c;
};

/** A director of the issuer holds `percent` of the joint venture J, whose other partner is company Z. */
const directorJv = (percent: string, prcIssuer: boolean | undefined, extra: Relationship[] = []) =>
  withIssuer(
    scenario({
      parties: [person('d'), party('j'), party('z'), person('spouse')],
      relationships: [
        role('director', 'd', ISSUER),
        jvShare('d', 'j', percent),
        jvShare('z', 'j', '40'),
        ...extra,
      ],
    }),
    prcIssuer,
  );

describe('14A.15: joint-venture partners of a PRC issuer’s connected persons', () => {
  it.each<{
    title: string;
    s: () => Scenario;
    party: string;
    connected: boolean;
    rule: string;
    text?: RegExp;
  }>([
    {
      title: 'a director holding 35% of a contractual JV: the other partner is connected',
      s: () => directorJv('35', true),
      party: 'z',
      connected: true,
      rule: '14A.15',
      text: /d holds 35% of the contractual joint venture j; z, a partner in j, is d's associate/,
    },
    {
      title: 'exactly 30% counts',
      s: () => directorJv('30', true),
      party: 'z',
      connected: true,
      rule: '14A.15',
      text: /holds 30% of the contractual joint venture j/,
    },
    {
      title: '29.99% does not',
      s: () => directorJv('29.99', true),
      party: 'z',
      connected: false,
      rule: '14A.15',
      text: /29\.99% < 30%.*not d's associate/,
    },
    {
      title: 'a non-PRC issuer: 14A.15 does not apply',
      s: () => directorJv('35', false),
      party: 'z',
      connected: false,
      rule: '14A.15',
      text: /PRC issuers only/,
    },
    {
      title: 'prcIssuer absent: not a PRC issuer',
      s: () => directorJv('35', undefined),
      party: 'z',
      connected: false,
      rule: '14A.15',
    },
    {
      title: 'a cooperative JV, 20% held by the director with 15% by the spouse (immediate family)',
      s: () =>
        withIssuer(
          scenario({
            parties: [person('d'), person('spouse'), party('j'), party('z')],
            relationships: [
              role('director', 'd', ISSUER),
              { kind: 'family', person: 'd', relative: 'spouse', relation: 'spouse', from: null, to: null },
              jvShare('d', 'j', '20', 'cooperative'),
              jvShare('spouse', 'j', '15', 'cooperative'),
              jvShare('z', 'j', '65', 'cooperative'),
            ],
          }),
          true,
        ),
      party: 'z',
      connected: true,
      rule: '14A.15',
      text: /holds 35% of the cooperative joint venture j/,
    },
    {
      title: 'a substantial shareholder (company) with its subsidiary holding 30% together',
      s: () =>
        withIssuer(
          scenario({
            parties: [party('ss'), party('ss-sub'), party('j'), party('z')],
            relationships: [
              holds('ss', ISSUER, '20'),
              holds('ss', 'ss-sub', '100'),
              jvShare('ss', 'j', '10'),
              jvShare('ss-sub', 'j', '20'),
              jvShare('z', 'j', '70'),
            ],
          }),
          true,
        ),
      party: 'z',
      connected: true,
      rule: '14A.15',
      text: /ss \(ss 10%, ss-sub 20% — with its subsidiaries.*holds 30% of the contractual joint venture j/,
    },
    {
      title: 'a trustee for the director counts towards the 30%',
      s: () =>
        withIssuer(
          scenario({
            parties: [person('d'), party('t', 'trust'), party('j'), party('z')],
            relationships: [
              role('director', 'd', ISSUER),
              trust('t', 'd'),
              jvShare('d', 'j', '10'),
              jvShare('t', 'j', '25'),
              jvShare('z', 'j', '65'),
            ],
          }),
          true,
        ),
      party: 'z',
      connected: true,
      rule: '14A.15',
    },
    {
      title: 'a participation not in force at asOf is ignored',
      s: () =>
        withIssuer(
          scenario({
            parties: [person('d'), party('j'), party('z')],
            relationships: [
              role('director', 'd', ISSUER),
              jvShare('d', 'j', '35', 'contractual', null, '2024-12-31'),
              jvShare('z', 'j', '65'),
            ],
          }),
          true,
        ),
      party: 'z',
      connected: false,
      rule: '14A.07',
    },
  ])('$title', ({ s, party: id, connected, rule, text }) => {
    const c = conn(s(), id);
    expect(c.connected).toBe(connected);
    expect(c.basis.map((b) => b.rule)).toContain(rule);
    if (text) expect(c.basis.map((b) => b.text).join(' | ')).toMatch(text);
  });

  it('a subsidiary-level director’s JV partner is connected at the subsidiary level', () => {
    const s = withIssuer(
      scenario({
        parties: [party('sub'), person('d'), party('j'), party('z')],
        relationships: [
          holds(ISSUER, 'sub', '60'),
          role('director', 'd', 'sub'),
          jvShare('d', 'j', '35'),
          jvShare('z', 'j', '65'),
        ],
      }),
      true,
    );
    const c = conn(s, 'z');
    expect(c.connected).toBe(true);
    expect(c.subsidiaryLevelOnly).toBe(true);
    expect(c.basis[0]?.rule).toBe('14A.07(1)');
  });

  it('leaves every existing basis unchanged without joint ventures', () => {
    const base = directorJv('35', true);
    const without = {
      ...base,
      relationships: base.relationships.filter((r) => r.kind !== 'joint-venture-participation'),
    };
    expect(conn(without, 'z').connected).toBe(false);
    expect(conn(without, 'd').basis).toEqual(conn(withIssuer(without, false), 'd').basis);
  });
});

describe('parseScenario: prcIssuer and joint-venture-participation', () => {
  const doc = (relationship: Record<string, unknown>, issuerExtra: Record<string, unknown> = {}) => ({
    asOf: '2025-07-29',
    issuer: {
      id: 'issuer',
      name: 'Issuer',
      financialYearEnd: '12-31',
      figures: {
        currency: 'HKD',
        totalAssets: '20000000000.00',
        revenue: '8000000000.00',
        profits: '500000000.00',
        marketCapitalisation: '10000000000.00',
      },
      ...issuerExtra,
    },
    fx: [],
    parties: [
      { id: 'd', kind: 'individual', name: 'D' },
      { id: 'j', kind: 'company', name: 'J' },
    ],
    relationships: [{ kind: 'director', person: 'd', company: 'issuer' }, relationship],
    agreements: [
      {
        id: 'a',
        counterparty: 'd',
        name: 'Lease',
        signedOn: '2025-07-29',
        categories: [
          {
            key: 'main',
            name: 'Lease',
            direction: 'issuer-purchases',
            termStart: '2025-07-29',
            termEnd: '2025-12-31',
          },
        ],
        caps: [
          {
            categoryKeys: ['main'],
            periodStart: '2025-07-29',
            periodEnd: '2025-12-31',
            amount: '1000000.00',
            currency: 'HKD',
          },
        ],
      },
    ],
  });
  const jv = {
    kind: 'joint-venture-participation',
    participant: 'd',
    jv: 'j',
    jvType: 'contractual',
    percent: '35',
  };

  it('parses both, prcIssuer absent by default', () => {
    const r = parseScenario(doc(jv, { prcIssuer: true }));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.issuer.prcIssuer).toBe(true);
    expect(r.value.relationships[1]).toEqual({
      kind: 'joint-venture-participation',
      participant: 'd',
      jv: 'j',
      jvType: 'contractual',
      percent: { numerator: 35n, denominator: 100n },
      from: null,
      to: null,
    });
    const plain = parseScenario(doc(jv));
    if (!plain.ok) throw new Error(JSON.stringify(plain.errors));
    expect(plain.value.issuer.prcIssuer).toBeUndefined();
  });

  it.each<{ label: string; d: () => unknown; path: string; message: RegExp }>([
    {
      label: 'a bad jvType',
      d: () => doc({ ...jv, jvType: 'equity' }),
      path: 'relationships[1].jvType',
      message: /"equity" is not allowed: one of "cooperative", "contractual"/,
    },
    {
      label: 'a missing jvType',
      d: () => doc({ ...jv, jvType: undefined }),
      path: 'relationships[1].jvType',
      message: /is required/,
    },
    {
      label: 'an unknown participant',
      d: () => doc({ ...jv, participant: 'nobody' }),
      path: 'relationships[1].participant',
      message: /"nobody" is not a party id/,
    },
    {
      label: 'a joint venture that is not a company',
      d: () => doc({ ...jv, jv: 'd', participant: 'j' }),
      path: 'relationships[1].jv',
      message: /is a individual; this must be a company/,
    },
    {
      label: 'a percentage over 100',
      d: () => doc({ ...jv, percent: '100.5' }),
      path: 'relationships[1].percent',
      message: /at most 100/,
    },
    {
      label: 'a prcIssuer that is not a boolean',
      d: () => doc(jv, { prcIssuer: 'yes' }),
      path: 'issuer.prcIssuer',
      message: /must be true or false/,
    },
  ])('locates $label', ({ d, path, message }) => {
    const r = parseScenario(d());
    if (r.ok) throw new Error('expected the scenario to be refused');
    const e = r.errors.find((x) => x.path === path);
    expect(e?.message).toMatch(message);
  });
});
