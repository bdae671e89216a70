/**
 * Issue 9: importing orders — each row placed through the order gate (caps and pricing policy); a
 * row the gate refuses refuses the file, and the orders already placed by it are cancelled, so the
 * file lands whole or not at all; negative amounts are never orders; re-importing adds nothing.
 */
import { expect, it } from 'vitest';
import { createAgreement } from '../src/app/create-agreement.js';
import type { Store } from '../src/app/ports.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world, type TestWorld } from './support/context.js';
import { HEADER, importText, ledgerCounts } from './support/imports.js';

/** A lease at a fixed rent: the pricing policy asks for no quotes (minIndependentQuotes 0). */
async function leaseAgreement(w: TestWorld) {
  return createAgreement(w.ctx, w.actor, {
    name: 'Office lease framework agreement',
    counterparty: { name: 'Connected Landlord Ltd' },
    signedOn: '2025-12-15',
    recognitionBasis: 'fee-payable',
    amountsInclude: 'including-tax',
    categories: [
      {
        key: 'rent',
        name: 'Rent',
        direction: 'issuer-purchases',
        termStart: '2026-01-01',
        termEnd: '2026-12-31',
        pricingPolicy: { minIndependentQuotes: 0 },
      },
    ],
    caps: [
      {
        categoryKeys: ['rent'],
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        amount: '1000000.00',
        currency: 'CNY',
      },
    ],
  });
}

async function setUp(open: () => Promise<Store>) {
  const w = await world(await open());
  const lease = await leaseAgreement(w);
  return { w, lease, cap: lease.caps[0]?.id ?? '' };
}

describeEachEngine('import of orders', (open) => {
  it('places each row through the gate: reserved headroom, and the same file again adds nothing', async () => {
    const { w, lease, cap } = await setUp(open);
    const text = `${HEADER}\n${lease.id},rent,2026-02-01,300000.00,RMB,PO-1\n${lease.id},rent,2026-03-01,200000.00,RMB,PO-2\n`;
    const run = await importText(w, 'orders', 'po.csv', text);
    expect(run).toMatchObject({ status: 'imported', rowsWritten: 2 });
    expect((await w.ctx.store.getUsage(cap)).committedMinor).toBe(50_000_000n);
    const again = await importText(w, 'orders', 'po.csv', text);
    expect(again).toMatchObject({ status: 'imported', rowsWritten: 0, rowsSkipped: 2 });
    expect(await ledgerCounts(w, lease.id)).toMatchObject({ orders: 2, acceptedOrders: 2 });
  });

  it('a row the gate refuses refuses the file: the orders placed before it are cancelled, their headroom released', async () => {
    const { w, lease, cap } = await setUp(open);
    const text = [
      HEADER,
      `${lease.id},rent,2026-02-01,600000.00,RMB,PO-1`,
      `${lease.id},rent,2026-03-01,300000.00,RMB,PO-2`,
      // Over the cap: 600k + 300k + 200k > RMB1,000,000.
      `${lease.id},rent,2026-04-01,200000.00,RMB,PO-3`,
    ].join('\n');
    const run = await importText(w, 'orders', 'po.csv', text);
    expect(run.status).toBe('refused');
    expect(run.errors).toEqual([expect.objectContaining({ line: 4, code: 'REFUSED' })]);
    expect(run.errors[0]?.reason).toContain('RMB100,000.00');
    expect(run.summary).toContain('2 orders, cancelled');
    expect((await w.ctx.store.getUsage(cap)).committedMinor).toBe(0n);
    expect(await ledgerCounts(w, lease.id)).toMatchObject({ orders: 2, acceptedOrders: 0 });
    // Corrected, the file imports: the cancelled orders' references are free again.
    const fixed = await importText(
      w,
      'orders',
      'po.csv',
      text.replace('200000.00,RMB,PO-3', '100000.00,RMB,PO-3'),
    );
    expect(fixed).toMatchObject({ status: 'imported', rowsWritten: 3 });
    expect((await w.ctx.store.getUsage(cap)).committedMinor).toBe(100_000_000n);
  });

  it('refuses negative orders, and orders whose category needs quotes the file cannot carry', async () => {
    const { w, lease } = await setUp(open);
    const seed = await seedAgreement(w);
    const text = [HEADER, `${lease.id},rent,2026-02-01,-10.00,RMB,PO-NEG`].join('\n');
    const negative = await importText(w, 'orders', 'neg.csv', text);
    expect(negative.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'amount', value: '-10.00', code: 'NEGATIVE_AMOUNT' }),
    ]);
    const quoted = await importText(
      w,
      'orders',
      'idc.csv',
      `${HEADER}\n${seed.agreement.id},idc-services,2026-02-01,1000.00,RMB,PO-IDC\n`,
    );
    expect(quoted.status).toBe('refused');
    expect(quoted.errors).toEqual([expect.objectContaining({ line: 2, code: 'REFUSED' })]);
    expect(quoted.errors[0]?.reason).toMatch(/independent quote/i);
    expect(await ledgerCounts(w, seed.agreement.id)).toMatchObject({ orders: 0 });
  });
});
