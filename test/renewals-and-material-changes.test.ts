/**
 * Issue 3 item 5, second sentence (14A.54(2)): renewing an agreement or materially changing its terms
 * re-classifies it, and a renewal is linked to the agreement it replaces. The seed case recorded
 * through the register (EXEMPT_FROM_SHAREHOLDERS_APPROVAL); a renewal with IDC caps of RMB500.0m a
 * year makes the revenue ratio 500 × 1.08 / 8,000 = 6.75% ≥ 5% even before aggregation: NON_EXEMPT.
 */
import { expect, it } from 'vitest';
import { createAgreement } from '../src/app/create-agreement.js';
import { getAgreement, listAgreements } from '../src/app/get-agreements.js';
import { recordMaterialChange } from '../src/app/material-changes.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world } from './support/context.js';
import { testServer } from './support/http.js';
import { recordSeedCase } from './support/register-seed.js';

/** The seed agreement's IDC services renewed for three more years, with caps of `perYear` a year. */
function renewalInput(renews: string, perYear: string) {
  const seed = seedAgreementInput();
  const idc = seed.categories.find((c) => c.key === 'idc-services');
  if (!idc) throw new Error('the seed agreement has no IDC services');
  const cap = (periodStart: string, periodEnd: string, amount: string) => ({
    categoryKeys: ['idc-services'],
    periodStart,
    periodEnd,
    amount,
    currency: 'CNY',
  });
  return {
    ...seed,
    renews,
    signedOn: '2026-07-20',
    categories: [{ ...idc, termStart: '2026-07-29', termEnd: '2029-07-28' }],
    caps: [
      cap('2026-07-29', '2026-12-31', perYear),
      cap('2027-01-01', '2027-12-31', perYear),
      cap('2028-01-01', '2028-12-31', perYear),
      cap('2029-01-01', '2029-07-28', perYear),
    ],
  };
}

const NON_EXEMPT_BEFORE_EFFECTIVE = [
  ['WRITTEN_AGREEMENT', '14A.51'],
  ['FIXED_TERM', '14A.52'],
  ['ANNUAL_CAP', '14A.53(3)'],
  ['ANNOUNCEMENT', '14A.35'],
  ['CIRCULAR', '14A.46'],
  ['IFA', '14A.39'],
  ['IBC', '14A.40'],
  ['INDEPENDENT_SHAREHOLDERS_APPROVAL', '14A.36'],
];

