/**
 * Classification of CCTs (14A.76–14A.83, 14A.101, 14A.99): the numerator (14A.78), the ratios
 * (14.07 with the cap as numerator), the tier on exact values, aggregation per financial year over a
 * group of parties connected with one another, the requirements and the explanation.
 */
import type { CapDraft } from '../agreement.js';
import { latestTermEnd, makeDate, daysInMonth, yearOf, type CalendarDate } from '../dates.js';
import {
  displayCurrency,
  divRoundHalfUp,
  formatMillions,
  formatMinor,
  minorUnits,
  type CurrencyCode,
} from '../money.js';
import { analyseConnections, step, type ConnectionAnalysis } from './connections.js';
import { add, compare, frac, lessThan, max as fmax, percent, percentText, ZERO } from './fraction.js';
import { nameOf, votingPower, hasBoardControl, THIRTY_PERCENT } from './register.js';
import {
  TIER_ORDER,
  type AgreementClassification,
  type AggregateClassification,
  type BasisStep,
  type CategoryClassification,
  type ClassificationResult,
  type Fraction,
  type Numerator,
  type Ratio,
  type Requirement,
  type Scenario,
  type ScenarioAgreement,
  type Tier,
} from './types.js';

// ---------------------------------------------------------------- financial years and FX

/** The calendar year in which the financial year containing `d` ends ("FY2026"). */
export function financialYearOf(d: CalendarDate, financialYearEnd: string): number {
  const [mm, dd] = financialYearEnd.split('-').map(Number) as [number, number];
  const y = yearOf(d);
  const last = daysInMonth(y, mm);
  const end = makeDate(y, mm, dd < last ? dd : last);
  return d <= end ? y : y + 1;
}

export interface FxPath {
  readonly rate: Fraction;
  readonly used: { from: CurrencyCode; to: CurrencyCode; rate: string }[];
}

function directRate(s: Scenario, from: CurrencyCode, to: CurrencyCode): FxPath | null {
  const d = s.fx.find((f) => f.from === from && f.to === to);
  if (d) return { rate: frac(d.rate.numerator, d.rate.denominator), used: [{ from, to, rate: d.rateText }] };
  const inv = s.fx.find((f) => f.from === to && f.to === from);
  if (inv) {
    const r = frac(inv.rate.denominator, inv.rate.numerator);
    return {
      rate: r,
      used: [{ from, to, rate: `${r.numerator}/${r.denominator} (inverse of ${inv.rateText})` }],
    };
  }
  return null;
}

/** Units of `to` per unit of `from`, exactly: the stated rate, its inverse, or through HKD. */
export function fxRate(s: Scenario, from: CurrencyCode, to: CurrencyCode): FxPath {
  if (from === to) return { rate: frac(1n), used: [] };
  const d = directRate(s, from, to);
  if (d) return d;
  const a = directRate(s, from, 'HKD');
  const b = directRate(s, 'HKD', to);
  if (a && b) {
    const r = frac(a.rate.numerator * b.rate.numerator, a.rate.denominator * b.rate.denominator);
    return { rate: r, used: [...a.used, ...b.used] };
  }
  throw new RangeError(`no FX rate from ${from} to ${to} in the scenario (fx)`);
}

/** Minor units of `from` as an exact fraction of minor units of `to`. */
export function convertExact(s: Scenario, minor: Fraction, from: CurrencyCode, to: CurrencyCode): Fraction {
  const r = fxRate(s, from, to).rate;
  const scale = minorUnits(to) - minorUnits(from);
  const up = scale >= 0 ? 10n ** BigInt(scale) : 1n;
  const down = scale < 0 ? 10n ** BigInt(-scale) : 1n;
  return frac(minor.numerator * r.numerator * up, minor.denominator * r.denominator * down);
}

// ---------------------------------------------------------------- numerators

export interface NumeratorCalc {
  readonly numerator: Numerator | null;
  /** The largest financial-year sum, in HKD minor units, exactly. */
  readonly hkd: Fraction;
  /** Every financial year's sum in HKD minor units. */
  readonly byYear: ReadonlyMap<number, Fraction>;
  /** The caps' currency when they share one, else HKD; per-year sums in its minor units. */
  readonly currency: CurrencyCode;
  readonly byYearNative: ReadonlyMap<number, Fraction>;
  /** The sum of all caps over the term, in HKD minor units ("term-total" setting). */
  readonly termTotalHkd: Fraction;
}

