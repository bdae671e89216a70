/**
 * Parses a scenario file (JSON or YAML, already decoded) into the engine's `Scenario`. Pure: the CLI
 * reads the file, this checks it. Every error names its field (`relationships[4].percent`), and every
 * error is reported at once. The format is documented in docs/scenario-format.md.
 */
import { parseAgreementInput, parseName, ErrorSink, type LocalisedName } from '../agreement.js';
import { daysInMonth, parseDate, type CalendarDate } from '../dates.js';
import { parseRate } from '../fx.js';
import { parseAmount, parseCurrency, type CurrencyCode } from '../money.js';
import { joinPath, parsed, type FieldError, type Parsed } from '../result.js';
import {
  DEFAULT_OPTIONS,
  FAMILY_RELATIONS,
  JOINT_VENTURE_TYPES,
  PARTY_KINDS,
  type ClassificationOptions,
  type FamilyRelation,
  type Fraction,
  type IssuerFigures,
  type JointVentureType,
  type Party,
  type PartyKind,
  type PassiveInvestorFacts,
  type Relationship,
  type Scenario,
  type ScenarioAgreement,
  type ScenarioFx,
  type ScenarioIssuer,
  type Validity,
} from './types.js';

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const RELATIONSHIP_KINDS = [
  'shareholding',
  'board-control',
  'director',
  'chief-executive',
  'supervisor',
  'family',
  'trust',
  'subsidiary-figures',
  'joint-venture-participation',
] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

/** Ids of parties, agreements and the issuer: short, no spaces, so that they read well in paths and reports. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ID_HINT = 'letters, digits, "-", "_" or "." (at most 64), such as "xiaomi"';

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: string,
  sink: ErrorSink,
): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  sink.add(
    path,
    `${value === undefined ? 'is required: ' : `${JSON.stringify(value)} is not allowed: `}one of ${allowed.map((a) => `"${a}"`).join(', ')}`,
  );
  return undefined;
}

function parseId(value: unknown, path: string, sink: ErrorSink): string | undefined {
  if (typeof value === 'string' && ID.test(value)) return value;
  sink.add(
    path,
    value === undefined || value === null || value === ''
      ? `is required: an id of ${ID_HINT}`
      : `${JSON.stringify(value)} is not an id: use ${ID_HINT}`,
  );
  return undefined;
}

function parseBoolean(value: unknown, path: string, fallback: boolean, sink: ErrorSink): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  sink.add(path, `must be true or false (got ${JSON.stringify(value)})`);
  return fallback;
}

function optionalDate(value: unknown, path: string, sink: ErrorSink): CalendarDate | null {
  if (value === undefined || value === null) return null;
  return sink.take(parseDate(value, path)) ?? null;
}

/** A percentage as a decimal string ("11.12", "11.12%") or a number with at most 4 decimals. */
const PERCENT_TEXT = /^(\d+)(?:\.(\d+))?%?$/;
const NUMBER_DECIMALS = 4;

/**
 * A percentage as an exact fraction of 1: "11.12" → 1112/10000. A JSON or YAML number is accepted
 * only with at most four decimals (YAML reads `percent: 11.12` as a number), since a longer binary
 * float no longer says which decimal was meant; a decimal string is exact at any length.
 */
export function parsePercent(value: unknown, path: string, opts: { max: number | null }): Parsed<Fraction> {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, errors: [{ path, message: 'must be a finite number' }] };
    if (value < 0) return { ok: false, errors: [{ path, message: `must not be negative (got ${value})` }] };
    text = String(value);
    const m = /^\d+(?:\.(\d+))?$/.exec(text);
    if (!m || (m[1] ?? '').length > NUMBER_DECIMALS) {
      return {
        ok: false,
        errors: [
          {
            path,
            message: `${text} has more than ${NUMBER_DECIMALS} decimals as a number: write it as a decimal string such as "11.12"`,
          },
        ],
      };
    }
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return {
      ok: false,
      errors: [
        {
          path,
          message:
            value === undefined
              ? 'is required: a percentage such as "11.12"'
              : 'must be a percentage such as "11.12"',
        },
      ],
    };
  }
  if (/^-/.test(text))
    return { ok: false, errors: [{ path, message: `must not be negative (got ${JSON.stringify(value)})` }] };
  const m = PERCENT_TEXT.exec(text);
  if (!m) {
    return {
      ok: false,
      errors: [
        { path, message: `${JSON.stringify(value)} is not a percentage such as "11.12" (meaning 11.12%)` },
      ],
    };
  }
  const frac = m[2] ?? '';
  // Of 1, not of 100: 11.12% is 1112 / 10000.
  const fraction = {
    numerator: BigInt((m[1] ?? '0') + frac),
    denominator: 100n * 10n ** BigInt(frac.length),
  };
  if (opts.max !== null && fraction.numerator > BigInt(opts.max) * (fraction.denominator / 100n)) {
    return {
      ok: false,
      errors: [{ path, message: `must be at most ${opts.max} (got ${JSON.stringify(value)})` }],
    };
  }
  return parsed(fraction);
}

