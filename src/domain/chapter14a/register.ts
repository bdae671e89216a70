/**
 * The register as of a date: which relationships are in force, who holds what, who controls whom,
 * and the issuer's subsidiaries. Everything is computed from sorted data, so no result depends on the
 * order of the relationships in the scenario.
 */
import { anniversary, type CalendarDate } from '../dates.js';
import { add, atLeast, compare, frac, percent, sub, ZERO } from './fraction.js';
import type { FamilyRelation, Fraction, Party, Scenario, Validity } from './types.js';

export interface Holding {
  readonly holder: string;
  readonly company: string;
  readonly percent: Fraction;
  readonly through: Fraction;
}

export interface Role {
  readonly kind: 'director' | 'chief-executive' | 'supervisor';
  readonly person: string;
  readonly company: string;
  readonly from: CalendarDate | null;
  readonly to: CalendarDate | null;
}

/** Family ties seen from `from`: `relation` is what `to` is to `from`. Both directions are kept. */
export interface FamilyTie {
  readonly from: string;
  readonly to: string;
  readonly relation: FamilyRelation | 'relative';
}

export interface SubsidiaryYear {
  readonly year: number;
  readonly assetsRatio: Fraction;
  readonly profitsRatio: Fraction;
  readonly revenueRatio: Fraction;
}

export interface Register {
  readonly scenario: Scenario;
  readonly asOf: CalendarDate;
  readonly issuerId: string;
  readonly parties: ReadonlyMap<string, Party>;
  /** Party ids, sorted. */
  readonly ids: readonly string[];
  readonly holdings: readonly Holding[];
  readonly boardControl: readonly { holder: string; company: string }[];
  /** Roles in force at asOf. */
  readonly roles: readonly Role[];
  /** Director roles that ended in the 12 months before asOf (14A.07(2)). */
  readonly pastDirectors: readonly Role[];
  /** Shareholdings that ended in the 12 months before asOf (only read when the look-back setting asks). */
  readonly pastHoldings: readonly Holding[];
  readonly family: readonly FamilyTie[];
  readonly trusts: readonly { trustee: string; beneficiary: string }[];
  readonly figures: ReadonlyMap<string, readonly SubsidiaryYear[]>;
  readonly issuerSubsidiaries: ReadonlySet<string>;
  readonly whollyOwned: ReadonlySet<string>;
  readonly majority: (f: Fraction) => boolean;
}

export const ONE = frac(1n);
export const TEN_PERCENT = percent(10n);
export const THIRTY_PERCENT = percent(30n);
const HALF = percent(50n);

export const inForce = (v: Validity, asOf: CalendarDate): boolean =>
  (v.from === null || v.from <= asOf) && (v.to === null || v.to >= asOf);

const INVERSE: Partial<Record<FamilyRelation, FamilyRelation>> = {
  spouse: 'spouse',
  cohabitant: 'cohabitant',
  child: 'parent',
  parent: 'child',
  'step-child': 'step-parent',
  'step-parent': 'step-child',
  sibling: 'sibling',
  'step-sibling': 'step-sibling',
  grandparent: 'grandchild',
  grandchild: 'grandparent',
  cousin: 'cousin',
  'sibling-in-law': 'sibling-in-law',
  'brother-in-law': 'sibling-in-law',
  'sister-in-law': 'sibling-in-law',
};

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T): number => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };

