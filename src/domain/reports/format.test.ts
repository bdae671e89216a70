import { describe, expect, it } from 'vitest';
import { calendarDate } from '../dates.js';
import type { Cell, ReportLanguage } from './document.js';
import { bilingual, countCell, dateCell, moneyCell, percentCell, textCell } from './document.js';
import { EMPTY_CELL, currencyName, formatCell, isNegativeCell } from './format.js';

const cases: readonly [string, Cell, string, string][] = [
  [
    'a cap (RMB 82,000,000.00)',
    moneyCell(8_200_000_000n, 'CNY'),
    'RMB82,000,000.00',
    '人民幣82,000,000.00元',
  ],
  ['a negative amount', moneyCell(-197_900_000n, 'CNY'), '(RMB1,979,000.00)', '(人民幣1,979,000.00元)'],
  ['one fen', moneyCell(1n, 'CNY'), 'RMB0.01', '人民幣0.01元'],
  ['zero', moneyCell(0n, 'CNY'), 'RMB0.00', '人民幣0.00元'],
  ['Hong Kong dollars', moneyCell(300_000_000n, 'HKD'), 'HK$3,000,000.00', '3,000,000.00港元'],
  ['US dollars', moneyCell(1n, 'USD'), 'US$0.01', '0.01美元'],
  ['a currency without minor units', moneyCell(1_234_567n, 'JPY'), 'JPY1,234,567', '1,234,567日圓'],
  ['a currency without a Chinese name', moneyCell(-100_000n, 'SGD'), '(SGD1,000.00)', '(SGD1,000.00)'],
  [
    'an amount beyond a float',
    moneyCell(123_456_789_012_345_678_901n, 'CNY'),
    'RMB1,234,567,890,123,456,789.01',
    '人民幣1,234,567,890,123,456,789.01元',
  ],
  ['utilisation to one decimal', percentCell(6_530_000_000n, 8_200_000_000n, 1), '79.6%', '79.6%'],
  ['a ratio to three decimals', percentCell(1n, 1000n, 3), '0.100%', '0.100%'],
  ['half-up rounding', percentCell(1n, 8n, 1), '12.5%', '12.5%'],
  ['half-up rounding up', percentCell(1n, 16n, 1), '6.3%', '6.3%'],
  ['over the cap', percentCell(9_000n, 8_200n, 1), '109.8%', '109.8%'],
  ['a percentage of a zero cap', percentCell(5n, 0n, 1), EMPTY_CELL, EMPTY_CELL],
  ['a date', dateCell(calendarDate('2025-07-29')), '29 July 2025', '2025年7月29日'],
  ['a date at year end', dateCell(calendarDate('2026-12-31')), '31 December 2026', '2026年12月31日'],
  ['a count', countCell(1_234_567), '1,234,567', '1,234,567'],
  ['a small count', countCell(7), '7', '7'],
  ['a negative count', countCell(-1200), '-1,200', '-1,200'],
  ['a bilingual text', textCell(bilingual('Annual cap', '年度上限')), 'Annual cap', '年度上限'],
  ['a name in one language', textCell('Shanghai Pharma'), 'Shanghai Pharma', 'Shanghai Pharma'],
  ['an empty cell', null, '—', '—'],
];

describe('formatCell (presentation.md)', () => {
  it.each(cases)('%s', (_name, cell, en, zh) => {
    expect(formatCell(cell, 'en')).toBe(en);
    expect(formatCell(cell, 'zh-Hant')).toBe(zh);
  });

  it('writes the same figures in both languages: only the words differ', () => {
    const digits = (s: string) => s.replace(/[^\d.,()%-]/g, '');
    for (const [, cell] of cases) {
      // Dates put day, month and year in a different order; their cases above pin both.
      if (cell?.kind === 'text' || cell?.kind === 'date') continue;
      const [en, zh] = (['en', 'zh-Hant'] as ReportLanguage[]).map((l) => digits(formatCell(cell, l)));
      expect(zh).toBe(en);
    }
  });

  it('knows which cells read as negative', () => {
    expect(isNegativeCell(moneyCell(-1n, 'CNY'))).toBe(true);
    expect(isNegativeCell(moneyCell(0n, 'CNY'))).toBe(false);
    expect(isNegativeCell(countCell(-1))).toBe(true);
    expect(isNegativeCell(percentCell(-1n, 2n))).toBe(true);
    expect(isNegativeCell(percentCell(1n, 2n))).toBe(false);
    expect(isNegativeCell(null)).toBe(false);
  });

  it('names currencies for headers as the tables write them', () => {
    expect(currencyName('CNY', 'en')).toBe('RMB');
    expect(currencyName('CNY', 'zh-Hant')).toBe('人民幣');
    expect(currencyName('HKD', 'en')).toBe('HK$');
    expect(currencyName('HKD', 'zh-Hant')).toBe('港元');
    expect(currencyName('SGD', 'zh-Hant')).toBe('SGD');
  });
});
