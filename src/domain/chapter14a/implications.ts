/**
 * The "Listing Rules implications" paragraph, in the style of the seed announcement's section VII
 * and the digest §13 tier sentences, in English and Traditional Chinese.
 */
import { formatDateEn, type CalendarDate } from '../dates.js';
import { displayCurrency, formatMillions, type CurrencyCode } from '../money.js';
import type { AgreementClassification, ClassificationResult, Numerator } from './types.js';

const minorOf = (amount: string): bigint =>
  BigInt(amount.replace('.', '').replace('-', '')) * (amount.startsWith('-') ? -1n : 1n);

const moneyEn = (n: Numerator): string => formatMillions({ currency: n.currency, minor: minorOf(n.amount) });

function moneyZh(n: Numerator): string {
  const text = formatMillions({ currency: n.currency, minor: minorOf(n.amount) })
    .replace(displayCurrency(n.currency), '')
    .replace(' million', '');
  const prefix: Partial<Record<CurrencyCode, string>> = { CNY: '人民幣', HKD: '港幣', USD: '美元' };
  return `${prefix[n.currency] ?? n.currency}${text}百萬元`;
}

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const zhNumber = (n: number): string => {
  if (n < 10) return ZH_DIGITS[n] ?? '';
  const tens = (n - (n % 10)) / 10;
  const ones = n % 10;
  return `${tens === 1 ? '' : (ZH_DIGITS[tens] ?? '')}十${ones === 0 ? '' : (ZH_DIGITS[ones] ?? '')}`;
};

/** "二零二五年七月二十九日", as Chinese announcements write dates. */
export function formatDateZhLong(d: CalendarDate): string {
  const [y = '', m = '1', day = '1'] = d.split('-');
  const year = [...y].map((c) => ZH_DIGITS[Number(c)] ?? c).join('');
  return `${year}年${zhNumber(Number(m))}月${zhNumber(Number(day))}日`;
}

const rule = (r: string, lang: 'en' | 'zh-Hant'): string =>
  lang === 'en' ? `Rule ${r} of the Listing Rules` : `上市規則第${r}條`;

function categoryList(a: AgreementClassification, lang: 'en' | 'zh-Hant'): string {
  const cats = a.categories ?? [];
  const names = cats.map(
    (c, i) => `(${i + 1}) ${lang === 'en' ? c.name.en : (c.name['zh-Hant'] ?? c.name.en)}`,
  );
  if (lang === 'zh-Hant')
    return names.length <= 1
      ? (names[0] ?? '')
      : `${names.slice(0, -1).join('，')}，及${names[names.length - 1]}`;
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')}, and ${names[names.length - 1]}`;
}

