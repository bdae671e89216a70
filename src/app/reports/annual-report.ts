/**
 * Issue 7, item 5: the annual report disclosure of continuing connected transactions (Rule 14A.71),
 * ready to paste into the directors' report. For the financial year: every CCT conducted in it —
 * including those under agreements signed in earlier years — with the date of the agreement, the
 * parties, the connected relationship and the nature of the connected person's interest, a
 * description (categories, direction, pricing policy), and each cap period overlapping the year with
 * its annual cap and the actual amount for the year; then the INEDs' confirmation (14A.55) and the
 * board's statement on the auditor's letter (14A.56), from the records of the annual review.
 *
 * Figures are exact: money cells in bigint minor units; paragraphs write "RMB82.0 million". What the
 * records lack (no sign-off, no letter, no register entry) is a visible "[To be completed: …]".
 */
import { formatDateEn, type CurrencyCode } from '../../domain/index.js';
import { formatDateZhLong } from '../../domain/chapter14a/implications.js';
import {
  confirmationSentence,
  findLimb,
  LIMB_WORDINGS,
  type ConfirmationLimb,
  type LimbWording,
} from '../../domain/review/limbs.js';
import {
  bilingual,
  dateCell,
  moneyCell,
  percentCell,
  textCell,
  type Bilingual,
  type Cell,
  type ReportDocument,
  type Section,
  type Table,
} from '../../domain/reports/document.js';
import {
  capsOfYear,
  cctsOfYear,
  inedMembers,
  limbWordingOf,
  parseFinancialYear,
  type FinancialYear,
} from '../annual-review.js';
import { currencyName } from '../../domain/reports/format.js';
import { requireAction } from '../authorize.js';
import type { AppContext } from '../context.js';
import type { Actor, AgreementRecord, CapRecord, IssuerRecord } from '../ports.js';
import {
  AUDITOR_MATTERS,
  type AuditorLetterRecord,
  type AuditorMatter,
  type InedSignOffRecord,
} from '../review-ports.js';
import { capCategoryNames, column, hkDateOf, named, plural, reportDocument, reportIssuer } from './common.js';
import {
  categoryOrder,
  connectionFacts,
  interestText,
  listed,
  longDate,
  millions,
  periodName,
  pricingPolicyText,
  relationshipText,
  ruleRef,
  subjectMatter,
  toBeCompleted,
} from './cct-facts.js';

export const ANNUAL_REPORT_TITLE: Bilingual = bilingual(
  'Annual report disclosure: continuing connected transactions',
  '年報披露：持續關連交易',
);

interface CapLine {
  readonly cap: CapRecord;
  readonly capMinor: bigint;
  readonly actualForYear: bigint;
  /** The cap period's actual as at the year end (or its own end), from the utilisation query. */
  readonly actualToDate: bigint;
}

/**
 * Each cap period overlapping the year: the cap in force at the year end (or the period's end) and
 * the year's actual (annual-review.ts `capsOfYear`, as the INED pack and the auditor's schedule show
 * them), with the cap period's actual from the utilisation query beside it, to reconcile.
 */
async function capLines(ctx: AppContext, a: AgreementRecord, year: FinancialYear): Promise<CapLine[]> {
  const caps = (await capsOfYear(ctx.store, [a], year, [])).sort(
    (x, y) =>
      x.cap.periodStart.localeCompare(y.cap.periodStart) ||
      categoryOrder(a, x.cap) - categoryOrder(a, y.cap) ||
      x.cap.id.localeCompare(y.cap.id),
  );
  const lines: CapLine[] = [];
  for (const x of caps) {
    const [usage] = await ctx.store.utilisation([x.cap.id], x.asOf);
    lines.push({
      cap: x.cap,
      capMinor: x.capMinor,
      actualForYear: x.actualInYear,
      actualToDate: usage?.actualMinor ?? 0n,
    });
  }
  return lines;
}

