/**
 * Reports (decision 0015): the seven kinds, each for its period, in English or Traditional Chinese,
 * as PDF, Excel, HTML or CSV — downloaded with plain links — and issued as records: stored with
 * their SHA-256, amended versions listing their differences from the version before.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, currentIssuer, post, query } from '../api';
import { Empty, Show, useGet } from '../components/state';
import { date, fromMinor, instant, money, named } from '../format';
import { defineMessages, useI18n, type Lang } from '../i18n';
import { useCan } from '../session';
import {
  FieldMessages,
  FormRefusal,
  refusalOf,
  useSubmit,
  useWho,
  type Name,
  type Refusal,
} from './oversight';

const KINDS = [
  'monthly-monitoring',
  'monthly-management',
  'semi-annual-directors',
  'ined-review',
  'auditor-schedule',
  'annual-report-disclosure',
  'announcement-draft',
] as const;
type Kind = (typeof KINDS)[number];

type PeriodShape = 'month' | 'half' | 'year' | 'date';
const SHAPE: Record<Kind, PeriodShape> = {
  'monthly-monitoring': 'month',
  'monthly-management': 'month',
  'semi-annual-directors': 'half',
  'ined-review': 'year',
  'auditor-schedule': 'year',
  'annual-report-disclosure': 'year',
  'announcement-draft': 'date',
};

const useT = defineMessages(
  {
    title: 'Reports',
    intro:
      'Each report is built from the records as at the end of its period, in English or Traditional Chinese. Download it in any format, or issue it: an issued report is kept with its SHA-256, and issuing again after the records changed makes an amended version listing what changed.',
    kind: 'Report',
    'kind.monthly-monitoring': 'Monthly monitoring report (finance)',
    'kind.monthly-management': 'Monthly report to senior management',
    'kind.semi-annual-directors': 'Semi-annual report to the directors',
    'kind.ined-review': 'Annual review pack for the independent non-executive directors (Rule 14A.55)',
    'kind.auditor-schedule': "Schedule for the auditor's letter (Rule 14A.56)",
    'kind.annual-report-disclosure': 'Annual report disclosure (Rule 14A.71)',
    'kind.announcement-draft': 'Announcement draft',
    month: 'Month',
    year: 'Financial year (the year it ends in)',
    half: 'Half-year',
    h1: 'First half (H1)',
    h2: 'Second half (H2)',
    draftDate: "The draft's date",
    agreement: 'Agreement',
    chooseAgreement: 'Choose an agreement',
    knownAt: 'As known at (optional)',
    knownAtHint: 'Only what was recorded by the end of that day counts. Leave blank for now.',
    language: 'Language of the report',
    en: 'English',
    zh: 'Traditional Chinese (繁體中文)',
    download: 'Download',
    pdf: 'Download PDF',
    xlsx: 'Download Excel (XLSX)',
    html: 'Open as a web page (HTML)',
    csv: 'Download CSV',
    csvMenu: 'CSV…',
    csvTable: 'CSV table',
    csvOneTable: 'A CSV file holds one table of the report.',
    checking: 'Checking the period…',
    issue: 'Issue this report',
    issuing: 'Issuing…',
    issuedNew: 'Issued as version',
    issuedSame: 'Already issued with the same content: version',
    issued: 'Issued versions',
    issuedOf: 'Issued versions of this report',
    noIssued: 'No version of this report has been issued yet.',
    period: 'Period',
    version: 'Version',
    amended: 'Amended',
    original: 'Original',
    issuedAt: 'Issued',
    issuedBy: 'Issued by',
    knowledge: 'Knowledge date',
    sha: 'SHA-256',
    integrity: 'Stored copy',
    intact: 'Intact',
    altered: 'Altered: does not match its SHA-256',
    differences: 'Differences from the version before',
    files: 'Files',
    noDifferences: 'None listed.',
    'diff.section-added': 'Section added',
    'diff.section-removed': 'Section removed',
    'diff.paragraph-changed': 'Paragraph changed',
    'diff.row-added': 'Row added',
    'diff.row-removed': 'Row removed',
    'diff.cell-changed': 'Figure changed',
    before: 'before',
    after: 'after',
    allKinds: 'all kinds',
    showAll: 'Show every kind',
    showThis: 'Show this report only',
  },
  {
    title: '報告',
    intro:
      '每份報告均按其期間結束時的記錄編製，備有英文及繁體中文版本。可下載任何格式，或正式發出：已發出的報告連同其SHA-256一併保存；記錄其後有所改動而再次發出時，會產生列明改動之處的修訂版本。',
    kind: '報告',
    'kind.monthly-monitoring': '每月監察報告（財務部門）',
    'kind.monthly-management': '致高級管理層的每月報告',
    'kind.semi-annual-directors': '致董事的半年度報告',
    'kind.ined-review': '獨立非執行董事年度審閱資料（上市規則第14A.55條）',
    'kind.auditor-schedule': '核數師函件附表（上市規則第14A.56條）',
    'kind.annual-report-disclosure': '年報披露（上市規則第14A.71條）',
    'kind.announcement-draft': '公告擬稿',
    month: '月份',
    year: '財政年度（以年度結束的年份命名）',
    half: '半年度',
    h1: '上半年度',
    h2: '下半年度',
    draftDate: '擬稿日期',
    agreement: '協議',
    chooseAgreement: '選擇協議',
    knownAt: '以何日所知為準（選填）',
    knownAtHint: '只計算該日完結前已記錄的資料。留空即以現時為準。',
    language: '報告語言',
    en: '英文 (English)',
    zh: '繁體中文',
    download: '下載',
    pdf: '下載PDF',
    xlsx: '下載Excel（XLSX）',
    html: '以網頁開啟（HTML）',
    csv: '下載CSV',
    csvMenu: 'CSV…',
    csvTable: 'CSV表格',
    csvOneTable: '每個CSV檔案載有報告的一個表格。',
    checking: '正在核對期間…',
    issue: '正式發出此報告',
    issuing: '正在發出…',
    issuedNew: '已發出，版本',
    issuedSame: '已發出內容相同的版本：版本',
    issued: '已發出的版本',
    issuedOf: '此報告已發出的版本',
    noIssued: '此報告尚未發出任何版本。',
    period: '期間',
    version: '版本',
    amended: '修訂版',
    original: '原版',
    issuedAt: '發出時間',
    issuedBy: '發出人',
    knowledge: '資料截至',
    sha: 'SHA-256',
    integrity: '儲存副本',
    intact: '完整',
    altered: '已被改動：與其SHA-256不符',
    differences: '與上一版本的差異',
    files: '檔案',
    noDifferences: '沒有列出差異。',
    'diff.section-added': '新增章節',
    'diff.section-removed': '刪除章節',
    'diff.paragraph-changed': '段落改動',
    'diff.row-added': '新增一行',
    'diff.row-removed': '刪除一行',
    'diff.cell-changed': '數字改動',
    before: '改動前',
    after: '改動後',
    allKinds: '全部類別',
    showAll: '顯示全部類別',
    showThis: '只顯示此報告',
  },
);

// ---- periods: the defaults are the last complete month, half-year and financial year ----

const pad = (n: number) => String(n).padStart(2, '0');
/** Today in Hong Kong, as YYYY-MM-DD. */
const hkToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function lastMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/** The financial year (named by the year it ends in) containing `today`, for a year end MM-DD. */
function financialYearOf(today: string, yearEnd: string): number {
  const y = Number(today.slice(0, 4));
  return today.slice(5) <= yearEnd ? y : y + 1;
}

