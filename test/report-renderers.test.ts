import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { calendarDate } from '../src/domain/dates.js';
import { MAX_MINOR, formatMinor, parseAmount, type CurrencyCode } from '../src/domain/money.js';
import {
  REPORT_LANGUAGES,
  bilingual,
  countCell,
  dateCell,
  moneyCell,
  percentCell,
  textCell,
  type ReportLanguage,
  type Table,
} from '../src/domain/reports/document.js';
import { BOM, renderCsv, renderCsvBundle } from '../src/reports/csv.js';
import { renderHtml } from '../src/reports/html.js';
import { HEADER_ROW, renderXlsx } from '../src/reports/xlsx.js';
import { CAP_COLUMNS, handMadeDocument, readXlsx, type Snapshot } from './support/reports.js';

const XSS = '<script>alert(1)</script>';
const FORMULA = '=HYPERLINK("http://evil.example","click")';
/** 15 significant digits: the largest kind of amount that is still exact as an Excel number. */
const HUGE_EXACT = 999_999_999_999_999n;

const capTable: Table = {
  key: 'cap-utilisation',
  title: bilingual('Annual caps and utilisation', '年度上限及使用情況'),
  columns: CAP_COLUMNS,
  rows: [
    [
      textCell(bilingual('Sale of APIs', '銷售原料藥')),
      dateCell(calendarDate('2026-12-31')),
      moneyCell(8_200_000_000n, 'CNY'),
      moneyCell(8_397_900_000n, 'CNY'),
      moneyCell(-197_900_000n, 'CNY'),
      percentCell(8_397_900_000n, 8_200_000_000n, 1),
      countCell(1234),
    ],
    [
      textCell(FORMULA),
      null,
      moneyCell(HUGE_EXACT, 'CNY'),
      moneyCell(1n, 'CNY'),
      null,
      percentCell(1n, 1000n, 3),
      null,
    ],
    [
      textCell(XSS),
      dateCell(calendarDate('2025-07-29')),
      moneyCell(MAX_MINOR, 'CNY'),
      moneyCell(0n, 'CNY'),
      moneyCell(MAX_MINOR, 'CNY'),
      percentCell(0n, 0n, 1),
      countCell(0),
    ],
  ],
  totals: [
    [
      textCell(bilingual('Total', '總計')),
      null,
      moneyCell(8_200_000_000n + HUGE_EXACT, 'CNY'),
      moneyCell(8_397_900_001n, 'CNY'),
      null,
      null,
      countCell(1234),
    ],
  ],
  notes: [
    bilingual('Source: the cap ledger, "as recorded".', '資料來源：上限分類賬（按記錄）。'),
    bilingual(XSS, XSS),
  ],
};

const mixedTable: Table = {
  key: 'orders-by-currency-for-the-whole-reporting-period',
  title: bilingual('Orders by currency', '按貨幣劃分的訂單'),
  columns: [
    { key: 'order', header: bilingual('Order', '訂單'), type: 'text' },
    { key: 'amount', header: bilingual('Amount', '金額'), type: 'money' },
  ],
  rows: [
    [textCell('PO-1'), moneyCell(300_000_000n, 'HKD')],
    [textCell('PO-2'), moneyCell(-5_000n, 'CNY')],
    [textCell('-2+3'), null],
  ],
};

const doc = handMadeDocument(bilingual('Demo <Pharma> & Co', '示範藥業<控股>'), [
  {
    key: 'caps',
    heading: bilingual('Caps', '上限'),
    paragraphs: [bilingual(`Paragraph with ${XSS}`, `段落${XSS}`)],
    tables: [capTable, mixedTable],
  },
  {
    key: 'bars',
    heading: bilingual('Utilisation', '使用情況'),
    bars: [
      {
        label: bilingual('FY2026 sales', '2026財政年度銷售'),
        currency: 'CNY',
        capMinor: 8_200_000_000n,
        actualMinor: 4_000_000_000n,
        committedMinor: 1_000_000_000n,
        thresholdPercent: 80,
      },
      {
        label: bilingual('FY2026 services', '2026財政年度服務'),
        currency: 'CNY',
        capMinor: 1_000_000_000n,
        actualMinor: 700_000_000n,
        committedMinor: 100_000_000n,
        thresholdPercent: 80,
      },
      {
        label: bilingual(XSS, XSS),
        currency: 'HKD',
        capMinor: 100_000_000n,
        actualMinor: 90_000_000n,
        committedMinor: 20_000_000n,
        thresholdPercent: 80,
      },
    ],
  },
]);