function capTable(
  key: string,
  a: AgreementRecord,
  lines: readonly CapLine[],
  issuer: IssuerRecord,
  year: FinancialYear,
): Table {
  const totals = new Map<CurrencyCode, bigint>();
  for (const l of lines) totals.set(l.cap.currency, (totals.get(l.cap.currency) ?? 0n) + l.actualForYear);
  const notes: Bilingual[] = [
    bilingual(
      `The annual cap is the one in force at the end of the year (or of the cap period, if earlier), revisions included. The actual amount for the year counts the amounts dated in the ${year.label.en} within the cap period, as at ${formatDateEn(year.asOf)}.`,
      `年度上限為年底（或上限期間結束時，以較早者為準）有效的金額，包括已生效的修訂。本年度實際金額計入${year.label['zh-Hant']}內、上限期間內的金額，截至${formatDateZhLong(year.asOf)}。`,
    ),
  ];
  // Reconciliation: a cap period wholly within the year has used, to its end, exactly the year's actual.
  for (const l of lines) {
    if (l.cap.periodStart >= year.start && l.actualToDate !== l.actualForYear)
      notes.push(
        bilingual(
          `[Check: the ledger's actual amount for the cap period from ${l.cap.periodStart} (${millions(l.actualToDate, l.cap.currency).en}) differs from the year's (${millions(l.actualForYear, l.cap.currency).en})]`,
          `[待核對：上限期間（由${l.cap.periodStart}起）的分類賬實際金額（${millions(l.actualToDate, l.cap.currency)['zh-Hant']}）與本年度金額（${millions(l.actualForYear, l.cap.currency)['zh-Hant']}）不符]`,
        ),
      );
  }
  return {
    key,
    title: bilingual(
      `Annual caps and actual amounts: ${named(a.name).en}`,
      `年度上限及實際金額：${named(a.name)['zh-Hant']}`,
    ),
    columns: [
      column('category', 'Category', '交易類別', 'text'),
      column('period', 'Cap period', '上限期間', 'text'),
      column('period_start', 'Cap period from', '上限期間由', 'date'),
      column('period_end', 'Cap period to', '上限期間至', 'date'),
      column('cap', 'Annual cap', '年度上限', 'money'),
      column('actual_year', 'Actual amount for the year', '本年度實際金額', 'money'),
      column('percent_used', '% of cap', '佔年度上限百分比', 'percent'),
    ],
    rows: lines.map((l): Cell[] => [
      textCell(capCategoryNames(a, l.cap)),
      textCell(periodName(l.cap.periodStart, l.cap.periodEnd, issuer.financialYearEnd, year.asOf)),
      dateCell(l.cap.periodStart),
      dateCell(l.cap.periodEnd),
      moneyCell(l.capMinor, l.cap.currency),
      moneyCell(l.actualForYear, l.cap.currency),
      l.capMinor > 0n ? percentCell(l.actualForYear, l.capMinor, 1) : null,
    ]),
    // The total consideration for the year (14A.71(4)), within one currency.
    totals: [...totals].map(([currency, minor]) => [
      textCell(
        bilingual(
          `Total consideration for the year (${currencyName(currency, 'en')})`,
          `本年度總代價（${currencyName(currency, 'zh-Hant')}）`,
        ),
      ),
      null,
      null,
      null,
      null,
      moneyCell(minor, currency),
      null,
    ]),
    notes,
  };
}