const fyName = (y: number): string => `FY${y}`;

/** 14A.78: the largest, over the financial years, of the sum of the caps falling in that year. */
export function numeratorOf(s: Scenario, caps: readonly CapDraft[]): NumeratorCalc {
  const currencies = [...new Set(caps.map((c) => c.amount.currency))];
  const currency: CurrencyCode = currencies.length === 1 ? currencies[0]! : 'HKD';
  const byYear = new Map<number, Fraction>();
  const byYearNative = new Map<number, Fraction>();
  let termTotalHkd = ZERO;
  for (const cap of caps) {
    const hkd = convertExact(s, frac(cap.amount.minor), cap.amount.currency, 'HKD');
    const native = convertExact(s, frac(cap.amount.minor), cap.amount.currency, currency);
    termTotalHkd = add(termTotalHkd, hkd);
    const first = financialYearOf(cap.periodStart, s.issuer.financialYearEnd);
    const last = financialYearOf(cap.periodEnd, s.issuer.financialYearEnd);
    // A period spanning two financial years counts in full in each (the conservative setting).
    for (let y = first; y <= last; y++) {
      byYear.set(y, add(byYear.get(y) ?? ZERO, hkd));
      byYearNative.set(y, add(byYearNative.get(y) ?? ZERO, native));
    }
  }
  let best: number | null = null;
  for (const y of [...byYear.keys()].sort((a, b) => a - b)) {
    if (best === null || compare(byYear.get(y)!, byYear.get(best)!) > 0) best = y;
  }
  if (best === null) {
    return { numerator: null, hkd: ZERO, byYear, currency, byYearNative, termTotalHkd };
  }
  const hkd = byYear.get(best)!;
  const native = byYearNative.get(best)!;
  const round = (f: Fraction): bigint => divRoundHalfUp(f.numerator, f.denominator);
  return {
    numerator: {
      amount: formatMinor(round(native), currency),
      currency,
      amountHkd: formatMinor(round(hkd), 'HKD'),
      financialYear: fyName(best),
    },
    hkd,
    byYear,
    currency,
    byYearNative,
    termTotalHkd,
  };
}

// ---------------------------------------------------------------- ratios and tiers

export interface RatioCalc {
  readonly ratios: Ratio[];
  /** The ratios used to classify (never profits), exact. */
  readonly used: Fraction[];
}

export function ratiosOf(
  s: Scenario,
  numeratorHkd: Fraction,
  shares?: ScenarioAgreement['sharesIssuedAsConsideration'],
): RatioCalc {
  const f = s.issuer.figures;
  const num = convertExact(s, numeratorHkd, 'HKD', f.currency);
  const ratio = (name: Ratio['name'], denominator: bigint, used: boolean): Ratio => {
    if (denominator <= 0n) {
      return {
        name,
        percent: name === 'profits' ? 'not meaningful' : 'n/a',
        exact: null,
        usedForClassification: false,
      };
    }
    const exact = frac(num.numerator, num.denominator * denominator);
    return { name, percent: percentText(exact, 4), exact, usedForClassification: used };
  };
  const ratios: Ratio[] = [
    ratio('assets', f.totalAssets, true),
    ratio('revenue', f.revenue, true),
    ratio('consideration', f.marketCapitalisation, true),
  ];
  if (shares && shares.issuedShares > 0n) {
    const exact = frac(shares.shares, shares.issuedShares);
    ratios.push({
      name: 'equity-capital',
      percent: percentText(exact, 4),
      exact,
      usedForClassification: true,
    });
  } else {
    ratios.push({ name: 'equity-capital', percent: 'n/a', exact: null, usedForClassification: false });
  }
  ratios.push(ratio('profits', f.profits, false));
  return {
    ratios,
    used: ratios.filter((r) => r.usedForClassification && r.exact !== null).map((r) => r.exact!),
  };
}

