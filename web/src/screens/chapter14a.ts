/**
 * The Chapter 14A words the agreement, register and board screens share: rule citations as HK
 * documents write them, tiers, requirement codes, ratio names, register relationships, and exact
 * percentages from the engine's fractions. The API's codes are a closed union: each has its words
 * here in both languages, so nothing the engine says in English reaches the Chinese screens.
 */
import { date } from '../format';
import { defineMessages, type Lang } from '../i18n';

export interface Name {
  readonly en: string;
  readonly 'zh-Hant': string | null;
}

export interface BasisStep {
  readonly rule: string;
  readonly text: string;
  readonly textZh?: string;
}

/** "Rule 14A.76(2)(a) of the Listing Rules" / "上市規則第14A.76(2)(a)條"; a range "Rules 14A.81–14A.83". */
export function cite(rule: string, lang: Lang): string {
  const range = rule.split(/\s*[–-]\s*/);
  if (range.length === 2)
    return lang === 'en'
      ? `Rules ${range[0] ?? ''}–${range[1] ?? ''} of the Listing Rules`
      : `上市規則第${range[0] ?? ''}至${range[1] ?? ''}條`;
  return lang === 'en' ? `Rule ${rule} of the Listing Rules` : `上市規則第${rule}條`;
}

const en = {
  'tier.NOT_CONNECTED': 'Not a connected transaction',
  'tier.FULLY_EXEMPT': 'Fully exempt',
  'tier.EXEMPT_FROM_SHAREHOLDERS_APPROVAL': "Exempt from independent shareholders' approval",
  'tier.NON_EXEMPT': 'Non-exempt',
  'tierLong.NOT_CONNECTED': 'The counterparty is not a connected person: Chapter 14A does not apply.',
  'tierLong.FULLY_EXEMPT':
    "Fully exempt from the reporting, announcement, annual review and independent shareholders' approval requirements.",
  'tierLong.EXEMPT_FROM_SHAREHOLDERS_APPROVAL':
    "Subject to the reporting, announcement and annual review requirements, but exempt from the circular (including independent financial advice) and independent shareholders' approval requirements.",
  'tierLong.NON_EXEMPT':
    "Subject to the reporting, announcement, annual review and independent shareholders' approval requirements.",
  'req.WRITTEN_AGREEMENT': 'A written agreement stating the basis for calculating the payments',
  'req.FIXED_TERM':
    'A fixed term not exceeding three years (longer only with an independent financial adviser explaining why)',
  'req.ANNUAL_CAP': 'Annual caps expressed in monetary terms',
  'req.RECOMPLY_BEFORE_CAP_EXCEEDED':
    'Re-comply before a cap is exceeded, or when the agreement is renewed or its terms are materially changed',
  'req.ANNOUNCEMENT': 'An announcement as soon as practicable after the terms are agreed',
  'req.ANNUAL_REPORTING': 'Disclosure in the annual report',
  'req.INED_ANNUAL_REVIEW': 'Annual review and confirmation by the independent non-executive directors',
  'req.AUDITOR_ANNUAL_REVIEW': "The auditor's annual letter",
  'req.CIRCULAR': 'A circular to shareholders',
  'req.IFA': 'An independent financial adviser',
  'req.IBC':
    'An independent board committee of independent non-executive directors with no material interest',
  'req.INDEPENDENT_SHAREHOLDERS_APPROVAL':
    "Independent shareholders' approval at a general meeting; shareholders with a material interest abstain",
  'req.INFORM_EXCHANGE': 'Inform the Exchange and supply information on whether the transaction is connected',
  'ratio.assets': 'Assets ratio',
  'ratio.revenue': 'Revenue ratio',
  'ratio.consideration': 'Consideration ratio',
  'ratio.equity-capital': 'Equity capital ratio',
  'ratio.profits': 'Profits ratio',
  'den.assets': 'total assets',
  'den.revenue': 'revenue',
  'den.consideration': 'market capitalisation',
  'den.equity-capital': 'issued shares',
  'den.profits': 'profits',
  'rel.shareholding': 'holds {p}',
  'rel.board-control': 'controls the board',
  'rel.director': 'director',
  'rel.chief-executive': 'chief executive',
  'rel.supervisor': 'supervisor',
  'rel.trust': 'trustee for',
  'rel.joint-venture-participation': 'holds {p} of the joint venture',
  'rel.family': 'family',
  notApplicable: 'not applicable',
  notMeaningful: 'not meaningful',
} as const;

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  'tier.NOT_CONNECTED': '不構成關連交易',
  'tier.FULLY_EXEMPT': '全面豁免',
  'tier.EXEMPT_FROM_SHAREHOLDERS_APPROVAL': '獲豁免獨立股東批准',
  'tier.NON_EXEMPT': '不獲豁免',
  'tierLong.NOT_CONNECTED': '交易對手方並非關連人士：第14A章不適用。',
  'tierLong.FULLY_EXEMPT': '全面豁免遵守申報、公告、年度審閱及獨立股東批准的規定。',
  'tierLong.EXEMPT_FROM_SHAREHOLDERS_APPROVAL':
    '須遵守申報、公告及年度審閱規定，但獲豁免遵守通函（包括獨立財務意見）及獨立股東批准的規定。',
  'tierLong.NON_EXEMPT': '須遵守申報、公告、年度審閱及獨立股東批准的規定。',
  'req.WRITTEN_AGREEMENT': '訂立書面協議，列明付款的計算基準',
  'req.FIXED_TERM': '協議期限固定且不超過三年（如較長，須由獨立財務顧問解釋原因）',
  'req.ANNUAL_CAP': '以幣值表示的年度上限',
  'req.RECOMPLY_BEFORE_CAP_EXCEEDED': '在超出年度上限前，或協議續期或條款有重大變動時，重新遵守有關規定',
  'req.ANNOUNCEMENT': '在協定條款後在切實可行的情況下盡快刊發公告',
  'req.ANNUAL_REPORTING': '在年度報告中披露',
  'req.INED_ANNUAL_REVIEW': '獨立非執行董事每年審閱及確認',
  'req.AUDITOR_ANNUAL_REVIEW': '核數師每年發出函件',
  'req.CIRCULAR': '向股東寄發通函',
  'req.IFA': '委任獨立財務顧問',
  'req.IBC': '由並無重大權益的獨立非執行董事組成獨立董事委員會',
  'req.INDEPENDENT_SHAREHOLDERS_APPROVAL': '於股東大會上取得獨立股東批准；擁有重大權益的股東須放棄投票',
  'req.INFORM_EXCHANGE': '通知聯交所並提供資料以說明交易是否屬關連交易',
  'ratio.assets': '資產比率',
  'ratio.revenue': '收益比率',
  'ratio.consideration': '代價比率',
  'ratio.equity-capital': '股本比率',
  'ratio.profits': '盈利比率',
  'den.assets': '資產總值',
  'den.revenue': '收益',
  'den.consideration': '市值',
  'den.equity-capital': '已發行股份',
  'den.profits': '盈利',
  'rel.shareholding': '持有{p}',
  'rel.board-control': '控制董事會',
  'rel.director': '董事',
  'rel.chief-executive': '最高行政人員',
  'rel.supervisor': '監事',
  'rel.trust': '受託人',
  'rel.joint-venture-participation': '持有合營企業{p}權益',
  'rel.family': '家屬',
  notApplicable: '不適用',
  notMeaningful: '無意義',
};

