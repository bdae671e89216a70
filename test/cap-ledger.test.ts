import { expect, it } from 'vitest';
import { recordOrder } from '../src/app/record-order.js';
import { postActual } from '../src/app/post-actual.js';
import { getUtilization } from '../src/app/get-utilization.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world } from './support/context.js';
import { withQuotes } from './support/pricing.js';

describeEachEngine('cap ledger on the seed case', (open) => {
  it('lists the six seed cap periods exactly', async () => {
    const w = await world(await open());
    await seedAgreement(w);
    const u = await getUtilization(w.ctx, w.actor, { asOf: '2026-03-15' });
    expect(
      u.items.map((i) => [i.categoryKeys.join(), i.periodStart, i.periodEnd, i.cap, i.currency]),
    ).toEqual([
      ['idc-services', '2025-07-29', '2025-12-31', '41000000.00', 'CNY'],
      ['idc-services', '2026-01-01', '2026-12-31', '82000000.00', 'CNY'],
      ['idc-services', '2027-01-01', '2027-12-31', '82000000.00', 'CNY'],
      ['idc-services', '2028-01-01', '2028-07-28', '41000000.00', 'CNY'],
      ['network-hardware', '2025-07-29', '2025-12-31', '33500000.00', 'CNY'],
      ['network-hardware', '2026-01-01', '2026-07-28', '6700000.00', 'CNY'],
    ]);
  });

  it('accepts an order of exactly the remaining headroom and refuses one cent more', async () => {
    const w = await world(await open());
    const { agreement, cap } = await seedAgreement(w);
    const hw = cap('network-hardware', '2026-01-01');
    const first = await recordOrder(
      w.ctx,
      w.actor,
      withQuotes({
        agreementId: agreement.id,
        categoryKey: 'network-hardware',
        reference: 'PO-1',
        signedOn: '2026-02-01',
        schedule: [{ date: '2026-02-10', amount: '6000000.00', currency: 'RMB' }],
      }),
    );
    expect(first.statusCode).toBe(201);
    const tooMuch = await recordOrder(
      w.ctx,
      w.actor,
      withQuotes({
        agreementId: agreement.id,
        categoryKey: 'network-hardware',
        reference: 'PO-2',
        signedOn: '2026-02-02',
        schedule: [{ date: '2026-03-10', amount: '700000.01', currency: 'CNY' }],
      }),
    );
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.body).toMatchObject({
      code: 'REFUSED',
      reasons: [
        {
          code: 'CAP_EXCEEDED',
          capId: hw.id,
          cap: '6700000.00',
          utilised: '6000000.00',
          headroom: '700000.00',
        },
      ],
    });
    const exact = await recordOrder(
      w.ctx,
      w.actor,
      withQuotes({
        agreementId: agreement.id,
        categoryKey: 'network-hardware',
        reference: 'PO-3',
        signedOn: '2026-02-02',
        schedule: [{ date: '2026-03-10', amount: '700000.00', currency: 'CNY' }],
      }),
    );
    expect(exact.statusCode).toBe(201);
    const u = await getUtilization(w.ctx, w.actor, { asOf: '2026-03-15' });
    expect(u.items.find((i) => i.capId === hw.id)).toMatchObject({
      committed: '6700000.00',
      headroom: '0.00',
      percentUsed: '100.00',
    });
  });

  it('records an actual over the cap and returns a breach', async () => {
    const w = await world(await open());
    const { agreement, cap } = await seedAgreement(w);
    const r = await postActual(w.ctx, w.actor, {
      agreementId: agreement.id,
      categoryKey: 'network-hardware',
      date: '2026-03-01',
      amount: '6700000.01',
      currency: 'CNY',
      reference: 'INV-1',
    });
    expect(r.statusCode).toBe(201);
    expect(r.body.breach).toMatchObject({
      code: 'CAP_EXCEEDED',
      capId: cap('network-hardware', '2026-01-01').id,
      cap: '6700000.00',
      actual: '6700000.01',
      excess: '0.01',
    });
  });
});