/** One sentence per cap period: "… the annual cap was RMB41.0 million and the actual amount for the year was RMB30.1 million." */
function capSentences(
  a: AgreementRecord,
  lines: readonly CapLine[],
  issuer: IssuerRecord,
  year: FinancialYear,
): Bilingual[] {
  const running = !year.ended;
  return lines.map((l) => {
    const names = capCategoryNames(a, l.cap);
    const period = periodName(l.cap.periodStart, l.cap.periodEnd, issuer.financialYearEnd, year.asOf);
    const cap = millions(l.capMinor, l.cap.currency);
    const actual = millions(l.actualForYear, l.cap.currency);
    const partial = l.cap.periodStart < year.start || l.cap.periodEnd > year.end;
    return bilingual(
      `${names.en}: the annual cap for ${period.en} ${running ? 'is' : 'was'} ${cap.en}; the actual amount for the ${year.label.en}${partial ? ' (the part of the cap period within the year)' : ''} ${running ? `is ${actual.en} as at ${formatDateEn(year.asOf)}` : `was ${actual.en}`}.`,
      `${names['zh-Hant']}：${period['zh-Hant']}的年度上限為${cap['zh-Hant']}；${year.label['zh-Hant']}${partial ? '（上限期間內屬於本年度的部分）' : ''}的實際金額${running ? `截至${formatDateZhLong(year.asOf)}` : ''}為${actual['zh-Hant']}。`,
    );
  });
}

async function cctSections(
  ctx: AppContext,
  issuer: IssuerRecord,
  agreements: readonly AgreementRecord[],
  year: FinancialYear,
): Promise<Section[]> {
  const facts = await connectionFacts(ctx, issuer, agreements, year.asOf);
  const sections: Section[] = [];
  for (const [i, a] of agreements.entries()) {
    const n = i + 1;
    const name = named(a.name);
    const cp = named(a.counterparty.name);
    const signed = longDate(a.signedOn);
    const lines = await capLines(ctx, a, year);
    const terms = a.categories.map((c) => {
      const end =
        c.termination && c.termination.effectiveOn <= c.termEnd ? c.termination.effectiveOn : c.termEnd;
      return bilingual(
        `${named(c.name).en} from ${formatDateEn(c.termStart)} to ${formatDateEn(end)}${c.termination ? ' (terminated early)' : ''}`,
        `${named(c.name)['zh-Hant']}自${formatDateZhLong(c.termStart)}起至${formatDateZhLong(end)}止${c.termination ? '（已提前終止）' : ''}`,
      );
    });
    const term = listed(terms);
    const subject = subjectMatter(a);
    sections.push({
      key: `cct-${n}`,
      heading: bilingual(`${n}. ${name.en}`, `${n}. ${name['zh-Hant']}`),
      paragraphs: [
        bilingual(
          `Date of the agreement: ${signed.en}. Parties: (i) the Company; and (ii) ${cp.en}.`,
          `協議日期：${signed['zh-Hant']}。訂約方：(i)本公司；及(ii)${cp['zh-Hant']}。`,
        ),
        bilingual(
          `Connected relationship: ${relationshipText(a, facts.get(a.id), year.asOf).en}`,
          `關連關係：${relationshipText(a, facts.get(a.id), year.asOf)['zh-Hant']}`,
        ),
        bilingual(`Nature of the interest: ${interestText(a).en}`, `權益性質：${interestText(a)['zh-Hant']}`),
        bilingual(
          `Description and purpose: under the ${name.en}, ${subject.en}, on normal commercial terms or better, for the term of ${term.en}. Specific agreements are entered into from time to time under the framework.`,
          `交易描述及目的：根據${name['zh-Hant']}，${subject['zh-Hant']}，按一般商業條款或更佳條款進行，期限為${term['zh-Hant']}。本集團不時根據框架訂立具體協議。`,
        ),
        ...a.categories.map((c) => {
          const p = pricingPolicyText(a, c);
          return bilingual(`Pricing policy: ${p.en}`, `定價政策：${p['zh-Hant']}`);
        }),
        ...(lines.length === 0
          ? [
              bilingual(
                `No cap period of the ${name.en} overlaps the ${year.label.en}.`,
                `${name['zh-Hant']}並無上限期間與${year.label['zh-Hant']}重疊。`,
              ),
            ]
          : capSentences(a, lines, issuer, year)),
      ],
      tables: lines.length === 0 ? [] : [capTable(`caps-${n}`, a, lines, issuer, year)],
    });
  }
  return sections;
}

