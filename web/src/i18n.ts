/**
 * English and Traditional Chinese for every word on screen (the glossary of seed-case.md). The
 * Chinese table must have every key of the English one: a missing translation is a type error, so
 * no English leaks into the Chinese screens.
 */
import { createContext, useContext } from 'react';

export type Lang = 'en' | 'zh-Hant';

const en = {
  appName: "Arm's Length",
  tagline: 'Continuing connected transactions under Chapter 14A',
  language: 'Language',
  switchLanguage: '繁體中文',
  issuer: 'Issuer',
  signedInAs: 'Signed in as',
  signOut: 'Sign out',
  mainNavigation: 'Main navigation',
  'nav.dashboard': 'Dashboard',
  'nav.agreements': 'Agreements',
  'nav.orders': 'Orders',
  'nav.actuals': 'Actual amounts',
  'nav.alerts': 'Alerts and escalations',
  'nav.register': 'Connected persons',
  'nav.board': 'Board resolutions',
  'nav.reports': 'Reports',
  'nav.audit': 'Audit log',
  'nav.settings': 'Settings',
  loading: 'Loading…',
  retry: 'Try again',
  empty: 'Nothing recorded yet.',
  errorTitle: 'This could not be shown',
  notFound: 'There is no such page.',
  demoBanner: 'Illustrative demo data: the figures are invented to show the system at work.',
  // dashboard
  'dashboard.title': 'Where every cap stands',
  'dashboard.asOf': 'As at',
  'dashboard.noCaps': 'No cap period is recorded yet. Record a framework agreement to see its caps here.',
  'dashboard.cap': 'Annual cap',
  'dashboard.actual': 'Actual',
  'dashboard.committed': 'Committed (open orders)',
  'dashboard.headroom': 'Headroom',
  'dashboard.used': 'used',
  'dashboard.threshold': 'alert threshold',
  'dashboard.overCap': 'Over the cap',
  'dashboard.atThreshold': 'At or above the alert threshold',
  'dashboard.belowThreshold': 'Below the alert threshold',
  'dashboard.period': 'Cap period',
  'dashboard.trend': 'Trend and forecast',
  'dashboard.trendHelp': 'Actual amounts to date by month, and the forecast to the end of the cap period.',
  'dashboard.openAlerts': 'Open alerts',
  'dashboard.noAlerts': 'No alert is waiting for acknowledgement.',
  'dashboard.openEscalations': 'Open escalations',
  'dashboard.noEscalations': 'No escalation is open.',
  'dashboard.forecast': 'Forecast at period end',
  'dashboard.actualToDate': 'Actual to date',
  'dashboard.capLine': 'Cap',
  'dashboard.chartFor': 'Chart of',
  'dashboard.escalationRaised': 'raised, awaiting senior management review',
  'dashboard.escalationReviewed': 'reviewed, awaiting the board decision',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  appName: "Arm's Length",
  tagline: '第14A章持續關連交易',
  language: '語言',
  switchLanguage: 'English',
  issuer: '發行人',
  signedInAs: '登入身份',
  signOut: '登出',
  mainNavigation: '主選單',
  'nav.dashboard': '總覽',
  'nav.agreements': '協議',
  'nav.orders': '訂單',
  'nav.actuals': '實際金額',
  'nav.alerts': '警示及上報',
  'nav.register': '關連人士',
  'nav.board': '董事會決議',
  'nav.reports': '報告',
  'nav.audit': '審計記錄',
  'nav.settings': '設定',
  loading: '載入中…',
  retry: '重試',
  empty: '尚無記錄。',
  errorTitle: '無法顯示',
  notFound: '沒有此頁面。',
  demoBanner: '示範數據：數字僅為說明系統運作而設。',
  'dashboard.title': '各年度上限現況',
  'dashboard.asOf': '截至',
  'dashboard.noCaps': '尚未記錄任何上限期間。記錄框架協議後，其年度上限會在此顯示。',
  'dashboard.cap': '年度上限',
  'dashboard.actual': '實際金額',
  'dashboard.committed': '已承擔金額（未完成訂單）',
  'dashboard.headroom': '剩餘額度',
  'dashboard.used': '已使用',
  'dashboard.threshold': '警示水平',
  'dashboard.overCap': '已超出上限',
  'dashboard.atThreshold': '已達到或超過警示水平',
  'dashboard.belowThreshold': '低於警示水平',
  'dashboard.period': '上限期間',
  'dashboard.trend': '走勢及預測',
  'dashboard.trendHelp': '按月累計的實際金額，以及至上限期間結束的預測。',
  'dashboard.openAlerts': '未確認的警示',
  'dashboard.noAlerts': '沒有待確認的警示。',
  'dashboard.openEscalations': '未完成的上報事項',
  'dashboard.noEscalations': '沒有未完成的上報事項。',
  'dashboard.forecast': '預計期末金額',
  'dashboard.actualToDate': '累計實際金額',
  'dashboard.capLine': '上限',
  'dashboard.chartFor': '圖表：',
  'dashboard.escalationRaised': '已提出，待高級管理層審閱',
  'dashboard.escalationReviewed': '已審閱，待董事會決定',
};

export const MESSAGES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en, 'zh-Hant': zh };

export interface I18n {
  readonly lang: Lang;
  readonly t: (key: MessageKey) => string;
  readonly setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({
  lang: 'en',
  t: (key) => en[key],
  setLang: () => undefined,
});

export const useI18n = (): I18n => useContext(I18nContext);

/** The language remembered for a user on this browser, else the browser's own preference. */
export function rememberedLang(userId: string | null): Lang {
  const stored = userId ? localStorage.getItem(`armslength.lang.${userId}`) : null;
  if (stored === 'en' || stored === 'zh-Hant') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-Hant' : 'en';
}

export function rememberLang(userId: string, lang: Lang): void {
  localStorage.setItem(`armslength.lang.${userId}`, lang);
}

/**
 * A screen's own words, in both languages: `const useT = defineMessages(en, zh)`, then
 * `const t = useT()` in the component. The Chinese table must have every key of the English one.
 */
export function defineMessages<K extends string>(
  enTable: Readonly<Record<K, string>>,
  zhTable: Readonly<Record<K, string>>,
): () => (key: K) => string {
  return () => {
    const { lang } = useContext(I18nContext);
    return (key: K) => (lang === 'en' ? enTable[key] : zhTable[key]);
  };
}
