/**
 * Issue 7, item 3: the INEDs' annual review pack (Rule 14A.55). For a financial year: every CCT of
 * the year (signed that year or earlier) with its caps against the year's actual amounts from the
 * ledger; then, limb by limb of the confirmation the INEDs give (three limbs, or the seed's four —
 * issuer policy [P], per year), the evidence the records hold for it; then what is still open
 * (alerts nobody acknowledged, escalations, breaches, 14A.59 tasks); and the sign-off so far, one row
 * per INED and limb.
 *
 * The figures are as at the year's last day (today while it is running, which the pack says). A
 * reader who must abstain on an agreement (Rule 13.44) gets the pack without its quotes, evidence and
 * board papers, as the other reports withhold them (recusal.ts).
 */
import {
  displayCurrency,
  formatDateEn,
  formatDateZh,
  parseMoney,
  type CalendarDate,
  type CurrencyCode,
} from '../../domain/index.js';
import { formatDateZhLong } from '../../domain/chapter14a/implications.js';
import {
  bilingual,
  countCell,
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
  confirmationSentence,
  type ConfirmationLimb,
  type LimbEvidence,
  type LimbWording,
} from '../../domain/review/limbs.js';
import {
  capsOfYear as capsAgainstLedger,
  categoriesOfYear,
  cctsOfYear,
  inedMembers,
  limbWordingOf,
  parseFinancialYear,
  termInForce,
  type FinancialYear,
} from '../annual-review.js';
import { may, requireAction } from '../authorize.js';
import type { AppContext } from '../context.js';
import { FOLLOW_UP_REQUIREMENT } from '../follow-up-tasks.js';
import type { Actor, AgreementRecord, BreachRecord, CapRecord, JsonObject, OrderRecord } from '../ports.js';
import { recusalsFor, type Recusal } from '../recusal.js';
import type { FollowUpTaskRecord, InedSignOffRecord } from '../review-ports.js';
import { approves, checkResolution, registerLists } from '../stored-scenario.js';
import { revisionStatus } from '../views.js';
import {
  byOccurrence,
  capCategoryText,
  CAP_PERIOD_COLUMNS,
  capPeriodCells,
  column,
  comparisonMoney,
  EVENT_COLUMNS,
  field,
  hkDateOf,
  named,
  NO,
  plural,
  reportDocument,
  reportIssuer,
  YES,
  yesNo,
} from './common.js';
import { breachesSection, pricingOutcome, pricingSection } from './directors.js';
import { ESCALATION_COLUMNS, escalationRows } from './management.js';
import { ALERT_KIND_LABELS, thresholdCell } from './monthly-monitoring.js';

export const INED_REVIEW_TITLE: Bilingual = bilingual(
  'Annual review of continuing connected transactions by the independent non-executive directors',
  '獨立非執行董事對持續關連交易的年度審閱',
);

const DIRECTION_LABELS: Readonly<Record<string, Bilingual>> = {
  'issuer-purchases': bilingual('The Group purchases from the connected person', '本集團向關連人士採購'),
  'issuer-sells': bilingual('The Group sells to the connected person', '本集團向關連人士銷售'),
};
const direction = (d: string): Bilingual => DIRECTION_LABELS[d] ?? bilingual(d, d);

const WITHHELD_NOTE = bilingual(
  'Quotations, evidence and board papers of agreements you must abstain on are withheld (Rule 13.44 of the Listing Rules).',
  '閣下須放棄表決的協議，其報價、證明文件及董事會文件不予提供（上市規則第13.44條）。',
);

/** What every section reads: the year, its CCTs, and what is withheld from this reader. */
interface Pack {
  readonly ctx: AppContext;
  readonly actor: Actor;
  readonly fy: FinancialYear;
  readonly ccts: readonly AgreementRecord[];
  readonly recused: ReadonlyMap<string, Recusal>;
  /** The year's orders (signed in it), by signing date. */
  readonly orders: readonly OrderRecord[];
}

// ---- the CCTs of the year, their caps and actual amounts ----

