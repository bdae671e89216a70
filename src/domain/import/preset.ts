/**
 * Issue 9 (imports): a column mapping ("preset") says which column of an ERP export holds each field
 * of an imported row, and how its dates are written. `generic` is built in; an issuer saves others
 * under a name. Pure: the presets are values, the header check a function.
 */
import { IMPORT_DATE_FORMATS, type ImportDateFormat } from './dates.js';
import { invalid, parsed, type FieldError, type Parsed } from '../result.js';

export type ImportKind = 'actuals' | 'orders';
export const IMPORT_KINDS: readonly ImportKind[] = ['actuals', 'orders'];

/** The fields of an imported row, in the generic preset's column order. */
export const IMPORT_FIELDS = [
  'agreement',
  'category',
  'date',
  'amount',
  'currency',
  'reference',
  'order',
  'fx_rate',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
const OPTIONAL_FIELDS: readonly ImportField[] = ['order', 'fx_rate'];
export const REQUIRED_FIELDS: readonly ImportField[] = IMPORT_FIELDS.filter(
  (f) => !OPTIONAL_FIELDS.includes(f),
);

export type ImportColumns = { readonly [F in ImportField]?: string };

export interface ImportPreset {
  readonly name: string;
  /** The header (as the file writes it) of each field's column. */
  readonly columns: ImportColumns;
  readonly dateFormat: ImportDateFormat;
  /** The XLSX worksheet to read; null for the first. */
  readonly sheet: string | null;
  readonly description: string | null;
  readonly builtIn: boolean;
}

export const GENERIC_PRESET: ImportPreset = {
  name: 'generic',
  columns: Object.fromEntries(IMPORT_FIELDS.map((f) => [f, f])),
  dateFormat: 'iso',
  sheet: null,
  description:
    'Built in: columns agreement (id or unique English name), category (key), date (YYYY-MM-DD), amount, currency, reference; optional order (id or reference) and fx_rate.',
  builtIn: true,
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A preset's name: letters, digits, '.', '_' and '-', up to 64 characters; `generic` is reserved. */
export function parsePresetName(value: unknown, path = 'name'): Parsed<string> {
  if (typeof value !== 'string' || !NAME.test(value))
    return invalid(
      path,
      `${JSON.stringify(value)} is not a preset name: letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64 characters`,
    );
  return parsed(value);
}

/** PUT /api/v1/import-mappings/{name}: `{ columns, dateFormat, sheet?, description? }`. */
export function parsePresetInput(name: string, raw: unknown): Parsed<ImportPreset> {
  const errors: FieldError[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return invalid('', 'the body must be a JSON object { columns, dateFormat, sheet?, description? }');
  const body = raw as Record<string, unknown>;
  for (const key of Object.keys(body))
    if (!['columns', 'dateFormat', 'sheet', 'description'].includes(key))
      errors.push({
        path: key,
        message: 'is not a field of a preset (columns, dateFormat, sheet, description)',
      });
  const columns: Record<string, string> = {};
  const rawColumns = body['columns'];
  if (typeof rawColumns !== 'object' || rawColumns === null || Array.isArray(rawColumns)) {
    errors.push({
      path: 'columns',
      message: `is required: an object naming the column of each field (${IMPORT_FIELDS.join(', ')})`,
    });
  } else {
    const given = rawColumns as Record<string, unknown>;
    for (const [field, header] of Object.entries(given)) {
      const path = `columns.${field}`;
      if (!(IMPORT_FIELDS as readonly string[]).includes(field)) {
        errors.push({ path, message: `is not an import field (${IMPORT_FIELDS.join(', ')})` });
      } else if (typeof header !== 'string' || header.trim() === '' || header.length > 200) {
        errors.push({
          path,
          message: 'must be the column header as the file writes it (1 to 200 characters)',
        });
      } else columns[field] = header.trim();
    }
    for (const field of REQUIRED_FIELDS)
      if (!(field in given)) errors.push({ path: `columns.${field}`, message: 'is required' });
    const seen = new Map<string, string>();
    for (const [field, header] of Object.entries(columns)) {
      const other = seen.get(header.toLowerCase());
      if (other !== undefined)
        errors.push({
          path: `columns.${field}`,
          message: `names the same column "${header}" as columns.${other}`,
        });
      seen.set(header.toLowerCase(), field);
    }
  }
  const dateFormat = body['dateFormat'];
  if (typeof dateFormat !== 'string' || !(IMPORT_DATE_FORMATS as readonly string[]).includes(dateFormat))
    errors.push({
      path: 'dateFormat',
      message: `is required: one of ${IMPORT_DATE_FORMATS.join(', ')} (YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY)`,
    });
  const text = (key: string, max: number): string | null => {
    const v = body[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v.trim() === '' || v.length > max) {
      errors.push({ path: key, message: `must be text of 1 to ${max} characters` });
      return null;
    }
    return v.trim();
  };
  const sheet = text('sheet', 100);
  const description = text('description', 500);
  if (errors.length > 0) return { ok: false, errors };
  return parsed({
    name,
    columns,
    dateFormat: dateFormat as ImportDateFormat,
    sheet,
    description,
    builtIn: false,
  });
}

/** A problem with the file as a whole: nothing of it can be read as rows. */
export interface ImportFileError {
  readonly line: number;
  readonly column: string | null;
  readonly value: string | null;
  readonly code: 'MISSING_COLUMN' | 'UNREADABLE_FILE';
  readonly reason: string;
}

export interface HeaderMap {
  /** The position of each field's column in a row; absent when the (optional) column is not in the file. */
  readonly index: { readonly [F in ImportField]?: number };
  /** Columns of the file the preset does not map: left out of the import, named in its summary. */
  readonly ignored: readonly string[];
}

/**
 * Finds the preset's columns in the file's header (line 1). Headers match trimmed and regardless of
 * case. Every required column must be there; the optional `order` and `fx_rate` may be absent from a
 * file read with the built-in preset, but a column a saved preset names must be in the file.
 */
export function mapHeader(
  header: readonly string[],
  preset: ImportPreset,
): { ok: true; map: HeaderMap } | { ok: false; errors: ImportFileError[] } {
  const positions = new Map<string, number[]>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    positions.set(key, [...(positions.get(key) ?? []), i]);
  });
  const index: { [F in ImportField]?: number } = {};
  const errors: ImportFileError[] = [];
  const used = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const column = preset.columns[field];
    if (column === undefined) continue;
    const at = positions.get(column.toLowerCase()) ?? [];
    if (at.length > 1) {
      errors.push({
        line: 1,
        column,
        value: null,
        code: 'MISSING_COLUMN',
        reason: `the header has ${at.length} columns named "${column}" (columns ${at.map((i) => i + 1).join(', ')}): the ${field} column must be one`,
      });
    } else if (at.length === 0) {
      if (OPTIONAL_FIELDS.includes(field) && preset.builtIn) continue;
      errors.push({
        line: 1,
        column,
        value: null,
        code: 'MISSING_COLUMN',
        reason: `the header has no column "${column}" (the ${field} column of preset "${preset.name}"); it has: ${header.map((h) => JSON.stringify(h)).join(', ')}`,
      });
    } else {
      index[field] = at[0] as number;
      used.add(at[0] as number);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const ignored = header.filter((h, i) => !used.has(i) && h.trim() !== '');
  return { ok: true, map: { index, ignored } };
}
