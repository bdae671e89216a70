/**
 * Scenario documents composed from the store (issue 3). The scenario file format
 * (docs/scenario-format.md) is the one canonical shape of parties, relationships, figures and
 * agreements: the register keeps its objects as recorded, and every check goes through
 * `parseScenario`, with its error paths mapped back to the request's own paths.
 */
import { checkBoardVote, type BoardVoteViolation } from '../domain/chapter14a/index.js';
import { parseScenario } from '../domain/chapter14a/scenario.js';
import { formatMinor, type CalendarDate, type FieldError } from '../domain/index.js';
import type {
  AgreementRecord,
  BoardResolutionRecord,
  IssuerRecord,
  JsonObject,
  StoreReader,
} from './ports.js';
import { capAmountInForce, capView } from './views.js';

/**
 * Stand-in figures for checks that never look at them (connections, interested directors, and the
 * validation of register entries): the connection rules do not depend on the issuer's figures.
 */
const PLACEHOLDER_FIGURES: JsonObject = {
  currency: 'HKD',
  totalAssets: '1.00',
  revenue: '1.00',
  profits: '0.00',
  marketCapitalisation: '1.00',
};

export const isJsonObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with its object keys sorted, so that two objects with the same content compare equal. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isJsonObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export const scenarioIssuer = (issuer: IssuerRecord, figures: unknown = PLACEHOLDER_FIGURES) => ({
  id: issuer.id,
  name: issuer.name,
  financialYearEnd: issuer.financialYearEnd,
  ...(issuer.prcIssuer ? { prcIssuer: true } : {}),
  figures,
});

const LISTS = /\b(parties|relationships|agreements)\[(\d+)\]/g;
const LIST_AT_START = /^(parties|relationships|agreements)\[(\d+)\]/;

/**
 * The errors of a composed scenario in the request's terms. `rename(list, index)` gives what
 * `list[index]` is called in the request (e.g. the scenario's `parties[3]` → the request's
 * `parties[0]`), or null to drop errors located there. Errors located outside the three lists go
 * through `other`, which may rename or drop them (null). References in messages are renamed too.
 */
export function requestErrors(
  errors: readonly FieldError[],
  rename: (list: string, index: number) => string | null,
  other: (path: string) => string | null = () => null,
): FieldError[] {
  const out: FieldError[] = [];
  const inMessage = (message: string) =>
    message.replace(LISTS, (whole, list: string, i: string) => rename(list, Number(i)) ?? whole);
  for (const e of errors) {
    const m = LIST_AT_START.exec(e.path);
    let path: string | null;
    if (m) {
      const to = rename(m[1] ?? '', Number(m[2]));
      path = to === null ? null : to + e.path.slice(m[0].length);
    } else path = other(e.path);
    if (path !== null) out.push({ path, message: inMessage(e.message) });
  }
  return out;
}

/** The register as scenario lists: each party and relationship object as recorded. */
export async function registerLists(
  reader: StoreReader,
  issuerId: string,
): Promise<{ parties: JsonObject[]; relationships: JsonObject[] }> {
  const [parties, relationships] = await Promise.all([
    reader.listRegisterParties(issuerId),
    reader.listRegisterRelationships(issuerId),
  ]);
  return { parties: parties.map((p) => p.body), relationships: relationships.map((r) => r.body) };
}

/**
 * The scenario of one stored agreement against the register on `asOf`, as `checkResolution`
 * composes it: for the connection and abstention checks, which never read the issuer's figures or the
 * caps. One agreement at a time, so that one whose counterparty the register does not know does not
 * hide the others.
 */
export const connectionScenario = (
  issuer: IssuerRecord,
  register: { readonly parties: readonly JsonObject[]; readonly relationships: readonly JsonObject[] },
  a: AgreementRecord,
  asOf: CalendarDate,
) =>
  parseScenario({
    asOf,
    issuer: scenarioIssuer(issuer),
    fx: [],
    parties: register.parties,
    relationships: register.relationships,
    agreements: [
      agreementDocument(
        a,
        asOf,
        { normalCommercialTerms: true, inedConfirmed: false, boardApproved: false },
        false,
      ),
    ],
  });

/**
 * A stored agreement in the shape of POST /api/v1/agreements plus the scenario's fields. Each cap
 * carries the amount in force on `asOf` (revisions effective by then applied, 14A.54); without
 * `withCaps` the caps are left out (for the connection and abstention checks, which never read them).
 */
