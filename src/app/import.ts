/**
 * Issue 9: importing actual amounts and orders from ERP exports (CSV, XLSX).
 *
 * A file is read twice. The first pass validates every row — cells, agreement, category, order, FX,
 * repeated references, references imported before — and collects every bad row; if there is one,
 * nothing is written (`refused`). The second pass writes: actuals in batches of one transaction each
 * (the same threshold, breach and alert logic as `postActual`, once per cap per batch), orders one
 * by one through the order gate. If anything fails while writing, what this import wrote is reversed,
 * so a file lands whole or not at all. Re-importing adds nothing: a row whose (agreement, category,
 * reference) was imported with the same values is skipped; with other values it is a bad row.
 */
import { createHash } from 'node:crypto';
import {
  convertMinor,
  effectiveTerm,
  formatMinor,
  inRange,
  type CalendarDate,
  type Rate,
} from '../domain/index.js';
import {
  GENERIC_PRESET,
  mapHeader,
  type HeaderMap,
  type ImportKind,
  type ImportPreset,
} from '../domain/import/preset.js';
import {
  cellText,
  readImportRow,
  type ImportCell,
  type ImportRow,
  type ImportRowError,
} from '../domain/import/rows.js';
import { checkThresholds, monitoringPolicyOf, raiseBreachAlert } from './alerts.js';
import { requireAction } from './authorize.js';
import { findCapBreach } from './breaches.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { findRecordedRate } from './fx.js';
import type {
  ImportCounts,
  ImportedRowKey,
  ImportedRowRecord,
  ImportRunRecord,
  ImportStatus,
} from './import-ports.js';
import { cancelImportedOrder } from './order-changes.js';
import type {
  ActualRecord,
  Actor,
  AgreementRecord,
  BreachRecord,
  CapRecord,
  CategoryRecord,
  LedgerEntry,
  StoredFx,
} from './ports.js';
import { coveringCap, describeMoney, recordOrder } from './record-order.js';
import { capAmountInForce } from './views.js';

/** One record of the file: its line (the header is line 1) and its cells. */
export interface SourceRecord {
  readonly line: number;
  readonly cells: readonly ImportCell[];
}

/** A file to import; `records()` reads it from the start each time it is called. */
export interface ImportSource {
  readonly name: string;
  records(): AsyncIterable<SourceRecord>;
  /** How far the last `records()` has read, as a fraction of the file, when known. */
  readonly fractionRead?: () => number | null;
}

/** A file that cannot be read as rows at all (not UTF-8, not a workbook, a broken quote…). */
export class UnreadableFile extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ImportProgress extends ImportCounts {
  readonly id: string;
  readonly status: ImportStatus;
  /** Of the rows to write (known after validation); of the file while validating, when the source knows. */
  readonly fraction: number | null;
}

export interface ImportRequest {
  readonly kind: ImportKind;
  readonly mapping: string;
  readonly dryRun: boolean;
  readonly source: ImportSource;
  readonly onProgress?: (p: ImportProgress) => void;
}

/** The bad rows listed in a run's outcome at most; beyond, they are counted. */
export const MAX_LISTED_ERRORS = 100_000;
/** Rows per write transaction of an actuals import. */
export const WRITE_BATCH = 5000;
const LOOKUP_BATCH = 5000;

/** The preset a run reads with: the built-in `generic`, or one the issuer saved. */
export async function presetNamed(ctx: AppContext, issuerId: string, name: string): Promise<ImportPreset> {
  if (name === GENERIC_PRESET.name) return GENERIC_PRESET;
  const saved = await ctx.store.getImportMapping(issuerId, name);
  if (!saved)
    throw AppError.invalid([
      {
        path: 'mapping',
        message: `no import mapping "${name}" exists for this issuer (the built-in one is "generic")`,
      },
    ]);
  return saved.preset;
}

/** Records a queued run (so that its progress can be read at once) and returns it. */
export async function createImportRun(
  ctx: AppContext,
  actor: Actor,
  req: Pick<ImportRequest, 'kind' | 'mapping' | 'dryRun'> & { readonly fileName: string | null },
): Promise<ImportRunRecord> {
  requireImport(actor, req.kind);
  await presetNamed(ctx, actor.issuerId, req.mapping);
  const run: ImportRunRecord = {
    id: ctx.ids.next('imp'),
    issuerId: actor.issuerId,
    kind: req.kind,
    mapping: req.mapping,
    dryRun: req.dryRun,
    fileName: req.fileName,
    status: 'queued',
    rowsRead: 0,
    rowsValid: 0,
    rowsWritten: 0,
    rowsSkipped: 0,
    errors: [],
    errorCount: 0,
    summary: null,
    startedAt: ctx.clock.now(),
    finishedAt: null,
    createdBy: actor.userId,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.insertImportRun(run);
    return { commit: true, value: undefined };
  });
  return run;
}

/** Whether the actor may import rows of this kind: `import.run`, and posting or placing them. */
export function requireImport(actor: Actor, kind: ImportKind): void {
  requireAction(actor, 'import.run');
  requireAction(actor, kind === 'actuals' ? 'actual.post' : 'order.place');
}

export async function getImportRun(ctx: AppContext, actor: Actor, id: string): Promise<ImportRunRecord> {
  requireAction(actor, 'import.run');
  const run = await ctx.store.getImportRun(actor.issuerId, id);
  if (!run) throw AppError.notFound(`import ${id}`);
  return run;
}

