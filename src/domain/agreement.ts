import {
  compareDates,
  inRange,
  intersect,
  latestTermEnd,
  maxDate,
  minDate,
  overlaps,
  parseDate,
  addDays,
  type CalendarDate,
  type DateRange,
} from './dates.js';
import { parseMoney, type Money } from './money.js';
import { parsePricingPolicy } from './pricing/policy.js';
import { defaultPricingPolicy, type PricingPolicy } from './pricing/types.js';
import { joinPath, parsed, type FieldError, type Parsed } from './result.js';

export interface LocalisedName {
  readonly en: string;
  readonly 'zh-Hant': string | null;
}

export const DIRECTIONS = ['issuer-purchases', 'issuer-sells'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The day an amount counts in (issuer policy, recorded per agreement). */
export const RECOGNITION_BASES = [
  'fee-payable',
  'invoice-date',
  'payment-date',
  'service-delivered',
] as const;
export type RecognitionBasis = (typeof RECOGNITION_BASES)[number];

/** Whether caps (and so actuals) are stated including or net of tax. */
export const AMOUNTS_INCLUDE = ['including-tax', 'net-of-tax'] as const;
export type AmountsInclude = (typeof AMOUNTS_INCLUDE)[number];

/** An independent financial adviser's opinion that a term over three years is normal practice (14A.52). */
export interface IfaOpinion {
  readonly adviser: string;
  readonly date: CalendarDate;
  readonly reference: string;
}

export interface CategoryDraft {
  readonly key: string;
  readonly name: LocalisedName;
  readonly direction: Direction;
  readonly termStart: CalendarDate;
  readonly termEnd: CalendarDate;
  readonly pricingBasis: string | null;
  /** The pricing-policy gate's policy (issue 4); the seed's defaults where the body gave none. */
  readonly pricingPolicy: PricingPolicy;
  readonly ifaOpinion: IfaOpinion | null;
}

export interface CapDraft {
  readonly categoryKeys: readonly string[];
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly amount: Money;
}

export interface AgreementDraft {
  readonly name: LocalisedName;
  readonly counterparty: { readonly name: LocalisedName; readonly partyId: string | null };
  readonly signedOn: CalendarDate;
  readonly recognitionBasis: RecognitionBasis;
  readonly amountsInclude: AmountsInclude;
  readonly categories: readonly CategoryDraft[];
  readonly caps: readonly CapDraft[];
}

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects field errors while parsing, so that every bad field is reported at once. */
export class ErrorSink {
  readonly errors: FieldError[] = [];
  take<T>(r: Parsed<T>): T | undefined {
    if (r.ok) return r.value;
    this.errors.push(...r.errors);
    return undefined;
  }
  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }
}

export function parseName(value: unknown, path: string, required = true): Parsed<LocalisedName> {
  if (typeof value === 'string') {
    if (value.trim() === '') return { ok: false, errors: [{ path, message: 'must not be empty' }] };
    return parsed({ en: value.trim(), 'zh-Hant': null });
  }
  if (isObj(value)) {
    const en = value['en'];
    const zh = value['zh-Hant'];
    const errors: FieldError[] = [];
    if (typeof en !== 'string' || en.trim() === '')
      errors.push({ path: joinPath(path, 'en'), message: 'is required: the English name' });
    if (zh !== undefined && zh !== null && typeof zh !== 'string') {
      errors.push({
        path: joinPath(path, 'zh-Hant'),
        message: 'must be a string (the Traditional Chinese name)',
      });
    }
    if (errors.length > 0) return { ok: false, errors };
    const zhText = typeof zh === 'string' && zh.trim() !== '' ? zh.trim() : null;
    return parsed({ en: (en as string).trim(), 'zh-Hant': zhText });
  }
  if (!required && value === undefined) return parsed({ en: '', 'zh-Hant': null });
  return {
    ok: false,
    errors: [{ path, message: 'is required: a name, either a string or { "en": ..., "zh-Hant": ... }' }],
  };
}