export function implicationsText(
  result: ClassificationResult,
  agreementId: string,
  lang: 'en' | 'zh-Hant',
): string {
  const a = result.agreements.find((x) => x.id === agreementId);
  if (!a) throw new RangeError(`no agreement "${agreementId}" in the classification`);
  const en = lang === 'en';
  const party = result.parties.find((p) => p.id === a.counterpartyId);
  const cp = en
    ? (a.counterpartyName?.en ?? a.counterpartyId ?? '')
    : (a.counterpartyName?.['zh-Hant'] ?? a.counterpartyName?.en ?? '');
  // "the 2025 Xiaomi Cooperation Framework Agreement", as announcements name an agreement in English.
  const agName = en ? `the ${a.name?.en ?? a.id}` : (a.name?.['zh-Hant'] ?? a.name?.en ?? a.id);
  const date = en ? formatDateEn(result.asOf) : formatDateZhLong(result.asOf);
  const agg = result.aggregates.find((g) => g.agreementIds.includes(a.id));
  const withOthers = (agg?.agreementIds.length ?? 0) > 1 || (a.categories?.length ?? 0) > 1;
  const cats = categoryList(a, lang);
  const subject = en
    ? `the annual caps${cats ? ` of ${cats}` : ''}${withOthers ? ', on both individual and aggregate basis,' : ''}`
    : `${cats}的年度上限${withOthers ? '（按個別及合併基準計算）' : ''}`;
  const numerator = agg?.numerator ?? a.numerator;
  const largest = numerator
    ? en
      ? ` (the largest annual cap${withOthers ? ' on an aggregate basis' : ''} being ${moneyEn(numerator)} for ${numerator.financialYear})`
      : `（${withOthers ? '合併計算的' : ''}最高年度上限為${moneyZh(numerator)}）`
    : '';

  if (a.tier === 'NOT_CONNECTED') {
    if (party?.deemedReview) {
      return en
        ? `As at ${date}, ${cp} is not a connected person of the Company but may be deemed one under ${rule('14A.21', lang)}. ${a.requirements.length > 0 ? `The Company will inform the Stock Exchange of the proposed transactions under ${agName} under ${rule('14A.22', lang)}.` : `As the transactions would be fully exempt, the Company is not required to inform the Stock Exchange under ${rule('14A.22', lang)}.`}`
        : `於${date}，${cp}並非本公司的關連人士，惟可能根據${rule('14A.21', lang)}被視為關連人士。${a.requirements.length > 0 ? `本公司將根據${rule('14A.22', lang)}就${agName}項下擬進行的交易知會聯交所。` : `由於該等交易將獲全面豁免，本公司毋須根據${rule('14A.22', lang)}知會聯交所。`}`;
    }
    return en
      ? `As at ${date}, ${cp} is not a connected person of the Company. Accordingly, the transactions contemplated under ${agName} do not constitute connected transactions of the Company under Chapter 14A of the Listing Rules.`
      : `於${date}，${cp}並非本公司的關連人士。據此，${agName}項下擬進行的交易並不構成本公司於上市規則第十四A章項下的關連交易。`;
  }

  const basis = party?.basis ?? [];
  const facts = en ? basis.map((b) => b.text).join('; ') : basis.map((b) => b.textZh ?? b.text).join('；');
  const first = en
    ? `As at ${date}, ${facts}. Accordingly, ${cp} is a connected person of the Company under Chapter 14A of the Listing Rules, and the transactions contemplated under ${agName} constitute continuing connected transactions of the Company under Chapter 14A of the Listing Rules.`
    : `於${date}，${facts}，故${cp}為本公司的關連人士（定義見上市規則）。據此，根據上市規則第十四A章，${agName}項下擬進行的交易構成本公司的持續關連交易。`;
  const r = a.tierRule ?? '14A.76';
  let second: string;
  switch (a.tier) {
    case 'FULLY_EXEMPT':
      second =
        r === '14A.99'
          ? en
            ? `As ${cp} is an associate of a passive investor and the transactions are of a revenue nature in the ordinary and usual course of business on normal commercial terms, the transactions are fully exempt from the reporting, announcement, annual review and independent shareholders' approval requirements under ${rule('14A.99', lang)}.`
            : `由於${cp}為被動投資者的聯繫人，且該等交易屬收益性質、於日常及一般業務過程中按一般商業條款進行，故根據${rule('14A.99', lang)}，該等交易獲全面豁免遵守申報、公告、年度審閱及獨立股東批准的規定。`
          : en
            ? `As ${r === '14A.76(1)(a)' ? `all the applicable percentage ratios in respect of ${subject} are less than 0.1%` : r === '14A.76(1)(b)' ? `all the applicable percentage ratios in respect of ${subject} are less than 1% and ${cp} is a connected person at the subsidiary level only` : `all the applicable percentage ratios in respect of ${subject} are less than 5% and the total consideration is less than HK$3,000,000`}${largest}, the transactions contemplated under ${agName} are fully exempt from the reporting, announcement, annual review and independent shareholders' approval requirements under ${rule(r, lang)}.`
            : `由於${subject}的所有適用百分比率${r === '14A.76(1)(a)' ? '均低於0.1%' : r === '14A.76(1)(b)' ? `均低於1%，且${cp}僅為附屬公司層面的關連人士` : '均低於5%，且總代價低於3,000,000港元'}${largest}，故根據${rule(r, lang)}，${agName}項下擬進行的交易獲全面豁免遵守申報、公告、年度審閱及獨立股東批准的規定。`;
      break;
    case 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL':
      if (r === '14A.101') {
        second = en
          ? `As ${cp} is a connected person at the subsidiary level, the Directors have approved the transactions and the independent non-executive Directors have confirmed that their terms are fair and reasonable, on normal commercial terms and in the interests of the Company and its Shareholders as a whole, ${agName} and the related annual caps are only subject to the reporting, announcement and annual review requirements but are exempt from the circular, independent financial advice and independent Shareholders' approval requirements under ${rule('14A.101', lang)}.`
          : `由於${cp}為附屬公司層面的關連人士，董事會已批准該等交易，且獨立非執行董事已確認其條款屬公平合理、按一般商業條款進行並符合本公司及其股東的整體利益，故根據${rule('14A.101', lang)}，${agName}及相關年度上限僅須遵守申報、公告及年度審閱的規定，但可豁免遵守通函、獨立財務意見及獨立股東批准的規定。`;
      } else if (r === '14A.76(2)(b)') {
        second = en
          ? `As the highest applicable percentage ratio in respect of ${subject} is less than 25% and the total consideration is less than HK$10,000,000${largest}, the transactions contemplated under ${agName} are subject to the reporting, announcement and annual review requirements but are exempt from the circular (including independent financial advice) and independent Shareholders' approval requirements under ${rule('14A.76(2)(b)', lang)}.`
          : `由於${subject}之最高適用百分比率低於25%，且總代價低於10,000,000港元${largest}，故根據${rule('14A.76(2)(b)', lang)}，${agName}項下擬進行的交易須遵守申報、公告及年度審閱的規定，但可豁免遵守通函（包括獨立財務意見）及獨立股東批准的規定。`;
      } else {
        second = en
          ? `As the highest applicable percentage ratio in respect of ${subject} is higher than 0.1% but less than 5%${largest}, the transactions contemplated under ${agName} are subject to the reporting, announcement and annual review requirements but are exempt from the circular (including independent financial advice) and independent Shareholders' approval requirements under ${rule('14A.76(2)(a)', lang)}.`
          : `由於${subject}之最高適用百分比率高於0.1%但低於5%${largest}，故根據${rule('14A.76(2)(a)', lang)}，${agName}項下擬進行的交易須遵守申報、公告及年度審閱的規定，但可豁免遵守通函（包括獨立財務意見）及獨立股東批准的規定。`;
      }
      break;
    default:
      second = en
        ? `As one or more of the applicable percentage ratios in respect of ${subject} are 5% or more${largest}, the transactions contemplated under ${agName} constitute non-exempt continuing connected transactions of the Company, which, together with the proposed annual caps, are subject to the reporting, announcement, annual review, circular (including independent financial advice) and independent Shareholders' approval requirements under Chapter 14A of the Listing Rules.`
        : `由於${subject}之一項或多項適用百分比率達5%或以上${largest}，故${agName}項下擬進行的交易構成本公司的非豁免持續關連交易，連同建議年度上限須遵守上市規則第十四A章項下的申報、公告、年度審閱、通函（包括獨立財務意見）及獨立股東批准的規定。`;
  }
  return `${first}\n\n${second}`;
}