function cctSection(
  p: Pack,
  wording: { wording: LimbWording; recorded: boolean; limbs: readonly ConfirmationLimb[] },
): Section {
  const { fy } = p;
  const rows: Cell[][] = p.ccts.flatMap((a) =>
    categoriesOfYear(a, fy).map((c) => {
      const term = termInForce(c);
      return [
        textCell(named(a.name)),
        textCell(named(a.counterparty.name)),
        dateCell(a.signedOn),
        textCell(named(c.name)),
        textCell(direction(c.direction)),
        dateCell(c.termStart),
        term ? dateCell(term.end) : dateCell(c.termEnd),
        c.termination ? dateCell(c.termination.effectiveOn) : null,
      ];
    }),
  );
  const wordingCount = wording.limbs.length;
  const paragraphs: Bilingual[] = [
    bilingual(
      `This pack gathers what the records hold for the independent non-executive directors' annual review of the continuing connected transactions for the ${fy.label.en} (Rule 14A.55 of the Listing Rules): ${plural(p.ccts.length, 'agreement', 'agreements')} in force in the year, whenever signed.`,
      `本文件彙集記錄所載資料，供獨立非執行董事就${fy.label['zh-Hant']}的持續關連交易進行年度審閱（上市規則第14A.55條）：年內生效的協議共${p.ccts.length}份（不論於何時簽訂）。`,
    ),
    bilingual(
      `The confirmation asked for, in ${wordingCount} limbs (${wording.recorded ? "the issuer's wording recorded for the year" : "the issuer has recorded no wording for the year: the seed case's four limbs apply"}):`,
      `須作出的確認共${wordingCount}項（${wording.recorded ? '發行人為本年度記錄的措辭' : '發行人未有為本年度記錄措辭：採用種子案例的四項確認'}）：`,
    ),
    confirmationSentence(wording.wording),
  ];
  if (!fy.ended)
    paragraphs.push(
      bilingual(
        `The year is not over: the figures are as at ${formatDateEn(fy.asOf)}, and the INEDs sign off only once it has ended.`,
        `本年度尚未結束：數字截至${formatDateZhLong(fy.asOf)}；獨立非執行董事須於年度結束後方可簽署確認。`,
      ),
    );
  return {
    key: 'ccts',
    heading: bilingual('Continuing connected transactions of the year', '本年度的持續關連交易'),
    paragraphs,
    tables: [
      {
        key: 'ccts',
        title: bilingual('Agreements and transaction categories', '協議及交易類別'),
        columns: [
          column('agreement', 'Agreement', '協議', 'text'),
          column('counterparty', 'Connected person', '關連人士', 'text'),
          column('signed_on', 'Signed on', '簽訂日期', 'date'),
          column('category', 'Category', '交易類別', 'text'),
          column('direction', 'Direction', '交易方向', 'text'),
          column('term_start', 'Term from', '期限由', 'date'),
          column('term_end', 'Term to (as in force)', '期限至（現行）', 'date'),
          column('terminated_on', 'Terminated with effect from', '終止生效日期', 'date'),
        ],
        rows,
      },
    ],
  };
}

/** A cap period's figures for the year, all from the ledger (annual-review.ts `capsOfYear`). */
export interface CapYear {
  readonly a: AgreementRecord;
  readonly c: CapRecord;
  /** The day the cap is read as at: the year's (or the cap period's, if earlier) last day. */
  readonly asOf: CalendarDate;
  readonly capMinor: bigint;
  /** Actual amounts dated in the year (and the cap period), postings and reversals. */
  readonly yearMinor: bigint;
  /** Actual amounts of the cap period up to `asOf`: what the cap is compared with. */
  readonly periodMinor: bigint;
  /** Over the cap in force on some day, or a CAP_EXCEEDED breach recorded: as the auditor's schedule says. */
  readonly exceeded: boolean;
  readonly breaches: readonly BreachRecord[];
}

export async function capsOfYear(p: Pack): Promise<CapYear[]> {
  const breaches = await p.ctx.store.listBreaches(p.actor.issuerId);
  return (await capsAgainstLedger(p.ctx.store, p.ccts, p.fy, breaches)).map((x) => ({
    a: x.agreement,
    c: x.cap,
    asOf: x.asOf,
    capMinor: x.capMinor,
    yearMinor: x.actualInYear,
    periodMinor: x.actualToDate,
    exceeded: x.exceeded,
    breaches: x.breaches,
  }));
}

function capsSection(p: Pack, caps: readonly CapYear[]): Section {
  const exceeded = caps.filter((x) => x.exceeded);
  return {
    key: 'caps',
    heading: bilingual('Annual caps and actual amounts', '年度上限及實際金額'),
    paragraphs: [
      bilingual(
        exceeded.length === 0
          ? `No annual cap was exceeded in the ${p.fy.label.en}.`
          : `${plural(exceeded.length, 'annual cap was', 'annual caps were')} exceeded in the ${p.fy.label.en} (Rule 14A.54 of the Listing Rules).`,
        exceeded.length === 0
          ? `${p.fy.label['zh-Hant']}並無超出任何年度上限。`
          : `${p.fy.label['zh-Hant']}有${exceeded.length}個年度上限被超出（上市規則第14A.54條）。`,
      ),
    ],
    tables: [
      {
        key: 'caps',
        title: bilingual('Annual caps against actual amounts', '年度上限與實際金額比較'),
        columns: [
          ...CAP_PERIOD_COLUMNS,
          column('cap', 'Annual cap (in force at the period end)', '年度上限（期末有效）', 'money'),
          column('actual_year', 'Actual in the financial year', '本財政年度實際金額', 'money'),
          column('actual_period', 'Actual, cap period to date', '上限期間累計實際金額', 'money'),
          column('headroom', 'Headroom', '剩餘額度', 'money'),
          column('percent_used', '% of cap used', '已使用上限百分比', 'percent'),
          column('exceeded', 'Cap exceeded', '是否超出上限', 'text'),
          column('breaches', 'Breaches recorded in the year', '本年度記錄的違規', 'count'),
        ],
        rows: caps.map((x) => [
          ...capPeriodCells(x.a, x.c),
          moneyCell(x.capMinor, x.c.currency),
          moneyCell(x.yearMinor, x.c.currency),
          moneyCell(x.periodMinor, x.c.currency),
          moneyCell(x.capMinor - x.periodMinor, x.c.currency),
          x.capMinor > 0n ? percentCell(x.periodMinor, x.capMinor, 1) : null,
          yesNo(x.exceeded),
          countCell(x.breaches.length),
        ]),
        notes: [
          bilingual(
            `As at ${formatDateEn(p.fy.asOf)}, or the cap period's last day when earlier. Actual amounts from the ledger (postings and reversals, by the day they count in); % used = actual ÷ cap.`,
            `截至${formatDateZhLong(p.fy.asOf)}，或上限期間較早結束時的最後一日。實際金額取自分類賬（包括入賬及撥回，按計入日期）；已使用百分比 = 實際金額 ÷ 年度上限。`,
          ),
        ],
      },
    ],
  };
}