/** Creates a run and carries it out: the CLI's way (the HTTP API answers between the two). */
export async function importFile(
  ctx: AppContext,
  actor: Actor,
  req: ImportRequest,
): Promise<ImportRunRecord> {
  const run = await createImportRun(ctx, actor, { ...req, fileName: req.source.name });
  return runImport(ctx, actor, run, req);
}

/** A row resolved against the issuer's records: what the write needs. */
interface ResolvedRow {
  readonly row: ImportRow;
  readonly agreement: AgreementRecord;
  readonly category: CategoryRecord;
  readonly orderId: string | null;
  readonly rowValues: string;
}

class ErrorList {
  readonly listed: ImportRowError[] = [];
  count = 0;
  add(e: ImportRowError): void {
    this.count += 1;
    if (this.listed.length < MAX_LISTED_ERRORS) this.listed.push(e);
  }
}

/** Reads the file's records into resolved rows, in groups, reporting every bad row. */
class RowReader {
  private header: HeaderMap | null = null;
  private pending: ImportRow[] = [];
  private readonly byId = new Map<string, AgreementRecord>();
  private readonly byName = new Map<string, AgreementRecord[]>();
  private readonly inFile = new Map<string, number>();
  private readonly orderRefs = new Map<string, Map<string, string[]>>();
  private readonly rates = new Map<string, boolean>();
  ignored: readonly string[] = [];
  rowsRead = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly actor: Actor,
    private readonly kind: ImportKind,
    private readonly preset: ImportPreset,
    agreements: readonly AgreementRecord[],
    readonly errors: ErrorList,
    /** Receives the good rows, with whether each was imported before with the same values. */
    private readonly emit: (rows: { resolved: ResolvedRow; skip: boolean }[]) => Promise<void>,
  ) {
    for (const a of agreements) {
      this.byId.set(a.id, a);
      const n = a.name.en.trim().toLowerCase();
      this.byName.set(n, [...(this.byName.get(n) ?? []), a]);
    }
  }

  async push(rec: SourceRecord): Promise<void> {
    if (this.header === null) {
      const mapped = mapHeader(
        rec.cells.map((c) => cellText(c)),
        this.preset,
      );
      if (!mapped.ok) {
        for (const e of mapped.errors) this.errors.add(e);
        throw new HeaderRefused();
      }
      this.header = mapped.map;
      this.ignored = mapped.map.ignored;
      return;
    }
    this.rowsRead += 1;
    const read = readImportRow(rec.cells, rec.line, this.header, this.preset, this.kind);
    if (!read.ok) {
      for (const e of read.errors) this.errors.add(e);
      return;
    }
    this.pending.push(read.row);
    if (this.pending.length >= LOOKUP_BATCH) await this.flush();
  }

  /** Resolves the rows read so far and hands on the good ones. */
  async flush(): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    if (rows.length === 0) return;
    const resolved: ResolvedRow[] = [];
    for (const row of rows) {
      const r = await this.resolve(row);
      if (r) resolved.push(r);
    }
    const earlier = new Map<string, ImportedRowRecord>();
    const keyOf = (r: ResolvedRow) => rowKey(r.agreement.id, r.category.id, r.row.reference);
    for (const e of await this.ctx.store.findImportedRows(
      this.actor.issuerId,
      this.kind,
      resolved.map((r) => r.row.reference),
    ))
      earlier.set(rowKey(e.agreementId, e.categoryId, e.reference), e);
    const out: { resolved: ResolvedRow; skip: boolean }[] = [];
    for (const r of resolved) {
      const before = earlier.get(keyOf(r));
      if (!before) out.push({ resolved: r, skip: false });
      else if (before.rowValues === r.rowValues) out.push({ resolved: r, skip: true });
      else
        this.errors.add({
          line: r.row.line,
          column: this.preset.columns.reference ?? 'reference',
          value: r.row.reference,
          code: 'REFERENCE_CONFLICT',
          reason: `reference "${r.row.reference}" of ${r.agreement.id} / "${r.category.key}" was imported before (import ${before.importId}, ${this.kind === 'actuals' ? 'actual' : 'order'} ${before.recordId}) with other values: correct the row or give it its own reference`,
        });
    }
    await this.emit(out);
  }

  private col(field: 'agreement' | 'category' | 'order' | 'currency' | 'fx_rate' | 'reference' | 'date') {
    return this.preset.columns[field] ?? field;
  }

  private async resolve(row: ImportRow): Promise<ResolvedRow | null> {
    const fail = (
      field: Parameters<RowReader['col']>[0],
      code: ImportRowError['code'],
      value: string,
      reason: string,
    ) => {
      this.errors.add({ line: row.line, column: this.col(field), value, code, reason });
      return null;
    };
    let agreement = this.byId.get(row.agreement);
    if (!agreement) {
      const named = this.byName.get(row.agreement.toLowerCase()) ?? [];
      if (named.length > 1)
        return fail(
          'agreement',
          'AMBIGUOUS_AGREEMENT',
          row.agreement,
          `${named.length} agreements are named "${row.agreement}" (${named.map((a) => a.id).join(', ')}): give the agreement's id`,
        );
      agreement = named[0];
    }
    if (!agreement)
      return fail(
        'agreement',
        'UNKNOWN_AGREEMENT',
        row.agreement,
        `no agreement of this issuer has the id or English name "${row.agreement}"`,
      );
    const category = agreement.categories.find((c) => c.key === row.category);
    if (!category)
      return fail(
        'category',
        'UNKNOWN_CATEGORY',
        row.category,
        `"${row.category}" is not a category of ${agreement.id} (${agreement.categories.map((c) => c.key).join(', ')})`,
      );
    let orderId: string | null = null;
    if (row.order !== null) {
      orderId = await this.findOrder(agreement, category, row.order);
      if (orderId === null)
        return fail(
          'order',
          'UNKNOWN_ORDER',
          row.order,
          `no order of ${agreement.id} / "${category.key}" has the id or reference "${row.order}"`,
        );
      if (orderId === '')
        return fail(
          'order',
          'UNKNOWN_ORDER',
          row.order,
          `several orders of ${agreement.id} / "${category.key}" have the reference "${row.order}": give the order's id`,
        );
    }
    const cap = coveringCap(agreement, category, row.date);
    if (row.fxRate !== null && (!cap || cap.currency === row.currency))
      return fail(
        'fx_rate',
        'INVALID_VALUE',
        row.fxRate.text,
        cap
          ? `no conversion is needed: the amount is already in the cap's currency (${cap.currency}); leave fx_rate empty`
          : `no cap covers ${row.date}, so there is nothing to convert into; leave fx_rate empty`,
      );
    if (row.fxRate === null && cap && cap.currency !== row.currency) {
      const known = `${row.currency}>${cap.currency}@${row.date}`;
      let has = this.rates.get(known);
      if (has === undefined) {
        has =
          (await findRecordedRate(this.ctx, this.actor.issuerId, row.currency, cap.currency, row.date)) !==
          null;
        this.rates.set(known, has);
      }
      if (!has)
        return fail(
          'currency',
          'INVALID_VALUE',
          row.currency,
          `no FX rate ${row.currency}→${cap.currency} is recorded for ${row.date}: add an fx_rate column or record the rate (POST /api/v1/fx-rates)`,
        );
    }
    const key = rowKey(agreement.id, category.id, row.reference);
    const first = this.inFile.get(key);
    if (first !== undefined)
      return fail(
        'reference',
        'DUPLICATE_REFERENCE',
        row.reference,
        `reference "${row.reference}" of ${agreement.id} / "${category.key}" is also on line ${first} of this file`,
      );
    this.inFile.set(key, row.line);
    return { row, agreement, category, orderId, rowValues: rowValues(row, orderId) };
  }

  /** An order by id, or by its reference within the category: null if none, '' if several. */
  private async findOrder(
    agreement: AgreementRecord,
    category: CategoryRecord,
    token: string,
  ): Promise<string | null> {
    const byId = await this.ctx.store.getOrder(this.actor.issuerId, token);
    if (byId) return byId.agreementId === agreement.id && byId.categoryId === category.id ? byId.id : null;
    let refs = this.orderRefs.get(category.id);
    if (!refs) {
      refs = new Map();
      const orders = await this.ctx.store.listOrders(this.actor.issuerId, {
        agreementId: agreement.id,
        limit: 1_000_000,
      });
      for (const o of orders)
        if (o.categoryId === category.id) refs.set(o.reference, [...(refs.get(o.reference) ?? []), o.id]);
      this.orderRefs.set(category.id, refs);
    }
    const ids = refs.get(token) ?? [];
    return ids.length === 1 ? (ids[0] as string) : ids.length === 0 ? null : '';
  }
}

