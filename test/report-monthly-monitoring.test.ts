/**
 * Issue 7, item 1: the monthly monitoring report, built from the demo data on both engines. The
 * figures are checked against independent reads (the ledger's actuals by day, GET /utilization's use
 * case, the demo plan, each order's stored comparison), not against the builder's own queries.
 */
import { expect, it } from 'vitest';
import { fixedClock } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { AppError } from '../src/app/errors.js';
import { getForecasts } from '../src/app/get-forecasts.js';
import { getUtilization } from '../src/app/get-utilization.js';
import { getOrder } from '../src/app/order-changes.js';
import type { Actor, Store } from '../src/app/ports.js';
import { buildMonthlyMonitoring } from '../src/app/reports/monthly-monitoring.js';
import { demoPlan } from '../src/demo/load-demo.js';
import { daysInMonth, makeDate, parseAmount, type CalendarDate } from '../src/domain/index.js';
import type { Bilingual, Cell, ReportDocument } from '../src/domain/reports/document.js';
import { describeEachEngine } from './support/engines.js';
import { loadedDemo, records, table } from './support/reports.js';

const TODAY = '2026-11-23';

const loaded = (open: () => Promise<Store>, today = TODAY) =>
  loadedDemo(open, today, 'finance-user', ['finance']);

const en = (c: Cell | undefined): string => {
  if (!c || c.kind !== 'text') throw new Error(`not a text cell: ${JSON.stringify(c, bigints)}`);
  return typeof c.text === 'string' ? c.text : c.text.en;
};
const date = (c: Cell | undefined): string => {
  if (!c || c.kind !== 'date') throw new Error('not a date cell');
  return c.date;
};
const money = (c: Cell | undefined): { minor: bigint; currency: string } => {
  if (!c || c.kind !== 'money') throw new Error('not a money cell');
  return { minor: c.minor, currency: c.currency };
};
const bigints = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

const minorOf = (amount: string): bigint => {
  const p = parseAmount(amount, 'CNY', 'amount');
  if (!p.ok) throw new Error(`bad amount ${amount}`);
  return p.value;
};

const monthEnd = (period: string): CalendarDate => {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return makeDate(y, m, daysInMonth(y, m));
};

/** Every Bilingual in the document, with where it is. */
function bilinguals(x: unknown, where = 'doc', out: [string, Bilingual][] = []): [string, Bilingual][] {
  if (typeof x !== 'object' || x === null) return out;
  const o = x as Record<string, unknown>;
  if (typeof o['en'] === 'string' && 'zh-Hant' in o) out.push([where, o as unknown as Bilingual]);
  else for (const [k, v] of Object.entries(o)) bilinguals(v, `${where}.${k}`, out);
  return out;
}

/** Labels the report writes itself (not the records' own names and messages). */
function labels(doc: ReportDocument): Bilingual[] {
  return [
    doc.title,
    doc.period.label,
    ...doc.sections.flatMap((s) => [
      s.heading,
      ...(s.paragraphs ?? []),
      ...(s.tables ?? []).flatMap((t) => [
        t.title,
        ...t.columns.map((c) => c.header),
        ...(t.notes ?? []),
        ...(t.totals ?? []).flatMap((row) =>
          row.flatMap((c) => (c?.kind === 'text' && typeof c.text !== 'string' ? [c.text] : [])),
        ),
      ]),
    ]),
  ];
}

const CODES = new Set(['RMB', 'CNY', 'HKD', 'USD', 'IDC']);

