/**
 * Money, dates and percentages as Hong Kong compliance documents show them (presentation.md), from
 * the API's exact decimal strings. Figures are never turned into floating point for display: the
 * digits are grouped as they are. Numbers for charts are the only approximations, and only drawn.
 */
import type { Lang } from './i18n';

const CURRENCY: Record<string, { en: string; zhBefore: string; zhAfter: string }> = {
  CNY: { en: 'RMB', zhBefore: '人民幣', zhAfter: '元' },
  HKD: { en: 'HK$', zhBefore: '', zhAfter: '港元' },
  USD: { en: 'US$', zhBefore: '', zhAfter: '美元' },
};

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** "41000000.00" → "41,000,000.00" (a leading "-" kept apart). */
export function groupDecimal(amount: string): { negative: boolean; text: string } {
  const negative = amount.startsWith('-');
  const [int = '0', frac] = (negative ? amount.slice(1) : amount).split('.');
  return { negative, text: frac === undefined ? group(int) : `${group(int)}.${frac}` };
}

/** "RMB41,000,000.00" / "人民幣41,000,000.00元"; negatives in parentheses. */
export function money(amount: string, currency: string, lang: Lang): string {
  const { negative, text } = groupDecimal(amount);
  const c = CURRENCY[currency] ?? { en: `${currency} `, zhBefore: `${currency} `, zhAfter: '' };
  const s = lang === 'en' ? `${c.en}${text}` : `${c.zhBefore}${text}${c.zhAfter}`;
  return negative ? `(${s})` : s;
}

/** Exact minor units of a decimal string with up to `scale` places: "41000000.5" → 4100000050n. */
export function toMinor(amount: string, scale = 2): bigint {
  const negative = amount.startsWith('-');
  const [int = '0', frac = ''] = (negative ? amount.slice(1) : amount).split('.');
  const minor =
    BigInt(int) * 10n ** BigInt(scale) + BigInt((frac + '0'.repeat(scale)).slice(0, scale) || '0');
  return negative ? -minor : minor;
}

/** "RMB41.0 million" / "人民幣41.0百萬元": one decimal, rounded half up, exactly. */
export function millions(amount: string, currency: string, lang: Lang): string {
  const minor = toMinor(amount);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  // minor units (1/100) → tenths of a million: divide by 10,000,000 with half-up rounding.
  const tenths = (abs + 5_000_000n) / 10_000_000n;
  const text = `${group((tenths / 10n).toString())}.${(tenths % 10n).toString()}`;
  const c = CURRENCY[currency] ?? { en: `${currency} `, zhBefore: `${currency} `, zhAfter: '' };
  const s = lang === 'en' ? `${c.en}${text} million` : `${c.zhBefore}${text}百萬${c.zhAfter || '元'}`;
  return negative ? `(${s})` : s;
}

/** part / whole as a percentage with one decimal, rounded half up, exactly: "79.6%". */
export function percent(part: string, whole: string): string {
  const p = toMinor(part);
  const w = toMinor(whole);
  if (w === 0n) return '—';
  const tenths = (p * 2000n + w) / (2n * w);
  const sign = tenths < 0n ? '-' : '';
  const abs = tenths < 0n ? -tenths : tenths;
  return `${sign}${(abs / 10n).toString()}.${(abs % 10n).toString()}%`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "29 July 2025" / "2025年7月29日". */
export function date(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return lang === 'en' ? `${d} ${MONTHS[m - 1] ?? ''} ${y}` : `${y}年${m}月${d}日`;
}

/** An instant in Hong Kong time: "23 November 2026, 12:00". */
export function instant(iso: string, lang: Lang): string {
  const t = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${date(t.slice(0, 10), lang)}${lang === 'en' ? ', ' : ' '}${t.slice(11, 16)}`;
}

/** A name in the language, falling back to English. */
export const named = (n: { en: string; 'zh-Hant'?: string | null } | null | undefined, lang: Lang): string =>
  n ? (lang === 'zh-Hant' ? (n['zh-Hant'] ?? n.en) : n.en) : '—';

/** Minor units back to a decimal string with `scale` places: 4100000050n → "41000000.50". */
export function fromMinor(minor: bigint, scale = 2): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
