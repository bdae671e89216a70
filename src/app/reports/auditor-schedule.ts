/**
 * Issue 7, item 4: the schedule the company secretary gives the external auditor for the letter on
 * the continuing connected transactions (Rule 14A.56, HKICPA PN 740) — the "PBC pack" of the rule
 * digest §8 — for a financial year `YYYY` (named by the year it ends in).
 *
 * Sections, in the order of the four matters of 14A.56 and then what PN 740 asks besides:
 *
 * 1. the letter: the findings recorded and the 14A.57 deadline (10 business days before bulk printing);
 * 2. the CCTs of the year with their board approval references (14A.56(1)) and the approvals of cap
 *    revisions;
 * 3. the pricing-policy evidence (14A.56(2)): not applicable where the group is the buyer, and the
 *    quotation comparisons listed all the same, as evidence of the pricing policy;
 * 4. the orders of the year against the agreements' terms (14A.56(3));
 * 5. each cap period overlapping the year against the actual amounts, "Cap exceeded: Yes/No" from the
 *    ledger and the breaches recorded (14A.56(4));
 * 6. a reproducible random sample of the year's orders and actual postings, with its seed;
 * 7. the connected persons of the register, with the reason and rule, for the completeness check
 *    (PN 740 paras 20–25), and the other parties of the register.
 *
 * The sample's seed is derived from the issuer and the year (so the same data gives the same sample)
 * and printed in the schedule; see src/domain/review/sample.ts for the method.
 */
import { analyseConnections } from '../../domain/chapter14a/connections.js';
import { formatDateZhLong } from '../../domain/chapter14a/implications.js';
import { parseScenario } from '../../domain/chapter14a/scenario.js';
import {
  effectiveTerm,
  formatDateEn,
  minDate,
  type CalendarDate,
  type Direction,
} from '../../domain/index.js';
import {
  bilingual,
  countCell,
  dateCell,
  moneyCell,
  textCell,
  type Bilingual,
  type Cell,
  type ReportDocument,
  type Section,
} from '../../domain/reports/document.js';
import { defaultSampleSeed, drawSample, formatSeed } from '../../domain/review/sample.js';
import {
  MATTER_LABELS,
  cctsWithCategories,
  groupProvides,
  letterStatusOf,
  type AuditorLetterStatus,
  type DeadlineStatus,
} from '../auditor-letter.js';
import { capsOfYear, parseFinancialYear, type CapOfYear, type FinancialYear } from '../annual-review.js';
import { requireAction } from '../authorize.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { shortSha } from '../evidence.js';
import type { Actor, AgreementRecord, BreachRecord, CapRecord, IssuerRecord, OrderRecord } from '../ports.js';
import { recusalsFor } from '../recusal.js';
import type { FindingOutcome } from '../review-ports.js';
import { approves, checkResolution, registerLists, scenarioIssuer } from '../stored-scenario.js';
import { revisionStatus } from '../views.js';
import {
  CAP_PERIOD_COLUMNS,
  capPeriodCells,
  column,
  comparisonMoney,
  field,
  hkDateOf,
  inForce,
  named,
  plural,
  reportDocument,
  reportIssuer,
  yesNo,
} from './common.js';
import type { ReportRequest } from './index.js';

export const AUDITOR_SCHEDULE_TITLE: Bilingual = bilingual(
  "Schedule for the auditor's letter on continuing connected transactions",
  '持續關連交易核數師函件附表',
);

/** Items drawn from each population (orders, actual postings); all of them when there are fewer. */
export const SAMPLE_SIZE = 10;

const rule = (r: string): Bilingual => bilingual(`Rule ${r} of the Listing Rules`, `上市規則第${r}條`);

const DIRECTION_LABELS: Readonly<Record<Direction, Bilingual>> = {
  'issuer-purchases': bilingual('The group buys', '集團購買'),
  'issuer-sells': bilingual('The group provides', '集團提供'),
};

const OUTCOME_LABELS: Readonly<Record<FindingOutcome, Bilingual>> = {
  'no-exception': bilingual('No exception', '無例外事項'),
  exception: bilingual('Exception', '例外事項'),
  'not-applicable': bilingual('Not applicable', '不適用'),
};

const DEADLINE_LABELS: Readonly<Record<DeadlineStatus, Bilingual>> = {
  'not-set': bilingual('No bulk-printing date recorded', '未記錄大量印刷日期'),
  upcoming: bilingual('Upcoming: the copy is not yet sent', '尚未到期：副本仍未送交'),
  met: bilingual('Met', '已符合'),
  missed: bilingual('Missed', '未能符合'),
};

const ORDER_STATUS: Readonly<Record<OrderRecord['status'], Bilingual>> = {
  accepted: bilingual('Open', '未完成'),
  closed: bilingual('Closed', '已完成'),
  cancelled: bilingual('Cancelled', '已取消'),
};

const orderAmount = (o: OrderRecord): bigint => o.schedule.reduce((sum, l) => sum + l.amountMinor, 0n);

// ---- 1. the letter and its deadline ----

