/**
 * Issue 9 (imports): reading CSV (RFC 4180) as ERP exports write it, incrementally. Text is fed in
 * chunks as it arrives (`push`), complete records come out with the file line on which each starts
 * (the header is line 1), so that a bad row is reported by its line however many lines a quoted field
 * spans. A UTF-8 byte-order mark is dropped; CRLF, LF and lone CR all end a record; blank lines are
 * skipped (they are not rows). Pure: no I/O — the caller reads the file and feeds the text.
 */

export interface CsvRecord {
  /** The file line the record starts on, from 1. */
  readonly line: number;
  readonly cells: readonly string[];
}

/** A malformed file: an unclosed quote, or text after a closing quote. */
export interface CsvSyntaxError {
  readonly line: number;
  readonly message: string;
}

export class CsvReader {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  /** Just read a quote inside a quoted field: either its end or the first of a doubled quote. */
  private quotePending = false;
  /** The last character was CR (a following LF belongs to the same line break). */
  private afterCr = false;
  private line = 1;
  private recordLine = 1;
  private started = false;
  private atStart = true;
  /** Whether the current record has any content (blank lines are skipped). */
  private touched = false;
  readonly errors: CsvSyntaxError[] = [];

  /** The file line the reader has reached (for a message about where reading stopped). */
  currentLine(): number {
    return this.line;
  }

  /** Feeds the next chunk of text; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let text = chunk;
    if (this.atStart) {
      this.atStart = false;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    for (const c of text) this.take(c, out);
    return out;
  }

  /** Ends the input: the last record (without a final line break), and an unclosed quote as an error. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) {
      this.errors.push({ line: this.recordLine, message: 'a quoted field is never closed' });
      this.inQuotes = false;
    }
    this.finishRecord(out);
    return out;
  }

  private take(c: string, out: CsvRecord[]): void {
    if (!this.started) {
      this.started = true;
      this.recordLine = this.line;
    }
    if (this.afterCr) {
      this.afterCr = false;
      if (c === '\n') return; // CRLF: the CR already ended the line.
    }
    if (this.inQuotes) {
      if (this.quotePending) {
        this.quotePending = false;
        if (c === '"') {
          this.field += '"';
          return;
        }
        this.inQuotes = false; // the quote closed the field; `c` is read outside quotes below
      } else if (c === '"') {
        this.quotePending = true;
        return;
      } else {
        if (c === '\r' || c === '\n') {
          this.line += 1;
          if (c === '\r') this.afterCr = true;
          // Every line break inside a field reads as LF, so a file re-saved with CRLF reads the same.
          this.field += '\n';
          return;
        }
        this.field += c;
        return;
      }
      if (c !== ',' && c !== '\r' && c !== '\n') {
        this.errors.push({
          line: this.line,
          message: `unexpected text after a closing quote: ${JSON.stringify(c)}`,
        });
        this.field += c;
        return;
      }
    }
    if (c === '"' && this.field === '' && !this.inQuotes) {
      this.inQuotes = true;
      this.touched = true;
      return;
    }
    if (c === ',') {
      this.fields.push(this.field);
      this.field = '';
      this.touched = true;
      return;
    }
    if (c === '\r' || c === '\n') {
      if (c === '\r') this.afterCr = true;
      this.finishRecord(out);
      this.line += 1;
      this.started = false;
      return;
    }
    this.field += c;
    this.touched = true;
  }

  private finishRecord(out: CsvRecord[]): void {
    if (this.touched) {
      this.fields.push(this.field);
      out.push({ line: this.recordLine, cells: this.fields });
    }
    this.field = '';
    this.fields = [];
    this.touched = false;
  }
}

/** Every record of a whole text (small files, tests). */
export function readCsv(text: string): { records: CsvRecord[]; errors: CsvSyntaxError[] } {
  const reader = new CsvReader();
  const records = [...reader.push(text), ...reader.end()];
  return { records, errors: reader.errors };
}