class HeaderRefused extends Error {}

const rowKey = (agreementId: string, categoryId: string, reference: string) =>
  `${agreementId}\u0001${categoryId}\u0001${reference}`;

/** "The same values": date, currency, amount, order and FX rate as read (the key names the rest). */
const rowValues = (
  row: Pick<ImportRow, 'date' | 'currency' | 'amountMinor' | 'fxRate'>,
  orderId: string | null,
): string =>
  `${row.date}|${row.currency}|${row.amountMinor}|${orderId ?? ''}|${row.fxRate ? `${row.fxRate.rate.numerator}/${row.fxRate.rate.denominator}` : ''}`;

/**
 * The rows the first pass found good and new, kept compactly (typed columns and interned values) for
 * the second: about 60 bytes a row, so a million rows are written without reading the file again.
 */
class Staging {
  n = 0;
  private size = 1024;
  private line = new Int32Array(this.size);
  private amount = new BigInt64Array(this.size);
  private date = new Int32Array(this.size);
  private pair = new Int32Array(this.size);
  private currency = new Int32Array(this.size);
  private order = new Int32Array(this.size);
  private rate = new Int32Array(this.size);
  private readonly refs: string[] = [];
  private readonly values = {
    date: new Interned<CalendarDate>(),
    pair: new Interned<{ agreement: AgreementRecord; category: CategoryRecord }>(),
    currency: new Interned<ImportRow['currency']>(),
    order: new Interned<string>(),
    rate: new Interned<NonNullable<ImportRow['fxRate']>>(),
  };