function letterSection(status: AuditorLetterStatus, fy: FinancialYear): Section {
  const d = status.deadline;
  const paragraphs: Bilingual[] = [];
  if (status.settings === null)
    paragraphs.push(
      bilingual(
        `No annual-review settings are recorded for the ${fy.label.en}: record the bulk-printing date of the annual report to compute the deadline.`,
        `${fy.label['zh-Hant']}尚未記錄年度審閱設定：請記錄年報的大量印刷日期以計算截止日期。`,
      ),
    );
  if (d.bulkPrintDate !== null && d.sendBy !== null)
    paragraphs.push(
      bilingual(
        `The annual report is to be bulk printed on ${formatDateEn(d.bulkPrintDate)}: a copy of the auditor's letter must reach the Exchange at least ${d.businessDaysBefore} business days before, by ${formatDateEn(d.sendBy)} (Rule 14A.57 of the Listing Rules). As at ${formatDateEn(d.asOf)}: ${DEADLINE_LABELS[d.status].en}${d.sentOn ? ` (sent on ${formatDateEn(d.sentOn)})` : ''}.`,
        `年報將於${formatDateZhLong(d.bulkPrintDate)}大量印刷：核數師函件副本須於印刷前最少${d.businessDaysBefore}個營業日，即${formatDateZhLong(d.sendBy)}或之前送交聯交所（上市規則第14A.57條）。截至${formatDateZhLong(d.asOf)}：${DEADLINE_LABELS[d.status]['zh-Hant']}${d.sentOn ? `（已於${formatDateZhLong(d.sentOn)}送交）` : ''}。`,
      ),
    );
  if (d.calendarIncomplete)
    paragraphs.push(
      bilingual(
        `Calendar incomplete: the Hong Kong general holidays of ${d.yearsNotCovered.join(', ')} are not in the calendar, so only weekends were skipped there; the deadline may be earlier.`,
        `日曆不完整：日曆並無${d.yearsNotCovered.join('、')}年的香港公眾假期，該年只扣除週末；截止日期可能更早。`,
      ),
    );
  if (d.sendBy !== null) paragraphs.push(bilingual(d.closuresNote.en, d.closuresNote['zh-Hant']));
  paragraphs.push(
    status.letters.length === 0
      ? bilingual(
          `No auditor's letter on the ${fy.label.en} is recorded yet.`,
          `尚未記錄核數師就${fy.label['zh-Hant']}發出的函件。`,
        )
      : bilingual(
          `${plural(status.letters.length, "auditor's letter is", "auditor's letters are")} recorded; the latest (no. ${status.letters.at(-1)?.seq ?? 0}) is the letter in force.`,
          `已記錄${status.letters.length}份核數師函件；最新一份（第${status.letters.at(-1)?.seq ?? 0}份）為有效函件。`,
        ),
  );
  return {
    key: 'letter',
    heading: bilingual("The auditor's letter and its deadline", '核數師函件及其截止日期'),
    paragraphs,
    tables: [
      {
        key: 'letter-findings',
        title: bilingual("Findings of the auditor's letters (Rule 14A.56)", '核數師函件的結論（第14A.56條）'),
        columns: [
          column('letter', 'Letter no.', '函件編號', 'count'),
          column('letter_date', 'Letter date', '函件日期', 'date'),
          column('auditor', 'Auditor', '核數師', 'text'),
          column('matter', 'Matter', '事項', 'text'),
          column('rule', 'Rule', '規則', 'text'),
          column('outcome', 'Finding', '結論', 'text'),
          column('detail', 'Detail', '詳情', 'text'),
          column('sent_on', 'Copy sent to the Exchange on', '副本送交聯交所日期', 'date'),
        ],
        rows: status.letters.flatMap((l) =>
          l.findings.map((f): Cell[] => {
            const m = MATTER_LABELS[f.matter];
            return [
              countCell(l.seq),
              dateCell(l.letterDate),
              textCell(l.auditorName),
              textCell(bilingual(`Not ${m.en}?`, `是否未${m['zh-Hant']}？`)),
              textCell(rule(m.rule)),
              textCell(OUTCOME_LABELS[f.outcome]),
              f.detail === null ? null : textCell(f.detail),
              l.sentToExchangeOn === null ? null : dateCell(l.sentToExchangeOn),
            ];
          }),
        ),
        notes: [
          bilingual(
            'Each exception opens a follow-up task: notify the Exchange and publish an announcement promptly (Rule 14A.59 of the Listing Rules).',
            '每項例外事項均開立跟進工作：須從速通知聯交所並刊發公告（上市規則第14A.59條）。',
          ),
        ],
      },
    ],
  };
}

// ---- 2. the CCTs and their board approval ----