const fractionGreater = (a: Fraction, b: Fraction): boolean =>
  a.numerator * b.denominator > b.numerator * a.denominator;

function parseFinancialYearEnd(value: unknown, path: string, sink: ErrorSink): string | undefined {
  const m = typeof value === 'string' ? /^(\d{2})-(\d{2})$/.exec(value) : null;
  const month = Number(m?.[1]);
  const day = Number(m?.[2]);
  // A non-leap year: a year end of 29 February would not exist three years in four.
  if (m && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2025, month)) return value as string;
  sink.add(
    path,
    value === undefined
      ? 'is required: the month and day the financial year ends, "MM-DD" such as "12-31"'
      : `${JSON.stringify(value)} is not a month and day "MM-DD" such as "12-31"`,
  );
  return undefined;
}

const FIGURES = ['totalAssets', 'revenue', 'profits', 'marketCapitalisation'] as const;

function parseFigures(raw: unknown, path: string, sink: ErrorSink): IssuerFigures | undefined {
  if (!isObj(raw)) {
    sink.add(
      path,
      `is required: the issuer's latest figures { currency, ${FIGURES.join(', ')} } as decimal strings`,
    );
    return undefined;
  }
  const currency = sink.take(parseCurrency(raw['currency'], joinPath(path, 'currency')));
  const values: Partial<Record<(typeof FIGURES)[number], bigint>> = {};
  for (const name of FIGURES) {
    const p = joinPath(path, name);
    const v = raw[name];
    if (v === undefined || v === null || v === '') {
      sink.add(
        p,
        name === 'marketCapitalisation'
          ? 'is required: the average closing market capitalisation over the 5 business days before the transaction (Rule 14.07(4))'
          : `is required: the issuer's ${name === 'totalAssets' ? 'total assets' : name} as a decimal string`,
      );
      continue;
    }
    if (!currency) continue;
    // A loss is a negative profit (the profits ratio is then "not meaningful"); the denominators of the other ratios must be positive.
    const amount = sink.take(parseAmount(v, currency, p, { positive: name !== 'profits' }));
    if (amount !== undefined) values[name] = amount;
  }
  const { totalAssets, revenue, profits, marketCapitalisation } = values;
  if (!currency || totalAssets === undefined || revenue === undefined || profits === undefined)
    return undefined;
  if (marketCapitalisation === undefined) return undefined;
  return { currency, totalAssets, revenue, profits, marketCapitalisation };
}

function parseIssuer(raw: unknown, sink: ErrorSink): ScenarioIssuer | undefined {
  if (!isObj(raw)) {
    sink.add('issuer', 'is required: { id, name, financialYearEnd, figures }');
    return undefined;
  }
  const id = parseId(raw['id'], 'issuer.id', sink);
  const name = sink.take(parseName(raw['name'], 'issuer.name'));
  const financialYearEnd = parseFinancialYearEnd(raw['financialYearEnd'], 'issuer.financialYearEnd', sink);
  const figures = parseFigures(raw['figures'], 'issuer.figures', sink);
  const rawPrc = raw['prcIssuer'];
  const prcIssuer =
    rawPrc === undefined || rawPrc === null
      ? undefined
      : parseBoolean(rawPrc, 'issuer.prcIssuer', false, sink);
  if (!id || !name || !financialYearEnd || !figures) return undefined;
  return { id, name, financialYearEnd, figures, ...(prcIssuer === undefined ? {} : { prcIssuer }) };
}