// ---- the limbs' evidence ----

async function businessEvidence(p: Pack): Promise<{ paragraphs: Bilingual[]; tables: Table[] }> {
  const nature: Cell[][] = p.ccts.flatMap((a) =>
    categoriesOfYear(a, p.fy).map((c) => [
      textCell(named(a.name)),
      textCell(named(c.name)),
      textCell(direction(c.direction)),
      c.pricingBasis === null ? null : textCell(c.pricingBasis),
    ]),
  );
  const issuer = await p.ctx.store.getIssuer(p.actor.issuerId);
  const resolutions = (await p.ctx.store.listBoardResolutions(p.actor.issuerId)).filter((r) =>
    r.agreementIds.some((id) => p.ccts.some((a) => a.id === id)),
  );
  const register = await registerLists(p.ctx.store, p.actor.issuerId);
  const personName = (id: string): Bilingual => {
    const name = field(
      register.parties.find((x) => x['id'] === id),
      'name',
    );
    const en = typeof name === 'string' ? name : field(name, 'en');
    const zh = field(name, 'zh-Hant');
    const english = typeof en === 'string' ? en : id;
    return bilingual(english, typeof zh === 'string' && zh.trim() !== '' ? zh : english);
  };
  const agreements = await p.ctx.store.listAgreements(p.actor.issuerId);
  const approvals: Cell[][] = [];
  for (const r of resolutions) {
    const check = issuer ? checkResolution(issuer, register, r, agreements) : null;
    for (const id of r.agreementIds) {
      const a = p.ccts.find((x) => x.id === id);
      if (!a) continue;
      const count = (v: string) => r.votes.filter((x) => x.vote === v).length;
      const abstained = r.votes.filter((x) => x.vote === 'abstain').map((x) => personName(x.personId));
      approvals.push([
        textCell(named(a.name)),
        dateCell(r.meetingDate),
        textCell(r.reference),
        countCell(count('for')),
        countCell(count('against')),
        abstained.length === 0
          ? null
          : textCell(
              bilingual(abstained.map((n) => n.en).join(', '), abstained.map((n) => n['zh-Hant']).join('、')),
            ),
        check ? yesNo(approves(r, id, check)) : null,
      ]);
    }
  }
  const unapproved = p.ccts.filter((a) => !resolutions.some((r) => r.agreementIds.includes(a.id)));
  return {
    paragraphs: [
      bilingual(
        `The transactions of the year, by category and direction, with the basis on which they are priced; and the board resolutions approving the agreements (${plural(resolutions.length, 'resolution', 'resolutions')} recorded${unapproved.length > 0 ? `; none recorded for ${unapproved.map((a) => named(a.name).en).join(', ')}` : ''}).`,
        `本年度交易按類別及交易方向列示，並附定價基準；以及批准協議的董事會決議（已記錄${resolutions.length}項${unapproved.length > 0 ? `；${unapproved.map((a) => named(a.name)['zh-Hant']).join('、')}未有記錄` : ''}）。`,
      ),
    ],
    tables: [
      {
        key: 'business-nature',
        title: bilingual('Nature of the transactions', '交易性質'),
        columns: [
          column('agreement', 'Agreement', '協議', 'text'),
          column('category', 'Category', '交易類別', 'text'),
          column('direction', 'Direction', '交易方向', 'text'),
          column('pricing_basis', 'Pricing basis', '定價基準', 'text'),
        ],
        rows: nature,
      },
      {
        key: 'board-approvals',
        title: bilingual('Board resolutions approving the agreements', '批准協議的董事會決議'),
        columns: [
          column('agreement', 'Agreement', '協議', 'text'),
          column('meeting_date', 'Meeting date', '會議日期', 'date'),
          column('reference', 'Reference', '編號', 'text'),
          column('votes_for', 'Votes for', '贊成票數', 'count'),
          column('votes_against', 'Votes against', '反對票數', 'count'),
          column('abstained', 'Abstained', '放棄表決', 'text'),
          column('approved', "Counts as the board's approval", '構成董事會批准', 'text'),
        ],
        rows: approvals,
        notes: [
          bilingual(
            "A resolution on which a director who must abstain voted (Rule 13.44 of the Listing Rules) does not count as the board's approval.",
            '如須放棄表決的董事曾就決議投票（上市規則第13.44條），該決議不構成董事會批准。',
          ),
        ],
      },
    ],
  };
}

/** An amount of the stored comparison, in minor units, or null when absent or unreadable. */
function comparisonMinor(
  amount: unknown,
  currency: unknown,
): { minor: bigint; currency: CurrencyCode } | null {
  if (amount === undefined || amount === null) return null;
  const m = parseMoney(amount, currency, { amount: 'amount', currency: 'currency' });
  return m.ok ? { minor: m.value.minor, currency: m.value.currency } : null;
}

/** Per order: its connected quote and best independent quote in the cap currency, from the stored comparison. */
function quotesOf(o: OrderRecord) {
  const pricing: JsonObject | null = o.pricing;
  const currency = field(pricing, 'currency');
  return {
    connected: comparisonMinor(field(field(pricing, 'connectedQuote'), 'capAmount'), currency),
    best: comparisonMinor(field(field(pricing, 'bestIndependent'), 'capAmount'), currency),
    direction: field(pricing, 'direction'),
  };
}

