import { OPERATOR_ROLES } from '../src/app/authorize.js';
import { describe, expect, it } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { classifyAgreements } from '../src/app/classify-agreements.js';
import { listAlerts } from '../src/app/alerts.js';
import { listEscalations } from '../src/app/escalations.js';
import { listAgreementEvidence } from '../src/app/evidence.js';
import { getForecasts } from '../src/app/get-forecasts.js';
import { getOrder } from '../src/app/order-changes.js';
import { getUtilization, type UtilizationItem } from '../src/app/get-utilization.js';
import type { ActualRecord, OrderRecord, Store, StoreTx } from '../src/app/ports.js';
import { DEMO_ISSUER_NAME, demoPlan, loadDemo } from '../src/demo/load-demo.js';
import { describeEachEngine } from './support/engines.js';

/** What the demo wrote, seen at the store port: every order and actual inserted, in order. */
interface Recorded {
  readonly orders: OrderRecord[];
  readonly actuals: ActualRecord[];
}

function recording(store: Store): { store: Store; written: Recorded } {
  const written: Recorded = { orders: [], actuals: [] };
  const wrapTx = (tx: StoreTx): StoreTx =>
    new Proxy(tx, {
      get(target, prop) {
        if (prop === 'insertActual')
          return (a: ActualRecord) => (written.actuals.push(a), target.insertActual(a));
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  const recorder = new Proxy(store, {
    get(target, prop) {
      if (prop === 'placeOrder') {
        const placeOrder: Store['placeOrder'] = async (p) => {
          const result = await target.placeOrder(p);
          if (result === 'placed') written.orders.push(p.order);
          return result;
        };
        return placeOrder;
      }
      if (prop === 'transaction') {
        const transaction: Store['transaction'] = (fn) => target.transaction((tx) => fn(wrapTx(tx)));
        return transaction;
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: recorder, written };
}

const TODAY = '2026-11-23';

async function loaded(open: () => Promise<Store>, today = TODAY) {
  const { store, written } = recording(await open());
  const ctx: AppContext = { store, clock: fixedClock(today), ids: randomIds };
  const result = await loadDemo(ctx);
  if (!result.loaded) throw new Error('the demo was not loaded into a new store');
  const utilisation = await getUtilization(
    ctx,
    { userId: 'tester', issuerId: result.issuer.id, roles: OPERATOR_ROLES },
    {},
  );
  const item = (key: string, periodStart: string): UtilizationItem => {
    const found = utilisation.items.find(
      (i) => i.categoryKeys.includes(key) && i.periodStart === periodStart,
    );
    if (!found) throw new Error(`no cap period ${key} ${periodStart}`);
    return found;
  };
  return { ctx, result, written, utilisation, item };
}

const pct = (i: UtilizationItem): number => Number(i.percentUsed);

describeEachEngine('demo data', (open) => {
  it('records the seed agreement under its own, labelled demo issuer with the six caps exactly', async () => {
    const { ctx, result, utilisation } = await loaded(open);
    expect(result.issuer).toMatchObject({ isDemo: true, name: DEMO_ISSUER_NAME });
    expect(await ctx.store.listIssuers()).toHaveLength(1);
    expect(
      utilisation.items.map((i) => [i.categoryKeys.join(), i.periodStart, i.periodEnd, i.cap, i.currency]),
    ).toEqual([
      ['idc-services', '2025-07-29', '2025-12-31', '41000000.00', 'CNY'],
      ['idc-services', '2026-01-01', '2026-12-31', '82000000.00', 'CNY'],
      ['idc-services', '2027-01-01', '2027-12-31', '82000000.00', 'CNY'],
      ['idc-services', '2028-01-01', '2028-07-28', '41000000.00', 'CNY'],
      ['network-hardware', '2025-07-29', '2025-12-31', '33500000.00', 'CNY'],
      ['network-hardware', '2026-01-01', '2026-07-28', '6700000.00', 'CNY'],
    ]);
  });

  it('labels every order and actual as illustrative and dates none of them after today', async () => {
    const { written, result } = await loaded(open);
    expect(written.orders.length).toBeGreaterThan(0);
    expect(written.actuals.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ orders: written.orders.length, actuals: written.actuals.length });
    for (const o of written.orders) {
      expect(o.reference).toContain('(illustrative)');
      expect(o.signedOn <= TODAY).toBe(true);
    }
    for (const a of written.actuals) {
      expect(a.reference).toContain('(illustrative)');
      expect(a.date <= TODAY).toBe(true);
      expect((a.invoiceDate ?? a.date) <= TODAY).toBe(true);
    }
    // The November order is signed (the 5th) but not yet invoiced (the 25th).
    expect(written.orders.map((o) => o.reference)).toContain('DEMO-PO-IDC-2026-11 (illustrative)');
    expect(written.actuals.map((a) => a.reference)).not.toContain('DEMO-INV-IDC-2026-11 (illustrative)');
  });

  it('takes FY2026 IDC past the 80% alert by November 2026, and sizes the other periods as planned', async () => {
    const { item } = await loaded(open);
    const fy2026 = item('idc-services', '2026-01-01');
    expect(pct(fy2026)).toBeGreaterThanOrEqual(80);
    expect(pct(fy2026)).toBeLessThanOrEqual(90);
    expect(fy2026).toMatchObject({ actual: '61000000.00', committed: '6700000.00', percentUsed: '82.56' });
    expect(pct(item('idc-services', '2025-07-29'))).toBeGreaterThanOrEqual(70);
    expect(pct(item('idc-services', '2025-07-29'))).toBeLessThanOrEqual(75);
    expect(pct(item('network-hardware', '2025-07-29'))).toBeGreaterThanOrEqual(55);
    expect(pct(item('network-hardware', '2025-07-29'))).toBeLessThanOrEqual(65);
    expect(pct(item('network-hardware', '2026-01-01'))).toBeGreaterThanOrEqual(85);
    expect(pct(item('network-hardware', '2026-01-01'))).toBeLessThan(100);
    expect(item('idc-services', '2027-01-01')).toMatchObject({ actual: '0.00', committed: '0.00' });
  });

  it('carries the register, figures, rate and board resolution that classify the seed agreement', async () => {
    const { ctx, result } = await loaded(open);
    const actor = { userId: 'tester', issuerId: result.issuer.id, roles: OPERATOR_ROLES };
    const classified = await classifyAgreements(ctx, actor, { asOf: '2025-07-29' });
    expect(classified.parties.find((p) => p.id === 'xiaomi')).toMatchObject({ connected: true });
    expect(classified.agreements).toEqual([
      expect.objectContaining({ tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL', boardApproved: true }),
    ]);
    expect(classified.agreements[0]?.interestedDirectors.map((d) => d.id).sort()).toEqual([
      'lei-jun',
      'zhang-duo',
    ]);
    expect(classified.aggregates[0]?.numerator).toMatchObject({ amount: '88700000.00', currency: 'CNY' });
  });

  it('gives every illustrative order a compliant quote comparison, with its quotations as evidence', async () => {
    const { ctx, written, result } = await loaded(open);
    expect(written.orders.length).toBeGreaterThan(0);
    const actor = { userId: 'tester', issuerId: result.issuer.id, roles: OPERATOR_ROLES };
    for (const o of written.orders) {
      const view = await getOrder(ctx, actor, o.id);
      expect(view.pricing, o.reference).toMatchObject({
        quotesRequired: true,
        countedQuotes: 2,
        connectedMoreFavourable: true,
        flagged: false,
        exception: null,
        connectedQuote: { expired: false },
      });
      const quotes = (view.pricing?.['independentQuotes'] ?? []) as {
        partyId: string;
        independent: boolean;
      }[];
      expect(quotes.map((q) => q.independent)).toEqual([true, true]);
      expect(quotes.every((q) => q.partyId.startsWith('demo-'))).toBe(true);
      // Xiaomi's quotation and the two independent ones, each an uploaded file with its SHA-256.
      expect(view.evidence.map((e) => [e.quote, e.quoteIndex])).toEqual([
        ['connected', null],
        ['independent', 0],
        ['independent', 1],
      ]);
      for (const e of view.evidence) {
        expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(e.filename).toMatch(/^quotation-DEMO-PO-/);
      }
    }
    const terms = await listAgreementEvidence(ctx, actor, result.agreementId);
    expect(terms.items.map((t) => t.kind)).toEqual(['connected-party-terms-to-third-parties']);
  });

  it('shows a forecast for every active IDC period and escalates the one whose illustrative run-rate exceeds its cap', async () => {
    const { ctx, result } = await loaded(open);
    const actor = { userId: 'tester', issuerId: result.issuer.id, roles: OPERATOR_ROLES };
    const forecasts = await getForecasts(ctx, actor, { asOf: TODAY });
    expect(forecasts.items.map((f) => [f.periodStart, f.exceedsCap])).toEqual([
      ['2026-01-01', false],
      ['2027-01-01', false],
      ['2028-01-01', true],
    ]);
    const escalations = await listEscalations(ctx, actor, undefined);
    expect(escalations.items.map((e) => [e.periodStart, e.status])).toEqual([['2028-01-01', 'raised']]);
    const alerts = await listAlerts(ctx, actor, {});
    expect(alerts.items.map((a) => a.kind).sort()).toEqual(['CAP_INSUFFICIENT', 'THRESHOLD']);
  });

  it('is idempotent: a second load says so and writes nothing', async () => {
    const { ctx, written, result } = await loaded(open);
    const before = { orders: written.orders.length, actuals: written.actuals.length };
    const again = await loadDemo(ctx);
    expect(again).toEqual({ loaded: false, issuer: result.issuer });
    expect({ orders: written.orders.length, actuals: written.actuals.length }).toEqual(before);
    expect(await ctx.store.listIssuers()).toHaveLength(1);
  });

  it('is deterministic for a given today', async () => {
    const a = await loaded(open);
    const b = await loaded(open);
    const shape = (w: Recorded) => [
      w.orders.map((o) => [o.reference, o.signedOn, o.schedule.map((l) => [l.date, l.amountMinor])]),
      w.actuals.map((x) => [x.reference, x.date, x.amountMinor]),
    ];
    expect(shape(b.written)).toEqual(shape(a.written));
    expect(b.utilisation.items.map((i) => i.percentUsed)).toEqual(
      a.utilisation.items.map((i) => i.percentUsed),
    );
  });

  it('loads only the agreement when today is before August 2025', async () => {
    const { written, utilisation } = await loaded(open, '2025-07-30');
    expect(written.orders).toEqual([]);
    expect(written.actuals).toEqual([]);
    expect(utilisation.items).toHaveLength(6);
  });

  it('is never refused, whatever today is: the whole plan fits every cap', async () => {
    const { written, utilisation } = await loaded(open, '2030-01-01');
    expect(written.orders).toHaveLength(demoPlan().length);
    expect(written.actuals).toHaveLength(demoPlan().length);
    for (const i of utilisation.items) {
      expect(Number(i.percentUsed)).toBeGreaterThan(50);
      expect(Number(i.percentUsed)).toBeLessThan(100);
    }
  });
});

describe('demoPlan', () => {
  it('dates orders on the 5th and invoices on the 25th of the same month, within the terms', () => {
    for (const line of demoPlan()) {
      expect(line.orderSignedOn).toBe(`${line.month}-05`);
      expect(line.invoiceDate).toBe(`${line.month}-25`);
      expect(line.orderSignedOn >= '2025-07-29').toBe(true);
      expect(line.invoiceDate <= (line.categoryKey === 'idc-services' ? '2028-07-28' : '2026-07-28')).toBe(
        true,
      );
      expect(line.amount).toMatch(/^\d+\.00$/);
    }
  });
});
