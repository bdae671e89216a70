/**
 * Issue 7: issued reports and the knowledge date, on both engines.
 * - An issued report is stored unchanged with its SHA-256; issuing the same content again writes
 *   nothing; issuing after a later posting stores version 2, marked amended, listing the differences,
 *   and version 1 is still there byte for byte.
 * - A report "as known at" an instant counts only what was recorded by then: built as known just
 *   before a posting it equals the report issued before it.
 * - 14A.59 follow-up tasks: opened in a transaction, listed, completed once with a note.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { randomIds } from '../src/adapters/system.js';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import type { AppContext } from '../src/app/context.js';
import { AppError } from '../src/app/errors.js';
import { completeFollowUpTask, listFollowUpTasks, openFollowUpTask } from '../src/app/follow-up-tasks.js';
import type { Actor, Clock, Store } from '../src/app/ports.js';
import { postActual } from '../src/app/post-actual.js';
import { buildReport } from '../src/app/reports/index.js';
import { getIssuedReport, issueReport, listIssuedReports } from '../src/app/reports/issue.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { calendarDate } from '../src/domain/dates.js';
import type { Cell, ReportDocument } from '../src/domain/reports/document.js';
import { documentJson, parseDocumentJson } from '../src/domain/reports/issued.js';
import { describeEachEngine } from './support/engines.js';
import { testServer } from './support/http.js';
import { table } from './support/reports.js';

const TODAY = '2026-11-23';

/** A clock whose instant moves on by one second at each reading, so records are told apart in time. */
function tickingClock(): Clock & { readonly last: () => string } {
  let t = Date.parse(`${TODAY}T02:00:00.000Z`);
  let last = '';
  return {
    today: () => calendarDate(TODAY),
    now: () => {
      t += 1000;
      last = new Date(t).toISOString();
      return last;
    },
    last: () => last,
  };
}

async function setUp(open: () => Promise<Store>) {
  const store = await open();
  const clock = tickingClock();
  const ctx: AppContext = { store, clock, ids: randomIds };
  const loaded = await loadDemo(ctx);
  if (!loaded.loaded) throw new Error('demo not loaded');
  const actor: Actor = { userId: 'finance-1', issuerId: loaded.issuer.id, roles: [...OPERATOR_ROLES] };
  return { ctx, clock, actor, agreementId: loaded.agreementId };
}

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const money = (c: Cell | undefined): bigint => {
  if (!c || c.kind !== 'money') throw new Error('not a money cell');
  return c.minor;
};
const text = (c: Cell | undefined): string => {
  if (!c || c.kind !== 'text') throw new Error('not a text cell');
  return typeof c.text === 'string' ? c.text : c.text.en;
};
/** The October 2026 actual of the IDC FY2026 cap in the management report's utilisation table. */
const idcMonthActual = (doc: ReportDocument): bigint => {
  const t = table(doc, 'utilisation');
  const row = t.rows.find(
    (r) => text(r[1]).includes('IDC') && r[2]?.kind === 'date' && r[2].date === '2026-01-01',
  );
  if (!row) throw new Error('no IDC FY2026 row');
  return money(row[5]);
};
/** The content, with the instants that differ between builds of the same data left out. */
const content = (doc: ReportDocument) => documentJson({ ...doc, generatedAt: '', knowledgeAt: '' });