export interface TierInput {
  /** The exact ratios used to classify (profits excluded). */
  readonly ratios: readonly Fraction[];
  /** "Total consideration" for 14A.76(1)(c) and (2)(b), in HKD minor units. */
  readonly totalConsiderationHkd: Fraction;
  readonly subsidiaryLevelOnly: boolean;
  readonly normalCommercialTerms: boolean;
  readonly boardApproved: boolean;
  readonly inedConfirmed: boolean;
  readonly passiveInvestorExempt?: boolean;
}

export interface TierDecision {
  readonly tier: Exclude<Tier, 'NOT_CONNECTED'>;
  readonly rule: string;
  readonly text: string;
}

const HK3M = frac(300_000_000n); // HK$3,000,000 in cents
const HK10M = frac(1_000_000_000n); // HK$10,000,000 in cents
export const THRESHOLDS = {
  pointOne: percent(1n, 1000n),
  one: percent(1n),
  five: percent(5n),
  twentyFive: percent(25n),
  hk3m: HK3M,
  hk10m: HK10M,
} as const;

/** 14A.76, 14A.101 and 14A.99 on exact values: every threshold is a strict "less than". */
export function decideTier(t: TierInput): TierDecision {
  if (t.passiveInvestorExempt) {
    return {
      tier: 'FULLY_EXEMPT',
      rule: '14A.99',
      text: 'a transaction with an associate of a passive investor: fully exempt',
    };
  }
  const r = t.ratios.reduce(fmax, ZERO);
  const hk = t.totalConsiderationHkd;
  const rText = `${percentText(r, 4)}%`;
  if (t.normalCommercialTerms) {
    if (lessThan(r, THRESHOLDS.pointOne))
      return { tier: 'FULLY_EXEMPT', rule: '14A.76(1)(a)', text: `highest applicable ratio ${rText} < 0.1%` };
    if (t.subsidiaryLevelOnly && lessThan(r, THRESHOLDS.one)) {
      return {
        tier: 'FULLY_EXEMPT',
        rule: '14A.76(1)(b)',
        text: `highest applicable ratio ${rText} < 1% and the connected person is at the subsidiary level only`,
      };
    }
    if (lessThan(r, THRESHOLDS.five) && lessThan(hk, HK3M)) {
      return {
        tier: 'FULLY_EXEMPT',
        rule: '14A.76(1)(c)',
        text: `highest applicable ratio ${rText} < 5% and total consideration ${hkText(hk)} < HK$3,000,000`,
      };
    }
    if (lessThan(r, THRESHOLDS.five)) {
      return {
        tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
        rule: '14A.76(2)(a)',
        text: `highest applicable ratio ${rText} ≥ 0.1% but < 5%`,
      };
    }
    if (lessThan(r, THRESHOLDS.twentyFive) && lessThan(hk, HK10M)) {
      return {
        tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
        rule: '14A.76(2)(b)',
        text: `highest applicable ratio ${rText} < 25% and total consideration ${hkText(hk)} < HK$10,000,000`,
      };
    }
    if (t.subsidiaryLevelOnly && t.boardApproved && t.inedConfirmed) {
      return {
        tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
        rule: '14A.101',
        text: `connected person at the subsidiary level only, on normal commercial terms, approved by the board and confirmed by the INEDs: exempt from the circular, IFA and shareholders' approval whatever the size (highest ratio ${rText})`,
      };
    }
    return {
      tier: 'NON_EXEMPT',
      rule: '14A.76',
      text: `highest applicable ratio ${rText}: no exemption applies (≥ 5%, and not < 25% with total consideration < HK$10,000,000)`,
    };
  }
  return {
    tier: 'NON_EXEMPT',
    rule: '14A.76',
    text: 'not on normal commercial terms or better: the de minimis exemptions and 14A.101 do not apply',
  };
}

