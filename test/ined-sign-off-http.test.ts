/**
 * Issue 7, item 3: the INEDs' sign-off over HTTP (POST/GET /api/v1/annual-reviews/:year/ined-sign-offs)
 * on both engines, on the demo as of 23 November 2026: FY2025 has ended, FY2026 has not. A qualified
 * limb opens exactly one 14A.59 task, shown on the pack; a second sign-off by the same INED is 409
 * and writes nothing; invalid bodies are 422 naming the field and write nothing; only the ined role
 * signs off.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import type { Store } from '../src/app/ports.js';
import { ROLES, type Role } from '../src/domain/authz/index.js';
import { describeEachEngine } from './support/engines.js';
import { testServer, type TestServer } from './support/http.js';
import { loadedDemo } from './support/reports.js';

const TODAY = '2026-11-23';
const URL_2025 = '/api/v1/annual-reviews/2025/ined-sign-offs';
const QUALIFICATION = 'The hardware orders of December 2025 were placed before the second quotation arrived.';

type Json = Record<string, unknown>;

const limbs = (overrides: Json[] = []): Json[] =>
  [
    'ordinary-course',
    'normal-commercial-terms',
    'per-agreement-fair-reasonable',
    'shareholders-interests',
  ].map((limb) => overrides.find((o) => o['limb'] === limb) ?? { limb, outcome: 'confirmed' });

/** What a sign-off may write, counted: sign-offs and 14A.59 tasks of every year, and recusals. */
async function written(store: Store, issuerId: string, agreementId: string) {
  return {
    signOffs: (await store.listInedSignOffs(issuerId)).length,
    tasks: (await store.listFollowUpTasks(issuerId)).length,
    recusals: (await store.listRecusals(issuerId, agreementId)).length,
  };
}

async function world(open: () => Promise<Store>, roles: readonly Role[] = ['ined']) {
  const demo = await loadedDemo(open, TODAY, 'operator', [...OPERATOR_ROLES], { annualReview: false });
  const server = await testServer(demo.ctx, demo.actor.issuerId, { roles });
  return { ...demo, server };
}

const post = (server: TestServer, payload: unknown, url = URL_2025): Promise<LightMyRequestResponse> =>
  server.inject({ method: 'POST', url, payload: payload as Json });

const errorPaths = (res: LightMyRequestResponse): string[] =>
  res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);

