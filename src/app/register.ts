/**
 * Use cases "record the register" and "read the register" (issue 3, item 1): the parties and the
 * relationships between them, each kept as the object of the scenario format
 * (docs/scenario-format.md), with its validity dates. Validated by `parseScenario` against the
 * register already recorded, so that a relationship may name a party recorded earlier, one in the
 * same batch, or the issuer itself (its id is the issuer's id).
 */
import { parseScenario } from '../domain/chapter14a/scenario.js';
import type { FieldError } from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor, IssuerRecord, JsonObject, StoreReader } from './ports.js';
import { canonicalJson, isJsonObject, requestErrors, scenarioIssuer } from './stored-scenario.js';

export interface RegisterEntryView {
  /** The party id, or the relationship's id. */
  readonly id: string;
  /** The object as recorded, in the scenario format. */
  readonly body: JsonObject;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface RegisterView {
  readonly parties: readonly RegisterEntryView[];
  readonly relationships: readonly RegisterEntryView[];
}

export interface RecordRegisterResult {
  /** Parties recorded by this request. */
  readonly parties: readonly string[];
  /** Parties the request repeated exactly as already recorded: nothing written for them. */
  readonly unchangedParties: readonly string[];
  /** Ids of the relationships recorded, in the request's order. */
  readonly relationships: readonly string[];
}

export async function getIssuerOrThrow(reader: StoreReader, issuerId: string): Promise<IssuerRecord> {
  const issuer = await reader.getIssuer(issuerId);
  if (!issuer) throw AppError.notFound(`issuer ${issuerId}`);
  return issuer;
}

function listOf(body: JsonObject, key: string, sink: FieldError[]): unknown[] {
  const v = body[key];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v as unknown[];
  sink.push({ path: key, message: `must be a list of ${key}` });
  return [];
}

/**
 * Records parties and relationships, all or nothing: invalid input writes nothing and every error
 * names the request's own path (`relationships[0].percent`). A party id already recorded is a
 * conflict unless the party is repeated exactly as recorded.
 */
export async function recordRegister(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<RecordRegisterResult> {
  requireAction(actor, 'register.write');
  const body = isJsonObject(raw) ? raw : null;
  if (!body) {
    throw AppError.invalid([
      { path: '', message: 'must be an object { parties?: [...], relationships?: [...] }' },
    ]);
  }
  const shapeErrors: FieldError[] = [];
  const parties = listOf(body, 'parties', shapeErrors);
  const relationships = listOf(body, 'relationships', shapeErrors);
  if (shapeErrors.length > 0) throw AppError.invalid(shapeErrors);
  if (parties.length === 0 && relationships.length === 0) {
    throw AppError.invalid([{ path: '', message: 'give at least one of parties or relationships' }]);
  }
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const issuer = await getIssuerOrThrow(tx, actor.issuerId);
    const recordedParties = await tx.listRegisterParties(actor.issuerId);
    const recordedRelationships = await tx.listRegisterRelationships(actor.issuerId);
    const known = new Map(recordedParties.map((p) => [p.partyId, p.body]));

    // A party repeated exactly as recorded is left alone; a different one under a recorded id is a conflict.
    const fresh: { index: number; party: unknown }[] = [];
    const unchanged: string[] = [];
    parties.forEach((party, index) => {
      const id = isJsonObject(party) ? party['id'] : undefined;
      const existing = typeof id === 'string' ? known.get(id) : undefined;
      if (typeof id !== 'string' || existing === undefined) {
        fresh.push({ index, party });
        return;
      }
      if (canonicalJson(existing) !== canonicalJson(party)) {
        throw AppError.conflict(
          'PARTY_EXISTS',
          `parties[${index}].id: a different party "${id}" is already recorded; party ids are unique per issuer`,
        );
      }
      unchanged.push(id);
    });

    const pOff = recordedParties.length;
    const rOff = recordedRelationships.length;
    const parsed = parseScenario({
      asOf: ctx.clock.today(),
      issuer: scenarioIssuer(issuer),
      fx: [],
      parties: [...recordedParties.map((p) => p.body), ...fresh.map((f) => f.party)],
      relationships: [...recordedRelationships.map((r) => r.body), ...relationships],
      agreements: [],
    });
    if (!parsed.ok) {
      // Only the entries of this request are checked here: the scenario's other parts are stand-ins.
      const errors = requestErrors(parsed.errors, (list, i) => {
        if (list === 'parties') {
          if (i >= pOff) return `parties[${fresh[i - pOff]?.index ?? i - pOff}]`;
          return `the recorded party "${recordedParties[i]?.partyId ?? i}"`;
        }
        if (list === 'relationships')
          return i >= rOff ? `relationships[${i - rOff}]` : `recorded relationship ${i}`;
        return null;
      });
      if (errors.length > 0) throw AppError.invalid(errors);
    }

    const insertedParties: string[] = [];
    for (const [k, f] of fresh.entries()) {
      const party = f.party as JsonObject;
      const partyId = party['id'] as string;
      const inserted = await tx.insertRegisterParty({
        issuerId: actor.issuerId,
        partyId,
        seq: pOff + k,
        body: party,
        recordedAt: now,
        recordedBy: actor.userId,
      });
      if (!inserted) {
        // Recorded by a concurrent request since this one read the register.
        throw AppError.conflict(
          'PARTY_EXISTS',
          `parties[${f.index}].id: a party "${partyId}" is already recorded`,
        );
      }
      insertedParties.push(partyId);
    }
    const relationshipRecords = relationships.map((r, k) => ({
      id: ctx.ids.next('rel'),
      issuerId: actor.issuerId,
      seq: rOff + k,
      body: r as JsonObject,
      recordedAt: now,
      recordedBy: actor.userId,
    }));
    await tx.insertRegisterRelationships(relationshipRecords);
    return {
      commit: true,
      value: {
        parties: insertedParties,
        unchangedParties: unchanged,
        relationships: relationshipRecords.map((r) => r.id),
      },
    };
  });
}

/** The register as recorded, in recording order. */
export async function getRegister(ctx: AppContext, actor: Actor): Promise<RegisterView> {
  requireAction(actor, 'register.read');
  const [parties, relationships] = await Promise.all([
    ctx.store.listRegisterParties(actor.issuerId),
    ctx.store.listRegisterRelationships(actor.issuerId),
  ]);
  return {
    parties: parties.map((p) => ({
      id: p.partyId,
      body: p.body,
      recordedAt: p.recordedAt,
      recordedBy: p.recordedBy,
    })),
    relationships: relationships.map((r) => ({
      id: r.id,
      body: r.body,
      recordedAt: r.recordedAt,
      recordedBy: r.recordedBy,
    })),
  };
}