function parseFx(raw: unknown, sink: ErrorSink): ScenarioFx[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    sink.add('fx', 'must be a list of rates [{ from, to, rate }]');
    return [];
  }
  const out: ScenarioFx[] = [];
  raw.forEach((item: unknown, i) => {
    const path = `fx[${i}]`;
    if (!isObj(item)) {
      sink.add(path, 'must be { from, to, rate }, such as { from: CNY, to: HKD, rate: "1.08" }');
      return;
    }
    const from = sink.take(parseCurrency(item['from'], joinPath(path, 'from')));
    const to = sink.take(parseCurrency(item['to'], joinPath(path, 'to')));
    const rateRaw = item['rate'];
    const rate = sink.take(parseRate(rateRaw, joinPath(path, 'rate')));
    if (!from || !to || !rate) return;
    if (from === to) {
      sink.add(joinPath(path, 'to'), `is the same currency as from (${from})`);
      return;
    }
    const twin = out.findIndex((r) => (r.from === from && r.to === to) || (r.from === to && r.to === from));
    if (twin >= 0) {
      sink.add(
        path,
        `a second rate between ${from} and ${to} (fx[${twin}] gives one; the inverse is derived)`,
      );
      return;
    }
    out.push({ from, to, rate, rateText: (rateRaw as string).trim() });
  });
  return out;
}

const PASSIVE_INVESTOR_KINDS = ['sovereign-fund', 'authorised-unit-trust', 'authorised-mutual-fund'] as const;

/** The facts 14A.99 needs about a passive investor; each stated, since each can defeat the exemption. */
function parsePassiveInvestor(raw: unknown, path: string, sink: ErrorSink): PassiveInvestorFacts | null {
  if (raw === undefined || raw === null) return null;
  if (!isObj(raw)) {
    sink.add(path, 'must be { kind, boardRepresentation, managementInvolvement, independentOfInsiders }');
    return null;
  }
  const kind = oneOf(raw['kind'], PASSIVE_INVESTOR_KINDS, joinPath(path, 'kind'), sink);
  const flag = (name: string): boolean | undefined => {
    const v = raw[name];
    if (typeof v === 'boolean') return v;
    sink.add(
      joinPath(path, name),
      `is required: true or false${v === undefined ? '' : ` (got ${JSON.stringify(v)})`}`,
    );
    return undefined;
  };
  const boardRepresentation = flag('boardRepresentation');
  const managementInvolvement = flag('managementInvolvement');
  const independentOfInsiders = flag('independentOfInsiders');
  if (!kind || boardRepresentation === undefined || managementInvolvement === undefined) return null;
  if (independentOfInsiders === undefined) return null;
  return { kind, boardRepresentation, managementInvolvement, independentOfInsiders };
}

/** A party's other names (issue 4): a list of non-empty strings, each at most 500 characters. */
function parseAliases(raw: unknown, path: string, sink: ErrorSink): string[] | undefined {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > 50) {
    sink.add(path, 'must be a list of at most 50 names (trading names, former names)');
    return undefined;
  }
  const out: string[] = [];
  let ok = true;
  raw.forEach((a: unknown, i) => {
    if (typeof a !== 'string' || a.trim() === '' || a.length > 500) {
      sink.add(joinPath(path, i), 'must be a name (non-empty text of at most 500 characters)');
      ok = false;
    } else out.push(a.trim());
  });
  return ok ? out : undefined;
}