/** The last complete half-year of the financial year: "2026-H1" or "2025-H2". */
function lastHalf(today: string, yearEnd: string): string {
  const fy = financialYearOf(today, yearEnd);
  const [em] = yearEnd.split('-').map(Number) as [number, number];
  // H1 ends six months before the year end (at the end of that month).
  const h1EndMonth = ((em + 5) % 12) + 1;
  const h1EndYear = h1EndMonth > em ? fy - 1 : fy;
  const h1End = `${h1EndYear}-${pad(h1EndMonth)}-${pad(new Date(Date.UTC(h1EndYear, h1EndMonth, 0)).getUTCDate())}`;
  return today > h1End ? `${fy}-H1` : `${fy - 1}-H2`;
}

const lastYear = (today: string, yearEnd: string): string => String(financialYearOf(today, yearEnd) - 1);

function defaultPeriod(kind: Kind, today: string, yearEnd: string): string {
  switch (SHAPE[kind]) {
    case 'month':
      return lastMonth(today);
    case 'half':
      return lastHalf(today, yearEnd);
    case 'year':
      return lastYear(today, yearEnd);
    case 'date':
      return today;
  }
}

/** A period as documents name it: "October 2026", "FY2026 H1", "FY2026", a date. */
function periodLabel(period: string, lang: Lang): string {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return lang === 'en' ? date(`${period}-01`, lang).replace(/^1 /, '') : `${m[1]}年${Number(m[2])}月`;
  m = /^(\d{4})-H([12])$/.exec(period);
  if (m)
    return lang === 'en'
      ? `${m[2] === '1' ? 'First' : 'Second'} half of FY${m[1]}`
      : `${m[1]}財政年度${m[2] === '1' ? '上' : '下'}半年`;
  if (/^\d{4}$/.test(period)) return lang === 'en' ? `FY${period}` : `${period}財政年度`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return date(period, lang);
  return period;
}