async function cctSection(
  ctx: AppContext,
  issuer: IssuerRecord,
  agreements: readonly AgreementRecord[],
  ccts: ReturnType<typeof cctsWithCategories>,
  fy: FinancialYear,
  asOf: CalendarDate,
): Promise<Section> {
  const register = await registerLists(ctx.store, issuer.id);
  const resolutions = (await ctx.store.listBoardResolutions(issuer.id)).filter((r) => r.meetingDate <= asOf);
  const refsOf = (a: AgreementRecord) =>
    resolutions
      .filter((r) => r.agreementIds.includes(a.id))
      .map((r) => ({ r, approved: approves(r, a.id, checkResolution(issuer, register, r, agreements)) }));
  const rows: Cell[][] = [];
  let unapproved = 0;
  for (const { agreement: a, categories } of ccts) {
    const refs = refsOf(a);
    const approved = refs.some((x) => x.approved);
    if (!approved) unapproved += 1;
    const references =
      refs.length === 0
        ? textCell(bilingual('None recorded', '未有記錄'))
        : textCell(
            bilingual(
              refs
                .map(
                  (x) =>
                    `${x.r.reference} (${formatDateEn(x.r.meetingDate)})${x.approved ? '' : ' — not counted as approval (Rule 13.44 or votes)'}`,
                )
                .join('; '),
              refs
                .map(
                  (x) =>
                    `${x.r.reference}（${formatDateZhLong(x.r.meetingDate)}）${x.approved ? '' : '——不計作批准（第13.44條或表決結果）'}`,
                )
                .join('；'),
            ),
          );
    for (const c of categories)
      rows.push([
        textCell(named(a.name)),
        textCell(named(a.counterparty.name)),
        textCell(named(c.name)),
        textCell(DIRECTION_LABELS[c.direction]),
        dateCell(a.signedOn),
        dateCell(c.termStart),
        dateCell(c.termEnd),
        c.termination ? dateCell(c.termination.effectiveOn) : null,
        yesNo(approved),
        references,
      ]);
  }
  const revisionRows: Cell[][] = [];
  for (const { agreement: a } of ccts)
    for (const c of a.caps.filter((cap) => inForce(a, cap, fy)))
      for (const r of c.revisions)
        revisionRows.push([
          ...capPeriodCells(a, c),
          moneyCell(r.amountMinor, c.currency),
          dateCell(r.effectiveFrom),
          dateCell(r.approvedOn),
          textCell(r.approvalReference),
          textCell(
            revisionStatus(r) === 'approved'
              ? bilingual('Approved', '已批准')
              : bilingual('Pending', '待批准'),
          ),
          r.approvals.length === 0
            ? null
            : textCell(r.approvals.map((x) => `${x.kind}: ${x.reference} (${x.date})`).join('; ')),
        ]);
  return {
    key: 'ccts',
    heading: bilingual(
      'Continuing connected transactions and their board approval (Rule 14A.56(1))',
      '持續關連交易及董事會批准（第14A.56(1)條）',
    ),
    paragraphs: [
      bilingual(
        `${plural(ccts.length, 'agreement has', 'agreements have')} a category in force in the ${fy.label.en}; ${unapproved === 0 ? 'each is approved by a board resolution recorded' : `${unapproved} without a board resolution that counts as approval`}.`,
        `${fy.label['zh-Hant']}內共有${ccts.length}份協議有生效中的交易類別；${unapproved === 0 ? '每份均有已記錄的董事會決議批准' : `其中${unapproved}份並無可視作批准的董事會決議`}。`,
      ),
    ],
    tables: [
      {
        key: 'ccts',
        title: bilingual('Agreements, categories and board approval', '協議、交易類別及董事會批准'),
        columns: [
          column('agreement', 'Agreement', '協議', 'text'),
          column('counterparty', 'Counterparty', '交易對手', 'text'),
          column('category', 'Category', '交易類別', 'text'),
          column('direction', 'Direction', '交易方向', 'text'),
          column('signed_on', 'Signed on', '簽訂日期', 'date'),
          column('term_start', 'Term from', '期限由', 'date'),
          column('term_end', 'Term to', '期限至', 'date'),
          column('terminated_on', 'Terminated on', '終止日期', 'date'),
          column('board_approved', 'Approved by the board', '已獲董事會批准', 'text'),
          column('approval_references', 'Board approval references', '董事會批准參考', 'text'),
        ],
        rows,
        notes: [
          bilingual(
            'A resolution counts as the board’s approval when it lists the agreement, no director who must abstain voted (Rule 13.44 of the Listing Rules) and more directors voted for than against.',
            '董事會決議列明該協議、須放棄表決的董事並無投票（上市規則第13.44條），且贊成票多於反對票，方視作董事會批准。',
          ),
        ],
      },
      {
        key: 'cap-revision-approvals',
        title: bilingual('Cap revisions and their approval references', '年度上限修訂及其批准參考'),
        columns: [
          ...CAP_PERIOD_COLUMNS,
          column('revised_cap', 'Revised cap', '經修訂上限', 'money'),
          column('effective_from', 'Effective from', '生效日期', 'date'),
          column('approved_on', 'Approved on', '批准日期', 'date'),
          column('approval_reference', 'Approval reference', '批准參考', 'text'),
          column('status', 'Status', '狀態', 'text'),
          column('approvals', 'Approvals recorded (Rule 14A.54)', '已記錄的批准（第14A.54條）', 'text'),
        ],
        rows: revisionRows,
      },
    ],
  };
}

// ---- 3. the pricing policy ----