const hkText = (cents: Fraction): string =>
  `HK$${formatMinor(divRoundHalfUp(cents.numerator, cents.denominator), 'HKD').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

export const tierRank = (t: Tier): number => TIER_ORDER.indexOf(t);
export const higherTier = (a: Tier, b: Tier): Tier => (tierRank(a) >= tierRank(b) ? a : b);

// ---------------------------------------------------------------- requirements

const R = (code: Requirement['code'], rule: string, text: string): Requirement => ({ code, rule, text });

export function requirementsFor(tier: Tier, deemed = false): Requirement[] {
  if (deemed) {
    return tier === 'FULLY_EXEMPT' || tier === 'NOT_CONNECTED'
      ? []
      : [
          R(
            'INFORM_EXCHANGE',
            '14A.22',
            'inform the Exchange of the proposed transaction and supply information showing whether it should be treated as connected (14A.20–14A.22)',
          ),
        ];
  }
  if (tier === 'NOT_CONNECTED' || tier === 'FULLY_EXEMPT') return [];
  const b = [
    R('WRITTEN_AGREEMENT', '14A.51', 'a written agreement stating the basis for calculating the payments'),
    R(
      'FIXED_TERM',
      '14A.52',
      'a fixed term not exceeding three years (longer only with an IFA explaining why)',
    ),
    R(
      'ANNUAL_CAP',
      tier === 'NON_EXEMPT' ? '14A.53(3)' : '14A.53',
      tier === 'NON_EXEMPT'
        ? 'annual caps in monetary terms, approved by the independent shareholders'
        : 'annual caps in monetary terms',
    ),
    R(
      'RECOMPLY_BEFORE_CAP_EXCEEDED',
      '14A.54',
      're-comply before a cap is exceeded, or the agreement is renewed or materially changed',
    ),
    R(
      'ANNOUNCEMENT',
      '14A.35',
      'an announcement as soon as practicable after the terms are agreed, with the contents of 14A.68',
    ),
    R('ANNUAL_REPORTING', '14A.71', 'disclosure in the annual report'),
    R(
      'INED_ANNUAL_REVIEW',
      '14A.55',
      'annual review and confirmation by the independent non-executive directors',
    ),
    R('AUDITOR_ANNUAL_REVIEW', '14A.56', "the auditor's annual letter on the four matters (14A.56–14A.58)"),
  ];
  if (tier === 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL') return b;
  return [
    ...b,
    R('CIRCULAR', '14A.46', 'a circular to shareholders (14A.46–14A.48, 14A.69–14A.70)'),
    R(
      'IFA',
      '14A.39',
      'an independent financial adviser advising the independent board committee and the shareholders',
    ),
    R('IBC', '14A.40', 'an independent board committee of INEDs with no material interest (14A.39–14A.41)'),
    R(
      'INDEPENDENT_SHAREHOLDERS_APPROVAL',
      '14A.36',
      "independent shareholders' approval at a general meeting; shareholders with a material interest abstain",
    ),
  ];
}

// ---------------------------------------------------------------- groups

/** Parties connected with one another: an associate and its connected person, associates of the same person (14A.82(1)). */
export function connectedGroups(a: ConnectionAnalysis): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (x: string, y: string): void => {
    const rx = find(x);
    const ry = find(y);
    if (rx === ry) return;
    // The smaller id is the representative, so the grouping does not depend on input order.
    if (rx < ry) parent.set(ry, rx);
    else parent.set(rx, ry);
  };
  for (const [party, chains] of [...a.chains.entries()].sort(([x], [y]) => (x < y ? -1 : 1))) {
    for (const c of chains) if (c.root !== party) union(party, c.root);
  }
  const out = new Map<string, string>();
  for (const id of a.reg.ids) out.set(id, find(id));
  return out;
}

// ---------------------------------------------------------------- passive investors (14A.99–14A.100)

export function passiveInvestorExemption(
  a: ConnectionAnalysis,
  agreement: ScenarioAgreement,
): { exempt: boolean; steps: BasisStep[] } {
  const chains = a.chains.get(agreement.counterparty) ?? [];
  if (chains.length === 0) return { exempt: false, steps: [] };
  const steps: BasisStep[] = [];
  for (const c of chains) {
    const investor = a.reg.parties.get(c.root);
    const facts = investor?.passiveInvestor ?? null;
    if (c.kind !== 'associate' || facts === null) return { exempt: false, steps: [] };
    const rootChains = a.chains.get(c.root) ?? [];
    const onlySS =
      rootChains.length > 0 &&
      rootChains.every((r) => r.kind === 'core' && r.role === 'substantial-shareholder');
    const vp = votingPower(a.reg, new Set([c.root]), a.reg.issuerId);
    const controlling =
      !lessThan(vp, THIRTY_PERCENT) || hasBoardControl(a.reg, new Set([c.root]), a.reg.issuerId);
    const fails: string[] = [];
    if (!onlySS) fails.push('it is connected otherwise than as a substantial shareholder');
    if (controlling) fails.push('it is a controlling shareholder');
    if (facts.boardRepresentation) fails.push('it has board representation');
    if (facts.managementInvolvement) fails.push('it is involved in management (including veto rights)');
    if (!facts.independentOfInsiders)
      fails.push(
        'it is not independent of the directors, chief executive and other substantial shareholders',
      );
    if (agreement.revenueNatureOrdinaryCourse !== true)
      fails.push(
        'the transaction is not stated to be of a revenue nature in the ordinary and usual course of business',
      );
    if (!agreement.normalCommercialTerms)
      fails.push('the transaction is not on normal commercial terms or better');
    if (fails.length > 0) {
      return {
        exempt: false,
        steps: [
          step(
            '14A.99',
            `the passive-investor exemption does not apply to ${nameOf(a.reg, c.root)}: ${fails.join('; ')}`,
          ),
        ],
      };
    }
    steps.push(
      step(
        '14A.99',
        `${nameOf(a.reg, c.root)} is a passive investor (${facts.kind}) connected only as a substantial shareholder (${percentText(vp, 2)}%, not controlling), without board representation or management involvement and independent of insiders; the transaction is revenue in nature, in the ordinary course and on normal commercial terms: fully exempt (14A.99–14A.100)`,
      ),
    );
  }
  return { exempt: true, steps };
}

// ---------------------------------------------------------------- the classification

const money = (amount: string, currency: CurrencyCode): string => {
  const minor = BigInt(amount.replace('.', '').replace('-', '')) * (amount.startsWith('-') ? -1n : 1n);
  return formatMillions({ currency, minor });
};

// The exact figure beside the rounded one: a threshold such as HK$10,000,000 is tested on it.
const numeratorLine = (n: Numerator): string =>
  `${money(n.amount, n.currency)} (${n.financialYear})${n.currency === 'HKD' ? ` (HK$${n.amountHkd})` : ` = ${money(n.amountHkd, 'HKD')} (HK$${n.amountHkd})`}`;

const ratioLine = (ratios: readonly Ratio[]): string =>
  ratios
    .map(
      (r) =>
        `${r.name} ${r.percent}${r.percent.includes('n') ? '' : '%'}${r.usedForClassification || r.exact === null ? '' : ' (not used)'}`,
    )
    .join(', ');

export function classifyWith(scenario: Scenario, analysis: ConnectionAnalysis): ClassificationResult {
  const byId = new Map(analysis.connections.map((c) => [c.id, c]));
  const groups = connectedGroups(analysis);
  const fxUsed = new Map<string, { from: CurrencyCode; to: CurrencyCode; rate: string }>();
  for (const a of scenario.agreements) {
    for (const c of a.draft.caps) {
      for (const u of fxRate(scenario, c.amount.currency, 'HKD').used) fxUsed.set(`${u.from}>${u.to}`, u);
    }
  }
  for (const u of fxRate(scenario, 'HKD', scenario.issuer.figures.currency).used)
    fxUsed.set(`${u.from}>${u.to}`, u);
  const total = (n: NumeratorCalc): Fraction =>
    scenario.options.totalConsideration === 'term-total' ? n.termTotalHkd : n.hkd;

  const status = (id: string): 'connected' | 'deemed' | 'none' =>
    byId.get(id)?.connected ? 'connected' : byId.get(id)?.deemedReview ? 'deemed' : 'none';
  const groupKey = (a: ScenarioAgreement): string =>
    status(a.counterparty) === 'connected'
      ? `c:${groups.get(a.counterparty) ?? a.counterparty}`
      : `s:${a.counterparty}`;

  const inputFor = (
    agreements: readonly ScenarioAgreement[],
    n: NumeratorCalc,
    shares?: ScenarioAgreement['sharesIssuedAsConsideration'],
  ) => {
    const ratios = ratiosOf(scenario, n.hkd, shares);
    const subLevel = agreements.every((a) => byId.get(a.counterparty)?.subsidiaryLevelOnly === true);
    const passive = agreements.every((a) => passiveInvestorExemption(analysis, a).exempt);
    return {
      ratios,
      input: {
        ratios: ratios.used,
        totalConsiderationHkd: total(n),
        subsidiaryLevelOnly: subLevel,
        normalCommercialTerms: agreements.every((a) => a.normalCommercialTerms),
        boardApproved: agreements.every((a) => a.boardApproved),
        inedConfirmed: agreements.every((a) => a.inedConfirmed),
        passiveInvestorExempt: passive,
      } satisfies TierInput,
    };
  };

  // Aggregates, one per group of parties connected with one another that has agreements.
  const groupAgreements = new Map<string, ScenarioAgreement[]>();
  for (const a of scenario.agreements)
    groupAgreements.set(groupKey(a), [...(groupAgreements.get(groupKey(a)) ?? []), a]);
  const aggregates: AggregateClassification[] = [];
  const aggregateByKey = new Map<string, { agg: AggregateClassification; decision: TierDecision | null }>();
  for (const key of [...groupAgreements.keys()].sort()) {
    const members = groupAgreements.get(key)!;
    const n = numeratorOf(
      scenario,
      members.flatMap((a) => a.draft.caps),
    );
    const { ratios, input } = inputFor(members, n);
    const connected = key.startsWith('c:');
    const decision = connected && n.numerator !== null ? decideTier(input) : null;
    const agg: AggregateClassification = {
      partyIds: [...new Set(members.map((m) => m.counterparty))].sort(),
      agreementIds: members.map((m) => m.id),
      numerator: n.numerator,
      tier: connected ? (decision?.tier ?? 'FULLY_EXEMPT') : 'NOT_CONNECTED',
      ratios: ratios.ratios,
      tierRule: decision?.rule ?? (connected ? '14A.53' : '14A.07'),
    };
    aggregates.push(agg);
    aggregateByKey.set(key, { agg, decision });
  }

  const agreements: AgreementClassification[] = scenario.agreements.map((a) => {
    const conn = byId.get(a.counterparty);
    const st = status(a.counterparty);
    const explanation: BasisStep[] = [];
    const findings: BasisStep[] = [];
    const cpName = nameOf(analysis.reg, a.counterparty);
    explanation.push(...(conn?.basis ?? [step('14A.07', `${a.counterparty} is not in the register`)]));
    // Terms (14A.52) and caps (14A.53).
    for (const c of a.draft.categories) {
      if (c.termEnd > latestTermEnd(c.termStart)) {
        findings.push(
          c.ifaOpinion
            ? step(
                '14A.52',
                `${c.name.en}: the term ${c.termStart} to ${c.termEnd} exceeds three years; an IFA opinion (${c.ifaOpinion.adviser}, ${c.ifaOpinion.date}) explains why: valid`,
              )
            : step(
                '14A.52',
                `${c.name.en}: the term ${c.termStart} to ${c.termEnd} exceeds three years without an IFA opinion: invalid, block activation`,
              ),
        );
      }
      if (!a.draft.caps.some((cap) => cap.categoryKeys.includes(c.key))) {
        findings.push(
          step('14A.53', `${c.name.en}: no annual cap: a CCT must have annual caps in monetary terms`),
        );
      }
    }
    const categories: CategoryClassification[] = a.draft.categories.map((c) => {
      const n = numeratorOf(
        scenario,
        a.draft.caps.filter((cap) => cap.categoryKeys.includes(c.key)),
      );
      const { ratios, input } = inputFor([a], n, a.sharesIssuedAsConsideration);
      const tier: Tier =
        st === 'connected' && n.numerator !== null ? decideTier(input).tier : 'NOT_CONNECTED';
      if (n.numerator)
        explanation.push(
          step(
            '14A.78',
            `${c.name.en}: largest annual cap ${numeratorLine(n.numerator)}; ratios ${ratioLine(ratios.ratios)}`,
          ),
        );
      return { key: c.key, name: c.name, numerator: n.numerator, ratios: ratios.ratios, tier };
    });
    const n = numeratorOf(scenario, a.draft.caps);
    const { ratios, input } = inputFor([a], n, a.sharesIssuedAsConsideration);
    const fx = [...fxUsed.values()]
      .map((u) => `${displayCurrency(u.from)}1 = ${displayCurrency(u.to)}${u.rate}`)
      .join('; ');
    if (n.numerator) {
      explanation.push(
        step(
          '14A.78',
          `the agreement's categories together: the largest sum of caps in a financial year is ${numeratorLine(n.numerator)}${fx ? ` at ${fx}` : ''}; ratios ${ratioLine(ratios.ratios)}; the profits ratio is never used`,
        ),
      );
    }
    const individual = n.numerator !== null ? decideTier(input) : null;
    const aggEntry = aggregateByKey.get(groupKey(a))!;
    const base = {
      id: a.id,
      numerator: n.numerator,
      ratios: ratios.ratios,
      findings,
      name: a.draft.name,
      counterpartyId: a.counterparty,
      counterpartyName: analysis.reg.parties.get(a.counterparty)?.name ?? a.draft.counterparty.name,
      categories,
    };
    if (st !== 'connected') {
      const would =
        individual && aggEntry.decision
          ? higherTier(individual.tier, aggEntry.decision.tier)
          : (individual?.tier ?? 'FULLY_EXEMPT');
      const wouldDecision = individual ?? null;
      if (st === 'deemed') {
        explanation.push(
          step(
            '14A.22',
            `${cpName} is a possible deemed connected person, not connected: if it were, the agreement would be ${would}${wouldDecision ? ` (${wouldDecision.rule}: ${wouldDecision.text})` : ''}; ${would === 'FULLY_EXEMPT' ? 'fully exempt, so the Exchange need not be informed' : 'inform the Exchange before entering into it'}`,
          ),
        );
      } else {
        explanation.push(
          step(
            '14A.07',
            `${cpName} is not a connected person: the agreement is not a connected transaction under Chapter 14A`,
          ),
        );
      }
      return {
        ...base,
        individualTier: 'NOT_CONNECTED',
        tier: 'NOT_CONNECTED',
        requirements: st === 'deemed' ? requirementsFor(would, true) : [],
        explanation,
        tierRule: st === 'deemed' ? '14A.22' : '14A.07',
        ...(st === 'deemed' ? { deemedTier: would } : {}),
      };
    }
    const passive = passiveInvestorExemption(analysis, a);
    explanation.push(...passive.steps);
    if (individual === null) {
      findings.push(
        step('14A.53', 'the agreement has no caps: it cannot be classified until annual caps are set'),
      );
    } else {
      explanation.push(step(individual.rule, `individually: ${individual.text}: ${individual.tier}`));
    }
    const aggDecision = aggEntry.decision;
    if (aggDecision && aggEntry.agg.numerator) {
      const others = aggEntry.agg.agreementIds.filter((x) => x !== a.id);
      explanation.push(
        step(
          '14A.81–14A.83',
          `aggregated with ${others.length === 0 ? 'no other agreement' : `agreements ${others.join(', ')}`} of the parties connected with one another (${aggEntry.agg.partyIds.map((p) => nameOf(analysis.reg, p)).join(', ')}): largest annual sum ${numeratorLine(aggEntry.agg.numerator)}; ${aggDecision.rule}: ${aggDecision.text}: ${aggDecision.tier}`,
        ),
      );
    }
    const individualTier: Tier = individual?.tier ?? 'FULLY_EXEMPT';
    const tier = aggDecision ? higherTier(individualTier, aggDecision.tier) : individualTier;
    const decidedBy =
      aggDecision && tierRank(aggDecision.tier) > tierRank(individualTier)
        ? aggDecision
        : (individual ?? aggDecision);
    explanation.push(
      step('14A.81', `classified on the higher of the individual and the aggregate tier: ${tier}`),
    );
    return {
      ...base,
      individualTier,
      tier,
      requirements: requirementsFor(tier),
      explanation,
      tierRule: decidedBy?.rule ?? '14A.53',
    };
  });

  return {
    asOf: scenario.asOf,
    parties: analysis.connections,
    agreements,
    aggregates,
    fx: [...fxUsed.values()].sort((x, y) => (`${x.from}${x.to}` < `${y.from}${y.to}` ? -1 : 1)),
  };
}

export function classifyScenario(scenario: Scenario): ClassificationResult {
  return classifyWith(scenario, analyseConnections(scenario));
}

export { analyseConnections };