describeEachEngine('issued reports and the knowledge date', (open) => {
  it('stores the issued report unchanged with its hash; the same content again writes nothing', async () => {
    const { ctx, actor } = await setUp(open);
    const first = await issueReport(ctx, actor, 'monthly-management', { period: '2026-10' });
    expect(first.created).toBe(true);
    expect(first.report).toMatchObject({ version: 1, amended: false, amendsId: null, integrity: 'ok' });
    const stored = await ctx.store.getIssuedReport(actor.issuerId, first.report.id);
    expect(stored && sha(stored.body)).toBe(first.report.sha256);

    const again = await issueReport(ctx, actor, 'monthly-management', { period: '2026-10' });
    expect(again).toMatchObject({ created: false, report: { id: first.report.id, version: 1 } });
    expect(await ctx.store.listIssuedReports(actor.issuerId)).toHaveLength(1);
  });

  it('a later posting gives version 2, marked amended, listing the changed figure; version 1 is kept as it was', async () => {
    const { ctx, actor, agreementId } = await setUp(open);
    const v1 = await issueReport(ctx, actor, 'monthly-management', { period: '2026-10' });
    const v1Body = (await ctx.store.getIssuedReport(actor.issuerId, v1.report.id))?.body;
    const before = idcMonthActual((await getIssuedReport(ctx, actor, v1.report.id)).document);

    await postActual(ctx, actor, {
      agreementId,
      categoryKey: 'idc-services',
      date: '2026-10-20',
      amount: '1234567.89',
      currency: 'CNY',
      reference: 'INV-LATE-OCT',
    });
    const v2 = await issueReport(ctx, actor, 'monthly-management', { period: '2026-10' });
    expect(v2.created).toBe(true);
    expect(v2.report).toMatchObject({ version: 2, amended: true, amendsId: v1.report.id, integrity: 'ok' });

    const { document } = await getIssuedReport(ctx, actor, v2.report.id);
    expect(document.title.en).toMatch(/\(amended, version 2\)$/);
    expect(document.title['zh-Hant']).toMatch(/經修訂，第2版/);
    expect(document.sections[0]?.key).toBe('amendments');
    expect(document.sections[0]?.paragraphs?.[0]?.en).toContain(v1.report.sha256);
    expect(idcMonthActual(document)).toBe(before + 123456789n);

    // The difference names the row, the column, and both figures.
    const changed = (v2.report.differences ?? []).filter((d) => d.kind === 'cell-changed');
    const month = changed.find(
      (d) =>
        d.kind === 'cell-changed' &&
        d.row.en.includes('IDC') &&
        d.row.en.includes('1 January 2026') &&
        d.column.en === 'Actual for the month',
    );
    expect(month).toBeDefined();
    if (month?.kind === 'cell-changed') {
      expect(month.before).toMatchObject({ kind: 'money', minor: String(before) });
      expect(month.after).toMatchObject({ kind: 'money', minor: String(before + 123456789n) });
    }
    const amendTable = table(document, 'amendments');
    expect(amendTable.rows.length).toBe(v2.report.differences?.length);

    // Version 1 is unchanged, byte for byte, and still readable.
    expect((await ctx.store.getIssuedReport(actor.issuerId, v1.report.id))?.body).toBe(v1Body);
    expect(
      (await listIssuedReports(ctx, actor, { kind: 'monthly-management' })).map((r) => r.version),
    ).toEqual([1, 2]);
  });

  it('a report as known before a posting leaves it out, and equals what was issued then', async () => {
    const { ctx, clock, actor, agreementId } = await setUp(open);
    const v1 = await issueReport(ctx, actor, 'monthly-monitoring', { period: '2026-10' });
    const knownBefore = clock.now();
    await postActual(ctx, actor, {
      agreementId,
      categoryKey: 'idc-services',
      date: '2026-10-21',
      amount: '500000.00',
      currency: 'CNY',
      reference: 'INV-KNOWN-LATER',
    });
    const asKnown = await buildReport(ctx, actor, 'monthly-monitoring', {
      period: '2026-10',
      knownAt: knownBefore,
    });
    expect(asKnown.knowledgeAt).toBe(knownBefore);
    const issued = parseDocumentJson(
      (await ctx.store.getIssuedReport(actor.issuerId, v1.report.id))?.body ?? '',
    );
    expect(content(asKnown)).toBe(content(issued));

    const now = await buildReport(ctx, actor, 'monthly-monitoring', { period: '2026-10' });
    expect(content(now)).not.toBe(content(issued));
  });

  it('refuses a knowledge date that is malformed or after now, naming knownAt', async () => {
    const { ctx, actor } = await setUp(open);
    for (const knownAt of ['yesterday', '2026-13-01', '2099-01-01T00:00:00Z']) {
      const e = await buildReport(ctx, actor, 'monthly-monitoring', { period: '2026-10', knownAt }).catch(
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).details.errors?.[0]?.path).toBe('knownAt');
    }
    // A date is the end of that day in Hong Kong.
    const doc = await buildReport(ctx, actor, 'monthly-monitoring', {
      period: '2026-10',
      knownAt: '2026-11-01',
    });
    expect(doc.knowledgeAt).toBe('2026-11-01T15:59:59.999Z');
  });

  it('over HTTP: finance issues (201, then 200 unchanged), reads the stored file; business may not issue', async () => {
    const { ctx, actor } = await setUp(open);
    const server = await testServer(ctx, actor.issuerId, { roles: ['finance'] });
    const post = (body: unknown) =>
      server.inject({
        method: 'POST',
        url: '/api/v1/issued-reports',
        payload: body as Record<string, unknown>,
      });
    const first = await post({ kind: 'monthly-management', period: '2026-10' });
    expect(first.statusCode).toBe(201);
    const id = first.json<{ id: string }>().id;
    expect((await post({ kind: 'monthly-management', period: '2026-10' })).statusCode).toBe(200);

    const html = await server.inject({
      method: 'GET',
      url: `/api/v1/issued-reports/${id}/file?format=html&lang=zh-Hant`,
    });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('持續關連交易每月高級管理層報告');

    const bad = await post({ kind: 'monthly-management', period: '2026-10', colour: 'red', knownAt: 7 });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['colour', 'knownAt']);
    expect(await ctx.store.listIssuedReports(actor.issuerId)).toHaveLength(1);

    const business = await testServer(ctx, actor.issuerId, { roles: ['business'] });
    const refused = await business.inject({
      method: 'POST',
      url: '/api/v1/issued-reports',
      payload: { kind: 'monthly-management', period: '2026-09' },
    });
    expect(refused.statusCode).toBe(403);
    expect(await ctx.store.listIssuedReports(actor.issuerId)).toHaveLength(1);
  });
});

