/**
 * Issue 7, item 4: the auditor's schedule on the demo's FY2025 and FY2026, on both engines. The
 * acceptance: it lists every cap period of every CCT overlapping the year with "Cap exceeded: Yes/No"
 * matching the ledger — also after actual amounts exceed a cap. The sample is reproducible from its
 * printed seed and changes with the data only as documented (a new posting changes it by at most
 * itself). The other sections are checked against independent reads of the store.
 */
import { expect, it } from 'vitest';
import { fixedClock } from '../src/adapters/system.js';
import { putAnnualReviewSettings, recordAuditorLetter } from '../src/app/auditor-letter.js';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import type { AppContext } from '../src/app/context.js';
import { AppError } from '../src/app/errors.js';
import type { Actor, AgreementRecord, Store } from '../src/app/ports.js';
import { postActual } from '../src/app/post-actual.js';
import { reverseActual } from '../src/app/reverse-actual.js';
import { buildAuditorSchedule, SAMPLE_SIZE } from '../src/app/reports/auditor-schedule.js';
import { AVAILABLE_REPORT_KINDS, buildReport } from '../src/app/reports/index.js';
import { capAmountInForce } from '../src/app/views.js';
import { minDate, type CalendarDate } from '../src/domain/index.js';
import type { Bilingual, Cell, ReportDocument } from '../src/domain/reports/document.js';
import { defaultSampleSeed, drawSample, formatSeed, parseSeed } from '../src/domain/review/sample.js';
import { renderReportFiles } from '../src/reports/index.js';
import { describeEachEngine } from './support/engines.js';
import { loadedDemo, records, table } from './support/reports.js';

const TODAY = '2026-11-23';
const YEARS = {
  '2025': { start: '2025-01-01', end: '2025-12-31' },
  '2026': { start: '2026-01-01', end: '2026-12-31' },
} as const;

const loaded = (open: () => Promise<Store>, today = TODAY) =>
  loadedDemo(open, today, 'auditor-user', ['auditor'], { annualReview: false });