async function pricingSection(
  ctx: AppContext,
  actor: Actor,
  agreements: readonly AgreementRecord[],
  ccts: ReturnType<typeof cctsWithCategories>,
  orders: readonly OrderRecord[],
  fy: FinancialYear,
): Promise<Section> {
  const provides = groupProvides(ccts);
  const recused = await recusalsFor(ctx, actor, [...new Set(orders.map((o) => o.agreementId))]);
  const rows: Cell[][] = [];
  for (const o of orders) {
    const a = agreements.find((g) => g.id === o.agreementId);
    const category = a?.categories.find((c) => c.id === o.categoryId);
    const withheld = recused.has(o.agreementId);
    const p = withheld ? null : o.pricing;
    const currency = field(p, 'currency');
    const required = field(field(p, 'policy'), 'minIndependentQuotes');
    const counted = field(p, 'countedQuotes');
    const favourable = field(p, 'connectedMoreFavourable');
    const exception = field(p, 'exception');
    const approvedBy = field(exception, 'approvedBy');
    const files = withheld ? [] : await ctx.store.orderEvidence(o.id);
    rows.push([
      textCell(o.reference),
      dateCell(o.signedOn),
      category ? textCell(named(category.name)) : null,
      category ? textCell(DIRECTION_LABELS[category.direction]) : null,
      category ? yesNo(category.direction === 'issuer-sells') : null,
      comparisonMoney(field(field(p, 'connectedQuote'), 'capAmount'), currency),
      comparisonMoney(field(field(p, 'bestIndependent'), 'capAmount'), currency),
      typeof required === 'number' ? countCell(required) : null,
      typeof counted === 'number' ? countCell(counted) : null,
      typeof favourable === 'boolean' ? yesNo(favourable) : null,
      exception === null || exception === undefined
        ? p === null
          ? null
          : textCell(bilingual('No', '否'))
        : textCell(typeof approvedBy === 'string' ? approvedBy : bilingual('Yes', '是')),
      files.length === 0
        ? null
        : textCell(files.map((f) => `${f.filename} (${shortSha(f.sha256)})`).join('; ')),
    ]);
  }
  const termsRows: Cell[][] = [];
  for (const { agreement: a } of ccts) {
    if (recused.has(a.id)) continue;
    for (const e of await ctx.store.listAgreementEvidence(actor.issuerId, a.id))
      termsRows.push([
        textCell(named(a.name)),
        textCell(e.kind),
        textCell(e.summary),
        textCell(e.files.map((f) => `${f.filename} (${shortSha(f.sha256)})`).join('; ')),
        dateCell(hkDateOf(e.recordedAt)),
      ]);
  }
  const applies =
    provides.length === 0
      ? bilingual(
          `Not applicable: in the ${fy.label.en} the group is the buyer in every continuing connected transaction, and Rule 14A.56(2) of the Listing Rules applies only where the listed issuer's group provides the goods or services. The quotation comparisons below are listed all the same, as the evidence of the pricing policy the directors and the auditor rely on.`,
          `不適用：${fy.label['zh-Hant']}內集團在所有持續關連交易中均為買方，而上市規則第14A.56(2)條只適用於上市發行人集團提供貨品或服務的交易。下列報價比較仍予列出，作為董事及核數師所依據的定價政策證據。`,
        )
      : bilingual(
          `Applicable: the group provides goods or services in ${plural(provides.length, 'category', 'categories')} (${provides.map((x) => x.category.name.en).join(', ')}), so the auditor reports on the pricing policy (Rule 14A.56(2) of the Listing Rules).`,
          `適用：集團在${provides.length}個交易類別（${provides.map((x) => x.category.name['zh-Hant'] ?? x.category.name.en).join('、')}）中提供貨品或服務，核數師須就定價政策作出報告（上市規則第14A.56(2)條）。`,
        );
  const notes: Bilingual[] = [
    bilingual(
      'Quotations are compared in the cap currency, as recorded with the order when it was placed. Evidence files are named with the start of their SHA-256.',
      '報價以年度上限的貨幣比較，按下單時與訂單一併記錄的比較為準。證據文件以其SHA-256的開首部分標示。',
    ),
  ];
  if (recused.size > 0)
    notes.push(
      bilingual(
        'Quotations of agreements you must abstain on are withheld (Rule 13.44 of the Listing Rules).',
        '閣下須放棄表決的協議，其報價不予提供（上市規則第13.44條）。',
      ),
    );
  return {
    key: 'pricing',
    heading: bilingual('Pricing policy (Rule 14A.56(2))', '定價政策（第14A.56(2)條）'),
    paragraphs: [applies],
    tables: [
      {
        key: 'pricing-evidence',
        title: bilingual('Quotation comparisons of the orders of the year', '本年度訂單的報價比較'),
        columns: [
          column('reference', 'Order reference', '訂單編號', 'text'),
          column('signed_on', 'Signed on', '簽訂日期', 'date'),
          column('category', 'Category', '交易類別', 'text'),
          column('direction', 'Direction', '交易方向', 'text'),
          column('limb_applies', 'Rule 14A.56(2) applies', '第14A.56(2)條適用', 'text'),
          column('connected_quote', 'Connected person quotation', '關連人士報價', 'money'),
          column(
            'best_independent_quote',
            'Best independent third party quotation',
            '最佳獨立第三方報價',
            'money',
          ),
          column('required_quotes', 'Independent quotations required', '所需獨立報價數目', 'count'),
          column('counted_quotes', 'Independent quotations counted', '計入的獨立報價數目', 'count'),
          column('connected_more_favourable', 'Connected person more favourable', '關連人士條款較佳', 'text'),
          column('exception', 'Exception approved by', '例外批准人', 'text'),
          column('evidence', 'Evidence files', '證據文件', 'text'),
        ],
        rows,
        notes,
      },
      {
        key: 'third-party-terms',
        title: bilingual(
          'Evidence recorded on the agreements (terms offered to independent third parties)',
          '協議上記錄的證據（給予獨立第三方的條款）',
        ),
        columns: [
          column('agreement', 'Agreement', '協議', 'text'),
          column('kind', 'Kind', '類型', 'text'),
          column('summary', 'Summary', '摘要', 'text'),
          column('files', 'Evidence files', '證據文件', 'text'),
          column('recorded_on', 'Recorded on', '記錄日期', 'date'),
        ],
        rows: termsRows,
      },
    ],
  };
}

