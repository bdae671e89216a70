/**
 * Issue 7 acceptance: golden files. Every report kind is built from the demo data (a fixed day and
 * instant, sequential ids) and rendered in every format and both languages; what a reader gets is
 * compared with the files under test/golden/ — HTML and CSV as written, XLSX as its cells' values and
 * number formats, PDF as its text (pdftotext). The same data must give the same report.
 *
 * Across formats, the same content: every table cell of the document is in the CSV (exactly), in the
 * XLSX (money as the exact number), and in the HTML (as the reader sees it).
 *
 * After an intended change of a report: `UPDATE_GOLDEN=1 npx vitest run test/report-golden.test.ts`,
 * then read the diff of test/golden/ before committing it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/adapters/system.js';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import type { AppContext } from '../src/app/context.js';
import type { Actor, Store } from '../src/app/ports.js';
import { buildReport } from '../src/app/reports/index.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { formatMinor } from '../src/domain/money.js';
import {
  REPORT_LANGUAGES,
  type ReportDocument,
  type ReportKind,
  type ReportLanguage,
} from '../src/domain/reports/document.js';
import { formatCell } from '../src/domain/reports/format.js';
import { escapeHtml } from '../src/domain/html.js';
import { renderCsvBundle } from '../src/reports/csv.js';
import { renderHtml } from '../src/reports/html.js';
import { renderPdf } from '../src/reports/pdf.js';
import { renderXlsx } from '../src/reports/xlsx.js';
import { engines, releaseEngines } from './support/engines.js';
import { readXlsx } from './support/reports.js';

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const TODAY = '2026-11-23';

/** Each kind with a period of the demo (and the agreement, for the announcement draft). */
const CASES: readonly { kind: ReportKind; period: string; agreement?: true }[] = [
  { kind: 'monthly-monitoring', period: '2026-10' },
  { kind: 'monthly-management', period: '2026-10' },
  { kind: 'semi-annual-directors', period: '2026-H1' },
  { kind: 'ined-review', period: '2025' },
  { kind: 'auditor-schedule', period: '2025' },
  { kind: 'annual-report-disclosure', period: '2025' },
  { kind: 'announcement-draft', period: '2025-07-29', agreement: true },
];

const hasPdfText = spawnSync('pdftotext', ['-v']).status === 0;
if (!hasPdfText && process.env['CI'])
  throw new Error('CI needs poppler-utils (pdftotext) for the PDF golden files');

let store: Store;
const docs = new Map<ReportKind, ReportDocument>();

beforeAll(async () => {
  const sqlite = engines().find((e) => e.name === 'sqlite');
  if (!sqlite) throw new Error('no SQLite engine');
  store = await sqlite.open();
  let n = 0;
  const ctx: AppContext = {
    store,
    clock: fixedClock(TODAY),
    ids: { next: (prefix: string) => `${prefix}_golden${String(++n).padStart(5, '0')}` },
  };
  const demo = await loadDemo(ctx);
  if (!demo.loaded) throw new Error('the demo was not loaded');
  const actor: Actor = { userId: 'golden', issuerId: demo.issuer.id, roles: [...OPERATOR_ROLES] };
  for (const c of CASES)
    docs.set(
      c.kind,
      await buildReport(ctx, actor, c.kind, {
        period: c.period,
        ...(c.agreement ? { agreementId: demo.agreementId } : {}),
      }),
    );
}, 120_000);
afterAll(() => releaseEngines());

const docOf = (kind: ReportKind): ReportDocument => {
  const d = docs.get(kind);
  if (!d) throw new Error(`no ${kind}`);
  return d;
};

/** Compares with the golden file, or writes it under UPDATE_GOLDEN=1. A missing file fails. */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE) {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`no golden file ${name}: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual, name).toBe(fs.readFileSync(file, 'utf8'));
}

const variants = CASES.flatMap((c) => REPORT_LANGUAGES.map((lang) => ({ kind: c.kind, lang })));
const tag = (kind: string, lang: ReportLanguage) => `${kind}.${lang}`;

describe('golden files: the demo gives the same report in every format and language', () => {
  it.each(variants)('$kind ($lang): HTML', ({ kind, lang }) => {
    golden(`${tag(kind, lang)}.html`, renderHtml(docOf(kind), lang));
  });

  it.each(variants)('$kind ($lang): CSV, one file per table', ({ kind, lang }) => {
    const files = renderCsvBundle(docOf(kind), lang);
    golden(`${tag(kind, lang)}.csv.txt`, files.map((f) => `=== ${f.filename}\n${f.content}`).join('\n'));
  });

  it.each(variants)('$kind ($lang): XLSX cell values and formats', async ({ kind, lang }) => {
    const { snapshot } = await readXlsx(await renderXlsx(docOf(kind), lang));
    golden(`${tag(kind, lang)}.xlsx.json`, `${JSON.stringify(snapshot, null, 1)}\n`);
  });

  it.runIf(hasPdfText).each(variants)('$kind ($lang): PDF text', async ({ kind, lang }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-pdf-'));
    const file = path.join(dir, 'r.pdf');
    fs.writeFileSync(file, await renderPdf(docOf(kind), lang));
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true });
    golden(`${tag(kind, lang)}.pdf.txt`, text);
  });
});

describe('the same content in every format', () => {
  it.each(variants)(
    '$kind ($lang): every table cell is in the CSV, the XLSX and the HTML',
    async ({ kind, lang }) => {
      const doc = docOf(kind);
      const tables = doc.sections.flatMap((s) => s.tables ?? []);
      expect(tables.length, `${kind} has tables`).toBeGreaterThan(0);
      const csv = renderCsvBundle(doc, lang)
        .map((f) => f.content)
        .join('\n');
      const { snapshot } = await readXlsx(await renderXlsx(doc, lang));
      const xlsxValues = new Set(Object.values(snapshot).flatMap((s) => s.cells.map(([, v]) => String(v))));
      const html = renderHtml(doc, lang);
      let checked = 0;
      for (const t of tables)
        for (const row of [...t.rows, ...(t.totals ?? [])])
          for (const cell of row) {
            if (cell === null) continue;
            checked++;
            expect(html, `${t.key}: ${formatCell(cell, lang)}`).toContain(escapeHtml(formatCell(cell, lang)));
            if (cell.kind === 'money') {
              const exact = formatMinor(cell.minor, cell.currency);
              expect(csv, `${t.key}: ${exact}`).toContain(exact);
              expect(
                xlsxValues.has(String(Number(exact))) || xlsxValues.has(exact),
                `${t.key}: ${exact}`,
              ).toBe(true);
            }
          }
      expect(checked).toBeGreaterThan(0);
    },
  );
});
