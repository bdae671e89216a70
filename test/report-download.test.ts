/**
 * Issue 7, item 7: the monthly monitoring report served by `GET /api/v1/reports/:kind` and written by
 * `armslength report KIND --period P --format F --lang L --out FILE`, on the demo data.
 */
import { MONTHLY_MANAGEMENT_TITLE } from '../src/app/reports/management.js';
import { SEMI_ANNUAL_DIRECTORS_TITLE } from '../src/app/reports/directors.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { buildServer } from '../src/http/server.js';
import { requireBuild, runArmslength } from './support/cli.js';
import { describeEachEngine } from './support/engines.js';
import { tokenFor } from './support/http.js';

const TODAY = '2026-11-23';
type Json = Record<string, unknown>;

/** The first worksheet cell holding exactly this number, as "sheet!A1", or null. */
function findNumber(workbook: ExcelJS.Workbook, value: number): string | null {
  for (const sheet of workbook.worksheets) {
    let found: string | null = null;
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (found === null && cell.type === ExcelJS.ValueType.Number && cell.value === value)
          found = `${sheet.name}!${cell.address}`;
      }),
    );
    if (found !== null) return found;
  }
  return null;
}

describeEachEngine('GET /api/v1/reports/monthly-monitoring', (open) => {
  it('serves the demo month as HTML in both languages, XLSX with exact numbers, and CSV per table', async () => {
    const store = await open();
    const ctx: AppContext = { store, clock: fixedClock(TODAY), ids: randomIds };
    const { issuer } = await loadDemo(ctx);
    const app = await buildServer({ ctx });
    onTestFinished(() => app.close());
    const finance = await tokenFor(ctx, issuer.id, ['finance']);
    const get = (query: string, token = finance) =>
      app.inject({
        method: 'GET',
        url: `/api/v1/reports/monthly-monitoring?${query}`,
        headers: { authorization: `Bearer ${token}` },
      });

    const en = await get('period=2026-10');
    expect(en.statusCode, en.body.slice(0, 300)).toBe(200);
    expect(en.headers['content-type']).toMatch(/^text\/html/);
    expect(en.headers['content-disposition']).toMatch(
      /^inline; filename="monthly-monitoring-iss_demo-2026-10\.en\.html"/,
    );
    expect(en.body).toContain('Monthly continuing connected transactions monitoring report');
    expect(en.body).toContain('RMB82,000,000.00');
    expect(en.body).not.toMatch(/<script/i);
    const zh = await get('period=2026-10&lang=zh-Hant');
    expect(zh.body).toContain('lang="zh-Hant"');
    expect(zh.body).toContain('持續關連交易');
    expect(zh.body).toContain('人民幣82,000,000.00元');

    const xlsx = await get('period=2026-10&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['utilisation', 'orders']));
    // The FY2026 IDC cap, as a number exactly (RMB82,000,000.00).
    expect(findNumber(workbook, 82_000_000)).not.toBeNull();

    const csvAll = await get('period=2026-10&format=csv');
    expect(csvAll.statusCode).toBe(422);
    expect(csvAll.json<{ errors: { path: string; message: string }[] }>().errors[0]).toMatchObject({
      path: 'table',
      message: expect.stringContaining('utilisation') as unknown,
    });
    const csv = await get('period=2026-10&format=csv&table=utilisation');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    expect(csv.body).toContain('82000000.00');

    // PDF (its fonts and text are checked in report-pdf.test.ts).
    const pdf = await get('period=2026-10&format=pdf&lang=zh-Hant');
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(
      /filename="monthly-monitoring-iss_demo-2026-10\.zh-Hant\.pdf"/,
    );
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // Senior management's month and the board's half-year, in both languages.
    for (const [kind, period, title] of [
      ['monthly-management', '2026-10', MONTHLY_MANAGEMENT_TITLE],
      ['semi-annual-directors', '2026-H1', SEMI_ANNUAL_DIRECTORS_TITLE],
    ] as const) {
      for (const lang of ['en', 'zh-Hant'] as const) {
        const res = await app.inject({
          method: 'GET',
          url: `/api/v1/reports/${kind}?period=${period}&lang=${lang}`,
          headers: { authorization: `Bearer ${finance}` },
        });
        expect(res.statusCode, `${kind} ${lang}: ${res.body.slice(0, 200)}`).toBe(200);
        expect(res.body).toContain(title[lang]);
      }
    }
    const directorsEn = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/semi-annual-directors?period=2026-H1',
      headers: { authorization: `Bearer ${finance}` },
    });
    expect(directorsEn.body).toContain('six months ended 30 June 2026');

    // Refusals: a role without report.read, an unknown kind, a malformed period.
    const admin = await tokenFor(ctx, issuer.id, ['admin']);
    expect((await get('period=2026-10', admin)).statusCode).toBe(403);
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/nothing?period=2026-10',
      headers: { authorization: `Bearer ${finance}` },
    });
    expect(unknown.statusCode).toBe(404);
    const badPeriod = await get('period=2026-13');
    expect(badPeriod.statusCode).toBe(422);
    expect(badPeriod.json<{ errors: Json[] }>().errors[0]).toMatchObject({ path: 'period' });
  });
});