describeEachEngine('monthly monitoring report', (open) => {
  it('lists each of the six demo cap periods in the months it is in force, with its exact cap, month and to-date actuals', async () => {
    const { ctx, actor, store } = await loaded(open, '2030-01-01');
    const agreements = await store.listAgreements(actor.issuerId);
    const seen: [string, string, string, bigint][] = [];
    for (const period of ['2025-12', '2026-06', '2027-06', '2028-07']) {
      const doc = await buildMonthlyMonitoring(ctx, actor, period);
      const end = monthEnd(period);
      const utilisation = await getUtilization(ctx, actor, { asOf: end });
      for (const r of records(table(doc, 'utilisation'))) {
        const periodStart = date(r['period_start']);
        const item = utilisation.items.find(
          (i) => i.periodStart === periodStart && i.categoryNames.some((n) => n.en === en(r['category'])),
        );
        if (!item) throw new Error(`no cap period ${en(r['category'])} ${periodStart}`);
        const cap = agreements.flatMap((a) => a.caps).find((c) => c.id === item.capId);
        if (!cap) throw new Error('no cap');
        seen.push([period, item.categoryKeys.join(), periodStart, money(r['cap']).minor]);
        expect(money(r['cap'])).toEqual({ minor: minorOf(item.cap), currency: 'CNY' });
        // The month's actual: the ledger's actual amounts dated in the month, read independently.
        const month = (await store.actualsByDate(cap.id))
          .filter((d) => d.date.startsWith(period))
          .reduce((s, d) => s + d.minor, 0n);
        expect(money(r['actual_month']).minor).toBe(month);
        expect(money(r['actual_to_date']).minor).toBe(minorOf(item.actual));
        expect(money(r['committed']).minor).toBe(minorOf(item.committed));
        expect(money(r['headroom']).minor).toBe(minorOf(item.headroom));
        const used = r['percent_used'];
        expect(used).toEqual({
          kind: 'percent',
          numerator: minorOf(item.actual) + minorOf(item.committed),
          denominator: minorOf(item.cap),
          decimals: 1,
        });
      }
      // Totals per currency only, reconciling to the month's actuals.
      const t = table(doc, 'utilisation');
      const monthSum = t.rows.reduce((s, row) => s + money(row[5] ?? null).minor, 0n);
      expect(t.totals?.map((row) => money(row[5] ?? null))).toEqual([{ minor: monthSum, currency: 'CNY' }]);
    }
    expect(seen.map(([p, k, s, cap]) => [p, k, s, cap])).toEqual([
      ['2025-12', 'idc-services', '2025-07-29', 4_100_000_000n],
      ['2025-12', 'network-hardware', '2025-07-29', 3_350_000_000n],
      ['2026-06', 'idc-services', '2026-01-01', 8_200_000_000n],
      ['2026-06', 'network-hardware', '2026-01-01', 670_000_000n],
      ['2027-06', 'idc-services', '2027-01-01', 8_200_000_000n],
      ['2028-07', 'idc-services', '2028-01-01', 4_100_000_000n],
    ]);
  });

  it('shows October 2026 for the IDC FY2026 cap: RMB6.6 million in the month, RMB61.0 million to date', async () => {
    const { ctx, actor } = await loaded(open);
    const doc = await buildMonthlyMonitoring(ctx, actor, '2026-10');
    expect(doc).toMatchObject({
      kind: 'monthly-monitoring',
      title: {
        en: 'Monthly continuing connected transactions monitoring report',
        'zh-Hant': '持續關連交易每月監察報告',
      },
      period: {
        start: '2026-10-01',
        end: '2026-10-31',
        label: { en: 'October 2026', 'zh-Hant': '2026年10月' },
      },
      demo: true,
      issuer: { id: actor.issuerId },
    });
    expect(doc.sections.map((s) => s.key)).toEqual(['utilisation', 'threshold-events', 'forecast', 'orders']);
    const rows = records(table(doc, 'utilisation'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      cap: { kind: 'money', minor: 8_200_000_000n, currency: 'CNY' },
      actual_month: { kind: 'money', minor: 660_000_000n, currency: 'CNY' },
      actual_to_date: { kind: 'money', minor: 6_100_000_000n, currency: 'CNY' },
    });
  });

  it('lists exactly the orders signed in the month, each with its stored quote comparison', async () => {
    const { ctx, actor, store } = await loaded(open);
    for (const period of ['2026-06', '2026-11', '2025-09']) {
      const doc = await buildMonthlyMonitoring(ctx, actor, period);
      const rows = records(table(doc, 'orders'));
      const planned = demoPlan()
        .filter((l) => l.orderSignedOn.startsWith(period))
        .map((l) => l.orderReference)
        .sort();
      expect(rows.map((r) => en(r['reference'])).sort()).toEqual(planned);
      expect(planned.length).toBeGreaterThan(0);
      const stored = await store.listOrdersSigned(
        actor.issuerId,
        '2025-01-01' as CalendarDate,
        TODAY as CalendarDate,
      );
      for (const r of rows) {
        expect(date(r['signed_on']).startsWith(period)).toBe(true);
        const order = stored.find((o) => o.reference === en(r['reference']));
        if (!order) throw new Error('no order');
        const view = await getOrder(ctx, actor, order.id);
        const pricing = view.pricing as {
          currency: string;
          connectedQuote: { capAmount: string };
          bestIndependent: { capAmount: string };
          connectedMoreFavourable: boolean;
          exception: unknown;
        };
        expect(money(r['connected_quote'])).toEqual({
          minor: minorOf(pricing.connectedQuote.capAmount),
          currency: pricing.currency,
        });
        expect(money(r['best_independent_quote'])).toEqual({
          minor: minorOf(pricing.bestIndependent.capAmount),
          currency: pricing.currency,
        });
        expect(money(r['best_independent_quote']).minor).toBeGreaterThan(money(r['connected_quote']).minor);
        expect(en(r['connected_more_favourable'])).toBe(pricing.connectedMoreFavourable ? 'Yes' : 'No');
        expect(en(r['exception'])).toBe(pricing.exception === null ? 'No' : expect.stringContaining('Yes'));
        const planLine = demoPlan().find((l) => l.orderReference === order.reference);
        expect(money(r['amount'])).toEqual({ minor: minorOf(planLine?.amount ?? ''), currency: 'CNY' });
      }
    }
  });

  it('lists the alerts dated in the month: the hardware 80% threshold in June 2026, none in May', async () => {
    const { ctx, actor, store } = await loaded(open);
    const june = records(table(await buildMonthlyMonitoring(ctx, actor, '2026-06'), 'threshold-events'));
    const stored = (await store.listAlerts(actor.issuerId)).filter((a) => a.occurredOn.startsWith('2026-06'));
    expect(june).toHaveLength(stored.length);
    expect(june).toEqual([
      expect.objectContaining({
        date: { kind: 'date', date: '2026-06-25' },
        period_start: { kind: 'date', date: '2026-01-01' },
        period_end: { kind: 'date', date: '2026-07-28' },
        threshold: { kind: 'percent', numerator: 80n, denominator: 100n, decimals: 0 },
      }),
    ]);
    expect(en(june[0]?.['category'])).toBe('Network hardware equipment');
    expect(en(june[0]?.['message'])).toBe(stored[0]?.message.en);
    expect(records(table(await buildMonthlyMonitoring(ctx, actor, '2026-05'), 'threshold-events'))).toEqual(
      [],
    );
  });

  it('forecasts each active cap period as at the month end (today in the running month), as GET /forecasts does', async () => {
    const { ctx, actor } = await loaded(open);
    for (const [period, asOf] of [
      ['2026-10', '2026-10-31'],
      ['2026-11', TODAY],
    ] as const) {
      const doc = await buildMonthlyMonitoring(ctx, actor, period);
      const rows = records(table(doc, 'forecast'));
      const forecasts = await getForecasts(ctx, actor, { asOf });
      expect(rows.map((r) => [date(r['period_start']), en(r['exceeds_cap'])])).toEqual(
        forecasts.items.map((f) => [f.periodStart, f.exceedsCap ? 'Yes' : 'No']),
      );
      expect(rows.map((r) => money(r['projected']).minor)).toEqual(
        forecasts.items.map((f) => minorOf(f.projected)),
      );
      expect(rows.map((r) => r['reaches_80'])).toEqual(
        forecasts.items.map((f) => {
          const d = f.thresholds.find((t) => t.threshold === '80')?.reachedOn ?? null;
          return d === null ? null : { kind: 'date', date: d };
        }),
      );
    }
    // The running month says it is not over; the 2028 stub's illustrative run-rate exceeds its cap.
    const november = await buildMonthlyMonitoring(ctx, actor, '2026-11');
    expect(november.sections[0]?.paragraphs?.[0]?.en).toContain('23 November 2026');
    const rows = records(table(november, 'forecast'));
    expect(rows.map((r) => [date(r['period_start']), en(r['exceeds_cap'])])).toEqual([
      ['2026-01-01', 'No'],
      ['2027-01-01', 'No'],
      ['2028-01-01', 'Yes'],
    ]);
  });

  it('says everything in both languages, with no English in the Chinese labels', async () => {
    const { ctx, actor } = await loaded(open);
    for (const period of ['2026-06', '2026-11']) {
      const doc = await buildMonthlyMonitoring(ctx, actor, period);
      const all = bilinguals(doc);
      expect(all.length).toBeGreaterThan(50);
      for (const [where, b] of all) {
        expect(b.en.trim(), where).not.toBe('');
        expect(b['zh-Hant'].trim(), where).not.toBe('');
      }
      for (const b of labels(doc)) {
        const latin = (b['zh-Hant'].match(/[A-Za-z]+/g) ?? []).filter((w) => !CODES.has(w));
        expect(latin, b['zh-Hant']).toEqual([]);
      }
    }
  });

  it('is the same document when built twice, but for when it was generated', async () => {
    const { ctx, actor } = await loaded(open);
    const strip = (d: ReportDocument) => ({ ...d, generatedAt: '', knowledgeAt: '' });
    const a = await buildMonthlyMonitoring(ctx, actor, '2026-11');
    const later: AppContext = { ...ctx, clock: fixedClock(TODAY, `${TODAY}T09:30:00.000Z`) };
    const b = await buildMonthlyMonitoring(later, actor, '2026-11');
    expect(b.generatedAt).not.toBe(a.generatedAt);
    expect(strip(b)).toEqual(strip(a));
  });

  it('refuses the admin role alone, and a month that is malformed or not over yet', async () => {
    const { ctx, actor } = await loaded(open);
    const admin: Actor = { ...actor, roles: ['admin'] };
    await expect(buildMonthlyMonitoring(ctx, admin, '2026-11')).rejects.toMatchObject({ kind: 'forbidden' });
    for (const period of ['2026-13', '2026-1', '2026-12', 'November', '2026-00', '']) {
      const error: unknown = await buildMonthlyMonitoring(ctx, actor, period).catch((e: unknown) => e);
      expect(error, period).toBeInstanceOf(AppError);
      expect(error, period).toMatchObject({
        kind: 'invalid_input',
        details: { errors: [expect.objectContaining({ path: 'period' })] },
      });
    }
    // The current month may be reported on (to date).
    await expect(buildMonthlyMonitoring(ctx, actor, '2026-11')).resolves.toMatchObject({
      kind: 'monthly-monitoring',
    });
  });
});
