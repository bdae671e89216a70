/**
 * Issue 9, item 4: the OpenAPI document is complete and its examples are true. Every route the
 * server registers is documented (a documented route not registered yet only when listed in
 * AWAITING_REGISTRATION); every operation has an example of its success response and of its
 * request body; every error example carries a documented code. Then the examples are replayed on
 * the demo data as of 23 November 2026, the day they were taken: what the server answers has the
 * keys of the example, one level down, and where the example was not shortened, the same values
 * (ids aside, which every database makes afresh). The import examples too.
 */
import fs from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect, it, onTestFinished } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import type { Store } from '../src/app/ports.js';
import { createDemoAdmin } from '../src/app/setup.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { AWAITING_REGISTRATION, openApiDocument } from '../src/http/openapi.js';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import { buildServer } from '../src/http/server.js';
import { describeEachEngine } from './support/engines.js';
import { registeredRoutes, tokenFor } from './support/http.js';
import { multipart } from './support/multipart.js';

type Json = Record<string, unknown>;
interface NamedExample {
  readonly summary: string;
  readonly value: unknown;
}
interface Media {
  readonly schema?: Json;
  readonly examples?: Record<string, NamedExample>;
}
interface Response {
  readonly description: string;
  readonly content?: Record<string, Media>;
  readonly $ref?: string;
}
interface Operation {
  readonly operationId: string;
  readonly requestBody?: { readonly content: Record<string, Media> };
  readonly responses: Record<string, Response>;
}

const TODAY = '2026-11-23';
const doc = openApiDocument();
const schemas = doc.components.schemas as Record<string, Json>;
const sharedResponses = doc.components.responses as unknown as Record<string, Response>;

