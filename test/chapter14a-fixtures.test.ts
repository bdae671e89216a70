/**
 * An independent table of expected Chapter 14A results, one JSON fixture per digest §15 case
 * (test/fixtures/chapter14a/case-NN.json) plus the seed case. Each fixture holds a scenario in the
 * format of docs/scenario-format.md, the expected results and, in `notes`, why each is expected.
 *
 * Only the fields present in a fixture's `expect` are asserted:
 * - `parties.<id>`: connected, subsidiaryLevelOnly, deemedReview, and `basisRules` (rule references
 *   that must appear in the party's basis; "14A.09" is satisfied by "14A.09(1)(b)", never the reverse).
 * - `agreements.<id>`: individualTier, tier, numerator (amounts compared as exact decimals),
 *   `ratios` (name → percentage string to 4 decimals), `requirementCodes` (the exact set),
 *   `requirementRules` and `explanationRules` (references that must appear).
 * - `aggregates`: the aggregate holding the listed agreements (or parties), with its numerator and tier.
 * - `interestedDirectors.<agreementId>`: the exact set of directors who must abstain.
 * - `invalid`: the scenario must be rejected with an error at each listed path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyScenario, interestedDirectors } from '../src/domain/chapter14a/index.js';
import { parseScenario } from '../src/domain/chapter14a/scenario.js';
import type {
  AggregateClassification,
  BasisStep,
  ClassificationResult,
  Numerator,
  Tier,
} from '../src/domain/chapter14a/types.js';

interface NumeratorExpect {
  readonly amount: string;
  readonly currency: string;
  readonly amountHkd?: string;
  readonly financialYear?: string;
}

interface PartyExpect {
  readonly connected: boolean;
  readonly subsidiaryLevelOnly?: boolean;
  readonly deemedReview?: boolean;
  readonly basisRules?: readonly string[];
}

interface AgreementExpect {
  readonly individualTier?: Tier;
  readonly tier?: Tier;
  readonly numerator?: NumeratorExpect;
  readonly ratios?: Readonly<Record<string, string>>;
  readonly requirementCodes?: readonly string[];
  readonly requirementRules?: readonly string[];
  readonly explanationRules?: readonly string[];
}

interface AggregateExpect {
  readonly partyIds: readonly string[];
  readonly agreementIds?: readonly string[];
  readonly numerator?: NumeratorExpect;
  readonly tier?: Tier;
}

interface Expectation {
  readonly parties?: Readonly<Record<string, PartyExpect>>;
  readonly agreements?: Readonly<Record<string, AgreementExpect>>;
  readonly aggregates?: readonly AggregateExpect[];
  readonly interestedDirectors?: Readonly<Record<string, readonly string[]>>;
  readonly invalid?: readonly string[];
}

interface Fixture {
  readonly file: string;
  readonly case: number | string;
  readonly rule: string;
  readonly title: string;
  readonly scenario: unknown;
  readonly expect: Expectation;
  readonly notes: readonly string[];
}

const DIR = fileURLToPath(new URL('./fixtures/chapter14a/', import.meta.url));

const fixtures: Fixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...(JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Omit<Fixture, 'file'>) }));

/** Rule references in a text: "14A.39–14A.41" gives 14A.39 and 14A.41; "Rule 14A.76(1)(a)" gives 14A.76(1)(a). */
const RULE_REF = /\d+A?\.\d+(?:\([0-9a-z]+\))*/g;
const refsIn = (text: string): string[] => text.match(RULE_REF) ?? [];

/** Whether a list of steps cites `expected` itself or one of its sub-rules. */
function cites(steps: readonly BasisStep[], expected: string): boolean {
  return steps.some((s) => refsIn(s.rule).some((r) => r === expected || r.startsWith(`${expected}(`)));
}