async function pricingEvidence(p: Pack): Promise<{ paragraphs: Bilingual[]; tables: Table[] }> {
  // The directors' report's pricing section, for the year: the counts and the orders departing from the policy.
  const policy = await pricingSection(p.ctx, p.actor, p.fy);
  const rows = p.orders.map((o): Cell[] => {
    const a = p.ccts.find((x) => x.id === o.agreementId);
    const category = a?.categories.find((c) => c.id === o.categoryId);
    const withheld = p.recused.has(o.agreementId);
    const r = pricingOutcome(o);
    const pricing = withheld ? null : o.pricing;
    const currency = field(pricing, 'currency');
    return [
      textCell(o.reference),
      dateCell(o.signedOn),
      a ? textCell(named(a.name)) : null,
      category ? textCell(named(category.name)) : null,
      moneyCell(
        o.schedule.reduce((s, l) => s + l.amountMinor, 0n),
        o.currency,
      ),
      comparisonMoney(field(field(pricing, 'connectedQuote'), 'capAmount'), currency),
      comparisonMoney(field(field(pricing, 'bestIndependent'), 'capAmount'), currency),
      r.required === null ? null : countCell(r.required),
      r.counted === null || withheld ? null : countCell(r.counted),
      typeof r.favourable === 'boolean' && !withheld ? yesNo(r.favourable) : null,
      withheld || !r.recorded
        ? null
        : r.exception
          ? textCell(
              typeof r.approvedBy === 'string'
                ? bilingual(`Yes, approved by ${r.approvedBy}`, `是，由${r.approvedBy}批准`)
                : YES,
            )
          : textCell(NO),
    ];
  });
  const tables: Table[] = [
    {
      key: 'pricing-orders',
      title: bilingual('Orders of the year and their quotation comparison', '本年度訂單及報價比較'),
      columns: [
        column('reference', 'Reference', '編號', 'text'),
        column('signed_on', 'Signed on', '簽訂日期', 'date'),
        column('agreement', 'Agreement', '協議', 'text'),
        column('category', 'Category', '交易類別', 'text'),
        column('amount', 'Order amount', '訂單金額', 'money'),
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
        column('exception', 'Exception', '例外批准', 'text'),
      ],
      rows,
      totals: [...new Set(p.orders.map((o) => o.currency))].map((currency) => [
        textCell(bilingual(`Total (${displayCurrency(currency)})`, `合計（${displayCurrency(currency)}）`)),
        null,
        null,
        null,
        moneyCell(
          p.orders
            .filter((o) => o.currency === currency)
            .reduce((sum, o) => sum + o.schedule.reduce((s, l) => s + l.amountMinor, 0n), 0n),
          currency,
        ),
        null,
        null,
        null,
        null,
        null,
        null,
      ]),
      notes: [
        bilingual(
          'Quotations are compared in the cap currency, as recorded with each order when it was placed.',
          '報價以年度上限的貨幣比較，按下單時與各訂單一併記錄的比較為準。',
        ),
        ...(p.orders.some((o) => p.recused.has(o.agreementId)) ? [WITHHELD_NOTE] : []),
      ],
    },
    ...(policy.tables ?? []),
  ];
  // The second comparison of the seed's policy: the connected person's terms to independent third parties.
  const paragraphs: Bilingual[] = [...(policy.paragraphs ?? [])];
  if (may(p.actor, 'evidence.read')) {
    const terms: Cell[][] = [];
    for (const a of p.ccts) {
      if (p.recused.has(a.id)) continue;
      for (const e of await p.ctx.store.listAgreementEvidence(p.actor.issuerId, a.id)) {
        if (e.kind !== 'connected-party-terms-to-third-parties') continue;
        terms.push([
          textCell(named(a.name)),
          dateCell(hkDateOf(e.recordedAt)),
          textCell(e.summary),
          textCell(
            bilingual(
              e.files.map((f) => `${f.filename} (${formatDateEn(f.issuedOn)})`).join('; '),
              e.files.map((f) => `${f.filename}（${formatDateZh(f.issuedOn)}）`).join('；'),
            ),
          ),
        ]);
      }
    }
    tables.push({
      key: 'third-party-terms',
      title: bilingual(
        "The connected person's terms to independent third parties",
        '關連人士向獨立第三方提供的條款',
      ),
      columns: [
        column('agreement', 'Agreement', '協議', 'text'),
        column('recorded_on', 'Recorded on', '記錄日期', 'date'),
        column('summary', 'Summary', '摘要', 'text'),
        column('files', 'Evidence files (issued on)', '證明文件（發出日期）', 'text'),
      ],
      rows: terms,
      notes: p.ccts.some((a) => p.recused.has(a.id)) ? [WITHHELD_NOTE] : [],
    });
  } else {
    paragraphs.push(
      bilingual(
        "The evidence of the connected person's terms to independent third parties is read by the roles that read evidence (business, finance, company secretary, INED, auditor).",
        '關連人士向獨立第三方提供條款的證明文件，僅供可查閱證明文件的角色（業務、財務、公司秘書、獨立非執行董事、核數師）查閱。',
      ),
    );
  }
  return { paragraphs, tables };
}