// ---- the INEDs' confirmation (14A.55) ----

const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi'];
const enumerated = (items: readonly Bilingual[]): Bilingual => {
  const en = items.map((t, i) => `(${ROMAN[i] ?? i + 1}) ${t.en}`);
  const zh = items.map((t, i) => `(${ROMAN[i] ?? i + 1})${t['zh-Hant']}`);
  return bilingual(
    en.length <= 1 ? (en[0] ?? '') : `${en.slice(0, -1).join('; ')}; and ${en[en.length - 1]}`,
    zh.length <= 1 ? (zh[0] ?? '') : `${zh.slice(0, -1).join('；')}；及${zh[zh.length - 1]}`,
  );
};

/** A limb of the year's wording by its key, else of the other wording (a sign-off recorded under it). */
const limbByKey = (wording: LimbWording, key: string): ConfirmationLimb | undefined =>
  findLimb(wording, key) ?? LIMB_WORDINGS.map((w) => findLimb(w, key)).find((l) => l !== undefined);

const limbName = (wording: LimbWording, key: string): Bilingual => {
  const limb = limbByKey(wording, key);
  return limb
    ? bilingual(`${limb.number} ${limb.label.en}`, `${limb.number}${limb.label['zh-Hant']}`)
    : bilingual(key, key);
};