export function buildRegister(scenario: Scenario): Register {
  const asOf = scenario.asOf;
  const issuerId = scenario.issuer.id;
  const parties = new Map(scenario.parties.map((p) => [p.id, p]));
  const ids = [...parties.keys()].sort();
  const yearAgo = anniversary(asOf, -1);
  const holdings: Holding[] = [];
  const pastHoldings: Holding[] = [];
  const boardControl: { holder: string; company: string }[] = [];
  const roles: Role[] = [];
  const pastDirectors: Role[] = [];
  const family: FamilyTie[] = [];
  const trusts: { trustee: string; beneficiary: string }[] = [];
  const figures = new Map<string, SubsidiaryYear[]>();
  for (const r of scenario.relationships) {
    if (r.kind === 'subsidiary-figures') {
      const list = figures.get(r.company) ?? [];
      list.push(...r.years);
      figures.set(r.company, list);
      continue;
    }
    const current = inForce(r, asOf);
    const endedWithinYear = r.to !== null && r.to < asOf && r.to >= yearAgo;
    switch (r.kind) {
      case 'shareholding': {
        const h = {
          holder: r.holder,
          company: r.company,
          percent: r.percent,
          through: r.percentThroughIssuerGroup ?? ZERO,
        };
        if (current) holdings.push(h);
        else if (endedWithinYear) pastHoldings.push(h);
        break;
      }
      case 'board-control':
        if (current) boardControl.push({ holder: r.holder, company: r.company });
        break;
      case 'director':
      case 'chief-executive':
      case 'supervisor': {
        const role = { kind: r.kind, person: r.person, company: r.company, from: r.from, to: r.to };
        if (current) roles.push(role);
        else if (r.kind === 'director' && endedWithinYear && (r.from === null || r.from <= r.to))
          pastDirectors.push(role);
        break;
      }
      case 'family':
        if (current) {
          family.push({ from: r.person, to: r.relative, relation: r.relation });
          family.push({ from: r.relative, to: r.person, relation: INVERSE[r.relation] ?? 'relative' });
        }
        break;
      case 'trust':
        if (current) trusts.push({ trustee: r.trustee, beneficiary: r.beneficiary });
        break;
    }
  }
  const holdingKey = (h: Holding): string => `${h.company}\u0000${h.holder}`;
  holdings.sort(byKey(holdingKey));
  pastHoldings.sort(byKey(holdingKey));
  boardControl.sort(byKey((b) => `${b.company}\u0000${b.holder}`));
  const roleKey = (r: Role): string =>
    `${r.person}\u0000${r.company}\u0000${r.kind}\u0000${r.from ?? ''}\u0000${r.to ?? ''}`;
  roles.sort(byKey(roleKey));
  pastDirectors.sort(byKey(roleKey));
  family.sort(byKey((f) => `${f.from}\u0000${f.to}\u0000${f.relation}`));
  trusts.sort(byKey((t) => `${t.beneficiary}\u0000${t.trustee}`));
  for (const list of figures.values()) list.sort((a, b) => b.year - a.year);

  const majority =
    scenario.options.majorityControl === '50-or-more'
      ? (f: Fraction) => atLeast(f, HALF)
      : (f: Fraction) => compare(f, HALF) > 0;

  const base = { holdings, boardControl, majority };
  const issuerSubsidiaries = controlledBy(base, new Set([issuerId]), new Set([issuerId]));
  const whollyOwned = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const c of [...issuerSubsidiaries].sort()) {
      if (whollyOwned.has(c)) continue;
      const owned = holdings
        .filter((h) => h.company === c && (h.holder === issuerId || whollyOwned.has(h.holder)))
        .reduce((a, h) => add(a, h.percent), ZERO);
      if (atLeast(owned, ONE)) {
        whollyOwned.add(c);
        changed = true;
      }
    }
  }
  return {
    scenario,
    asOf,
    issuerId,
    parties,
    ids,
    holdings,
    boardControl,
    roles,
    pastDirectors,
    pastHoldings,
    family,
    trusts,
    figures,
    issuerSubsidiaries,
    whollyOwned,
    majority,
  };
}

type ControlBase = Pick<Register, 'holdings' | 'boardControl' | 'majority'>;

/**
 * The companies controlled (more than 50% of the votes, or the board) by `holders` together,
 * directly or through companies so controlled. `excluded` companies are neither results nor
 * intermediaries (the issuer and its group, for 14A.14).
 */
export function controlledBy(
  reg: ControlBase,
  holders: ReadonlySet<string>,
  excluded: ReadonlySet<string>,
): Set<string> {
  const result = new Set<string>();
  const companies = [
    ...new Set(reg.holdings.map((h) => h.company).concat(reg.boardControl.map((b) => b.company))),
  ].sort();
  for (let changed = true; changed;) {
    changed = false;
    for (const c of companies) {
      if (result.has(c) || excluded.has(c) || holders.has(c)) continue;
      const inGroup = (id: string): boolean => holders.has(id) || result.has(id);
      const votes = reg.holdings
        .filter((h) => h.company === c && inGroup(h.holder))
        .reduce((a, h) => add(a, h.percent), ZERO);
      if (reg.majority(votes) || reg.boardControl.some((b) => b.company === c && inGroup(b.holder))) {
        result.add(c);
        changed = true;
      }
    }
  }
  return result;
}

/** Voting power in `company` held directly by any of `holders`; `outsideIssuer` drops the part held through the issuer's group. */
export function votingPower(
  reg: Pick<Register, 'holdings'>,
  holders: ReadonlySet<string>,
  company: string,
  outsideIssuer = false,
): Fraction {
  return reg.holdings
    .filter((h) => h.company === company && holders.has(h.holder))
    .reduce((a, h) => add(a, outsideIssuer ? sub(h.percent, h.through) : h.percent), ZERO);
}

export const hasBoardControl = (
  reg: Pick<Register, 'boardControl'>,
  holders: ReadonlySet<string>,
  company: string,
): boolean => reg.boardControl.some((b) => b.company === company && holders.has(b.holder));

export const nameOf = (reg: Pick<Register, 'parties' | 'scenario'>, id: string): string =>
  id === reg.scenario.issuer.id ? reg.scenario.issuer.name.en : (reg.parties.get(id)?.name.en ?? id);

export const nameZhOf = (reg: Pick<Register, 'parties' | 'scenario'>, id: string): string => {
  const name = id === reg.scenario.issuer.id ? reg.scenario.issuer.name : reg.parties.get(id)?.name;
  return name?.['zh-Hant'] ?? name?.en ?? id;
};

export const isCompany = (reg: Pick<Register, 'parties' | 'issuerId'>, id: string): boolean =>
  id === reg.issuerId || reg.parties.get(id)?.kind === 'company' || !reg.parties.has(id);