describeEachEngine('14A.59 follow-up tasks', (open) => {
  it('a task opened in a transaction is listed open, completed once with a note, then refused', async () => {
    const { ctx, actor } = await setUp(open);
    const task = await ctx.store.transaction(async (tx) => ({
      commit: true,
      value: await openFollowUpTask(ctx, tx, {
        issuerId: actor.issuerId,
        source: 'auditor-letter',
        sourceId: 'letter-1',
        financialYear: '2025',
        detail: 'The hardware cap was exceeded in December 2025.',
        title: { en: 'Announce the auditor’s qualification', 'zh-Hant': '公告核數師的保留意見' },
      }),
    }));
    const listed = await listFollowUpTasks(ctx, actor, { status: 'open' });
    expect(listed).toMatchObject([{ id: task.id, rule: '14A.59', status: 'open' }]);
    expect(listed[0]?.requirement.en).toContain('Rule 14A.59');

    const blank = await completeFollowUpTask(ctx, actor, task.id, { note: '  ' }).catch((x: unknown) => x);
    expect((blank as AppError).details.errors?.[0]?.path).toBe('note');
    const secretary: Actor = { ...actor, roles: ['company-secretary'] };
    const done = await completeFollowUpTask(ctx, secretary, task.id, {
      note: 'Announcement published 3 March 2026; the Exchange notified the same day.',
    });
    expect(done).toMatchObject({ status: 'done', completedBy: actor.userId });
    const again = await completeFollowUpTask(ctx, secretary, task.id, { note: 'twice' }).catch(
      (x: unknown) => x,
    );
    expect((again as AppError).details.code).toBe('TASK_ALREADY_DONE');
    expect(await listFollowUpTasks(ctx, actor, { status: 'open' })).toEqual([]);

    const finance: Actor = { ...actor, roles: ['finance'] };
    await expect(completeFollowUpTask(ctx, finance, task.id, { note: 'x' })).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });
});
