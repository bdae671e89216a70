/**
 * Issue 7, item 6: the draft announcement of a new, renewed or revised continuing connected
 * transaction (Rule 14A.35, with the contents of Rule 14A.68), in the order of the seed announcement:
 * introduction, principal terms, annual caps, the basis of the caps (historical amounts), pricing
 * policy, internal control measures, reasons and benefits, information on the parties, the board's
 * views with the directors who abstained (13.44, 14A.68(8)), the INEDs' views (14A.68(3)), the
 * Listing Rules implications (the stored classification), and the definitions.
 *
 * Decision: `period` is the draft's date, 'YYYY-MM-DD' — the state of the records as at that day
 * (the caps and revisions in force, the register, the board resolutions held, the ledger's historical
 * amounts, the classification as of that day). Not in the future: a draft "as at" a day not yet
 * reached would state as facts what has not happened. The agreement is the request's `agreementId`
 * (HTTP `?agreement=`, CLI `--agreement`): required (422 naming `agreement`), and an agreement of
 * another issuer is unknown (404).
 *
 * Nothing is invented: what 14A.68 requires and the records do not hold (the basis of the caps, the
 * reasons and benefits, the principal businesses, the INEDs' views) is a visible "[To be completed: …]".
 */
import {
  capEffectiveRange,
  formatDateEn,
  parseDate,
  type CalendarDate,
  type CurrencyCode,
} from '../../domain/index.js';
import { formatDateZhLong } from '../../domain/chapter14a/implications.js';
import type { Requirement } from '../../domain/chapter14a/index.js';
import { formatPercent } from '../../domain/money.js';
import {
  bilingual,
  dateCell,
  moneyCell,
  textCell,
  type Bilingual,
  type Cell,
  type ReportDocument,
  type Section,
} from '../../domain/reports/document.js';
import { requireAction } from '../authorize.js';
import { classifyStoredAgreements, type StoredClassificationView } from '../classify-agreements.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Actor, AgreementRecord, BoardResolutionRecord, CapRecord, IssuerRecord } from '../ports.js';
import { capAmountInForce, capCategories, categoryTermInputs, revisionCountsFrom } from '../views.js';
import { capCategoryNames, column, named, plural, reportDocument, reportIssuer } from './common.js';
import {
  capAsRevised,
  categoryOrder,
  connectionFacts,
  listed,
  longDate,
  millions,
  periodName,
  pricingPolicyText,
  relationshipText,
  ruleRef,
  subjectMatter,
  toBeCompleted,
  type ConnectionFacts,
} from './cct-facts.js';
import { alertThreshold } from './management.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 'YYYY-MM-DD', not after today in Hong Kong. */
export function parseDraftDate(period: unknown, today: CalendarDate): CalendarDate {
  const invalid = (message: string) => AppError.invalid([{ path: 'period', message }]);
  const text = typeof period === 'string' ? period.trim() : '';
  const d = DATE.test(text) ? parseDate(text, 'period') : null;
  if (!d?.ok)
    throw invalid(
      `must be the draft's date as YYYY-MM-DD, such as "2025-07-29" (got ${JSON.stringify(period)})`,
    );
  if (d.value > today)
    throw invalid(
      `${d.value} is after today (${today}): a draft states the records as at a day already reached`,
    );
  return d.value;
}

/** The requirement sentences of the tier, in Traditional Chinese, by code (the engine words them in English). */
const REQUIREMENT_ZH: Readonly<Record<Requirement['code'], string>> = {
  WRITTEN_AGREEMENT: '訂立書面協議，列明付款的計算基準',
  FIXED_TERM: '協議須有固定期限，且不超過三年（如期限較長，須由獨立財務顧問解釋原因）',
  ANNUAL_CAP: '以金額訂明年度上限',
  RECOMPLY_BEFORE_CAP_EXCEEDED: '於超出年度上限、重續協議或重大修訂條款前重新遵守規定',
  ANNOUNCEMENT: '於協定條款後在實際可行情況下盡快刊發公告，並載列第14A.68條規定的內容',
  ANNUAL_REPORTING: '於年報內披露',
  INED_ANNUAL_REVIEW: '獨立非執行董事每年審閱並確認',
  AUDITOR_ANNUAL_REVIEW: '核數師每年就四項事項發出函件（第14A.56至14A.58條）',
  CIRCULAR: '向股東寄發通函（第14A.46至14A.48條及第14A.69至14A.70條）',
  IFA: '委任獨立財務顧問，向獨立董事委員會及股東提供意見',
  IBC: '成立由並無重大權益的獨立非執行董事組成的獨立董事委員會（第14A.39至14A.41條）',
  INDEPENDENT_SHAREHOLDERS_APPROVAL: '於股東大會上取得獨立股東批准；擁有重大權益的股東須放棄投票',
  INFORM_EXCHANGE: '知會聯交所擬進行的交易，並提供資料說明其是否應被視為關連交易（第14A.20至14A.22條）',
};

const requirementText = (r: { code: string; rule: string; text: string }): Bilingual => {
  const zh = (REQUIREMENT_ZH as Readonly<Record<string, string>>)[r.code];
  const en = r.text.charAt(0).toUpperCase() + r.text.slice(1);
  const annualCapApproved = r.code === 'ANNUAL_CAP' && r.rule === '14A.53(3)';
  return bilingual(en, annualCapApproved ? '以金額訂明年度上限，並經獨立股東批准' : (zh ?? r.code));
};

