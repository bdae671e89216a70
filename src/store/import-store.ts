/**
 * Issue 9: saved import presets, import runs, and imported rows (ports in app/import-ports.ts). An
 * import's batch is written with multi-row INSERTs compiled once per shape: a year of a large
 * group's invoices is a million rows, and the query builder's per-value work would dominate.
 */
import { CompiledQuery, type Kysely, type Selectable } from 'kysely';
import { calendarDate, type CurrencyCode } from '../domain/index.js';
import type { ImportKind, ImportPreset } from '../domain/import/preset.js';
import type { ImportRowError } from '../domain/import/rows.js';
import type {
  ImportCounts,
  ImportedActual,
  ImportedActualsBatch,
  ImportedRowKey,
  ImportedRowRecord,
  ImportMappingRecord,
  ImportRunRecord,
  ImportStatus,
} from '../app/import-ports.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
type Engine = 'sqlite' | 'postgres';

const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as number | string));
const int = (v: unknown): number => Number(big(v));

// ---- presets ----

function mapping(r: Selectable<Database['import_mappings']>): ImportMappingRecord {
  const body = JSON.parse(r.body) as Omit<ImportPreset, 'name' | 'builtIn'>;
  return {
    issuerId: r.issuer_id,
    preset: {
      name: r.name,
      columns: body.columns,
      dateFormat: body.dateFormat,
      sheet: body.sheet,
      description: body.description,
      builtIn: false,
    },
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  };
}

export async function getImportMapping(db: Db, issuerId: string, name: string) {
  const r = await db
    .selectFrom('import_mappings')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('name', '=', name)
    .executeTakeFirst();
  return r ? mapping(r) : null;
}

export async function listImportMappings(db: Db, issuerId: string) {
  const rows = await db
    .selectFrom('import_mappings')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .orderBy('name')
    .execute();
  return rows.map(mapping);
}

export async function putImportMapping(db: Db, m: ImportMappingRecord): Promise<void> {
  const { columns, dateFormat, sheet, description } = m.preset;
  const body = JSON.stringify({ columns, dateFormat, sheet, description });
  await db
    .insertInto('import_mappings')
    .values({
      issuer_id: m.issuerId,
      name: m.preset.name,
      body,
      recorded_at: m.recordedAt,
      recorded_by: m.recordedBy,
    })
    .onConflict((oc) =>
      oc
        .columns(['issuer_id', 'name'])
        .doUpdateSet({ body, recorded_at: m.recordedAt, recorded_by: m.recordedBy }),
    )
    .execute();
}

// ---- runs ----

function run(r: Selectable<Database['import_runs']>): ImportRunRecord {
  return {
    id: r.id,
    issuerId: r.issuer_id,
    kind: r.kind as ImportKind,
    mapping: r.mapping,
    dryRun: int(r.dry_run) === 1,
    fileName: r.file_name,
    status: r.status as ImportStatus,
    rowsRead: int(r.rows_read),
    rowsValid: int(r.rows_valid),
    rowsWritten: int(r.rows_written),
    rowsSkipped: int(r.rows_skipped),
    errors: JSON.parse(r.errors) as ImportRowError[],
    errorCount: int(r.error_count),
    summary: r.summary,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    createdBy: r.created_by,
  };
}

export async function getImportRun(db: Db, issuerId: string, id: string) {
  const r = await db
    .selectFrom('import_runs')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? run(r) : null;
}

const countColumns = (c: ImportCounts) => ({
  rows_read: c.rowsRead,
  rows_valid: c.rowsValid,
  rows_written: c.rowsWritten,
  rows_skipped: c.rowsSkipped,
});

export async function insertImportRun(db: Db, r: ImportRunRecord): Promise<void> {
  await db
    .insertInto('import_runs')
    .values({
      id: r.id,
      issuer_id: r.issuerId,
      kind: r.kind,
      mapping: r.mapping,
      dry_run: r.dryRun ? 1 : 0,
      file_name: r.fileName,
      status: r.status,
      ...countColumns(r),
      error_count: r.errorCount,
      errors: JSON.stringify(r.errors),
      summary: r.summary,
      started_at: r.startedAt,
      finished_at: r.finishedAt,
      created_by: r.createdBy,
    })
    .execute();
}

export async function updateImportProgress(
  db: Db,
  issuerId: string,
  id: string,
  status: ImportStatus,
  counts: ImportCounts,
): Promise<void> {
  await db
    .updateTable('import_runs')
    .set({ status, ...countColumns(counts) })
    .where('issuer_id', '=', issuerId)
    .where('id', '=', id)
    .execute();
}

export async function finishImportRun(
  db: Db,
  issuerId: string,
  id: string,
  o: {
    status: ImportStatus;
    counts: ImportCounts;
    errors: readonly ImportRowError[];
    errorCount: number;
    summary: string;
    finishedAt: string;
  },
): Promise<void> {
  await db
    .updateTable('import_runs')
    .set({
      status: o.status,
      ...countColumns(o.counts),
      errors: JSON.stringify(o.errors),
      error_count: o.errorCount,
      summary: o.summary,
      finished_at: o.finishedAt,
    })
    .where('issuer_id', '=', issuerId)
    .where('id', '=', id)
    .execute();
}

// ---- imported rows ----

const IN_CHUNK = 5000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function findImportedRows(
  db: Db,
  issuerId: string,
  kind: ImportKind,
  references: readonly string[],
): Promise<ImportedRowRecord[]> {
  const out: ImportedRowRecord[] = [];
  for (const part of chunks([...new Set(references)], IN_CHUNK)) {
    const rows = await db
      .selectFrom('imported_rows')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .where('kind', '=', kind)
      .where('reference', 'in', part)
      .execute();
    for (const r of rows)
      out.push({
        kind: r.kind as ImportKind,
        agreementId: r.agreement_id,
        categoryId: r.category_id,
        reference: r.reference,
        rowValues: r.row_values,
        recordId: r.record_id,
        importId: r.import_id,
      });
  }
  return out;
}