async function inedSection(
  ctx: AppContext,
  issuerId: string,
  signOffs: readonly InedSignOffRecord[],
  year: FinancialYear,
): Promise<Section> {
  const heading = bilingual(
    'Confirmation of the independent non-executive Directors',
    '獨立非執行董事的確認',
  );
  const { wording, limbs } = await limbWordingOf(ctx.store, issuerId, year.year);
  if (signOffs.length === 0)
    return {
      key: 'ined-confirmation',
      heading,
      paragraphs: [
        toBeCompleted("the INEDs' confirmation has not been recorded", '獨立非執行董事的確認尚未記錄'),
        bilingual(
          `Under ${ruleRef('14A.55').en}, the independent non-executive Directors must review the continuing connected transactions of the ${year.label.en} and confirm in the annual report whether they have been entered into: ${enumerated(limbs.map((l) => l.wording)).en}.`,
          `根據${ruleRef('14A.55')['zh-Hant']}，獨立非執行董事須審閱${year.label['zh-Hant']}的持續關連交易，並於年報內確認該等交易是否：${enumerated(limbs.map((l) => l.wording))['zh-Hant']}。`,
        ),
      ],
    };
  const sorted = [...signOffs].sort(
    (x, y) => x.recordedAt.localeCompare(y.recordedAt) || x.id.localeCompare(y.id),
  );
  const qualified = sorted.flatMap((s) =>
    s.limbs.filter((l) => l.outcome === 'qualified').map((l) => ({ s, l })),
  );
  const paragraphs: Bilingual[] = [];
  if (qualified.length === 0) paragraphs.push(confirmationSentence(wording));
  else {
    const qualifiedKeys = new Set(qualified.map(({ l }) => l.limb));
    const confirmed = limbs.filter((l) => !qualifiedKeys.has(l.key));
    const names = listed([...qualifiedKeys].map((k) => limbName(wording, k)));
    paragraphs.push(
      bilingual(
        `The independent non-executive Directors have reviewed the continuing connected transactions set out above.${confirmed.length > 0 ? ` They confirmed that the transactions have been entered into ${confirmed.map((l) => `${l.number} ${l.wording.en}`).join('; ')}.` : ''} Their confirmation is qualified on limb ${names.en} (${ruleRef('14A.55').en}):`,
        `獨立非執行董事已審閱上述持續關連交易。${confirmed.length > 0 ? `彼等確認該等交易${confirmed.map((l) => `${l.number}${l.wording['zh-Hant']}`).join('；')}。` : ''}彼等就第${names['zh-Hant']}項確認有保留（${ruleRef('14A.55')['zh-Hant']}）：`,
      ),
      ...qualified.map(({ s, l }) => {
        const limb = limbByKey(wording, l.limb);
        const words = limb?.wording ?? bilingual(l.limb, l.limb);
        const quote = l.qualification ?? '';
        return bilingual(
          `${s.signedName} could not confirm that the transactions have been entered into ${words.en}: "${quote}"`,
          `${s.signedName}未能確認該等交易${words['zh-Hant']}：「${quote}」`,
        );
      }),
      bilingual(
        `As the independent non-executive Directors cannot confirm all the matters, the Company must promptly notify the Stock Exchange and publish an announcement (${ruleRef('14A.59').en}).`,
        `由於獨立非執行董事未能確認所有事項，本公司須盡快通知聯交所並刊發公告（${ruleRef('14A.59')['zh-Hant']}）。`,
      ),
    );
  }
  // Every INED signs: a confirmation from some of them is not yet the board's statement.
  const signed = new Set(sorted.map((s) => s.userId));
  const missing = (await inedMembers(ctx, issuerId)).filter((m) => !signed.has(m.userId));
  if (missing.length > 0) {
    const who = listed(missing.map((m) => bilingual(m.name, m.name)));
    paragraphs.push(
      toBeCompleted(`no sign-off is recorded yet from ${who.en}`, `尚未記錄${who['zh-Hant']}的確認`),
    );
  }
  return {
    key: 'ined-confirmation',
    heading,
    paragraphs,
    tables: [
      {
        key: 'ined-sign-offs',
        title: bilingual("The INEDs' sign-offs recorded", '已記錄的獨立非執行董事確認'),
        columns: [
          column('ined', 'Independent non-executive Director', '獨立非執行董事', 'text'),
          column('recorded_on', 'Recorded on', '記錄日期', 'date'),
          column('confirmed', 'Limbs confirmed', '已確認事項', 'text'),
          column('qualified', 'Limbs qualified', '有保留事項', 'text'),
        ],
        rows: sorted.map((s) => {
          const of = (outcome: string) =>
            s.limbs.filter((l) => l.outcome === outcome).map((l) => limbName(wording, l.limb));
          const confirmed = of('confirmed');
          const q = of('qualified');
          return [
            textCell(s.signedName),
            dateCell(hkDateOf(s.recordedAt)),
            confirmed.length > 0 ? textCell(listed(confirmed)) : null,
            q.length > 0 ? textCell(listed(q)) : null,
          ];
        }),
        notes: [
          bilingual(
            `Sign-offs recorded for the ${year.label.en} (${ruleRef('14A.55').en}).`,
            `${year.label['zh-Hant']}已記錄的確認（${ruleRef('14A.55')['zh-Hant']}）。`,
          ),
        ],
      },
    ],
  };
}

// ---- the auditor's letter (14A.56) ----

const MATTER_TEXT: Readonly<Record<AuditorMatter, Bilingual>> = {
  'board-approval': bilingual('have not been approved by the Board', '未獲董事會批准'),
  'pricing-policy': bilingual(
    'were not, in all material respects, in accordance with the pricing policies of the Group',
    '在各重大方面未有按照本集團的定價政策進行',
  ),
  'agreement-terms': bilingual(
    'were not entered into, in all material respects, in accordance with the relevant agreements governing the transactions',
    '在各重大方面未有根據規管該等交易的相關協議進行',
  ),
  caps: bilingual('have exceeded the annual caps', '超逾年度上限'),
};

const MATTER_NAME: Readonly<Record<AuditorMatter, Bilingual>> = {
  'board-approval': bilingual('approval by the Board', '董事會批准'),
  'pricing-policy': bilingual('the pricing policies of the Group', '本集團的定價政策'),
  'agreement-terms': bilingual('the relevant agreements', '相關協議'),
  caps: bilingual('the annual caps', '年度上限'),
};