/** The cap periods of the agreement still in force on `date`'s terms (a termination can end them). */
const capsOf = (a: AgreementRecord): CapRecord[] =>
  a.caps
    .filter((c) => capEffectiveRange(c, categoryTermInputs(capCategories(a, c))) !== null)
    .sort(
      (x, y) =>
        x.periodStart.localeCompare(y.periodStart) ||
        categoryOrder(a, x) - categoryOrder(a, y) ||
        x.id.localeCompare(y.id),
    );

function introduction(
  a: AgreementRecord,
  date: CalendarDate,
  renewed: AgreementRecord | null,
  issuer: IssuerRecord,
  changes: readonly { effectiveOn: CalendarDate; description: string }[],
): Section {
  const name = named(a.name);
  const cp = named(a.counterparty.name);
  const limbs = a.categories.map((c, i) => {
    const n = named(c.name);
    const from = longDate(c.termStart);
    const to = longDate(c.termEnd);
    return c.direction === 'issuer-purchases'
      ? bilingual(
          `(${i + 1}) the Company has agreed to purchase and ${cp.en} has agreed to provide ${n.en}, for an initial term from ${from.en} to ${to.en}`,
          `(${i + 1})本公司已同意購買而${cp['zh-Hant']}已同意提供${n['zh-Hant']}，初始期限自${from['zh-Hant']}起至${to['zh-Hant']}止`,
        )
      : bilingual(
          `(${i + 1}) the Company has agreed to provide and ${cp.en} has agreed to purchase ${n.en}, for an initial term from ${from.en} to ${to.en}`,
          `(${i + 1})本公司已同意提供而${cp['zh-Hant']}已同意購買${n['zh-Hant']}，初始期限自${from['zh-Hant']}起至${to['zh-Hant']}止`,
        );
  });
  const signed = longDate(a.signedOn);
  const paragraphs: Bilingual[] = [
    bilingual(
      `Draft prepared from the records as at ${formatDateEn(date)}. Text in square brackets must be completed or checked before publication.`,
      `本初稿根據截至${formatDateZhLong(date)}的記錄編製。方括號內的文字須於刊發前填寫或核對。`,
    ),
    bilingual(
      `The Board announces that on ${signed.en}, the Company entered into the ${name.en} with ${cp.en}, pursuant to which ${listed(limbs).en}.`,
      `董事會宣佈，於${signed['zh-Hant']}，本公司與${cp['zh-Hant']}訂立${name['zh-Hant']}，據此，${limbs.map((l) => l['zh-Hant']).join('，及')}。`,
    ),
  ];
  if (renewed) {
    const old = named(renewed.name);
    paragraphs.push(
      bilingual(
        `The ${name.en} renews the ${old.en} dated ${longDate(renewed.signedOn).en}.`,
        `${name['zh-Hant']}乃重續日期為${longDate(renewed.signedOn)['zh-Hant']}的${old['zh-Hant']}。`,
      ),
    );
  }
  // Revisions of the caps approved by the draft's date (a revised CCT, 14A.54).
  for (const c of capsOf(a)) {
    let before = c.amountMinor;
    for (const r of [...c.revisions].sort((x, y) => x.seq - y.seq)) {
      const from = revisionCountsFrom(r);
      if (from === null || r.approvedOn > date) continue;
      const period = periodName(c.periodStart, c.periodEnd, issuer.financialYearEnd, date);
      const cats = capCategoryNames(a, c);
      paragraphs.push(
        bilingual(
          `On ${longDate(r.approvedOn).en}, the Board approved the revision of the annual cap for ${cats.en} for ${period.en} from ${millions(before, c.currency).en} to ${millions(r.amountMinor, c.currency).en}, with effect from ${longDate(from).en}.`,
          `於${longDate(r.approvedOn)['zh-Hant']}，董事會批准將${cats['zh-Hant']}${period['zh-Hant']}的年度上限由${millions(before, c.currency)['zh-Hant']}修訂為${millions(r.amountMinor, c.currency)['zh-Hant']}，自${longDate(from)['zh-Hant']}起生效。`,
        ),
      );
      before = r.amountMinor;
    }
  }
  for (const m of changes)
    paragraphs.push(
      bilingual(
        `The terms were varied with effect from ${longDate(m.effectiveOn).en}, as recorded: "${m.description}".`,
        `協議條款已作修訂，自${longDate(m.effectiveOn)['zh-Hant']}起生效，記錄如下：「${m.description}」。`,
      ),
    );
  return {
    key: 'introduction',
    heading: bilingual(`I. Entering into the ${name.en}`, `I. 訂立${name['zh-Hant']}`),
    paragraphs,
  };
}