const operations: { route: string; path: string; operation: Operation }[] = Object.entries(
  doc.paths as unknown as Record<string, Record<string, Operation>>,
).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, operation]) => ({
    route: `${method.toUpperCase()} ${path}`,
    path,
    operation,
  })),
);
const operation = (id: string): Operation => {
  const found = operations.find((o) => o.operation.operationId === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found.operation;
};
const resolve = (response: Response): Response =>
  response.$ref
    ? (sharedResponses[response.$ref.replace('#/components/responses/', '')] ?? response)
    : response;
const examplesOf = (media: Record<string, Media> | undefined): NamedExample[] =>
  Object.values(media ?? {}).flatMap((m) => Object.values(m.examples ?? {}));

/** The example `name` of an operation's response `status` (any media type). */
function responseExample(id: string, status: string, name: string): unknown {
  const response = operation(id).responses[status];
  if (!response) throw new Error(`${id} does not answer ${status}`);
  for (const media of Object.values(resolve(response).content ?? {})) {
    const found = media.examples?.[name];
    if (found) return found.value;
  }
  throw new Error(`${id} ${status} has no example ${name}`);
}
function requestExample(id: string, name: string): unknown {
  for (const media of Object.values(operation(id).requestBody?.content ?? {})) {
    const found = media.examples?.[name];
    if (found) return found.value;
  }
  throw new Error(`${id} has no request example ${name}`);
}

/** "METHOD /path/{}" : parameter names do not route, and Fastify prints `:kind|:id` for a node two share. */
const routeKey = (route: string): string => route.replace(/\{\w+\}(\|\{\w+\})*/g, '{}');

// ---- the codes the document and the docs name ----

const enumOf = (schema: Json | undefined, path: string[]): string[] => {
  let at: unknown = schema;
  for (const key of path) at = (at as Json | undefined)?.[key];
  return Array.isArray(at) ? (at as string[]) : typeof at === 'string' ? [at] : [];
};
const errorCodes = new Set(enumOf(schemas['Error'], ['properties', 'code', 'examples']));
const conflictCodes = new Set(enumOf(schemas['Conflict'], ['properties', 'code', 'enum']));
const reasonCodes = new Set([
  ...enumOf(schemas['RefusalCode'], ['enum']),
  ...enumOf(schemas['PricingRefusalCode'], ['enum']),
]);
const importRowCodes = new Set(enumOf(schemas['ImportRowError'], ['properties', 'code', 'enum']));

const integrationGuide = fs.readFileSync(new URL('../docs/integration.md', import.meta.url), 'utf8');
const refusalCodes = fs.readFileSync(new URL('../docs/refusal-codes.md', import.meta.url), 'utf8');
/** docs/integration.md's table of error codes: `| 401 | \`UNAUTHENTICATED\` | meaning |`. */
const guideCodes = new Map<string, Set<string>>();
for (const [, status = '', code = ''] of integrationGuide.matchAll(/^\|\s*(\d{3})\s*\|\s*`([A-Z_]+)`\s*\|/gm))
  guideCodes.set(code, new Set([...(guideCodes.get(code) ?? []), status]));
const inRefusalCodes = (code: string): boolean => refusalCodes.includes(`\`${code}\``);

it('documents every error code the document names, with its status, in docs/', () => {
  expect(errorCodes.size).toBeGreaterThanOrEqual(25);
  for (const code of errorCodes)
    expect(guideCodes.has(code) || (conflictCodes.has(code) && inRefusalCodes(code)), code).toBe(true);
  for (const code of [...reasonCodes, 'REFUSED']) expect(inRefusalCodes(code), code).toBe(true);
  for (const code of conflictCodes) expect(inRefusalCodes(code) || guideCodes.has(code), code).toBe(true);
  for (const code of importRowCodes) expect(integrationGuide, code).toContain(`\`${code}\``);
  expect(guideCodes.get('INTERNAL')).toEqual(new Set(['500']));
});

it('gives every operation an example of its success response, its request body and each JSON error it answers', () => {
  expect(operations.length).toBeGreaterThanOrEqual(90);
  for (const { route, operation: op } of operations) {
    if (op.requestBody)
      expect(examplesOf(op.requestBody.content).length, `${route} request`).toBeGreaterThan(0);
    const success = Object.keys(op.responses)
      .filter((s) => /^[23]/.test(s))
      .sort()[0];
    expect(success, route).toBeDefined();
    const response = resolve(op.responses[success ?? ''] as Response);
    // 204, 303, 304 and the web application's assets have no body to show.
    if (response.content && Object.keys(response.content).length > 0)
      expect(examplesOf(response.content).length, `${route} ${success}`).toBeGreaterThan(0);
    for (const [status, declared] of Object.entries(op.responses)) {
      const content = resolve(declared).content ?? {};
      if (/^[45]/.test(status) && 'application/json' in content)
        expect(examplesOf(content).length, `${route} ${status}`).toBeGreaterThan(0);
    }
  }
});

it('uses documented codes, in the shared error shapes, in every error example', () => {
  let checked = 0;
  for (const { route, operation: op } of operations)
    for (const [status, declared] of Object.entries(op.responses)) {
      if (!/^[45]/.test(status)) continue;
      const content = resolve(declared).content ?? {};
      for (const [mediaType, media] of Object.entries(content))
        for (const [name, { value }] of Object.entries(media.examples ?? {})) {
          const where = `${route} ${status} ${name}`;
          expect(mediaType, where).toBe('application/json');
          const body = value as Json;
          checked++;
          if (status === '422') {
            expect(Object.keys(body), where).toEqual(['errors']);
            for (const e of body['errors'] as Json[]) {
              expect(Object.keys(e).sort(), where).toEqual(['message', 'path']);
              expect(typeof e['path'] === 'string' && typeof e['message'] === 'string', where).toBe(true);
            }
            continue;
          }
          const code = String(body['code']);
          expect(typeof body['message'], where).toBe('string');
          if (status === '409') {
            expect(conflictCodes.has(code) || code === 'REFUSED', where).toBe(true);
            if (code === 'REFUSED')
              for (const reason of body['reasons'] as Json[])
                expect(reasonCodes.has(String(reason['code'])), `${where} ${String(reason['code'])}`).toBe(
                  true,
                );
          } else if (status === '500') {
            expect(Object.keys(body).sort(), where).toEqual(['code', 'message', 'requestId']);
            expect(code, where).toBe('INTERNAL');
          } else {
            expect(errorCodes.has(code), where).toBe(true);
            expect(
              [...(guideCodes.get(code) ?? [])],
              `${where}: docs/integration.md gives ${code} another status`,
            ).toContain(status);
          }
        }
    }
  expect(checked).toBeGreaterThan(300);
});

it("uses the import error codes in the import examples, each bad row's line past the header", () => {
  const run = responseExample('getImport', '200', 'refused') as { errors: Json[] };
  expect(run.errors.length).toBeGreaterThan(0);
  for (const e of run.errors) {
    expect(importRowCodes.has(String(e['code']))).toBe(true);
    expect(e['line']).toBeGreaterThan(1);
  }
});

// ---- the examples replayed ----

const ID = /\b[a-z]{2,5}_[0-9a-f]{16}\b/g;
/** The value with every id replaced: a database makes its own. */
const withoutIds = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replace(ID, '<id>'));