  add(r: ResolvedRow): void {
    if (this.n === this.size) this.grow();
    const i = this.n;
    this.line[i] = r.row.line;
    this.amount[i] = r.row.amountMinor;
    this.date[i] = this.values.date.index(r.row.date, r.row.date);
    this.pair[i] = this.values.pair.index(`${r.agreement.id}|${r.category.id}`, {
      agreement: r.agreement,
      category: r.category,
    });
    this.currency[i] = this.values.currency.index(r.row.currency, r.row.currency);
    this.order[i] = r.orderId === null ? -1 : this.values.order.index(r.orderId, r.orderId);
    this.rate[i] = r.row.fxRate === null ? -1 : this.values.rate.index(r.row.fxRate.text, r.row.fxRate);
    this.refs.push(r.row.reference);
    this.n += 1;
  }

  row(i: number): ResolvedRow {
    const { agreement, category } = this.values.pair.at(this.pair[i] as number);
    const o = this.order[i] as number;
    const f = this.rate[i] as number;
    const orderId = o < 0 ? null : this.values.order.at(o);
    const row: ImportRow = {
      line: this.line[i] as number,
      agreement: agreement.id,
      category: category.key,
      date: this.values.date.at(this.date[i] as number),
      currency: this.values.currency.at(this.currency[i] as number),
      amountMinor: this.amount[i] as bigint,
      reference: this.refs[i] as string,
      order: orderId,
      fxRate: f < 0 ? null : this.values.rate.at(f),
    };
    return { row, agreement, category, orderId, rowValues: rowValues(row, orderId) };
  }

  private grow(): void {
    this.size *= 2;
    const more = <A extends Int32Array | BigInt64Array>(a: A, make: (n: number) => A): A => {
      const b = make(this.size);
      b.set(a as never);
      return b;
    };
    this.line = more(this.line, (n) => new Int32Array(n));
    this.amount = more(this.amount, (n) => new BigInt64Array(n));
    this.date = more(this.date, (n) => new Int32Array(n));
    this.pair = more(this.pair, (n) => new Int32Array(n));
    this.currency = more(this.currency, (n) => new Int32Array(n));
    this.order = more(this.order, (n) => new Int32Array(n));
    this.rate = more(this.rate, (n) => new Int32Array(n));
  }
}

/** Each distinct value once, by its key: an index into a list. */
class Interned<T> {
  private readonly byKey = new Map<string, number>();
  private readonly list: T[] = [];
  index(key: string, value: T): number {
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(value);
      this.byKey.set(key, i);
    }
    return i;
  }
  at(i: number): T {
    return this.list[i] as T;
  }
}

