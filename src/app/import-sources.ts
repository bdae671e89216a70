/**
 * Issue 9: reading an import file as records, streamed — CSV through the domain's CsvReader (UTF-8,
 * decoded strictly), XLSX through exceljs's streaming reader with styles ignored, so that a date cell
 * arrives as its serial number and is converted by calendar arithmetic (domain/import/dates.ts),
 * never through a Date and a time zone.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { CsvReader } from '../domain/import/csv-reader.js';
import type { ImportCell } from '../domain/import/rows.js';
import { UnreadableFile, type ImportSource, type SourceRecord } from './import.js';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Whether the file is a workbook (an XLSX is a zip archive), by its first bytes, whatever its name. */
export function isWorkbook(path: string): boolean {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(path, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.equals(ZIP_MAGIC);
}

/** A file on disk: an XLSX workbook or a CSV text. */
export function fileSource(path: string, name: string, sheet: string | null): ImportSource {
  return isWorkbook(path) ? xlsxSource(path, name, sheet) : csvSource(path, name);
}

export function csvSource(path: string, name: string): ImportSource {
  const size = fs.statSync(path).size;
  let read = 0;
  return {
    name,
    fractionRead: () => (size === 0 ? 1 : read / size),
    async *records(): AsyncGenerator<readonly SourceRecord[]> {
      read = 0;
      const reader = new CsvReader();
      const decoder = new TextDecoder('utf-8', { fatal: true });
      const stream = fs.createReadStream(path, { highWaterMark: 1 << 16 });
      let bytes = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          stream.destroy();
          // The line of the first byte that is not UTF-8: the lossy decoding marks it with U+FFFD.
          const lossy = chunk.toString('utf8');
          const at = lossy.indexOf('\uFFFD');
          const before = lossy.slice(0, at < 0 ? 0 : at);
          const line = reader.currentLine() + (before.match(/\r\n|\r|\n/g)?.length ?? 0);
          throw new UnreadableFile(
            line,
            `the file is not UTF-8 text (line ${line}, byte ${bytes + Buffer.byteLength(before)}): save it as "CSV UTF-8" or as XLSX`,
          );
        }
        bytes += chunk.length;
        read = bytes;
        const records = reader.push(text);
        const bad = reader.errors[0];
        if (bad) {
          stream.destroy();
          throw new UnreadableFile(bad.line, bad.message);
        }
        if (records.length > 0) yield records;
      }
      let tail: string;
      try {
        tail = decoder.decode();
      } catch {
        throw new UnreadableFile(
          reader.currentLine(),
          'the file ends inside a UTF-8 character: it is not UTF-8 text',
        );
      }
      const records = [...reader.push(tail), ...reader.end()];
      const bad = reader.errors[0];
      if (bad) throw new UnreadableFile(bad.line, bad.message);
      if (records.length > 0) yield records;
    },
  };
}

/** A cell value of exceljs's streaming reader, as an import cell. */
function xlsxCell(value: unknown): ImportCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    const v = value as {
      richText?: readonly { text: string }[];
      result?: unknown;
      formula?: string;
      error?: string;
      text?: string;
    };
    if (v.richText) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'result' in v) return xlsxCell(v.result);
    if (v.error !== undefined) return v.error;
    if (typeof v.text === 'string') return v.text;
    // A Date (a cell whose style the reader did read) or another object: kept as its JSON text, so
    // that the row is refused with what it held rather than read as something else.
    return JSON.stringify(value);
  }
  return null;
}

export function xlsxSource(path: string, name: string, sheet: string | null): ImportSource {
  return {
    name,
    fractionRead: () => null,
    async *records(): AsyncGenerator<readonly SourceRecord[]> {
      const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
        worksheets: 'emit',
        sharedStrings: 'cache',
        styles: 'ignore',
        hyperlinks: 'ignore',
        entries: 'ignore',
      });
      const names: string[] = [];
      let found = false;
      try {
        for await (const ws of workbook) {
          const sheetReader = ws as unknown as AsyncIterable<{ number: number; values: unknown }> & {
            name: string;
          };
          names.push(sheetReader.name);
          if (found || (sheet !== null && sheetReader.name !== sheet)) {
            // Drain a sheet not read, so the reader moves on to the next.
            for await (const _row of sheetReader) void _row;
            continue;
          }
          found = true;
          const group: SourceRecord[] = [];
          const props = (workbook as unknown as { properties?: { model?: { date1904?: boolean } } })
            .properties;
          if (props?.model?.date1904)
            throw new UnreadableFile(
              1,
              'the workbook uses the 1904 date system: save it with the 1900 date system (Excel: Options → Advanced)',
            );
          for await (const row of sheetReader) {
            const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
            // exceljs's values are 1-based: index 0 is empty.
            const cells: ImportCell[] = [];
            for (let i = 1; i < values.length; i += 1) cells.push(xlsxCell(values[i]));
            if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue;
            group.push({ line: row.number, cells });
            if (group.length >= 1000) yield group.splice(0);
          }
          if (group.length > 0) yield group.splice(0);
        }
      } catch (e) {
        if (e instanceof UnreadableFile) throw e;
        throw new UnreadableFile(1, `the file is not a readable XLSX workbook (${(e as Error).message})`);
      }
      if (!found)
        throw new UnreadableFile(
          1,
          sheet === null
            ? 'the workbook has no worksheet'
            : `the workbook has no worksheet "${sheet}" (it has ${names.map((n) => `"${n}"`).join(', ')})`,
        );
    },
  };
}
