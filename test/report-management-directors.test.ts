/**
 * Issue 7, item 2: the monthly management report and the semi-annual directors' report (the seed's
 * reporting lines), built from the demo data on both engines. Figures are checked against
 * independent reads: GET /utilization's use case, the ledger's actuals by day, the store's breaches,
 * escalations and alerts.
 */
import { expect, it } from 'vitest';
import { putMonitoringPolicy } from '../src/app/alerts.js';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import type { AppContext } from '../src/app/context.js';
import { AppError } from '../src/app/errors.js';
import { decideEscalation, reviewEscalation } from '../src/app/escalations.js';
import { getUtilization } from '../src/app/get-utilization.js';
import type { Actor, Store } from '../src/app/ports.js';
import { postActual } from '../src/app/post-actual.js';
import { parseHalfYear, buildSemiAnnualDirectors } from '../src/app/reports/directors.js';
import { AVAILABLE_REPORT_KINDS, buildReport } from '../src/app/reports/index.js';
import { buildMonthlyManagement } from '../src/app/reports/management.js';
import { calendarDate, parseAmount } from '../src/domain/index.js';
import type { Bilingual, Cell, ReportDocument } from '../src/domain/reports/document.js';
import { describeEachEngine } from './support/engines.js';
import { loadedDemo, records, table } from './support/reports.js';

const TODAY = '2026-11-23';

const loaded = (open: () => Promise<Store>, today = TODAY) =>
  loadedDemo(open, today, 'operator', [...OPERATOR_ROLES]);

const en = (c: Cell | undefined): string => {
  if (!c || c.kind !== 'text') throw new Error('not a text cell');
  return typeof c.text === 'string' ? c.text : c.text.en;
};
const date = (c: Cell | undefined): string => {
  if (!c || c.kind !== 'date') throw new Error('not a date cell');
  return c.date;
};
const money = (c: Cell | undefined): bigint => {
  if (!c || c.kind !== 'money') throw new Error('not a money cell');
  return c.minor;
};
const minorOf = (amount: string): bigint => {
  const p = parseAmount(amount, 'CNY', 'amount');
  if (!p.ok) throw new Error(`bad amount ${amount}`);
  return p.value;
};

function bilinguals(x: unknown, where = 'doc', out: [string, Bilingual][] = []): [string, Bilingual][] {
  if (typeof x !== 'object' || x === null) return out;
  const o = x as Record<string, unknown>;
  if (typeof o['en'] === 'string' && 'zh-Hant' in o) out.push([where, o as unknown as Bilingual]);
  else for (const [k, v] of Object.entries(o)) bilinguals(v, `${where}.${k}`, out);
  return out;
}

function expectBothLanguages(doc: ReportDocument) {
  const all = bilinguals(doc);
  expect(all.length).toBeGreaterThan(20);
  for (const [where, b] of all) {
    expect(b.en.trim(), where).not.toBe('');
    expect(b['zh-Hant'].trim(), where).not.toBe('');
  }
}

/** Breaches the network hardware FY2026 cap: RMB7.0 million on 1 March 2026, over the RMB6.7 million cap. */
async function breachHardware(ctx: AppContext, actor: Actor, agreementId: string) {
  const r = await postActual(ctx, actor, {
    agreementId,
    categoryKey: 'network-hardware',
    date: '2026-03-01',
    amount: '7000000.00',
    currency: 'CNY',
    reference: 'INV-TEST-BREACH',
  });
  expect(r.body.breach).toMatchObject({ code: 'CAP_EXCEEDED' });
}

