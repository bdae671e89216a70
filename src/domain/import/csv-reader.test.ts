import { describe, expect, it } from 'vitest';
import { CsvReader, readCsv } from './csv-reader.js';

const fieldsOf = (text: string) => readCsv(text).records.map((r) => [r.line, ...r.cells]);

describe('reading CSV with the line each record starts on', () => {
  it('reads plain records, a BOM, and every kind of line break', () => {
    expect(fieldsOf('\uFEFFagreement,amount\r\nA,1.00\nB,2.00\rC,3.00')).toEqual([
      [1, 'agreement', 'amount'],
      [2, 'A', '1.00'],
      [3, 'B', '2.00'],
      [4, 'C', '3.00'],
    ]);
  });

  it('keeps quoted commas, doubled quotes and line breaks, and counts the lines a field spans', () => {
    const text = 'reference,note\n"INV-1","a, b"\n"INV-2","line one\nline two"\n"INV-3","say ""hi"""\n';
    expect(fieldsOf(text)).toEqual([
      [1, 'reference', 'note'],
      [2, 'INV-1', 'a, b'],
      [3, 'INV-2', 'line one\nline two'],
      [5, 'INV-3', 'say "hi"'],
    ]);
  });

  it('skips blank lines but still counts them, and keeps empty fields', () => {
    expect(fieldsOf('a,b\n\n1,\n\r\n,2\n')).toEqual([
      [1, 'a', 'b'],
      [3, '1', ''],
      [5, '', '2'],
    ]);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text = 'h1,h2\r\n"x\r\ny","z"\r\n1,"2,3"\r\n';
    const whole = readCsv(text).records;
    for (const size of [1, 2, 3, 5, 7]) {
      const reader = new CsvReader();
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...reader.push(text.slice(i, i + size)));
      records.push(...reader.end());
      expect(records, `chunks of ${size}`).toEqual(whole);
      expect(reader.errors).toEqual([]);
    }
  });

  it('reads a line break inside a quoted field as LF whatever the file uses, so a re-saved file reads the same', () => {
    const lf = fieldsOf('a,b\n"one\ntwo",x\n');
    expect(lf).toEqual([
      [1, 'a', 'b'],
      [2, 'one\ntwo', 'x'],
    ]);
    expect(fieldsOf('a,b\r\n"one\r\ntwo",x\r\n')).toEqual(lf);
    expect(fieldsOf('a,b\r"one\rtwo",x\r')).toEqual(lf);
  });

  it('reports an unclosed quote and text after a closing quote, with their lines', () => {
    expect(readCsv('a,b\n"open,1\n2,3\n').errors).toEqual([
      { line: 2, message: 'a quoted field is never closed' },
    ]);
    expect(readCsv('a,b\n"x"y,1\n').errors).toEqual([
      { line: 2, message: 'unexpected text after a closing quote: "y"' },
    ]);
  });
});