export const useRuleWords = defineMessages(en, zh);

export type Tier = 'NOT_CONNECTED' | 'FULLY_EXEMPT' | 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL' | 'NON_EXEMPT';

export const tierKey = (tier: string): Key =>
  (`tier.${tier}` in en ? `tier.${tier}` : 'tier.NON_EXEMPT') as Key;
export const tierLongKey = (tier: string): Key =>
  (`tierLong.${tier}` in en ? `tierLong.${tier}` : 'tierLong.NON_EXEMPT') as Key;
export const hasKey = (key: string): key is Key => key in en;

/** What `relative` is to `person` (scenario-format.md, `family`), in both languages. */
const RELATIONS: Record<string, { en: string; zh: string }> = {
  spouse: { en: 'spouse', zh: '配偶' },
  cohabitant: { en: 'cohabitant', zh: '同居伴侶' },
  child: { en: 'child', zh: '子女' },
  'step-child': { en: 'step-child', zh: '繼子女' },
  parent: { en: 'parent', zh: '父母' },
  'step-parent': { en: 'step-parent', zh: '繼父母' },
  sibling: { en: 'sibling', zh: '兄弟姊妹' },
  'step-sibling': { en: 'step-sibling', zh: '繼兄弟姊妹' },
  'father-in-law': { en: 'father-in-law', zh: '岳父／家翁' },
  'mother-in-law': { en: 'mother-in-law', zh: '岳母／家姑' },
  'son-in-law': { en: 'son-in-law', zh: '女婿' },
  'daughter-in-law': { en: 'daughter-in-law', zh: '媳婦' },
  'sibling-in-law': { en: 'sibling-in-law', zh: '姻親兄弟姊妹' },
  'brother-in-law': { en: 'brother-in-law', zh: '姻兄弟' },
  'sister-in-law': { en: 'sister-in-law', zh: '姻姊妹' },
  grandparent: { en: 'grandparent', zh: '祖父母／外祖父母' },
  grandchild: { en: 'grandchild', zh: '孫／外孫' },
  uncle: { en: 'uncle', zh: '伯父／叔父／舅父' },
  aunt: { en: 'aunt', zh: '姑母／姨母' },
  cousin: { en: 'cousin', zh: '堂／表兄弟姊妹' },
  nephew: { en: 'nephew', zh: '姪子／外甥' },
  niece: { en: 'niece', zh: '姪女／外甥女' },
};