/** Rows per INSERT: a batch of 5,000 is ten statements of one shape, prepared once and kept. */
const ROWS_PER_STATEMENT = 500;
const insertTexts = new Map<string, string>();

/** The text of a multi-row INSERT (22 columns × 500 rows is within both engines' parameter limits). */
function insertText(engine: Engine, table: string, columns: readonly string[], rows: number): string {
  const key = `${engine}|${table}|${rows}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    let n = 0;
    const tuple = () => `(${columns.map(() => (engine === 'sqlite' ? '?' : `$${++n}`)).join(', ')})`;
    text = `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: rows }, tuple).join(', ')}`;
    insertTexts.set(key, text);
  }
  return text;
}

async function bulkInsert(
  db: Db,
  engine: Engine,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  for (const part of chunks(rows, ROWS_PER_STATEMENT))
    await db.executeQuery(CompiledQuery.raw(insertText(engine, table, columns, part.length), part.flat()));
}

const ACTUAL_COLUMNS = [
  'id',
  'issuer_id',
  'agreement_id',
  'category_id',
  'order_id',
  'cap_id',
  'date',
  'currency',
  'amount_minor',
  'cap_amount_minor',
  'fx_rate',
  'fx_date',
  'fx_source',
  'fx_rounding',
  'reference',
  'service_period_start',
  'service_period_end',
  'invoice_date',
  'reverses_id',
  'reason',
  'created_at',
  'created_by',
];
const LEDGER_COLUMNS = [
  'issuer_id',
  'cap_id',
  'category_id',
  'order_id',
  'actual_id',
  'kind',
  'effective_on',
  'actual_delta',
  'committed_delta',
  'created_at',
];
const IMPORTED_COLUMNS = [
  'issuer_id',
  'kind',
  'agreement_id',
  'category_id',
  'reference',
  'row_values',
  'record_id',
  'import_id',
];

export async function insertImportedActuals(db: Db, engine: Engine, b: ImportedActualsBatch): Promise<void> {
  await bulkInsert(
    db,
    engine,
    'actuals',
    ACTUAL_COLUMNS,
    b.actuals.map((a) => [
      a.id,
      a.issuerId,
      a.agreementId,
      a.categoryId,
      a.orderId,
      a.capId,
      a.date,
      a.currency,
      a.amountMinor,
      a.capAmountMinor,
      a.fx?.rate ?? null,
      a.fx?.date ?? null,
      a.fx?.source ?? null,
      a.fx?.rounding ?? null,
      a.reference,
      a.servicePeriodStart,
      a.servicePeriodEnd,
      a.invoiceDate,
      a.reversesId,
      a.reason,
      a.createdAt,
      a.createdBy,
    ]),
  );
  await bulkInsert(
    db,
    engine,
    'ledger_entries',
    LEDGER_COLUMNS,
    b.ledger.map((e) => [
      e.issuerId,
      e.capId,
      e.categoryId,
      e.orderId,
      e.actualId,
      e.kind,
      e.effectiveOn,
      e.actualDelta,
      e.committedDelta,
      e.createdAt,
    ]),
  );
  await insertImportedRows(db, engine, b.issuerId, b.rows);
}

export async function insertImportedRows(
  db: Db,
  engine: Engine,
  issuerId: string,
  rows: readonly ImportedRowRecord[],
): Promise<void> {
  await bulkInsert(
    db,
    engine,
    'imported_rows',
    IMPORTED_COLUMNS,
    rows.map((r) => [
      issuerId,
      r.kind,
      r.agreementId,
      r.categoryId,
      r.reference,
      r.rowValues,
      r.recordId,
      r.importId,
    ]),
  );
}

export async function deleteImportedRows(
  db: Db,
  issuerId: string,
  kind: ImportKind,
  keys: readonly ImportedRowKey[],
): Promise<void> {
  for (const k of keys)
    await db
      .deleteFrom('imported_rows')
      .where('issuer_id', '=', issuerId)
      .where('kind', '=', kind)
      .where('reference', '=', k.reference)
      .where('agreement_id', '=', k.agreementId)
      .where('category_id', '=', k.categoryId)
      .execute();
}

export async function unreversedActualsWithPrefix(
  db: Db,
  issuerId: string,
  idPrefix: string,
  limit: number,
): Promise<ImportedActual[]> {
  const rows = await db
    .selectFrom('actuals as a')
    .leftJoin('actuals as r', 'r.reverses_id', 'a.id')
    .select([
      'a.id',
      'a.agreement_id',
      'a.reference',
      'a.category_id',
      'a.cap_id',
      'a.order_id',
      'a.date',
      'a.currency',
      'a.amount_minor',
      'a.cap_amount_minor',
    ])
    .where('a.issuer_id', '=', issuerId)
    // The prefix's range of the primary key: ids are hex after it, and '~' sorts after every hex digit.
    .where('a.id', '>=', idPrefix)
    .where('a.id', '<', `${idPrefix}~`)
    .where('a.reverses_id', 'is', null)
    .where('r.id', 'is', null)
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agreementId: r.agreement_id,
    reference: r.reference,
    categoryId: r.category_id,
    capId: r.cap_id,
    orderId: r.order_id,
    date: calendarDate(r.date),
    currency: r.currency as CurrencyCode,
    amountMinor: big(r.amount_minor),
    capAmountMinor: big(r.cap_amount_minor),
  }));
}
