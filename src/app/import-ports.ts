/**
 * Issue 9: the store's side of imports — saved column mappings, import runs (progress and outcome),
 * and the imported rows' source references (what makes an import repeatable).
 */
import type { CalendarDate, CurrencyCode } from '../domain/index.js';
import type { ImportKind, ImportPreset } from '../domain/import/preset.js';
import type { ImportRowError } from '../domain/import/rows.js';
import type { ActualRecord, LedgerEntry } from './ports.js';

export interface ImportMappingRecord {
  readonly issuerId: string;
  readonly preset: ImportPreset;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export type ImportStatus =
  'queued' | 'validating' | 'writing' | 'imported' | 'checked' | 'refused' | 'failed';

export interface ImportCounts {
  readonly rowsRead: number;
  readonly rowsValid: number;
  readonly rowsWritten: number;
  readonly rowsSkipped: number;
}

export interface ImportRunRecord extends ImportCounts {
  readonly id: string;
  readonly issuerId: string;
  readonly kind: ImportKind;
  readonly mapping: string;
  readonly dryRun: boolean;
  readonly fileName: string | null;
  readonly status: ImportStatus;
  /** Every bad row, and any problem with the file as a whole (line 1 for the header). */
  readonly errors: readonly ImportRowError[];
  readonly errorCount: number;
  readonly summary: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly createdBy: string;
}

/** A row imported earlier, by its source reference: (agreement, category, reference) within a kind. */
export interface ImportedRowRecord {
  readonly kind: ImportKind;
  readonly agreementId: string;
  readonly categoryId: string;
  readonly reference: string;
  /** The row's values in canonical form (date, currency, amount, order, FX rate): "the same values". */
  readonly rowValues: string;
  /** The actual or order the row became. */
  readonly recordId: string;
  readonly importId: string;
}

/** What identifies an imported row: (agreement, category, reference) within its kind. */
export interface ImportedRowKey {
  readonly agreementId: string;
  readonly categoryId: string;
  readonly reference: string;
}

/**
 * One batch of an actuals import, written by one audited call (one audit event per batch). Each
 * actual gets its ledger entry of `ledgerKind` (its amount in the cap's currency, on its date); the
 * consumption of orders' reservations comes as extra entries. `rowValues[i]`, when given, records
 * actual i's source reference as imported (absent for a reversal batch).
 */
export interface ImportedActualsBatch {
  readonly issuerId: string;
  readonly importId: string;
  readonly batch: number;
  readonly actuals: readonly ActualRecord[];
  readonly ledgerKind: 'actual' | 'actual-reversal';
  readonly extraLedger: readonly LedgerEntry[];
  readonly rowValues: readonly string[] | null;
  /** SHA-256 over the batch's actuals in canonical form: what the audit event records. */
  readonly digest: string;
}

/** What an actuals import wrote, as read back for its reversal when a later batch fails. */
export interface ImportedActual {
  readonly id: string;
  readonly agreementId: string;
  readonly reference: string;
  readonly categoryId: string;
  readonly capId: string | null;
  readonly orderId: string | null;
  readonly date: CalendarDate;
  readonly currency: CurrencyCode;
  readonly amountMinor: bigint;
  readonly capAmountMinor: bigint;
}

export interface ImportReader {
  getImportMapping(issuerId: string, name: string): Promise<ImportMappingRecord | null>;
  listImportMappings(issuerId: string): Promise<ImportMappingRecord[]>;
  getImportRun(issuerId: string, id: string): Promise<ImportRunRecord | null>;
  /** The rows imported earlier under any of these references (of this kind), with their run's status. */
  findImportedRows(
    issuerId: string,
    kind: ImportKind,
    references: readonly string[],
  ): Promise<(ImportedRowRecord & { readonly importStatus: ImportStatus | null })[]>;
  /**
   * Of these actual ids, those the import wrote (recorded as its rows in imported_rows) and nothing
   * has reversed yet.
   */
  unreversedImportedActuals(
    issuerId: string,
    importId: string,
    ids: readonly string[],
  ): Promise<ImportedActual[]>;
}

export interface ImportTx extends ImportReader {
  /** Saves a named preset (replacing one of the same name). */
  putImportMapping(mapping: ImportMappingRecord): Promise<void>;
  insertImportRun(run: ImportRunRecord): Promise<void>;
  /** Progress counters while the run works: not audited (the run's start and outcome are). */
  updateImportProgress(
    issuerId: string,
    id: string,
    status: ImportStatus,
    counts: ImportCounts,
  ): Promise<void>;
  /** The run's outcome: status, counts, errors and summary, set once. */
  finishImportRun(
    issuerId: string,
    id: string,
    outcome: {
      readonly status: ImportStatus;
      readonly counts: ImportCounts;
      readonly errors: readonly ImportRowError[];
      readonly errorCount: number;
      readonly summary: string;
      readonly finishedAt: string;
    },
  ): Promise<void>;
  insertImportedActuals(batch: ImportedActualsBatch): Promise<void>;
  insertImportedRows(issuerId: string, rows: readonly ImportedRowRecord[]): Promise<void>;
  /** Forgets source references (their records were reversed): they may be imported again. */
  deleteImportedRows(issuerId: string, kind: ImportKind, keys: readonly ImportedRowKey[]): Promise<void>;
}