async function termsEvidence(
  p: Pack,
  caps: readonly CapYear[],
): Promise<{ paragraphs: Bilingual[]; tables: Table[] }> {
  const breaches = (await p.ctx.store.listBreaches(p.actor.issuerId)).filter(
    (b) =>
      b.occurredOn >= p.fy.start && b.occurredOn <= p.fy.end && p.ccts.some((a) => a.id === b.agreementId),
  );
  const byCode = (code: string) => breaches.filter((b) => b.code === code).length;
  const exceeded = caps.filter((x) => x.exceeded).length;
  const revisions: Cell[][] = [];
  for (const a of p.ccts)
    for (const c of a.caps)
      for (const r of c.revisions) {
        const inYear = (d: CalendarDate) => d >= p.fy.start && d <= p.fy.end;
        if (!inYear(r.approvedOn) && !inYear(r.effectiveFrom)) continue;
        const status = revisionStatus(r);
        revisions.push([
          ...capPeriodCells(a, c),
          moneyCell(r.amountMinor, c.currency),
          dateCell(r.effectiveFrom),
          dateCell(r.approvedOn),
          textCell(r.approvalReference),
          textCell(
            status === 'approved'
              ? bilingual('Approved', '已批准')
              : bilingual('Pending approvals', '待批准'),
          ),
          textCell(
            r.requiredApprovals.length === 0
              ? bilingual('None required', '毋須額外批准')
              : r.requiredApprovals
                  .map((q) => {
                    const done = r.approvals.find((x) => x.kind === q.kind);
                    return done ? `${q.kind}: ${done.reference} (${done.date})` : `${q.kind}: —`;
                  })
                  .join('; '),
          ),
        ]);
      }
  const changes: Cell[][] = [];
  for (const a of p.ccts)
    for (const m of await p.ctx.store.listMaterialChanges(a.id)) {
      if (m.effectiveOn < p.fy.start || m.effectiveOn > p.fy.end) continue;
      changes.push([
        textCell(named(a.name)),
        textCell(m.description),
        dateCell(m.effectiveOn),
        m.approvedOn === null ? null : dateCell(m.approvedOn),
        textCell(
          m.requirementsBeforeEffective.length === 0
            ? bilingual('None', '無')
            : m.requirementsBeforeEffective.map((q) => `${q.text} (${q.rule})`).join('; '),
        ),
      ]);
    }
  const ordersOfCcts = p.orders.filter((o) => p.ccts.some((a) => a.id === o.agreementId));
  return {
    paragraphs: [
      bilingual(
        `${plural(ordersOfCcts.length, 'order was', 'orders were')} signed under the agreements in the ${p.fy.label.en}; the order gate accepts an order only within its category's term and the headroom of its annual caps (Rule 14A.54 of the Listing Rules). ${exceeded === 0 ? 'No annual cap was exceeded' : `${plural(exceeded, 'annual cap was', 'annual caps were')} exceeded`}; breaches recorded in the year: ${byCode('CAP_EXCEEDED')} cap exceeded, ${byCode('OUTSIDE_TERM')} outside the term, ${byCode('NO_COVERING_CAP')} without a covering cap (listed under open issues). ${plural(revisions.length, 'cap revision', 'cap revisions')} and ${plural(changes.length, 'material change', 'material changes')} of terms in the year.`,
        `${p.fy.label['zh-Hant']}根據協議簽訂的訂單共${ordersOfCcts.length}份；訂單審核僅接受在交易類別期限內且不超出年度上限剩餘額度的訂單（上市規則第14A.54條）。${exceeded === 0 ? '並無超出任何年度上限' : `有${exceeded}個年度上限被超出`}；本年度記錄的違規：超出上限${byCode('CAP_EXCEEDED')}宗、超出協議期限${byCode('OUTSIDE_TERM')}宗、無年度上限涵蓋${byCode('NO_COVERING_CAP')}宗（列於未解決事項）。本年度年度上限修訂${revisions.length}項，條款重大變更${changes.length}項。`,
      ),
    ],
    tables: [
      {
        key: 'cap-revisions',
        title: bilingual('Cap revisions of the year and their approvals', '本年度年度上限修訂及其批准'),
        columns: [
          ...CAP_PERIOD_COLUMNS,
          column('amount', 'Revised cap', '經修訂年度上限', 'money'),
          column('effective_from', 'Effective from', '生效日期', 'date'),
          column('approved_on', 'Approved by the board on', '董事會批准日期', 'date'),
          column('approval_reference', 'Approval reference', '批准編號', 'text'),
          column('status', 'Status', '狀態', 'text'),
          column('approvals', 'Further approvals (Rule 14A.54)', '其他批准（第14A.54條）', 'text'),
        ],
        rows: revisions,
      },
      {
        key: 'material-changes',
        title: bilingual('Material changes of terms in the year', '本年度條款的重大變更'),
        columns: [
          column('agreement', 'Agreement', '協議', 'text'),
          column('description', 'Change', '變更', 'text'),
          column('effective_on', 'Effective on', '生效日期', 'date'),
          column('approved_on', 'Approved on', '批准日期', 'date'),
          column('requirements', 'Requirements before it took effect', '生效前須遵守的規定', 'text'),
        ],
        rows: changes,
      },
    ],
  };
}