function parseParties(raw: unknown, issuerId: string | undefined, sink: ErrorSink): Party[] {
  if (!Array.isArray(raw)) {
    sink.add('parties', 'is required: the list of parties [{ id, kind, name, birthDate? }]');
    return [];
  }
  const out: Party[] = [];
  const firstIndex = new Map<string, number>();
  raw.forEach((item: unknown, i) => {
    const path = `parties[${i}]`;
    if (!isObj(item)) {
      sink.add(path, 'must be { id, kind, name, birthDate? }');
      return;
    }
    const id = parseId(item['id'], joinPath(path, 'id'), sink);
    const kind = oneOf<PartyKind>(item['kind'], PARTY_KINDS, joinPath(path, 'kind'), sink);
    const name = sink.take(parseName(item['name'], joinPath(path, 'name')));
    const birthDate = optionalDate(item['birthDate'], joinPath(path, 'birthDate'), sink);
    if (birthDate !== null && kind !== undefined && kind !== 'individual') {
      sink.add(joinPath(path, 'birthDate'), `only an individual has a birth date (this party is a ${kind})`);
    }
    if (id !== undefined && id === issuerId && kind !== undefined && kind !== 'company') {
      sink.add(joinPath(path, 'kind'), `"${id}" is the issuer, which is a company (got "${kind}")`);
    }
    if (id !== undefined) {
      const first = firstIndex.get(id);
      if (first !== undefined) {
        sink.add(
          joinPath(path, 'id'),
          `"${id}" is already the id of parties[${first}]: party ids must be unique`,
        );
        return;
      }
      firstIndex.set(id, i);
    }
    const passiveInvestor = parsePassiveInvestor(
      item['passiveInvestor'],
      joinPath(path, 'passiveInvestor'),
      sink,
    );
    const aliases = parseAliases(item['aliases'], joinPath(path, 'aliases'), sink);
    if (id === undefined || kind === undefined || name === undefined || aliases === undefined) return;
    out.push({
      id,
      kind,
      name,
      birthDate,
      ...(passiveInvestor ? { passiveInvestor } : {}),
      ...(aliases.length > 0 ? { aliases } : {}),
    });
  });
  return out;
}

interface PartyIndex {
  readonly issuerId: string | undefined;
  /** Kind by id, the issuer included (a company); null when the party's own kind is invalid (reported there). */
  readonly kinds: ReadonlyMap<string, PartyKind | null>;
}

/** A reference to a party; `want` limits its kind. The issuer is always a company. */
function partyRef(
  value: unknown,
  path: string,
  index: PartyIndex,
  sink: ErrorSink,
  want?: { kinds: readonly PartyKind[]; as: string },
): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    sink.add(path, 'is required: a party id (one of the ids in parties, or the issuer id)');
    return undefined;
  }
  const kind = index.kinds.get(value);
  if (kind === undefined) {
    const known = [...index.kinds.keys()];
    const listed = known.length > 8 ? `${known.slice(0, 8).join(', ')}, …` : known.join(', ');
    sink.add(path, `"${value}" is not a party id${known.length > 0 ? ` (known: ${listed})` : ''}`);
    return undefined;
  }
  if (want && kind !== null && !want.kinds.includes(kind)) {
    sink.add(path, `"${value}" is a ${kind}; ${want.as}`);
    return undefined;
  }
  return value;
}

const COMPANY = { kinds: ['company'] as const, as: 'this must be a company' };
const INDIVIDUAL = { kinds: ['individual'] as const, as: 'this must be an individual' };

function parseValidity(item: Obj, path: string, sink: ErrorSink): Validity {
  const from = optionalDate(item['from'], joinPath(path, 'from'), sink);
  const to = optionalDate(item['to'], joinPath(path, 'to'), sink);
  if (from !== null && to !== null && to < from)
    sink.add(joinPath(path, 'to'), `${to} is before from ${from}`);
  return { from, to };
}

function distinct(
  a: string | undefined,
  b: string | undefined,
  path: string,
  what: string,
  sink: ErrorSink,
): boolean {
  if (a !== undefined && a === b) {
    sink.add(path, `is the same party as ${what} ("${a}")`);
    return false;
  }
  return true;
}

function parseYear(value: unknown, path: string, sink: ErrorSink): number | undefined {
  const n = typeof value === 'string' && /^\d{4}$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1900 && n <= 2999) return n;
  sink.add(path, 'is required: the financial year, named by the calendar year it ends in, such as 2024');
  return undefined;
}