function auditorSection(letters: readonly AuditorLetterRecord[]): Section {
  const heading = bilingual("Confirmation of the Company's auditor", '本公司核數師的確認');
  const latest = [...letters].sort((x, y) => y.seq - x.seq)[0];
  if (!latest)
    return {
      key: 'auditor-letter',
      heading,
      paragraphs: [
        toBeCompleted("the auditor's letter has not been recorded", '核數師函件尚未記錄'),
        bilingual(
          `Under ${ruleRef('14A.56').en}, the Company's auditor must report to the Board each year on the continuing connected transactions, and the annual report must state whether the auditor has confirmed the matters in that rule.`,
          `根據${ruleRef('14A.56')['zh-Hant']}，本公司核數師須每年就持續關連交易向董事會匯報，而年報須載明核數師是否已確認該條所載事項。`,
        ),
      ],
    };
  const engaged = bilingual(
    `The Company's auditor, ${latest.auditorName}, was engaged to report on the Group's continuing connected transactions in accordance with Hong Kong Standard on Assurance Engagements 3000 (Revised) "Assurance Engagements Other Than Audits or Reviews of Historical Financial Information" and with reference to Practice Note 740 (Revised) "Auditor's Letter on Continuing Connected Transactions under the Hong Kong Listing Rules" issued by the Hong Kong Institute of Certified Public Accountants.`,
    `本公司核數師${latest.auditorName}已獲委聘，根據香港會計師公會頒佈的香港鑒證業務準則第3000號（經修訂）「歷史財務資料審核或審閱以外的鑒證業務」，並參照實務說明第740號（經修訂）「關於香港上市規則所述持續關連交易的核數師函件」，就本集團的持續關連交易作出報告。`,
  );
  const exceptions = latest.findings.filter((f) => f.outcome === 'exception');
  const applicable = AUDITOR_MATTERS.filter(
    (m) => latest.findings.find((f) => f.matter === m)?.outcome !== 'not-applicable',
  );
  const dated = longDate(latest.letterDate);
  const paragraphs: Bilingual[] = [engaged];
  if (exceptions.length === 0) {
    const matters = enumerated(applicable.map((m) => MATTER_TEXT[m]));
    paragraphs.push(
      bilingual(
        `The auditor has issued an unqualified letter dated ${dated.en} containing its findings and conclusions in respect of the continuing connected transactions disclosed above in accordance with ${ruleRef('14A.56').en}. The Board confirms that the auditor has stated that nothing has come to its attention that causes it to believe that the disclosed continuing connected transactions: ${matters.en}.`,
        `核數師已根據${ruleRef('14A.56')['zh-Hant']}就上文所披露的持續關連交易發出日期為${dated['zh-Hant']}的無保留意見函件，當中載有其發現及結論。董事會確認，核數師已表示並無注意到任何事項令其相信上文所披露的持續關連交易：${matters['zh-Hant']}。`,
      ),
    );
    if (!applicable.includes('pricing-policy'))
      paragraphs.push(
        bilingual(
          'The matter of the pricing policies does not apply: the transactions do not involve the provision of goods or services by the Group.',
          '定價政策事項並不適用：該等交易並不涉及本集團提供貨品或服務。',
        ),
      );
  } else {
    const names = listed(exceptions.map((f) => MATTER_NAME[f.matter]));
    paragraphs.push(
      bilingual(
        `The auditor's letter dated ${dated.en} is qualified: the auditor reported exceptions on ${names.en} (${ruleRef('14A.56').en}).`,
        `核數師日期為${dated['zh-Hant']}的函件有保留意見：核數師就${names['zh-Hant']}報告例外情況（${ruleRef('14A.56')['zh-Hant']}）。`,
      ),
      ...exceptions.map((f) =>
        bilingual(
          `${MATTER_NAME[f.matter].en}: "${f.detail ?? ''}"`,
          `${MATTER_NAME[f.matter]['zh-Hant']}：「${f.detail ?? ''}」`,
        ),
      ),
      bilingual(
        `As the auditor cannot confirm all the matters, the Company must promptly notify the Stock Exchange and publish an announcement (${ruleRef('14A.59').en}).`,
        `由於核數師未能確認所有事項，本公司須盡快通知聯交所並刊發公告（${ruleRef('14A.59')['zh-Hant']}）。`,
      ),
    );
  }
  paragraphs.push(
    latest.sentToExchangeOn === null
      ? toBeCompleted(
          `the date a copy of the auditor's letter was provided to the Stock Exchange (${ruleRef('14A.57').en})`,
          `向聯交所提供核數師函件副本的日期（${ruleRef('14A.57')['zh-Hant']}）`,
        )
      : bilingual(
          `A copy of the auditor's letter was provided by the Company to the Stock Exchange on ${longDate(latest.sentToExchangeOn).en}.`,
          `本公司已於${longDate(latest.sentToExchangeOn)['zh-Hant']}向聯交所提供核數師函件副本。`,
        ),
  );
  return { key: 'auditor-letter', heading, paragraphs };
}

