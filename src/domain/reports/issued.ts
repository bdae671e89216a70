/**
 * Issue 7: issued reports. An issued report is its document as canonical JSON, stored unchanged
 * with the SHA-256 of those bytes. Regenerating it after later changes gives a new version marked
 * "amended", with the differences from the version it amends listed in it.
 *
 * - Canonical JSON: object keys sorted, no spaces, bigints (money minor units, exact fractions) as
 *   decimal strings under their known keys, so that the same document always gives the same bytes.
 * - Differences compare two documents' content (not when they were generated or as known at):
 *   sections added or removed, paragraphs changed, table rows added or removed, and cells changed.
 *   A row is identified by its text and date cells (agreement, category, period, reference); the
 *   figures beside them are what may change.
 */
import {
  bilingual,
  textCell,
  type Bilingual,
  type Cell,
  type ReportDocument,
  type Section,
  type Table,
} from './document.js';
import { EMPTY_CELL, formatCell } from './format.js';

/** The keys whose values are bigints in a document (cells and bars). */
const BIGINT_KEYS = new Set([
  'minor',
  'numerator',
  'denominator',
  'capMinor',
  'actualMinor',
  'committedMinor',
]);

function canonical(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
        .map((k) => [k, canonical(o[k])]),
    );
  }
  return value;
}

/** The document as canonical JSON: the bytes that are stored and hashed. */
export const documentJson = (doc: ReportDocument): string => JSON.stringify(canonical(doc));

/** The stored JSON back as a document (bigints restored). */
export const parseDocumentJson = (json: string): ReportDocument =>
  JSON.parse(json, (key, value: unknown) =>
    BIGINT_KEYS.has(key) && typeof value === 'string' ? BigInt(value) : value,
  ) as ReportDocument;

/** One difference between the version amended and the new one. */
export type ReportDifference =
  | { readonly kind: 'section-added' | 'section-removed'; readonly section: Bilingual }
  | {
      readonly kind: 'paragraph-changed';
      readonly section: Bilingual;
      readonly before: Bilingual | null;
      readonly after: Bilingual | null;
    }
  | {
      readonly kind: 'row-added' | 'row-removed';
      readonly section: Bilingual;
      readonly table: Bilingual;
      readonly row: Bilingual;
    }
  | {
      readonly kind: 'cell-changed';
      readonly section: Bilingual;
      readonly table: Bilingual;
      readonly row: Bilingual;
      readonly column: Bilingual;
      readonly before: Cell;
      readonly after: Cell;
    };

/** The key of the section an amended version adds in front; left out when comparing. */
export const AMENDMENTS_SECTION = 'amendments';

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
const both = (f: (lang: 'en' | 'zh-Hant') => string): Bilingual => bilingual(f('en'), f('zh-Hant'));

/** A row's identity: its text and date cells, written out; a repeated identity is numbered. */
function rowLabels(table: Table): { key: string; label: Bilingual; row: readonly Cell[] }[] {
  const seen = new Map<string, number>();
  return table.rows.map((row) => {
    const ids = table.columns.flatMap((c, i) =>
      c.type === 'text' || c.type === 'date' ? [row[i] ?? null] : [],
    );
    const label = both((lang) =>
      ids
        .map((cell) => formatCell(cell, lang))
        .filter((t) => t !== EMPTY_CELL)
        .join(' · '),
    );
    const base = JSON.stringify(canonical(ids));
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { key: `${base}#${n}`, label: n > 1 ? both((l) => `${label[l]} (${n})`) : label, row };
  });
}

function tableDifferences(section: Bilingual, before: Table, after: Table): ReportDifference[] {
  const out: ReportDifference[] = [];
  const old = new Map(rowLabels(before).map((r) => [r.key, r]));
  const fresh = rowLabels(after);
  const freshKeys = new Set(fresh.map((r) => r.key));
  for (const r of rowLabels(before))
    if (!freshKeys.has(r.key)) out.push({ kind: 'row-removed', section, table: after.title, row: r.label });
  for (const r of fresh) {
    const was = old.get(r.key);
    if (!was) {
      out.push({ kind: 'row-added', section, table: after.title, row: r.label });
      continue;
    }
    after.columns.forEach((column, i) => {
      const j = before.columns.findIndex((c) => c.key === column.key);
      const b = j < 0 ? null : (was.row[j] ?? null);
      const a = r.row[i] ?? null;
      if (!same(a, b))
        out.push({
          kind: 'cell-changed',
          section,
          table: after.title,
          row: r.label,
          column: column.header,
          before: b,
          after: a,
        });
    });
  }
  const totals = (t: Table) => t.totals ?? [];
  if (!same(totals(before), totals(after)))
    totals(after).forEach((row, k) => {
      after.columns.forEach((column, i) => {
        const b = totals(before)[k]?.[i] ?? null;
        const a = row[i] ?? null;
        if (!same(a, b))
          out.push({
            kind: 'cell-changed',
            section,
            table: after.title,
            row: bilingual('Total', '總計'),
            column: column.header,
            before: b,
            after: a,
          });
      });
    });
  return out;
}