export function agreementDocument(
  a: AgreementRecord,
  asOf: CalendarDate,
  facts: { normalCommercialTerms: boolean; inedConfirmed: boolean; boardApproved: boolean },
  withCaps: boolean,
): JsonObject {
  const keyOf = new Map(a.categories.map((c) => [c.id, c.key]));
  return {
    id: a.id,
    counterparty: a.counterparty.partyId,
    name: a.name,
    signedOn: a.signedOn,
    recognitionBasis: a.recognitionBasis,
    amountsInclude: a.amountsInclude,
    categories: a.categories.map((c) => ({
      key: c.key,
      name: c.name,
      direction: c.direction,
      termStart: c.termStart,
      termEnd: c.termEnd,
      ...(c.pricingBasis !== null ? { pricingBasis: c.pricingBasis } : {}),
      pricingPolicy: {
        minIndependentQuotes: c.pricingPolicy.minIndependentQuotes,
        quoteValidityRequired: c.pricingPolicy.quoteValidityRequired,
        exceptionsAllowed: c.pricingPolicy.exceptionsAllowed,
      },
      ...(c.ifaOpinion !== null ? { ifaOpinion: c.ifaOpinion } : {}),
    })),
    // A cap that a termination ended before its first day is no longer a cap of the agreement.
    caps: withCaps
      ? a.caps
          .filter((cap) => capView(a, cap, false).effectiveStart !== null)
          .map((cap) => ({
            categoryKeys: cap.categoryIds.map((id) => keyOf.get(id) ?? id),
            periodStart: cap.periodStart,
            periodEnd: cap.periodEnd,
            amount: formatMinor(capAmountInForce(cap, asOf), cap.currency),
            currency: cap.currency,
          }))
      : [],
    normalCommercialTerms: facts.normalCommercialTerms,
    inedConfirmed: facts.inedConfirmed,
    boardApproved: facts.boardApproved,
  };
}

export interface ResolutionCheck {
  readonly violations: readonly (BoardVoteViolation & { readonly agreementId: string })[];
  /** Scenario errors in terms of the resolution (`agreementIds[i]`, `votes[j]`), e.g. a counterparty not in the register. */
  readonly errors: readonly FieldError[];
}

/**
 * Checks each vote of a resolution against the directors who must abstain on each agreement it
 * approves (13.44), with the register as of the meeting date.
 */
export function checkResolution(
  issuer: IssuerRecord,
  register: { parties: readonly JsonObject[]; relationships: readonly JsonObject[] },
  resolution: Pick<BoardResolutionRecord, 'meetingDate' | 'votes' | 'agreementIds'>,
  agreements: readonly AgreementRecord[],
): ResolutionCheck {
  const approved = resolution.agreementIds.flatMap((id) => {
    const a = agreements.find((x) => x.id === id);
    return a ? [a] : [];
  });
  const errors: FieldError[] = [];
  approved.forEach((a) => {
    if (a.counterparty.partyId === null) {
      errors.push({
        path: `agreementIds[${resolution.agreementIds.indexOf(a.id)}]`,
        message: `agreement ${a.id} has no counterparty party id: record the counterparty's party id, so that the directors who must abstain can be found`,
      });
    }
  });
  if (errors.length > 0 || approved.length === 0) return { violations: [], errors };
  const raw = {
    asOf: resolution.meetingDate,
    issuer: scenarioIssuer(issuer),
    fx: [],
    parties: register.parties,
    relationships: register.relationships,
    agreements: approved.map((a) =>
      agreementDocument(
        a,
        resolution.meetingDate,
        { normalCommercialTerms: true, inedConfirmed: false, boardApproved: false },
        false,
      ),
    ),
  };
  const parsed = parseScenario(raw);
  if (!parsed.ok) {
    // The resolution names agreements, not scenario entries: `agreements[0].counterparty` becomes
    // `agreementIds[k]` with the field in the message.
    const errors = requestErrors(parsed.errors, (list, i) =>
      list === 'agreements'
        ? `agreementIds[${resolution.agreementIds.indexOf(approved[i]?.id ?? '')}]`
        : `register.${list}[${i}]`,
    ).map((e) => {
      const m = /^agreementIds\[\d+\]/.exec(e.path);
      const field = m ? e.path.slice(m[0].length).replace(/^\./, '') : '';
      return m ? { path: m[0], message: `${field ? `${field}: ` : ''}${e.message}` } : e;
    });
    return { violations: [], errors };
  }
  const violations = approved.flatMap((a) =>
    checkBoardVote(parsed.value, a.id, resolution.votes).map((v) => ({ agreementId: a.id, ...v })),
  );
  return { violations, errors: [] };
}

/**
 * A resolution approves an agreement when it lists it, no vote on it breaches 13.44 (an interested
 * director's vote is not counted, so the resolution cannot be relied on as the board's approval),
 * and more directors voted for it than against.
 */
export function approves(
  resolution: Pick<BoardResolutionRecord, 'votes' | 'agreementIds'>,
  agreementId: string,
  check: ResolutionCheck,
): boolean {
  if (!resolution.agreementIds.includes(agreementId)) return false;
  if (check.errors.length > 0 || check.violations.some((v) => v.agreementId === agreementId)) return false;
  const count = (vote: string) => resolution.votes.filter((v) => v.vote === vote).length;
  return count('for') > count('against');
}