/** The keys of an object and, one level down, of each object (or first array element) it holds. */
function shape(v: unknown): Json {
  if (Array.isArray(v)) return v.length > 0 ? shape(v[0]) : {};
  if (v === null || typeof v !== 'object') return {};
  const out: Json = {};
  for (const [key, inner] of Object.entries(v as Json)) {
    const first: unknown = Array.isArray(inner) ? inner[0] : inner;
    out[key] = first !== null && typeof first === 'object' ? Object.keys(first).sort() : typeof first;
  }
  return out;
}
/** Whether the answer has the example's keys; a null, or an empty list, on either side has no keys to compare. */
function sameShape(real: unknown, example: unknown, where: string): void {
  const a = shape(real);
  const b = shape(example);
  expect(Object.keys(a).sort(), where).toEqual(Object.keys(b).sort());
  for (const key of Object.keys(b))
    if (Array.isArray(a[key]) && Array.isArray(b[key])) expect(a[key], `${where} .${key}`).toEqual(b[key]);
}

/** Replaces the example's ids with the ones this database made. */
function substitute(value: unknown, ids: Map<string, string>): unknown {
  return JSON.parse(JSON.stringify(value).replace(ID, (id) => ids.get(id) ?? id));
}

describeEachEngine('the OpenAPI document', (open: () => Promise<Store>) => {
  it('documents every registered route; a documented one is registered unless it awaits registration', async () => {
    const store = await open();
    const ctx: AppContext = { store, clock: fixedClock(TODAY), ids: randomIds };
    const app = await buildServer({ ctx });
    onTestFinished(() => app.close());
    await app.ready();
    const registered = new Set(registeredRoutes(app).map(routeKey));
    // The parser must see the routes, or the comparison below would prove nothing.
    expect(registered).toContain('POST /api/v1/orders/{}/reduce');
    expect(registered.size).toBeGreaterThanOrEqual(85);
    const documented = new Set(operations.map((o) => routeKey(o.route)));
    for (const route of registered) expect(documented, `${route} is not documented`).toContain(route);
    const awaiting = new Set(AWAITING_REGISTRATION.map(routeKey));
    for (const route of awaiting) expect(documented, route).toContain(route);
    for (const route of documented)
      if (!registered.has(route))
        expect(awaiting, `${route} is documented but not registered`).toContain(route);
  });

  it('answers each replayed example with its keys, and the unshortened ones with its values', async () => {
    const store = await open();
    const ctx: AppContext = { store, clock: fixedClock(TODAY), ids: randomIds };
    const demo = await loadDemo(ctx);
    if (!demo.loaded) throw new Error('the demo was not loaded');
    const admin = await createDemoAdmin(ctx, demo.issuer.id);
    const app: FastifyInstance = await buildServer({ ctx });
    onTestFinished(() => app.close());

    // Signing in and minting a token, as docs/integration.md tells an integrator to.
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: admin.email, password: admin.password },
    });
    expect(signIn.statusCode).toBe(201);
    sameShape(signIn.json(), responseExample('signIn', '201', 'session'), 'signIn 201');
    const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
    const csrf = signIn.json<{ csrfToken: string }>().csrfToken;
    const mint = (payload: Json) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie, 'x-csrf-token': csrf },
        payload,
      });
    const finance = await mint(requestExample('createToken', 'finance') as Json);
    expect(finance.statusCode).toBe(201);
    expect(withoutIds(finance.json())).toEqual(
      withoutIds({
        ...(responseExample('createToken', '201', 'created') as Json),
        token: finance.json<{ token: string }>().token,
        record: {
          ...((responseExample('createToken', '201', 'created') as Json)['record'] as Json),
          prefix: finance.json<{ record: { prefix: string } }>().record.prefix,
        },
      }),
    );
    const token = (await mint({})).json<{ token: string }>().token;

    const ids = new Map<string, string>();
    const learn = (example: unknown, real: unknown): void => {
      const e = (example as Json)['id'];
      const r = (real as Json)['id'];
      if (typeof e === 'string' && typeof r === 'string') ids.set(e, r);
    };
    const call = (
      method: 'GET' | 'POST',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ): Promise<LightMyRequestResponse> =>
      app.inject({
        method,
        url: substitute(url, ids) as string,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(payload === undefined ? {} : { payload: substitute(payload, ids) as Json }),
      });
    /** The answer has the example's status and keys; `exact`: its values too, ids aside. */
    const check = (
      id: string,
      status: string,
      name: string,
      res: LightMyRequestResponse,
      exact = false,
    ): Json => {
      const where = `${id} ${status} ${name}`;
      expect(String(res.statusCode), `${where}: ${res.body.slice(0, 400)}`).toBe(status);
      const example = responseExample(id, status, name);
      const real = res.json<Json>();
      sameShape(real, example, where);
      if (exact) expect(withoutIds(real), where).toEqual(withoutIds(example));
      learn(example, real);
      return real;
    };

    const agreement = responseExample('getAgreement', '200', 'seed') as Json;
    ids.set(String(agreement['id']), demo.agreementId);
    const agreementUrl = `/api/v1/agreements/${String(agreement['id'])}`;

    check('health', '200', 'ok', await call('GET', '/api/v1/health'));
    // The document's example is this document shortened: the same sections, far fewer entries.
    const document = await call('GET', '/api/openapi.json');
    expect(Object.keys(document.json<Json>())).toEqual(
      Object.keys(responseExample('openapi', '200', 'document') as Json),
    );
    check('getSession', '200', 'token', await call('GET', '/api/v1/session'), true);
    check('listIssuers', '200', 'demo', await call('GET', '/api/v1/issuers'), true);
    check('listAgreements', '200', 'demo', await call('GET', '/api/v1/agreements'), true);
    check('getAgreement', '200', 'seed', await call('GET', agreementUrl), true);
    check(
      'getAgreement',
      '404',
      'notFound',
      await call('GET', '/api/v1/agreements/agr_0000000000000000'),
      true,
    );
    const unauthenticated = await app.inject({ method: 'GET', url: '/api/v1/agreements' });
    expect(unauthenticated.statusCode).toBe(401);
    expect(unauthenticated.json()).toEqual(responseExample('listAgreements', '401', 'unauthenticated'));
    check('getUtilization', '200', 'demo', await call('GET', '/api/v1/utilization?asOf=2026-11-23'));
    check('getForecasts', '200', 'demo', await call('GET', '/api/v1/forecasts'));
    check('listAlerts', '200', 'demo', await call('GET', '/api/v1/alerts'));
    check('listEscalations', '200', 'raised', await call('GET', '/api/v1/escalations'));
    check('getMonitoringPolicy', '200', 'defaults', await call('GET', '/api/v1/monitoring-policy'), true);
    check('listBoardResolutions', '200', 'demo', await call('GET', '/api/v1/board-resolutions'), true);
    check('listAgreementEvidence', '200', 'demo', await call('GET', `${agreementUrl}/evidence`));
    check(
      'auditorLetterStatus',
      '200',
      'met',
      await call('GET', '/api/v1/annual-reviews/2025/auditor-letters'),
    );
    check(
      'listInedSignOffs',
      '200',
      'fy2025',
      await call('GET', '/api/v1/annual-reviews/2025/ined-sign-offs'),
    );

    // The order gate: what it would answer, a refusal, invalid input, an acceptance and its replay.
    const post = (id: string, example: string, url: string, headers: Record<string, string> = {}) =>
      call('POST', url, requestExample(id, example), headers);
    check(
      'checkOrder',
      '200',
      'accepted',
      await post('checkOrder', 'withinCap', '/api/v1/orders/check'),
      true,
    );
    check('checkOrder', '200', 'refused', await post('checkOrder', 'overCap', '/api/v1/orders/check'), true);
    check('recordOrder', '409', 'capExceeded', await post('recordOrder', 'overCap', '/api/v1/orders'), true);
    check('recordOrder', '422', 'invalid', await post('recordOrder', 'invalid', '/api/v1/orders'), true);
    const key = { 'idempotency-key': 'po-idc-2026-12' };
    const accepted = await post('recordOrder', 'withinCap', '/api/v1/orders', key);
    check('recordOrder', '201', 'accepted', accepted, true);
    const replayed = await post('recordOrder', 'withinCap', '/api/v1/orders', key);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json()).toEqual(accepted.json());
    check(
      'recordOrder',
      '409',
      'keyReused',
      await post('recordOrder', 'overCap', '/api/v1/orders', key),
      true,
    );
    check(
      'getOrder',
      '200',
      'order',
      await call('GET', `/api/v1/orders/${accepted.json<Json>()['id'] as string}`),
    );
    check(
      'listOrders',
      '200',
      'page',
      await call('GET', `/api/v1/orders?agreementId=${demo.agreementId}&limit=2`),
      true,
    );

    // Actual amounts: the invoice against that order, and invalid input.
    check('postActual', '201', 'recorded', await post('postActual', 'invoice', '/api/v1/actuals'), true);
    check('postActual', '422', 'invalid', await post('postActual', 'invalid', '/api/v1/actuals'), true);
    check(
      'listActuals',
      '200',
      'page',
      await call('GET', `/api/v1/actuals?agreementId=${demo.agreementId}&limit=2`),
    );
  });
  it('answers the import examples with their values', async () => {
    const store = await open();
    const ctx: AppContext = { store, clock: fixedClock(TODAY), ids: randomIds };
    const demo = await loadDemo(ctx);
    if (!demo.loaded) throw new Error('the demo was not loaded');
    const app = await buildServer({ ctx });
    onTestFinished(() => app.close());
    await app.ready();
    const authorization = `Bearer ${await tokenFor(ctx, demo.issuer.id, OPERATOR_ROLES)}`;
    const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers = {}) =>
      app.inject({
        method,
        url,
        headers: { authorization, ...headers },
        ...(payload === undefined ? {} : { payload: payload as Json }),
      });
    const same = (res: LightMyRequestResponse, id: string, status: string, name: string): Json => {
      expect(String(res.statusCode), `${id} ${status} ${name}: ${res.body.slice(0, 400)}`).toBe(status);
      expect(withoutIds(res.json()), `${id} ${status} ${name}`).toEqual(
        withoutIds(responseExample(id, status, name)),
      );
      return res.json<Json>();
    };
    /** The import once it has ended, as GET progressUrl answers it. */
    const finished = async (accepted: Json): Promise<LightMyRequestResponse> => {
      for (let i = 0; i < 500; i++) {
        const res = await inject('GET', String(accepted['progressUrl']));
        if (!['queued', 'validating', 'writing'].includes(String(res.json<Json>()['status']))) return res;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('the import did not end');
    };
    const csv = { 'content-type': 'text/csv' };
    const file = requestExample('startImport', 'csv');
    const url = '/api/v1/imports/actuals?fileName=invoices.csv';
    const dry = same(await inject('POST', `${url}&dryRun=true`, file, csv), 'startImport', '202', 'queued');
    same(await finished(dry), 'getImport', '200', 'checked');
    same(await finished((await inject('POST', url, file, csv)).json()), 'getImport', '200', 'imported');
    same(await finished((await inject('POST', url, file, csv)).json()), 'getImport', '200', 'again');

    const preset = requestExample('putImportMapping', 'sap');
    same(
      await inject('PUT', '/api/v1/import-mappings/sap-fi-xiaomi', preset),
      'putImportMapping',
      '201',
      'created',
    );
    same(
      await inject('PUT', '/api/v1/import-mappings/sap-fi-xiaomi', preset),
      'putImportMapping',
      '200',
      'replaced',
    );
    same(await inject('GET', '/api/v1/import-mappings'), 'listImportMappings', '200', 'two');
    const form = multipart([
      {
        name: 'file',
        filename: 'sap-export-2026-11.csv',
        type: 'text/csv',
        bytes: new TextEncoder().encode(String((requestExample('startImport', 'form') as Json)['file'])),
      },
    ]);
    const bad = await inject(
      'POST',
      '/api/v1/imports/actuals?mapping=sap-fi-xiaomi',
      form.payload,
      form.headers,
    );
    expect(bad.statusCode).toBe(202);
    same(await finished(bad.json()), 'getImport', '200', 'refused');
  });
});
