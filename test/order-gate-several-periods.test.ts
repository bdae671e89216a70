import { expect, it } from 'vitest';
import { getUtilization } from '../src/app/get-utilization.js';
import { recordOrder } from '../src/app/record-order.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world } from './support/context.js';
import { withQuotes } from './support/pricing.js';

describeEachEngine('an order across several cap periods', (open) => {
  it('reserves in every period it touches, or in none when one period has no room', async () => {
    const w = await world(await open(), '2026-03-31');
    const { agreement, cap } = await seedAgreement(w);
    const h25 = cap('network-hardware', '2025-07-29');
    const h26 = cap('network-hardware', '2026-01-01');
    const usage = async () => {
      const items = (await getUtilization(w.ctx, w.actor, { asOf: '2026-12-31' })).items;
      return [h25.id, h26.id].map((id) => items.find((i) => i.capId === id)?.committed);
    };
    const order = (reference: string, amount2025: string, amount2026: string) =>
      recordOrder(
        w.ctx,
        w.actor,
        withQuotes({
          agreementId: agreement.id,
          categoryKey: 'network-hardware',
          reference,
          signedOn: '2025-12-01',
          schedule: [
            { date: '2025-12-15', amount: amount2025, currency: 'CNY' },
            { date: '2026-01-15', amount: amount2026, currency: 'CNY' },
            { date: '2026-02-15', amount: amount2026, currency: 'CNY' },
          ],
        }),
      );

    const accepted = await order('PO-1', '1000000.00', '2000000.00');
    expect(accepted.statusCode).toBe(201);
    expect(
      'reservations' in accepted.body && accepted.body.reservations.map((r) => [r.capId, r.amount]).sort(),
    ).toEqual(
      [
        [h25.id, '1000000.00'],
        [h26.id, '4000000.00'],
      ].sort(),
    );
    expect(await usage()).toEqual(['1000000.00', '4000000.00']);

    // 2025 has room for 1.0m more; 2026 has 2.7m left but the order needs 3.0m there: nothing is kept.
    const refused = await order('PO-2', '1000000.00', '1500000.00');
    expect(refused.statusCode).toBe(409);
    expect('reasons' in refused.body && refused.body.reasons).toEqual([
      expect.objectContaining({
        code: 'CAP_EXCEEDED',
        capId: h26.id,
        headroom: '2700000.00',
        requested: '3000000.00',
      }),
    ]);
    expect(await usage()).toEqual(['1000000.00', '4000000.00']);
  });
});