// ---- 4. the orders against the terms ----

function orderTerms(o: OrderRecord, a: AgreementRecord | undefined) {
  const category = a?.categories.find((c) => c.id === o.categoryId);
  const term = category
    ? effectiveTerm({
        termStart: category.termStart,
        termEnd: category.termEnd,
        terminatedOn: category.termination?.effectiveOn ?? null,
      })
    : null;
  const withinTerm = term !== null && o.signedOn >= term.start && o.signedOn <= term.end;
  const caps = o.schedule.map((l) => a?.caps.find((c) => c.id === l.capId));
  const withinCap =
    o.schedule.length > 0 &&
    o.schedule.every((l, i) => {
      const c = caps[i];
      return (
        c !== undefined &&
        c.categoryIds.includes(o.categoryId) &&
        l.date >= c.periodStart &&
        l.date <= c.periodEnd
      );
    });
  return {
    category,
    withinTerm,
    withinCap,
    caps: [...new Set(caps.filter((c): c is CapRecord => c !== undefined))],
  };
}

function ordersSection(
  agreements: readonly AgreementRecord[],
  orders: readonly OrderRecord[],
  fy: FinancialYear,
): Section {
  let outside = 0;
  const rows = orders.map((o): Cell[] => {
    const a = agreements.find((g) => g.id === o.agreementId);
    const t = orderTerms(o, a);
    if (!t.withinTerm || !t.withinCap) outside += 1;
    return [
      textCell(o.reference),
      dateCell(o.signedOn),
      a ? textCell(named(a.name)) : null,
      t.category ? textCell(named(t.category.name)) : null,
      yesNo(t.withinTerm),
      yesNo(t.withinCap),
      t.caps.length === 0
        ? null
        : textCell(
            bilingual(
              t.caps.map((c) => `${formatDateEn(c.periodStart)} – ${formatDateEn(c.periodEnd)}`).join('; '),
              t.caps
                .map((c) => `${formatDateZhLong(c.periodStart)}至${formatDateZhLong(c.periodEnd)}`)
                .join('；'),
            ),
          ),
      textCell(ORDER_STATUS[o.status]),
      moneyCell(orderAmount(o), o.currency),
      textCell(o.id),
    ];
  });
  return {
    key: 'orders',
    heading: bilingual(
      'Orders against the terms of the agreements (Rule 14A.56(3))',
      '訂單與協議條款的比對（第14A.56(3)條）',
    ),
    paragraphs: [
      bilingual(
        `${plural(orders.length, 'order was', 'orders were')} signed in the ${fy.label.en}; ${outside === 0 ? 'each within its category’s term and within a cap period of its category' : `${outside} outside its category’s term or cap periods`}.`,
        `${fy.label['zh-Hant']}內共簽訂${orders.length}份訂單；${outside === 0 ? '每份均在其交易類別的期限及上限期間內' : `其中${outside}份不在其交易類別的期限或上限期間內`}。`,
      ),
    ],
    tables: [
      {
        key: 'orders',
        title: bilingual('Orders of the year and the agreement terms', '本年度訂單及協議條款'),
        columns: [
          column('reference', 'Order reference', '訂單編號', 'text'),
          column('signed_on', 'Signed on', '簽訂日期', 'date'),
          column('agreement', 'Agreement', '協議', 'text'),
          column('category', 'Category', '交易類別', 'text'),
          column('within_term', 'Signed within the term', '於期限內簽訂', 'text'),
          column('within_cap', 'Scheduled within a cap period', '排期於上限期間內', 'text'),
          column('cap_periods', 'Cap periods', '上限期間', 'text'),
          column('status', 'Status', '狀態', 'text'),
          column('amount', 'Order amount', '訂單金額', 'money'),
          column('order_id', 'Order id', '訂單識別碼', 'text'),
        ],
        rows,
        notes: [
          bilingual(
            'Within the term: signed on a day the category is in force (its term, up to any termination). Within a cap period: every scheduled payment falls in a cap period of the order’s category. The order gate refuses an order that would exceed a cap (Rule 14A.54).',
            '於期限內：於交易類別生效期間（其期限，至任何終止為止）簽訂。於上限期間內：每筆排期付款均在訂單交易類別的上限期間內。訂單閘門會拒絕會超出年度上限的訂單（第14A.54條）。',
          ),
        ],
      },
    ],
  };
}

