/**
 * Connected persons as of a date (14A.07–14A.22): core persons (directors, chief executives,
 * supervisors, substantial shareholders of the issuer or a subsidiary, past directors), their
 * associates (14A.12–14A.14), connected subsidiaries (14A.16), the exceptions (14A.09, 14A.10,
 * 14A.18) and the deemed-connected review (14A.20–14A.22). Each basis is a chain of rule steps.
 */
import { anniversary, type CalendarDate } from '../dates.js';
import { add, atLeast, compare, lessThan, percent, percentShort, ZERO } from './fraction.js';
import {
  buildRegister,
  controlledBy,
  hasBoardControl,
  inForce,
  nameOf,
  nameZhOf,
  TEN_PERCENT,
  THIRTY_PERCENT,
  votingPower,
  type Register,
} from './register.js';
import type { BasisStep, Fraction, PartyConnection, Scenario } from './types.js';

export const step = (rule: string, text: string, textZh?: string): BasisStep =>
  textZh === undefined ? { rule, text } : { rule, text, textZh };

export interface Chain {
  readonly party: string;
  readonly level: 'issuer' | 'subsidiary';
  readonly kind: 'core' | 'associate' | 'connected-subsidiary' | 'deemed';
  /** The 14A.07(1)–(3) person the chain starts from. */
  readonly root: string;
  /** Subsidiaries a subsidiary-level core chain links to (14A.09). */
  readonly subsidiaries: readonly string[];
  readonly steps: readonly BasisStep[];
  /** For a core chain: the 14A.07 role. */
  readonly role?: 'director' | 'chief-executive' | 'supervisor' | 'past-director' | 'substantial-shareholder';
}

const chainKey = (c: Chain): string =>
  `${c.level === 'issuer' ? 0 : 1}\u0000${c.steps.map((s) => `${s.rule} ${s.text}`).join('\u0001')}`;

const sortChains = (chains: readonly Chain[]): Chain[] => {
  const seen = new Map<string, Chain>();
  for (const c of chains) if (!seen.has(chainKey(c))) seen.set(chainKey(c), c);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
};

const pct = (f: Fraction): string => `${percentShort(f)}%`;
const list = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

const ROLE_EN = {
  director: 'a director',
  'chief-executive': 'the chief executive',
  supervisor: 'a supervisor',
};
const ROLE_ZH = { director: '董事', 'chief-executive': '行政總裁', supervisor: '監事' };

function issuerGroup(reg: Register): Set<string> {
  return new Set([reg.issuerId, ...reg.issuerSubsidiaries]);
}

/** Holders, with the companies they control outside the issuer's group, and what each holds in `company`. */
function holdersText(
  reg: Register,
  holders: ReadonlySet<string>,
  company: string,
  outsideIssuer = false,
): string {
  return reg.holdings
    .filter((h) => h.company === company && holders.has(h.holder))
    .map(
      (h) =>
        `${nameOf(reg, h.holder)} ${pct(outsideIssuer ? { numerator: h.percent.numerator * h.through.denominator - h.through.numerator * h.percent.denominator, denominator: h.percent.denominator * h.through.denominator } : h.percent)}`,
    )
    .join(', ');
}

