/**
 * Cap sizing: the largest cap per financial year that keeps an agreement, aggregated with the other
 * agreements of its connected group, within a tier. Exact: the largest minor unit strictly below
 * each "less than" threshold (rounded down).
 */
import { formatMinor, MAX_MINOR, type CurrencyCode } from '../money.js';
import { analyseConnections } from './connections.js';
import {
  connectedGroups,
  convertExact,
  financialYearOf,
  numeratorOf,
  passiveInvestorExemption,
  THRESHOLDS,
} from './classify.js';
import { add, compare, div, frac, largestIntegerBelow, lessThan, mul, sub, ZERO } from './fraction.js';
import type { Fraction, Scenario, ScenarioAgreement, Tier } from './types.js';

export interface CapSizing {
  perFinancialYear: { financialYear: string; amount: string; currency: CurrencyCode }[];
  limitingRule: string;
}

interface Limb {
  readonly rule: string;
  /** Upper bounds (exclusive) on the group's figure in the issuer's figures currency (ratio limbs) or HKD (money limbs). */
  readonly ratioBelow: Fraction | null;
  readonly hkdBelow: Fraction | null;
  readonly text: string;
}

function limbsFor(
  tier: Exclude<Tier, 'NOT_CONNECTED'>,
  flags: { subLevel: boolean; nct: boolean; board: boolean; ined: boolean; passive: boolean },
): Limb[] | 'unlimited' {
  if (tier === 'NON_EXEMPT' || flags.passive) return 'unlimited';
  if (
    tier === 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL' &&
    flags.subLevel &&
    flags.nct &&
    flags.board &&
    flags.ined
  )
    return 'unlimited';
  if (!flags.nct) return [];
  const fe: Limb[] = [
    {
      rule: '14A.76(1)(a)',
      ratioBelow: THRESHOLDS.pointOne,
      hkdBelow: null,
      text: 'every applicable ratio below 0.1%',
    },
    ...(flags.subLevel
      ? [
          {
            rule: '14A.76(1)(b)',
            ratioBelow: THRESHOLDS.one,
            hkdBelow: null,
            text: 'every applicable ratio below 1% (subsidiary level)',
          },
        ]
      : []),
    {
      rule: '14A.76(1)(c)',
      ratioBelow: THRESHOLDS.five,
      hkdBelow: THRESHOLDS.hk3m,
      text: 'every applicable ratio below 5% and total consideration below HK$3,000,000',
    },
  ];
  if (tier === 'FULLY_EXEMPT') return fe;
  return [
    ...fe,
    {
      rule: '14A.76(2)(a)',
      ratioBelow: THRESHOLDS.five,
      hkdBelow: null,
      text: 'every applicable ratio below 5%',
    },
    {
      rule: '14A.76(2)(b)',
      ratioBelow: THRESHOLDS.twentyFive,
      hkdBelow: THRESHOLDS.hk10m,
      text: 'every applicable ratio below 25% and total consideration below HK$10,000,000',
    },
  ];
}