/**
 * The annual report disclosure for the financial year `period` ('YYYY', the year it ends in), as at
 * the year end (today while the year is running). Read-only.
 */
export async function buildAnnualReportDisclosure(
  ctx: AppContext,
  actor: Actor,
  period: string,
): Promise<ReportDocument> {
  requireAction(actor, 'report.read');
  const issuer = await reportIssuer(ctx, actor);
  const year = parseFinancialYear(period, issuer.financialYearEnd, ctx.clock.today());
  const agreements = cctsOfYear(await ctx.store.listAgreements(actor.issuerId), year).sort(
    (x, y) =>
      x.signedOn.localeCompare(y.signedOn) ||
      x.createdAt.localeCompare(y.createdAt) ||
      x.id.localeCompare(y.id),
  );
  const signOffs = await ctx.store.listInedSignOffs(actor.issuerId, year.year);
  const letters = await ctx.store.listAuditorLetters(actor.issuerId, year.year);
  const running = !year.ended;
  const intro: Section = {
    key: 'introduction',
    heading: bilingual('Continuing connected transactions', '持續關連交易'),
    paragraphs: [
      ...(running
        ? [
            bilingual(
              `Draft: the ${year.label.en} is not over, and the figures are as at ${formatDateEn(year.asOf)}.`,
              `初稿：${year.label['zh-Hant']}尚未結束，數字截至${formatDateZhLong(year.asOf)}。`,
            ),
          ]
        : []),
      agreements.length === 0
        ? bilingual(
            `The Group conducted no continuing connected transaction in the ${year.label.en} that is required to be disclosed under ${ruleRef('14A.71').en}.`,
            `本集團於${year.label['zh-Hant']}並無進行須根據${ruleRef('14A.71')['zh-Hant']}披露的持續關連交易。`,
          )
        : bilingual(
            `During the ${year.label.en}, the Group conducted the following ${plural(agreements.length, 'continuing connected transaction', 'continuing connected transactions')} (including those under agreements entered into in earlier years), disclosed under ${ruleRef('14A.71').en}. All amounts are as recorded in the Company's continuing connected transactions ledger.`,
            `於${year.label['zh-Hant']}，本集團進行了以下${agreements.length}項持續關連交易（包括根據過往年度訂立的協議進行者），現根據${ruleRef('14A.71')['zh-Hant']}予以披露。所有金額均以本公司持續關連交易分類賬的記錄為準。`,
          ),
    ],
  };
  return reportDocument(ctx, 'annual-report-disclosure', ANNUAL_REPORT_TITLE, issuer, year, [
    intro,
    ...(await cctSections(ctx, issuer, agreements, year)),
    await inedSection(ctx, actor.issuerId, signOffs, year),
    auditorSection(letters),
  ]);
}
