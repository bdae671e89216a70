/**
 * What the report tests share: a hand-made document around test sections (the renderers' tests), the
 * columns of its cap table, and the demo loaded into a new store with the tables read back by key.
 */
import ExcelJS from 'exceljs';
import { fixedClock, randomIds } from '../../src/adapters/system.js';
import { HEADER_ROW } from '../../src/reports/xlsx.js';
import type { AppContext } from '../../src/app/context.js';
import type { Actor, Store } from '../../src/app/ports.js';
import { loadDemo, type LoadDemoOptions } from '../../src/demo/load-demo.js';
import { calendarDate } from '../../src/domain/dates.js';
import {
  bilingual,
  type Bilingual,
  type Cell,
  type Column,
  type ReportDocument,
  type Section,
  type Table,
} from '../../src/domain/reports/document.js';

/** A monthly management report of November 2026 about the demo issuer `issuer`. */
export const handMadeDocument = (issuer: Bilingual, sections: Section[]): ReportDocument => ({
  kind: 'monthly-management',
  title: bilingual('Monthly management report', '每月管理報告'),
  issuer: { id: 'demo', name: issuer },
  period: {
    start: calendarDate('2026-11-01'),
    end: calendarDate('2026-11-30'),
    label: bilingual('November 2026', '2026年11月'),
  },
  knowledgeAt: '2026-12-01T00:00:00.000Z',
  generatedAt: '2026-12-01T09:30:00.000Z',
  demo: true,
  sections,
});

/** The hand-made cap table's columns: one of each column type. */
export const CAP_COLUMNS: Column[] = [
  { key: 'category', header: bilingual('Category', '類別'), type: 'text' },
  { key: 'periodEnd', header: bilingual('Cap period end', '上限期間結束日'), type: 'date' },
  { key: 'cap', header: bilingual('Annual cap', '年度上限'), type: 'money' },
  { key: 'actual', header: bilingual('Actual', '實際金額'), type: 'money' },
  { key: 'headroom', header: bilingual('Headroom', '剩餘額度'), type: 'money' },
  { key: 'used', header: bilingual('Utilisation', '使用率'), type: 'percent' },
  { key: 'orders', header: bilingual('Orders', '訂單數目'), type: 'count' },
];

/** The demo loaded into a new store from `open`, and the user `userId` of its issuer with `roles`. */
export async function loadedDemo(
  open: () => Promise<Store>,
  today: string,
  userId: string,
  roles: Actor['roles'],
  demo: LoadDemoOptions = {},
) {
  const store = await open();
  const ctx: AppContext = { store, clock: fixedClock(today), ids: randomIds };
  const result = await loadDemo(ctx, demo);
  if (!result.loaded) throw new Error('the demo was not loaded into a new store');
  const actor: Actor = { userId, issuerId: result.issuer.id, roles };
  return { ctx, actor, store, agreementId: result.agreementId };
}

/** The table `key` of a document. */
export function table(doc: ReportDocument, key: string): Table {
  const found = doc.sections.flatMap((s) => s.tables ?? []).find((t) => t.key === key);
  if (!found) throw new Error(`no table ${key}`);
  return found;
}

/** The rows of a table as objects keyed by column key. */
export const records = (t: Table): Record<string, Cell>[] =>
  t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c.key, row[i] ?? null])));

export type Snapshot = Record<string, { header: unknown[]; cells: [string, unknown, string][] }>;

/** Every cell's value (dates as ISO text) and number format, per sheet: what a reader gets. */
export async function readXlsx(buffer: Buffer): Promise<{ wb: ExcelJS.Workbook; snapshot: Snapshot }> {
  const wb = new ExcelJS.Workbook();
  // exceljs types its own `Buffer` (an ArrayBuffer); at run time it takes Node's.
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const snapshot: Snapshot = {};
  wb.eachSheet((ws) => {
    const cells: [string, unknown, string][] = [];
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value instanceof Date ? `date:${cell.value.toISOString()}` : cell.value;
        cells.push([cell.address, v, cell.numFmt ?? '']);
      }),
    );
    const header = ws.getRow(HEADER_ROW).values;
    snapshot[ws.name] = { header: Array.isArray(header) ? header.slice(1) : [], cells };
  });
  return { wb, snapshot };
}
