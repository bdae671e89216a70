import { expect, it } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { defaultIssuerFor, listIssuers } from '../src/app/issuers.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { describeEachEngine } from './support/engines.js';
import { testServer } from './support/http.js';

/**
 * Decision 0005, as the CLI applies it (`defaultIssuerFor`). Over HTTP the credentials pick the issuer
 * since issue 6: each request below carries a token for the issuer it names.
 */
describeEachEngine('the issuer a command acts for when it names none', (open) => {
  it('shows the demo until real records exist, and never writes real records into the demo issuer', async () => {
    const ctx: AppContext = { store: await open(), clock: fixedClock('2026-11-23'), ids: randomIds };
    await loadDemo(ctx);
    expect(await defaultIssuerFor(ctx, 'read')).toMatchObject({ id: 'iss_demo', isDemo: true });
    // Writes go to a real issuer, made on first use, never to the demo.
    const real = await defaultIssuerFor(ctx, 'write');
    expect(real).toMatchObject({ id: 'iss_default', isDemo: false });
    if (!real) throw new Error('no real issuer');
    const app = await testServer(ctx, real.id);
    const seedCaps = async (issuerId: string) =>
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/utilization?asOf=2026-03-15',
          headers: { 'x-armslength-issuer': issuerId },
        })
      )
        .json<{ items: { cap: string }[] }>()
        .items.map((i) => i.cap);
    // A real issuer without records does not displace the demo.
    expect(await defaultIssuerFor(ctx, 'read')).toMatchObject({ id: 'iss_demo' });
    expect(await seedCaps('iss_demo')).toEqual([
      '41000000.00',
      '82000000.00',
      '82000000.00',
      '41000000.00',
      '33500000.00',
      '6700000.00',
    ]);

    const body = { ...seedAgreementInput(), name: 'Real agreement', caps: [seedAgreementInput().caps[0]] };
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      payload: body,
      headers: { 'x-armslength-issuer': real.id },
    });
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
    // Reads that name no issuer now show the real issuer; the demo stays one option away.
    expect(await defaultIssuerFor(ctx, 'read')).toMatchObject({ id: 'iss_default' });
    expect(await seedCaps('iss_default')).toEqual(['41000000.00']);
    expect(await seedCaps('iss_demo')).toHaveLength(6);
  });

  it('loads the demo only into a new database', async () => {
    const ctx: AppContext = { store: await open(), clock: fixedClock('2026-11-23'), ids: randomIds };
    const real = await defaultIssuerFor(ctx, 'write');
    if (!real) throw new Error('no real issuer');
    const app = await testServer(ctx, real.id);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/agreements', payload: seedAgreementInput() }))
        .statusCode,
    ).toBe(201);
    await expect(loadDemo(ctx)).rejects.toMatchObject({
      kind: 'conflict',
      details: { code: 'NOT_A_NEW_DATABASE' },
    });
    expect((await listIssuers(ctx)).map((i) => i.id)).toEqual(['iss_default']);
  });
});