// ---- the differences of an amended version ----

interface Bilingual {
  readonly en: string;
  readonly 'zh-Hant': string;
}
type Cell =
  | { readonly kind: 'text'; readonly text: Bilingual | string }
  | { readonly kind: 'money'; readonly minor: string; readonly currency: string }
  | {
      readonly kind: 'percent';
      readonly numerator: string;
      readonly denominator: string;
      readonly decimals: number;
    }
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'count'; readonly value: number }
  | null;

type Difference =
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

/** An exact fraction as a percentage with `decimals` places, rounded half up, on bigints. */
function percentOf(numerator: string, denominator: string, decimals: number): string {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d === 0n) return '—';
  const scale = 10n ** BigInt(decimals);
  const neg = n < 0n !== d < 0n;
  const a = n < 0n ? -n : n;
  const b = d < 0n ? -d : d;
  const scaled = (a * 100n * scale * 2n + b) / (2n * b);
  const whole = (scaled / scale).toString();
  const frac = decimals > 0 ? `.${(scaled % scale).toString().padStart(decimals, '0')}` : '';
  return `${neg ? '-' : ''}${whole}${frac}%`;
}

function cellText(c: Cell, lang: Lang): string {
  if (c === null) return '—';
  switch (c.kind) {
    case 'text':
      return typeof c.text === 'string' ? c.text : c.text[lang];
    case 'money':
      return money(fromMinor(BigInt(c.minor)), c.currency, lang);
    case 'percent':
      return percentOf(c.numerator, c.denominator, c.decimals);
    case 'date':
      return date(c.date, lang);
    case 'count':
      return String(c.value);
  }
}