describe('armslength report', () => {
  let data = '';
  beforeAll(async () => {
    requireBuild();
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-report-'));
    const demo = await runArmslength(['demo', '--data', data], { today: TODAY });
    expect(demo.code, demo.stderr).toBe(0);
  });
  afterAll(() => fs.rmSync(data, { recursive: true, force: true }));

  it('writes the XLSX to --out, and one CSV per table beside it', async () => {
    const out = path.join(data, 'october.xlsx');
    const run = await runArmslength(
      [
        'report',
        'monthly-monitoring',
        '--period',
        '2026-10',
        '--format',
        'xlsx',
        '--lang',
        'zh-Hant',
        '--out',
        out,
        '--data',
        data,
      ],
      { today: TODAY },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(findNumber(workbook, 82_000_000)).not.toBeNull();

    const csvBase = path.join(data, 'october.csv');
    const csv = await runArmslength(
      [
        'report',
        'monthly-monitoring',
        '--period',
        '2026-10',
        '--format',
        'csv',
        '--out',
        csvBase,
        '--data',
        data,
      ],
      { today: TODAY },
    );
    expect(csv.code, csv.stderr).toBe(0);
    const files = csv.stdout.trim().split('\n');
    expect(files).toContain(path.join(data, 'october-utilisation.csv'));
    for (const f of files) expect(fs.readFileSync(f, 'utf8').startsWith('\uFEFF')).toBe(true);
  });

  it('--issue stores the report with its hash, once for the same content; a --known-at after now exits 2', async () => {
    const args = ['report', 'monthly-management', '--period', '2026-10', '--issue', '--data', data];
    const first = await runArmslength(args, { today: TODAY });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(
      /^issued monthly-management 2026-10 version 1: rpt_\w+, SHA-256 [0-9a-f]{64}$/m,
    );
    expect(first.stdout).toContain('Monthly report to senior management');
    const again = await runArmslength(args, { today: TODAY });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^unchanged: already issued as monthly-management 2026-10 version 1/m);
    // The same hash both times: nothing new was stored.
    const hash = (s: string) => /SHA-256 ([0-9a-f]{64})/.exec(s)?.[1];
    expect(hash(again.stderr)).toBe(hash(first.stderr));

    const tooLate = await runArmslength(
      ['report', 'monthly-monitoring', '--period', '2026-10', '--known-at', '2099-01-01', '--data', data],
      { today: TODAY },
    );
    expect(tooLate.code).toBe(2);
    expect(tooLate.stderr).toMatch(/knownAt/);
  });

  it('refuses xlsx without --out and an unknown format, exiting 2', async () => {
    const noOut = await runArmslength(
      ['report', 'monthly-monitoring', '--period', '2026-10', '--format', 'xlsx', '--data', data],
      {
        today: TODAY,
      },
    );
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out/);
    const badFormat = await runArmslength(
      ['report', 'monthly-monitoring', '--period', '2026-10', '--format', 'docx', '--data', data],
      {
        today: TODAY,
      },
    );
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/format/);
  });
});
