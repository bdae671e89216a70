/**
 * Issue 7, item 3: the INEDs' annual review pack (Rule 14A.55), built from the demo on both engines.
 * Its figures are checked against independent reads of the store: the caps as recorded, the actual
 * amounts by day (actualsByDate, not the ledger read the pack uses), the orders signed in the year
 * with their stored quote comparisons. Then the sign-off as the pack shows it, the limb wording per
 * year, and what an interested director (Rule 13.44) is not shown.
 */
import { expect, it } from 'vitest';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import type { AppContext } from '../src/app/context.js';
import { AppError } from '../src/app/errors.js';
import { signOffInedReview } from '../src/app/ined-sign-off.js';
import type { Actor, AgreementRecord, OrderRecord, Store } from '../src/app/ports.js';
import { buildInedReview } from '../src/app/reports/ined-review.js';
import { AVAILABLE_REPORT_KINDS, buildReport } from '../src/app/reports/index.js';
import { addUser } from '../src/app/users.js';
import { capAmountInForce } from '../src/app/views.js';
import { calendarDate, parseMoney } from '../src/domain/index.js';
import type { Bilingual, Cell, ReportDocument } from '../src/domain/reports/document.js';
import { describeEachEngine } from './support/engines.js';
import { TEST_PASSWORD } from './support/http.js';
import { loadedDemo, records, table } from './support/reports.js';

const TODAY = '2026-11-23';

const loaded = (open: () => Promise<Store>) =>
  loadedDemo(open, TODAY, 'operator', [...OPERATOR_ROLES], { annualReview: false });

const text = (c: Cell | undefined, lang: 'en' | 'zh-Hant' = 'en'): string => {
  if (!c || c.kind !== 'text') throw new Error(`not a text cell: ${JSON.stringify(c)}`);
  return typeof c.text === 'string' ? c.text : c.text[lang];
};
const date = (c: Cell | undefined): string => {
  if (!c || c.kind !== 'date') throw new Error('not a date cell');
  return c.date;
};
const money = (c: Cell | undefined): bigint => {
  if (!c || c.kind !== 'money') throw new Error(`not a money cell: ${JSON.stringify(c)}`);
  return c.minor;
};
const count = (c: Cell | undefined): number => {
  if (!c || c.kind !== 'count') throw new Error('not a count cell');
  return c.value;
};

function bilinguals(x: unknown, where = 'doc', out: [string, Bilingual][] = []): [string, Bilingual][] {
  if (typeof x !== 'object' || x === null) return out;
  const o = x as Record<string, unknown>;
  if (typeof o['en'] === 'string' && 'zh-Hant' in o) out.push([where, o as unknown as Bilingual]);
  else for (const [k, v] of Object.entries(o)) bilinguals(v, `${where}.${k}`, out);
  return out;
}

/** Every text in both languages, and no English prose in the Chinese headings and paragraphs. */
function expectBothLanguages(doc: ReportDocument) {
  const all = bilinguals(doc);
  expect(all.length).toBeGreaterThan(100);
  for (const [where, b] of all) {
    expect(b.en.trim(), where).not.toBe('');
    expect(b['zh-Hant'].trim(), where).not.toBe('');
  }
  for (const s of doc.sections)
    for (const t of [s.heading, ...(s.paragraphs ?? [])])
      expect(t['zh-Hant'], `${s.key}: ${t['zh-Hant']}`).not.toMatch(/\b(the|and|of|was|were|is|are)\b/i);
}

/** A comparison amount as stored with the order, in minor units. */
const stored = (o: OrderRecord, quote: 'connectedQuote' | 'bestIndependent'): bigint | null => {
  const p = o.pricing as Record<string, Record<string, unknown> | string | null> | null;
  const q = p?.[quote];
  if (!p || !q || typeof q !== 'object') return null;
  const m = parseMoney(q['capAmount'], p['currency'], { amount: 'a', currency: 'c' });
  return m.ok ? m.value.minor : null;
};

/** The actual amounts of the cap dated from `from` to `to`, by an independent read of the store. */
async function actualBetween(store: Store, capId: string, from: string, to: string): Promise<bigint> {
  return (await store.actualsByDate(capId))
    .filter((d) => d.date >= from && d.date <= to)
    .reduce((s, d) => s + d.minor, 0n);
}