function DifferenceLine({ d }: { d: Difference }) {
  const t = useT();
  const { lang } = useI18n();
  const where = (...parts: Bilingual[]) => parts.map((p) => p[lang]).join(' · ');
  switch (d.kind) {
    case 'section-added':
    case 'section-removed':
      return (
        <li>
          {t(`diff.${d.kind}`)}: {d.section[lang]}
        </li>
      );
    case 'paragraph-changed':
      return (
        <li>
          {t('diff.paragraph-changed')} ({d.section[lang]}): {t('before')} “{d.before?.[lang] ?? '—'}”;{' '}
          {t('after')} “{d.after?.[lang] ?? '—'}”
        </li>
      );
    case 'row-added':
    case 'row-removed':
      return (
        <li>
          {t(`diff.${d.kind}`)}: {where(d.section, d.table, d.row)}
        </li>
      );
    case 'cell-changed':
      return (
        <li>
          {t('diff.cell-changed')}: {where(d.section, d.table, d.row, d.column)}: {cellText(d.before, lang)} →{' '}
          {cellText(d.after, lang)}
        </li>
      );
  }
}

// ---- the screen ----

interface IssuedReport {
  readonly id: string;
  readonly kind: string;
  readonly period: string;
  readonly scope: string;
  readonly version: number;
  readonly amended: boolean;
  readonly knowledgeAt: string;
  readonly sha256: string;
  readonly integrity: 'ok' | 'mismatch';
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly differences: readonly Difference[] | null;
}

interface Agreement {
  readonly id: string;
  readonly name: Name;
}

/** The query of a report link: its period, language, format, and the acting issuer. */
function reportQuery(params: Record<string, string | undefined>): string {
  return query({ ...params, issuer: currentIssuer() ?? undefined });
}

type CsvProbe =
  | { readonly state: 'idle' | 'checking' }
  | { readonly state: 'ok'; readonly tables: readonly string[] }
  | { readonly state: 'refused'; readonly refusal: Refusal };

/**
 * Asks for the CSV without a table: one table answers with the file; several answer 422 naming
 * them. Any other refusal (a period not valid for the kind, a future knowledge date) is the
 * report's own, shown against its field before anyone clicks a link to an error.
 */
function useCsvProbe(url: string | null): CsvProbe {
  const [probe, setProbe] = useState<CsvProbe>({ state: 'idle' });
  useEffect(() => {
    if (url === null) return;
    let live = true;
    setProbe({ state: 'checking' });
    const issuer = currentIssuer();
    fetch(url, { credentials: 'same-origin', headers: issuer ? { 'x-armslength-issuer': issuer } : {} })
      .then(async (res) => {
        if (res.ok) return { state: 'ok', tables: [] } as const;
        const text = await res.text();
        let body: unknown = null;
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          body = text;
        }
        const errors =
          typeof body === 'object' && body !== null && Array.isArray((body as { errors?: unknown }).errors)
            ? ((body as { errors: { path?: string; message?: string }[] }).errors ?? [])
            : [];
        const tableError = errors.find((e) => e.path === 'table');
        if (res.status === 422 && tableError && errors.length === 1) {
          const list = (tableError.message ?? '').split(':').slice(1).join(':');
          return {
            state: 'ok',
            tables: list
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          } as const;
        }
        const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : null;
        const apiError = new ApiError(
          res.status,
          typeof code === 'string' ? code : null,
          errors.length > 0
            ? errors.map((e) => `${e.path ?? ''}: ${e.message ?? ''}`)
            : [
                typeof body === 'object' &&
                body !== null &&
                typeof (body as { message?: unknown }).message === 'string'
                  ? (body as { message: string }).message
                  : `The request failed (${res.status}).`,
              ],
          body,
        );
        return {
          state: 'refused',
          refusal: refusalOf(apiError, ['period', 'agreement', 'knownAt']),
        } as const;
      })
      .then(
        (p) => live && setProbe(p),
        (e: unknown) => live && setProbe({ state: 'refused', refusal: refusalOf(e, []) }),
      );
    return () => {
      live = false;
    };
  }, [url]);
  return url === null ? { state: 'idle' } : probe;
}

