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
  MAX_MINOR,
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
  type ImportField,
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
import { Staging, type ResolvedRow } from './import-staging.js';
import { capAmountInForce } from './views.js';

/** One record of the file: its line (the header is line 1) and its cells. */
export interface SourceRecord {
  readonly line: number;
  readonly cells: readonly ImportCell[];
}

/**
 * A file to import; `records()` reads it from the start each time it is called, in groups of records
 * (a chunk of the file each): a million rows are not a million promises.
 */
export interface ImportSource {
  readonly name: string;
  records(): AsyncIterable<readonly SourceRecord[]>;
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
  /** Aborted (Ctrl-C): the run stops at the next group of rows, and what it wrote is reversed. */
  readonly signal?: AbortSignal;
}

/** The bad rows listed in a run's outcome at most; beyond, they are counted. */
export const MAX_LISTED_ERRORS = 100_000;
/** Rows per write transaction of an actuals import. */
export const WRITE_BATCH = 10_000;
const LOOKUP_BATCH = 2000;

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
  private readonly orderRefs = new Map<string, Map<string, string[]>>();
  /** Orders named by the file, by category id and the cell: the id, null (none) or '' (several). */
  private readonly orders = new Map<string, string | null>();
  /** Recorded FX rates the file needs, by "from>to@date": null when none is recorded. */
  private readonly rates = new Map<string, Rate | null>();
  ignored: readonly string[] = [];
  rowsRead = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly actor: Actor,
    private readonly kind: ImportKind,
    private readonly preset: ImportPreset,
    agreements: readonly AgreementRecord[],
    readonly errors: ErrorList,
    /** Keeps the good rows (and finds a reference repeated within the file). */
    readonly staging: Staging,
    /** Told, after each group, how many good rows it had and how many of them were imported before. */
    private readonly emit: (valid: number, skipped: number) => Promise<void>,
  ) {
    for (const a of agreements) {
      this.byId.set(a.id, a);
      const n = a.name.en.trim().toLowerCase();
      this.byName.set(n, [...(this.byName.get(n) ?? []), a]);
    }
  }

  /** Takes the next record; a promise only when a group of rows is due to be resolved. */
  push(rec: SourceRecord): Promise<void> | undefined {
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
    return this.pending.length >= LOOKUP_BATCH ? this.flush() : undefined;
  }

  /** Resolves the rows read so far, keeps the good ones, and marks those imported before. */
  async flush(): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    if (rows.length === 0) return;
    await this.prefetch(rows);
    const kept: number[] = [];
    for (const row of rows) {
      const i = this.resolve(row);
      if (i >= 0) kept.push(i);
    }
    const { staging } = this;
    const earlier = new Map<string, ImportedRowRecord & { readonly importStatus: ImportStatus | null }>();
    for (const e of await this.ctx.store.findImportedRows(
      this.actor.issuerId,
      this.kind,
      kept.map((i) => staging.reference(i)),
    ))
      earlier.set(rowKey(e.agreementId, e.categoryId, e.reference), e);
    let skipped = 0;
    let conflicts = 0;
    if (earlier.size > 0)
      for (const i of kept) {
        const r = staging.row(i);
        const before = earlier.get(rowKey(r.agreement.id, r.category.id, r.row.reference));
        if (!before) continue;
        // Either way the row is not one to write: skipped, or refused (and then nothing is written).
        staging.markSkipped(i);
        const what = `reference "${r.row.reference}" of ${r.agreement.id} / "${r.category.key}"`;
        const refuse = (code: 'REFERENCE_IN_PROGRESS' | 'REFERENCE_CONFLICT', reason: string) => {
          conflicts += 1;
          this.errors.add({
            line: r.row.line,
            column: this.preset.columns.reference ?? 'reference',
            value: r.row.reference,
            code,
            reason,
          });
        };
        if (before.importStatus !== 'imported')
          // That import has not finished: it may yet be reversed, so this file cannot count on it.
          refuse(
            'REFERENCE_IN_PROGRESS',
            before.importStatus === 'failed'
              ? `${what} was written by import ${before.importId}, which failed and did not reverse it: see that import's outcome`
              : `${what} is being written by import ${before.importId} (${before.importStatus ?? 'no outcome'}), which has not finished: import this file again once it has`,
          );
        else if (before.rowValues === rowValues(r.row, r.orderId)) skipped += 1;
        else
          refuse(
            'REFERENCE_CONFLICT',
            `${what} was imported before (import ${before.importId}, ${this.kind === 'actuals' ? 'actual' : 'order'} ${before.recordId}) with other values: correct the row or give it its own reference`,
          );
      }
    await this.emit(kept.length - conflicts, skipped);
  }

  /** The agreement and category a row names, when it names known ones (errors are the resolver's). */
  private target(row: ImportRow): { agreement: AgreementRecord; category: CategoryRecord } | null {
    let agreement = this.byId.get(row.agreement);
    if (!agreement) {
      const named = this.byName.get(row.agreement.toLowerCase()) ?? [];
      if (named.length !== 1) return null;
      agreement = named[0];
    }
    const category = agreement?.categories.find((c) => c.key === row.category);
    return agreement && category ? { agreement, category } : null;
  }

  /** Looks up, once each, the orders and recorded FX rates the group's rows need. */
  private async prefetch(rows: readonly ImportRow[]): Promise<void> {
    for (const row of rows) {
      const t = this.target(row);
      if (!t) continue;
      if (row.order !== null) {
        const key = `${t.category.id}\u0001${row.order}`;
        if (!this.orders.has(key))
          this.orders.set(key, await this.findOrder(t.agreement, t.category, row.order));
      }
      const cap = coveringCap(t.agreement, t.category, row.date);
      if (row.fxRate === null && cap && cap.currency !== row.currency) {
        const known = `${row.currency}>${cap.currency}@${row.date}`;
        if (!this.rates.has(known))
          this.rates.set(
            known,
            (await findRecordedRate(this.ctx, this.actor.issuerId, row.currency, cap.currency, row.date))
              ?.rate ?? null,
          );
      }
    }
  }

  private col(field: ImportField) {
    return this.preset.columns[field] ?? field;
  }

  /** Checks a row against the issuer's records and keeps it: its staging index, or -1 when bad. */
  private resolve(row: ImportRow): number {
    const fail = (
      field: Parameters<RowReader['col']>[0],
      code: ImportRowError['code'],
      value: string,
      reason: string,
    ) => {
      this.errors.add({ line: row.line, column: this.col(field), value, code, reason });
      return -1;
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
      orderId = this.orders.get(`${category.id}\u0001${row.order}`) ?? null;
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
    if (cap && cap.currency !== row.currency) {
      const rate = row.fxRate?.rate ?? this.rates.get(`${row.currency}>${cap.currency}@${row.date}`) ?? null;
      if (rate === null)
        return fail(
          'currency',
          'INVALID_VALUE',
          row.currency,
          `no FX rate ${row.currency}→${cap.currency} is recorded for ${row.date}: add an fx_rate column or record the rate (POST /api/v1/fx-rates)`,
        );
      // As the API refuses it: converted, the amount must still be one the ledger keeps.
      const converted = convertMinor(row.amountMinor, row.currency, cap.currency, rate).minor;
      if (converted > MAX_MINOR || -converted > MAX_MINOR)
        return fail(
          row.fxRate ? 'fx_rate' : 'amount',
          'INVALID_VALUE',
          row.fxRate ? row.fxRate.text : formatMinor(row.amountMinor, row.currency),
          `converted into ${cap.currency}, the amount is larger than the largest amount kept: check the amount and the rate`,
        );
    }
    const pair = this.staging.pairOf(agreement, category);
    const first = this.staging.find(pair, row.reference);
    if (first >= 0)
      return fail(
        'reference',
        'DUPLICATE_REFERENCE',
        row.reference,
        `reference "${row.reference}" of ${agreement.id} / "${category.key}" is also on line ${this.staging.lineOf(first)} of this file`,
      );
    return this.staging.add({ row, agreement, category, orderId }, pair);
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
    const staging = new Staging();
    const pass1 = new RowReader(
      ctx,
      actor,
      req.kind,
      preset,
      agreements,
      errors,
      staging,
      async (valid, skipped) => {
        counts.rowsValid += valid;
        counts.rowsSkipped += skipped;
        counts.rowsRead = pass1.rowsRead;
        await progress(fraction());
        if (req.signal?.aborted) throw new Cancelled();
      },
    );
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
    status = 'writing';
    await progress(0, true);
    const writer =
      req.kind === 'actuals'
        ? new ActualsWriter(ctx, actor, run.id, req.source.name)
        : new OrdersWriter(ctx, actor, run.id, errors);
    try {
      for (let i = 0; i < staging.n; i += 1) {
        if (staging.skipped(i)) continue;
        const writing = writer.add(staging.row(i));
        if (writing) {
          await writing;
          if (req.signal?.aborted) throw new Cancelled();
        }
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
          : e instanceof Cancelled
            ? e.message
            : e instanceof AppError
              ? e.message
              : 'an internal error';
      const final = e instanceof RowsRefused ? 'refused' : 'failed';
      await finish(
        final,
        `${req.source.name} was not imported: ${why}. What this import had written (${reversed.text}) was reversed` +
          (reversed.complete ? '; nothing of the file remains.' : '.'),
      );
      if (final === 'failed' && !(e instanceof AppError) && !(e instanceof Cancelled)) throw e;
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
    if (e instanceof Cancelled)
      return await finish(
        'failed',
        `${req.source.name} was not imported: ${e.message}. Nothing was written.`,
      );
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

/** The run was stopped (Ctrl-C, SIGTERM): at the next group of rows, and reversed. */
class Cancelled extends Error {
  constructor() {
    super('it was interrupted');
  }
}

/** Reads every record through `reader`; false when the header was refused. */
async function readAll(source: ImportSource, reader: RowReader, errors: ErrorList): Promise<boolean> {
  let sawRecord = false;
  try {
    for await (const group of source.records()) {
      for (const rec of group) {
        sawRecord = true;
        const resolving = reader.push(rec);
        if (resolving) await resolving;
      }
    }
    await reader.flush();
  } catch (e) {
    if (e instanceof HeaderRefused) return false;
    throw e;
  }
  if (!sawRecord) {
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
    return this.idOf(this.seq);
  }
  private idOf(k: number): string {
    return `${this.idPrefix}${k.toString(16).padStart(8, '0')}`;
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

  /** Takes the next row; a promise only when a batch is due to be written. */
  add(r: ResolvedRow): Promise<void> | undefined {
    this.batch.push(r);
    return this.batch.length >= WRITE_BATCH ? this.writeBatch() : undefined;
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
      const extraLedger: LedgerEntry[] = [];
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
        // The actual's own ledger entry is written with it (insertImportedActuals): only consumption here.
        if (consumed > 0n)
          extraLedger.push({
            issuerId: actor.issuerId,
            capId: cap?.id ?? null,
            categoryId: actual.categoryId,
            orderId: actual.orderId,
            actualId: actual.id,
            createdAt: now,
            kind: 'consume',
            effectiveOn: consumedOn,
            actualDelta: 0n,
            committedDelta: -consumed,
          });
        if (cap) {
          const t = perCap.get(cap.id);
          if (!t)
            perCap.set(cap.id, { cap, actual: actual.capAmountMinor, consumed, last: p, from: actual.date });
          else {
            t.actual += actual.capAmountMinor;
            t.consumed += consumed;
            t.last = p;
            if (actual.date < t.from) t.from = actual.date;
          }
        }
      }
      await tx.insertImportedActuals({
        issuerId: actor.issuerId,
        importId: this.importId,
        batch: batchNo,
        actuals: prepared.map((p) => p.actual),
        ledgerKind: 'actual',
        extraLedger,
        rowValues: prepared.map((p) => rowValues(p.r.row, p.r.orderId)),
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
  async reverse(why: string): Promise<{ text: string; complete: boolean }> {
    const { ctx, actor } = this;
    let reversed = 0;
    // Every id this import handed out, in pages: those it wrote (and nobody reversed meanwhile) are
    // read under the reversal's own transaction.
    for (let from = 1; from <= this.seq; from += WRITE_BATCH) {
      const ids: string[] = [];
      for (let k = from; k < from + WRITE_BATCH && k <= this.seq; k += 1) ids.push(this.idOf(k));
      this.batchNo += 1;
      const batchNo = this.batchNo;
      const now = ctx.clock.now();
      reversed += await ctx.store.transaction(async (tx) => {
        const page = await tx.unreversedImportedActuals(actor.issuerId, this.importId, ids);
        if (page.length === 0) return { commit: false, value: 0 };
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
          // The reversal's own 'actual-reversal' entry (its negative amount) is written with it.
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
          ledgerKind: 'actual-reversal',
          extraLedger: ledger,
          rowValues: null,
          digest: batchDigest(actuals),
        });
        for (const [capId, t] of [...perCap.entries()].sort(([x], [y]) => (x < y ? -1 : 1)))
          await tx.adjustUsage(capId, -t.actual, t.restored);
        await tx.deleteImportedRows(actor.issuerId, 'actuals', page);
        return { commit: true, value: page.length };
      });
    }
    return { text: `${reversed} actual amount${reversed === 1 ? '' : 's'}`, complete: true };
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
            rowValues: rowValues(r.row, r.orderId),
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
  async reverse(): Promise<{ text: string; complete: boolean }> {
    const kept: string[] = [];
    for (const placed of this.placed) {
      if (!(await cancelImportedOrder(this.ctx, this.actor, placed.id))) {
        // Invoiced against or closed meanwhile: it stays, and so does its reference (not placed twice).
        kept.push(placed.id);
        continue;
      }
      await this.ctx.store.transaction(async (tx) => {
        await tx.deleteImportedRows(this.actor.issuerId, 'orders', [placed]);
        return { commit: true, value: undefined };
      });
    }
    const n = this.placed.length - kept.length;
    return {
      text:
        `${n} order${n === 1 ? '' : 's'}, cancelled` +
        (kept.length > 0
          ? `; not ${kept.join(', ')}, invoiced against or closed meanwhile, which stay${kept.length === 1 ? 's' : ''}`
          : ''),
      complete: kept.length === 0,
    };
  }
}