function principalTerms(a: AgreementRecord): Section {
  const name = named(a.name);
  const cp = named(a.counterparty.name);
  const numbered = (items: readonly Bilingual[]): Bilingual =>
    bilingual(
      items.map((t, i) => `(${['i', 'ii', 'iii', 'iv', 'v'][i] ?? i + 1}) ${t.en}`).join('\n'),
      items.map((t, i) => `(${['i', 'ii', 'iii', 'iv', 'v'][i] ?? i + 1}) ${t['zh-Hant']}`).join('\n'),
    );
  const row = (en: string, zh: string, details: Bilingual): Cell[] => [
    textCell(bilingual(en, zh)),
    textCell(details),
  ];
  return {
    key: 'principal-terms',
    heading: bilingual('Principal terms', '主要條款'),
    paragraphs: [
      bilingual(
        `A summary of the principal terms of the ${name.en} is set out below.`,
        `${name['zh-Hant']}的主要條款摘要概述如下。`,
      ),
    ],
    tables: [
      {
        key: 'principal-terms',
        title: bilingual(`Principal terms of the ${name.en}`, `${name['zh-Hant']}的主要條款`),
        columns: [column('item', 'Item', '項目', 'text'), column('details', 'Details', '內容', 'text')],
        rows: [
          row('Date', '日期', longDate(a.signedOn)),
          row(
            'Parties',
            '訂約方',
            bilingual(`(i) the Company; and (ii) ${cp.en}`, `(i)本公司；及(ii)${cp['zh-Hant']}`),
          ),
          row(
            'Term',
            '交易期限',
            numbered(
              a.categories.map((c) =>
                bilingual(
                  `${named(c.name).en}: from ${formatDateEn(c.termStart)} to ${formatDateEn(c.termEnd)}`,
                  `${named(c.name)['zh-Hant']}：自${formatDateZhLong(c.termStart)}起至${formatDateZhLong(c.termEnd)}止`,
                ),
              ),
            ),
          ),
          row(
            'Subject matter',
            '交易性質',
            bilingual(
              `Under the ${name.en}, ${subjectMatter(a).en}. The Group may enter into specific agreements with ${cp.en} from time to time setting out the fees, payment schedule, settlement and specifications, in accordance with the principles of the ${name.en}.`,
              `根據${name['zh-Hant']}，${subjectMatter(a)['zh-Hant']}。本集團可不時與${cp['zh-Hant']}訂立具體協議，訂明費用、付款時間表、結算安排及規格等詳情，惟須遵循${name['zh-Hant']}所規定的原則。`,
            ),
          ),
          row('Pricing basis', '定價基準', numbered(a.categories.map((c) => pricingPolicyText(a, c)))),
        ],
      },
    ],
  };
}

/** The unit of a caps table: "RMB million" / "人民幣百萬元" when all caps are in one currency. */
function capUnit(caps: readonly CapRecord[]): Bilingual {
  const currencies = [...new Set(caps.map((c) => c.currency))];
  const only = currencies.length === 1 ? currencies[0] : undefined;
  if (!only) return bilingual('million, in the currency of the cap', '百萬，以上限貨幣計');
  const m = millions(0n, only);
  return bilingual(m.en.replace('0.0 ', ' '), m['zh-Hant'].replace('0.0', ''));
}