/** For a readable diff: each expected reference as is when cited, or marked missing with what was cited. */
function citedOrMissing(steps: readonly BasisStep[], expected: readonly string[]): string[] {
  const seen = steps.map((s) => s.rule).join(' | ');
  return expected.map((r) => (cites(steps, r) ? r : `MISSING ${r} (cited: ${seen || 'nothing'})`));
}

/** Exact decimal strings without formatting noise: "82000000.00" and "82000000" are the same amount. */
function decimal(s: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  const [int = '', frac = ''] = s.split('.');
  const f = frac.replace(/0+$/, '');
  return f === '' ? int : `${int}.${f}`;
}

function normaliseNumerator(n: NumeratorExpect): NumeratorExpect {
  return {
    ...n,
    amount: decimal(n.amount),
    ...(n.amountHkd === undefined ? {} : { amountHkd: decimal(n.amountHkd) }),
  };
}

/** The fields of an actual numerator that the expectation names. */
function observeNumerator(actual: Numerator | null, expected: NumeratorExpect): NumeratorExpect | null {
  if (actual === null) return null;
  return {
    amount: decimal(actual.amount),
    currency: actual.currency,
    ...(expected.amountHkd === undefined ? {} : { amountHkd: decimal(actual.amountHkd) }),
    ...(expected.financialYear === undefined ? {} : { financialYear: actual.financialYear }),
  };
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && sorted(a).every((x, i) => x === sorted(b)[i]);

/** The expectation with amounts normalised, so that it compares with `observe`'s output. */
function normaliseExpectation(e: Expectation): Expectation {
  return {
    ...e,
    ...(e.agreements === undefined
      ? {}
      : {
          agreements: Object.fromEntries(
            Object.entries(e.agreements).map(([id, a]) => [
              id,
              {
                ...a,
                ...(a.numerator === undefined ? {} : { numerator: normaliseNumerator(a.numerator) }),
                ...(a.requirementCodes === undefined ? {} : { requirementCodes: sorted(a.requirementCodes) }),
              },
            ]),
          ),
        }),
    ...(e.aggregates === undefined
      ? {}
      : {
          aggregates: e.aggregates.map((g) => ({
            ...g,
            partyIds: sorted(g.partyIds),
            ...(g.agreementIds === undefined ? {} : { agreementIds: sorted(g.agreementIds) }),
            ...(g.numerator === undefined ? {} : { numerator: normaliseNumerator(g.numerator) }),
          })),
        }),
    ...(e.interestedDirectors === undefined
      ? {}
      : {
          interestedDirectors: Object.fromEntries(
            Object.entries(e.interestedDirectors).map(([id, ds]) => [id, sorted(ds)]),
          ),
        }),
  };
}

/** The actual results, in the shape of the expectation and restricted to the fields it names. */
function observe(
  result: ClassificationResult,
  e: Expectation,
  abstainers: (agreementId: string) => string[],
): Expectation {
  const out: {
    parties?: Record<string, PartyExpect | 'absent'>;
    agreements?: Record<string, AgreementExpect | 'absent'>;
    aggregates?: (AggregateExpect | 'absent')[];
    interestedDirectors?: Record<string, string[]>;
  } = {};
  if (e.parties) {
    out.parties = {};
    for (const [id, pe] of Object.entries(e.parties)) {
      const p = result.parties.find((x) => x.id === id);
      out.parties[id] = p
        ? {
            connected: p.connected,
            ...(pe.subsidiaryLevelOnly === undefined ? {} : { subsidiaryLevelOnly: p.subsidiaryLevelOnly }),
            ...(pe.deemedReview === undefined ? {} : { deemedReview: p.deemedReview }),
            ...(pe.basisRules === undefined ? {} : { basisRules: citedOrMissing(p.basis, pe.basisRules) }),
          }
        : 'absent';
    }
  }
  if (e.agreements) {
    out.agreements = {};
    for (const [id, ae] of Object.entries(e.agreements)) {
      const a = result.agreements.find((x) => x.id === id);
      if (!a) {
        out.agreements[id] = 'absent';
        continue;
      }
      const ratios = ae.ratios
        ? Object.fromEntries(
            Object.keys(ae.ratios).map((name) => [
              name,
              a.ratios.find((r) => r.name === name)?.percent ?? 'absent',
            ]),
          )
        : undefined;
      const numerator = ae.numerator ? observeNumerator(a.numerator, ae.numerator) : undefined;
      out.agreements[id] = {
        ...(ae.individualTier === undefined ? {} : { individualTier: a.individualTier }),
        ...(ae.tier === undefined ? {} : { tier: a.tier }),
        ...(numerator === undefined
          ? {}
          : { numerator: numerator ?? ({ amount: 'null' } as NumeratorExpect) }),
        ...(ratios === undefined ? {} : { ratios }),
        ...(ae.requirementCodes === undefined
          ? {}
          : { requirementCodes: sorted(a.requirements.map((r) => r.code)) }),
        ...(ae.requirementRules === undefined
          ? {}
          : { requirementRules: citedOrMissing(a.requirements, ae.requirementRules) }),
        ...(ae.explanationRules === undefined
          ? {}
          : { explanationRules: citedOrMissing(a.explanation, ae.explanationRules) }),
      };
    }
  }
  if (e.aggregates) {
    out.aggregates = e.aggregates.map((ge) => {
      const g: AggregateClassification | undefined = result.aggregates.find((x) =>
        ge.agreementIds ? sameSet(x.agreementIds, ge.agreementIds) : sameSet(x.partyIds, ge.partyIds),
      );
      if (!g) return 'absent';
      const numerator = ge.numerator ? observeNumerator(g.numerator, ge.numerator) : undefined;
      return {
        partyIds: sorted(g.partyIds),
        ...(ge.agreementIds === undefined ? {} : { agreementIds: sorted(g.agreementIds) }),
        ...(numerator === undefined
          ? {}
          : { numerator: numerator ?? ({ amount: 'null' } as NumeratorExpect) }),
        ...(ge.tier === undefined ? {} : { tier: g.tier }),
      };
    });
  }
  if (e.interestedDirectors) {
    out.interestedDirectors = Object.fromEntries(
      Object.keys(e.interestedDirectors).map((id) => [id, sorted(abstainers(id))]),
    );
  }
  return out as Expectation;
}

describe('Chapter 14A: the digest §15 cases and the seed case, from independent fixtures', () => {
  it('finds the fixtures, each with its rule, title and reasons', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    for (const f of fixtures) {
      expect(f.rule, f.file).not.toBe('');
      expect(f.title, f.file).not.toBe('');
      expect(f.notes.length, f.file).toBeGreaterThan(0);
    }
  });

  it.each(fixtures.map((f) => [`case ${f.case} (${f.rule}): ${f.title}`, f] as const))('%s', (_name, f) => {
    const parsed = parseScenario(f.scenario);
    if (f.expect.invalid) {
      expect(parsed.ok, `${f.file}: the scenario must be rejected`).toBe(false);
      const paths = parsed.ok ? [] : parsed.errors.map((err) => err.path);
      const located = f.expect.invalid.map((p) =>
        paths.some((q) => q === p || q.startsWith(`${p}.`) || q.startsWith(`${p}[`))
          ? p
          : `NO ERROR AT ${p} (errors at: ${paths.join(', ') || 'none'})`,
      );
      expect(located).toEqual(f.expect.invalid);
      return;
    }
    if (!parsed.ok) {
      throw new Error(`${f.file}: the scenario was rejected: ${JSON.stringify(parsed.errors, null, 2)}`);
    }
    const scenario = parsed.value;
    const result = classifyScenario(scenario);
    const observed = observe(result, f.expect, (agreementId) =>
      interestedDirectors(scenario, agreementId).map((d) => d.personId),
    );
    expect(observed, `${f.file} — why:\n  ${f.notes.join('\n  ')}`).toEqual(normaliseExpectation(f.expect));
  });
});