/** RFC 4180 parser for the tests: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const csvRows = (table: Table, lang: ReportLanguage): string[][] => {
  const text = renderCsv(table, lang);
  expect(text.startsWith(BOM)).toBe(true);
  return parseCsv(text.slice(BOM.length));
};

/** The figures of an HTML page: the text of every right-aligned cell, words stripped. */
const htmlFigures = (html: string): string[] =>
  [...html.matchAll(/<td class="num[^"]*">([^<]*)<\/td>/g)].map((m) =>
    (m[1] ?? '').replace(/[^\d.,()%-]/g, ''),
  );

describe('HTML', () => {
  const en = renderHtml(doc, 'en');
  const zh = renderHtml(doc, 'zh-Hant');

  it('escapes every text and runs no script', () => {
    for (const html of [en, zh]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)');
    }
    expect(en).toContain('Demo &lt;Pharma&gt; &amp; Co');
    expect(zh).toContain('示範藥業&lt;控股&gt;');
  });

  it('is self-contained: nothing external loads', () => {
    for (const html of [en, zh]) {
      expect(html).not.toMatch(/<link|<img|<iframe|\ssrc=|url\(|@import/i);
      expect(html).toContain(`default-src 'none'`);
    }
  });

  it('sets the language, and a Chinese page asks for a Traditional Chinese font first', () => {
    expect(en).toContain('<html lang="en">');
    expect(zh).toContain('<html lang="zh-Hant">');
    expect(zh).toMatch(/body\{font-family:"Noto Sans CJK TC"/);
  });

  it('shows title, issuer, period, the demo banner and when it was generated', () => {
    expect(en).toContain('<h1>Monthly management report</h1>');
    expect(en).toContain('November 2026 (1 November 2026 to 30 November 2026)');
    expect(zh).toContain('2026年11月（2026年11月1日至2026年11月30日）');
    expect(en).toContain('class="demo"');
    expect(en).toContain('Illustrative demo data');
    expect(zh).toContain('示範數據（僅供說明）');
    expect(zh).not.toContain('Illustrative');
    expect(en).toContain('Generated at: <time datetime="2026-12-01T09:30:00.000Z">');
    expect(zh).toContain('編製時間：<time datetime="2026-12-01T09:30:00.000Z">');
    expect(renderHtml({ ...doc, demo: false }, 'en')).not.toContain('class="demo"');
  });

  it('writes figures as HK documents do, right-aligned, negatives in parentheses', () => {
    expect(en).toContain('<td class="num">RMB82,000,000.00</td>');
    expect(en).toContain('<td class="num neg">(RMB1,979,000.00)</td>');
    expect(en).toContain('<td class="num">RMB9,999,999,999,999.99</td>');
    expect(en).toContain('<td class="num">102.4%</td>');
    expect(en).toContain('<td class="num">0.100%</td>');
    expect(en).toContain('<td class="date">31 December 2026</td>');
    expect(en).toContain('<td class="num">1,234</td>');
    expect(en).toContain('<td class="date">—</td>');
    expect(en).toContain('<td class="num">—</td>');
    expect(zh).toContain('<td class="num">人民幣82,000,000.00元</td>');
    expect(zh).toContain('<td class="num neg">(人民幣1,979,000.00元)</td>');
    expect(zh).toContain('<td class="date">2026年12月31日</td>');
    expect(zh).toContain('<td class="num">3,000,000.00港元</td>');
    expect(en).toContain('<tfoot>');
    expect(en).toContain('<ol class="notes"><li>Source: the cap ledger, &quot;as recorded&quot;.</li>');
  });

  it('draws utilisation bars: level by colour and the figures beside them', () => {
    expect(en).toMatch(/<tr class="ok">[\s\S]*?width:48\.8%[\s\S]*?width:12\.2%[\s\S]*?left:80\.0%/);
    expect(en).toContain('<tr class="alert">');
    expect(en).toContain('<tr class="over">');
    expect(en).toContain(
      '61.0% used: actual RMB40,000,000.00, committed RMB10,000,000.00 of RMB82,000,000.00',
    );
    expect(zh).toContain(
      '已使用61.0%：實際金額人民幣40,000,000.00元，已承諾金額人民幣10,000,000.00元，上限人民幣82,000,000.00元',
    );
    // Over the cap: the bar stops at 100% (solid 90%, hatched 10%), the text says 110.0%.
    expect(en).toMatch(/<tr class="over">[\s\S]*?width:90\.0%[\s\S]*?width:10\.0%[\s\S]*?110\.0%/);
  });
});

describe('CSV', () => {
  it('writes the exact values, units in the header, a BOM, and neutralises formulas', () => {
    const rows = csvRows(capTable, 'en');
    expect(rows[0]).toEqual([
      'Category',
      'Cap period end',
      'Annual cap (RMB)',
      'Actual (RMB)',
      'Headroom (RMB)',
      'Utilisation (%)',
      'Orders',
    ]);
    expect(rows[1]).toEqual([
      'Sale of APIs',
      '2026-12-31',
      '82000000.00',
      '83979000.00',
      '-1979000.00',
      '102.4',
      '1234',
    ]);
    expect(rows[2]).toEqual([`'${FORMULA}`, '', '9999999999999.99', '0.01', '', '0.100', '']);
    expect(rows[3]).toEqual([XSS, '2025-07-29', '999999999999999.99', '0.00', '999999999999999.99', '', '0']);
    expect(rows[4]?.[0]).toBe('Total');
    expect(rows).toHaveLength(5);
    expect(csvRows(capTable, 'zh-Hant')[0]).toEqual([
      '類別',
      '上限期間結束日',
      '年度上限（人民幣）',
      '實際金額（人民幣）',
      '剩餘額度（人民幣）',
      '使用率（%）',
      '訂單數目',
    ]);
  });

  it('parses back to the same amounts, to the minor unit', () => {
    for (const lang of REPORT_LANGUAGES) {
      const rows = csvRows(capTable, lang).slice(1);
      [...capTable.rows, ...(capTable.totals ?? [])].forEach((row, r) => {
        row.forEach((cell, c) => {
          if (cell?.kind !== 'money') return;
          const back = parseAmount(rows[r]?.[c], cell.currency, 'csv');
          expect(back.ok && back.value).toBe(cell.minor);
        });
      });
    }
  });

  it('puts the currency in a column of its own when a column mixes currencies', () => {
    expect(csvRows(mixedTable, 'en')).toEqual([
      ['Order', 'Amount', 'Amount currency'],
      ['PO-1', '3000000.00', 'HK$'],
      ['PO-2', '-50.00', 'RMB'],
      ["'-2+3", '', ''],
    ]);
    expect(csvRows(mixedTable, 'zh-Hant')[0]).toEqual(['訂單', '金額', '金額貨幣']);
  });

  it('quotes by RFC 4180 and ends records with CRLF', () => {
    const text = renderCsv(capTable, 'en');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('gives one file per table, the bars included', () => {
    const bundle = renderCsvBundle(doc, 'zh-Hant');
    expect(bundle.map((f) => f.filename)).toEqual([
      'cap-utilisation.zh-Hant.csv',
      'orders-by-currency-for-the-whole-reporting-period.zh-Hant.csv',
      'bars-utilisation.zh-Hant.csv',
    ]);
    // The HKD bar mixes the money columns' currencies: each is followed by its currency column.
    const bars = parseCsv(bundle[2]?.content.slice(1) ?? '');
    expect(bars[0]).toEqual([
      '上限期間',
      '年度上限',
      '年度上限貨幣',
      '實際金額',
      '實際金額貨幣',
      '已承諾金額',
      '已承諾金額貨幣',
      '剩餘額度',
      '剩餘額度貨幣',
      '使用率（%）',
      '預警水平（%）',
    ]);
    const rmb = '人民幣';
    expect(bars[1]).toEqual([
      '2026財政年度銷售',
      '82000000.00',
      rmb,
      '40000000.00',
      rmb,
      '10000000.00',
      rmb,
      '32000000.00',
      rmb,
      '61.0',
      '80',
    ]);
    const hkd = '港元';
    expect(bars[3]).toEqual([
      XSS,
      '1000000.00',
      hkd,
      '900000.00',
      hkd,
      '200000.00',
      hkd,
      '-100000.00',
      hkd,
      '110.0',
      '80',
    ]);
  });
});

const exactNumber = (minor: bigint, currency: CurrencyCode): number => Number(formatMinor(minor, currency));

describe('XLSX', () => {
  it('has a cover and one sheet per table, with Excel-safe unique names', async () => {
    const { wb } = await readXlsx(await renderXlsx(doc, 'en'));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Cover',
      'cap-utilisation',
      'orders-by-currency-for-the-whol',
      'bars-utilisation',
    ]);
    const zh = await readXlsx(await renderXlsx(doc, 'zh-Hant'));
    expect(zh.wb.worksheets[0]?.name).toBe('封面');
    const cover = wb.getWorksheet('Cover');
    const coverText = JSON.stringify(cover?.getSheetValues());
    for (const text of [
      'Monthly management report',
      'Demo <Pharma> & Co',
      'Illustrative demo data',
      'November 2026 (1 November 2026 to 30 November 2026)',
      '2026-12-01T09:30:00.000Z',
      '2026-12-01T00:00:00.000Z',
    ]) {
      expect(coverText).toContain(JSON.stringify(text).slice(1, -1));
    }
  });

  it('has a bold, frozen header row with the unit in it', async () => {
    const { wb } = await readXlsx(await renderXlsx(doc, 'zh-Hant'));
    const ws = wb.getWorksheet('cap-utilisation');
    expect(ws?.getRow(HEADER_ROW).values).toEqual([
      undefined,
      '類別',
      '上限期間結束日',
      '年度上限（人民幣）',
      '實際金額（人民幣）',
      '剩餘額度（人民幣）',
      '使用率（%）',
      '訂單數目',
    ]);
    expect(ws?.getCell(HEADER_ROW, 3).font?.bold).toBe(true);
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
    expect(ws?.getColumn(1).width).toBeGreaterThanOrEqual(10);
  });

  it('writes money as exact numbers, and an amount beyond 15 digits as flagged exact text', async () => {
    const { wb } = await readXlsx(await renderXlsx(doc, 'en'));
    const ws = wb.getWorksheet('cap-utilisation');
    const cell = (r: number, c: number) => ws?.getCell(HEADER_ROW + r, c);
    const checks: [number, number, bigint][] = [
      [1, 3, 8_200_000_000n],
      [1, 5, -197_900_000n],
      [2, 3, HUGE_EXACT],
      [2, 4, 1n],
      [4, 4, 8_397_900_001n],
    ];
    for (const [r, c, minor] of checks) {
      const x = cell(r, c);
      expect(x?.type).toBe(ExcelJS.ValueType.Number);
      expect(x?.value).toBe(exactNumber(minor, 'CNY'));
      // The number's own decimal text is the amount, to the fen.
      const back = parseAmount(typeof x?.value === 'number' ? String(x.value) : '', 'CNY', 'xlsx');
      expect(back.ok && back.value).toBe(minor);
      expect(x?.numFmt).toBe('#,##0.00;(#,##0.00)');
    }
    expect(cell(1, 3)?.value).toBe(82_000_000);
    const beyond = cell(3, 3);
    expect(beyond?.type).toBe(ExcelJS.ValueType.String);
    expect(beyond?.value).toBe('999999999999999.99');
    expect(JSON.stringify(beyond?.note)).toContain('15');
    // The total of the caps has 16 digits: exact text too, not a rounded number.
    expect(cell(4, 3)?.value).toBe('10000081999999.99');
    expect(cell(4, 3)?.type).toBe(ExcelJS.ValueType.String);
  });

  it('writes percentages, dates, counts and empty cells with their types', async () => {
    const { wb } = await readXlsx(await renderXlsx(doc, 'zh-Hant'));
    const ws = wb.getWorksheet('cap-utilisation');
    const cell = (r: number, c: number) => ws?.getCell(HEADER_ROW + r, c);
    expect(cell(1, 6)?.type).toBe(ExcelJS.ValueType.Number);
    expect(cell(1, 6)?.value).toBe(8_397_900_000 / 8_200_000_000);
    expect(cell(1, 6)?.numFmt).toBe('0.0%');
    expect(cell(2, 6)?.value).toBe(0.001);
    expect(cell(2, 6)?.numFmt).toBe('0.000%');
    expect(cell(3, 6)?.value).toBeNull(); // a percentage of a zero cap
    expect(cell(1, 2)?.type).toBe(ExcelJS.ValueType.Date);
    expect((cell(1, 2)?.value as Date).toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(cell(1, 2)?.numFmt).toBe('yyyy"年"m"月"d"日"');
    expect(cell(2, 2)?.value).toBeNull();
    expect(cell(1, 7)?.value).toBe(1234);
    expect(cell(1, 7)?.numFmt).toBe('#,##0');
    expect(cell(2, 1)?.value).toBe(FORMULA); // a string cell, never a formula
    expect(cell(2, 1)?.type).toBe(ExcelJS.ValueType.String);
    expect(cell(4, 1)?.value).toBe('總計');
    expect(cell(4, 3)?.font?.bold).toBe(true);
    expect(cell(1, 3)?.font?.bold).not.toBe(true);
  });

  it('puts a mixed table’s currency in its own column', async () => {
    const { wb } = await readXlsx(await renderXlsx(doc, 'en'));
    const ws = wb.getWorksheet('orders-by-currency-for-the-whol');
    expect(ws?.getRow(HEADER_ROW).values).toEqual([undefined, 'Order', 'Amount', 'Amount currency']);
    expect(ws?.getRow(HEADER_ROW + 1).values).toEqual([undefined, 'PO-1', 3_000_000, 'HK$']);
    expect(ws?.getRow(HEADER_ROW + 2).values).toEqual([undefined, 'PO-2', -50, 'RMB']);
  });
});

describe('golden: the same document gives the same report, in every format and language', () => {
  it('renders identically twice (HTML and CSV text, XLSX cell values)', async () => {
    for (const lang of REPORT_LANGUAGES) {
      expect(renderHtml(doc, lang)).toBe(renderHtml(doc, lang));
      expect(renderCsvBundle(doc, lang)).toEqual(renderCsvBundle(doc, lang));
      const a = await readXlsx(await renderXlsx(doc, lang));
      const b = await readXlsx(await renderXlsx(doc, lang));
      expect(a.snapshot).toEqual(b.snapshot);
    }
  });

  it('has the same figures in English and Chinese: only the words differ', async () => {
    const enHtml = htmlFigures(renderHtml(doc, 'en'));
    expect(enHtml.length).toBeGreaterThan(10);
    expect(htmlFigures(renderHtml(doc, 'zh-Hant'))).toEqual(enHtml);

    const isFigure = (s: string) => /^-?[\d.]+$/.test(s) || /^\d{4}-\d{2}-\d{2}$/.test(s);
    const figures = (files: { content: string }[]) =>
      files.map((f) => parseCsv(f.content.slice(1)).map((row) => row.map((v) => (isFigure(v) ? v : 'word'))));
    expect(figures(renderCsvBundle(doc, 'zh-Hant'))).toEqual(figures(renderCsvBundle(doc, 'en')));

    const numbers = (s: Snapshot) =>
      Object.values(s)
        .slice(1) // the cover is all words
        .map((sheet) =>
          sheet.cells
            .filter(([, v]) => typeof v === 'number' || String(v).startsWith('date:'))
            .map(([a, v]) => [a, v]),
        );
    const en = await readXlsx(await renderXlsx(doc, 'en'));
    const zh = await readXlsx(await renderXlsx(doc, 'zh-Hant'));
    expect(numbers(zh.snapshot)).toEqual(numbers(en.snapshot));
    expect(numbers(en.snapshot).flat().length).toBeGreaterThan(20);
  });
});
