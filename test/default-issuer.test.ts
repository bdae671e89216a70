import { expect, it } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { listIssuers } from '../src/app/issuers.js';
import { defaultIssuerId } from '../src/cli/index.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { buildServer } from '../src/http/server.js';
import { describeEachEngine } from './support/engines.js';

describeEachEngine('the issuer a request acts for when it names none', (open) => {
  it('shows the demo until real records exist, and never writes real records into the demo issuer', async () => {
    const ctx: AppContext = { store: await open(), clock: fixedClock('2026-11-23'), ids: randomIds };
    await loadDemo(ctx);
    const app = await buildServer({ ctx, defaultIssuerId: defaultIssuerId(ctx) });
    const seedCaps = async (headers: Record<string, string> = {}) =>
      (await app.inject({ method: 'GET', url: '/api/v1/utilization?asOf=2026-03-15', headers }))
        .json<{ items: { cap: string }[] }>()
        .items.map((i) => i.cap);
    expect(await seedCaps()).toEqual([
      '41000000.00',
      '82000000.00',
      '82000000.00',
      '41000000.00',
      '33500000.00',
      '6700000.00',
    ]);

    const body = { ...seedAgreementInput(), name: 'Real agreement', caps: [seedAgreementInput().caps[0]] };
    const created = await app.inject({ method: 'POST', url: '/api/v1/agreements', payload: body });
    expect(created.statusCode).toBe(201);
    const issuers = await listIssuers(ctx);
    expect(issuers.map((i) => [i.id, i.isDemo]).sort()).toEqual([
      ['iss_default', false],
      ['iss_demo', true],
    ]);
    const demoAgreements = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/agreements',
        headers: { 'x-armslength-issuer': 'iss_demo' },
      })
    ).json<{ items: { name: { en: string } }[] }>();
    expect(demoAgreements.items.map((a) => a.name.en)).toEqual([
      '2025 Xiaomi Cooperation Framework Agreement',
    ]);
    // Reads without a header now show the real issuer; the demo stays one header away.
    expect(await seedCaps()).toEqual(['41000000.00']);
    expect(await seedCaps({ 'x-armslength-issuer': 'iss_demo' })).toHaveLength(6);
    await app.close();
  });

  it('loads the demo only into a new database', async () => {
    const ctx: AppContext = { store: await open(), clock: fixedClock('2026-11-23'), ids: randomIds };
    const app = await buildServer({ ctx, defaultIssuerId: defaultIssuerId(ctx) });
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/agreements', payload: seedAgreementInput() }))
        .statusCode,
    ).toBe(201);
    await app.close();
    await expect(loadDemo(ctx)).rejects.toMatchObject({
      kind: 'conflict',
      details: { code: 'NOT_A_NEW_DATABASE' },
    });
    expect((await listIssuers(ctx)).map((i) => i.id)).toEqual(['iss_default']);
  });
});