/** 14A.07(1)–(3) persons, before the exceptions. */
export function corePersons(reg: Register): Chain[] {
  const chains: Chain[] = [];
  const group = issuerGroup(reg);
  for (const r of reg.roles) {
    const level =
      r.company === reg.issuerId ? 'issuer' : reg.issuerSubsidiaries.has(r.company) ? 'subsidiary' : null;
    if (level === null) continue;
    const rule = r.kind === 'supervisor' ? '14A.07(3)' : '14A.07(1)';
    const where = level === 'issuer' ? 'the issuer' : `${nameOf(reg, r.company)}, a subsidiary of the issuer`;
    const whereZh = level === 'issuer' ? '本公司' : `本公司附屬公司${nameZhOf(reg, r.company)}`;
    chains.push({
      party: r.person,
      level,
      kind: 'core',
      root: r.person,
      subsidiaries: level === 'subsidiary' ? [r.company] : [],
      role: r.kind,
      steps: [
        step(
          rule,
          `${nameOf(reg, r.person)} is ${ROLE_EN[r.kind]} of ${where}`,
          `${nameZhOf(reg, r.person)}為${whereZh}的${ROLE_ZH[r.kind]}`,
        ),
      ],
    });
  }
  for (const r of reg.pastDirectors) {
    const level =
      r.company === reg.issuerId ? 'issuer' : reg.issuerSubsidiaries.has(r.company) ? 'subsidiary' : null;
    if (level === null || r.to === null) continue;
    const where = level === 'issuer' ? 'the issuer' : `${nameOf(reg, r.company)}, a subsidiary of the issuer`;
    chains.push({
      party: r.person,
      level,
      kind: 'core',
      root: r.person,
      subsidiaries: level === 'subsidiary' ? [r.company] : [],
      role: 'past-director',
      steps: [
        step(
          '14A.07(2)',
          `${nameOf(reg, r.person)} was a director of ${where} until ${r.to}, within the 12 months before ${reg.asOf}`,
          `${nameZhOf(reg, r.person)}於過去十二個月內（至${r.to}）曾為${level === 'issuer' ? '本公司' : `本公司附屬公司${nameZhOf(reg, r.company)}`}的董事`,
        ),
      ],
    });
  }
  const companies = [reg.issuerId, ...[...reg.issuerSubsidiaries].sort()];
  for (const p of reg.ids) {
    if (group.has(p)) continue;
    const controlled = controlledBy(reg, new Set([p]), group);
    const holders = new Set([p, ...controlled]);
    for (const c of companies) {
      const vp = votingPower(reg, holders, c);
      if (!atLeast(vp, TEN_PERCENT)) continue;
      const direct = votingPower(reg, new Set([p]), c);
      const via =
        compare(direct, vp) === 0
          ? ''
          : ` (directly or through ${list([...controlled].filter((x) => compare(votingPower(reg, new Set([x]), c), ZERO) > 0).map((x) => nameOf(reg, x)))})`;
      const isIssuer = c === reg.issuerId;
      chains.push({
        party: p,
        level: isIssuer ? 'issuer' : 'subsidiary',
        kind: 'core',
        root: p,
        subsidiaries: isIssuer ? [] : [c],
        role: 'substantial-shareholder',
        steps: [
          step(
            '14A.07(1)',
            isIssuer
              ? `${nameOf(reg, p)} holds ${pct(vp)}${via} ≥ 10% of the issuer: a substantial shareholder`
              : `${nameOf(reg, p)} holds ${pct(vp)}${via} ≥ 10% of ${nameOf(reg, c)}, a subsidiary of the issuer: a substantial shareholder of a subsidiary`,
            isIssuer
              ? `${nameZhOf(reg, p)}${via === '' ? '' : '直接及間接'}持有本公司約${pct(vp)}股份，為本公司的主要股東`
              : `${nameZhOf(reg, p)}持有本公司附屬公司${nameZhOf(reg, c)}約${pct(vp)}股份，為該附屬公司的主要股東`,
          ),
        ],
      });
    }
  }
  if (reg.scenario.options.formerSubstantialShareholderLookBack === '12-months') {
    const current = new Set(chains.filter((c) => c.kind === 'core').map((c) => c.party));
    for (const p of reg.ids) {
      if (group.has(p) || current.has(p)) continue;
      const past = reg.pastHoldings.filter((h) => h.holder === p && h.company === reg.issuerId);
      const vp = past.reduce((a, h) => add(a, h.percent), ZERO);
      if (!atLeast(vp, TEN_PERCENT)) continue;
      chains.push({
        party: p,
        level: 'issuer',
        kind: 'core',
        root: p,
        subsidiaries: [],
        role: 'substantial-shareholder',
        steps: [
          step(
            '14A.07(1)',
            `${nameOf(reg, p)} held ${pct(vp)} ≥ 10% of the issuer within the 12 months before ${reg.asOf}: a former substantial shareholder (the look-back setting)`,
          ),
        ],
      });
    }
  }
  return chains;
}

/** Notes for parties below a threshold, shown when they are not connected. */
function holdingNotes(reg: Register): Map<string, BasisStep[]> {
  const notes = new Map<string, BasisStep[]>();
  const push = (id: string, s: BasisStep): void => {
    notes.set(id, [...(notes.get(id) ?? []), s]);
  };
  const group = issuerGroup(reg);
  for (const p of reg.ids) {
    if (group.has(p)) continue;
    const holders = new Set([p, ...controlledBy(reg, new Set([p]), group)]);
    const vp = votingPower(reg, holders, reg.issuerId);
    if (compare(vp, ZERO) > 0 && lessThan(vp, TEN_PERCENT)) {
      push(
        p,
        step(
          '14A.07(1)',
          `${nameOf(reg, p)} holds ${pct(vp)} < 10% of the issuer: not a substantial shareholder`,
        ),
      );
    }
  }
  const yearAgo = anniversary(reg.asOf, -1);
  for (const r of reg.scenario.relationships) {
    if (
      r.kind === 'director' &&
      r.to !== null &&
      r.to < yearAgo &&
      (r.company === reg.issuerId || reg.issuerSubsidiaries.has(r.company))
    ) {
      push(
        r.person,
        step(
          '14A.07(2)',
          `${nameOf(reg, r.person)} ceased to be a director of ${nameOf(reg, r.company)} on ${r.to}, more than 12 months before ${reg.asOf}`,
        ),
      );
    }
  }
  return notes;
}