async function interestsEvidence(p: Pack): Promise<{ paragraphs: Bilingual[]; tables: Table[] }> {
  // The price advantage to the Group on the orders compared: for purchases, the best independent
  // quotation less the connected person's; for sales, the reverse. Withheld orders are left out.
  const totals = new Map<
    CurrencyCode,
    { orders: number; connected: bigint; best: bigint; advantage: bigint }
  >();
  let withheld = 0;
  for (const o of p.orders) {
    if (p.recused.has(o.agreementId)) {
      withheld += 1;
      continue;
    }
    const q = quotesOf(o);
    if (!q.connected || !q.best || q.connected.currency !== q.best.currency) continue;
    const t = totals.get(q.connected.currency) ?? { orders: 0, connected: 0n, best: 0n, advantage: 0n };
    const advantage =
      q.direction === 'issuer-sells' ? q.connected.minor - q.best.minor : q.best.minor - q.connected.minor;
    totals.set(q.connected.currency, {
      orders: t.orders + 1,
      connected: t.connected + q.connected.minor,
      best: t.best + q.best.minor,
      advantage: t.advantage + advantage,
    });
  }
  const abstentions = (await p.ctx.store.listBoardResolutions(p.actor.issuerId)).filter(
    (r) =>
      r.agreementIds.some((id) => p.ccts.some((a) => a.id === id)) &&
      r.votes.some((v) => v.vote === 'abstain'),
  ).length;
  const escalations = (await p.ctx.store.listEscalations(p.actor.issuerId)).filter(
    (e) => p.ccts.some((a) => a.id === e.agreementId) && hkDateOf(e.raisedAt) <= p.fy.end,
  );
  const steps = await p.ctx.store.listEscalationSteps(escalations.map((e) => e.id));
  const decidedInYear = steps.filter(
    (s) => s.step === 'decided' && hkDateOf(s.at) >= p.fy.start && hkDateOf(s.at) <= p.fy.end,
  ).length;
  return {
    paragraphs: [
      bilingual(
        `On the orders compared, the Group's price advantage over the best independent third party quotation is totalled below. Board resolutions approving the agreements with the interested directors abstaining: ${abstentions}. Escalations of a cap forecast to be insufficient decided by the board in the year: ${decidedInYear}.`,
        `就已比較的訂單，本集團相對最佳獨立第三方報價的價格優勢合計如下。批准協議而有利益關係的董事放棄表決的董事會決議：${abstentions}項。本年度董事會就年度上限預計不足上報事項作出的決定：${decidedInYear}項。`,
      ),
    ],
    tables: [
      {
        key: 'price-advantage',
        title: bilingual(
          "The Group's price advantage on the orders compared",
          '本集團在已比較訂單上的價格優勢',
        ),
        columns: [
          column('currency', 'Currency', '貨幣', 'text'),
          column('orders', 'Orders compared', '已比較訂單數目', 'count'),
          column('connected_total', 'Connected person quotations, total', '關連人士報價合計', 'money'),
          column('best_total', 'Best independent quotations, total', '最佳獨立第三方報價合計', 'money'),
          column('advantage', 'Advantage to the Group', '本集團的價格優勢', 'money'),
        ],
        rows: [...totals.entries()].map(([currency, t]) => [
          textCell(displayCurrency(currency)),
          countCell(t.orders),
          moneyCell(t.connected, currency),
          moneyCell(t.best, currency),
          moneyCell(t.advantage, currency),
        ]),
        notes: [
          bilingual(
            "For purchases, the best independent quotation less the connected person's; for sales, the reverse. A negative advantage (in parentheses) means the connected person's terms were less favourable.",
            '採購交易為最佳獨立第三方報價減關連人士報價；銷售交易則相反。負數（以括號表示）代表關連人士的條款較差。',
          ),
          ...(withheld > 0 ? [WITHHELD_NOTE] : []),
        ],
      },
    ],
  };
}

async function limbSections(
  p: Pack,
  limbs: readonly ConfirmationLimb[],
  caps: readonly CapYear[],
): Promise<Section[]> {
  const evidence: Record<LimbEvidence, () => Promise<{ paragraphs: Bilingual[]; tables: Table[] }>> = {
    business: () => businessEvidence(p),
    pricing: () => pricingEvidence(p),
    terms: () => termsEvidence(p, caps),
    interests: () => interestsEvidence(p),
  };
  const out: Section[] = [];
  for (const limb of limbs) {
    const parts = [];
    for (const kind of limb.evidence) parts.push(await evidence[kind]());
    out.push({
      key: `limb-${limb.key}`,
      heading: bilingual(
        `Limb ${limb.number}: ${limb.label.en} (${limb.citation.en})`,
        `第${limb.number}項確認：${limb.label['zh-Hant']}（${limb.citation['zh-Hant']}）`,
      ),
      paragraphs: [
        bilingual(
          `The INEDs are asked to confirm that the continuing connected transactions have been entered into ${limb.wording.en}.`,
          `獨立非執行董事須確認持續關連交易${limb.wording['zh-Hant']}。`,
        ),
        ...parts.flatMap((x) => x.paragraphs),
      ],
      tables: parts.flatMap((x) => x.tables),
    });
  }
  return out;
}

// ---- open issues ----

