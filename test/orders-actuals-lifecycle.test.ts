import { expect, it } from 'vitest';
import { recordOrder } from '../src/app/record-order.js';
import { postActual } from '../src/app/post-actual.js';
import { cancelOrder, closeOrder, reduceOrder, getOrder } from '../src/app/order-changes.js';
import { reverseActual } from '../src/app/reverse-actual.js';
import { terminateCategory } from '../src/app/terminate-category.js';
import { recordFxRate } from '../src/app/record-fx-rate.js';
import { getUtilization } from '../src/app/get-utilization.js';
import { AppError } from '../src/app/errors.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world, type TestWorld } from './support/context.js';
import { withQuotes } from './support/pricing.js';

async function usage(w: TestWorld, capId: string, asOf = '2026-12-31') {
  const row = (await getUtilization(w.ctx, w.actor, { asOf })).items.find((i) => i.capId === capId);
  return { actual: row?.actual, committed: row?.committed, headroom: row?.headroom };
}

describeEachEngine('orders and actuals', (open) => {
  it('consumes the order reservation first, then counts the rest as new; close releases the remainder', async () => {
    const w = await world(await open(), '2026-09-30');
    const { agreement, cap } = await seedAgreement(w);
    const idc = cap('idc-services', '2026-01-01');
    const o = await recordOrder(
      w.ctx,
      w.actor,
      withQuotes({
        agreementId: agreement.id,
        categoryKey: 'idc-services',
        reference: 'PO-1',
        signedOn: '2026-02-01',
        schedule: [
          { date: '2026-03-01', amount: '1000000.00', currency: 'CNY' },
          { date: '2026-04-01', amount: '1000000.00', currency: 'CNY' },
        ],
      }),
    );
    const orderId = 'id' in o.body ? o.body.id : '';
    expect(await usage(w, idc.id)).toEqual({
      actual: '0.00',
      committed: '2000000.00',
      headroom: '80000000.00',
    });
    const a1 = await postActual(w.ctx, w.actor, {
      agreementId: agreement.id,
      categoryKey: 'idc-services',
      orderId,
      date: '2026-03-05',
      amount: '1500000.00',
      currency: 'CNY',
      reference: 'INV-1',
    });
    expect(a1.body.consumedFromOrder).toBe('1500000.00');
    expect(await usage(w, idc.id)).toEqual({
      actual: '1500000.00',
      committed: '500000.00',
      headroom: '80000000.00',
    });
    const a2 = await postActual(w.ctx, w.actor, {
      agreementId: agreement.id,
      categoryKey: 'idc-services',
      orderId,
      date: '2026-04-05',
      amount: '800000.00',
      currency: 'CNY',
      reference: 'INV-2',
    });
    expect(a2.body.consumedFromOrder).toBe('500000.00');
    expect(await usage(w, idc.id)).toEqual({
      actual: '2300000.00',
      committed: '0.00',
      headroom: '79700000.00',
    });
    // As of 31 March the second invoice had not counted yet, and the order still held the rest.
    expect(await usage(w, idc.id, '2026-03-31')).toEqual({
      actual: '1500000.00',
      committed: '500000.00',
      headroom: '80000000.00',
    });
    const closed = await closeOrder(w.ctx, w.actor, orderId);
    expect(closed.status).toBe('closed');
    await expect(cancelOrder(w.ctx, w.actor, orderId)).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('cancel releases all headroom; reduce releases the difference and cannot increase', async () => {
    const w = await world(await open(), '2026-09-30');
    const { agreement, cap } = await seedAgreement(w);
    const idc = cap('idc-services', '2026-01-01');
    const place = async (ref: string, amount: string) => {
      const r = await recordOrder(
        w.ctx,
        w.actor,
        withQuotes({
          agreementId: agreement.id,
          categoryKey: 'idc-services',
          reference: ref,
          signedOn: '2026-02-01',
          schedule: [{ date: '2026-05-01', amount, currency: 'CNY' }],
        }),
      );
      return 'id' in r.body ? r.body.id : '';
    };
    const a = await place('A', '3000000.00');
    const b = await place('B', '2000000.00');
    expect((await usage(w, idc.id)).committed).toBe('5000000.00');
    await cancelOrder(w.ctx, w.actor, a);
    expect((await usage(w, idc.id)).committed).toBe('2000000.00');
    const reduced = await reduceOrder(w.ctx, w.actor, b, {
      schedule: [{ date: '2026-05-01', amount: '1200000.00', currency: 'CNY' }],
    });
    expect(reduced.balances).toEqual([
      { capId: idc.id, scheduled: '1200000.00', consumed: '0.00', open: '1200000.00' },
    ]);
    expect((await usage(w, idc.id)).committed).toBe('1200000.00');
    await expect(
      reduceOrder(w.ctx, w.actor, b, {
        schedule: [{ date: '2026-05-01', amount: '1300000.00', currency: 'CNY' }],
      }),
    ).rejects.toBeInstanceOf(AppError);
    expect((await getOrder(w.ctx, w.actor, b)).schedule.map((l) => l.amount)).toEqual(['1200000.00']);
  });

  it('reverses an actual with a reversing entry and restores what it took from an open order', async () => {
    const w = await world(await open(), '2026-09-30');
    const { agreement, cap } = await seedAgreement(w);
    const idc = cap('idc-services', '2026-01-01');
    const o = await recordOrder(
      w.ctx,
      w.actor,
      withQuotes({
        agreementId: agreement.id,
        categoryKey: 'idc-services',
        reference: 'PO',
        signedOn: '2026-02-01',
        schedule: [{ date: '2026-03-01', amount: '1000000.00', currency: 'CNY' }],
      }),
    );
    const orderId = 'id' in o.body ? o.body.id : '';
    const a = await postActual(w.ctx, w.actor, {
      agreementId: agreement.id,
      categoryKey: 'idc-services',
      orderId,
      date: '2026-03-05',
      amount: '400000.00',
      currency: 'CNY',
      reference: 'INV',
    });
    const r = await reverseActual(w.ctx, w.actor, a.body.id, { reason: 'invoice issued twice' });
    expect(r).toMatchObject({ reverses: a.body.id, amount: '-400000.00', restoredToOrder: '400000.00' });
    expect(await usage(w, idc.id)).toEqual({
      actual: '0.00',
      committed: '1000000.00',
      headroom: '81000000.00',
    });
    await expect(reverseActual(w.ctx, w.actor, a.body.id, { reason: 'again' })).rejects.toMatchObject({
      kind: 'conflict',
    });
    await expect(reverseActual(w.ctx, w.actor, a.body.id, {})).rejects.toMatchObject({
      kind: 'invalid_input',
    });
    expect(await w.ctx.store.getActual(w.actor.issuerId, a.body.id)).toMatchObject({
      amountMinor: 40_000_000n,
    });
  });

  it('refuses orders outside the term, before the agreement, and with no covering cap — all reasons together', async () => {
    const w = await world(await open(), '2026-09-30');
    const { agreement } = await seedAgreement(w);
    const r = await recordOrder(
      w.ctx,
      w.actor,
      withQuotes({
        agreementId: agreement.id,
        categoryKey: 'network-hardware',
        reference: 'PO',
        signedOn: '2025-07-01',
        schedule: [
          { date: '2026-08-01', amount: '1.00', currency: 'CNY' },
          { date: '2025-07-01', amount: '1.00', currency: 'CNY' },
        ],
      }),
    );
    expect(r.statusCode).toBe(409);
    expect('reasons' in r.body && r.body.reasons.map((x) => x.code)).toEqual([
      'AGREEMENT_NOT_EFFECTIVE',
      'OUTSIDE_TERM',
      'OUTSIDE_TERM',
    ]);
  });

  it('flags, but records, actuals outside the term or with no covering cap', async () => {
    const w = await world(await open(), '2026-09-30');
    const { agreement, cap } = await seedAgreement(w);
    const out = await postActual(w.ctx, w.actor, {
      agreementId: agreement.id,
      categoryKey: 'network-hardware',
      date: '2026-08-15',
      amount: '10.00',
      currency: 'CNY',
      reference: 'late invoice',
    });
    expect(out.statusCode).toBe(201);
    expect(out.body.breach?.code).toBe('OUTSIDE_TERM');
    expect(out.body.breaches?.map((b) => b.code)).toEqual(['OUTSIDE_TERM', 'NO_COVERING_CAP']);
    expect(await w.ctx.store.getActual(w.actor.issuerId, out.body.id)).not.toBeNull();
    // Terminated IDC from 1 Oct 2026: an actual on 15 Oct still counts in the FY2026 cap, flagged.
    await terminateCategory(w.ctx, w.actor, agreement.id, {
      categoryKey: 'idc-services',
      effectiveOn: '2026-10-01',
      reason: 'early termination',
    });
    const after = await postActual(w.ctx, w.actor, {
      agreementId: agreement.id,
      categoryKey: 'idc-services',
      date: '2026-10-15',
      amount: '5.00',
      currency: 'CNY',
      reference: 'after termination',
    });
    expect(after.body.breach?.code).toBe('OUTSIDE_TERM');
    expect((await usage(w, cap('idc-services', '2026-01-01').id)).actual).toBe('5.00');
  });

  it('early termination ends later caps and releases reservations scheduled on or after it', async () => {
    const w = await world(await open(), '2026-09-30');
    const { agreement, cap } = await seedAgreement(w);
    const idc26 = cap('idc-services', '2026-01-01');
    const o = await recordOrder(
      w.ctx,
      w.actor,
      withQuotes({
        agreementId: agreement.id,
        categoryKey: 'idc-services',
        reference: 'PO',
        signedOn: '2026-02-01',
        schedule: [
          { date: '2026-09-01', amount: '100.00', currency: 'CNY' },
          { date: '2026-11-01', amount: '300.00', currency: 'CNY' },
        ],
      }),
    );
    expect(o.statusCode).toBe(201);
    const t = await terminateCategory(w.ctx, w.actor, agreement.id, {
      categoryKey: 'idc-services',
      effectiveOn: '2026-10-01',
      reason: 'early termination',
    });
    expect(t.released.map((r) => r.amount)).toEqual(['300.00']);
    expect((await usage(w, idc26.id)).committed).toBe('100.00');
    const caps = t.agreement.caps
      .filter((c) => c.categoryKeys.includes('idc-services'))
      .map((c) => [c.periodStart, c.effectiveStart, c.effectiveEnd]);
    expect(caps).toEqual([
      ['2025-07-29', '2025-07-29', '2025-12-31'],
      ['2026-01-01', '2026-01-01', '2026-09-30'],
      ['2027-01-01', null, null],
      ['2028-01-01', null, null],
    ]);
    const late = await recordOrder(
      w.ctx,
      w.actor,
      withQuotes({
        agreementId: agreement.id,
        categoryKey: 'idc-services',
        reference: 'late',
        signedOn: '2026-09-30',
        schedule: [{ date: '2026-10-01', amount: '1.00', currency: 'CNY' }],
      }),
    );
    expect('reasons' in late.body && late.body.reasons.map((r) => r.code)).toEqual(['OUTSIDE_TERM']);
    await expect(
      terminateCategory(w.ctx, w.actor, agreement.id, {
        categoryKey: 'idc-services',
        effectiveOn: '2026-11-01',
        reason: 'again',
      }),
    ).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('converts a foreign-currency order at the recorded rate (or its exact inverse), keeping rate and rounding', async () => {
    const w = await world(await open(), '2026-09-30');
    const { agreement, cap } = await seedAgreement(w);
    const idc = cap('idc-services', '2026-01-01');
    const usd = withQuotes({
      agreementId: agreement.id,
      categoryKey: 'idc-services',
      reference: 'USD PO',
      signedOn: '2026-02-02',
      schedule: [{ date: '2026-03-01', amount: '1000.00', currency: 'USD' }],
    });
    await expect(recordOrder(w.ctx, w.actor, usd)).rejects.toMatchObject({
      kind: 'invalid_input',
      details: { errors: [{ path: 'schedule[0].currency' }] },
    });
    expect((await usage(w, idc.id)).committed).toBe('0.00');
    await recordFxRate(w.ctx, w.actor, {
      from: 'CNY',
      to: 'USD',
      date: '2026-02-02',
      rate: '0.14',
      source: 'HKMA',
    });
    const r = await recordOrder(w.ctx, w.actor, usd);
    expect(r.statusCode).toBe(201);
    // 1000.00 / 0.14 = 7142.857142… → RMB7,142.86, half-up, once.
    expect((await usage(w, idc.id)).committed).toBe('7142.86');
    const given = await postActual(w.ctx, w.actor, {
      agreementId: agreement.id,
      categoryKey: 'idc-services',
      date: '2026-03-10',
      amount: '100.00',
      currency: 'USD',
      reference: 'USD INV',
      fx: { rate: '7.12345', date: '2026-03-10', source: 'bank' },
    });
    expect(given.body).toMatchObject({
      capAmount: '712.35',
      capCurrency: 'CNY',
      fx: { rate: '7.12345', date: '2026-03-10', source: 'bank', rounding: '1/2' },
    });
    const order = await w.ctx.store.getOrder(w.actor.issuerId, 'id' in r.body ? r.body.id : '');
    expect(order?.schedule[0]?.fx).toMatchObject({ rate: '100/14', date: '2026-02-02' });
  });
});