/** Carries out a queued run: validate, then (unless a dry run or refused) write. */
export async function runImport(
  ctx: AppContext,
  actor: Actor,
  run: ImportRunRecord,
  req: ImportRequest,
): Promise<ImportRunRecord> {
  requireImport(actor, req.kind);
  const counts = { rowsRead: 0, rowsValid: 0, rowsWritten: 0, rowsSkipped: 0 };
  const errors = new ErrorList();
  const setWritten = (n: number) => {
    counts.rowsWritten = n;
  };
  let status: ImportStatus = 'validating';
  let lastStored = 0;
  const progress = async (fraction: number | null, store = false) => {
    req.onProgress?.({ id: run.id, status, ...counts, fraction });
    if (store || counts.rowsRead + counts.rowsWritten - lastStored >= 50_000) {
      lastStored = counts.rowsRead + counts.rowsWritten;
      await ctx.store.transaction(async (tx) => {
        await tx.updateImportProgress(run.issuerId, run.id, status, counts);
        return { commit: true, value: undefined };
      });
    }
  };
  const finish = async (final: ImportStatus, summary: string) => {
    status = final;
    const finishedAt = ctx.clock.now();
    await ctx.store.transaction(async (tx) => {
      await tx.finishImportRun(run.issuerId, run.id, {
        status: final,
        counts,
        // In file order (rows resolved against the database are checked in groups, after their cells).
        errors: [...errors.listed].sort((a, b) => a.line - b.line),
        errorCount: errors.count,
        summary,
        finishedAt,
      });
      return { commit: true, value: undefined };
    });
    req.onProgress?.({ id: run.id, status, ...counts, fraction: 1 });
    return (await ctx.store.getImportRun(run.issuerId, run.id)) as ImportRunRecord;
  };

  try {
    const preset = await presetNamed(ctx, actor.issuerId, req.mapping);
    const agreements = await ctx.store.listAgreements(actor.issuerId);
    await progress(0, true);

    // ---- pass 1: validate every row ----
    const fraction = () => req.source.fractionRead?.() ?? null;
    let staging: Staging | null = req.dryRun ? null : new Staging();
    const pass1 = new RowReader(ctx, actor, req.kind, preset, agreements, errors, async (rows) => {
      for (const r of rows) {
        counts.rowsValid += 1;
        if (r.skip) counts.rowsSkipped += 1;
        // Once a row is bad nothing will be written: keep counting, stop keeping.
        else if (errors.count === 0) staging?.add(r.resolved);
      }
      counts.rowsRead = pass1.rowsRead;
      await progress(fraction());
    });
    if (!(await readAll(req.source, pass1, errors))) {
      counts.rowsRead = pass1.rowsRead;
      return await finish('refused', refusedSummary(req.source.name, counts, errors));
    }
    counts.rowsRead = pass1.rowsRead;
    const ignored =
      pass1.ignored.length > 0
        ? ` Columns not imported: ${pass1.ignored.map((c) => `"${c}"`).join(', ')}.`
        : '';
    if (errors.count > 0)
      return await finish('refused', refusedSummary(req.source.name, counts, errors) + ignored);
    const toWrite = counts.rowsValid - counts.rowsSkipped;
    if (req.dryRun)
      return await finish(
        'checked',
        `Dry run of ${req.source.name}: ${counts.rowsRead} rows read, no bad row; ${toWrite} would be imported and ${counts.rowsSkipped} skipped as imported before. Nothing was written.${ignored}`,
      );

    // ---- pass 2: write the rows kept by the first, in file order ----
    const rows = staging as Staging;
    staging = null;
    status = 'writing';
    await progress(0, true);
    const writer =
      req.kind === 'actuals'
        ? new ActualsWriter(ctx, actor, run.id, req.source.name)
        : new OrdersWriter(ctx, actor, run.id, errors);
    try {
      for (let i = 0; i < rows.n; i += 1) {
        await writer.add(rows.row(i));
        if (writer.written !== counts.rowsWritten && (i + 1) % WRITE_BATCH === 0) {
          setWritten(writer.written);
          await progress(toWrite === 0 ? 1 : writer.written / toWrite);
        }
      }
      await writer.end();
      setWritten(writer.written);
    } catch (e) {
      const reversed = await writer.reverse(e instanceof Error ? e.message : String(e));
      setWritten(0);
      const why =
        e instanceof RowsRefused
          ? `${errors.count} row${errors.count === 1 ? '' : 's'} could not be written`
          : e instanceof AppError
            ? e.message
            : 'an internal error';
      const final = e instanceof RowsRefused ? 'refused' : 'failed';
      await finish(
        final,
        `${req.source.name} was not imported: ${why}. What this import had written (${reversed}) was reversed; nothing of the file remains.`,
      );
      if (final === 'failed' && !(e instanceof AppError)) throw e;
      return (await ctx.store.getImportRun(run.issuerId, run.id)) as ImportRunRecord;
    }
    return await finish(
      'imported',
      `Imported ${req.source.name}: ${counts.rowsRead} rows read, ${counts.rowsWritten} ${req.kind} written, ${counts.rowsSkipped} skipped as imported before.${ignored}`,
    );
  } catch (e) {
    if (e instanceof UnreadableFile) {
      errors.add({ line: e.line, column: null, value: null, code: 'UNREADABLE_FILE', reason: e.message });
      return await finish('refused', refusedSummary(req.source.name, counts, errors));
    }
    if (e instanceof AppError && e.kind !== 'unavailable') throw e;
    await finish(
      'failed',
      `${req.source.name} was not imported: ${e instanceof Error ? e.message : String(e)}`,
    ).catch(() => undefined);
    throw e;
  }
}

/** The gate refused a row while the file was written (orders): the file is reversed and refused. */
class RowsRefused extends Error {}

/** Reads every record through `reader`; false when the header was refused. */
async function readAll(source: ImportSource, reader: RowReader, errors: ErrorList): Promise<boolean> {
  let any = false;
  try {
    for await (const rec of source.records()) {
      any = true;
      await reader.push(rec);
    }
    await reader.flush();
  } catch (e) {
    if (e instanceof HeaderRefused) return false;
    throw e;
  }
  if (!any) {
    errors.add({
      line: 1,
      column: null,
      value: null,
      code: 'UNREADABLE_FILE',
      reason: 'the file is empty: it has no header line',
    });
    return false;
  }
  return true;
}

function refusedSummary(name: string, counts: ImportCounts, errors: ErrorList): string {
  const listed = errors.count > errors.listed.length ? ` (the first ${errors.listed.length} listed)` : '';
  return `${name} was refused: ${errors.count} bad row${errors.count === 1 ? '' : 's'}${listed} among ${counts.rowsRead} rows read. Nothing was written.`;
}

// ---- writing actuals ----

class ActualsWriter {
  written = 0;
  private batch: ResolvedRow[] = [];
  private batchNo = 0;
  private readonly rates = new Map<string, { rate: Rate; fx: Omit<StoredFx, 'rounding'> } | null>();
  /**
   * Actual ids of this import: a random prefix (like any id) and a counter, so that a million rows go
   * into the id indexes in order rather than at random places.
   */
  private readonly idPrefix: string;
  private seq = 0;
  private nextId(): string {
    this.seq += 1;
    return `${this.idPrefix}${this.seq.toString(16).padStart(8, '0')}`;
  }

  constructor(
    private readonly ctx: AppContext,
    private readonly actor: Actor,
    private readonly importId: string,
    private readonly fileName: string,
  ) {
    // 'act_' and 8 random hex digits, then an 8-digit hex counter: 16 hex digits, as every actual id.
    this.idPrefix = ctx.ids.next('act').slice(0, 12);
  }

  async add(r: ResolvedRow): Promise<void> {
    this.batch.push(r);
    if (this.batch.length >= WRITE_BATCH) await this.writeBatch();
  }

  async end(): Promise<void> {
    if (this.batch.length > 0) await this.writeBatch();
  }