/** The pack of FY2025 as the reports route serves it, in CSV: the sign-off table. */
async function packSignOffs(server: TestServer): Promise<string> {
  const res = await server.inject({
    method: 'GET',
    url: '/api/v1/reports/ined-review?period=2025&format=csv&table=sign-offs',
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
}

describeEachEngine('INED sign-off over HTTP', (open) => {
  it('records a sign-off with a qualified limb: 201, exactly one 14A.59 task, shown by GET and on the pack', async () => {
    const { ctx, store, actor, agreementId, server } = await world(open);
    const before = await written(store, actor.issuerId, agreementId);
    const res = await post(server, {
      signedName: 'Yu Mingto',
      limbs: limbs([{ limb: 'normal-commercial-terms', outcome: 'qualified', qualification: QUALIFICATION }]),
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<Json & { tasks: Json[]; limbs: Json[] }>();
    expect(body).toMatchObject({
      financialYear: '2025',
      userId: await server.userId(),
      signedName: 'Yu Mingto',
      packReportId: null,
    });
    expect(body.limbs.map((l) => [l['limb'], l['outcome'], l['qualification']])).toEqual([
      ['ordinary-course', 'confirmed', null],
      ['normal-commercial-terms', 'qualified', QUALIFICATION],
      ['per-agreement-fair-reasonable', 'confirmed', null],
      ['shareholders-interests', 'confirmed', null],
    ]);
    expect(body.tasks).toHaveLength(1);
    expect(body.tasks[0]).toMatchObject({
      rule: '14A.59',
      source: 'ined-sign-off',
      sourceId: body['id'],
      financialYear: '2025',
      status: 'open',
      detail: QUALIFICATION,
    });
    const after = await written(store, actor.issuerId, agreementId);
    expect(after).toEqual({ ...before, signOffs: before.signOffs + 1, tasks: before.tasks + 1 });
    expect(
      (await store.listFollowUpTasks(actor.issuerId, { financialYear: '2025' })).map((t) => t.id),
    ).toEqual([body.tasks[0]?.['id']]);

    // Read back by another role with report.read: the sign-off, its task and the INEDs still to sign.
    const auditor = await testServer(ctx, actor.issuerId, { roles: ['auditor'] });
    const listed = await auditor.inject({ method: 'GET', url: URL_2025 });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({
      financialYear: '2025',
      limbWording: 'four',
      items: [{ id: body['id'], tasks: [{ id: body.tasks[0]?.['id'] }] }],
    });
    expect(listed.json<{ limbs: Json[] }>().limbs.map((l) => l['rule'])).toEqual([
      '14A.55(1)',
      '14A.55(2)',
      '14A.55(3)',
      '14A.55(3)',
    ]);
    expect(listed.json<{ awaiting: Json[] }>().awaiting.map((a) => a['userId'])).not.toContain(
      await server.userId(),
    );

    // The pack shows the qualification, the task, and the other limbs confirmed.
    const csv = await packSignOffs(auditor);
    expect(csv).toContain(QUALIFICATION);
    expect(csv).toContain('Qualified');
    expect(csv).toContain('Open: Notify the Exchange and publish an announcement: Yu Mingto');
    expect(csv.match(/Confirmed/g)).toHaveLength(3);
  });

  it('refuses a second sign-off by the same INED for the year with 409 ALREADY_SIGNED_OFF, writing nothing', async () => {
    const { ctx, store, actor, agreementId, server } = await world(open);
    expect((await post(server, { signedName: 'Wang Hang', limbs: limbs() })).statusCode).toBe(201);
    const before = await written(store, actor.issuerId, agreementId);
    const again = await post(server, {
      signedName: 'Wang Hang',
      limbs: limbs([{ limb: 'ordinary-course', outcome: 'qualified', qualification: 'Second thoughts' }]),
    });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_SIGNED_OFF' });
    expect(await written(store, actor.issuerId, agreementId)).toEqual(before);
    // Another INED of the issuer still signs off the same year.
    const other = await testServer(ctx, actor.issuerId, { roles: ['ined'] });
    expect((await post(other, { signedName: 'Qu Jingyuan', limbs: limbs() })).statusCode).toBe(201);
    expect((await store.listInedSignOffs(actor.issuerId, '2025')).map((s) => s.signedName).sort()).toEqual([
      'Qu Jingyuan',
      'Wang Hang',
    ]);
  });

  it('refuses invalid bodies with 422 naming the field, writing nothing', async () => {
    const { store, actor, agreementId, server } = await world(open);
    const cases: [string, unknown, string[], string?][] = [
      ['no body fields', {}, ['signedName', 'limbs']],
      ['a limb missing', { signedName: 'Yu Mingto', limbs: limbs().slice(0, 3) }, ['limbs']],
      [
        'a limb twice',
        { signedName: 'Yu Mingto', limbs: [...limbs(), { limb: 'ordinary-course', outcome: 'confirmed' }] },
        ['limbs[4].limb'],
      ],
      [
        'a limb of the three-limb wording',
        {
          signedName: 'Yu Mingto',
          limbs: [
            ...limbs().slice(0, 3),
            { limb: 'per-agreement-fair-reasonable-interests', outcome: 'confirmed' },
          ],
        },
        ['limbs[3].limb', 'limbs'],
      ],
      [
        'qualified without a qualification',
        { signedName: 'Yu Mingto', limbs: limbs([{ limb: 'shareholders-interests', outcome: 'qualified' }]) },
        ['limbs[3].qualification'],
      ],
      [
        'qualified with a blank qualification',
        {
          signedName: 'Yu Mingto',
          limbs: limbs([{ limb: 'ordinary-course', outcome: 'qualified', qualification: '   ' }]),
        },
        ['limbs[0].qualification'],
      ],
      [
        'a qualification on a confirmed limb',
        {
          signedName: 'Yu Mingto',
          limbs: limbs([{ limb: 'ordinary-course', outcome: 'confirmed', qualification: 'But…' }]),
        },
        ['limbs[0].qualification'],
      ],
      [
        'an outcome that is neither',
        { signedName: 'Yu Mingto', limbs: limbs([{ limb: 'ordinary-course', outcome: 'yes' }]) },
        ['limbs[0].outcome'],
      ],
      [
        'an agreement that is not the issuer’s',
        {
          signedName: 'Yu Mingto',
          limbs: limbs([
            {
              limb: 'normal-commercial-terms',
              outcome: 'qualified',
              qualification: QUALIFICATION,
              agreementIds: ['agr_of_someone_else'],
            },
          ]),
        },
        ['limbs[1].agreementIds[0]'],
      ],
      [
        'a pack that was never issued',
        { signedName: 'Yu Mingto', limbs: limbs(), packReportId: 'rep_nope' },
        ['packReportId'],
      ],
      ['an unknown field', { signedName: 'Yu Mingto', limbs: limbs(), date: '2026-01-01' }, ['date']],
      [
        'a year not over',
        { signedName: 'Yu Mingto', limbs: limbs() },
        ['year'],
        '/api/v1/annual-reviews/2026/ined-sign-offs',
      ],
      [
        'a year not started',
        { signedName: 'Yu Mingto', limbs: limbs() },
        ['year'],
        '/api/v1/annual-reviews/2030/ined-sign-offs',
      ],
      [
        'a malformed year',
        { signedName: 'Yu Mingto', limbs: limbs() },
        ['year'],
        '/api/v1/annual-reviews/FY25/ined-sign-offs',
      ],
      [
        'a year with no CCT',
        { signedName: 'Yu Mingto', limbs: limbs() },
        ['year'],
        '/api/v1/annual-reviews/2024/ined-sign-offs',
      ],
      ['a body that is not an object', [1, 2], ['']],
    ];
    const before = await written(store, actor.issuerId, agreementId);
    for (const [label, payload, paths, url] of cases) {
      const res = await post(server, payload, url);
      expect(res.statusCode, `${label}: ${res.body}`).toBe(422);
      expect(errorPaths(res), label).toEqual(expect.arrayContaining(paths));
    }
    // The agreement of the year, named in a qualification, is accepted (the control case).
    expect(await written(store, actor.issuerId, agreementId)).toEqual(before);
    const ok = await post(server, {
      signedName: 'Yu Mingto',
      limbs: limbs([
        {
          limb: 'ordinary-course',
          outcome: 'qualified',
          qualification: QUALIFICATION,
          agreementIds: [agreementId],
        },
      ]),
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('lets only the ined role sign off (403 for every other role); every role with report.read lists', async () => {
    const { ctx, store, actor, agreementId, server } = await world(open);
    void server;
    const before = await written(store, actor.issuerId, agreementId);
    for (const role of ROLES.filter((r) => r !== 'ined')) {
      const as = await testServer(ctx, actor.issuerId, { roles: [role] });
      const res = await post(as, { signedName: 'Someone', limbs: limbs() });
      expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
      expect(res.json(), role).toMatchObject({ code: 'FORBIDDEN' });
      const listed = await as.inject({ method: 'GET', url: URL_2025 });
      expect(listed.statusCode, `${role} lists`).toBe(role === 'admin' ? 403 : 200);
    }
    expect(await written(store, actor.issuerId, agreementId)).toEqual(before);
    // Without credentials: 401.
    const anonymous = await server.app.inject({ method: 'POST', url: URL_2025, payload: {} });
    expect(anonymous.statusCode).toBe(401);
  });
});
