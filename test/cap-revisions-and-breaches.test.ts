import { expect, it } from 'vitest';
import { recordOrder } from '../src/app/record-order.js';
import { postActual } from '../src/app/post-actual.js';
import { reviseCap } from '../src/app/revise-cap.js';
import { getUtilization } from '../src/app/get-utilization.js';
import { getAgreement } from '../src/app/get-agreements.js';
import { AppError } from '../src/app/errors.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world } from './support/context.js';
import { withQuotes } from './support/pricing.js';

describeEachEngine('cap revisions (14A.54) and breaches', (open) => {
  it('gives no headroom before a revision takes effect, and the revised amount from its effective date', async () => {
    const w = await world(await open(), '2026-06-30');
    const { agreement, cap } = await seedAgreement(w);
    const hw = cap('network-hardware', '2026-01-01');
    await reviseCap(w.ctx, w.actor, hw.id, {
      amount: '9000000.00',
      effectiveFrom: '2026-06-01',
      approvedOn: '2026-05-20',
      reason: 'demand above plan',
      approvalReference: 'Announcement 2026-05-20',
    });
    const order = (signedOn: string, amount: string) =>
      recordOrder(
        w.ctx,
        w.actor,
        withQuotes({
          agreementId: agreement.id,
          categoryKey: 'network-hardware',
          reference: `PO ${signedOn}`,
          signedOn,
          schedule: [{ date: '2026-06-15', amount, currency: 'CNY' }],
        }),
      );
    const early = await order('2026-05-31', '7000000.00');
    expect(early.statusCode).toBe(409);
    expect(early.body).toMatchObject({ reasons: [{ code: 'CAP_EXCEEDED', cap: '6700000.00' }] });
    const later = await order('2026-06-01', '7000000.00');
    expect(later.statusCode).toBe(201);
    const u = await getUtilization(w.ctx, w.actor, { asOf: '2026-06-30' });
    expect(u.items.find((i) => i.capId === hw.id)).toMatchObject({
      cap: '9000000.00',
      statedCap: '6700000.00',
      headroom: '2000000.00',
    });
    const before = await getUtilization(w.ctx, w.actor, { asOf: '2026-05-31' });
    expect(before.items.find((i) => i.capId === hw.id)).toMatchObject({
      cap: '6700000.00',
      committed: '0.00',
    });
    const history = (await getAgreement(w.ctx, w.actor, agreement.id)).caps.find(
      (c) => c.id === hw.id,
    )?.history;
    expect(history?.map((h) => [h.amount, h.effectiveFrom])).toEqual([
      ['6700000.00', null],
      ['9000000.00', '2026-06-01'],
    ]);
  });

  it('accepts a revision below what is used, returns the breach, and keeps it after a later upward revision', async () => {
    const w = await world(await open(), '2026-06-30');
    const { agreement, cap } = await seedAgreement(w);
    const hw = cap('network-hardware', '2026-01-01');
    const actual = await postActual(w.ctx, w.actor, {
      agreementId: agreement.id,
      categoryKey: 'network-hardware',
      date: '2026-03-01',
      amount: '5000000.00',
      currency: 'CNY',
      reference: 'INV-1',
    });
    expect(actual.body.breach).toBeUndefined();
    const down = await reviseCap(w.ctx, w.actor, hw.id, {
      amount: '4000000.00',
      effectiveFrom: '2026-04-01',
      approvedOn: '2026-04-01',
      reason: 'scope reduced',
      approvalReference: 'Board 2026-04-01',
    });
    expect(down.breach).toMatchObject({
      code: 'CAP_EXCEEDED',
      capId: hw.id,
      cap: '4000000.00',
      actual: '5000000.00',
      excess: '1000000.00',
      occurredOn: '2026-04-01',
    });
    await reviseCap(w.ctx, w.actor, hw.id, {
      amount: '8000000.00',
      effectiveFrom: '2026-05-01',
      approvedOn: '2026-05-01',
      reason: 'restored',
      approvalReference: 'Announcement 2026-05-01',
    });
    const breaches = await w.ctx.store.listBreaches(w.actor.issuerId, agreement.id);
    expect(breaches.map((b) => [b.code, b.capId, b.occurredOn, b.excessMinor])).toEqual([
      ['CAP_EXCEEDED', hw.id, '2026-04-01', 100_000_000n],
    ]);
  });

  it('judges an actual against the cap in force on its date', async () => {
    const w = await world(await open(), '2026-06-30');
    const { agreement, cap } = await seedAgreement(w);
    const hw = cap('network-hardware', '2026-01-01');
    await reviseCap(w.ctx, w.actor, hw.id, {
      amount: '9000000.00',
      effectiveFrom: '2026-06-01',
      approvedOn: '2026-05-20',
      reason: 'r',
      approvalReference: 'a',
    });
    const post = (date: string, amount: string) =>
      postActual(w.ctx, w.actor, {
        agreementId: agreement.id,
        categoryKey: 'network-hardware',
        date,
        amount,
        currency: 'CNY',
        reference: `INV ${date}`,
      });
    expect((await post('2026-05-10', '6000000.00')).body.breach).toBeUndefined();
    expect((await post('2026-06-10', '2000000.00')).body.breach).toBeUndefined(); // 8.0m ≤ 9.0m in force in June
    const backdated = await post('2026-05-20', '1000000.00'); // 7.0m by 20 May > 6.7m then
    expect(backdated.body.breach).toMatchObject({
      code: 'CAP_EXCEEDED',
      cap: '6700000.00',
      actual: '7000000.00',
      excess: '300000.00',
      occurredOn: '2026-05-20',
    });
  });

  it('refuses a revision effective before its approval, or after the period', async () => {
    const w = await world(await open(), '2026-06-30');
    const { cap } = await seedAgreement(w);
    const hw = cap('network-hardware', '2026-01-01');
    const bad = async (body: object) => {
      try {
        await reviseCap(w.ctx, w.actor, hw.id, body);
      } catch (e) {
        return e instanceof AppError ? e.details.errors?.map((x) => x.path) : e;
      }
      return 'accepted';
    };
    expect(
      await bad({
        amount: '1.00',
        effectiveFrom: '2026-03-01',
        approvedOn: '2026-03-02',
        reason: 'r',
        approvalReference: 'a',
      }),
    ).toEqual(['effectiveFrom']);
    expect(
      await bad({
        amount: '1.00',
        effectiveFrom: '2026-08-01',
        approvedOn: '2026-03-02',
        reason: 'r',
        approvalReference: 'a',
      }),
    ).toEqual(['effectiveFrom']);
    expect(
      await bad({
        amount: '5%',
        effectiveFrom: '2026-03-01',
        approvedOn: '2026-03-01',
        reason: 'r',
        approvalReference: 'a',
      }),
    ).toEqual(['amount']);
    expect(
      await bad({
        amount: '1.00',
        effectiveFrom: '2026-12-01',
        approvedOn: '2026-12-01',
        reason: 'r',
        approvalReference: 'a',
      }),
    ).toEqual(['effectiveFrom', 'approvedOn']);
  });
});