function PeriodField({
  kind,
  period,
  setPeriod,
  messages,
}: {
  kind: Kind;
  period: string;
  setPeriod: (p: string) => void;
  messages: readonly string[];
}) {
  const t = useT();
  const shape = SHAPE[kind];
  const err = messages.length > 0 ? { 'aria-describedby': 'report-period-error', 'aria-invalid': true } : {};
  if (shape === 'half') {
    const [year = '', half = 'H1'] = period.split('-');
    return (
      <>
        <label>
          {t('year')}
          <input
            type="number"
            min={2000}
            max={2100}
            value={year}
            onChange={(e) => setPeriod(`${e.target.value}-${half}`)}
            {...err}
          />
        </label>
        <label>
          {t('half')}
          <select value={half} onChange={(e) => setPeriod(`${year}-${e.target.value}`)}>
            <option value="H1">{t('h1')}</option>
            <option value="H2">{t('h2')}</option>
          </select>
        </label>
        <FieldMessages id="report-period-error" messages={messages} />
      </>
    );
  }
  const label = shape === 'month' ? t('month') : shape === 'year' ? t('year') : t('draftDate');
  return (
    <label>
      {label}
      {shape === 'year' ? (
        <input
          type="number"
          min={2000}
          max={2100}
          value={period}
          onChange={(e) => setPeriod(e.target.value)}
          {...err}
        />
      ) : (
        <input
          type={shape === 'month' ? 'month' : 'date'}
          value={period}
          onChange={(e) => setPeriod(e.target.value)}
          {...err}
        />
      )}
      <FieldMessages id="report-period-error" messages={messages} />
    </label>
  );
}