  private async convert(r: ResolvedRow, cap: CapRecord): Promise<{ minor: bigint; fx: StoredFx | null }> {
    const { row } = r;
    if (row.currency === cap.currency) return { minor: row.amountMinor, fx: null };
    if (row.fxRate) {
      const c = convertMinor(row.amountMinor, row.currency, cap.currency, row.fxRate.rate);
      return {
        minor: c.minor,
        fx: {
          rate: row.fxRate.text,
          date: row.date,
          source: `import ${this.importId} (${this.fileName}, line ${row.line})`,
          rounding: c.rounding,
        },
      };
    }
    const key = `${row.currency}>${cap.currency}@${row.date}`;
    let recorded = this.rates.get(key);
    if (recorded === undefined) {
      recorded = await findRecordedRate(this.ctx, this.actor.issuerId, row.currency, cap.currency, row.date);
      this.rates.set(key, recorded);
    }
    if (!recorded)
      throw AppError.conflict('FX_RATE_MISSING', `the FX rate ${key} went missing during the import`);
    const c = convertMinor(row.amountMinor, row.currency, cap.currency, recorded.rate);
    return { minor: c.minor, fx: { ...recorded.fx, rounding: c.rounding } };
  }

  private async writeBatch(): Promise<void> {
    const rows = this.batch;
    this.batch = [];
    this.batchNo += 1;
    const batchNo = this.batchNo;
    const { ctx, actor } = this;
    const now = ctx.clock.now();
    const prepared: { r: ResolvedRow; cap: CapRecord | null; actual: ActualRecord }[] = [];
    for (const r of rows) {
      const cap = coveringCap(r.agreement, r.category, r.row.date) ?? null;
      const converted = cap ? await this.convert(r, cap) : { minor: r.row.amountMinor, fx: null };
      prepared.push({
        r,
        cap,
        actual: {
          id: this.nextId(),
          issuerId: actor.issuerId,
          agreementId: r.agreement.id,
          categoryId: r.category.id,
          orderId: r.orderId,
          capId: cap?.id ?? null,
          date: r.row.date,
          currency: r.row.currency,
          amountMinor: r.row.amountMinor,
          capAmountMinor: converted.minor,
          fx: converted.fx,
          reference: r.row.reference,
          servicePeriodStart: null,
          servicePeriodEnd: null,
          invoiceDate: null,
          reversesId: null,
          reason: null,
          createdAt: now,
          createdBy: actor.userId,
        },
      });
    }
    const policy = await monitoringPolicyOf(ctx.store, actor.issuerId);
    await ctx.store.transaction(async (tx) => {
      // The caps, terms and rates were read from these versions: hold them until the commit.
      const agreements = new Map(prepared.map((p) => [p.r.agreement.id, p.r.agreement]));
      for (const a of [...agreements.values()].sort((x, y) => (x.id < y.id ? -1 : 1))) {
        const version = await tx.agreementVersion(a.id, true);
        if (version !== a.version)
          throw AppError.conflict(
            'AGREEMENT_CHANGED',
            `agreement ${a.id} changed while the file was imported (a revision, termination or new cap); import the file again`,
          );
      }
      const ledger: LedgerEntry[] = [];
      const perCap = new Map<
        string,
        {
          cap: CapRecord;
          actual: bigint;
          consumed: bigint;
          last: (typeof prepared)[number];
          from: CalendarDate;
        }
      >();
      const open = new Map<string, bigint>();
      for (const p of prepared) {
        const { actual, cap } = p;
        let consumed = 0n;
        let consumedOn = actual.date;
        if (actual.orderId && cap && actual.capAmountMinor > 0n) {
          const k = `${actual.orderId}|${cap.id}`;
          let left = open.get(k);
          const order = await tx.lockOrder(actor.issuerId, actual.orderId);
          if (order && order.signedOn > consumedOn) consumedOn = order.signedOn;
          if (left === undefined) {
            left =
              order?.status === 'accepted'
                ? ((await tx.orderBalances(actual.orderId)).find((b) => b.capId === cap.id)?.openMinor ?? 0n)
                : 0n;
          }
          consumed = left < actual.capAmountMinor ? left : actual.capAmountMinor;
          open.set(k, left - consumed);
        }
        const base = {
          issuerId: actor.issuerId,
          capId: cap?.id ?? null,
          categoryId: actual.categoryId,
          orderId: actual.orderId,
          actualId: actual.id,
          createdAt: now,
        };
        ledger.push({
          ...base,
          kind: 'actual',
          effectiveOn: actual.date,
          actualDelta: actual.capAmountMinor,
          committedDelta: 0n,
        });
        if (consumed > 0n)
          ledger.push({
            ...base,
            kind: 'consume',
            effectiveOn: consumedOn,
            actualDelta: 0n,
            committedDelta: -consumed,
          });
        if (cap) {
          const t = perCap.get(cap.id) ?? { cap, actual: 0n, consumed: 0n, last: p, from: actual.date };
          perCap.set(cap.id, {
            cap,
            actual: t.actual + actual.capAmountMinor,
            consumed: t.consumed + consumed,
            last: p,
            from: actual.date < t.from ? actual.date : t.from,
          });
        }
      }
      await tx.insertImportedActuals({
        issuerId: actor.issuerId,
        importId: this.importId,
        batch: batchNo,
        actuals: prepared.map((p) => p.actual),
        ledger,
        rows: prepared.map((p) => ({
          kind: 'actuals',
          agreementId: p.actual.agreementId,
          categoryId: p.actual.categoryId,
          reference: p.actual.reference,
          rowValues: p.r.rowValues,
          recordId: p.actual.id,
          importId: this.importId,
        })),
        digest: batchDigest(prepared.map((p) => p.actual)),
      });

      const breaches: { record: BreachRecord; message: string; p: (typeof prepared)[number] }[] = [];
      const base = (p: (typeof prepared)[number]) => ({
        issuerId: actor.issuerId,
        agreementId: p.actual.agreementId,
        categoryId: p.actual.categoryId,
        actualId: p.actual.id,
        revisionId: null,
        recordedAt: now,
      });
      const noFigures = { currency: null, capMinor: null, actualMinor: null, excessMinor: null };
      for (const p of prepared) {
        const { category } = p.r;
        const term = effectiveTerm({
          termStart: category.termStart,
          termEnd: category.termEnd,
          terminatedOn: category.termination?.effectiveOn ?? null,
        });
        if (!term || !inRange(p.actual.date, term))
          breaches.push({
            p,
            record: {
              ...base(p),
              ...noFigures,
              id: ctx.ids.next('brc'),
              code: 'OUTSIDE_TERM',
              capId: p.cap?.id ?? null,
              occurredOn: p.actual.date,
            },
            message: `The actual dated ${p.actual.date} (imported, reference ${p.actual.reference}) lies outside the term of "${category.key}" (${category.termStart} to ${term?.end ?? category.termEnd}). It has been recorded.`,
          });
        if (!p.cap)
          breaches.push({
            p,
            record: {
              ...base(p),
              ...noFigures,
              id: ctx.ids.next('brc'),
              code: 'NO_COVERING_CAP',
              capId: null,
              occurredOn: p.actual.date,
            },
            message: `No annual cap covers "${category.key}" on ${p.actual.date} (imported, reference ${p.actual.reference}): a transaction without a cap is not permitted (Rule 14A.53). It has been recorded.`,
          });
      }
      for (const t of [...perCap.values()].sort((x, y) => (x.cap.id < y.cap.id ? -1 : 1))) {
        const usage = await tx.adjustUsage(t.cap.id, t.actual, -t.consumed);
        const { actual } = t.last;
        await checkThresholds(
          ctx,
          tx,
          {
            issuerId: actor.issuerId,
            agreement: t.last.r.agreement,
            category: t.last.r.category,
            cap: t.cap,
            capMinor: capAmountInForce(t.cap, actual.date),
            actualMinor: usage.actualMinor,
            committedMinor: usage.committedMinor,
            actualId: actual.id,
            date: actual.date,
          },
          policy,
        );
        const finding = await findCapBreach(tx, t.cap, usage.actualMinor, t.from);
        if (finding) {
          const d = describeMoney(t.cap.currency);
          breaches.push({
            p: t.last,
            record: {
              ...base(t.last),
              id: ctx.ids.next('brc'),
              code: 'CAP_EXCEEDED',
              capId: t.cap.id,
              occurredOn: finding.date,
              currency: t.cap.currency,
              capMinor: finding.capMinor,
              actualMinor: finding.actualMinor,
              excessMinor: finding.excessMinor,
            },
            message: `Breach: actual amounts of ${d(finding.actualMinor)} exceed the cap of ${d(finding.capMinor)} for ${t.cap.periodStart} to ${t.cap.periodEnd} by ${d(finding.excessMinor)} on ${finding.date} (Rule 14A.54), after an import.`,
          });
        }
      }
      for (const b of breaches) {
        await tx.insertBreach(b.record);
        await raiseBreachAlert(
          ctx,
          tx,
          actor.issuerId,
          policy,
          b.p.r.agreement,
          b.p.r.category,
          b.p.cap,
          b.record,
          b.message,
        );
      }
      return { commit: true, value: undefined };
    });
    this.written += prepared.length;
  }