// ---- 5. the caps against the actual amounts ----

export type CapTest = CapOfYear;

/** Each cap period overlapping the year, tested against the ledger and the breaches recorded (annual-review.ts). */
export const capTests = (
  ctx: AppContext,
  ccts: ReturnType<typeof cctsWithCategories>,
  breaches: readonly BreachRecord[],
  fy: FinancialYear,
): Promise<CapTest[]> =>
  capsOfYear(
    ctx.store,
    ccts.map((x) => x.agreement),
    fy,
    breaches,
  );

function capsSection(tests: readonly CapTest[], fy: FinancialYear): Section {
  const exceeded = tests.filter((t) => t.exceeded).length;
  return {
    key: 'caps',
    heading: bilingual(
      'Annual caps against the actual amounts (Rule 14A.56(4))',
      '年度上限與實際金額的比對（第14A.56(4)條）',
    ),
    paragraphs: [
      bilingual(
        `${plural(tests.length, 'cap period overlaps', 'cap periods overlap')} the ${fy.label.en}; ${exceeded === 0 ? 'no cap was exceeded' : `${plural(exceeded, 'cap was', 'caps were')} exceeded`}.`,
        `${fy.label['zh-Hant']}內共有${tests.length}個上限期間；${exceeded === 0 ? '並無超出年度上限' : `其中${exceeded}個超出年度上限`}。`,
      ),
    ],
    tables: [
      {
        key: 'caps',
        title: bilingual('Caps and actual amounts', '年度上限及實際金額'),
        columns: [
          ...CAP_PERIOD_COLUMNS,
          column('as_of', 'As at', '截至', 'date'),
          column('cap', 'Annual cap', '年度上限', 'money'),
          column('actual_in_year', 'Actual in the financial year', '本財政年度實際金額', 'money'),
          column('actual_to_date', 'Actual, cap period to date', '上限期間累計實際金額', 'money'),
          column('headroom', 'Headroom', '剩餘額度', 'money'),
          column('exceeded', 'Cap exceeded', '超出年度上限', 'text'),
          column('breaches', 'Breaches recorded', '已記錄的違規', 'count'),
          column('cap_id', 'Cap period id', '上限期間識別碼', 'text'),
        ],
        rows: tests.map((t) => [
          ...capPeriodCells(t.agreement, t.cap),
          dateCell(t.asOf),
          moneyCell(t.capMinor, t.cap.currency),
          moneyCell(t.actualInYear, t.cap.currency),
          moneyCell(t.actualToDate, t.cap.currency),
          moneyCell(t.capMinor - t.actualToDate, t.cap.currency),
          yesNo(t.exceeded),
          countCell(t.breaches.length),
          textCell(t.cap.id),
        ]),
        notes: [
          bilingual(
            'Cap exceeded: Yes when the ledger’s actual amount for the cap period exceeded the cap in force on any day up to the as-at date (a later revision does not undo it), or a breach of the cap is recorded. The cap shown is the one in force on the as-at date.',
            '超出年度上限：上限期間的分類賬實際金額於截至日期或之前任何一日超出當日有效的年度上限（其後的修訂不能抵銷），或已記錄違反該上限，即為「是」。所示年度上限為截至日期當日有效者。',
          ),
        ],
      },
    ],
  };
}

// ---- 6. the sample ----

interface Posting {
  readonly agreement: AgreementRecord;
  readonly cap: CapRecord;
  readonly date: CalendarDate;
  readonly minor: bigint;
}

async function postingsOfYear(
  ctx: AppContext,
  tests: readonly CapTest[],
  fy: FinancialYear,
): Promise<Posting[]> {
  const out: Posting[] = [];
  for (const t of tests)
    for (const day of await ctx.store.ledgerByDate(t.cap.id))
      if (day.actualDelta !== 0n && day.date >= fy.start && day.date <= minDate(fy.end, t.asOf))
        out.push({ agreement: t.agreement, cap: t.cap, date: day.date, minor: day.actualDelta });
  return out.sort((x, y) => x.date.localeCompare(y.date) || x.cap.id.localeCompare(y.cap.id));
}

export const orderSampleKey = (o: OrderRecord): string => `order:${o.id}`;
export const postingSampleKey = (p: { cap: { id: string }; date: string }): string =>
  `posting:${p.cap.id}:${p.date}`;

