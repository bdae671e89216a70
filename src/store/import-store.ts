/**
 * Issue 9: saved import presets, import runs, and imported rows (ports in app/import-ports.ts). An
 * import's batch is written with multi-row INSERTs compiled once per shape: a year of a large
 * group's invoices is a million rows, and the query builder's per-value work would dominate.
 */
import { CompiledQuery, type Kysely, type Selectable } from 'kysely';
import { calendarDate, type CurrencyCode } from '../domain/index.js';
import type { ImportKind, ImportPreset } from '../domain/import/preset.js';
import type { ImportRowError } from '../domain/import/rows.js';
import type { ActualRecord, LedgerEntry } from '../app/ports.js';
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
import { AppError } from '../app/errors.js';
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
): Promise<(ImportedRowRecord & { readonly importStatus: ImportStatus | null })[]> {
  const out: (ImportedRowRecord & { readonly importStatus: ImportStatus | null })[] = [];
  for (const part of chunks([...new Set(references)], IN_CHUNK)) {
    const rows = await db
      .selectFrom('imported_rows as i')
      .leftJoin('import_runs as r', 'r.id', 'i.import_id')
      .selectAll('i')
      .select('r.status as import_status')
      .where('i.issuer_id', '=', issuerId)
      .where('i.kind', '=', kind)
      .where('i.reference', 'in', part)
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
        importStatus: (r.import_status as ImportStatus | null) ?? null,
      });
  }
  return out;
}

/** Rows per INSERT: a batch of 10,000 is twenty statements of one shape, prepared once and kept. */
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
  count: number,
  /** Writes row i's values into `out` from position `at`, in the order of `columns`. */
  fill: (i: number, out: unknown[], at: number) => void,
): Promise<void> {
  const width = columns.length;
  for (let start = 0; start < count; start += ROWS_PER_STATEMENT) {
    const rows = Math.min(ROWS_PER_STATEMENT, count - start);
    const params: unknown[] = new Array<unknown>(rows * width);
    for (let r = 0; r < rows; r += 1) fill(start + r, params, r * width);
    await db.executeQuery(CompiledQuery.raw(insertText(engine, table, columns, rows), params));
  }
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
  const { actuals } = b;
  await bulkInsert(db, engine, 'actuals', ACTUAL_COLUMNS, actuals.length, (i, o, at) => {
    const a = actuals[i] as ActualRecord;
    o[at] = a.id;
    o[at + 1] = a.issuerId;
    o[at + 2] = a.agreementId;
    o[at + 3] = a.categoryId;
    o[at + 4] = a.orderId;
    o[at + 5] = a.capId;
    o[at + 6] = a.date;
    o[at + 7] = a.currency;
    o[at + 8] = a.amountMinor;
    o[at + 9] = a.capAmountMinor;
    o[at + 10] = a.fx?.rate ?? null;
    o[at + 11] = a.fx?.date ?? null;
    o[at + 12] = a.fx?.source ?? null;
    o[at + 13] = a.fx?.rounding ?? null;
    o[at + 14] = a.reference;
    o[at + 15] = a.servicePeriodStart;
    o[at + 16] = a.servicePeriodEnd;
    o[at + 17] = a.invoiceDate;
    o[at + 18] = a.reversesId;
    o[at + 19] = a.reason;
    o[at + 20] = a.createdAt;
    o[at + 21] = a.createdBy;
  });
  // One ledger entry per actual, then the extra ones (what actuals took from orders' reservations).
  const extra = b.extraLedger;
  await bulkInsert(
    db,
    engine,
    'ledger_entries',
    LEDGER_COLUMNS,
    actuals.length + extra.length,
    (i, o, at) => {
      if (i < actuals.length) {
        const a = actuals[i] as ActualRecord;
        o[at] = a.issuerId;
        o[at + 1] = a.capId;
        o[at + 2] = a.categoryId;
        o[at + 3] = a.orderId;
        o[at + 4] = a.id;
        o[at + 5] = b.ledgerKind;
        o[at + 6] = a.date;
        o[at + 7] = a.capAmountMinor;
        o[at + 8] = 0n;
        o[at + 9] = a.createdAt;
      } else {
        const e = extra[i - actuals.length] as LedgerEntry;
        o[at] = e.issuerId;
        o[at + 1] = e.capId;
        o[at + 2] = e.categoryId;
        o[at + 3] = e.orderId;
        o[at + 4] = e.actualId;
        o[at + 5] = e.kind;
        o[at + 6] = e.effectiveOn;
        o[at + 7] = e.actualDelta;
        o[at + 8] = e.committedDelta;
        o[at + 9] = e.createdAt;
      }
    },
  );
  const values = b.rowValues;
  if (values !== null)
    await referencesOnce(() =>
      bulkInsert(db, engine, 'imported_rows', IMPORTED_COLUMNS, actuals.length, (i, o, at) => {
        const a = actuals[i] as ActualRecord;
        o[at] = a.issuerId;
        o[at + 1] = 'actuals';
        o[at + 2] = a.agreementId;
        o[at + 3] = a.categoryId;
        o[at + 4] = a.reference;
        o[at + 5] = values[i];
        o[at + 6] = a.id;
        o[at + 7] = b.importId;
      }),
    );
}

/**
 * A reference another import recorded a moment before (both checked the file before either wrote):
 * the primary key refuses the second, whose batch then fails and is reversed, with a reason to say.
 */
async function referencesOnce(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE')
      throw AppError.conflict(
        'REFERENCE_IN_PROGRESS',
        'another import wrote some of these references at the same moment; import the file again once it has finished (what is already imported will be skipped)',
      );
    throw e;
  }
}

export async function insertImportedRows(
  db: Db,
  engine: Engine,
  issuerId: string,
  rows: readonly ImportedRowRecord[],
): Promise<void> {
  await referencesOnce(() =>
    bulkInsert(db, engine, 'imported_rows', IMPORTED_COLUMNS, rows.length, (i, o, at) => {
      const r = rows[i] as ImportedRowRecord;
      o[at] = issuerId;
      o[at + 1] = r.kind;
      o[at + 2] = r.agreementId;
      o[at + 3] = r.categoryId;
      o[at + 4] = r.reference;
      o[at + 5] = r.rowValues;
      o[at + 6] = r.recordId;
      o[at + 7] = r.importId;
    }),
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

export async function unreversedImportedActuals(
  db: Db,
  issuerId: string,
  importId: string,
  ids: readonly string[],
): Promise<ImportedActual[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('actuals as a')
    // The import's own rows only: its reference record names it (by primary key, then import).
    .innerJoin('imported_rows as i', (j) =>
      j
        .onRef('i.issuer_id', '=', 'a.issuer_id')
        .on('i.kind', '=', 'actuals')
        .onRef('i.reference', '=', 'a.reference')
        .onRef('i.agreement_id', '=', 'a.agreement_id')
        .onRef('i.category_id', '=', 'a.category_id')
        .onRef('i.record_id', '=', 'a.id'),
    )
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
    .where('a.id', 'in', ids)
    .where('i.import_id', '=', importId)
    .where('a.reverses_id', 'is', null)
    .where('r.id', 'is', null)
    .orderBy('a.id')
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
