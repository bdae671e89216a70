/**
 * The report as one self-contained HTML page: no script, no external resource (fonts, images and
 * styles are the reader's or inline), so it can be e-mailed, archived or printed as it is. Every text
 * from the document is escaped. Figures are written by `formatCell` (presentation.md); the
 * utilisation bars look like the home page's (src/http/home.ts).
 */
import { escapeHtml } from '../domain/html.js';
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

const FONTS: Readonly<Record<ReportLanguage, string>> = {
  'zh-Hant':
    '"Noto Sans CJK TC","Noto Sans TC","PingFang TC","Microsoft JhengHei",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif',
  en: 'system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK TC","Noto Sans TC",sans-serif',
};

const css = (lang: ReportLanguage): string => `
body{font-family:${FONTS[lang]};margin:2rem;color:#1b1f23;line-height:1.45;max-width:70rem}
h1{font-size:1.5rem;margin:0 0 .25rem}
h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.meta{margin:0 0 1rem;color:#444}
.meta dt{font-weight:bold;display:inline}.meta dd{display:inline;margin:0 1.5rem 0 .3rem}
.demo{background:#fff4ce;border:1px solid #d9a400;padding:.5rem .75rem;border-radius:4px}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f5f7}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.date{white-space:nowrap}
.neg{color:#b00020}
tfoot td{font-weight:bold;border-top:2px solid #1b1f23}
.notes{font-size:.85rem;color:#444;margin:.25rem 0 1rem;padding-left:1.25rem}
.bars{border-collapse:collapse;width:100%;font-size:.9rem}
.bars td{border-bottom:1px solid #eee}
.barcell{width:40%;min-width:12rem}
.bar{position:relative;display:flex;height:1rem;background:#eceff1;border:1px solid #b0b7bf;border-radius:2px;overflow:hidden}
.bar .actual{display:block;height:100%}
.bar .committed{display:block;height:100%}
.ok .actual{background:#2e7d32}.ok .committed{background:repeating-linear-gradient(45deg,#2e7d32 0 3px,#c8e6c9 3px 6px)}
.alert .actual{background:#c77700}.alert .committed{background:repeating-linear-gradient(45deg,#c77700 0 3px,#ffe0b2 3px 6px)}
.over .actual{background:#c62828}.over .committed{background:repeating-linear-gradient(45deg,#c62828 0 3px,#ffcdd2 3px 6px)}
.over .pct{color:#c62828;font-weight:bold}.alert .pct{color:#8a5300;font-weight:bold}
.bar .marker{position:absolute;top:0;bottom:0;width:2px;background:#1b1f23}
.figures{font-size:.85rem}
.legend{font-size:.8rem;color:#444}
.key{display:inline-block;width:1rem;height:.7rem;vertical-align:middle;border:1px solid #b0b7bf}
.key.actual{background:#2e7d32}.key.committed{background:repeating-linear-gradient(45deg,#2e7d32 0 3px,#c8e6c9 3px 6px)}.key.marker{width:2px;background:#1b1f23;border:0}
footer{margin-top:2rem;font-size:.85rem;color:#444;border-top:1px solid #ddd;padding-top:.5rem}
@media print{body{margin:1cm}.bar,.key,.demo{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

const isFigure = (type: Column['type']): boolean =>
  type === 'money' || type === 'percent' || type === 'count';

function td(cell: Cell, column: Column, lang: ReportLanguage): string {
  const classes = [
    isFigure(column.type) ? 'num' : '',
    column.type === 'date' ? 'date' : '',
    isNegativeCell(cell) ? 'neg' : '',
  ].filter(Boolean);
  const cls = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
  return `<td${cls}>${escapeHtml(formatCell(cell, lang))}</td>`;
}

function tableHtml(table: Table, lang: ReportLanguage): string {
  const headers = exportColumns(table, lang);
  const head = table.columns
    .map((c, i) => {
      const cls = isFigure(c.type) ? ' class="num"' : '';
      // A percentage column shows "%" in its cells, so its header needs no unit; money cells name
      // their currency too, but the header keeps it for a mixed table read column by column.
      const text = c.type === 'percent' ? inLanguage(c.header, lang) : (headers[i]?.header ?? '');
      return `<th scope="col"${cls}>${escapeHtml(text)}</th>`;
    })
    .join('');
  const row = (cells: readonly Cell[]) =>
    `<tr>${table.columns.map((c, i) => td(cells[i] ?? null, c, lang)).join('')}</tr>`;
  const totals = table.totals ?? [];
  const notes = table.notes ?? [];
  return `<table id="${escapeHtml(`t-${table.key}`)}">
