/**
 * Issue 7: the report as a PDF, A4 landscape (the caps tables are wide), with the CJK font embedded
 * (subset) so that it prints the same anywhere. One font serves both languages: Noto Sans CJK has
 * Latin glyphs, and a second font would only make the file bigger. The content is the HTML
 * renderer's: title, issuer, period, the demo banner, each section's paragraphs, tables (headers
 * with units, figures right-aligned, negatives in parentheses by `formatCell`, the header row
 * repeated after a page break) and utilisation bars (actual solid, committed hatched, the alert
 * threshold marked, the figures beside the bar, never only colour).
 *
 * Deterministic: the info dates are the document's `generatedAt`, so the same document gives the
 * same bytes (pdfkit derives the file ID from the info dictionary).
 *
 * The font: `ARMSLENGTH_CJK_FONT` (a .ttf, .otf or .ttc path), default Debian's fonts-noto-cjk
 * collection, from which the Traditional Chinese face is taken (presentation.md: Noto Sans CJK TC).
 * A missing or unusable font is an `unavailable` error, never a PDF of empty boxes.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../app/errors.js';
import { formatDateEn, formatDateZh } from '../domain/dates.js';
import { formatPercent } from '../domain/money.js';
import {
  inLanguage,
  type Cell,
  type Column,
  type ReportDocument,
  type ReportLanguage,
  type Section,
  type Table,
  type UtilisationBar,
} from '../domain/reports/document.js';
import { EMPTY_CELL, formatCell, formatMoneyCell, isNegativeCell } from '../domain/reports/format.js';
import { LABELS, exportColumns, periodText, say, thresholdFraction } from './tables.js';

export const DEFAULT_CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
/** The face taken from a collection (.ttc): Traditional Chinese glyph forms. */
export const CJK_COLLECTION_FACE = 'NotoSansCJKtc-Regular';
const NO_FONT = 'no CJK font: install fonts-noto-cjk or set ARMSLENGTH_CJK_FONT';

export interface PdfOptions {
  /** The font file; default `ARMSLENGTH_CJK_FONT`, else Debian's Noto Sans CJK collection. */
  readonly fontPath?: string;
}

export const cjkFontPath = (): string => process.env.ARMSLENGTH_CJK_FONT || DEFAULT_CJK_FONT;

/** Font files read once per process: the collection is ~20 MB. */
const fontFiles = new Map<string, Buffer>();