/** 14A.09: a set of subsidiaries is insignificant when every ratio is < 10% in each of the latest 3 years, or < 5% in the latest. */
export function insignificance(
  reg: Pick<Register, 'figures' | 'parties' | 'scenario'>,
  subsidiaries: readonly string[],
): { insignificant: boolean; step: BasisStep } {
  const names = list(subsidiaries.map((s) => nameOf(reg, s)));
  const perSub = subsidiaries.map((s) => reg.figures.get(s));
  if (subsidiaries.length === 0 || perSub.some((f) => f === undefined || f.length === 0)) {
    return {
      insignificant: false,
      step: step(
        '14A.09',
        `no figures for ${names}: the insignificant-subsidiary exception cannot be applied`,
      ),
    };
  }
  const years = [...new Set(perSub.flatMap((f) => f!.map((y) => y.year)))]
    .filter((y) => perSub.every((f) => f!.some((x) => x.year === y)))
    .sort((a, b) => b - a);
  const aggregated = years.map((year) => {
    const rows = perSub.map((f) => f!.find((x) => x.year === year)!);
    return {
      year,
      ratios: [
        rows.reduce((a, r) => add(a, r.assetsRatio), ZERO),
        rows.reduce((a, r) => add(a, r.profitsRatio), ZERO),
        rows.reduce((a, r) => add(a, r.revenueRatio), ZERO),
      ],
    };
  });
  const latest = aggregated[0];
  const last3 = aggregated.slice(0, 3);
  const fmtYear = (y: { year: number; ratios: Fraction[] }): string =>
    `${y.year}: assets ${pct(y.ratios[0]!)}, profits ${pct(y.ratios[1]!)}, revenue ${pct(y.ratios[2]!)}`;
  const agg = subsidiaries.length > 1 ? ' (aggregated, 14A.09(2))' : '';
  const figuresText = last3.map(fmtYear).join('; ');
  if (latest === undefined) {
    return { insignificant: false, step: step('14A.09', `no common years of figures for ${names}`) };
  }
  if (last3.every((y) => y.ratios.every((r) => lessThan(r, TEN_PERCENT)))) {
    return {
      insignificant: true,
      step: step(
        '14A.09(1)(a)',
        `${names}${agg}: every ratio < 10% in each of the latest ${last3.length} financial years (${figuresText}): an insignificant subsidiary`,
      ),
    };
  }
  if (latest.ratios.every((r) => lessThan(r, percent(5n)))) {
    return {
      insignificant: true,
      step: step(
        '14A.09(1)(b)',
        `${names}${agg}: every ratio < 5% in the latest financial year (${fmtYear(latest)}): an insignificant subsidiary`,
      ),
    };
  }
  return {
    insignificant: false,
    step: step(
      '14A.09(1)',
      `${names}${agg} is not an insignificant subsidiary: not every ratio is < 10% in each of the latest 3 years nor < 5% in the latest (${figuresText})`,
    ),
  };
}

const IMMEDIATE_CHILD = new Set(['child', 'step-child']);
const FAMILY_MEMBER = new Set([
  'cohabitant',
  'child',
  'step-child',
  'parent',
  'step-parent',
  'sibling',
  'step-sibling',
]);
const RELATION_EN: Record<string, string> = {
  'step-child': 'step-child',
  'step-parent': 'step-parent',
  'step-sibling': 'step-sibling',
  cohabitant: 'cohabitant (as a spouse)',
  relative: 'relative',
};

function isMinor(reg: Register, id: string): { minor: boolean; text: string } {
  const birth = reg.parties.get(id)?.birthDate ?? null;
  if (birth === null) return { minor: true, text: 'no birth date recorded: treated as under 18' };
  const eighteenth: CalendarDate = anniversary(birth, 18);
  return eighteenth > reg.asOf
    ? { minor: true, text: `born ${birth}, under 18 on ${reg.asOf}` }
    : { minor: false, text: `born ${birth}, 18 or over on ${reg.asOf}` };
}

export interface Association {
  readonly party: string;
  readonly steps: readonly BasisStep[];
}

export interface Associations {
  readonly associates: Association[];
  readonly deemed: Association[];
  /** Companies excluded by 14A.14, with the reason. */
  readonly excluded: Association[];
}