export function parseText(
  value: unknown,
  path: string,
  opts: { required: boolean; max?: number },
): Parsed<string | null> {
  if (value === undefined || value === null || value === '') {
    return opts.required ? { ok: false, errors: [{ path, message: 'is required' }] } : parsed(null);
  }
  if (typeof value !== 'string') return { ok: false, errors: [{ path, message: 'must be a string' }] };
  if (value.trim() === '') {
    return opts.required
      ? { ok: false, errors: [{ path, message: 'is required (it is blank)' }] }
      : parsed(null);
  }
  const max = opts.max ?? 2000;
  if (value.length > max)
    return { ok: false, errors: [{ path, message: `must be at most ${max} characters` }] };
  return parsed(value);
}

function parseEnum<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: string,
  fallback?: T,
): Parsed<T> {
  if ((value === undefined || value === null) && fallback !== undefined) return parsed(fallback);
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return parsed(value as T);
  return {
    ok: false,
    errors: [
      {
        path,
        message: `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`,
      },
    ],
  };
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function parseCategory(raw: unknown, path: string, sink: ErrorSink): CategoryDraft | undefined {
  if (!isObj(raw)) {
    sink.add(path, 'must be an object');
    return undefined;
  }
  const key = raw['key'];
  if (typeof key !== 'string' || !KEY.test(key)) {
    sink.add(
      joinPath(path, 'key'),
      'is required: a short key of letters, digits, "-", "_" or "." such as "idc-services"',
    );
  }
  const name = sink.take(parseName(raw['name'], joinPath(path, 'name')));
  const direction = sink.take(parseEnum(raw['direction'], DIRECTIONS, joinPath(path, 'direction')));
  const termStart = sink.take(parseDate(raw['termStart'], joinPath(path, 'termStart')));
  const termEnd = sink.take(parseDate(raw['termEnd'], joinPath(path, 'termEnd')));
  const pricingBasis = sink.take(
    parseText(raw['pricingBasis'], joinPath(path, 'pricingBasis'), { required: false }),
  );
  // The policy's comparison follows the direction; without a valid direction its fields are still checked.
  const policy = sink.take(
    parsePricingPolicy(
      raw['pricingPolicy'],
      direction ?? 'issuer-purchases',
      joinPath(path, 'pricingPolicy'),
    ),
  );
  let ifaOpinion: IfaOpinion | null = null;
  const ifa = raw['ifaOpinion'];
  if (ifa !== undefined && ifa !== null) {
    const ip = joinPath(path, 'ifaOpinion');
    if (!isObj(ifa)) sink.add(ip, 'must be an object { adviser, date, reference }');
    else {
      const adviser = sink.take(parseText(ifa['adviser'], joinPath(ip, 'adviser'), { required: true }));
      const date = sink.take(parseDate(ifa['date'], joinPath(ip, 'date')));
      const reference = sink.take(parseText(ifa['reference'], joinPath(ip, 'reference'), { required: true }));
      if (adviser && date && reference) ifaOpinion = { adviser, date, reference };
    }
  }
  if (termStart && termEnd) {
    if (termEnd < termStart)
      sink.add(joinPath(path, 'termEnd'), `${termEnd} is before termStart ${termStart}`);
    else if (termEnd > latestTermEnd(termStart) && ifa == null) {
      sink.add(
        joinPath(path, 'termEnd'),
        `the term ${termStart} to ${termEnd} is longer than three years (the latest end is ${latestTermEnd(termStart)}); ` +
          "a longer term needs an independent financial adviser's opinion (ifaOpinion) under Rule 14A.52",
      );
    }
  }
  // A reversed term is reported once, above; keeping it would also report every cap as outside the term.
  if (
    typeof key !== 'string' ||
    !KEY.test(key) ||
    !name ||
    !direction ||
    !termStart ||
    !termEnd ||
    termEnd < termStart
  )
    return undefined;
  return {
    key,
    name,
    direction,
    termStart,
    termEnd,
    pricingBasis: pricingBasis ?? null,
    pricingPolicy: policy ?? defaultPricingPolicy(direction),
    ifaOpinion,
  };
}

function parseCap(
  raw: unknown,
  path: string,
  sink: ErrorSink,
  keys: ReadonlySet<string>,
): CapDraft | undefined {
  if (!isObj(raw)) {
    sink.add(path, 'must be an object');
    return undefined;
  }
  const ck = raw['categoryKeys'];
  let categoryKeys: string[] | undefined;
  if (!Array.isArray(ck) || ck.length === 0) {
    sink.add(
      joinPath(path, 'categoryKeys'),
      'is required: the keys of the categories this cap covers, at least one',
    );
  } else {
    categoryKeys = [];
    ck.forEach((k: unknown, i) => {
      const kp = joinPath(joinPath(path, 'categoryKeys'), i);
      if (typeof k !== 'string') sink.add(kp, 'must be a category key');
      else if (!keys.has(k)) sink.add(kp, `"${k}" is not one of this agreement's categories`);
      else if (categoryKeys?.includes(k)) sink.add(kp, `"${k}" is listed twice`);
      else categoryKeys?.push(k);
    });
  }
  const periodStart = sink.take(parseDate(raw['periodStart'], joinPath(path, 'periodStart')));
  const periodEnd = sink.take(parseDate(raw['periodEnd'], joinPath(path, 'periodEnd')));
  const amountRaw = raw['amount'];
  let amount: Money | undefined;
  if (typeof amountRaw === 'string' && amountRaw.includes('%')) {
    sink.add(
      joinPath(path, 'amount'),
      `"${amountRaw}" is a percentage: an annual cap must be expressed in monetary terms (Rule 14A.53)`,
    );
  } else {
    amount = sink.take(
      parseMoney(
        amountRaw,
        raw['currency'],
        { amount: joinPath(path, 'amount'), currency: joinPath(path, 'currency') },
        { positive: true },
      ),
    );
  }
  if (periodStart && periodEnd && periodEnd < periodStart) {
    sink.add(joinPath(path, 'periodEnd'), `${periodEnd} is before periodStart ${periodStart}`);
    return undefined;
  }
  if (
    !categoryKeys ||
    categoryKeys.length !== (ck as unknown[]).length ||
    !periodStart ||
    !periodEnd ||
    !amount
  )
    return undefined;
  return { categoryKeys, periodStart, periodEnd, amount };
}

/** Parses and validates a framework agreement as the API and scenario files take it. */
export function parseAgreementInput(raw: unknown): Parsed<AgreementDraft> {
  const sink = new ErrorSink();
  if (!isObj(raw)) return { ok: false, errors: [{ path: '', message: 'the body must be a JSON object' }] };
  const name = sink.take(parseName(raw['name'], 'name'));
  let counterparty: AgreementDraft['counterparty'] | undefined;
  const cp = raw['counterparty'];
  if (!isObj(cp)) sink.add('counterparty', 'is required: { "name": ..., "partyId"?: ... }');
  else {
    const cpName = sink.take(parseName(cp['name'], 'counterparty.name'));
    const partyId = sink.take(
      parseText(cp['partyId'], 'counterparty.partyId', { required: false, max: 200 }),
    );
    if (cpName && partyId !== undefined) counterparty = { name: cpName, partyId };
  }
  const signedOn = sink.take(parseDate(raw['signedOn'], 'signedOn'));
  const recognitionBasis = sink.take(
    parseEnum(raw['recognitionBasis'], RECOGNITION_BASES, 'recognitionBasis', 'fee-payable'),
  );
  const amountsInclude = sink.take(
    parseEnum(raw['amountsInclude'], AMOUNTS_INCLUDE, 'amountsInclude', 'including-tax'),
  );

  const categories: CategoryDraft[] = [];
  const rawCats = raw['categories'];
  if (!Array.isArray(rawCats) || rawCats.length === 0)
    sink.add('categories', 'is required: at least one transaction category');
  else {
    const seen = new Set<string>();
    rawCats.forEach((c: unknown, i) => {
      const path = `categories[${i}]`;
      const cat = parseCategory(c, path, sink);
      if (!cat) return;
      if (seen.has(cat.key)) {
        // Not kept: its term would replace the first category's when caps are checked, and report caps that are fine.
        sink.add(joinPath(path, 'key'), `"${cat.key}" is used by another category of this agreement`);
        return;
      }
      seen.add(cat.key);
      categories.push(cat);
    });
  }
  const keys = new Set(
    Array.isArray(rawCats)
      ? rawCats.flatMap((c: unknown) => (isObj(c) && typeof c['key'] === 'string' ? [c['key']] : []))
      : [],
  );
  const caps: { cap: CapDraft; index: number }[] = [];
  const rawCaps = raw['caps'];
  if (rawCaps !== undefined && !Array.isArray(rawCaps)) sink.add('caps', 'must be an array of caps');
  else if (Array.isArray(rawCaps)) {
    rawCaps.forEach((c: unknown, i) => {
      const cap = parseCap(c, `caps[${i}]`, sink, keys);
      if (cap) caps.push({ cap, index: i });
    });
  }
  for (const e of capScheduleErrors(categories, caps)) sink.add(e.path, e.message);
  if (sink.errors.length > 0 || !name || !counterparty || !signedOn || !recognitionBasis || !amountsInclude) {
    return { ok: false, errors: sink.errors };
  }
  return parsed({
    name,
    counterparty,
    signedOn,
    recognitionBasis,
    amountsInclude,
    categories,
    caps: caps.map((c) => c.cap),
  });
}

/** Caps wholly outside the term of every category they cover, and caps overlapping on one category. */
function capScheduleErrors(
  categories: readonly CategoryDraft[],
  caps: readonly { cap: CapDraft; index: number }[],
): FieldError[] {
  const errors: FieldError[] = [];
  const byKey = new Map(categories.map((c) => [c.key, c]));
  for (const { cap, index } of caps) {
    const terms = cap.categoryKeys.flatMap((k) => {
      const c = byKey.get(k);
      return c ? [{ start: c.termStart, end: c.termEnd }] : [];
    });
    if (terms.length === 0) continue;
    const period = { start: cap.periodStart, end: cap.periodEnd };
    if (!terms.some((t) => overlaps(t, period))) {
      const earliest = terms.reduce((a, t) => minDate(a, t.start), terms[0]!.start);
      const latest = terms.reduce((a, t) => maxDate(a, t.end), terms[0]!.end);
      const field = cap.periodEnd < earliest ? 'periodEnd' : 'periodStart';
      errors.push({
        path: `caps[${index}].${field}`,
        message: `the cap period ${cap.periodStart} to ${cap.periodEnd} lies wholly outside the term ${earliest} to ${latest}`,
      });
    }
  }
  for (let i = 0; i < caps.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = caps[j]!;
      const b = caps[i]!;
      const shared = b.cap.categoryKeys.filter((k) => a.cap.categoryKeys.includes(k));
      const both = intersect(
        { start: a.cap.periodStart, end: a.cap.periodEnd },
        { start: b.cap.periodStart, end: b.cap.periodEnd },
      );
      if (shared.length > 0 && both) {
        errors.push({
          path: `caps[${b.index}].periodStart`,
          message: `overlaps caps[${a.index}] (${a.cap.periodStart} to ${a.cap.periodEnd}) for category "${shared.join('", "')}" from ${both.start} to ${both.end}: two caps cannot cover the same category on the same day`,
        });
      }
    }
  }
  return errors;
}