const en = (c: Cell | undefined): string => {
  if (!c || c.kind !== 'text') throw new Error(`not a text cell: ${JSON.stringify(c)}`);
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

/**
 * What the ledger says of every cap period overlapping the year, read independently of the schedule:
 * the utilisation as at the period end (or today) against the cap in force then, and the breaches.
 */
async function expectedCaps(store: Store, issuerId: string, year: keyof typeof YEARS, today: CalendarDate) {
  const fy = YEARS[year];
  const agreements: AgreementRecord[] = await store.listAgreements(issuerId);
  const breaches = await store.listBreaches(issuerId);
  const out: { start: string; end: string; exceeded: string; breaches: number }[] = [];
  for (const a of agreements)
    for (const c of a.caps.filter((x) => x.periodStart <= fy.end && x.periodEnd >= fy.start)) {
      const asOf = minDate(c.periodEnd, today);
      const [u] = await store.utilisation([c.id], asOf);
      const n = breaches.filter((b) => b.capId === c.id && b.code === 'CAP_EXCEEDED').length;
      const exceeded = (u?.actualMinor ?? 0n) > capAmountInForce(c, asOf) || n > 0;
      out.push({ start: c.periodStart, end: c.periodEnd, exceeded: exceeded ? 'Yes' : 'No', breaches: n });
    }
  return out.sort((x, y) => x.start.localeCompare(y.start) || x.end.localeCompare(y.end));
}

const capRows = (doc: ReportDocument) =>
  records(table(doc, 'caps'))
    .map((r) => ({
      start: date(r['period_start']),
      end: date(r['period_end']),
      exceeded: en(r['exceeded']),
      breaches: count(r['breaches']),
    }))
    .sort((x, y) => x.start.localeCompare(y.start) || x.end.localeCompare(y.end));

const sampleKeys = (doc: ReportDocument, key: 'sample-orders' | 'sample-postings') =>
  records(table(doc, key)).map((r) => en(r['key']));

describeEachEngine("the auditor's schedule (issue 7 item 4)", (open) => {
  it.each(['2025', '2026'] as const)(
    'FY%s lists every cap period of every CCT with "Cap exceeded" matching the ledger',
    async (year) => {
      const { ctx, actor, store } = await loaded(open);
      const doc = await buildAuditorSchedule(ctx, actor, { period: year });
      expect(doc).toMatchObject({
        kind: 'auditor-schedule',
        demo: true,
        period: { start: YEARS[year].start, end: YEARS[year].end },
      });
      const expected = await expectedCaps(store, actor.issuerId, year, TODAY as CalendarDate);
      expect(expected).toHaveLength(2);
      expect(capRows(doc)).toEqual(expected);
      expect(capRows(doc).every((r) => r.exceeded === 'No')).toBe(true);
      // The actual in the year reconciles to the ledger: the utilisation at the year's as-at day.
      for (const r of records(table(doc, 'caps'))) {
        const actual = money(r['actual_to_date']);
        expect(money(r['headroom'])).toBe(money(r['cap']) - actual);
        expect(money(r['actual_in_year'])).toBe(actual);
      }
    },
  );

  it('shows "Yes" once actual amounts exceed a cap, with the breach recorded', async () => {
    const { ctx, actor, store, agreementId } = await loaded(open);
    const finance: Actor = { ...actor, roles: OPERATOR_ROLES };
    // RMB7.0 million of hardware on 1 March 2026, over the RMB6.7 million 2026 cap.
    const r = await postActual(ctx, finance, {
      agreementId,
      categoryKey: 'network-hardware',
      date: '2026-03-01',
      amount: '7000000.00',
      currency: 'CNY',
      reference: 'INV-TEST-OVER-CAP',
    });
    expect(r.body.breach).toMatchObject({ code: 'CAP_EXCEEDED' });
    const fy2026 = await buildAuditorSchedule(ctx, actor, { period: '2026' });
    const expected = await expectedCaps(store, actor.issuerId, '2026', TODAY as CalendarDate);
    expect(capRows(fy2026)).toEqual(expected);
    expect(capRows(fy2026)).toEqual([
      { start: '2026-01-01', end: '2026-07-28', exceeded: 'Yes', breaches: 1 },
      { start: '2026-01-01', end: '2026-12-31', exceeded: 'No', breaches: 0 },
    ]);
    expect(fy2026.sections.find((s) => s.key === 'caps')?.paragraphs?.[0]?.en).toContain(
      '1 cap was exceeded',
    );
    // FY2025 is untouched.
    const fy2025 = await buildAuditorSchedule(ctx, actor, { period: '2025' });
    expect(capRows(fy2025)).toEqual(await expectedCaps(store, actor.issuerId, '2025', TODAY as CalendarDate));
    expect(capRows(fy2025).every((x) => x.exceeded === 'No')).toBe(true);
  });

  it('an excess reversed later still counts as exceeded, in the auditor schedule and the INED pack alike', async () => {
    const { ctx, actor: auditorActor, agreementId } = await loaded(open);
    const actor: Actor = { ...auditorActor, roles: OPERATOR_ROLES };
    const over = await postActual(ctx, actor, {
      agreementId,
      categoryKey: 'network-hardware',
      date: '2026-03-01',
      amount: '7000000.00',
      currency: 'CNY',
      reference: 'INV-TEST-OVER-THEN-REVERSED',
    });
    if (!('id' in over.body)) throw new Error('the actual was not posted');
    // Reversed a week later: by the period end the ledger is back under the cap.
    await reverseActual(ctx, actor, over.body.id, {
      reason: 'posted to the wrong category',
      date: '2026-03-08',
    });
    const auditor = capRows(await buildAuditorSchedule(ctx, actor, { period: '2026' }));
    expect(auditor.find((r) => r.end === '2026-07-28')?.exceeded).toBe('Yes');
    const pack = records(table(await buildReport(ctx, actor, 'ined-review', { period: '2026' }), 'caps'));
    const byPeriod = (rows: { key: string; exceeded: string }[]) =>
      Object.fromEntries(rows.map((r) => [r.key, r.exceeded]));
    const date = (c: Cell | undefined) => (c?.kind === 'date' ? c.date : '');
    expect(
      byPeriod(
        pack.map((r) => ({
          key: `${en(r['category'])} ${date(r['period_start'])} ${date(r['period_end'])}`,
          exceeded: en(r['exceeded']),
        })),
      ),
    ).toEqual({
      'IDC services 2026-01-01 2026-12-31': 'No',
      'Network hardware equipment 2026-01-01 2026-07-28': 'Yes',
    });
    expect(auditor.map((r) => r.exceeded).sort()).toEqual(['No', 'Yes']);
  });

  it('draws the same sample on every build, from the seed it prints', async () => {
    const { ctx, actor } = await loaded(open);
    const a = await buildAuditorSchedule(ctx, actor, { period: '2025' });
    const b = await buildReport(ctx, actor, 'auditor-schedule', { period: '2025' });
    const seed = formatSeed(defaultSampleSeed(actor.issuerId, '2025'));
    const section = a.sections.find((s) => s.key === 'sample');
    expect(section?.paragraphs?.[0]?.en).toContain(`Seed ${seed}`);
    expect(section?.paragraphs?.[0]?.['zh-Hant']).toContain(seed);
    // FY2025 of the demo: 8 orders (5 IDC, 3 hardware) and 8 posting days, all sampled (fewer than 10).
    expect(sampleKeys(a, 'sample-orders')).toHaveLength(8);
    expect(sampleKeys(a, 'sample-postings')).toHaveLength(8);
    expect(sampleKeys(b, 'sample-orders')).toEqual(sampleKeys(a, 'sample-orders'));
    expect(sampleKeys(b, 'sample-postings')).toEqual(sampleKeys(a, 'sample-postings'));
    // FY2026 has more than 10 of each: a real draw, the same twice, and another year's seed differs.
    const c = await buildAuditorSchedule(ctx, actor, { period: '2026' });
    const d = await buildAuditorSchedule(ctx, actor, { period: '2026' });
    expect(sampleKeys(c, 'sample-orders')).toHaveLength(SAMPLE_SIZE);
    expect(sampleKeys(c, 'sample-postings')).toHaveLength(SAMPLE_SIZE);
    expect(sampleKeys(d, 'sample-orders')).toEqual(sampleKeys(c, 'sample-orders'));
    expect(sampleKeys(d, 'sample-postings')).toEqual(sampleKeys(c, 'sample-postings'));
    expect(formatSeed(defaultSampleSeed(actor.issuerId, '2026'))).not.toBe(seed);
    // Re-performed from the schedule alone: the printed seed and the order ids of the orders table.
    const printed = /Seed ([0-9a-f]{16})/.exec(
      c.sections.find((s) => s.key === 'sample')?.paragraphs?.[0]?.en ?? '',
    );
    const reSeed = parseSeed(printed?.[1] ?? '');
    if (reSeed === null) throw new Error('no seed printed');
    const population = records(table(c, 'orders')).map((r) => `order:${en(r['order_id'])}`);
    expect(drawSample(population, (k) => k, reSeed, SAMPLE_SIZE).map((x) => x.key)).toEqual(
      sampleKeys(c, 'sample-orders'),
    );
  });

  it('changes the sample with the data only as documented: a new posting changes it by at most itself', async () => {
    const { ctx, actor, agreementId } = await loaded(open);
    const before = await buildAuditorSchedule(ctx, actor, { period: '2026' });
    const finance: Actor = { ...actor, roles: OPERATOR_ROLES };
    const newKeys: string[] = [];
    // Small IDC amounts on days without postings: each is a new member of the population.
    for (const day of ['2026-10-02', '2026-10-09', '2026-10-16', '2026-10-23']) {
      await postActual(ctx, finance, {
        agreementId,
        categoryKey: 'idc-services',
        date: day,
        amount: '1000.00',
        currency: 'CNY',
        reference: `INV-TEST-${day}`,
      });
      newKeys.push(day);
    }
    const after = await buildAuditorSchedule(ctx, actor, { period: '2026' });
    // The orders did not change: neither does their sample.
    expect(sampleKeys(after, 'sample-orders')).toEqual(sampleKeys(before, 'sample-orders'));
    const was = new Set(sampleKeys(before, 'sample-postings'));
    const now = new Set(sampleKeys(after, 'sample-postings'));
    const entered = [...now].filter((k) => !was.has(k));
    const left = [...was].filter((k) => !now.has(k));
    expect(entered.length).toBe(left.length);
    expect(entered.length).toBeLessThanOrEqual(newKeys.length);
    for (const k of entered)
      expect(
        newKeys.some((day) => k.endsWith(`:${day}`)),
        k,
      ).toBe(true);
  });

  it('marks the pricing-policy matter not applicable where the group buys, still listing the quotation comparisons', async () => {
    const { ctx, actor, store } = await loaded(open);
    const doc = await buildAuditorSchedule(ctx, actor, { period: '2025' });
    const pricing = doc.sections.find((s) => s.key === 'pricing');
    expect(pricing?.paragraphs?.[0]?.en).toMatch(/^Not applicable: .* the group is the buyer/);
    expect(pricing?.paragraphs?.[0]?.['zh-Hant']).toMatch(/^不適用/);
    const orders = await store.listOrdersSigned(
      actor.issuerId,
      '2025-01-01' as CalendarDate,
      '2025-12-31' as CalendarDate,
    );
    const rows = records(table(doc, 'pricing-evidence'));
    expect(rows.map((r) => en(r['reference']))).toEqual(orders.map((o) => o.reference));
    for (const r of rows) {
      expect(en(r['limb_applies'])).toBe('No');
      expect(en(r['connected_more_favourable'])).toBe('Yes');
      expect(count(r['counted_quotes'])).toBeGreaterThanOrEqual(count(r['required_quotes']));
      // The connected quotation and the two independent ones, each an uploaded file.
      expect(en(r['evidence']).split('; ')).toHaveLength(3);
      expect(money(r['connected_quote'])).toBeLessThan(money(r['best_independent_quote']));
    }
    expect(records(table(doc, 'third-party-terms'))).toHaveLength(1);
  });

  it('lists the CCTs with their board approval, the orders against the terms, and the connected persons', async () => {
    const { ctx, actor, store } = await loaded(open);
    const doc = await buildAuditorSchedule(ctx, actor, { period: '2026' });
    const ccts = records(table(doc, 'ccts'));
    expect(ccts.map((r) => en(r['category'])).sort()).toEqual(
      ['IDC services', 'Network hardware equipment'].sort(),
    );
    for (const r of ccts) {
      expect(en(r['board_approved'])).toBe('Yes');
      expect(en(r['approval_references'])).toContain('Board resolution approving the 2025 Xiaomi');
    }
    const orders = await store.listOrdersSigned(
      actor.issuerId,
      '2026-01-01' as CalendarDate,
      '2026-12-31' as CalendarDate,
    );
    const rows = records(table(doc, 'orders'));
    expect(rows).toHaveLength(orders.length);
    for (const r of rows) {
      expect(en(r['within_term'])).toBe('Yes');
      expect(en(r['within_cap'])).toBe('Yes');
    }
    const persons = records(table(doc, 'connected-persons'));
    const ids = persons.map((r) => en(r['party_id']));
    expect(ids).toContain('xiaomi');
    expect(ids).toEqual(expect.arrayContaining(['lei-jun', 'zou-tao', 'zhang-duo', 'yu-mingto']));
    expect(ids).not.toContain(actor.issuerId);
    const xiaomi = persons.find((r) => en(r['party_id']) === 'xiaomi');
    expect(en(xiaomi?.['rules'])).toContain('14A.07');
    expect(en(xiaomi?.['reason'])).toMatch(/substantial shareholder/i);
    // The illustrative independent suppliers are in the register, and not connected.
    const others = records(table(doc, 'other-parties')).map((r) => en(r['party_id']));
    expect(others).toEqual(expect.arrayContaining(['demo-idc-a', 'demo-idc-b', 'demo-hw-a', 'demo-hw-b']));
  });

  it("shows the letter's findings and the 14A.57 deadline once recorded", async () => {
    const { ctx, actor } = await loaded(open);
    const cosec: Actor = { ...actor, roles: ['company-secretary'] };
    const empty = await buildAuditorSchedule(ctx, actor, { period: '2025' });
    const letter = empty.sections.find((s) => s.key === 'letter');
    expect(letter?.paragraphs?.map((p) => p.en).join(' ')).toContain('No annual-review settings');
    expect(records(table(empty, 'letter-findings'))).toHaveLength(0);
    await putAnnualReviewSettings(ctx, cosec, '2025', { limbWording: 'four', bulkPrintDate: '2026-04-10' });
    await recordAuditorLetter(ctx, cosec, '2025', {
      auditorName: 'Example & Co. (illustrative)',
      letterDate: '2026-03-20',
      findings: [
        { matter: 'board-approval', outcome: 'no-exception' },
        { matter: 'pricing-policy', outcome: 'not-applicable' },
        { matter: 'agreement-terms', outcome: 'no-exception' },
        { matter: 'caps', outcome: 'exception', detail: 'Exceeded in December.' },
      ],
    });
    const doc = await buildAuditorSchedule(ctx, actor, { period: '2025' });
    const paragraphs = doc.sections.find((s) => s.key === 'letter')?.paragraphs?.map((p) => p.en) ?? [];
    expect(paragraphs.join(' ')).toContain('by 24 March 2026 (Rule 14A.57 of the Listing Rules)');
    expect(paragraphs.join(' ')).toContain('Missed');
    const rows = records(table(doc, 'letter-findings'));
    expect(rows.map((r) => en(r['outcome']))).toEqual([
      'No exception',
      'Not applicable',
      'No exception',
      'Exception',
    ]);
    expect(en(rows[3]?.['detail'])).toBe('Exceeded in December.');
  });

  it('is complete in both languages and renders in HTML, CSV and XLSX', async () => {
    const { ctx, actor } = await loaded(open);
    expect(AVAILABLE_REPORT_KINDS).toContain('auditor-schedule');
    const doc = await buildAuditorSchedule(ctx, actor, { period: '2026' });
    for (const [where, b] of bilinguals(doc)) {
      expect(b.en.trim(), where).not.toBe('');
      expect(b['zh-Hant'].trim(), where).not.toBe('');
    }
    for (const format of ['html', 'csv', 'xlsx'] as const)
      for (const lang of ['en', 'zh-Hant'] as const) {
        const files = await renderReportFiles(doc, format, lang);
        expect(files.length, `${format} ${lang}`).toBeGreaterThan(0);
      }
    const html = (await renderReportFiles(doc, 'html', 'zh-Hant'))[0]?.body.toString('utf8') ?? '';
    expect(html).toContain('超出年度上限');
  });

  it('refuses a period that is not a started financial year, and any role without report.read', async () => {
    const { ctx, actor } = await loaded(open);
    for (const period of ['2027', 'FY2026', '2026-H1', '']) {
      const e = await buildAuditorSchedule(ctx, actor, { period }).catch((x: unknown) => x);
      expect(e, period).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ kind: 'invalid_input', details: { errors: [{ path: 'period' }] } });
    }
    const later: AppContext = { ...ctx, clock: fixedClock('2027-01-02') };
    await expect(buildAuditorSchedule(later, actor, { period: '2027' })).resolves.toMatchObject({
      kind: 'auditor-schedule',
    });
    await expect(
      buildAuditorSchedule(ctx, { ...actor, roles: ['admin'] }, { period: '2025' }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
