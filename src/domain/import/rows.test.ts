import { describe, expect, it } from 'vitest';
import { GENERIC_PRESET, mapHeader, type ImportKind } from './preset.js';
import { readImportRow, type ImportCell } from './rows.js';

const HEADER = ['agreement', 'category', 'date', 'amount', 'currency', 'reference', 'order', 'fx_rate'];
const mapped = mapHeader(HEADER, GENERIC_PRESET);
if (!mapped.ok) throw new Error('the generic header does not map');

const read = (cells: ImportCell[], kind: ImportKind = 'actuals') =>
  readImportRow(cells, 7, mapped.map, GENERIC_PRESET, kind);
const row = (overrides: Partial<Record<(typeof HEADER)[number], ImportCell>> = {}): ImportCell[] =>
  HEADER.map((h) =>
    h in overrides
      ? (overrides[h] ?? null)
      : ({
          agreement: 'agr_1',
          category: 'idc',
          date: '2026-01-05',
          amount: '10.00',
          currency: 'RMB',
          reference: 'R-1',
        }[h] ?? null),
  );

describe('an import row, cell by cell', () => {
  it('reads a good row: exact minor units, CNY for RMB, thousands separators', () => {
    expect(read(row({ amount: '1,234,567.89' }))).toEqual({
      ok: true,
      row: {
        line: 7,
        agreement: 'agr_1',
        category: 'idc',
        date: '2026-01-05',
        currency: 'CNY',
        amountMinor: 123_456_789n,
        reference: 'R-1',
        order: null,
        fxRate: null,
      },
    });
  });

  it('reads an XLSX date serial by arithmetic, and refuses a number that cannot be a date of a record here', () => {
    const serial = read(row({ date: 46027 }));
    expect(serial.ok && serial.row.date).toBe('2026-01-05');
    // An ISO date cell comes through exceljs's streaming reader as its year: 2026 → 1905-07-18.
    const year = read(row({ date: 2026 }));
    expect(year.ok).toBe(false);
    expect(!year.ok && year.errors[0]).toMatchObject({
      line: 7,
      column: 'date',
      value: '2026',
      code: 'INVALID_VALUE',
    });
    expect(!year.ok && year.errors[0]?.reason).toContain('1905-07-18');
  });

  it('reports every bad cell of the row, not only the first', () => {
    const bad = read(row({ date: '2026-02-30', amount: '1.234', currency: 'XYZ', reference: '' }));
    expect(!bad.ok && bad.errors.map((e) => [e.column, e.code])).toEqual([
      ['reference', 'MISSING_VALUE'],
      ['date', 'INVALID_VALUE'],
      ['currency', 'INVALID_VALUE'],
    ]);
  });

  it('takes a credit note as an actual amount, but not against an order, and never as an order', () => {
    const credit = read(row({ amount: '-10.00' }));
    expect(credit.ok && credit.row.amountMinor).toBe(-1000n);
    const againstOrder = read(row({ amount: '-10.00', order: 'PO-1' }));
    expect(!againstOrder.ok && againstOrder.errors).toEqual([
      expect.objectContaining({ column: 'order', value: 'PO-1', code: 'INVALID_VALUE' }),
    ]);
    const order = read(row({ amount: '-10.00' }), 'orders');
    expect(!order.ok && order.errors).toEqual([
      expect.objectContaining({ column: 'amount', code: 'NEGATIVE_AMOUNT' }),
    ]);
  });
});
