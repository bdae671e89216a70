import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { Store, StoreTx } from '../src/app/ports.js';
import { openApiDocument } from '../src/http/openapi.js';
import { buildServer } from '../src/http/server.js';
import { world } from './support/context.js';
import { engines, releaseEngines } from './support/engines.js';
import { tokenFor } from './support/http.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
type Json = Record<string, unknown>;
const seedDoc = (): Json =>
  parse(fs.readFileSync(path.join(root, 'examples', 'seed-case.yaml'), 'utf8')) as Json;

/** What checking an API token reads (issue 6: the request must carry credentials). */
const AUTHENTICATION_READS = new Set<string | symbol>(['getApiTokenByHash', 'getUser', 'listMemberships']);

const touched = (where: string, name: string | symbol): Error =>
  new Error(`the classification touched the store (${where}.${String(name)})`);

/**
 * A store that answers only the lookups that authenticate the request's API token (and the token's
 * "last used" stamp) and fails on any other use: classifying a scenario must not need a database.
 */
function authenticationOnly(real: Store): Store {
  const touchOnly = (tx: StoreTx): StoreTx =>
    new Proxy(tx, {
      get(target, name) {
        if (name !== 'touchApiToken') throw touched('tx', name);
        return target.touchApiToken.bind(target);
      },
    });
  return new Proxy({} as Store, {
    get(_target, name) {
      if (name === 'then') return undefined;
      if (AUTHENTICATION_READS.has(name)) {
        const method = Reflect.get(real, name) as (...args: unknown[]) => unknown;
        return method.bind(real);
      }
      if (name === 'transaction')
        return <T>(fn: Parameters<Store['transaction']>[0]): Promise<T> =>
          real.transaction((tx) => fn(touchOnly(tx))) as Promise<T>;
      throw touched('store', name);
    },
  });
}

let app: FastifyInstance;
let authorization: string;
beforeAll(async () => {
  const sqlite = engines().find((e) => e.name === 'sqlite');
  if (!sqlite) throw new Error('no SQLite engine');
  const real = await sqlite.open();
  const w = await world(real);
  authorization = `Bearer ${await tokenFor(w.ctx, w.actor.issuerId)}`;
  app = await buildServer({
    ctx: { store: authenticationOnly(real), clock: fixedClock('2026-03-15'), ids: randomIds },
  });
});
afterAll(async () => {
  await app.close();
  await releaseEngines();
});

const classify = (payload: unknown) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/classifications',
    payload: payload as Json,
    headers: { 'content-type': 'application/json', authorization },
  });

describe('POST /api/v1/classifications', () => {
  it('classifies the seed case: Xiaomi connected (14A.07(1)), exempt from shareholders’ approval, RMB88.7m', async () => {
    const res = await classify(seedDoc());
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      parties: { id: string; connected: boolean; basis: { rule: string }[] }[];
      agreements: {
        id: string;
        tier: string;
        individualTier: string;
        interestedDirectors: { id: string }[];
      }[];
      aggregates: { partyIds: string[]; numerator: { amount: string; currency: string }; tier: string }[];
    }>();
    const xiaomi = body.parties.find((p) => p.id === 'xiaomi');
    expect(xiaomi?.connected).toBe(true);
    expect(xiaomi?.basis.map((b) => b.rule)).toContain('14A.07(1)');
    expect(body.agreements[0]).toMatchObject({
      id: 'xiaomi-2025',
      tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
      individualTier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
    });
    expect(body.agreements[0]?.interestedDirectors.map((d) => d.id).sort()).toEqual(['lei-jun', 'zhang-duo']);
    expect(body.aggregates[0]).toMatchObject({
      numerator: { amount: '88700000.00', currency: 'CNY' },
      tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
    });
  });

  it('answers 422 with every error located for an invalid scenario', async () => {
    const doc = seedDoc();
    const rels = doc['relationships'] as Json[];
    (rels[0] as Json)['holder'] = 'nobody';
    (rels[1] as Json)['percent'] = '101';
    delete (doc['issuer'] as Json)['figures'];
    const agreement = (doc['agreements'] as Json[])[0] as Json;
    ((agreement['caps'] as Json[])[1] as Json)['amount'] = '5%';
    const res = await classify(doc);
    expect(res.statusCode).toBe(422);
    const { errors } = res.json<{ errors: { path: string; message: string }[] }>();
    expect(errors.map((e) => e.path).sort()).toEqual(
      [
        'agreements[0].caps[1].amount',
        'issuer.figures',
        'relationships[0].holder',
        'relationships[1].percent',
      ].sort(),
    );
    expect(errors.find((e) => e.path === 'agreements[0].caps[1].amount')?.message).toMatch(/Rule 14A\.53/);
  });

  it.each([
    { label: 'an array', payload: [] as unknown, path: '' },
    { label: 'an empty object', payload: {}, path: 'asOf' },
  ])('answers 422 for $label', async ({ payload, path: where }) => {
    const res = await classify(payload);
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(where);
  });

  it('answers 422 for a body that is not JSON', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/classifications',
      payload: 'asOf: 2025-07-29',
      headers: { 'content-type': 'text/plain', authorization },
    });
    expect(res.statusCode).toBe(422);
  });

  it('is in the OpenAPI document, with the scenario and the result described', () => {
    const doc = openApiDocument();
    const op = doc.paths['/api/v1/classifications']?.['post'];
    expect(op?.['requestBody']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ScenarioInput' } } },
    });
    expect(Object.keys((op?.['responses'] as Json | undefined) ?? {})).toEqual(
      expect.arrayContaining(['200', '422']),
    );
    expect(doc.components.schemas['Classification']).toMatchObject({
      required: expect.arrayContaining(['parties', 'agreements', 'aggregates']) as unknown,
    });
  });
});