function parseRelationship(
  item: unknown,
  path: string,
  index: PartyIndex,
  sink: ErrorSink,
): Relationship | undefined {
  if (!isObj(item)) {
    sink.add(
      path,
      `must be an object with a kind: one of ${RELATIONSHIP_KINDS.map((k) => `"${k}"`).join(', ')}`,
    );
    return undefined;
  }
  const kind = oneOf<RelationshipKind>(item['kind'], RELATIONSHIP_KINDS, joinPath(path, 'kind'), sink);
  if (kind === undefined) return undefined;
  const at = (field: string) => joinPath(path, field);
  const before = sink.errors.length;
  const done = <T>(value: T): T | undefined => (sink.errors.length === before ? value : undefined);
  switch (kind) {
    case 'shareholding': {
      const holder = partyRef(item['holder'], at('holder'), index, sink);
      const company = partyRef(item['company'], at('company'), index, sink, COMPANY);
      distinct(company, holder, at('company'), 'holder', sink);
      const percent = sink.take(parsePercent(item['percent'], at('percent'), { max: 100 }));
      let through: Fraction | null = null;
      const rawThrough = item['percentThroughIssuerGroup'];
      if (rawThrough !== undefined && rawThrough !== null) {
        through = sink.take(parsePercent(rawThrough, at('percentThroughIssuerGroup'), { max: 100 })) ?? null;
        if (through && percent && fractionGreater(through, percent)) {
          sink.add(at('percentThroughIssuerGroup'), 'is more than the whole holding (percent)');
        }
      }
      const validity = parseValidity(item, path, sink);
      if (!holder || !company || !percent) return undefined;
      return done({ kind, holder, company, percent, percentThroughIssuerGroup: through, ...validity });
    }
    case 'board-control': {
      const holder = partyRef(item['holder'], at('holder'), index, sink);
      const company = partyRef(item['company'], at('company'), index, sink, COMPANY);
      distinct(company, holder, at('company'), 'holder', sink);
      const validity = parseValidity(item, path, sink);
      if (!holder || !company) return undefined;
      return done({ kind, holder, company, ...validity });
    }
    case 'director':
    case 'chief-executive':
    case 'supervisor': {
      const person = partyRef(item['person'], at('person'), index, sink, INDIVIDUAL);
      const company = partyRef(item['company'], at('company'), index, sink, COMPANY);
      const validity = parseValidity(item, path, sink);
      if (!person || !company) return undefined;
      return done({ kind, person, company, ...validity });
    }
    case 'family': {
      const person = partyRef(item['person'], at('person'), index, sink, INDIVIDUAL);
      const relative = partyRef(item['relative'], at('relative'), index, sink, INDIVIDUAL);
      distinct(relative, person, at('relative'), 'person', sink);
      const relation = oneOf<FamilyRelation>(item['relation'], FAMILY_RELATIONS, at('relation'), sink);
      const validity = parseValidity(item, path, sink);
      if (!person || !relative || !relation) return undefined;
      return done({ kind, person, relative, relation, ...validity });
    }
    case 'trust': {
      const trustee = partyRef(item['trustee'], at('trustee'), index, sink);
      const beneficiary = partyRef(item['beneficiary'], at('beneficiary'), index, sink);
      distinct(beneficiary, trustee, at('beneficiary'), 'trustee', sink);
      const validity = parseValidity(item, path, sink);
      if (!trustee || !beneficiary) return undefined;
      return done({ kind, trustee, beneficiary, ...validity });
    }
    case 'joint-venture-participation': {
      const participant = partyRef(item['participant'], at('participant'), index, sink);
      const jv = partyRef(item['jv'], at('jv'), index, sink, COMPANY);
      distinct(jv, participant, at('jv'), 'participant', sink);
      const jvType = oneOf<JointVentureType>(item['jvType'], JOINT_VENTURE_TYPES, at('jvType'), sink);
      const percent = sink.take(parsePercent(item['percent'], at('percent'), { max: 100 }));
      const validity = parseValidity(item, path, sink);
      if (!participant || !jv || !jvType || !percent) return undefined;
      return done({ kind, participant, jv, jvType, percent, ...validity });
    }
    case 'subsidiary-figures': {
      const company = partyRef(item['company'], at('company'), index, sink, COMPANY);
      if (company !== undefined && company === index.issuerId) {
        sink.add(at('company'), 'is the issuer: the 14A.09 figures are those of a subsidiary');
      }
      const rawYears = item['years'];
      const years: { year: number; assetsRatio: Fraction; profitsRatio: Fraction; revenueRatio: Fraction }[] =
        [];
      if (!Array.isArray(rawYears) || rawYears.length === 0) {
        sink.add(
          at('years'),
          'is required: [{ year, assetsRatio, profitsRatio, revenueRatio }], percentages of the group',
        );
      } else {
        const seen = new Map<number, number>();
        rawYears.forEach((y: unknown, j) => {
          const yp = joinPath(at('years'), j);
          if (!isObj(y)) {
            sink.add(yp, 'must be { year, assetsRatio, profitsRatio, revenueRatio }');
            return;
          }
          const year = parseYear(y['year'], joinPath(yp, 'year'), sink);
          // Ratios of a subsidiary to its group can exceed 100% (profits, when other members lose money).
          const ratio = (name: string) => sink.take(parsePercent(y[name], joinPath(yp, name), { max: null }));
          const assetsRatio = ratio('assetsRatio');
          const profitsRatio = ratio('profitsRatio');
          const revenueRatio = ratio('revenueRatio');
          if (year !== undefined) {
            const first = seen.get(year);
            if (first !== undefined)
              sink.add(joinPath(yp, 'year'), `${year} is also given in years[${first}]`);
            else seen.set(year, j);
          }
          if (year === undefined || !assetsRatio || !profitsRatio || !revenueRatio) return;
          years.push({ year, assetsRatio, profitsRatio, revenueRatio });
        });
      }
      if (!company) return undefined;
      return done({ kind, company, years });
    }
  }
}

