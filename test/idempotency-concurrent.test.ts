import { expect, it } from 'vitest';
import { getUtilization } from '../src/app/get-utilization.js';
import { postActual } from '../src/app/post-actual.js';
import { recordOrder } from '../src/app/record-order.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world } from './support/context.js';
import { withQuotes } from './support/pricing.js';

describeEachEngine('Idempotency-Key under concurrency', (open) => {
  it('places one order and records one actual for ten simultaneous requests with one key', async () => {
    const w = await world(await open());
    const { agreement, cap } = await seedAgreement(w);
    const hw = cap('network-hardware', '2026-01-01');
    const body = withQuotes({
      agreementId: agreement.id,
      categoryKey: 'network-hardware',
      reference: 'PO-same',
      signedOn: '2026-02-01',
      schedule: [{ date: '2026-03-01', amount: '100000.00', currency: 'CNY' }],
    });
    const orders = await Promise.all(
      Array.from({ length: 10 }, () => recordOrder(w.ctx, w.actor, body, 'key-order-1')),
    );
    const ids = new Set(orders.map((o) => ('id' in o.body ? o.body.id : 'refused')));
    expect(ids.size).toBe(1);
    expect(orders.every((o) => o.statusCode === 201)).toBe(true);
    expect(orders.filter((o) => !o.replayed)).toHaveLength(1);

    const actual = {
      agreementId: agreement.id,
      categoryKey: 'network-hardware',
      date: '2026-03-02',
      amount: '5000.00',
      currency: 'CNY',
      reference: 'INV-same',
    };
    const actuals = await Promise.all(
      Array.from({ length: 10 }, () => postActual(w.ctx, w.actor, actual, 'key-actual-1')),
    );
    expect(new Set(actuals.map((a) => a.body.id)).size).toBe(1);

    const row = (await getUtilization(w.ctx, w.actor, { asOf: '2026-03-31' })).items.find(
      (i) => i.capId === hw.id,
    );
    expect(row).toMatchObject({ committed: '100000.00', actual: '5000.00' });
  });
});