  /** Reverses every actual this import wrote, batch by batch; returns what was reversed, in words. */
  async reverse(why: string): Promise<string> {
    const { ctx, actor } = this;
    let reversed = 0;
    for (;;) {
      const page = await ctx.store.unreversedActualsWithPrefix(actor.issuerId, this.idPrefix, WRITE_BATCH);
      if (page.length === 0) break;
      this.batchNo += 1;
      const batchNo = this.batchNo;
      const now = ctx.clock.now();
      await ctx.store.transaction(async (tx) => {
        const actuals: ActualRecord[] = [];
        const ledger: LedgerEntry[] = [];
        const perCap = new Map<string, { actual: bigint; restored: bigint }>();
        for (const a of page) {
          const id = ctx.ids.next('act');
          actuals.push({
            id,
            issuerId: actor.issuerId,
            agreementId: a.agreementId,
            categoryId: a.categoryId,
            orderId: a.orderId,
            capId: a.capId,
            date: a.date,
            currency: a.currency,
            amountMinor: -a.amountMinor,
            capAmountMinor: -a.capAmountMinor,
            fx: null,
            reference: a.reference,
            servicePeriodStart: null,
            servicePeriodEnd: null,
            invoiceDate: null,
            reversesId: a.id,
            reason: `import ${this.importId} did not complete (${why.slice(0, 300)}): reversed so that the file lands whole or not at all`,
            createdAt: now,
            createdBy: actor.userId,
          });
          const base = {
            issuerId: actor.issuerId,
            capId: a.capId,
            categoryId: a.categoryId,
            orderId: a.orderId,
            actualId: id,
            createdAt: now,
          };
          ledger.push({
            ...base,
            kind: 'actual-reversal',
            effectiveOn: a.date,
            actualDelta: -a.capAmountMinor,
            committedDelta: 0n,
          });
          let restored = 0n;
          if (a.orderId && a.capId) {
            const order = await tx.lockOrder(actor.issuerId, a.orderId);
            if (order?.status === 'accepted') {
              restored = (await tx.consumedByActual(a.id))
                .filter((c) => c.capId === a.capId)
                .reduce((s, c) => s + c.minor, 0n);
              if (restored > 0n)
                ledger.push({
                  ...base,
                  kind: 'restore',
                  effectiveOn: a.date,
                  actualDelta: 0n,
                  committedDelta: restored,
                });
            }
          }
          if (a.capId) {
            const t = perCap.get(a.capId) ?? { actual: 0n, restored: 0n };
            perCap.set(a.capId, { actual: t.actual + a.capAmountMinor, restored: t.restored + restored });
          }
        }
        await tx.insertImportedActuals({
          issuerId: actor.issuerId,
          importId: this.importId,
          batch: batchNo,
          actuals,
          ledger,
          rows: [],
          digest: batchDigest(actuals),
        });
        for (const [capId, t] of [...perCap.entries()].sort(([x], [y]) => (x < y ? -1 : 1)))
          await tx.adjustUsage(capId, -t.actual, t.restored);
        await tx.deleteImportedRows(actor.issuerId, 'actuals', page);
        return { commit: true, value: undefined };
      });
      reversed += page.length;
    }
    return `${reversed} actual amount${reversed === 1 ? '' : 's'}`;
  }
}