async function openIssuesSection(p: Pack, agreements: readonly AgreementRecord[]): Promise<Section> {
  const { ctx, actor, fy } = p;
  const alerts = (await ctx.store.listAlerts(actor.issuerId, { unacknowledged: true }))
    .filter((x) => x.occurredOn <= fy.asOf)
    .sort(byOccurrence);
  const escalations = (await ctx.store.listEscalations(actor.issuerId))
    .filter((e) => e.status !== 'decided' && hkDateOf(e.raisedAt) <= fy.asOf)
    .sort((x, y) => x.raisedAt.localeCompare(y.raisedAt) || x.id.localeCompare(y.id));
  const breaches = (await ctx.store.listBreaches(actor.issuerId))
    .filter((b) => b.occurredOn >= fy.start && b.occurredOn <= fy.end)
    .sort((x, y) => x.occurredOn.localeCompare(y.occurredOn) || x.id.localeCompare(y.id));
  const breachTables = (await breachesSection(ctx, actor.issuerId, breaches, agreements, fy)).tables ?? [];
  const tasks = (await ctx.store.listFollowUpTasks(actor.issuerId, { status: 'open' })).sort(
    (x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id),
  );
  return {
    key: 'open-issues',
    heading: bilingual('Open issues', '未解決事項'),
    paragraphs: [
      bilingual(
        `${plural(alerts.length, 'alert', 'alerts')} not acknowledged; ${plural(escalations.length, 'escalation', 'escalations')} awaiting a decision; ${plural(breaches.length, 'breach', 'breaches')} recorded in the ${fy.label.en}; ${plural(tasks.length, 'follow-up task', 'follow-up tasks')} under Rule 14A.59 of the Listing Rules still open.`,
        `未確認的警示${alerts.length}項；待決定的上報事項${escalations.length}項；${fy.label['zh-Hant']}記錄的違規${breaches.length}宗；根據上市規則第14A.59條尚未完成的跟進事項${tasks.length}項。`,
      ),
    ],
    tables: [
      {
        key: 'open-alerts',
        title: bilingual('Alerts not acknowledged', '未確認的警示'),
        columns: [
          ...EVENT_COLUMNS,
          column('threshold', 'Threshold', '警示水平', 'percent'),
          column('message', 'Message', '內容', 'text'),
        ],
        rows: alerts.map((x) => {
          const a = agreements.find((g) => g.id === x.agreementId);
          return [
            dateCell(x.occurredOn),
            textCell(ALERT_KIND_LABELS[x.kind]),
            a ? textCell(named(a.name)) : null,
            capCategoryText(a, x.capId),
            thresholdCell(x.threshold),
            textCell(bilingual(x.message.en, x.message['zh-Hant'])),
          ];
        }),
        notes: [
          bilingual(
            `Alerts dated on or before ${formatDateEn(fy.asOf)} with no acknowledgement recorded when the pack was generated.`,
            `日期在${formatDateZhLong(fy.asOf)}或之前、而於本文件產生時仍未有確認記錄的警示。`,
          ),
        ],
      },
      {
        key: 'open-escalations',
        title: bilingual('Escalations awaiting a decision', '待決定的上報事項'),
        columns: ESCALATION_COLUMNS,
        rows: await escalationRows(ctx, actor, escalations, agreements),
        notes: [
          bilingual(
            'Forecast figures of agreements you must abstain on are withheld (Rule 13.44 of the Listing Rules).',
            '閣下須放棄表決的協議，其預測數字不予提供（上市規則第13.44條）。',
          ),
        ],
      },
      ...breachTables,
      {
        key: 'open-tasks',
        title: bilingual('Open follow-up tasks (Rule 14A.59)', '未完成的跟進事項（第14A.59條）'),
        columns: [
          column('opened_on', 'Opened on', '開立日期', 'date'),
          column('financial_year', 'Financial year', '財政年度', 'text'),
          column('source', 'Source', '來源', 'text'),
          column('title', 'Task', '事項', 'text'),
          column('detail', 'Qualification or exception', '保留意見或例外事項', 'text'),
        ],
        rows: tasks.map((t) => [
          dateCell(hkDateOf(t.createdAt)),
          textCell(bilingual(`FY${t.financialYear}`, `${t.financialYear}財政年度`)),
          textCell(
            t.source === 'ined-sign-off'
              ? bilingual('INED sign-off', '獨立非執行董事確認')
              : bilingual("Auditor's letter", '核數師函件'),
          ),
          textCell(bilingual(t.title.en, t.title['zh-Hant'])),
          textCell(t.detail),
        ]),
        notes: [bilingual(FOLLOW_UP_REQUIREMENT.en, FOLLOW_UP_REQUIREMENT['zh-Hant'])],
      },
    ],
  };
}

// ---- the sign-off ----

const OUTCOME_LABELS = {
  confirmed: bilingual('Confirmed', '確認'),
  qualified: bilingual('Qualified', '保留意見'),
  awaiting: bilingual('Awaiting sign-off', '待簽署'),
} as const;