function sampleSection(
  issuerId: string,
  fy: FinancialYear,
  agreements: readonly AgreementRecord[],
  orders: readonly OrderRecord[],
  postings: readonly Posting[],
): Section {
  const seed = defaultSampleSeed(issuerId, fy.year);
  const seedText = formatSeed(seed);
  const sampledOrders = drawSample(orders, orderSampleKey, seed, SAMPLE_SIZE);
  const sampledPostings = drawSample(postings, postingSampleKey, seed, SAMPLE_SIZE);
  return {
    key: 'sample',
    heading: bilingual('Random sample for testing', '抽樣測試的隨機樣本'),
    paragraphs: [
      bilingual(
        `Seed ${seedText}. Up to ${SAMPLE_SIZE} of the ${plural(orders.length, 'order', 'orders')} signed in the year and up to ${SAMPLE_SIZE} of the ${plural(postings.length, 'day', 'days')} with actual amounts posted to a cap period in the year.`,
        `種子 ${seedText}。從本年度簽訂的${orders.length}份訂單中抽取最多${SAMPLE_SIZE}份，並從本年度有實際金額記入上限期間的${postings.length}日中抽取最多${SAMPLE_SIZE}日。`,
      ),
      bilingual(
        `Method: each item's score is the first SplitMix64 output seeded with the seed XOR the FNV-1a 64-bit hash of its sampling key; the items with the lowest scores are sampled. The same seed and data give the same sample; a new item changes the sample by at most itself. The keys are "order:" and the order id (the orders table) and "posting:", the cap period id (the caps table) and the day. The default seed is derived from the issuer and the financial year (${fy.year}); the auditor may re-perform the draw, or draw with a seed of their own.`,
        `方法：每項的分數為以「種子」與其抽樣鍵的FNV-1a 64位元雜湊值作異或運算後，SplitMix64產生的第一個值；分數最低的項目入選。相同的種子及數據得出相同的樣本；新增一項最多只以該項改變樣本。抽樣鍵為「order:」加訂單識別碼（見訂單表），及「posting:」加上限期間識別碼（見上限表）及日期。預設種子由發行人及財政年度（${fy.year}）衍生；核數師可重新抽樣，或使用自訂種子。`,
      ),
    ],
    tables: [
      {
        key: 'sample-orders',
        title: bilingual('Sampled orders', '抽選的訂單'),
        columns: [
          column('reference', 'Order reference', '訂單編號', 'text'),
          column('signed_on', 'Signed on', '簽訂日期', 'date'),
          column('category', 'Category', '交易類別', 'text'),
          column('amount', 'Order amount', '訂單金額', 'money'),
          column('key', 'Sampling key', '抽樣鍵', 'text'),
        ],
        rows: sampledOrders.map(({ item: o, key }) => {
          const category = agreements
            .find((a) => a.id === o.agreementId)
            ?.categories.find((c) => c.id === o.categoryId);
          return [
            textCell(o.reference),
            dateCell(o.signedOn),
            category ? textCell(named(category.name)) : null,
            moneyCell(orderAmount(o), o.currency),
            textCell(key),
          ];
        }),
      },
      {
        key: 'sample-postings',
        title: bilingual(
          'Sampled actual postings (by cap period and day)',
          '抽選的實際金額記賬（按上限期間及日期）',
        ),
        columns: [
          ...CAP_PERIOD_COLUMNS,
          column('date', 'Date', '日期', 'date'),
          column('actual', 'Actual amount posted (net)', '記入的實際金額（淨額）', 'money'),
          column('key', 'Sampling key', '抽樣鍵', 'text'),
        ],
        rows: sampledPostings.map(({ item: p, key }) => [
          ...capPeriodCells(p.agreement, p.cap),
          dateCell(p.date),
          moneyCell(p.minor, p.cap.currency),
          textCell(key),
        ]),
        notes: [
          bilingual(
            'A posting is a cap period’s net actual amount on one day, as the ledger holds it (postings less reversals): the invoices posted that day support it.',
            '每項記賬為某上限期間於某日的實際金額淨額（入賬減撥回），以分類賬為準，並以當日記入的發票為憑證。',
          ),
        ],
      },
    ],
  };
}

// ---- 7. the connected persons ----

