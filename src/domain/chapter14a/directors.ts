/**
 * Interested directors (13.44): the issuer's directors who must abstain on the board resolution
 * approving an agreement — a directorship, chief-executive role or shareholding in the counterparty's
 * group, or being an associate of the counterparty (or having it as an associate).
 */
import { analyseConnections, associatesOf, step, type ConnectionAnalysis } from './connections.js';
import { compare, percentShort, ZERO } from './fraction.js';
import { controlledBy, nameOf } from './register.js';
import type { BasisStep, Scenario } from './types.js';

/** The counterparty, its company group (holding companies, subsidiaries, fellow subsidiaries) and the persons it is connected through. */
function counterpartyGroup(a: ConnectionAnalysis, counterparty: string): Set<string> {
  const reg = a.reg;
  const issuerGroup = new Set([reg.issuerId, ...reg.issuerSubsidiaries]);
  const group = new Set([counterparty]);
  for (const c of a.chains.get(counterparty) ?? []) if (c.kind === 'associate') group.add(c.root);
  for (const x of [...group]) {
    for (const s of controlledBy(reg, new Set([x]), issuerGroup)) group.add(s);
    for (const k of reg.ids) {
      if (k === x || issuerGroup.has(k) || reg.parties.get(k)?.kind === 'individual') continue;
      const subs = controlledBy(reg, new Set([k]), issuerGroup);
      if (subs.has(x)) {
        group.add(k);
        for (const s of subs) group.add(s);
      }
    }
  }
  return group;
}

export function interestedDirectorsWith(
  a: ConnectionAnalysis,
  agreementId: string,
): { personId: string; reasons: BasisStep[] }[] {
  const reg = a.reg;
  const agreement = reg.scenario.agreements.find((x) => x.id === agreementId);
  if (!agreement) throw new RangeError(`no agreement "${agreementId}" in the scenario`);
  const cp = agreement.counterparty;
  const group = counterpartyGroup(a, cp);
  const groupNames = (id: string): string =>
    id === cp ? `${nameOf(reg, id)}, the counterparty` : `${nameOf(reg, id)}, in the counterparty's group`;
  const directors = [
    ...new Set(
      reg.roles.filter((r) => r.kind === 'director' && r.company === reg.issuerId).map((r) => r.person),
    ),
  ].sort();
  const cpAssociates = associatesOf(reg, cp).associates;
  const out: { personId: string; reasons: BasisStep[] }[] = [];
  for (const d of directors) {
    const reasons: BasisStep[] = [];
    const D = nameOf(reg, d);
    if (d === cp) reasons.push(step('13.44', `${D} is the counterparty`));
    for (const r of reg.roles) {
      if (r.person !== d || !group.has(r.company) || r.company === reg.issuerId) continue;
      const what =
        r.kind === 'director'
          ? 'a director'
          : r.kind === 'chief-executive'
            ? 'the chief executive'
            : 'a supervisor';
      reasons.push(
        step(
          '13.44',
          `${D} is ${what} of ${groupNames(r.company)}: a material interest`,
          `${nameOf(reg, d)}於${nameOf(reg, r.company)}擔任職務`,
        ),
      );
    }
    for (const h of reg.holdings) {
      if (h.holder !== d || !group.has(h.company) || compare(h.percent, ZERO) <= 0) continue;
      reasons.push(
        step(
          '13.44',
          `${D} holds ${percentShort(h.percent)}% of ${groupNames(h.company)}: a material interest`,
        ),
      );
    }
    const asAssociate = cpAssociates.find((x) => x.party === d);
    if (asAssociate)
      reasons.push(
        ...asAssociate.steps,
        step('13.44', `${D} is an associate of ${nameOf(reg, cp)}, the counterparty`),
      );
    const own = associatesOf(reg, d).associates.find((x) => x.party === cp);
    if (own)
      reasons.push(
        ...own.steps,
        step('13.44', `${nameOf(reg, cp)}, the counterparty, is an associate of ${D}`),
      );
    if (reasons.length > 0) out.push({ personId: d, reasons });
  }
  return out;
}

export function interestedDirectors(
  scenario: Scenario,
  agreementId: string,
): { personId: string; reasons: BasisStep[] }[] {
  return interestedDirectorsWith(analyseConnections(scenario), agreementId);
}

export interface BoardVote {
  readonly personId: string;
  readonly vote: 'for' | 'against' | 'abstain';
}

export interface BoardVoteViolation {
  readonly personId: string;
  readonly rule: string;
  readonly text: string;
}

/** 13.44: a director with a material interest must not vote and is not counted in the quorum. */
export function checkBoardVote(
  scenario: Scenario,
  agreementId: string,
  votes: readonly BoardVote[],
): BoardVoteViolation[] {
  const a = analyseConnections(scenario);
  const interested = new Map(interestedDirectorsWith(a, agreementId).map((d) => [d.personId, d.reasons]));
  const directors = new Set(
    a.reg.roles.filter((r) => r.kind === 'director' && r.company === a.reg.issuerId).map((r) => r.person),
  );
  const out: BoardVoteViolation[] = [];
  for (const v of [...votes].sort((x, y) =>
    x.personId < y.personId ? -1 : x.personId > y.personId ? 1 : 0,
  )) {
    const name = nameOf(a.reg, v.personId);
    if (!directors.has(v.personId)) {
      out.push({
        personId: v.personId,
        rule: '13.44',
        text: `${name} is not a director of the issuer on ${a.reg.asOf}: the vote does not count`,
      });
      continue;
    }
    const reasons = interested.get(v.personId);
    if (reasons && v.vote !== 'abstain') {
      out.push({
        personId: v.personId,
        rule: '13.44',
        text: `${name} voted ${v.vote} but must abstain and not be counted in the quorum: ${reasons.map((r) => r.text).join('; ')}`,
      });
    }
  }
  return out;
}