type Settings = Required<ClassificationOptions>;

/**
 * Each [U] setting with its allowed values, the first being the default (docs/scenario-format.md
 * gives the reasons). The optional settings of `ClassificationOptions` are filled in here, so that
 * a result shows every setting it was decided under.
 */
export const OPTION_VALUES: { readonly [K in keyof Settings]: readonly [Settings[K], ...Settings[K][]] } = {
  spanningPeriod: [DEFAULT_OPTIONS.spanningPeriod],
  totalConsideration: [DEFAULT_OPTIONS.totalConsideration, 'term-total'],
  majorityControl: ['more-than-50', '50-or-more'],
  deemedReviewCompanies: ['30-percent-controlled', 'majority-controlled'],
  formerSubstantialShareholderLookBack: ['none', '12-months'],
};
const SETTINGS = Object.keys(OPTION_VALUES) as (keyof Settings)[];

export const DEFAULT_SETTINGS: Settings = {
  spanningPeriod: OPTION_VALUES.spanningPeriod[0],
  totalConsideration: OPTION_VALUES.totalConsideration[0],
  majorityControl: OPTION_VALUES.majorityControl[0],
  deemedReviewCompanies: OPTION_VALUES.deemedReviewCompanies[0],
  formerSubstantialShareholderLookBack: OPTION_VALUES.formerSubstantialShareholderLookBack[0],
};

function parseOptions(raw: unknown, sink: ErrorSink): Settings {
  if (raw === undefined || raw === null) return DEFAULT_SETTINGS;
  if (!isObj(raw)) {
    sink.add('options', `must be an object with any of ${SETTINGS.join(', ')}`);
    return DEFAULT_SETTINGS;
  }
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(OPTION_VALUES, key)) {
      sink.add(joinPath('options', key), `is not a setting (settings: ${SETTINGS.join(', ')})`);
    }
  }
  const pick = <K extends keyof Settings>(key: K): Settings[K] => {
    const value = raw[key];
    if (value === undefined || value === null) return DEFAULT_SETTINGS[key];
    const allowed: readonly Settings[K][] = OPTION_VALUES[key];
    return oneOf<Settings[K]>(value, allowed, joinPath('options', key), sink) ?? DEFAULT_SETTINGS[key];
  };
  return {
    spanningPeriod: pick('spanningPeriod'),
    totalConsideration: pick('totalConsideration'),
    majorityControl: pick('majorityControl'),
    deemedReviewCompanies: pick('deemedReviewCompanies'),
    formerSubstantialShareholderLookBack: pick('formerSubstantialShareholderLookBack'),
  };
}

function parseShareCount(value: unknown, path: string, sink: ErrorSink): bigint | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return BigInt(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim()) && BigInt(value.trim()) > 0n)
    return BigInt(value.trim());
  sink.add(path, 'is required: a whole number of shares greater than zero, such as "1000000"');
  return undefined;
}