/** A category's term as in force: a termination moves its end to the day before `effectiveOn`. */
export function effectiveTerm(category: {
  termStart: CalendarDate;
  termEnd: CalendarDate;
  terminatedOn: CalendarDate | null;
}): DateRange | null {
  const end = category.terminatedOn
    ? minDate(category.termEnd, addDays(category.terminatedOn, -1))
    : category.termEnd;
  return end >= category.termStart ? { start: category.termStart, end } : null;
}

/**
 * The part of a cap's stated period that applies: inside the union of the covered categories' terms
 * (as in force). A cap stated for a whole financial year keeps its stated dates and amount.
 */
export function capEffectiveRange(
  cap: { periodStart: CalendarDate; periodEnd: CalendarDate },
  categories: readonly {
    termStart: CalendarDate;
    termEnd: CalendarDate;
    terminatedOn: CalendarDate | null;
  }[],
): DateRange | null {
  const terms = categories.map(effectiveTerm).filter((t): t is DateRange => t !== null);
  if (terms.length === 0) return null;
  const start = terms.reduce((a, t) => minDate(a, t.start), terms[0]!.start);
  const end = terms.reduce((a, t) => maxDate(a, t.end), terms[0]!.end);
  return intersect({ start: cap.periodStart, end: cap.periodEnd }, { start, end });
}

export const sortByDate = <T extends { date: CalendarDate }>(xs: readonly T[]): T[] =>
  [...xs].sort((a, b) => compareDates(a.date, b.date));
export { inRange };