/** The associates of `x` (14A.12 for an individual, 14A.13 for a company), its 14A.21 relatives, and the 14A.14 exclusions. */
export function associatesOf(reg: Register, x: string): Associations {
  const associates: Association[] = [];
  const deemed: Association[] = [];
  const excluded: Association[] = [];
  const found = new Set<string>([x]);
  const group = issuerGroup(reg);
  const companies = [
    ...new Set(reg.holdings.map((h) => h.company).concat(reg.boardControl.map((b) => b.company))),
  ]
    .filter((c) => c !== reg.issuerId)
    .sort();
  const X = nameOf(reg, x);
  const XZh = nameZhOf(reg, x);
  const addAssoc = (party: string, steps: BasisStep[]): void => {
    if (found.has(party) || party === reg.issuerId) return;
    found.add(party);
    associates.push({ party, steps });
  };
  const addSubsidiaries = (c: string, base: BasisStep[], rule: string): void => {
    for (const s of [...controlledBy(reg, new Set([c]), group)].sort()) {
      addAssoc(s, [
        ...base,
        step(
          rule,
          `${nameOf(reg, s)} is a subsidiary of ${nameOf(reg, c)}`,
          `${nameZhOf(reg, s)}為${nameZhOf(reg, c)}的附屬公司`,
        ),
      ]);
    }
  };
  /** Companies held ≥ threshold (or board-controlled) by `holders` with their controlled companies. */
  const controlledCompanies = (
    holders: ReadonlySet<string>,
    test: (f: Fraction) => boolean,
  ): { company: string; vp: Fraction; all: Set<string> }[] => {
    const all = new Set([...holders, ...controlledBy(reg, holders, group)]);
    return companies
      .filter((c) => !holders.has(c))
      .map((c) => ({ company: c, vp: votingPower(reg, all, c), all }))
      .filter((r) => test(r.vp) || hasBoardControl(reg, r.all, r.company));
  };
  const thirty = (f: Fraction): boolean => atLeast(f, THIRTY_PERCENT);
  const outsideTest = (c: string, holders: ReadonlySet<string>, base: BasisStep[]): boolean => {
    const all = new Set([...holders, ...controlledBy(reg, holders, group)]);
    const outside = votingPower(reg, all, c, true);
    if (lessThan(outside, TEN_PERCENT)) {
      excluded.push({
        party: c,
        steps: [
          ...base,
          step(
            '14A.14',
            `${X} and its associates hold ${pct(outside)} < 10% of ${nameOf(reg, c)} other than indirectly through the issuer's group (${holdersText(reg, all, c, true)}): not an associate`,
          ),
        ],
      });
      return false;
    }
    return true;
  };

  /**
   * 14A.15 (PRC issuers only): the other partners of a cooperative or contractual joint venture in
   * which `holders` (x with its immediate family and trustees, or x with its subsidiaries, holding
   * companies, fellow subsidiaries and trustees) hold 30% or more of the capital, asset
   * contributions or contractual profit share. For other issuers, or below 30%, a note only.
   */
  const jointVenturePartners = (holders: ReadonlySet<string>, withWhom: string): void => {
    const participations = reg.scenario.relationships
      .flatMap((r) => (r.kind === 'joint-venture-participation' && inForce(r, reg.asOf) ? [r] : []))
      .sort((a, b) => {
        const ka = `${a.jv}\u0000${a.participant}`;
        const kb = `${b.jv}\u0000${b.participant}`;
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
    const prc = reg.scenario.issuer.prcIssuer === true;
    for (const jv of [...new Set(participations.map((r) => r.jv))]) {
      const inJv = participations.filter((r) => r.jv === jv);
      const own = inJv.filter((r) => holders.has(r.participant));
      if (own.length === 0) continue;
      const partners = [...new Set(inJv.map((r) => r.participant))].filter(
        (id) => !holders.has(id) && id !== x,
      );
      if (partners.length === 0) continue;
      const held = own.reduce((a, r) => add(a, r.percent), ZERO);
      const jvType = own[0]!.jvType;
      const J = nameOf(reg, jv);
      const who =
        own.length === 1 && own[0]!.participant === x
          ? X
          : `${X} (${own.map((r) => `${nameOf(reg, r.participant)} ${pct(r.percent)}`).join(', ')} — ${withWhom})`;
      const typeZh = jvType === 'cooperative' ? '合作式' : '合同式';
      for (const y of partners) {
        const Y = nameOf(reg, y);
        if (!prc) {
          excluded.push({
            party: y,
            steps: [
              step(
                '14A.15',
                `${who} holds ${pct(held)} of the ${jvType} joint venture ${J}, in which ${Y} is a partner: 14A.15 applies to PRC issuers only, and the issuer is not one`,
              ),
            ],
          });
          continue;
        }
        if (!atLeast(held, THIRTY_PERCENT)) {
          excluded.push({
            party: y,
            steps: [
              step(
                '14A.15',
                `${who} holds ${pct(held)} < 30% of the ${jvType} joint venture ${J}: ${Y}, a partner in ${J}, is not ${X}'s associate`,
              ),
            ],
          });
          continue;
        }
        addAssoc(y, [
          step(
            '14A.15',
            `${who} holds ${pct(held)} of the ${jvType} joint venture ${J}; ${Y}, a partner in ${J}, is ${X}'s associate`,
            `${XZh}持有${typeZh}合營企業${nameZhOf(reg, jv)}${pct(held)}的權益；${nameZhOf(reg, y)}為該合營企業的合營夥伴，故為${XZh}的聯繫人`,
          ),
        ]);
      }
    }
  };

  const party = reg.parties.get(x);
  if (party?.kind === 'individual') {
    const ties = reg.family.filter((f) => f.from === x);
    const spouses = ties.filter((t) => t.relation === 'spouse').map((t) => t.to);
    const immediate: { id: string; steps: BasisStep[] }[] = [];
    for (const s of spouses) {
      immediate.push({
        id: s,
        steps: [
          step(
            '14A.12(1)(a)',
            `${nameOf(reg, s)} is the spouse of ${X}: an immediate family member`,
            `${nameZhOf(reg, s)}為${XZh}的配偶`,
          ),
        ],
      });
    }
    const childTies = [
      ...ties
        .filter((t) => IMMEDIATE_CHILD.has(t.relation))
        .map((t) => ({ child: t.to, relation: t.relation, of: X })),
      ...spouses.flatMap((s) =>
        reg.family
          .filter((f) => f.from === s && IMMEDIATE_CHILD.has(f.relation))
          .map((t) => ({ child: t.to, relation: t.relation, of: `the spouse of ${X}` })),
      ),
    ];
    for (const c of childTies) {
      const m = isMinor(reg, c.child);
      if (m.minor) {
        immediate.push({
          id: c.child,
          steps: [
            step(
              '14A.12(1)(a)',
              `${nameOf(reg, c.child)} is a ${c.relation} of ${c.of} (${m.text}): an immediate family member`,
              `${nameZhOf(reg, c.child)}為${XZh}未滿十八歲的子女`,
            ),
          ],
        });
      }
    }
    const immediateIds = new Set(immediate.map((i) => i.id));
    for (const i of immediate) addAssoc(i.id, i.steps);
    const trustees: { id: string; steps: BasisStep[] }[] = [];
    for (const t of reg.trusts) {
      if (t.beneficiary === x || immediateIds.has(t.beneficiary)) {
        trustees.push({
          id: t.trustee,
          steps: [
            step(
              '14A.12(1)(b)',
              `${nameOf(reg, t.trustee)} is a trustee of a trust of which ${nameOf(reg, t.beneficiary)} is a beneficiary`,
              `${nameZhOf(reg, t.trustee)}為以${nameZhOf(reg, t.beneficiary)}為受益人的信託的受託人`,
            ),
          ],
        });
      }
    }
    for (const t of trustees) addAssoc(t.id, t.steps);
    const h1 = new Set([x, ...immediateIds, ...trustees.map((t) => t.id)]);
    const family = ties.filter((t) => FAMILY_MEMBER.has(t.relation) && !immediateIds.has(t.to));
    const familyIds = new Set(family.map((t) => t.to).filter((id) => !immediateIds.has(id)));
    const relatives = ties.filter(
      (t) =>
        !FAMILY_MEMBER.has(t.relation) &&
        t.relation !== 'spouse' &&
        !immediateIds.has(t.to) &&
        !familyIds.has(t.to),
    );
    const via = (holders: ReadonlySet<string>, c: string): BasisStep[] =>
      [...immediate, ...trustees]
        .filter(
          (i) =>
            compare(votingPower(reg, new Set([i.id]), c), ZERO) > 0 ||
            hasBoardControl(reg, new Set([i.id]), c),
        )
        .flatMap((i) => i.steps)
        .filter(() => holders.size > 0);
    for (const r of controlledCompanies(h1, thirty)) {
      const base = [
        ...via(h1, r.company),
        step(
          '14A.12(1)(c)',
          `${holdersText(reg, r.all, r.company) || 'board control'} — ${X}, immediate family members and/or trustees — ${compare(r.vp, THIRTY_PERCENT) >= 0 ? `hold ${pct(r.vp)} ≥ 30% of` : 'control the board of'} ${nameOf(reg, r.company)}: a 30%-controlled company`,
          `${nameZhOf(reg, r.company)}為${XZh}（連同其直系家屬及／或受託人）持有${pct(r.vp)}的30%受控公司`,
        ),
      ];
      if (!outsideTest(r.company, new Set([...h1, ...familyIds]), base)) continue;
      addAssoc(r.company, base);
      addSubsidiaries(r.company, base, '14A.12(1)(c)');
    }
    for (const f of family) {
      addAssoc(f.to, [
        step(
          '14A.12(2)(a)',
          `${nameOf(reg, f.to)} is the ${RELATION_EN[f.relation] ?? f.relation} of ${X}: a family member`,
          `${nameZhOf(reg, f.to)}為${XZh}的家屬`,
        ),
      ]);
    }
    if (familyIds.size > 0) {
      const h2 = new Set([...h1, ...familyIds]);
      for (const r of controlledCompanies(h2, reg.majority)) {
        if (found.has(r.company)) continue;
        const fm = family.filter((f) => compare(votingPower(reg, new Set([f.to]), r.company), ZERO) > 0);
        const base = [
          ...fm.map((f) =>
            step(
              '14A.12(2)(a)',
              `${nameOf(reg, f.to)} is the ${RELATION_EN[f.relation] ?? f.relation} of ${X}: a family member`,
              `${nameZhOf(reg, f.to)}為${XZh}的家屬`,
            ),
          ),
          step(
            '14A.12(2)(b)',
            `${holdersText(reg, r.all, r.company) || 'board control'} — family members of ${X}, with ${X}, immediate family and/or trustees — hold ${pct(r.vp)} of ${nameOf(reg, r.company)}: a majority-controlled company`,
            `${nameZhOf(reg, r.company)}為${XZh}的家屬持有${pct(r.vp)}的多數受控公司`,
          ),
        ];
        addAssoc(r.company, base);
        addSubsidiaries(r.company, base, '14A.12(2)(b)');
      }
    }
    jointVenturePartners(h1, 'with immediate family members and/or trustees');
    // 14A.21: relatives and the companies they hold are for review, never connected automatically.
    const deemedFound = new Set<string>();
    for (const r of relatives) {
      if (found.has(r.to) || deemedFound.has(r.to)) continue;
      deemedFound.add(r.to);
      deemed.push({
        party: r.to,
        steps: [
          step(
            '14A.21(1)(a)',
            `${nameOf(reg, r.to)} is a relative (${r.relation}) of ${X}: a possible deemed connected person`,
            `${nameZhOf(reg, r.to)}為${XZh}的親屬`,
          ),
        ],
      });
    }
    const relIds = new Set(relatives.map((r) => r.to));
    if (relIds.size > 0) {
      const strict = reg.scenario.options.deemedReviewCompanies === 'majority-controlled';
      const h3 = new Set([...h1, ...familyIds, ...relIds]);
      for (const r of controlledCompanies(h3, strict ? reg.majority : thirty)) {
        if (found.has(r.company) || deemedFound.has(r.company)) continue;
        const relHeld = [...relIds].filter(
          (id) =>
            compare(votingPower(reg, new Set([id]), r.company), ZERO) > 0 ||
            hasBoardControl(reg, new Set([id]), r.company),
        );
        if (relHeld.length === 0) continue;
        const rule = reg.majority(r.vp) ? '14A.21(1)(b)' : '14A.19';
        const base = [
          ...relatives
            .filter((t) => relHeld.includes(t.to))
            .map((t) =>
              step(
                '14A.21(1)(a)',
                `${nameOf(reg, t.to)} is a relative (${t.relation}) of ${X}`,
                `${nameZhOf(reg, t.to)}為${XZh}的親屬`,
              ),
            ),
          step(
            rule,
            reg.majority(r.vp)
              ? `${holdersText(reg, r.all, r.company)} hold ${pct(r.vp)} of ${nameOf(reg, r.company)}: a majority-controlled company of relatives, a possible deemed connected person`
              : `${holdersText(reg, r.all, r.company)} hold ${pct(r.vp)} ≥ 30% of ${nameOf(reg, r.company)}: flagged for review as a company controlled by relatives (the deemed-review setting '30-percent-controlled')`,
            `${nameZhOf(reg, r.company)}由${XZh}的親屬持有${pct(r.vp)}，或被視為關連人士`,
          ),
        ];
        deemedFound.add(r.company);
        deemed.push({ party: r.company, steps: base });
        for (const s of [...controlledBy(reg, new Set([r.company]), group)].sort()) {
          if (found.has(s) || deemedFound.has(s)) continue;
          deemedFound.add(s);
          deemed.push({
            party: s,
            steps: [...base, step(rule, `${nameOf(reg, s)} is a subsidiary of ${nameOf(reg, r.company)}`)],
          });
        }
      }
    }
    return { associates, deemed, excluded };
  }

  // A company (or a trust or other body): 14A.13.
  const subs = controlledBy(reg, new Set([x]), group);
  const holdingCos = companies.filter(
    (k) =>
      k !== x &&
      !group.has(k) &&
      reg.parties.get(k)?.kind !== 'individual' &&
      controlledBy(reg, new Set([k]), group).has(x),
  );
  for (const s of [...subs].sort()) {
    addAssoc(s, [
      step(
        '14A.13(1)',
        `${nameOf(reg, s)} is a subsidiary of ${X}, its associate`,
        `${nameZhOf(reg, s)}為${XZh}的附屬公司，故為其聯繫人`,
      ),
    ]);
  }
  for (const k of holdingCos) {
    addAssoc(k, [
      step(
        '14A.13(1)',
        `${nameOf(reg, k)} is a holding company of ${X}, its associate`,
        `${nameZhOf(reg, k)}為${XZh}的控股公司，故為其聯繫人`,
      ),
    ]);
  }
  for (const k of holdingCos) {
    for (const f of [...controlledBy(reg, new Set([k]), group)].sort()) {
      addAssoc(f, [
        step(
          '14A.13(1)',
          `${nameOf(reg, f)} is a fellow subsidiary of ${X} (both subsidiaries of ${nameOf(reg, k)}), its associate`,
          `${nameZhOf(reg, f)}為${XZh}的同系附屬公司，故為其聯繫人`,
        ),
      ]);
    }
  }
  const trustees = reg.trusts.filter((t) => t.beneficiary === x).map((t) => t.trustee);
  for (const t of trustees) {
    addAssoc(t, [
      step('14A.13(2)', `${nameOf(reg, t)} is a trustee of a trust of which ${X} is a beneficiary`),
    ]);
  }
  const h = new Set([
    x,
    ...subs,
    ...holdingCos,
    ...holdingCos.flatMap((k) => [...controlledBy(reg, new Set([k]), group)]),
    ...trustees,
  ]);
  for (const r of controlledCompanies(h, thirty)) {
    if (found.has(r.company)) continue;
    const base = [
      step(
        '14A.13(3)',
        `${holdersText(reg, r.all, r.company) || 'board control'} — ${X}, its subsidiaries, holding companies, fellow subsidiaries and/or trustees — ${atLeast(r.vp, THIRTY_PERCENT) ? `hold ${pct(r.vp)} ≥ 30% of` : 'control the board of'} ${nameOf(reg, r.company)}: a 30%-controlled company, its associate`,
        `${nameZhOf(reg, r.company)}為${XZh}持有${pct(r.vp)}的30%受控公司，故為其聯繫人`,
      ),
    ];
    if (!outsideTest(r.company, h, base)) continue;
    addAssoc(r.company, base);
    addSubsidiaries(r.company, base, '14A.13(3)');
  }
  jointVenturePartners(h, 'with its subsidiaries, holding companies, fellow subsidiaries and/or trustees');
  return { associates, deemed, excluded };
}

export interface ConnectionAnalysis {
  readonly reg: Register;
  readonly connections: PartyConnection[];
  /** Every kept chain per party (connected ones), for grouping and abstention. */
  readonly chains: ReadonlyMap<string, readonly Chain[]>;
  /** Deemed-review chains per party. */
  readonly deemedChains: ReadonlyMap<string, readonly Chain[]>;
}

export function analyseConnections(scenario: Scenario): ConnectionAnalysis {
  const reg = buildRegister(scenario);
  const group = issuerGroup(reg);
  const notes = holdingNotes(reg);
  const raw = corePersons(reg).filter((c) => reg.parties.get(c.party)?.kind !== 'prc-governmental-body');
  const prcNotes = corePersons(reg).filter((c) => reg.parties.get(c.party)?.kind === 'prc-governmental-body');

  // 14A.09: a person linked only to insignificant subsidiaries is not connected (aggregated over them).
  const excludedNotes = new Map<string, BasisStep[]>();
  const pushNote = (id: string, steps: readonly BasisStep[]): void => {
    excludedNotes.set(id, [...(excludedNotes.get(id) ?? []), ...steps]);
  };
  const cores = new Map<string, Chain[]>();
  for (const c of raw) cores.set(c.party, [...(cores.get(c.party) ?? []), c]);
  const coreChains: Chain[] = [];
  for (const id of [...cores.keys()].sort()) {
    const chains = cores.get(id)!;
    if (chains.some((c) => c.level === 'issuer')) {
      coreChains.push(...chains);
      continue;
    }
    const subs = [...new Set(chains.flatMap((c) => c.subsidiaries))].sort();
    const test = insignificance(reg, subs);
    if (test.insignificant) {
      for (const c of chains)
        pushNote(id, [
          ...c.steps,
          test.step,
          step(
            '14A.09',
            `${nameOf(reg, id)} is linked only to an insignificant subsidiary: not a connected person`,
          ),
        ]);
    } else coreChains.push(...chains.map((c) => ({ ...c, steps: [...c.steps, test.step] })));
  }

  const chainsByParty = new Map<string, Chain[]>();
  const deemedByParty = new Map<string, Chain[]>();
  const addChain = (m: Map<string, Chain[]>, c: Chain): void => {
    m.set(c.party, [...(m.get(c.party) ?? []), c]);
  };
  for (const c of coreChains) addChain(chainsByParty, c);
  const coreIds = [...new Set(coreChains.map((c) => c.party))].sort();
  for (const x of coreIds) {
    const own = sortChains(coreChains.filter((c) => c.party === x));
    const first = own[0]!;
    const level = own.some((c) => c.level === 'issuer') ? 'issuer' : 'subsidiary';
    const a = associatesOf(reg, x);
    for (const as of a.associates) {
      addChain(chainsByParty, {
        party: as.party,
        level,
        kind: 'associate',
        root: x,
        subsidiaries: [],
        steps: [...first.steps, ...as.steps],
      });
    }
    for (const d of a.deemed) {
      addChain(deemedByParty, {
        party: d.party,
        level,
        kind: 'deemed',
        root: x,
        subsidiaries: [],
        steps: [...first.steps, ...d.steps],
      });
    }
    for (const e of a.excluded) pushNote(e.party, [...first.steps, ...e.steps]);
  }

  // 14A.16: connected subsidiaries, from the issuer-level connected persons.
  const issuerLevel = new Set(
    [...chainsByParty.entries()]
      .filter(([id, cs]) => !group.has(id) && cs.some((c) => c.level === 'issuer'))
      .map(([id]) => id),
  );
  for (const s of [...reg.issuerSubsidiaries].sort()) {
    if (reg.whollyOwned.has(s)) continue;
    const vp = votingPower(reg, issuerLevel, s, true);
    if (compare(vp, ZERO) === 0) continue;
    const holders = holdersText(reg, issuerLevel, s, true);
    if (!atLeast(vp, TEN_PERCENT)) {
      pushNote(s, [
        step(
          '14A.16(1)',
          `issuer-level connected persons (${holders}) hold ${pct(vp)} < 10% of ${nameOf(reg, s)}, excluding interests through the issuer: not a connected subsidiary`,
        ),
      ]);
      continue;
    }
    const base = step(
      '14A.16(1)',
      `issuer-level connected persons (${holders}) hold ${pct(vp)} ≥ 10% of ${nameOf(reg, s)}, a non-wholly-owned subsidiary, excluding interests through the issuer: a connected subsidiary`,
      `本公司層面的關連人士持有本公司非全資附屬公司${nameZhOf(reg, s)}${pct(vp)}的權益，故其為關連附屬公司`,
    );
    addChain(chainsByParty, {
      party: s,
      level: 'issuer',
      kind: 'connected-subsidiary',
      root: s,
      subsidiaries: [],
      steps: [base],
    });
    for (const t of [...controlledBy(reg, new Set([s]), new Set([reg.issuerId]))].sort()) {
      addChain(chainsByParty, {
        party: t,
        level: 'issuer',
        kind: 'connected-subsidiary',
        root: s,
        subsidiaries: [],
        steps: [
          base,
          step('14A.16(2)', `${nameOf(reg, t)} is a subsidiary of ${nameOf(reg, s)}, a connected subsidiary`),
        ],
      });
    }
  }

  const connections: PartyConnection[] = [];
  const kept = new Map<string, Chain[]>();
  const keptDeemed = new Map<string, Chain[]>();
  for (const p of scenario.parties) {
    const id = p.id;
    const all = sortChains(chainsByParty.get(id) ?? []);
    const deemedAll = sortChains(deemedByParty.get(id) ?? []);
    const extra = [...(notes.get(id) ?? []), ...(excludedNotes.get(id) ?? [])];
    if (id === reg.issuerId) {
      connections.push({
        id,
        connected: false,
        subsidiaryLevelOnly: false,
        deemedReview: false,
        basis: [step('14A.07', `${p.name.en} is the issuer itself`)],
      });
      continue;
    }
    if (p.kind === 'prc-governmental-body') {
      const would = sortChains(prcNotes.filter((c) => c.party === id)).flatMap((c) => c.steps);
      connections.push({
        id,
        connected: false,
        subsidiaryLevelOnly: false,
        deemedReview: false,
        basis: [
          ...would,
          step(
            '14A.10',
            `${p.name.en} is a PRC governmental body: not normally a connected person (the Exchange may decide otherwise)`,
          ),
        ],
      });
      continue;
    }
    let chains = all;
    const dropped: BasisStep[] = [];
    if (group.has(id)) {
      if (reg.whollyOwned.has(id)) {
        connections.push({
          id,
          connected: false,
          subsidiaryLevelOnly: false,
          deemedReview: false,
          basis: [
            step(
              '14A.18(1)',
              `${p.name.en} is a wholly-owned subsidiary of the issuer (directly or indirectly): not a connected person`,
            ),
          ],
        });
        continue;
      }
      chains = all.filter(
        (c) => c.kind === 'connected-subsidiary' || (c.kind === 'associate' && c.level === 'issuer'),
      );
      for (const c of all.filter((x) => !chains.includes(x))) {
        dropped.push(
          ...c.steps,
          step(
            c.kind === 'core' ? '14A.18(2)(a)' : '14A.18(2)(b)',
            `${p.name.en} is a subsidiary of the issuer connected only at the subsidiary level: not a connected person on this basis`,
          ),
        );
      }
      // A subsidiary's own holdings in other subsidiaries are not among the chains (a group company is
      // no one's substantial shareholder for the associate rules); say why they do not connect it.
      for (const other of [...reg.issuerSubsidiaries].sort()) {
        if (other === id) continue;
        const held = votingPower(reg, new Set([id]), other);
        if (!atLeast(held, TEN_PERCENT)) continue;
        dropped.push(
          step(
            '14A.18(2)(a)',
            `${p.name.en} holds ${pct(held)} ≥ 10% of ${nameOf(reg, other)}, another subsidiary of the issuer: a substantial shareholder of another subsidiary only, which does not make a subsidiary a connected person`,
          ),
        );
      }
    }
    if (chains.length > 0) {
      kept.set(id, chains);
      connections.push({
        id,
        connected: true,
        subsidiaryLevelOnly: chains.every((c) => c.level === 'subsidiary'),
        deemedReview: false,
        basis: chains.flatMap((c) => c.steps),
      });
      continue;
    }
    const deemedKept = group.has(id) ? [] : deemedAll;
    if (deemedKept.length > 0) keptDeemed.set(id, deemedKept);
    const basis = [
      ...extra,
      ...dropped,
      ...deemedKept.flatMap((c) => c.steps),
      ...(deemedKept.length > 0
        ? [
            step(
              '14A.22',
              `not connected unless the Exchange so decides (14A.20–14A.21): inform the Exchange of any proposed transaction unless it is fully exempt`,
              '除非交易獲全面豁免，否則須知會聯交所',
            ),
          ]
        : []),
    ];
    connections.push({
      id,
      connected: false,
      subsidiaryLevelOnly: false,
      deemedReview: deemedKept.length > 0,
      basis:
        basis.length > 0
          ? basis
          : [
              step(
                '14A.07',
                `as of ${reg.asOf}, ${p.name.en} is not a director, chief executive, supervisor or substantial shareholder of the issuer or a subsidiary, nor an associate of one: not a connected person`,
              ),
            ],
    });
  }
  return { reg, connections, chains: kept, deemedChains: keptDeemed };
}

export function determineConnections(scenario: Scenario): PartyConnection[] {
  return analyseConnections(scenario).connections;
}