/** SHA-256 over a batch's actuals in canonical form: recorded in the batch's audit event. */
function batchDigest(actuals: readonly ActualRecord[]): string {
  const h = createHash('sha256');
  for (const a of actuals)
    h.update(
      `${a.id}|${a.agreementId}|${a.categoryId}|${a.orderId ?? ''}|${a.capId ?? ''}|${a.date}|${a.currency}|${a.amountMinor}|${a.capAmountMinor}|${a.fx?.rate ?? ''}|${a.reference}|${a.reversesId ?? ''}\n`,
    );
  return h.digest('hex');
}

// ---- writing orders ----

class OrdersWriter {
  written = 0;
  private readonly placed: (ImportedRowKey & { readonly id: string })[] = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly actor: Actor,
    private readonly importId: string,
    private readonly errors: ErrorList,
  ) {}

  /** Each order through the gate, as `POST /api/v1/orders` would place it. */
  async add(r: ResolvedRow): Promise<void> {
    {
      const { row } = r;
      const body = {
        agreementId: r.agreement.id,
        categoryKey: r.category.key,
        reference: row.reference,
        signedOn: row.date,
        schedule: [
          { date: row.date, amount: formatMinor(row.amountMinor, row.currency), currency: row.currency },
        ],
        ...(row.fxRate
          ? {
              fx: {
                rate: row.fxRate.text,
                date: row.date,
                source: `import ${this.importId}, line ${row.line}`,
              },
            }
          : {}),
      };
      let answer;
      try {
        answer = (await recordOrder(this.ctx, this.actor, body)).body;
      } catch (e) {
        if (e instanceof AppError && e.kind === 'invalid_input') {
          this.errors.add({
            line: row.line,
            column: null,
            value: null,
            code: 'REFUSED',
            reason: (e.details.errors ?? []).map((x) => `${x.path}: ${x.message}`).join('; ') || e.message,
          });
          throw new RowsRefused();
        }
        throw e;
      }
      if (!('id' in answer)) {
        this.errors.add({
          line: row.line,
          column: null,
          value: null,
          code: 'REFUSED',
          reason: answer.reasons.map((x) => x.message).join(' '),
        });
        throw new RowsRefused();
      }
      this.placed.push({
        id: answer.id,
        agreementId: r.agreement.id,
        categoryId: r.category.id,
        reference: row.reference,
      });
      await this.ctx.store.transaction(async (tx) => {
        await tx.insertImportedRows(this.actor.issuerId, [
          {
            kind: 'orders',
            agreementId: r.agreement.id,
            categoryId: r.category.id,
            reference: row.reference,
            rowValues: r.rowValues,
            recordId: answer.id,
            importId: this.importId,
          },
        ]);
        return { commit: true, value: undefined };
      });
      this.written += 1;
    }
  }

  async end(): Promise<void> {}

  /** Cancels every order this import placed (none has actuals yet: it was placed moments ago). */
  async reverse(): Promise<string> {
    for (const placed of this.placed) {
      await cancelImportedOrder(this.ctx, this.actor, placed.id);
      await this.ctx.store.transaction(async (tx) => {
        await tx.deleteImportedRows(this.actor.issuerId, 'orders', [placed]);
        return { commit: true, value: undefined };
      });
    }
    const n = this.placed.length;
    return `${n} order${n === 1 ? '' : 's'}, cancelled`;
  }
}