async function signOffSection(p: Pack, limbs: readonly ConfirmationLimb[]): Promise<Section> {
  const { ctx, actor, fy } = p;
  const signOffs = await ctx.store.listInedSignOffs(actor.issuerId, fy.year);
  const members = await inedMembers(ctx, actor.issuerId);
  const tasks: FollowUpTaskRecord[] = (
    await ctx.store.listFollowUpTasks(actor.issuerId, { financialYear: fy.year })
  ).filter((t) => t.source === 'ined-sign-off');
  // Who abstained on which agreement, as recorded when it took effect (recusal.ts): their
  // confirmation does not cover it (decision 0016).
  const recusals = (
    await Promise.all(p.ccts.map((a) => ctx.store.listRecusals(actor.issuerId, a.id)))
  ).flat();
  const people: { userId: string; name: string; signOff: InedSignOffRecord | null }[] = [
    ...signOffs.map((s) => ({ userId: s.userId, name: s.signedName, signOff: s })),
    ...members
      .filter((m) => !signOffs.some((s) => s.userId === m.userId))
      .map((m) => ({ userId: m.userId, name: m.name, signOff: null })),
  ];
  const agreementNames = (ids: readonly string[]): Cell =>
    ids.length === 0
      ? null
      : textCell(
          bilingual(
            ids
              .map((id) => named(p.ccts.find((a) => a.id === id)?.name ?? { en: id, 'zh-Hant': id }).en)
              .join(', '),
            ids
              .map(
                (id) => named(p.ccts.find((a) => a.id === id)?.name ?? { en: id, 'zh-Hant': id })['zh-Hant'],
              )
              .join('、'),
          ),
        );
  const rows: Cell[][] = [];
  for (const person of people) {
    const used = new Set<string>();
    const own = tasks.filter((t) => person.signOff !== null && t.sourceId === person.signOff.id);
    const notCovered = [
      ...new Set(recusals.filter((r) => r.userId === person.userId).map((r) => r.agreementId)),
    ];
    for (const limb of limbs) {
      const given = person.signOff?.limbs.find((l) => l.limb === limb.key);
      const task =
        given?.outcome === 'qualified'
          ? own.find((t) => !used.has(t.id) && t.detail === given.qualification)
          : undefined;
      if (task) used.add(task.id);
      rows.push([
        textCell(person.name),
        textCell(bilingual(`${limb.number} ${limb.label.en}`, `${limb.number}${limb.label['zh-Hant']}`)),
        textCell(given ? OUTCOME_LABELS[given.outcome] : OUTCOME_LABELS.awaiting),
        given?.qualification ? textCell(given.qualification) : null,
        given && given.outcome === 'qualified' ? agreementNames(given.agreementIds) : null,
        person.signOff ? dateCell(hkDateOf(person.signOff.recordedAt)) : null,
        task
          ? textCell(
              bilingual(
                `${task.status === 'open' ? 'Open' : 'Done'}: ${task.title.en}`,
                `${task.status === 'open' ? '未完成' : '已完成'}：${task.title['zh-Hant']}`,
              ),
            )
          : null,
        agreementNames(notCovered),
      ]);
    }
  }
  const signed = signOffs.length;
  const qualified = signOffs.filter((s) => s.limbs.some((l) => l.outcome === 'qualified')).length;
  return {
    key: 'sign-off',
    heading: bilingual('Sign-off by the independent non-executive directors', '獨立非執行董事簽署確認'),
    paragraphs: [
      bilingual(
        `${plural(signed, 'INED has', 'INEDs have')} signed off the ${fy.label.en}${qualified > 0 ? `, ${qualified} with a qualification: the Company must promptly notify the Exchange and publish an announcement (Rule 14A.59 of the Listing Rules)` : ''}; ${people.length - signed} awaiting.`,
        `${signed}名獨立非執行董事已就${fy.label['zh-Hant']}簽署確認${qualified > 0 ? `，其中${qualified}名提出保留意見：本公司須從速通知聯交所並刊發公告（上市規則第14A.59條）` : ''}；${people.length - signed}名待簽署。`,
      ),
    ],
    tables: [
      {
        key: 'sign-offs',
        title: bilingual('Sign-off by INED and limb', '按獨立非執行董事及確認事項列示的簽署'),
        columns: [
          column('ined', 'Independent non-executive director', '獨立非執行董事', 'text'),
          column('limb', 'Limb', '確認事項', 'text'),
          column('outcome', 'Outcome', '結果', 'text'),
          column('qualification', 'Qualification', '保留意見', 'text'),
          column('agreements', 'Agreements qualified', '涉及保留意見的協議', 'text'),
          column('signed_on', 'Signed on', '簽署日期', 'date'),
          column('task', 'Follow-up task (Rule 14A.59)', '跟進事項（第14A.59條）', 'text'),
          column(
            'not_covered',
            'Not covered: abstained (Rule 13.44)',
            '不涵蓋：已放棄表決（第13.44條）',
            'text',
          ),
        ],
        rows,
        notes: [
          bilingual(
            'An INED who must abstain on an agreement (Rule 13.44 of the Listing Rules) reviews it without its quotations, evidence and board papers; their confirmation does not cover it.',
            '須就某協議放棄表決的獨立非執行董事（上市規則第13.44條）不獲提供該協議的報價、證明文件及董事會文件；其確認不涵蓋該協議。',
          ),
        ],
      },
    ],
  };
}

/** The INED review pack for `period` ('YYYY': the financial year ending in that calendar year). Read-only. */
export async function buildInedReview(
  ctx: AppContext,
  actor: Actor,
  period: string,
): Promise<ReportDocument> {
  requireAction(actor, 'report.read');
  const issuer = await reportIssuer(ctx, actor);
  const fy = parseFinancialYear(period, issuer.financialYearEnd, ctx.clock.today());
  const agreements = await ctx.store.listAgreements(actor.issuerId);
  const ccts = cctsOfYear(agreements, fy);
  const wording = await limbWordingOf(ctx.store, actor.issuerId, fy.year);
  const recused = await recusalsFor(
    ctx,
    actor,
    ccts.map((a) => a.id),
  );
  const orders = await ctx.store.listOrdersSigned(actor.issuerId, fy.start, fy.end);
  const p: Pack = { ctx, actor, fy, ccts, recused, orders };
  const caps = await capsOfYear(p);
  return reportDocument(ctx, 'ined-review', INED_REVIEW_TITLE, issuer, fy, [
    cctSection(p, wording),
    capsSection(p, caps),
    ...(await limbSections(p, wording.limbs, caps)),
    await openIssuesSection(p, agreements),
    await signOffSection(p, wording.limbs),
  ]);
}