function parseScenarioAgreement(
  item: unknown,
  path: string,
  index: PartyIndex,
  parties: ReadonlyMap<string, LocalisedName>,
  sink: ErrorSink,
): ScenarioAgreement | undefined {
  if (!isObj(item)) {
    sink.add(path, 'must be an agreement: the body of POST /api/v1/agreements plus id and counterparty');
    return undefined;
  }
  const id = parseId(item['id'], joinPath(path, 'id'), sink);
  const rawCounterparty = item['counterparty'];
  let counterparty: string | undefined;
  if (isObj(rawCounterparty)) {
    sink.add(joinPath(path, 'counterparty'), 'must be a party id (a string such as "xiaomi"), not an object');
  } else {
    counterparty = partyRef(rawCounterparty, joinPath(path, 'counterparty'), index, sink);
    if (counterparty !== undefined && counterparty === index.issuerId) {
      sink.add(joinPath(path, 'counterparty'), 'is the issuer itself: a transaction needs another party');
      counterparty = undefined;
    }
  }
  const normalCommercialTerms = parseBoolean(
    item['normalCommercialTerms'],
    joinPath(path, 'normalCommercialTerms'),
    true,
    sink,
  );
  const boardApproved = parseBoolean(item['boardApproved'], joinPath(path, 'boardApproved'), false, sink);
  const inedConfirmed = parseBoolean(item['inedConfirmed'], joinPath(path, 'inedConfirmed'), false, sink);
  // Not stated unless given: 14A.99 then does not apply.
  const rawRevenueNature = item['revenueNatureOrdinaryCourse'];
  const revenueNatureOrdinaryCourse =
    rawRevenueNature === undefined || rawRevenueNature === null
      ? undefined
      : parseBoolean(rawRevenueNature, joinPath(path, 'revenueNatureOrdinaryCourse'), false, sink);
  let shares: ScenarioAgreement['sharesIssuedAsConsideration'] = null;
  const rawShares = item['sharesIssuedAsConsideration'];
  if (rawShares !== undefined && rawShares !== null) {
    const sp = joinPath(path, 'sharesIssuedAsConsideration');
    if (!isObj(rawShares)) sink.add(sp, 'must be { shares, issuedShares }');
    else {
      const s = parseShareCount(rawShares['shares'], joinPath(sp, 'shares'), sink);
      const issued = parseShareCount(rawShares['issuedShares'], joinPath(sp, 'issuedShares'), sink);
      if (s !== undefined && issued !== undefined) shares = { shares: s, issuedShares: issued };
    }
  }
  // The rest is the agreement as POST /api/v1/agreements takes it; its counterparty is the party named.
  const {
    id: _id,
    counterparty: _cp,
    normalCommercialTerms: _n,
    boardApproved: _b,
    inedConfirmed: _i,
    sharesIssuedAsConsideration: _s,
    revenueNatureOrdinaryCourse: _r,
    ...body
  } = item;
  const cpName = counterparty !== undefined ? parties.get(counterparty) : undefined;
  const draft = parseAgreementInput({
    ...body,
    counterparty: { name: cpName ?? { en: 'counterparty' }, partyId: counterparty ?? null },
  });
  if (!draft.ok) {
    for (const e of draft.errors) sink.add(e.path === '' ? path : `${path}.${e.path}`, e.message);
    return undefined;
  }
  if (!id || !counterparty) return undefined;
  return {
    id,
    counterparty,
    draft: draft.value,
    normalCommercialTerms,
    boardApproved,
    inedConfirmed,
    sharesIssuedAsConsideration: shares,
    ...(revenueNatureOrdinaryCourse !== undefined ? { revenueNatureOrdinaryCourse } : {}),
  };
}

/** Every amount must be convertible into HK$ with a rate in `fx` (either direction). */
function fxErrors(scenario: {
  issuer: ScenarioIssuer | undefined;
  fx: readonly ScenarioFx[];
  agreements: readonly { index: number; agreement: ScenarioAgreement }[];
}): FieldError[] {
  const has = (c: CurrencyCode): boolean =>
    c === 'HKD' ||
    scenario.fx.some((r) => (r.from === c && r.to === 'HKD') || (r.from === 'HKD' && r.to === c));
  const errors: FieldError[] = [];
  const missing = (c: CurrencyCode) =>
    `there is no rate between ${c} and HKD in fx: add { from: ${c}, to: HKD, rate: "…" }`;
  const figures = scenario.issuer?.figures;
  if (figures && !has(figures.currency))
    errors.push({ path: 'issuer.figures.currency', message: missing(figures.currency) });
  for (const { index, agreement } of scenario.agreements) {
    agreement.draft.caps.forEach((cap, j) => {
      if (!has(cap.amount.currency)) {
        errors.push({
          path: `agreements[${index}].caps[${j}].currency`,
          message: missing(cap.amount.currency),
        });
      }
    });
  }
  return errors;
}