function IssuedList({ kind, onlyThis, fileLang }: { kind: Kind | null; onlyThis: boolean; fileLang: Lang }) {
  const t = useT();
  const { lang } = useI18n();
  const who = useWho();
  const [list, reload] = useGet<readonly IssuedReport[]>(
    `/api/v1/issued-reports${kind && onlyThis ? query({ kind }) : ''}`,
  );
  return (
    <Show value={list} onRetry={reload}>
      {(items) => {
        if (items.length === 0) return <Empty>{t('noIssued')}</Empty>;
        const sorted = [...items].sort(
          (a, b) => b.issuedAt.localeCompare(a.issuedAt) || b.version - a.version,
        );
        const file = (r: IssuedReport, format: string) =>
          `/api/v1/issued-reports/${encodeURIComponent(r.id)}/file${reportQuery({ format, lang: fileLang })}`;
        return (
          <div className="table-scroll">
            <table className="data">
              <caption className="visually-hidden">{t('issued')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('kind')}</th>
                  <th scope="col">{t('period')}</th>
                  <th scope="col">{t('version')}</th>
                  <th scope="col">{t('issuedAt')}</th>
                  <th scope="col">{t('knowledge')}</th>
                  <th scope="col">{t('sha')}</th>
                  <th scope="col">{t('files')}</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      {(KINDS as readonly string[]).includes(r.kind) ? t(`kind.${r.kind as Kind}`) : r.kind}
                    </th>
                    <td>
                      {periodLabel(r.period, lang)}
                      {r.scope !== '' ? ` · ${r.scope}` : ''}
                    </td>
                    <td>
                      {r.version}{' '}
                      <span className={`badge ${r.amended ? 'badge-warning' : 'badge-info'}`}>
                        {r.amended ? t('amended') : t('original')}
                      </span>
                      {r.differences && r.differences.length > 0 && (
                        <details>
                          <summary>
                            {t('differences')} ({r.differences.length})
                          </summary>
                          <ul className="differences">
                            {r.differences.map((d, i) => (
                              <DifferenceLine key={i} d={d} />
                            ))}
                          </ul>
                        </details>
                      )}
                    </td>
                    <td>
                      {instant(r.issuedAt, lang)}
                      <br />
                      <span className="muted">
                        {t('issuedBy')} {who(r.issuedBy)}
                      </span>
                    </td>
                    <td>{instant(r.knowledgeAt, lang)}</td>
                    <td>
                      <code className="hash">{r.sha256}</code>
                      <br />
                      <span className={`badge ${r.integrity === 'ok' ? 'badge-ok' : 'badge-bad'}`}>
                        {r.integrity === 'ok' ? t('intact') : t('altered')}
                      </span>
                    </td>
                    <td>
                      {r.integrity === 'ok' && (
                        <>
                          <a href={file(r, 'pdf')} download>
                            PDF
                          </a>{' '}
                          ·{' '}
                          <a href={file(r, 'xlsx')} download>
                            XLSX
                          </a>{' '}
                          ·{' '}
                          <a href={file(r, 'html')} target="_blank" rel="noreferrer">
                            HTML
                          </a>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      }}
    </Show>
  );
}

interface IssuerSettings {
  readonly financialYearEnd: string;
}

export function Reports() {
  const t = useT();
  const { lang: uiLang } = useI18n();
  const can = useCan();
  const today = useMemo(hkToday, []);
  const issuerId = currentIssuer();
  const [issuer] = useGet<IssuerSettings>(
    issuerId ? `/api/v1/issuers/${encodeURIComponent(issuerId)}` : null,
  );
  const yearEnd = issuer.state === 'ready' ? issuer.data.financialYearEnd : '12-31';
  const [kind, setKind] = useState<Kind>('monthly-monitoring');
  const [periods, setPeriods] = useState<Partial<Record<Kind, string>>>({});
  const period = periods[kind] ?? defaultPeriod(kind, today, yearEnd);
  const setPeriod = (p: string) => setPeriods((ps) => ({ ...ps, [kind]: p }));
  const [agreement, setAgreement] = useState('');
  const [knownAt, setKnownAt] = useState('');
  const [lang, setLang] = useState<Lang>(uiLang);
  const [onlyThis, setOnlyThis] = useState(true);
  const [table, setTable] = useState('');
  const [issuedVersion, setIssuedVersion] = useState(0);
  const [issuedResult, setIssuedResult] = useState<{ version: number; created: boolean } | null>(null);
  const needsAgreement = kind === 'announcement-draft';
  const [agreements] = useGet<{ items: readonly Agreement[] }>(needsAgreement ? '/api/v1/agreements' : null);
  const issue = useSubmit(['period', 'agreement', 'knownAt']);

  const params = {
    period,
    ...(needsAgreement ? { agreement } : {}),
    ...(knownAt !== '' ? { knownAt } : {}),
    lang,
  };
  const ready = period !== '' && (!needsAgreement || agreement !== '');
  const base = `/api/v1/reports/${kind}`;
  const link = (format: string, extra: Record<string, string> = {}) =>
    `${base}${reportQuery({ ...params, format, ...extra })}`;
  // Asked only once the CSV is wanted: each probe builds the report.
  const [csvWanted, setCsvWanted] = useState(false);
  const probe = useCsvProbe(ready && csvWanted ? `${base}${query({ ...params, format: 'csv' })}` : null);
  const tables = probe.state === 'ok' ? probe.tables : [];
  const chosenTable = tables.includes(table) ? table : (tables[0] ?? '');
  const refusal = probe.state === 'refused' ? probe.refusal : null;

  const onIssue = (e: FormEvent) => {
    e.preventDefault();
    setIssuedResult(null);
    void issue.run(async () => {
      const r = await post<{ version: number; created: boolean }>('/api/v1/issued-reports', {
        kind,
        period,
        ...(needsAgreement ? { agreement } : {}),
        ...(knownAt !== '' ? { knownAt } : {}),
      });
      setIssuedResult({ version: r.version, created: r.created });
      setIssuedVersion((v) => v + 1);
    });
  };

  const fieldMessages = (name: string) => [...(refusal?.fields[name] ?? []), ...issue.fieldError(name)];

  return (
    <section aria-labelledby="reports-title" className="oversight">
      <h1 id="reports-title">{t('title')}</h1>
      <p className="help">{t('intro')}</p>
      <form className="card" onSubmit={onIssue} aria-labelledby="reports-title">
        <div className="report-form">
          <label>
            {t('kind')}
            <select
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                setIssuedResult(null);
              }}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <PeriodField kind={kind} period={period} setPeriod={setPeriod} messages={fieldMessages('period')} />
          {needsAgreement && (
            <label>
              {t('agreement')}
              <select
                value={agreement}
                onChange={(e) => setAgreement(e.target.value)}
                required
                {...(fieldMessages('agreement').length > 0
                  ? { 'aria-describedby': 'report-agreement-error', 'aria-invalid': true }
                  : {})}
              >
                <option value="">{t('chooseAgreement')}</option>
                {agreements.state === 'ready' &&
                  agreements.data.items.map((a) => (
                    <option key={a.id} value={a.id}>
                      {named(a.name, uiLang)}
                    </option>
                  ))}
              </select>
              <FieldMessages id="report-agreement-error" messages={fieldMessages('agreement')} />
            </label>
          )}
          <label>
            {t('knownAt')}
            <input
              type="date"
              value={knownAt}
              max={today}
              onChange={(e) => setKnownAt(e.target.value)}
              aria-describedby={`report-knownat-hint${fieldMessages('knownAt').length > 0 ? ' report-knownat-error' : ''}`}
            />
            <span id="report-knownat-hint" className="hint">
              {t('knownAtHint')}
            </span>
            <FieldMessages id="report-knownat-error" messages={fieldMessages('knownAt')} />
          </label>
          <label>
            {t('language')}
            <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
              <option value="en">{t('en')}</option>
              <option value="zh-Hant">{t('zh')}</option>
            </select>
          </label>
        </div>
        {ready && (
          <div className="downloads" aria-label={t('download')} role="group">
            <a className="primary" href={link('pdf')} download>
              {t('pdf')}
            </a>
            <a href={link('xlsx')} download>
              {t('xlsx')}
            </a>
            <a href={link('html')} target="_blank" rel="noreferrer">
              {t('html')}
            </a>
            <details className="csv-choice" onToggle={(e) => setCsvWanted(e.currentTarget.open)}>
              <summary>{t('csvMenu')}</summary>
              {probe.state === 'checking' && (
                <p className="muted" role="status">
                  {t('checking')}
                </p>
              )}
              <FormRefusal refusal={refusal} />
              {probe.state === 'ok' && (
                <p>
                  {tables.length > 1 && (
                    <label>
                      {t('csvTable')}{' '}
                      <select value={chosenTable} onChange={(e) => setTable(e.target.value)}>
                        {tables.map((k) => (
                          <option key={k} value={k}>
                            {k}
                          </option>
                        ))}
                      </select>{' '}
                    </label>
                  )}
                  <a href={link('csv', tables.length > 1 ? { table: chosenTable } : {})} download>
                    {t('csv')}
                  </a>
                </p>
              )}
              <p className="muted">{t('csvOneTable')}</p>
            </details>
          </div>
        )}
        {can('report.issue') && (
          <>
            <FormRefusal refusal={issue.refusal} />
            <button type="submit" className="primary" disabled={issue.busy || !ready}>
              {issue.busy ? t('issuing') : t('issue')}
            </button>
            {issuedResult && (
              <p className="saved" role="status">
                {issuedResult.created ? t('issuedNew') : t('issuedSame')} {issuedResult.version}
              </p>
            )}
          </>
        )}
      </form>
      <section aria-labelledby="issued-title">
        <h2 id="issued-title">{onlyThis ? t('issuedOf') : t('issued')}</h2>
        <label className="choice">
          <input type="checkbox" checked={onlyThis} onChange={(e) => setOnlyThis(e.target.checked)} />
          {t('showThis')}
        </label>
        <IssuedList key={issuedVersion} kind={kind} onlyThis={onlyThis} fileLang={lang} />
      </section>
    </section>
  );
}
