/**
 * Issue 3 item 5: re-classification on a cap revision (14A.54). The seed case recorded through the
 * register (EXEMPT_FROM_SHAREHOLDERS_APPROVAL, aggregate RMB 88.7m in FY2026); the IDC FY2026 cap
 * revised from RMB82.0m to RMB500.0m makes the revenue ratio (500 + 6.7) × 1.08 / 8,000 = 6.84% ≥ 5%:
 * NON_EXEMPT, so the revision stays pending, and gives no headroom, until its approvals are recorded.
 */
import { expect, it } from 'vitest';
import { getAgreement } from '../src/app/get-agreements.js';
import { getUtilization } from '../src/app/get-utilization.js';
import { recordOrder } from '../src/app/record-order.js';
import { reviseCap } from '../src/app/revise-cap.js';
import { recordRevisionApproval } from '../src/app/revision-approvals.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world, type TestWorld } from './support/context.js';
import { testServer } from './support/http.js';
import { recordSeedCase } from './support/register-seed.js';
import { withQuotes } from './support/pricing.js';

const revision = (amount: string) => ({
  amount,
  effectiveFrom: '2026-06-01',
  approvedOn: '2026-05-20',
  reason: 'demand above plan',
  approvalReference: 'Board minutes 2026-05-20',
});

const idcOrder = (w: TestWorld, agreementId: string, signedOn: string, amount: string) =>
  recordOrder(
    w.ctx,
    w.actor,
    withQuotes({
      agreementId,
      categoryKey: 'idc-services',
      reference: `PO ${signedOn} ${amount}`,
      signedOn,
      schedule: [{ date: '2026-07-15', amount, currency: 'CNY' }],
    }),
  );