describeEachEngine('renewals and material changes re-classify the agreement (14A.54(2))', (open) => {
  it('a renewal with larger caps is linked both ways and is classified NON_EXEMPT as of its signing', async () => {
    const w = await world(await open(), '2026-07-20');
    const { agreement } = await recordSeedCase(w);
    const renewal = await createAgreement(w.ctx, w.actor, renewalInput(agreement.id, '500000000.00'));
    expect(renewal).toMatchObject({
      renews: agreement.id,
      renewedBy: [],
      reclassification: { status: 'done', asOf: '2026-07-20', tier: 'NON_EXEMPT' },
    });
    if (!('reclassification' in renewal) || renewal.reclassification.status !== 'done') {
      throw new Error('the renewal was not classified');
    }
    const codes = renewal.reclassification.requirements.map((q) => [q.code, q.rule]);
    expect(codes).toEqual(expect.arrayContaining(NON_EXEMPT_BEFORE_EFFECTIVE));

    const replaced = await getAgreement(w.ctx, w.actor, agreement.id);
    expect(replaced).toMatchObject({ renews: null, renewedBy: [renewal.id], materialChanges: [] });
    const renewed = await getAgreement(w.ctx, w.actor, renewal.id);
    expect(renewed).toMatchObject({ renews: agreement.id, renewedBy: [] });
  });

  it('a renewal naming an agreement that is not recorded is 422 at `renews`, and nothing is written', async () => {
    const w = await world(await open(), '2026-07-20');
    await recordSeedCase(w);
    const before = await listAgreements(w.ctx, w.actor);
    await expect(
      createAgreement(w.ctx, w.actor, renewalInput('agr_missing', '500000000.00')),
    ).rejects.toMatchObject({ kind: 'invalid_input', details: { errors: [{ path: 'renews' }] } });
    // Another issuer's agreement is not this issuer's to renew.
    const other = await world(w.ctx.store, '2026-07-20');
    const theirs = await seedAgreement(other);
    await expect(
      createAgreement(w.ctx, w.actor, renewalInput(theirs.agreement.id, '500000000.00')),
    ).rejects.toMatchObject({ kind: 'invalid_input', details: { errors: [{ path: 'renews' }] } });
    expect((await listAgreements(w.ctx, w.actor)).items).toHaveLength(before.items.length);
  });

  it('a material change is recorded with the tier and the requirements to complete before it takes effect', async () => {
    const w = await world(await open(), '2026-06-30');
    const { agreement } = await recordSeedCase(w);
    const change = await recordMaterialChange(w.ctx, w.actor, agreement.id, {
      description: 'pricing moves from cost-plus to a fixed fee schedule',
      effectiveOn: '2026-09-01',
      approvedOn: '2026-06-20',
    });
    expect(change).toMatchObject({
      effectiveOn: '2026-09-01',
      approvedOn: '2026-06-20',
      reclassification: {
        status: 'done',
        asOf: '2026-09-01',
        tierBefore: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
        tierAfter: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
      },
    });
    expect(change.requirementsBeforeEffective.map((q) => [q.code, q.rule])).toEqual([
      ['WRITTEN_AGREEMENT', '14A.51'],
      ['FIXED_TERM', '14A.52'],
      ['ANNUAL_CAP', '14A.53'],
      ['ANNOUNCEMENT', '14A.35'],
    ]);
    const second = await recordMaterialChange(w.ctx, w.actor, agreement.id, {
      description: 'payment terms from 60 to 30 days',
      effectiveOn: '2026-10-01',
    });
    expect(second).toMatchObject({ approvedOn: null, reclassification: { status: 'done' } });

    const got = await getAgreement(w.ctx, w.actor, agreement.id);
    expect(got.materialChanges.map((c) => c.id)).toEqual([change.id, second.id]);
    expect(got.materialChanges[0]).toEqual(change);

    await expect(
      recordMaterialChange(w.ctx, w.actor, agreement.id, { effectiveOn: '2020-01-01' }),
    ).rejects.toMatchObject({
      kind: 'invalid_input',
      details: { errors: [{ path: 'description' }, { path: 'effectiveOn' }] },
    });
    await expect(
      recordMaterialChange(w.ctx, w.actor, 'agr_missing', { description: 'x', effectiveOn: '2026-09-01' }),
    ).rejects.toMatchObject({ kind: 'not_found' });
    expect((await getAgreement(w.ctx, w.actor, agreement.id)).materialChanges).toHaveLength(2);
  });

  it('without issuer figures recorded, a renewal and a material change say the re-classification was not run', async () => {
    const w = await world(await open(), '2026-07-20');
    const { agreement } = await seedAgreement(w);
    const change = await recordMaterialChange(w.ctx, w.actor, agreement.id, {
      description: 'pricing basis changed',
      effectiveOn: '2026-09-01',
    });
    expect(change.reclassification).toMatchObject({ status: 'not-run' });
    expect(change.reclassification.status === 'not-run' && change.reclassification.reason).toContain(
      'issuer figures',
    );
    expect(change.requirementsBeforeEffective).toEqual([]);
    const renewal = await createAgreement(w.ctx, w.actor, renewalInput(agreement.id, '500000000.00'));
    expect(renewal).toMatchObject({ renews: agreement.id, reclassification: { status: 'not-run' } });
    expect((await getAgreement(w.ctx, w.actor, agreement.id)).renewedBy).toEqual([renewal.id]);
  });

  it('over HTTP: a renewal and a material change, and GET the agreement shows both', async () => {
    const w = await world(await open(), '2026-07-20');
    const { agreement } = await recordSeedCase(w);
    const app = await testServer(w.ctx, w.actor.issuerId);

    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      payload: renewalInput('agr_missing', '500000000.00'),
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ errors: [{ path: 'renews' }] });

    const renewed = await app.inject({
      method: 'POST',
      url: '/api/v1/agreements',
      payload: renewalInput(agreement.id, '500000000.00'),
    });
    expect(renewed.statusCode).toBe(201);
    const renewal = renewed.json<{ id: string; renews: string; reclassification: { tier: string } }>();
    expect(renewal).toMatchObject({ renews: agreement.id, reclassification: { tier: 'NON_EXEMPT' } });

    const changed = await app.inject({
      method: 'POST',
      url: `/api/v1/agreements/${renewal.id}/material-changes`,
      payload: { description: 'scope extended to edge nodes', effectiveOn: '2026-12-01' },
    });
    expect(changed.statusCode).toBe(201);
    expect(changed.json()).toMatchObject({
      reclassification: { status: 'done', tierBefore: 'NON_EXEMPT', tierAfter: 'NON_EXEMPT' },
    });
    expect(
      changed
        .json<{ requirementsBeforeEffective: { code: string; rule: string }[] }>()
        .requirementsBeforeEffective.map((q) => [q.code, q.rule]),
    ).toEqual(NON_EXEMPT_BEFORE_EFFECTIVE);

    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/agreements/agr_missing/material-changes',
      payload: { description: 'x', effectiveOn: '2026-12-01' },
    });
    expect(missing.statusCode).toBe(404);

    const got = await app.inject({ method: 'GET', url: `/api/v1/agreements/${agreement.id}` });
    expect(got.json()).toMatchObject({ renews: null, renewedBy: [renewal.id], materialChanges: [] });
    const gotRenewal = await app.inject({ method: 'GET', url: `/api/v1/agreements/${renewal.id}` });
    expect(gotRenewal.json()).toMatchObject({
      renews: agreement.id,
      renewedBy: [],
      materialChanges: [{ description: 'scope extended to edge nodes', effectiveOn: '2026-12-01' }],
    });
  });
});