/** A user holding the role ined at the issuer (optionally the register person `personId`). */
async function ined(ctx: AppContext, issuerId: string, name: string, personId?: string): Promise<Actor> {
  const added = await addUser(ctx, 'test-setup', {
    email: `${name.toLowerCase().replace(/\W+/g, '.')}@ined.test`,
    password: TEST_PASSWORD,
    issuerId,
    role: 'ined',
    name,
    ...(personId === undefined ? {} : { personId }),
  });
  return { userId: added.user.id, issuerId, roles: ['ined'] };
}

const ALL_CONFIRMED = [
  'ordinary-course',
  'normal-commercial-terms',
  'per-agreement-fair-reasonable',
  'shareholders-interests',
].map((limb) => ({ limb, outcome: 'confirmed' }));

describeEachEngine('INED annual review pack', (open) => {
  it.each([
    ['2025', '2025-01-01', '2025-12-31', '2025-12-31', 'year ended 31 December 2025'],
    ['2026', '2026-01-01', '2026-12-31', TODAY, 'year ending 31 December 2026'],
  ])(
    'FY%s: lists every CCT of the year with its caps and the actual amounts the ledger holds',
    async (year, start, end, asOf, label) => {
      const { ctx, actor, store } = await loaded(open);
      const doc = await buildInedReview(ctx, actor, year);
      expect(doc).toMatchObject({ kind: 'ined-review', period: { start, end, label: { en: label } } });
      const agreements = await store.listAgreements(actor.issuerId);
      const [agreement] = agreements as [AgreementRecord];
      expect(records(table(doc, 'ccts')).map((r) => text(r['category']))).toEqual(
        agreement.categories.map((c) => c.name.en),
      );
      const caps = agreement.caps.filter((c) => c.periodStart <= end && c.periodEnd >= start);
      expect(caps).toHaveLength(2);
      const rows = records(table(doc, 'caps'));
      expect(rows.map((r) => [date(r['period_start']), date(r['period_end'])])).toEqual(
        caps.map((c) => [c.periodStart, c.periodEnd]),
      );
      for (const [i, c] of caps.entries()) {
        const r = rows[i] ?? {};
        const capAsOf = c.periodEnd < asOf ? c.periodEnd : asOf;
        const from = c.periodStart > start ? c.periodStart : start;
        const actual = await actualBetween(store, c.id, from, capAsOf);
        expect(actual).toBeGreaterThan(0n);
        expect(money(r['cap'])).toBe(capAmountInForce(c, calendarDate(capAsOf)));
        expect(money(r['actual_year'])).toBe(actual);
        expect(money(r['actual_period'])).toBe(await actualBetween(store, c.id, c.periodStart, capAsOf));
        expect(money(r['headroom'])).toBe(money(r['cap']) - money(r['actual_period']));
        expect(r['percent_used']).toMatchObject({
          numerator: money(r['actual_period']),
          denominator: money(r['cap']),
        });
        expect(text(r['exceeded'])).toBe('No');
      }
      // FY2025's caps are the 2025 stub periods: RMB41.0 million and RMB33.5 million.
      if (year === '2025') expect(rows.map((r) => money(r['cap']))).toEqual([4_100_000_000n, 3_350_000_000n]);
      expectBothLanguages(doc);
    },
  );

  it('gives the limbs’ evidence: the orders of the year with their stored quotations, the counts and the price advantage', async () => {
    const { ctx, actor, store } = await loaded(open);
    for (const [year, from, to] of [
      ['2025', '2025-01-01', '2025-12-31'],
      ['2026', '2026-01-01', '2026-12-31'],
    ] as const) {
      const doc = await buildInedReview(ctx, actor, year);
      const orders = await store.listOrdersSigned(actor.issuerId, calendarDate(from), calendarDate(to));
      expect(orders.length).toBeGreaterThan(5);
      const rows = records(table(doc, 'pricing-orders'));
      expect(rows.map((r) => text(r['reference']))).toEqual(orders.map((o) => o.reference));
      for (const [i, o] of orders.entries()) {
        const r = rows[i] ?? {};
        expect(money(r['amount'])).toBe(o.schedule.reduce((s, l) => s + l.amountMinor, 0n));
        expect(money(r['connected_quote'])).toBe(stored(o, 'connectedQuote'));
        expect(money(r['best_independent_quote'])).toBe(stored(o, 'bestIndependent'));
        expect(count(r['counted_quotes'])).toBe((o.pricing as { countedQuotes: number }).countedQuotes);
        expect(text(r['connected_more_favourable'])).toBe('Yes');
      }
      expect(money(table(doc, 'pricing-orders').totals?.[0]?.[4])).toBe(
        orders.reduce((s, o) => s + o.schedule.reduce((x, l) => x + l.amountMinor, 0n), 0n),
      );
      const [advantage] = records(table(doc, 'price-advantage'));
      const connected = orders.reduce((s, o) => s + (stored(o, 'connectedQuote') ?? 0n), 0n);
      const best = orders.reduce((s, o) => s + (stored(o, 'bestIndependent') ?? 0n), 0n);
      expect(count(advantage?.['orders'])).toBe(orders.length);
      expect(money(advantage?.['connected_total'])).toBe(connected);
      expect(money(advantage?.['best_total'])).toBe(best);
      expect(money(advantage?.['advantage'])).toBe(best - connected);
      expect(best - connected).toBeGreaterThan(0n);
      // Every demo order had its two quotations: none departs from the policy.
      expect(records(table(doc, 'pricing-exceptions'))).toEqual([]);
      const limb2 = doc.sections.find((s) => s.key === 'limb-normal-commercial-terms');
      expect(limb2?.heading.en).toBe(
        'Limb (ii): Normal commercial terms or better (Rule 14A.55(2) of the Listing Rules)',
      );
      expect(limb2?.paragraphs?.map((p) => p.en).join(' ')).toContain(
        `${orders.length} orders were signed in the year`,
      );
      // The board resolution of 29 July 2025, with Lei Jun and Zhang Duo abstaining, counts as approval.
      const [approval] = records(table(doc, 'board-approvals'));
      expect(date(approval?.['meeting_date'])).toBe('2025-07-29');
      expect(text(approval?.['abstained'])).toBe('Lei Jun, Zhang Duo');
      expect(text(approval?.['approved'])).toBe('Yes');
      // The connected person's price list to independent customers (agreement evidence).
      expect(records(table(doc, 'third-party-terms'))).toHaveLength(1);
    }
  });

  it("has the issuer's limb wording for the year: the seed's four by default, three when recorded so", async () => {
    const { ctx, actor, store } = await loaded(open);
    const limbsOf = (doc: ReportDocument) =>
      doc.sections.filter((s) => s.key.startsWith('limb-')).map((s) => s.key);
    expect(limbsOf(await buildInedReview(ctx, actor, '2025'))).toEqual([
      'limb-ordinary-course',
      'limb-normal-commercial-terms',
      'limb-per-agreement-fair-reasonable',
      'limb-shareholders-interests',
    ]);
    await store.transaction(async (tx) => {
      await tx.putAnnualReviewSettings({
        issuerId: actor.issuerId,
        financialYear: '2025',
        limbWording: 'three',
        bulkPrintDate: null,
        recordedAt: ctx.clock.now(),
        recordedBy: 'test',
      });
      return { commit: true, value: null };
    });
    const three = await buildInedReview(ctx, actor, '2025');
    expect(limbsOf(three)).toEqual([
      'limb-ordinary-course',
      'limb-normal-commercial-terms',
      'limb-per-agreement-fair-reasonable-interests',
    ]);
    // The third limb of the three carries the evidence of both halves.
    const third = three.sections.find((s) => s.key === 'limb-per-agreement-fair-reasonable-interests');
    expect(third?.tables?.map((t) => t.key)).toEqual([
      'cap-revisions',
      'material-changes',
      'price-advantage',
    ]);
    expect(three.sections[0]?.paragraphs?.[2]?.en).toContain('; and (iii) according to the agreements');
    // FY2026 has no wording recorded: four limbs.
    expect(limbsOf(await buildInedReview(ctx, actor, '2026'))).toHaveLength(4);
    expectBothLanguages(three);
  });

  it('shows each INED × limb: awaiting, then the outcome signed, with the 14A.59 task a qualification opened', async () => {
    const { ctx, actor, store } = await loaded(open);
    const yu = await ined(ctx, actor.issuerId, 'Yu Mingto');
    await ined(ctx, actor.issuerId, 'Wang Hang');
    const before = records(table(await buildInedReview(ctx, actor, '2025'), 'sign-offs'));
    expect(before).toHaveLength(2 * 4);
    expect(new Set(before.map((r) => text(r['outcome'])))).toEqual(new Set(['Awaiting sign-off']));

    const signed = await signOffInedReview(ctx, yu, '2025', {
      signedName: 'Yu Mingto',
      limbs: [
        ...ALL_CONFIRMED.filter((l) => l.limb !== 'normal-commercial-terms'),
        {
          limb: 'normal-commercial-terms',
          outcome: 'qualified',
          qualification: 'Two hardware orders had only one independent quotation on file.',
        },
      ],
    });
    expect(signed.tasks).toHaveLength(1);
    expect(signed.tasks[0]).toMatchObject({ rule: '14A.59', source: 'ined-sign-off', sourceId: signed.id });
    expect(await store.listFollowUpTasks(actor.issuerId, { financialYear: '2025' })).toHaveLength(1);

    const doc = await buildInedReview(ctx, actor, '2025');
    const rows = records(table(doc, 'sign-offs'));
    const mine = rows.filter((r) => text(r['ined']) === 'Yu Mingto');
    expect(mine.map((r) => [text(r['limb']), text(r['outcome'])])).toEqual([
      ['(i) Ordinary and usual course of business', 'Confirmed'],
      ['(ii) Normal commercial terms or better', 'Qualified'],
      ['(iii) Per the agreement, fair and reasonable', 'Confirmed'],
      ['(iv) In the interests of the Company and its shareholders as a whole', 'Confirmed'],
    ]);
    expect(text(mine[1]?.['qualification'])).toBe(
      'Two hardware orders had only one independent quotation on file.',
    );
    expect(text(mine[1]?.['task'])).toMatch(
      /^Open: Notify the Exchange and publish an announcement: Yu Mingto/,
    );
    expect(date(mine[0]?.['signed_on'])).toBe(TODAY);
    expect(rows.filter((r) => text(r['ined']) === 'Wang Hang').map((r) => text(r['outcome']))).toEqual(
      Array(4).fill('Awaiting sign-off'),
    );
    // The open task is an open issue of the pack too.
    expect(records(table(doc, 'open-tasks')).map((r) => text(r['detail']))).toEqual([
      'Two hardware orders had only one independent quotation on file.',
    ]);
    expect(doc.sections.find((s) => s.key === 'sign-off')?.paragraphs?.[0]?.en).toContain(
      '1 INED has signed off the year ended 31 December 2025, 1 with a qualification',
    );
    expectBothLanguages(doc);
  });

  it('withholds the quotations and evidence from a director who must abstain on the agreement (Rule 13.44)', async () => {
    const { ctx, actor } = await loaded(open);
    // Lei Jun is a director and shareholder of Xiaomi, the counterparty (the demo register).
    const leiJun = {
      ...(await ined(ctx, actor.issuerId, 'Lei Jun', 'lei-jun')),
      roles: ['director' as const],
    };
    const doc = await buildInedReview(ctx, leiJun, '2025');
    const orders = records(table(doc, 'pricing-orders'));
    expect(orders.length).toBeGreaterThan(0);
    for (const r of orders) {
      expect(r['connected_quote']).toBeNull();
      expect(r['best_independent_quote']).toBeNull();
      expect(money(r['amount'])).toBeGreaterThan(0n);
    }
    expect(records(table(doc, 'price-advantage'))).toEqual([]);
    // The caps and actual amounts are ledger views: not withheld.
    expect(records(table(doc, 'caps')).every((r) => money(r['actual_year']) > 0n)).toBe(true);
    // A director does not read evidence at all; the INED role does, but not this agreement's.
    expect(() => table(doc, 'third-party-terms')).toThrow();
    const asIned = await buildInedReview(ctx, { ...leiJun, roles: ['ined'] }, '2025');
    expect(records(table(asIned, 'third-party-terms'))).toEqual([]);
    // And as an INED who must abstain on every CCT of the year, there is nothing to sign off.
    const refused: unknown = await signOffInedReview(ctx, { ...leiJun, roles: ['ined'] }, '2025', {
      signedName: 'Lei Jun',
      limbs: ALL_CONFIRMED,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ kind: 'forbidden', details: { code: 'RECUSED' } });
  });

  it('refuses the admin role alone and a year that is malformed or not started; the kind is listed', async () => {
    const { ctx, actor } = await loaded(open);
    await expect(buildInedReview(ctx, { ...actor, roles: ['admin'] }, '2025')).rejects.toMatchObject({
      kind: 'forbidden',
    });
    for (const period of ['2027', '25', '2025-H1', 'FY2025', '']) {
      await expect(buildInedReview(ctx, actor, period), period).rejects.toMatchObject({
        kind: 'invalid_input',
        details: { errors: [expect.objectContaining({ path: 'period' })] },
      });
    }
    expect(AVAILABLE_REPORT_KINDS).toContain('ined-review');
    await expect(buildReport(ctx, actor, 'ined-review', { period: '2025' })).resolves.toMatchObject({
      kind: 'ined-review',
    });
    // FY2024 ended before the agreement was signed: no CCT, an empty pack.
    expect(records(table(await buildInedReview(ctx, actor, '2024'), 'ccts'))).toEqual([]);
  });
});