/** "41.0": a cap in millions, one decimal, as the seed's caps table shows it. */
const millionsFigure = (minor: bigint, currency: CurrencyCode): string =>
  millions(minor, currency)
    .en.replace(/^\(?[^\d(]*/, '')
    .replace(/ million\)?$/, '');

function annualCaps(a: AgreementRecord, issuer: IssuerRecord, date: CalendarDate): Section {
  const caps = capsOf(a);
  const unit = capUnit(caps);
  const paragraphs: Bilingual[] = a.categories.map((cat) => {
    const own = caps.filter((c) => c.categoryIds.includes(cat.id));
    const name = named(cat.name);
    const parts = own.map((c) => {
      const m = millions(capAsRevised(c, date), c.currency);
      const p = periodName(c.periodStart, c.periodEnd, issuer.financialYearEnd, date);
      return bilingual(`${m.en} for ${p.en}`, `${p['zh-Hant']}為${m['zh-Hant']}`);
    });
    return own.length === 0
      ? toBeCompleted(
          `the annual caps for ${name.en}: none is recorded`,
          `${name['zh-Hant']}的年度上限：並無記錄`,
        )
      : bilingual(
          `The proposed annual caps for ${name.en}${cat.pricingBasis ? ` (${cat.pricingBasis})` : ''} are: ${listed(parts).en}.`,
          `${name['zh-Hant']}的建議年度上限：${parts.map((p) => p['zh-Hant']).join('；')}。`,
        );
  });
  const rows = caps.map((c): Cell[] => {
    const inForce = capAsRevised(c, date);
    return [
      textCell(capCategoryNames(a, c)),
      textCell(periodName(c.periodStart, c.periodEnd, issuer.financialYearEnd, date)),
      dateCell(c.periodStart),
      dateCell(c.periodEnd),
      textCell(millionsFigure(inForce, c.currency)),
      moneyCell(inForce, c.currency),
      textCell(
        inForce === c.amountMinor
          ? bilingual('As stated in the agreement', '按協議所訂')
          : bilingual(
              `Revised from ${millions(c.amountMinor, c.currency).en}`,
              `由${millions(c.amountMinor, c.currency)['zh-Hant']}修訂`,
            ),
      ),
    ];
  });
  return {
    key: 'annual-caps',
    heading: bilingual('II. Proposed annual caps', 'II. 建議年度上限'),
    paragraphs,
    tables: [
      {
        key: 'annual-caps',
        title: bilingual(`Proposed annual caps (${unit.en})`, `建議年度上限（${unit['zh-Hant']}）`),
        columns: [
          column('category', 'Category', '交易類別', 'text'),
          column('period', 'Period', '期間', 'text'),
          column('period_start', 'From', '由', 'date'),
          column('period_end', 'To', '至', 'date'),
          column('cap_million', `Annual cap (${unit.en})`, `年度上限（${unit['zh-Hant']}）`, 'text'),
          column('cap', 'Annual cap (exact)', '年度上限（確實金額）', 'money'),
          column('status', 'Cap in force', '有效上限', 'text'),
        ],
        rows,
        notes: [
          bilingual(
            `The caps with the revisions approved by ${formatDateEn(date)}. Stub periods name both ends.`,
            `年度上限已計入截至${formatDateZhLong(date)}已批准的修訂。非完整年度的期間列明起止日期。`,
          ),
        ],
      },
    ],
  };
}

async function capBasis(
  ctx: AppContext,
  a: AgreementRecord,
  renewed: AgreementRecord | null,
  issuer: IssuerRecord,
  date: CalendarDate,
): Promise<Section> {
  const name = named(a.name);
  const cp = named(a.counterparty.name);
  const rows: Cell[][] = [];
  let hasHistory = false;
  for (const g of renewed ? [renewed, a] : [a]) {
    for (const c of capsOf(g).filter((x) => x.periodStart <= date)) {
      const to = c.periodEnd < date ? c.periodEnd : date;
      const actual = (await ctx.store.ledgerByDate(c.id))
        .filter((d) => d.date >= c.periodStart && d.date <= to)
        .reduce((s, d) => s + d.actualDelta, 0n);
      if (actual !== 0n) hasHistory = true;
      rows.push([
        textCell(named(g.name)),
        textCell(capCategoryNames(g, c)),
        dateCell(c.periodStart),
        dateCell(to),
        moneyCell(capAmountInForce(c, to), c.currency),
        moneyCell(actual, c.currency),
      ]);
    }
  }
  const cats = listed(a.categories.map((c) => named(c.name)));
  const scope = renewed
    ? bilingual(
        ` under the ${name.en} or the ${named(renewed.name).en} it renews`,
        `（${name['zh-Hant']}或其重續的${named(renewed.name)['zh-Hant']}項下）`,
      )
    : bilingual(` under the ${name.en}`, `（${name['zh-Hant']}項下）`);
  const paragraphs: Bilingual[] = [
    hasHistory
      ? bilingual(
          `The historical transaction amounts between the Group and ${cp.en}${scope.en}, as recorded in the Company's ledger as at ${formatDateEn(date)}, are set out below.`,
          `本集團與${cp['zh-Hant']}之間的歷史交易金額${scope['zh-Hant']}（按本公司截至${formatDateZhLong(date)}的分類賬記錄）載列如下。`,
        )
      : bilingual(
          `The Group has no historical transaction amounts with ${cp.en} for ${cats.en}: no actual amount is recorded${scope.en} before ${formatDateEn(date)}.`,
          `本集團並無與${cp['zh-Hant']}進行${cats['zh-Hant']}的歷史交易金額：截至${formatDateZhLong(date)}，並無實際金額記錄${scope['zh-Hant']}。`,
        ),
    toBeCompleted(
      `the basis on which the annual caps were determined, including the assumptions and the historical amounts relied on (${ruleRef('14A.68(4)').en}); the records hold no cap basis`,
      `年度上限的釐定基準，包括所依據的假設及歷史金額（${ruleRef('14A.68(4)')['zh-Hant']}）；記錄中並無相關資料`,
    ),
  ];
  return {
    key: 'cap-basis',
    heading: bilingual('Basis of the annual caps', '年度上限的釐定基準'),
    paragraphs,
    ...(hasHistory
      ? {
          tables: [
            {
              key: 'historical-amounts',
              title: bilingual('Historical transaction amounts', '歷史交易金額'),
              columns: [
                column('agreement', 'Agreement', '協議', 'text'),
                column('category', 'Category', '交易類別', 'text'),
                column('period_start', 'From', '由', 'date'),
                column('period_end', 'To', '至', 'date'),
                column('cap', 'Annual cap', '年度上限', 'money'),
                column('actual', 'Actual amount', '實際金額', 'money'),
              ],
              rows,
              notes: [
                bilingual(
                  `Actual amounts dated in each cap period up to ${formatDateEn(date)} (postings and reversals).`,
                  `各上限期間內截至${formatDateZhLong(date)}的實際金額（包括入賬及撥回）。`,
                ),
              ],
            },
          ],
        }
      : {}),
  };
}

function pricingPolicy(a: AgreementRecord): Section {
  const name = named(a.name);
  return {
    key: 'pricing-policy',
    heading: bilingual('Pricing policy', '定價政策'),
    paragraphs: [
      bilingual(
        `To ensure that the pricing under the ${name.en} is fair and reasonable and on normal commercial terms or better, the Group applies the following policy to each category of transactions.`,
        `為確保${name['zh-Hant']}項下的定價公平合理，並按一般商業條款或更佳條款進行，本集團就各類交易採用以下政策。`,
      ),
      ...a.categories.map((c) => pricingPolicyText(a, c)),
    ],
  };
}

async function internalControls(ctx: AppContext, a: AgreementRecord): Promise<Section> {
  const name = named(a.name);
  const cp = named(a.counterparty.name);
  const threshold = await alertThreshold(ctx.store, a.issuerId);
  const quotes = [...new Set(a.categories.map((c) => c.pricingPolicy.minIndependentQuotes))];
  const n = quotes.length === 1 ? quotes[0] : undefined;
  const howMany =
    n === undefined
      ? bilingual(
          'the number of independent third parties that the pricing policy of the category requires',
          '該類別定價政策所規定數目的獨立第三方',
        )
      : bilingual(
          `at least ${plural(n, 'independent third party', 'independent third parties')}`,
          `至少${n}名獨立第三方`,
        );
  // The threshold as the policy states it: "80", "79.5".
  const t = formatPercent(threshold.numerator, threshold.denominator * 100n, 2).replace(/\.?0+$/, '');
  return {
    key: 'internal-controls',
    heading: bilingual('IV. Internal control measures', 'IV. 內部控制措施'),
    paragraphs: [
      bilingual(
        `To ensure that the terms of the continuing connected transactions under the ${name.en} are on normal commercial terms, fair and reasonable and no less favourable than those offered by independent third parties, the Company has adopted the following internal control procedures:`,
        `為確保${name['zh-Hant']}項下持續關連交易的條款乃按一般商業條款訂立、屬公平合理，且不遜於獨立第三方提供的條款，本公司已採納以下內部控制程序：`,
      ),
      bilingual(
        `(i) The relevant staff of the business departments continuously monitor the terms of each specific agreement with ${cp.en} against those offered by independent third parties for similar services or products and, before entering into a specific agreement, obtain quotations from ${howMany.en}.`,
        `(i)本公司業務部門相關人員將持續監控與${cp['zh-Hant']}訂立的各具體協議的條款，與獨立第三方就同類服務或產品提供的條款比較，並在訂立具體協議前向${howMany['zh-Hant']}索取報價。`,
      ),
      bilingual(
        `(ii) Designated staff of the finance department closely monitor the actual transaction amounts so that no annual cap is exceeded, and report to the finance department monthly; the finance department reports monthly to senior management and semi-annually to the Directors (including the independent non-executive Directors). When the actual transaction amount at any time in a year reaches ${t}% of the annual cap for that year, the finance department reports to senior management immediately. When the remaining annual cap is expected to be insufficient for the Group's business needs, senior management reports to the Board, which seeks the advice of its professional advisers and considers revising the annual cap in compliance with the Listing Rules (${ruleRef('14A.54').en}).`,
        `(ii)本公司財務部門的指定人員將密切監控實際交易金額，以確保不超過年度上限，並每月向財務部門報告；財務部門將每月向高級管理層及每半年向董事（包括獨立非執行董事）匯報。若實際交易金額在該年度內任何時間達到該年度年度上限的${t}%，財務部門須立即向高級管理層報告。倘預計該年度的剩餘上限不足以滿足本集團的業務需求，高級管理層將向董事會匯報，而董事會將尋求其專業顧問的意見，並考慮根據上市規則修訂年度上限（${ruleRef('14A.54')['zh-Hant']}）。`,
      ),
      bilingual(
        `(iii) The independent non-executive Directors review the continuing connected transactions every year and confirm in the Company's annual report whether they have been entered into in the ordinary and usual course of business, on normal commercial terms or better, in accordance with the relevant agreements on terms that are fair and reasonable, and in the interests of the Company and the Shareholders as a whole (${ruleRef('14A.55').en}).`,
        `(iii)獨立非執行董事將每年審閱持續關連交易，並在本公司年報中確認該等交易是否於日常及一般業務過程中進行、是否按一般商業條款或更佳條款進行、是否根據相關協議按公平合理的條款進行，以及是否符合本公司及股東的整體利益（${ruleRef('14A.55')['zh-Hant']}）。`,
      ),
      bilingual(
        `(iv) The Company's external auditor reviews the continuing connected transactions every year and reports to the Board on whether they were approved by the Board, entered into in accordance with the relevant agreements (including the pricing policy) and within the annual caps (${ruleRef('14A.56').en}).`,
        `(iv)本公司的外聘核數師亦會每年審閱持續關連交易，並向董事會匯報該等交易是否已獲董事會批准、是否按照相關協議（包括定價政策）進行及是否未有超逾年度上限（${ruleRef('14A.56')['zh-Hant']}）。`,
      ),
    ],
  };
}

function reasonsAndParties(
  a: AgreementRecord,
  f: ConnectionFacts | undefined,
  date: CalendarDate,
): Section[] {
  const name = named(a.name);
  const cp = named(a.counterparty.name);
  return [
    {
      key: 'reasons-benefits',
      heading: bilingual(
        `III. Reasons for and benefits of entering into the ${name.en}`,
        `III. 訂立${name['zh-Hant']}的理由及裨益`,
      ),
      paragraphs: [
        toBeCompleted(
          `the reasons for and benefits of entering into the ${name.en}, to be written by the Company (${ruleRef('14A.68(1)').en} and Rule 14.58 of the Listing Rules)`,
          `訂立${name['zh-Hant']}的理由及裨益，由本公司撰寫（${ruleRef('14A.68(1)')['zh-Hant']}及上市規則第14.58條）`,
        ),
      ],
    },
    {
      key: 'parties',
      heading: bilingual('V. Information on the parties', 'V. 訂約方資料'),
      paragraphs: [
        toBeCompleted(
          `the Company's place of incorporation, listing and principal business (${ruleRef('14A.68(1A)').en})`,
          `本公司的註冊成立地點、上市資料及主要業務（${ruleRef('14A.68(1A)')['zh-Hant']}）`,
        ),
        relationshipText(a, f, date),
        toBeCompleted(
          `${cp.en}'s place of incorporation, principal business and ultimate beneficial owner(s) (${ruleRef('14A.68(1A)').en})`,
          `${cp['zh-Hant']}的註冊成立地點、主要業務及最終實益擁有人（${ruleRef('14A.68(1A)')['zh-Hant']}）`,
        ),
      ],
    },
  ];
}

/** The directors who abstained, from the board resolutions held by the draft's date (13.44, 14A.68(8)). */
function boardViews(
  a: AgreementRecord,
  f: ConnectionFacts | undefined,
  resolutions: readonly BoardResolutionRecord[],
  tier: string | null,
  inedFacts: { confirmed: boolean; recordedAt: string } | null,
): Section {
  const name = named(a.name);
  const nameOf = (id: string) => named(f?.names.get(id) ?? { en: id, 'zh-Hant': null });
  const paragraphs: Bilingual[] = [];
  if (resolutions.length === 0) {
    paragraphs.push(
      toBeCompleted(
        `no Board resolution approving the ${name.en} is recorded: whether any Director has a material interest and abstained from voting (${ruleRef('14A.68(8)').en})`,
        `並無批准${name['zh-Hant']}的董事會決議案記錄：有否董事擁有重大權益並放棄投票（${ruleRef('14A.68(8)')['zh-Hant']}）`,
      ),
    );
  } else {
    const abstained = [
      ...new Set(
        resolutions.flatMap((r) => r.votes.filter((v) => v.vote === 'abstain').map((v) => v.personId)),
      ),
    ];
    const interested = f?.interested ?? [];
    const dates = listed([...new Set(resolutions.map((r) => r.meetingDate))].map(longDate));
    if (abstained.length > 0) {
      const who = listed(abstained.map(nameOf));
      const reasons = abstained.flatMap((id) => {
        const d = interested.find((x) => x.personId === id);
        return d ? d.reasons.map((r) => r.text.replace(/: a material interest$/, '')) : [];
      });
      const many = abstained.length > 1;
      paragraphs.push(
        bilingual(
          `${who.en} ${many ? 'are' : 'is'} considered to have a material interest in the transactions${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}, and ${many ? 'have' : 'has'} abstained from voting on the Board resolution${resolutions.length > 1 ? 's' : ''} of ${dates.en} approving the ${name.en} (including the proposed annual caps) and the transactions contemplated under it. Save as disclosed above, none of the other Directors has a material interest in the transactions or was required to abstain from voting on the relevant Board resolution (${ruleRef('13.44').en}).`,
          `${who['zh-Hant']}被視為於該等交易中擁有重大權益，因此已就${dates['zh-Hant']}批准${name['zh-Hant']}（包括建議年度上限）及其項下擬進行的交易的董事會相關決議案放棄投票。除上文所披露者外，概無其他董事於該等交易中擁有重大權益，並須於董事會會議上就有關決議案放棄投票（${ruleRef('13.44')['zh-Hant']}）。`,
        ),
      );
    } else if (interested.length === 0) {
      paragraphs.push(
        bilingual(
          `As none of the Directors has a material interest in the ${name.en}, none of the Directors has abstained from voting on the Board resolution approving it (${ruleRef('13.44').en}).`,
          `由於概無董事於${name['zh-Hant']}中擁有重大權益，故概無董事就批准該協議的董事會決議案放棄投票（${ruleRef('13.44')['zh-Hant']}）。`,
        ),
      );
    }
    for (const d of interested.filter((x) => !abstained.includes(x.personId))) {
      const who = named(d.name);
      paragraphs.push(
        bilingual(
          `[To be checked: ${who.en} has a material interest according to the register (${ruleRef('13.44').en}) but is not minuted as abstaining on the Board resolution approving the ${name.en}]`,
          `[待核對：根據關連人士名冊，${who['zh-Hant']}擁有重大權益（${ruleRef('13.44')['zh-Hant']}），惟會議記錄並無其就批准${name['zh-Hant']}的董事會決議案放棄投票的記錄]`,
        ),
      );
    }
  }
  // 14A.68(3): the INEDs' views where no shareholders' approval is required.
  if (tier === 'NON_EXEMPT')
    paragraphs.push(
      toBeCompleted(
        `the independent board committee's and the independent financial adviser's advice will be set out in the circular; the expected date of despatch of the circular (${ruleRef('14A.68(11)').en})`,
        `獨立董事委員會及獨立財務顧問的意見將載於通函；預期寄發通函的日期（${ruleRef('14A.68(11)')['zh-Hant']}）`,
      ),
    );
  else if (inedFacts?.confirmed)
    paragraphs.push(
      bilingual(
        `The independent non-executive Directors have confirmed that the terms of the ${name.en} are fair and reasonable, on normal commercial terms and in the interests of the Company and the Shareholders as a whole (as recorded on ${longDate(inedFacts.recordedAt.slice(0, 10) as CalendarDate).en}; ${ruleRef('14A.68(3)').en}).`,
        `獨立非執行董事已確認${name['zh-Hant']}的條款屬公平合理、按一般商業條款訂立，並符合本公司及股東的整體利益（於${longDate(inedFacts.recordedAt.slice(0, 10) as CalendarDate)['zh-Hant']}記錄；${ruleRef('14A.68(3)')['zh-Hant']}）。`,
      ),
    );
  else
    paragraphs.push(
      toBeCompleted(
        `the views of the Directors (excluding those who abstained, and including the independent non-executive Directors) on whether the terms of the ${name.en}, including the proposed annual caps, are fair and reasonable, on normal commercial terms or better, in the ordinary and usual course of business and in the interests of the Company and the Shareholders as a whole (${ruleRef('14A.68(3)').en}); no such views are recorded`,
        `董事（不包括須放棄投票的董事，但包括獨立非執行董事）對${name['zh-Hant']}的條款（包括建議年度上限）是否公平合理、是否按一般商業條款或更佳條款於日常及一般業務過程中訂立，以及是否符合本公司及股東整體利益的意見（${ruleRef('14A.68(3)')['zh-Hant']}）；記錄中並無相關意見`,
      ),
    );
  return { key: 'board-views', heading: bilingual('VI. Views of the Board', 'VI. 董事會意見'), paragraphs };
}

function implications(
  a: AgreementRecord,
  view: StoredClassificationView | null,
  failure: string | null,
): Section {
  const heading = bilingual('VII. Listing Rules implications', 'VII. 上市規則的涵義');
  const c = view?.agreements.find((x) => x.id === a.id);
  if (!c)
    return {
      key: 'listing-rules',
      heading,
      paragraphs: [
        toBeCompleted(
          `the Listing Rules implications: the agreement could not be classified from the records (${failure ?? 'no classification'})`,
          '上市規則的涵義：未能根據現有記錄將協議分類（詳情見英文版本）',
        ),
      ],
    };
  const en = c.implications.en.split('\n\n');
  const zh = c.implications['zh-Hant'].split('\n\n');
  const paragraphs = en.map((p, i) => bilingual(p, zh[i] ?? ''));
  if (c.tier === 'FULLY_EXEMPT' || c.tier === 'NOT_CONNECTED')
    paragraphs.push(
      bilingual(
        'No announcement is required under Chapter 14A of the Listing Rules: this draft is for a voluntary announcement.',
        '根據上市規則第十四A章，毋須刊發公告：本初稿僅供自願公告之用。',
      ),
    );
  if (c.facts.source === 'default')
    paragraphs.push(
      bilingual(
        `[To be checked: no facts are recorded for the agreement; the classification assumes that it is on normal commercial terms or better and not confirmed by the independent non-executive Directors (${ruleRef('14A.101').en})]`,
        `[待核對：協議並無事實記錄；分類假設其按一般商業條款或更佳條款進行，且未經獨立非執行董事確認（${ruleRef('14A.101')['zh-Hant']}）]`,
      ),
    );
  return {
    key: 'listing-rules',
    heading,
    paragraphs,
    tables: [
      {
        key: 'requirements',
        title: bilingual('Requirements of the tier under Chapter 14A', '第十四A章下適用的規定'),
        columns: [
          column('requirement', 'Requirement', '規定', 'text'),
          column('rule', 'Rule', '條文', 'text'),
        ],
        rows: c.requirements.map((r) => [textCell(requirementText(r)), textCell(ruleRef(r.rule))]),
        notes: [
          bilingual(
            `Classified as at ${formatDateEn(view?.asOf as CalendarDate)} on the recorded figures of ${formatDateEn(view?.figures.asOf as CalendarDate)}, aggregated under Rules 14A.81 to 14A.83 of the Listing Rules.`,
            `按${formatDateZhLong(view?.figures.asOf as CalendarDate)}的記錄財務數字於${formatDateZhLong(view?.asOf as CalendarDate)}分類，並根據上市規則第14A.81至14A.83條合併計算。`,
          ),
        ],
      },
    ],
  };
}

function definitions(a: AgreementRecord, issuer: IssuerRecord, f: ConnectionFacts | undefined): Section {
  const name = named(a.name);
  const cp = named(a.counterparty.name);
  const cats = listed(a.categories.map((c) => named(c.name)));
  const LR = bilingual('has the meaning ascribed to it under the Listing Rules', '具有上市規則所賦予的涵義');
  const holding = f?.holdingPercent;
  const terms: [string, string, Bilingual][] = [
    [
      name.en,
      name['zh-Hant'],
      bilingual(
        `the ${name.en} dated ${longDate(a.signedOn).en} entered into between the Company and ${cp.en} in relation to ${cats.en}`,
        `本公司與${cp['zh-Hant']}於${longDate(a.signedOn)['zh-Hant']}就${cats['zh-Hant']}訂立的${name['zh-Hant']}`,
      ),
    ],
    ['associate(s)', '聯繫人', LR],
    ['Board', '董事會', bilingual('the board of Directors', '董事會')],
    ['Company', '本公司', named(issuer.name)],
    ['connected person(s)', '關連人士', LR],
    ['connected transaction(s)', '關連交易', LR],
    ['continuing connected transaction(s)', '持續關連交易', LR],
    ['Director(s)', '董事', bilingual('the director(s) of the Company', '本公司董事')],
    [
      'Group',
      '本集團',
      bilingual('the Company and its subsidiaries from time to time', '本公司及其不時的附屬公司'),
    ],
    [
      'Hong Kong',
      '香港',
      bilingual(
        "the Hong Kong Special Administrative Region of the People's Republic of China",
        '中華人民共和國香港特別行政區',
      ),
    ],
    [
      'independent third party(ies)',
      '獨立第三方',
      bilingual(
        'a person or company independent of the Company and its connected persons',
        '獨立於本公司及其關連人士的人士或公司',
      ),
    ],
    [
      'independent non-executive Director(s)',
      '獨立非執行董事',
      bilingual('the independent non-executive director(s) of the Company', '本公司獨立非執行董事'),
    ],
    [
      'Listing Rules',
      '上市規則',
      bilingual(
        'the Rules Governing the Listing of Securities on The Stock Exchange of Hong Kong Limited, as amended, supplemented or otherwise modified from time to time',
        '香港聯合交易所有限公司證券上市規則（經不時修訂、補充或以其他方式修改）',
      ),
    ],
    ...(a.caps.some((c) => c.currency === 'CNY')
      ? [
          [
            'RMB',
            '人民幣',
            bilingual(
              "Renminbi, the lawful currency of the People's Republic of China",
              '人民幣，中華人民共和國的法定貨幣',
            ),
          ] as [string, string, Bilingual],
        ]
      : []),
    ['Shareholder(s)', '股東', bilingual('holder(s) of the shares of the Company', '本公司股東')],
    [
      'Stock Exchange',
      '聯交所',
      bilingual('The Stock Exchange of Hong Kong Limited', '香港聯合交易所有限公司'),
    ],
    ['subsidiary(ies)', '附屬公司', LR],
    ['substantial shareholder', '主要股東', LR],
    [
      cp.en,
      cp['zh-Hant'],
      bilingual(
        `${cp.en}, the counterparty to the ${name.en}${holding && Number(holding) >= 10 ? `, a substantial shareholder of the Company (as defined in the Listing Rules)` : ''}`,
        `${cp['zh-Hant']}，${name['zh-Hant']}的訂約方${holding && Number(holding) >= 10 ? '，為本公司主要股東（定義見上市規則）' : ''}`,
      ),
    ],
    ...(a.categories.some((c) => /\bIDC\b/.test(c.name.en))
      ? [['IDC', 'IDC', bilingual('internet data centre', '互聯網數據中心')] as [string, string, Bilingual]]
      : []),
    ['%', '%', bilingual('per cent', '百分比')],
  ];
  return {
    key: 'definitions',
    heading: bilingual('VIII. Definitions', 'VIII. 釋義'),
    paragraphs: [
      bilingual(
        'In this announcement, unless the context otherwise requires, the following expressions have the following meanings.',
        '於本公告內，除文義另有所指外，下列詞彙具有以下涵義。',
      ),
    ],
    tables: [
      {
        key: 'definitions',
        title: bilingual('Definitions', '釋義'),
        columns: [column('term', 'Term', '詞彙', 'text'), column('meaning', 'Meaning', '涵義', 'text')],
        rows: terms.map(([en, zh, meaning]) => [
          textCell(bilingual(`"${en}"`, `「${zh}」`)),
          textCell(meaning),
        ]),
      },
    ],
  };
}

/**
 * The draft announcement of the agreement `request.agreementId` as at `request.period`
 * ('YYYY-MM-DD', not in the future). Read-only.
 */
export async function buildAnnouncementDraft(
  ctx: AppContext,
  actor: Actor,
  request: { readonly period: string; readonly agreementId?: string },
): Promise<ReportDocument> {
  requireAction(actor, 'report.read');
  const agreementId = request.agreementId?.trim() ?? '';
  if (agreementId === '')
    throw AppError.invalid([
      {
        path: 'agreement',
        message: 'is required: the agreement the announcement is about (?agreement=ID, or --agreement ID)',
      },
    ]);
  const date = parseDraftDate(request.period, ctx.clock.today());
  const issuer = await reportIssuer(ctx, actor);
  const agreement = await ctx.store.getAgreement(actor.issuerId, agreementId);
  if (!agreement) throw AppError.notFound(`agreement ${agreementId}`);

  const links = await ctx.store.agreementLinks(actor.issuerId, agreement.id);
  const renewed = links.renews === null ? null : await ctx.store.getAgreement(actor.issuerId, links.renews);
  const changes = (await ctx.store.listMaterialChanges(agreement.id)).filter(
    (m) => m.effectiveOn <= date || m.recordedAt.slice(0, 10) <= date,
  );
  const facts = (await connectionFacts(ctx, issuer, [agreement], date)).get(agreement.id);
  const resolutions = (await ctx.store.listBoardResolutions(actor.issuerId)).filter(
    (r) => r.agreementIds.includes(agreement.id) && r.meetingDate <= date,
  );
  let view: StoredClassificationView | null = null;
  let failure: string | null = null;
  try {
    // report.read is checked above; the classification is part of reading the draft.
    view = await classifyStoredAgreements(ctx, actor, { asOf: date, agreementId: agreement.id });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    failure = e.details.errors?.map((x) => `${x.path}: ${x.message}`).join('; ') ?? e.message;
  }
  const recordedFacts = (await ctx.store.listAgreementFacts(actor.issuerId)).find(
    (x) => x.agreementId === agreement.id && x.recordedAt.slice(0, 10) <= date,
  );
  const tier = view?.agreements.find((x) => x.id === agreement.id)?.tier ?? null;
  const name = named(agreement.name);
  return reportDocument(
    ctx,
    'announcement-draft',
    bilingual(
      `Draft announcement: continuing connected transactions in relation to the ${name.en}`,
      `公告初稿：有關${name['zh-Hant']}的持續關連交易`,
    ),
    issuer,
    {
      start: date,
      end: date,
      label: bilingual(`as at ${formatDateEn(date)}`, `截至${formatDateZhLong(date)}`),
    },
    [
      introduction(agreement, date, renewed, issuer, changes),
      principalTerms(agreement),
      annualCaps(agreement, issuer, date),
      await capBasis(ctx, agreement, renewed, issuer, date),
      pricingPolicy(agreement),
      ...reasonsAndParties(agreement, facts, date).slice(0, 1),
      await internalControls(ctx, agreement),
      ...reasonsAndParties(agreement, facts, date).slice(1),
      boardViews(
        agreement,
        facts,
        resolutions,
        tier,
        recordedFacts
          ? { confirmed: recordedFacts.inedConfirmed, recordedAt: recordedFacts.recordedAt }
          : null,
      ),
      implications(agreement, view, failure),
      definitions(agreement, issuer, facts),
    ],
  );
}