function sectionDifferences(before: Section, after: Section): ReportDifference[] {
  const out: ReportDifference[] = [];
  const section = after.heading;
  const pb = before.paragraphs ?? [];
  const pa = after.paragraphs ?? [];
  for (let i = 0; i < (pb.length > pa.length ? pb.length : pa.length); i++)
    if (!same(pb[i], pa[i]))
      out.push({ kind: 'paragraph-changed', section, before: pb[i] ?? null, after: pa[i] ?? null });
  const tb = new Map((before.tables ?? []).map((t) => [t.key, t]));
  for (const t of after.tables ?? []) {
    const was = tb.get(t.key);
    out.push(...tableDifferences(section, was ?? { ...t, rows: [], totals: [] }, t));
  }
  for (const t of before.tables ?? [])
    if (!(after.tables ?? []).some((x) => x.key === t.key))
      out.push(...tableDifferences(section, t, { ...t, rows: [], totals: [] }));
  // Bars repeat the table's figures: a change shows there already.
  return out;
}

/** What changed from `before` to `after` (their amendment sections left out), in reading order. */
export function documentDifferences(before: ReportDocument, after: ReportDocument): ReportDifference[] {
  const content = (d: ReportDocument) => d.sections.filter((s) => s.key !== AMENDMENTS_SECTION);
  const old = new Map(content(before).map((s) => [s.key, s]));
  const out: ReportDifference[] = [];
  for (const s of content(after)) {
    const was = old.get(s.key);
    if (!was) out.push({ kind: 'section-added', section: s.heading });
    else out.push(...sectionDifferences(was, s));
  }
  for (const s of content(before))
    if (!content(after).some((x) => x.key === s.key))
      out.push({ kind: 'section-removed', section: s.heading });
  return out;
}

const KIND_LABELS: Readonly<Record<ReportDifference['kind'], Bilingual>> = {
  'section-added': bilingual('Section added', '新增章節'),
  'section-removed': bilingual('Section removed', '刪除章節'),
  'paragraph-changed': bilingual('Text changed', '文字修改'),
  'row-added': bilingual('Row added', '新增行'),
  'row-removed': bilingual('Row removed', '刪除行'),
  'cell-changed': bilingual('Figure changed', '數字修改'),
};

/**
 * The amended version: the new document with "(amended)" in its title and, in front, a section
 * that says which version it amends (its issue date and SHA-256) and lists every difference.
 */
export function amendedDocument(
  doc: ReportDocument,
  amends: { readonly version: number; readonly issuedOn: string; readonly sha256: string },
  version: number,
  differences: readonly ReportDifference[],
): ReportDocument {
  const text = (b: Bilingual | null) => (b === null ? null : textCell(b));
  const rows: Cell[][] = differences.map((d) => {
    const where = (lang: 'en' | 'zh-Hant') =>
      'table' in d ? `${d.section[lang]} — ${d.table[lang]}` : d.section[lang];
    switch (d.kind) {
      case 'section-added':
      case 'section-removed':
        return [textCell(KIND_LABELS[d.kind]), textCell(both(where)), null, null, null, null];
      case 'paragraph-changed':
        return [
          textCell(KIND_LABELS[d.kind]),
          textCell(both(where)),
          null,
          null,
          text(d.before),
          text(d.after),
        ];
      case 'row-added':
      case 'row-removed':
        return [textCell(KIND_LABELS[d.kind]), textCell(both(where)), textCell(d.row), null, null, null];
      case 'cell-changed':
        return [
          textCell(KIND_LABELS[d.kind]),
          textCell(both(where)),
          textCell(d.row),
          textCell(d.column),
          textCell(both((lang) => formatCell(d.before, lang))),
          textCell(both((lang) => formatCell(d.after, lang))),
        ];
    }
  });
  const column = (key: string, en: string, zh: string) => ({
    key,
    header: bilingual(en, zh),
    type: 'text' as const,
  });
  const section: Section = {
    key: AMENDMENTS_SECTION,
    heading: bilingual(`Amended report: version ${version}`, `經修訂報告：第${version}版`),
    paragraphs: [
      bilingual(
        `This version amends version ${amends.version}, issued on ${amends.issuedOn} (SHA-256 ${amends.sha256}). ` +
          `It counts what was recorded up to its own knowledge date; ${differences.length} ${differences.length === 1 ? 'difference is' : 'differences are'} listed below.`,
        `本版本修訂於${amends.issuedOn}發出的第${amends.version}版（SHA-256 ${amends.sha256}）。` +
          `本版本計及截至其資料截止時間的記錄；下表列出${differences.length}項差異。`,
      ),
    ],
    tables: [
      {
        key: AMENDMENTS_SECTION,
        title: bilingual('Differences from the version amended', '與被修訂版本的差異'),
        columns: [
          column('change', 'Change', '變更'),
          column('where', 'Where', '位置'),
          column('row', 'Row', '行'),
          column('column', 'Column', '欄'),
          column('before', 'Before', '修訂前'),
          column('after', 'After', '修訂後'),
        ],
        rows,
      },
    ],
  };
  return {
    ...doc,
    title: bilingual(
      `${doc.title.en} (amended, version ${version})`,
      `${doc.title['zh-Hant']}（經修訂，第${version}版）`,
    ),
    sections: [section, ...doc.sections],
  };
}