export const relationWord = (relation: string, lang: Lang): string => {
  const r = RELATIONS[relation];
  return r ? (lang === 'en' ? r.en : r.zh) : relation;
};

/** Whole-number percentage strings as recorded ("11.12", "20") → "11.12%". */
export const pct = (p: unknown): string => (typeof p === 'string' || typeof p === 'number' ? `${p}%` : '');

/**
 * An engine fraction "23949/2000000" (of 1) as a percentage with `places` decimals, rounded half up,
 * exactly: "1.198%". Null when the fraction is absent or malformed.
 */
export function fractionPercent(exact: string | null, places = 3): string | null {
  if (!exact) return null;
  const m = /^(-?\d+)\/(\d+)$/.exec(exact);
  if (!m) return null;
  const n = BigInt(m[1] ?? '0');
  const d = BigInt(m[2] ?? '1');
  if (d === 0n) return null;
  const scale = 10n ** BigInt(places);
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const scaled = (abs * 100n * scale * 2n + d) / (2n * d);
  const int = scaled / scale;
  const frac = (scaled % scale).toString().padStart(places, '0');
  return `${negative ? '-' : ''}${int.toString()}${places > 0 ? `.${frac}` : ''}%`;
}

/** a/b > c/d exactly, for fractions "n/d" with positive denominators. */
export function fractionGreater(a: string, b: string): boolean {
  const [an = '0', ad = '1'] = a.split('/');
  const [bn = '0', bd = '1'] = b.split('/');
  return BigInt(an) * BigInt(bd) > BigInt(bn) * BigInt(ad);
}

/**
 * A step's words in the language: the engine's Chinese where it gives one, with English party
 * names recorded with a Chinese name replaced by it; null in Chinese when the engine gives none.
 */
export function stepText(step: BasisStep, lang: Lang, names: readonly Name[]): string | null {
  if (lang === 'en') return step.text;
  if (step.textZh === undefined) return null;
  let s = step.textZh;
  for (const n of [...names].sort((x, y) => y.en.length - x.en.length))
    if (n['zh-Hant']) s = s.split(n.en).join(n['zh-Hant']);
  return s;
}

/** "41000000.00" → "41.0" (one decimal, half up, exactly); negatives in parentheses. */
export function millionsFigure(amount: string): string {
  const negative = amount.startsWith('-');
  const [int = '0', frac = ''] = (negative ? amount.slice(1) : amount).split('.');
  const minor = BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2) || '0');
  const tenths = (minor + 5_000_000n) / 10_000_000n;
  const text = `${(tenths / 10n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(tenths % 10n).toString()}`;
  return negative ? `(${text})` : text;
}

export const currencyUnit = (currency: string, lang: Lang): string => {
  if (lang === 'en') return `${currency === 'CNY' ? 'RMB' : currency === 'HKD' ? 'HK$' : currency} million`;
  return currency === 'CNY'
    ? '人民幣百萬元'
    : currency === 'HKD'
      ? '百萬港元'
      : currency === 'USD'
        ? '百萬美元'
        : `${currency}百萬元`;
};

/** Whether [start, end] is exactly one year (so named "the year ending …"). */
export function isFullYear(start: string, end: string): boolean {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y + 1, m - 1, d) - 86_400_000).toISOString().slice(0, 10);
  return next === end;
}

/** "Year ending 31 December 2026" / "截至2026年12月31日止年度", else "29 July 2025 to 31 December 2025". */
export function periodLabel(start: string, end: string, lang: Lang): string {
  if (isFullYear(start, end))
    return lang === 'en' ? `Year ending ${date(end, lang)}` : `截至${date(end, lang)}止年度`;
  return lang === 'en'
    ? `${date(start, lang)} to ${date(end, lang)}`
    : `${date(start, lang)}至${date(end, lang)}`;
}

/** "29 July 2025 to 28 July 2028" / "2025年7月29日至2028年7月28日". */
export const span = (start: string, end: string, lang: Lang): string =>
  lang === 'en' ? `${date(start, lang)} to ${date(end, lang)}` : `${date(start, lang)}至${date(end, lang)}`;

/** " (…)" in English, "（…）" in Chinese. */
export const paren = (s: string, lang: Lang): string => (lang === 'en' ? ` (${s})` : `（${s}）`);

/** ": " in English, "：" in Chinese. */
export const colon = (lang: Lang): string => (lang === 'en' ? ': ' : '：');