/** Parses a decoded scenario document. Pure; every error is located by its path. */
export function parseScenario(
  raw: unknown,
  /** Without agreements the scenario is the register alone (the pricing gate's independence check). */
  opts: { readonly requireAgreements?: boolean } = {},
): Parsed<Scenario> {
  if (!isObj(raw)) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          message:
            'a scenario must be an object with asOf, issuer, fx, parties, relationships and agreements',
        },
      ],
    };
  }
  const sink = new ErrorSink();
  const asOf = sink.take(parseDate(raw['asOf'], 'asOf'));
  const issuer = parseIssuer(raw['issuer'], sink);
  const rawIssuerId =
    isObj(raw['issuer']) && typeof raw['issuer']['id'] === 'string' ? raw['issuer']['id'] : undefined;
  const fx = parseFx(raw['fx'], sink);
  const parties = parseParties(raw['parties'], rawIssuerId, sink);

  const kinds = new Map<string, PartyKind | null>();
  if (rawIssuerId !== undefined) kinds.set(rawIssuerId, 'company');
  // A party whose entry is invalid is still known by its id, so that its references are not reported twice.
  if (Array.isArray(raw['parties'])) {
    for (const p of raw['parties'] as unknown[]) {
      if (isObj(p) && typeof p['id'] === 'string' && !kinds.has(p['id'])) {
        const k = p['kind'];
        kinds.set(
          p['id'],
          typeof k === 'string' && (PARTY_KINDS as readonly string[]).includes(k) ? (k as PartyKind) : null,
        );
      }
    }
  }
  const index: PartyIndex = { issuerId: rawIssuerId, kinds };

  const relationships: Relationship[] = [];
  const rawRels = raw['relationships'];
  if (rawRels !== undefined && rawRels !== null && !Array.isArray(rawRels)) {
    sink.add('relationships', 'must be a list of relationships');
  } else if (Array.isArray(rawRels)) {
    rawRels.forEach((item: unknown, i) => {
      const r = parseRelationship(item, `relationships[${i}]`, index, sink);
      if (r) relationships.push(r);
    });
  }

  const names = new Map<string, LocalisedName>(parties.map((p) => [p.id, p.name]));
  if (issuer) names.set(issuer.id, issuer.name);
  const agreements: { index: number; agreement: ScenarioAgreement }[] = [];
  const rawAgreements = raw['agreements'];
  if (!Array.isArray(rawAgreements) || (rawAgreements.length === 0 && opts.requireAgreements !== false)) {
    sink.add('agreements', 'is required: at least one agreement to classify');
  } else {
    const firstIndex = new Map<string, number>();
    rawAgreements.forEach((item: unknown, i) => {
      const path = `agreements[${i}]`;
      const a = parseScenarioAgreement(item, path, index, names, sink);
      const id = isObj(item) && typeof item['id'] === 'string' ? item['id'] : undefined;
      if (id !== undefined) {
        const first = firstIndex.get(id);
        if (first !== undefined) {
          sink.add(
            `${path}.id`,
            `"${id}" is already the id of agreements[${first}]: agreement ids must be unique`,
          );
          return;
        }
        firstIndex.set(id, i);
      }
      if (a) agreements.push({ index: i, agreement: a });
    });
  }
  for (const e of fxErrors({ issuer, fx, agreements })) sink.add(e.path, e.message);
  const options = parseOptions(raw['options'], sink);

  if (sink.errors.length > 0 || !asOf || !issuer) return { ok: false, errors: sink.errors };
  return parsed({
    asOf,
    issuer,
    fx,
    parties,
    relationships,
    agreements: agreements.map((a) => a.agreement),
    options,
  });
}