describeEachEngine('monthly management report', (open) => {
  it('draws one bar per cap period in force with its exact cap, actual and committed, as GET /utilization shows', async () => {
    const { ctx, actor } = await loaded(open);
    for (const period of ['2026-06', '2026-10', '2026-11']) {
      const doc = await buildMonthlyManagement(ctx, actor, period);
      expect(doc).toMatchObject({ kind: 'monthly-management', demo: true, issuer: { id: actor.issuerId } });
      const asOf = period === '2026-11' ? TODAY : period === '2026-06' ? '2026-06-30' : '2026-10-31';
      const utilisation = await getUtilization(ctx, actor, { asOf });
      const bars = doc.sections.flatMap((s) => s.bars ?? []);
      const inForce = utilisation.items.filter(
        (i) => i.periodStart <= asOf && i.periodEnd >= `${period}-01` && minorOf(i.cap) > 0n,
      );
      expect(bars).toHaveLength(period === '2026-06' ? 2 : 1);
      expect(bars).toHaveLength(inForce.length);
      for (const item of inForce) {
        const bar = bars.find(
          (b) => b.label.en.includes(item.periodStart) && b.label.en.includes(item.periodEnd),
        );
        if (!bar) throw new Error(`no bar for ${item.periodStart}`);
        expect(bar).toMatchObject({
          currency: 'CNY',
          capMinor: minorOf(item.cap),
          actualMinor: minorOf(item.actual),
          committedMinor: minorOf(item.committed),
          thresholdPercent: 80,
        });
      }
      // The utilisation table is the monthly monitoring one.
      expect(records(table(doc, 'utilisation'))).toHaveLength(bars.length);
    }
  });

  it("draws the issuer's own alert threshold and counts the cap periods at or above it", async () => {
    const { ctx, actor } = await loaded(open);
    const at80 = await buildMonthlyManagement(ctx, actor, '2026-06');
    // June 2026: hardware FY2026 has reached 80% of its cap on actual amounts; IDC FY2026 has not.
    expect(at80.sections[0]?.paragraphs?.[0]?.en).toContain(
      '2 cap periods in force; 1 at or above the 80% alert threshold',
    );
    await putMonitoringPolicy(ctx, actor, { thresholds: ['95'] });
    const at95 = await buildMonthlyManagement(ctx, actor, '2026-06');
    expect(at95.sections.flatMap((s) => s.bars ?? []).map((b) => b.thresholdPercent)).toEqual([95, 95]);
    const hardware = at95.sections.flatMap((s) => s.bars ?? []).find((b) => b.capMinor === 670_000_000n);
    const over95 = hardware !== undefined && hardware.actualMinor * 100n >= hardware.capMinor * 95n;
    expect(at95.sections[0]?.paragraphs?.[0]?.en).toContain(
      `2 cap periods in force; ${over95 ? 1 : 0} at or above the 95% alert threshold`,
    );
  });

  it('lists the unacknowledged alerts of the month and the open escalations, as the store holds them', async () => {
    const { ctx, actor, store, agreementId } = await loaded(open);
    const june = await buildMonthlyManagement(ctx, actor, '2026-06');
    const stored = (await store.listAlerts(actor.issuerId, { unacknowledged: true })).filter((a) =>
      a.occurredOn.startsWith('2026-06'),
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(records(table(june, 'alerts-to-acknowledge')).map((r) => en(r['message']))).toEqual(
      stored.map((a) => a.message.en),
    );
    // No breach in the demo; one recorded in March shows in March's summary.
    expect(june.sections[0]?.paragraphs?.[0]?.en).toContain('No breach');
    await breachHardware(ctx, actor, agreementId);
    const march = await buildMonthlyManagement(ctx, actor, '2026-03');
    expect(march.sections[0]?.paragraphs?.[0]?.en).toContain('1 breach was recorded in the month');
    expect(march.sections[0]?.paragraphs?.[0]?.['zh-Hant']).toContain('本月錄得1宗違規');

    // The demo's forecast run escalated the 2028 stub cap today: open in November, not in October.
    const pending = (await store.listEscalations(actor.issuerId)).filter((e) => e.status !== 'decided');
    expect(pending.length).toBeGreaterThan(0);
    const november = await buildMonthlyManagement(ctx, actor, '2026-11');
    const rows = records(table(november, 'escalations-open'));
    expect(rows.map((r) => [date(r['period_start']), date(r['period_end'])])).toEqual(
      pending.map((e) => [e.periodStart, e.periodEnd]),
    );
    expect(rows.map((r) => en(r['status']))).toEqual(
      pending.map(() => 'Raised, awaiting senior management review'),
    );
    expect(november.sections[0]?.paragraphs?.[0]?.en).toContain('forecast to be insufficient (IDC');
    expect(records(table(await buildMonthlyManagement(ctx, actor, '2026-10'), 'escalations-open'))).toEqual(
      [],
    );
    // Decided escalations are no longer open.
    for (const e of pending) {
      await reviewEscalation(ctx, actor, e.id, { notes: 'reviewed' });
      await decideEscalation(ctx, actor, e.id, {
        decision: 'no-action',
        reason: 'Illustrative run-rate only',
      });
    }
    expect(records(table(await buildMonthlyManagement(ctx, actor, '2026-11'), 'escalations-open'))).toEqual(
      [],
    );
  });

  it('says everything in both languages', async () => {
    const { ctx, actor } = await loaded(open);
    for (const period of ['2026-06', '2026-11'])
      expectBothLanguages(await buildMonthlyManagement(ctx, actor, period));
  });

  it('refuses the admin role alone, and a month that is malformed or not over yet', async () => {
    const { ctx, actor } = await loaded(open);
    await expect(
      buildMonthlyManagement(ctx, { ...actor, roles: ['admin'] }, '2026-11'),
    ).rejects.toMatchObject({
      kind: 'forbidden',
    });
    for (const period of ['2026-13', '2026-12', 'November', '']) {
      await expect(buildMonthlyManagement(ctx, actor, period), period).rejects.toMatchObject({
        kind: 'invalid_input',
        details: { errors: [expect.objectContaining({ path: 'period' })] },
      });
    }
    expect(AVAILABLE_REPORT_KINDS).toEqual(
      expect.arrayContaining(['monthly-management', 'semi-annual-directors']),
    );
    await expect(buildReport(ctx, actor, 'monthly-management', { period: '2026-10' })).resolves.toMatchObject(
      {
        kind: 'monthly-management',
      },
    );
  });
});

describeEachEngine("semi-annual directors' report", (open) => {
  it('gives the 2026 H1 actual per cap period as the ledger sum over January to June, with bars', async () => {
    const { ctx, actor, store } = await loaded(open);
    const doc = await buildSemiAnnualDirectors(ctx, actor, '2026-H1');
    expect(doc).toMatchObject({
      kind: 'semi-annual-directors',
      period: {
        start: '2026-01-01',
        end: '2026-06-30',
        label: { en: 'six months ended 30 June 2026', 'zh-Hant': '截至二零二六年六月三十日止六個月' },
      },
    });
    const agreements = await store.listAgreements(actor.issuerId);
    const rows = records(table(doc, 'caps'));
    expect(rows.map((r) => [en(r['category']), date(r['period_start'])])).toEqual([
      ['IDC services', '2026-01-01'],
      ['Network hardware equipment', '2026-01-01'],
    ]);
    const utilisation = await getUtilization(ctx, actor, { asOf: '2026-06-30' });
    for (const r of rows) {
      const item = utilisation.items.find(
        (i) =>
          i.periodStart === date(r['period_start']) &&
          i.categoryNames.some((n) => n.en === en(r['category'])),
      );
      if (!item) throw new Error('no cap period');
      const cap = agreements.flatMap((a) => a.caps).find((c) => c.id === item.capId);
      if (!cap) throw new Error('no cap');
      const half = (await store.actualsByDate(cap.id))
        .filter((d) => d.date >= '2026-01-01' && d.date <= '2026-06-30')
        .reduce((s, d) => s + d.minor, 0n);
      expect(half).toBeGreaterThan(0n);
      expect(money(r['actual_half'])).toBe(half);
      expect(money(r['cap'])).toBe(minorOf(item.cap));
      expect(money(r['actual_to_date'])).toBe(minorOf(item.actual));
      expect(money(r['committed'])).toBe(minorOf(item.committed));
      expect(money(r['headroom'])).toBe(minorOf(item.headroom));
    }
    const bars = doc.sections.flatMap((s) => s.bars ?? []);
    expect(bars.map((b) => b.capMinor)).toEqual([8_200_000_000n, 670_000_000n]);
    expectBothLanguages(doc);
  });

  it('lists the breaches and escalations of the half-year as the store holds them, with the board decisions', async () => {
    const { ctx, actor, store, agreementId } = await loaded(open);
    const before = await buildSemiAnnualDirectors(ctx, actor, '2026-H1');
    expect(records(table(before, 'breaches'))).toEqual([]);
    expect(before.sections.find((s) => s.key === 'breaches')?.paragraphs?.[0]?.en).toContain('No breach');
    await breachHardware(ctx, actor, agreementId);
    const h1 = await buildSemiAnnualDirectors(ctx, actor, '2026-H1');
    const breaches = (await store.listBreaches(actor.issuerId)).filter((b) =>
      b.occurredOn.startsWith('2026-0'),
    );
    expect(breaches).toHaveLength(1);
    expect(
      records(table(h1, 'breaches')).map((r) => [date(r['date']), en(r['kind']), money(r['excess'])]),
    ).toEqual(breaches.map((b) => [b.occurredOn, 'Annual cap exceeded', b.excessMinor]));
    // The half-year's actual includes the breaching invoice.
    const hardware = records(table(h1, 'caps')).find(
      (r) => en(r['category']) === 'Network hardware equipment',
    );
    expect(money(hardware?.['actual_half'])).toBe(
      money(
        records(table(before, 'caps')).find((r) => en(r['category']) === 'Network hardware equipment')?.[
          'actual_half'
        ],
      ) + 700_000_000n,
    );
    // H1 had no escalation; the one raised today is in H2, decided by the board.
    expect(records(table(h1, 'escalations'))).toEqual([]);
    const escalations = await store.listEscalations(actor.issuerId);
    expect(escalations.length).toBeGreaterThan(0);
    for (const e of escalations) {
      await reviewEscalation(ctx, actor, e.id, { notes: 'reviewed' });
      await decideEscalation(ctx, actor, e.id, {
        decision: 'no-action',
        reason: 'Illustrative run-rate only',
      });
    }
    const h2 = await buildSemiAnnualDirectors(ctx, actor, '2026-H2');
    expect(h2.period).toMatchObject({ start: '2026-07-01', end: '2026-12-31' });
    expect(h2.period.label.en).toBe('six months ending 31 December 2026');
    const rows = records(table(h2, 'escalations'));
    expect(
      rows.map((r) => [date(r['period_start']), en(r['decision']), date(r['decided_on']), en(r['reason'])]),
    ).toEqual(escalations.map((e) => [e.periodStart, 'No action', TODAY, 'Illustrative run-rate only']));
    expectBothLanguages(h2);
  });

  it('counts the half-year orders against the pricing policy', async () => {
    const { ctx, actor, store } = await loaded(open);
    const doc = await buildSemiAnnualDirectors(ctx, actor, '2026-H1');
    const orders = await store.listOrdersSigned(
      actor.issuerId,
      calendarDate('2026-01-01'),
      calendarDate('2026-06-30'),
    );
    expect(orders.length).toBeGreaterThan(0);
    const enough = orders.filter((o) => {
      const p = o.pricing as { countedQuotes: number; policy: { minIndependentQuotes: number } } | null;
      return p !== null && p.countedQuotes >= p.policy.minIndependentQuotes;
    }).length;
    const paragraph = doc.sections.find((s) => s.key === 'pricing')?.paragraphs?.[0];
    expect(paragraph?.en).toContain(
      `${orders.length} orders were signed in the six months ended 30 June 2026; ${enough} with at least`,
    );
    expect(paragraph?.['zh-Hant']).toContain(`共簽訂${orders.length}份訂單`);
    expect(records(table(doc, 'pricing-exceptions'))).toHaveLength(orders.length - enough);
  });

  it('names the halves of a financial year by its end year', () => {
    const today = calendarDate('2026-11-23');
    expect(parseHalfYear('2026-H1', '12-31', today)).toMatchObject({
      start: '2026-01-01',
      end: '2026-06-30',
    });
    expect(parseHalfYear('2026-H1', '03-31', today)).toMatchObject({
      start: '2025-04-01',
      end: '2025-09-30',
    });
    expect(parseHalfYear('2026-H2', '03-31', today)).toMatchObject({
      start: '2025-10-01',
      end: '2026-03-31',
      label: { en: 'six months ended 31 March 2026', 'zh-Hant': '截至二零二六年三月三十一日止六個月' },
    });
    expect(parseHalfYear('2027-H1', '06-30', today)).toMatchObject({
      start: '2026-07-01',
      end: '2026-12-31',
    });
  });

  it('refuses the admin role alone, and a half-year that is malformed or not started', async () => {
    const { ctx, actor } = await loaded(open);
    await expect(
      buildSemiAnnualDirectors(ctx, { ...actor, roles: ['admin'] }, '2026-H1'),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    for (const period of ['2026-H3', '2027-H1', '2026H1', '2026-06', '']) {
      const error: unknown = await buildSemiAnnualDirectors(ctx, actor, period).catch((e: unknown) => e);
      expect(error, period).toBeInstanceOf(AppError);
      expect(error, period).toMatchObject({
        kind: 'invalid_input',
        details: { errors: [expect.objectContaining({ path: 'period' })] },
      });
    }
    await expect(
      buildReport(ctx, actor, 'semi-annual-directors', { period: '2026-H2' }),
    ).resolves.toMatchObject({
      kind: 'semi-annual-directors',
    });
  });
});
