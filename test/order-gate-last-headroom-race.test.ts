import { expect, it } from 'vitest';
import { recordOrder } from '../src/app/record-order.js';
import { getUtilization } from '../src/app/get-utilization.js';
import { formatMinor } from '../src/domain/index.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world } from './support/context.js';
import { withQuotes } from './support/pricing.js';

/** Deterministic amounts between RMB10,000.00 and RMB99,999.99 (a linear congruential sequence). */
function amounts(n: number): bigint[] {
  let x = 12345n;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245n + 12345n) % 2147483648n;
    return 1_000_000n + (x % 8_999_999n);
  });
}

describeEachEngine('order gate: 60 concurrent orders race for the last headroom', (open) => {
  it('never overshoots, refuses only what did not fit, and accepts the exact remainder', async () => {
    const w = await world(await open());
    const { agreement, cap } = await seedAgreement(w);
    const hw = cap('network-hardware', '2026-01-01');
    const order = (reference: string, minor: bigint) =>
      recordOrder(
        w.ctx,
        w.actor,
        withQuotes({
          agreementId: agreement.id,
          categoryKey: 'network-hardware',
          reference,
          signedOn: '2026-02-01',
          schedule: [{ date: '2026-03-01', amount: formatMinor(minor, 'CNY'), currency: 'CNY' }],
        }),
      );
    expect((await order('base', 600_000_000n)).statusCode).toBe(201); // RMB6.0m of the RMB6.7m cap

    const asked = amounts(60);
    const results = await Promise.all(asked.map((minor, i) => order(`race-${i}`, minor)));

    const accepted: bigint[] = [];
    const refused: bigint[] = [];
    results.forEach((r, i) => {
      const minor = asked[i] ?? 0n;
      if (r.statusCode === 201) accepted.push(minor);
      else {
        expect(r.statusCode).toBe(409);
        expect('reasons' in r.body && r.body.reasons.map((x) => x.code)).toEqual(['CAP_EXCEEDED']);
        refused.push(minor);
      }
    });
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);

    const row = (await getUtilization(w.ctx, w.actor, { asOf: '2026-03-31' })).items.find(
      (i) => i.capId === hw.id,
    );
    const toMinor = (s: string) => BigInt(s.replace('.', ''));
    const utilised = toMinor(row?.utilised ?? '0');
    const headroom = toMinor(row?.headroom ?? '0');
    expect(utilised).toBeLessThanOrEqual(670_000_000n);
    expect(utilised).toBe(600_000_000n + accepted.reduce((s, a) => s + a, 0n));
    expect(headroom).toBe(670_000_000n - utilised);
    for (const r of refused) expect(r).toBeGreaterThan(headroom);

    if (headroom > 0n) {
      expect((await order('one-cent-more', headroom + 1n)).statusCode).toBe(409);
      expect((await order('exact', headroom)).statusCode).toBe(201);
    } else {
      expect((await order('one-cent', 1n)).statusCode).toBe(409);
    }
    const final = (await getUtilization(w.ctx, w.actor, { asOf: '2026-03-31' })).items.find(
      (i) => i.capId === hw.id,
    );
    expect(final).toMatchObject({ utilised: '6700000.00', headroom: '0.00', percentUsed: '100.00' });
  });
});