function readFont(fontPath: string): Buffer {
  const cached = fontFiles.get(fontPath);
  if (cached) return cached;
  let data: Buffer;
  try {
    data = fs.readFileSync(fontPath);
  } catch (e) {
    throw new AppError(
      'unavailable',
      `${NO_FONT} (${fontPath}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
  fontFiles.set(fontPath, data);
  return data;
}

/** Characters every report prints; a font without them would draw empty boxes ("tofu"). */
const REQUIRED_GLYPHS = '報告人民幣元年月日發行上限使用率AZaz09%(),.';

/** pdfkit keeps the fontkit font it embeds here; it is not in pdfkit's types. */
interface LoadedFont {
  readonly _font?: { readonly font?: { hasGlyphForCodePoint?: (codePoint: number) => boolean } };
}

function useCjkFont(pdf: PDFKit.PDFDocument, fontPath: string): void {
  const data = readFont(fontPath);
  const collection = data.subarray(0, 4).toString('latin1') === 'ttcf';
  try {
    if (collection) pdf.registerFont('cjk', data, CJK_COLLECTION_FACE);
    else pdf.registerFont('cjk', data);
    pdf.font('cjk');
  } catch (e) {
    const why = collection
      ? `no face ${CJK_COLLECTION_FACE} in ${fontPath}`
      : `${fontPath}: ${(e as Error).message}`;
    throw new AppError('unavailable', `${NO_FONT} (${why})`);
  }
  const font = (pdf as unknown as LoadedFont)._font?.font;
  const missing = [...REQUIRED_GLYPHS].filter(
    (ch) => font?.hasGlyphForCodePoint?.(ch.codePointAt(0) ?? 0) === false,
  );
  if (missing.length > 0)
    throw new AppError('unavailable', `${NO_FONT} (${fontPath} has no glyph for ${missing.join('')})`);
}

// ---- layout ----

const MARGIN = 36;
const INK = '#1b1f23';
const MUTED = '#444444';
const RULE = '#dddddd';
const HEAD_FILL = '#f4f5f7';
const NEGATIVE = '#b00020';
const PAD = 3;

const isFigure = (type: Column['type']): boolean =>
  type === 'money' || type === 'percent' || type === 'count';

class Writer {
  constructor(
    readonly pdf: PDFKit.PDFDocument,
    readonly lang: ReportLanguage,
  ) {}

  get left(): number {
    return this.pdf.page.margins.left;
  }
  get width(): number {
    return this.pdf.page.width - this.pdf.page.margins.left - this.pdf.page.margins.right;
  }
  get bottom(): number {
    return this.pdf.page.height - this.pdf.page.margins.bottom;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.pdf.y + height > this.bottom) {
      this.pdf.addPage();
      this.pdf.y = this.pdf.page.margins.top;
    }
  }

  text(text: string, size: number, options: { color?: string; gap?: number } = {}): void {
    const { pdf } = this;
    pdf.fontSize(size);
    const height = pdf.heightOfString(text, { width: this.width });
    this.ensure(Math.min(height, size * 3));
    pdf.fillColor(options.color ?? INK).text(text, this.left, pdf.y, { width: this.width });
    pdf.y += options.gap ?? 0;
  }

  rule(y: number, color = RULE, lineWidth = 0.5): void {
    this.pdf
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(lineWidth)
      .strokeColor(color)
      .stroke();
  }
}

// ---- tables ----

interface Layout {
  readonly size: number;
  readonly widths: number[];
}

function tableLayout(w: Writer, headers: readonly string[], table: Table): Layout {
  const { pdf } = w;
  const rows = [...table.rows, ...(table.totals ?? [])];
  for (const size of [8, 7, 6]) {
    pdf.fontSize(size);
    const want: number[] = [];
    const min: number[] = [];
    /** The widest word of a text: a column narrower than it would break the word. */
    const widestWord = (text: string) => Math.max(0, ...text.split(/\s+/).map((t) => pdf.widthOfString(t)));
    table.columns.forEach((column, i) => {
      const texts = rows.map((r) => formatCell(r[i] ?? null, w.lang));
      const widest = Math.max(0, ...texts.map((t) => pdf.widthOfString(t)));
      const header = pdf.widthOfString(headers[i] ?? '');
      const headerWord = widestWord(headers[i] ?? '');
      want.push(Math.max(widest, header) + 2 * PAD);
      // Figures and dates never wrap; text may, down to a narrow column, but not inside a word
      // (a word wider than 90 pt, such as a file name, may still break); headers wrap between words.
      const textWord = Math.min(Math.max(0, ...texts.map(widestWord)), 90);
      min.push(
        isFigure(column.type) || column.type === 'date'
          ? Math.max(widest, headerWord, 30 - 2 * PAD) + 2 * PAD
          : Math.max(Math.min(Math.max(widest, header), 70), headerWord, textWord) + 2 * PAD,
      );
    });
    const sumWant = want.reduce((a, b) => a + b, 0);
    const sumMin = min.reduce((a, b) => a + b, 0);
    if (sumWant <= w.width) {
      // Spare width goes to the text columns (or to all when there are none).
      const texts = table.columns.map((c) => !isFigure(c.type) && c.type !== 'date');
      const share = texts.some(Boolean) ? texts : texts.map(() => true);
      const weight = want.reduce((a, x, i) => a + (share[i] ? x : 0), 0) || 1;
      const spare = w.width - sumWant;
      return { size, widths: want.map((x, i) => x + (share[i] ? (spare * x) / weight : 0)) };
    }
    if (sumMin <= w.width) {
      const k = (w.width - sumMin) / (sumWant - sumMin);
      return { size, widths: want.map((x, i) => (min[i] ?? 0) + (x - (min[i] ?? 0)) * k) };
    }
  }
  // Too wide even at 6 pt: shrink every column alike (long figures may then wrap).
  pdf.fontSize(6);
  const want = table.columns.map((_, i) => pdf.widthOfString(headers[i] ?? '') + 2 * PAD);
  const total = want.reduce((a, b) => a + b, 0) || 1;
  return { size: 6, widths: want.map((x) => (x * w.width) / total) };
}

function rowHeight(w: Writer, texts: readonly string[], widths: readonly number[]): number {
  const heights = texts.map((t, i) => w.pdf.heightOfString(t || ' ', { width: (widths[i] ?? 0) - 2 * PAD }));
  return Math.max(...heights) + 2 * PAD;
}

function drawRow(
  w: Writer,
  texts: readonly string[],
  layout: Layout,
  columns: readonly Column[],
  style: { fill?: string; colors?: readonly (string | null)[] },
): void {
  const { pdf } = w;
  pdf.fontSize(layout.size);
  const height = rowHeight(w, texts, layout.widths);
  const top = pdf.y;
  if (style.fill) pdf.rect(w.left, top, w.width, height).fill(style.fill);
  let x = w.left;
  texts.forEach((text, i) => {
    const width = layout.widths[i] ?? 0;
    const column = columns[i];
    pdf.fillColor(style.colors?.[i] ?? INK).text(text, x + PAD, top + PAD, {
      width: width - 2 * PAD,
      align: column && isFigure(column.type) ? 'right' : 'left',
      lineBreak: true,
    });
    x += width;
  });
  pdf.y = top + height;
  w.rule(pdf.y);
}

function drawTable(w: Writer, table: Table): void {
  const { pdf, lang } = w;
  const exported = exportColumns(table, lang);
  // As the HTML: a percentage column's cells carry "%", so its header needs no unit.
  const headers = table.columns.map((c, i) =>
    c.type === 'percent' ? inLanguage(c.header, lang) : (exported[i]?.header ?? ''),
  );
  const layout = tableLayout(w, headers, table);
  const title = inLanguage(table.title, lang);
  const continued = lang === 'zh-Hant' ? '（續）' : ' (continued)';

  pdf.fontSize(layout.size);
  const headHeight = rowHeight(w, headers, layout.widths);
  const caption = (text: string) => {
    pdf.fontSize(9).fillColor(INK).text(text, w.left, pdf.y, { width: w.width });
    pdf.y += 2;
  };
  const head = () => drawRow(w, headers, layout, table.columns, { fill: HEAD_FILL });

  const firstRow = table.rows[0] ?? table.totals?.[0];
  const firstHeight = firstRow
    ? rowHeight(
        w,
        firstRow.map((c) => formatCell(c, lang)),
        layout.widths,
      )
    : 0;
  w.ensure(14 + headHeight + firstHeight);
  caption(title);
  head();

  const draw = (cells: readonly Cell[]) => {
    const texts = table.columns.map((_, i) => formatCell(cells[i] ?? null, lang));
    pdf.fontSize(layout.size);
    const height = rowHeight(w, texts, layout.widths);
    if (pdf.y + height > w.bottom) {
      pdf.addPage();
      pdf.y = pdf.page.margins.top;
      caption(title + continued);
      head();
    }
    const colors = table.columns.map((_, i) => (isNegativeCell(cells[i] ?? null) ? NEGATIVE : null));
    drawRow(w, texts, layout, table.columns, { colors });
  };
  for (const row of table.rows) draw(row);
  const totals = table.totals ?? [];
  if (totals.length > 0) {
    w.rule(pdf.y, INK, 1.2);
    for (const row of totals) draw(row);
  }
  pdf.y += 4;
  (table.notes ?? []).forEach((note, i) => {
    w.text(`${i + 1}. ${inLanguage(note, lang)}`, 7.5, { color: MUTED });
  });
  pdf.y += 8;
}

// ---- utilisation bars ----

type Level = 'ok' | 'alert' | 'over';
const LEVEL_COLOURS: Readonly<Record<Level, readonly [solid: string, light: string]>> = {
  ok: ['#2e7d32', '#c8e6c9'],
  alert: ['#c77700', '#ffe0b2'],
  over: ['#c62828', '#ffcdd2'],
};

const minB = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const maxB = (a: bigint, b: bigint): bigint => (a > b ? a : b);
/** part/cap as a fraction of the bar's width, clamped to [0, 1]. */
const share = (part: bigint, cap: bigint): number =>
  cap > 0n ? Number(formatPercent(minB(maxB(part, 0n), cap), cap, 3)) / 100 : 0;

function hatched(
  pdf: PDFKit.PDFDocument,
  x: number,
  y: number,
  width: number,
  height: number,
  colours: readonly [string, string],
): void {
  if (width <= 0) return;
  pdf.save();
  pdf.rect(x, y, width, height).fill(colours[1]);
  pdf.rect(x, y, width, height).clip();
  pdf.lineWidth(1.2).strokeColor(colours[0]);
  for (let d = -height; d < width; d += 4)
    pdf
      .moveTo(x + d, y + height)
      .lineTo(x + d + height, y)
      .stroke();
  pdf.restore();
}

function drawBar(w: Writer, bar: UtilisationBar): void {
  const { pdf, lang } = w;
  const { capMinor: cap, actualMinor: actual, committedMinor: committed, currency } = bar;
  const used = actual + committed;
  const [tNum, tDen] = thresholdFraction(bar.thresholdPercent);
  // Green below the alert threshold, amber from it, red over the cap (reaching it exactly is allowed).
  const level: Level = used > cap ? 'over' : used * tDen >= cap * tNum ? 'alert' : 'ok';
  const colours = LEVEL_COLOURS[level];
  const percent = cap > 0n ? `${formatPercent(used, cap, 1)}%` : EMPTY_CELL;
  const money = (m: bigint) => formatMoneyCell(m, currency, lang);
  const figures =
    lang === 'zh-Hant'
      ? `已使用${percent}：${say(LABELS.barActual, lang)}${money(actual)}，${say(LABELS.barCommitted, lang)}${money(committed)}${say(LABELS.barOf, lang)}${money(cap)}`
      : `${percent} used: ${say(LABELS.barActual, lang).toLowerCase()} ${money(actual)}, ${say(LABELS.barCommitted, lang).toLowerCase()} ${money(committed)} ${say(LABELS.barOf, lang)} ${money(cap)}`;

  const labelWidth = w.width * 0.22;
  const barWidth = w.width * 0.3;
  const pctWidth = 44;
  const figuresWidth = w.width - labelWidth - barWidth - pctWidth - 3 * 8;
  const label = inLanguage(bar.label, lang);
  pdf.fontSize(8);
  const height =
    Math.max(
      pdf.heightOfString(label, { width: labelWidth }),
      pdf.heightOfString(figures, { width: figuresWidth }),
      12,
    ) + 6;
  w.ensure(height);
  const top = pdf.y;
  let x = w.left;
  pdf.fillColor(INK).text(label, x, top + 3, { width: labelWidth });
  x += labelWidth + 8;

  const barTop = top + 3;
  const barHeight = 10;
  const solid = barWidth * share(actual, cap);
  const committedEnd = barWidth * share(used, cap);
  pdf.rect(x, barTop, barWidth, barHeight).fill('#eceff1');
  if (solid > 0) pdf.rect(x, barTop, solid, barHeight).fill(colours[0]);
  hatched(pdf, x + solid, barTop, committedEnd - solid, barHeight, colours);
  const marker = x + barWidth * Math.min(1, Number(formatPercent(tNum, tDen, 3)) / 100);
  pdf.rect(marker - 0.75, barTop - 2, 1.5, barHeight + 4).fill(INK);
  pdf.rect(x, barTop, barWidth, barHeight).lineWidth(0.5).strokeColor('#b0b7bf').stroke();
  x += barWidth + 8;

  pdf
    .fillColor(level === 'ok' ? INK : colours[0])
    .text(percent, x, top + 3, { width: pctWidth, align: 'right' });
  x += pctWidth + 8;
  pdf.fillColor(INK).text(figures, x, top + 3, { width: figuresWidth });
  pdf.y = top + height;
  w.rule(pdf.y, '#eeeeee');
}

function drawBars(w: Writer, bars: readonly UtilisationBar[]): void {
  const { pdf, lang } = w;
  w.ensure(40);
  pdf.fontSize(9).fillColor(INK).text(say(LABELS.utilisation, lang), w.left, pdf.y, { width: w.width });
  pdf.y += 2;
  for (const bar of bars) drawBar(w, bar);
  // The legend, with its keys drawn as the bars are.
  pdf.y += 4;
  w.ensure(14);
  const y = pdf.y;
  const [solid, light] = LEVEL_COLOURS.ok;
  pdf.rect(w.left, y + 1, 14, 7).fill(solid);
  hatched(pdf, w.left + 18, y + 1, 14, 7, [solid, light]);
  pdf.rect(w.left + 37, y - 1, 1.5, 11).fill(INK);
  pdf
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(say(LABELS.legend, lang), w.left + 46, y, { width: w.width - 46 });
  pdf.y += 10;
}

function drawSection(w: Writer, section: Section): void {
  const { pdf, lang } = w;
  w.ensure(60);
  pdf.y += 6;
  w.text(inLanguage(section.heading, lang), 12.5, { gap: 1 });
  w.rule(pdf.y);
  pdf.y += 5;
  for (const p of section.paragraphs ?? []) w.text(inLanguage(p, lang), 9, { gap: 4 });
  for (const t of section.tables ?? []) drawTable(w, t);
  if (section.bars && section.bars.length > 0) drawBars(w, section.bars);
}

function drawBanner(w: Writer): void {
  const { pdf, lang } = w;
  const text = `${say(LABELS.demo, lang)}  ${say(LABELS.demoDetail, lang)}`;
  pdf.fontSize(9);
  const height = pdf.heightOfString(text, { width: w.width - 16 }) + 10;
  const top = pdf.y;
  pdf.roundedRect(w.left, top, w.width, height, 3).fillAndStroke('#fff4ce', '#d9a400');
  pdf.fillColor(INK).text(text, w.left + 8, top + 5, { width: w.width - 16 });
  pdf.y = top + height + 6;
}

/** Page numbers and the provenance line at the foot of every page, once the pages are known. */
function drawFooters(w: Writer, doc: ReportDocument): void {
  const { pdf, lang } = w;
  const colon = lang === 'zh-Hant' ? '：' : ': ';
  const provenance = `${say(LABELS.generatedAt, lang)}${colon}${doc.generatedAt} · ${say(LABELS.knowledgeAt, lang)}${colon}${doc.knowledgeAt}${doc.demo ? ` · ${say(LABELS.demo, lang)}` : ''}`;
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - MARGIN + 10;
    const page = lang === 'zh-Hant' ? `第${i + 1}頁，共${range.count}頁` : `Page ${i + 1} of ${range.count}`;
    pdf.fontSize(7).fillColor(MUTED);
    pdf.text(provenance, w.left, y, { width: w.width - 100, lineBreak: false });
    pdf.text(page, w.left + w.width - 100, y, { width: 100, align: 'right', lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
}

export async function renderPdf(
  doc: ReportDocument,
  lang: ReportLanguage,
  options: PdfOptions = {},
): Promise<Buffer> {
  const fontPath = options.fontPath ?? cjkFontPath();
  const when = new Date(doc.generatedAt);
  const date = Number.isNaN(when.getTime()) ? new Date(0) : when;
  const title = inLanguage(doc.title, lang);
  const issuer = inLanguage(doc.issuer.name, lang);
  const pdf = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    lang,
    displayTitle: true,
    info: {
      Title: `${title} — ${issuer}`,
      Author: issuer,
      Creator: "Arm's Length",
      Producer: "Arm's Length",
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  try {
    useCjkFont(pdf, fontPath);
  } catch (e) {
    pdf.end();
    await done.catch(() => undefined);
    throw e;
  }

  const w = new Writer(pdf, lang);
  const fmtDate = lang === 'zh-Hant' ? formatDateZh : formatDateEn;
  const colon = lang === 'zh-Hant' ? '：' : ': ';
  w.text(title, 17, { gap: 3 });
  w.text(
    `${say(LABELS.issuer, lang)}${colon}${issuer}      ${say(LABELS.period, lang)}${colon}${periodText(doc, lang, fmtDate)}`,
    9.5,
    { color: MUTED, gap: 6 },
  );
  if (doc.demo) drawBanner(w);
  for (const section of doc.sections) drawSection(w, section);
  drawFooters(w, doc);
  pdf.end();
  return done;
}