describeEachEngine('cap revisions re-classify the agreement (14A.54)', (open) => {
  it('a revision that raises the tier to NON_EXEMPT is pending and gives no headroom until its approvals are recorded', async () => {
    const w = await world(await open(), '2026-06-30');
    const { agreement, cap } = await recordSeedCase(w);
    const idc = cap('idc-services', '2026-01-01');

    const revised = await reviseCap(w.ctx, w.actor, idc.id, revision('500000000.00'));
    expect(revised.status).toBe('pending');
    expect(revised.reclassification).toEqual({
      status: 'done',
      asOf: '2026-06-01',
      tierBefore: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
      tierAfter: 'NON_EXEMPT',
    });
    expect(revised.requiredApprovals.map((q) => [q.code, q.kind, q.rule])).toEqual([
      ['ANNOUNCEMENT', 'announcement', '14A.35'],
      ['CIRCULAR', 'circular', '14A.46'],
      ['IFA', 'independent-financial-adviser', '14A.39'],
      ['IBC', 'independent-board-committee', '14A.40'],
      ['INDEPENDENT_SHAREHOLDERS_APPROVAL', 'independent-shareholders-approval', '14A.36'],
    ]);

    // Fits the new cap, not the old: refused, naming the old cap.
    const refused = await idcOrder(w, agreement.id, '2026-06-10', '100000000.00');
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toMatchObject({
      reasons: [{ code: 'CAP_EXCEEDED', capId: idc.id, cap: '82000000.00' }],
    });
    const pendingUse = await getUtilization(w.ctx, w.actor, { asOf: '2026-06-30' });
    expect(pendingUse.items.find((i) => i.capId === idc.id)).toMatchObject({ cap: '82000000.00' });

    // A kind the revision does not require is refused; approvals are recorded one by one.
    await expect(
      recordRevisionApproval(w.ctx, w.actor, idc.id, revised.revisionId, {
        kind: 'board-minutes',
        date: '2026-06-20',
        reference: 'x',
      }),
    ).rejects.toMatchObject({ kind: 'invalid_input' });
    const kinds = revised.requiredApprovals.map((q) => q.kind);
    for (const [i, kind] of kinds.entries()) {
      const date = kind === 'independent-shareholders-approval' ? '2026-06-20' : '2026-06-05';
      const recorded = await recordRevisionApproval(w.ctx, w.actor, idc.id, revised.revisionId, {
        kind,
        date,
        reference: `${kind} 2026`,
      });
      expect(recorded.revision.status).toBe(i === kinds.length - 1 ? 'approved' : 'pending');
      if (i < kinds.length - 1) {
        const still = await idcOrder(w, agreement.id, '2026-06-25', '100000000.00');
        expect(still.statusCode).toBe(409);
      }
    }

    // Counts from max(effectiveFrom, the last approval): not on an order signed before it.
    const early = await idcOrder(w, agreement.id, '2026-06-10', '100000000.00');
    expect(early.statusCode).toBe(409);
    expect(early.body).toMatchObject({ reasons: [{ code: 'CAP_EXCEEDED', cap: '82000000.00' }] });
    const accepted = await idcOrder(w, agreement.id, '2026-06-25', '100000000.00');
    expect(accepted.statusCode).toBe(201);
    const approvedUse = await getUtilization(w.ctx, w.actor, { asOf: '2026-06-30' });
    expect(approvedUse.items.find((i) => i.capId === idc.id)).toMatchObject({
      cap: '500000000.00',
      statedCap: '82000000.00',
    });

    const history = (await getAgreement(w.ctx, w.actor, agreement.id)).caps.find(
      (c) => c.id === idc.id,
    )?.history;
    expect(history?.[1]).toMatchObject({
      revisionId: revised.revisionId,
      amount: '500000000.00',
      status: 'approved',
      countsFrom: '2026-06-20',
      reclassification: { status: 'done', tierAfter: 'NON_EXEMPT' },
    });
    expect(history?.[1]?.requiredApprovals).toHaveLength(5);
    expect(history?.[1]?.approvals.map((a) => a.kind)).toEqual(kinds);
  });

  it('a revision that stays in the same tier (RMB82.0m → 90.0m) is approved at once', async () => {
    const w = await world(await open(), '2026-06-30');
    const { agreement, cap } = await recordSeedCase(w);
    const idc = cap('idc-services', '2026-01-01');
    const revised = await reviseCap(w.ctx, w.actor, idc.id, revision('90000000.00'));
    expect(revised).toMatchObject({
      status: 'approved',
      reclassification: {
        status: 'done',
        tierBefore: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
        tierAfter: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
      },
      requiredApprovals: [],
    });
    const order = await idcOrder(w, agreement.id, '2026-06-10', '85000000.00');
    expect(order.statusCode).toBe(201);
    await expect(
      recordRevisionApproval(w.ctx, w.actor, idc.id, revised.revisionId, {
        kind: 'announcement',
        date: '2026-06-20',
        reference: 'x',
      }),
    ).rejects.toMatchObject({ kind: 'conflict', details: { code: 'REVISION_NEEDS_NO_APPROVAL' } });
  });

  it('without recorded figures the revision is approved as today and says the re-classification was not run', async () => {
    const w = await world(await open(), '2026-06-30');
    const { agreement, cap } = await seedAgreement(w);
    const idc = cap('idc-services', '2026-01-01');
    const revised = await reviseCap(w.ctx, w.actor, idc.id, revision('500000000.00'));
    expect(revised.status).toBe('approved');
    expect(revised.requiredApprovals).toEqual([]);
    expect(revised.reclassification).toMatchObject({ status: 'not-run' });
    expect(revised.reclassification.status === 'not-run' && revised.reclassification.reason).toContain(
      'issuer figures',
    );
    const order = await idcOrder(w, agreement.id, '2026-06-10', '100000000.00');
    expect(order.statusCode).toBe(201);
  });

  it('over HTTP: POST …/revisions/{revisionId}/approvals, and GET the agreement shows the status', async () => {
    const w = await world(await open(), '2026-06-30');
    const { agreement, cap } = await recordSeedCase(w);
    const idc = cap('idc-services', '2026-01-01');
    const app = await testServer(w.ctx, w.actor.issuerId);
    const rev = await app.inject({
      method: 'POST',
      url: `/api/v1/caps/${idc.id}/revisions`,
      payload: revision('500000000.00'),
    });
    expect(rev.statusCode).toBe(201);
    const body = rev.json<{ revisionId: string; status: string; requiredApprovals: { kind: string }[] }>();
    expect(body.status).toBe('pending');
    const missing = await app.inject({
      method: 'POST',
      url: `/api/v1/caps/${idc.id}/revisions/rev_missing/approvals`,
      payload: { kind: 'announcement', date: '2026-06-05', reference: 'x' },
    });
    expect(missing.statusCode).toBe(404);
    for (const { kind } of body.requiredApprovals) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/caps/${idc.id}/revisions/${body.revisionId}/approvals`,
        payload: { kind, date: '2026-06-05', reference: `${kind} ref` },
      });
      expect(res.statusCode).toBe(201);
    }
    const got = await app.inject({ method: 'GET', url: `/api/v1/agreements/${agreement.id}` });
    const caps = got.json<{
      caps: { id: string; history: { status: string; countsFrom: string | null }[] }[];
    }>().caps;
    expect(caps.find((c) => c.id === idc.id)?.history[1]).toMatchObject({
      status: 'approved',
      countsFrom: '2026-06-05',
    });
  });
});
