import { describe, expect, it } from 'vitest';
import { date, fromMinor, millions, money, percent, toMinor } from './format';

describe('web formatting (presentation.md)', () => {
  it('writes money currency first, grouped, negatives in parentheses, in both languages', () => {
    expect(money('41000000.00', 'CNY', 'en')).toBe('RMB41,000,000.00');
    expect(money('41000000.00', 'CNY', 'zh-Hant')).toBe('人民幣41,000,000.00元');
    expect(money('-1979000.00', 'CNY', 'en')).toBe('(RMB1,979,000.00)');
    expect(money('3000000.00', 'HKD', 'zh-Hant')).toBe('3,000,000.00港元');
  });

  it('states caps in millions with one decimal, rounded half up exactly', () => {
    expect(millions('41000000.00', 'CNY', 'en')).toBe('RMB41.0 million');
    expect(millions('6700000.00', 'CNY', 'zh-Hant')).toBe('人民幣6.7百萬元');
    expect(millions('6749999.99', 'CNY', 'en')).toBe('RMB6.7 million');
    expect(millions('6750000.00', 'CNY', 'en')).toBe('RMB6.8 million');
  });

  it('computes percentages exactly, to one decimal', () => {
    expect(percent('65600000.00', '82000000.00')).toBe('80.0%');
    expect(percent('65599999.99', '82000000.00')).toBe('80.0%');
    expect(percent('6000000.00', '6700000.00')).toBe('89.6%');
    expect(percent('1', '0')).toBe('—');
  });

  it('keeps amounts exact through minor units', () => {
    expect(toMinor('41000000.5')).toBe(4100000050n);
    expect(fromMinor(4100000050n)).toBe('41000000.50');
    expect(fromMinor(-5n)).toBe('-0.05');
    expect(toMinor('-0.05')).toBe(-5n);
  });

  it('writes dates as HK documents do', () => {
    expect(date('2025-07-29', 'en')).toBe('29 July 2025');
    expect(date('2025-07-29', 'zh-Hant')).toBe('2025年7月29日');
  });
});