async function connectedPersonsSection(
  ctx: AppContext,
  issuer: IssuerRecord,
  asOf: CalendarDate,
): Promise<Section> {
  const heading = bilingual(
    'Connected persons for the completeness check (PN 740 paragraphs 20–25)',
    '供完整性檢查的關連人士名單（應用指引第740號第20至25段）',
  );
  const lists = await registerLists(ctx.store, issuer.id);
  const parsed = parseScenario(
    {
      asOf,
      issuer: scenarioIssuer(issuer),
      fx: [],
      parties: lists.parties,
      relationships: lists.relationships,
      agreements: [],
    },
    { requireAgreements: false },
  );
  if (!parsed.ok) {
    // The register was checked entry by entry when recorded: a failure here is a defect, not the
    // reader's input (an internal error, logged with the request id).
    throw new Error(
      `the connected-person register cannot be read for the auditor's schedule: ${parsed.errors
        .slice(0, 3)
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')}`,
    );
  }
  const scenario = parsed.value;
  const { connections } = analyseConnections(scenario);
  const nameOf = (id: string): Bilingual => {
    const p = scenario.parties.find((x) => x.id === id);
    return p ? named(p.name) : bilingual(id, id);
  };
  const reasonEn = (steps: readonly { rule: string; text: string }[]) =>
    steps.map((s) => `${s.text} (Rule ${s.rule})`).join('; ');
  const reasonZh = (steps: readonly { rule: string; text: string; textZh?: string }[]) =>
    steps.map((s) => `${s.textZh ?? s.text}（第${s.rule}條）`).join('；');
  const others = connections.filter((c) => c.id !== issuer.id);
  const connected = others.filter((c) => c.connected);
  const notConnected = others.filter((c) => !c.connected);
  return {
    key: 'connected-persons',
    heading,
    paragraphs: [
      bilingual(
        `As at ${formatDateEn(asOf)}, the register has ${plural(others.length, 'party', 'parties')} besides the issuer: ${connected.length} connected ${connected.length === 1 ? 'person' : 'persons'} and ${notConnected.length} other ${notConnected.length === 1 ? 'party' : 'parties'}. Each is listed with the reason and the rule, so that the auditor can check the completeness of the connected persons and of the transactions with them.`,
        `截至${formatDateZhLong(asOf)}，登記冊除發行人外共有${others.length}名人士：${connected.length}名關連人士及${notConnected.length}名其他人士。每名人士均列出理由及規則，以供核數師檢查關連人士及與其進行的交易是否完整。`,
      ),
    ],
    tables: [
      {
        key: 'connected-persons',
        title: bilingual('Connected persons', '關連人士'),
        columns: [
          column('party', 'Party', '人士', 'text'),
          column('party_id', 'Register id', '登記冊編號', 'text'),
          column('subsidiary_level', 'At the subsidiary level only', '僅屬附屬公司層面', 'text'),
          column('deemed_review', 'Possible deemed connected person', '可能屬視作關連人士', 'text'),
          column('rules', 'Rules', '規則', 'text'),
          column('reason', 'Reason', '理由', 'text'),
        ],
        rows: connected.map((c) => [
          textCell(nameOf(c.id)),
          textCell(c.id),
          yesNo(c.subsidiaryLevelOnly),
          yesNo(c.deemedReview),
          textCell([...new Set(c.basis.map((s) => s.rule))].join(', ')),
          textCell(bilingual(reasonEn(c.basis), reasonZh(c.basis))),
        ]),
        notes: [
          bilingual(
            'Reasons are worded by the connection rules of Chapter 14A of the Listing Rules, in English where no Chinese wording is kept.',
            '理由按上市規則第14A章的關連人士規則列出；未有中文措辭者以英文列出。',
          ),
        ],
      },
      {
        key: 'other-parties',
        title: bilingual('Other parties of the register (not connected)', '登記冊內的其他人士（非關連人士）'),
        columns: [
          column('party', 'Party', '人士', 'text'),
          column('party_id', 'Register id', '登記冊編號', 'text'),
          column('reason', 'Reason', '理由', 'text'),
        ],
        rows: notConnected.map((c) => [
          textCell(nameOf(c.id)),
          textCell(c.id),
          textCell(bilingual(reasonEn(c.basis), reasonZh(c.basis))),
        ]),
      },
    ],
  };
}

// ---- the schedule ----

/**
 * The auditor's schedule for the financial year `request.period` ('YYYY'), as at the year end (or
 * today while the year runs). Read-only; a year that has not started is refused (422).
 */
export async function buildAuditorSchedule(
  ctx: AppContext,
  actor: Actor,
  request: ReportRequest,
): Promise<ReportDocument> {
  requireAction(actor, 'report.read');
  const today = ctx.clock.today();
  const issuer = await reportIssuer(ctx, actor);
  const fy = parseFinancialYear(request.period, issuer.financialYearEnd, today, 'period');
  if (fy.start > today)
    throw AppError.invalid([
      {
        path: 'period',
        message: `the financial year ${fy.year} starts on ${fy.start}, after today (${today}): it cannot be reported on yet`,
      },
    ]);
  const asOf = minDate(fy.end, today);
  const agreements = await ctx.store.listAgreements(actor.issuerId);
  const ccts = cctsWithCategories(agreements, fy);
  const orders = await ctx.store.listOrdersSigned(actor.issuerId, fy.start, fy.end);
  const breaches = await ctx.store.listBreaches(actor.issuerId);
  const status = await letterStatusOf(ctx.store, actor.issuerId, fy, today);
  const tests = await capTests(ctx, ccts, breaches, fy);
  const postings = await postingsOfYear(ctx, tests, fy);
  return reportDocument(
    ctx,
    'auditor-schedule',
    AUDITOR_SCHEDULE_TITLE,
    issuer,
    { start: fy.start, end: fy.end, label: fy.label },
    [
      letterSection(status, fy),
      await cctSection(ctx, issuer, agreements, ccts, fy, asOf),
      await pricingSection(ctx, actor, agreements, ccts, orders, fy),
      ordersSection(agreements, orders, fy),
      capsSection(tests, fy),
      sampleSection(actor.issuerId, fy, agreements, orders, postings),
      await connectedPersonsSection(ctx, issuer, asOf),
    ],
  );
}