<caption>${escapeHtml(inLanguage(table.title, lang))}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${table.rows.map(row).join('\n')}
</tbody>${totals.length > 0 ? `\n<tfoot>\n${totals.map(row).join('\n')}\n</tfoot>` : ''}
</table>${
    notes.length > 0
      ? `\n<ol class="notes">${notes.map((n) => `<li>${escapeHtml(inLanguage(n, lang))}</li>`).join('')}</ol>`
      : ''
  }`;
}

const minB = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const maxB = (a: bigint, b: bigint): bigint => (a > b ? a : b);

type Level = 'ok' | 'alert' | 'over';

function barHtml(bar: UtilisationBar, lang: ReportLanguage): string {
  const { capMinor: cap, actualMinor: actual, committedMinor: committed, currency } = bar;
  const used = actual + committed;
  const [tNum, tDen] = thresholdFraction(bar.thresholdPercent);
  // Green below the alert threshold, amber from it, red over the cap (reaching it exactly is allowed).
  const level: Level = used > cap ? 'over' : used * tDen >= cap * tNum ? 'alert' : 'ok';
  const width = (part: bigint): string =>
    cap > 0n ? formatPercent(minB(maxB(part, 0n), cap), cap, 1) : '0.0';
  const solid = width(actual);
  const hatched =
    cap > 0n ? formatPercent(minB(maxB(used, 0n), cap) - minB(maxB(actual, 0n), cap), cap, 1) : '0.0';
  const marker = formatPercent(minB(tNum, tDen), tDen, 1);
  const percent = cap > 0n ? `${formatPercent(used, cap, 1)}%` : EMPTY_CELL;
  const money = (m: bigint) => formatMoneyCell(m, currency, lang);
  const figures =
    lang === 'zh-Hant'
      ? `已使用${percent}：${say(LABELS.barActual, lang)}${money(actual)}，${say(LABELS.barCommitted, lang)}${money(committed)}${say(LABELS.barOf, lang)}${money(cap)}`
      : `${percent} used: ${say(LABELS.barActual, lang).toLowerCase()} ${money(actual)}, ${say(LABELS.barCommitted, lang).toLowerCase()} ${money(committed)} ${say(LABELS.barOf, lang)} ${money(cap)}`;
  const thresholdLabel = `${say(LABELS.barThreshold, lang)} ${bar.thresholdPercent}%`;
  return `<tr class="${level}">
<th scope="row">${escapeHtml(inLanguage(bar.label, lang))}</th>
<td class="barcell"><div class="bar" role="img" aria-label="${escapeHtml(figures)}"><span class="actual" style="width:${solid}%"></span><span class="committed" style="width:${hatched}%"></span><span class="marker" style="left:${marker}%" title="${escapeHtml(thresholdLabel)}"></span></div></td>
<td class="num pct">${escapeHtml(percent)}</td>
<td class="figures">${escapeHtml(figures)}</td>
</tr>`;
}

function barsHtml(bars: readonly UtilisationBar[], lang: ReportLanguage): string {
  return `<table class="bars">
<caption>${escapeHtml(say(LABELS.utilisation, lang))}</caption>
<tbody>
${bars.map((b) => barHtml(b, lang)).join('\n')}
</tbody>
</table>
<p class="legend"><span class="key actual"></span> <span class="key committed"></span> <span class="key marker"></span> ${escapeHtml(say(LABELS.legend, lang))}</p>`;
}

function sectionHtml(section: Section, lang: ReportLanguage): string {
  const parts = [`<h2>${escapeHtml(inLanguage(section.heading, lang))}</h2>`];
  for (const p of section.paragraphs ?? []) parts.push(`<p>${escapeHtml(inLanguage(p, lang))}</p>`);
  for (const t of section.tables ?? []) parts.push(tableHtml(t, lang));
  if (section.bars && section.bars.length > 0) parts.push(barsHtml(section.bars, lang));
  return `<section id="${escapeHtml(`s-${section.key}`)}">\n${parts.join('\n')}\n</section>`;
}

export function renderHtml(doc: ReportDocument, lang: ReportLanguage): string {
  const fmtDate = lang === 'zh-Hant' ? formatDateZh : formatDateEn;
  const title = inLanguage(doc.title, lang);
  const colon = lang === 'zh-Hant' ? '：' : ': ';
  const banner = doc.demo
    ? `<p class="demo" role="note"><strong>${escapeHtml(say(LABELS.demo, lang))}</strong> ${escapeHtml(say(LABELS.demoDetail, lang))}</p>\n`
    : '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${title} — ${inLanguage(doc.issuer.name, lang)}`)}</title>
<style>${css(lang)}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<dl class="meta"><dt>${escapeHtml(say(LABELS.issuer, lang))}</dt><dd>${escapeHtml(inLanguage(doc.issuer.name, lang))}</dd><dt>${escapeHtml(say(LABELS.period, lang))}</dt><dd>${escapeHtml(periodText(doc, lang, fmtDate))}</dd></dl>
${banner}</header>
<main>
${doc.sections.map((s) => sectionHtml(s, lang)).join('\n')}
</main>
<footer><p>${escapeHtml(say(LABELS.generatedAt, lang))}${colon}<time datetime="${escapeHtml(doc.generatedAt)}">${escapeHtml(doc.generatedAt)}</time> · ${escapeHtml(say(LABELS.knowledgeAt, lang))}${colon}<time datetime="${escapeHtml(doc.knowledgeAt)}">${escapeHtml(doc.knowledgeAt)}</time>${doc.demo ? ` · ${escapeHtml(say(LABELS.demo, lang))}` : ''}</p></footer>
</body>
</html>
`;
}