export function largestCapForTier(
  scenario: Scenario,
  agreementId: string,
  tier: Exclude<Tier, 'NOT_CONNECTED'>,
): CapSizing {
  const analysis = analyseConnections(scenario);
  const agreement = scenario.agreements.find((a) => a.id === agreementId);
  if (!agreement) throw new RangeError(`no agreement "${agreementId}" in the scenario`);
  const currency: CurrencyCode = agreement.draft.caps[0]?.amount.currency ?? 'HKD';
  const fye = scenario.issuer.financialYearEnd;
  const years = [
    ...new Set(
      agreement.draft.caps.flatMap((c) => {
        const out: number[] = [];
        for (let y = financialYearOf(c.periodStart, fye); y <= financialYearOf(c.periodEnd, fye); y++)
          out.push(y);
        return out;
      }),
    ),
  ].sort((a, b) => a - b);
  const conn = analysis.connections.find((c) => c.id === agreement.counterparty);
  const unlimited = (why: string): CapSizing => ({
    perFinancialYear: years.map((y) => ({
      financialYear: `FY${y}`,
      amount: formatMinor(MAX_MINOR, currency),
      currency,
    })),
    limitingRule: `no size limit: ${why} (the amount shown is the largest the system keeps)`,
  });
  if (!conn || (!conn.connected && !conn.deemedReview))
    return unlimited('the counterparty is not a connected person (14A.07)');

  const groups = connectedGroups(analysis);
  const groupOf = (a: ScenarioAgreement): string =>
    conn.connected ? (groups.get(a.counterparty) ?? a.counterparty) : a.counterparty;
  const members = scenario.agreements.filter(
    (a) =>
      a.id !== agreement.id &&
      groupOf(a) === groupOf(agreement) &&
      (conn.connected
        ? analysis.connections.find((c) => c.id === a.counterparty)?.connected
        : a.counterparty === agreement.counterparty),
  );
  const others = numeratorOf(
    scenario,
    members.flatMap((a) => a.draft.caps),
  );
  const own = numeratorOf(scenario, agreement.draft.caps);
  const sl = (a: ScenarioAgreement): boolean =>
    analysis.connections.find((c) => c.id === a.counterparty)?.subsidiaryLevelOnly === true;
  const flagsOf = (as: readonly ScenarioAgreement[]) => ({
    subLevel: as.every(sl),
    nct: as.every((a) => a.normalCommercialTerms),
    board: as.every((a) => a.boardApproved),
    ined: as.every((a) => a.inedConfirmed),
    passive: as.every((a) => passiveInvestorExemption(analysis, a).exempt),
  });
  const f = scenario.issuer.figures;
  const denominators = [f.totalAssets, f.revenue, f.marketCapitalisation].filter((x) => x > 0n);
  const smallest = denominators.reduce((a, b) => (b < a ? b : a), denominators[0] ?? 1n);
  const equity =
    agreement.sharesIssuedAsConsideration && agreement.sharesIssuedAsConsideration.issuedShares > 0n
      ? frac(agreement.sharesIssuedAsConsideration.shares, agreement.sharesIssuedAsConsideration.issuedShares)
      : ZERO;
  const perUnit = convertExact(scenario, frac(1n), currency, 'HKD'); // HKD minor per minor unit of the caps' currency
  const perUnitFig = convertExact(scenario, frac(1n), currency, f.currency);
  const termTotal = scenario.options.totalConsideration === 'term-total';

  /** Largest x (minor units) with the group's figure for year y within the limb, or −1. */
  const solve = (limb: Limb, othersHkd: Fraction, othersTermHkd: Fraction): bigint => {
    let best: bigint | null = null;
    const take = (v: bigint): void => {
      best = best === null || v < best ? v : best;
    };
    if (limb.ratioBelow) {
      if (!lessThan(equity, limb.ratioBelow)) return -1n;
      const othersFig = convertExact(scenario, othersHkd, 'HKD', f.currency);
      // (othersFig + x·perUnitFig) / smallest < bound
      take(largestIntegerBelow(div(sub(mul(limb.ratioBelow, frac(smallest)), othersFig), perUnitFig)));
    }
    if (limb.hkdBelow)
      take(largestIntegerBelow(div(sub(limb.hkdBelow, termTotal ? othersTermHkd : othersHkd), perUnit)));
    return best ?? -1n;
  };

  const solveAll = (
    limbs: Limb[] | 'unlimited',
    othersHkd: Fraction,
    othersTermHkd: Fraction,
    scope: string,
  ): { x: bigint; rule: string } => {
    if (limbs === 'unlimited') return { x: MAX_MINOR, rule: 'no size limit' };
    let best = {
      x: -1n,
      rule: `not achievable ${scope}: ${limbs.length === 0 ? 'not on normal commercial terms, so no de minimis exemption (14A.76)' : 'the other agreements already reach the threshold'}`,
    };
    for (const limb of limbs) {
      const x = solve(limb, othersHkd, othersTermHkd);
      if (x > best.x) best = { x, rule: `${limb.rule}: ${limb.text} (${scope})` };
    }
    return best;
  };

  const groupLimbs = limbsFor(tier, flagsOf([agreement, ...members]));
  const ownLimbs = limbsFor(tier, flagsOf([agreement]));
  if (groupLimbs === 'unlimited' && ownLimbs === 'unlimited') {
    return unlimited(
      tier === 'NON_EXEMPT'
        ? 'every size is within NON_EXEMPT'
        : 'an exemption that applies whatever the size (14A.101 or 14A.99)',
    );
  }
  const rules = new Set<string>();
  const perFinancialYear = years.map((y) => {
    const othersHkd = others.byYear.get(y) ?? ZERO;
    // With the term-total setting the agreement's caps in the other years stay as they are.
    const ownOtherYears = sub(own.termTotalHkd, own.byYear.get(y) ?? ZERO);
    const ownRest = compare(ownOtherYears, ZERO) > 0 ? ownOtherYears : ZERO;
    const a = solveAll(ownLimbs, ZERO, ownRest, 'individually');
    const g = solveAll(
      groupLimbs,
      othersHkd,
      add(others.termTotalHkd, ownRest),
      'aggregated with the connected group',
    );
    const pick = a.x <= g.x ? a : g;
    rules.add(`FY${y}: ${pick.rule}`);
    const x = pick.x < 0n ? 0n : pick.x > MAX_MINOR ? MAX_MINOR : pick.x;
    return { financialYear: `FY${y}`, amount: formatMinor(x, currency), currency };
  });
  return { perFinancialYear, limitingRule: [...rules].join('; ') };
}
