import { randomBytes } from 'node:crypto';
import {
  markLetterSentToExchange,
  putAnnualReviewSettings,
  recordAuditorLetter,
} from '../app/auditor-letter.js';
import { OPERATOR_ROLES } from '../app/authorize.js';
import { signOffInedReview } from '../app/ined-sign-off.js';
import { addUser } from '../app/users.js';
import { limbsOf } from '../domain/review/limbs.js';
import { recordBoardResolution } from '../app/board-resolutions.js';
import { createAgreement } from '../app/create-agreement.js';
import { recordIssuerFigures } from '../app/issuer-figures.js';
import { recordFxRate } from '../app/record-fx-rate.js';
import { recordRegister } from '../app/register.js';
import type { AppContext } from '../app/context.js';
import { ensureIssuer } from '../app/issuers.js';
import { AppError } from '../app/errors.js';
import type { Actor, IssuerRecord } from '../app/ports.js';
import { postActual } from '../app/post-actual.js';
import { forecastOutlooks, runDailyMonitoring } from '../app/daily-monitoring.js';
import { recordAgreementEvidence, uploadEvidence } from '../app/evidence.js';
import { recordOrder } from '../app/record-order.js';
import {
  addDays,
  daysInMonth,
  formatDisplay,
  formatMinor,
  makeDate,
  type CalendarDate,
  type LocalisedName,
} from '../domain/index.js';
import { seedAgreementInput } from './seed.js';

/** The demo lives under its own issuer, labelled as demo data in both languages. */
export const DEMO_ISSUER_NAME: LocalisedName = {
  en: 'Kingsoft Cloud Holdings Limited (demo data)',
  'zh-Hant': '金山云控股有限公司（示範數據）',
};

/** The user the demo loader acts as (there are no accounts yet; see issue 6). */
export const DEMO_USER = 'demo-loader';

/** Every illustrative record's reference carries this label: the announcement has no actual amounts. */
export const ILLUSTRATIVE = '(illustrative)';

/**
 * Illustrative monthly amounts in RMB thousands (integers: no floating point in a money path).
 * Each month: an order (specific agreement) signed on the 5th with one scheduled payment on the 25th,
 * and the invoice for it posted on the 25th against the order.
 *
 * Sized against the seed caps (RMB thousands) so that the demo shows the states a user should see:
 * - IDC 2025 stub (41,000): 30,100 → 73.4% by December.
 * - IDC FY2026 (82,000): 67,700 by November → 82.6%, past the 80% alert; 74,500 by December → 90.9%.
 * - IDC FY2027 (82,000): 61,500 → 75.0%; IDC 2028 stub (41,000): 31,600 → 77.1%.
 * - Hardware 2025 stub (33,500): 20,200 → 60.3%; hardware 2026 stub (6,700): 6,000 → 89.6%.
 * Every period stays below its cap, so the gate never refuses the demo, whatever today is.
 */
// prettier-ignore
const PLAN: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'idc-services': {
    '2025-08': 5_200, '2025-09': 5_800, '2025-10': 6_100, '2025-11': 6_400, '2025-12': 6_600,
    '2026-01': 5_600, '2026-02': 5_400, '2026-03': 5_900, '2026-04': 6_000, '2026-05': 6_100, '2026-06': 6_200,
    '2026-07': 6_300, '2026-08': 6_400, '2026-09': 6_500, '2026-10': 6_600, '2026-11': 6_700, '2026-12': 6_800,
    '2027-01': 4_800, '2027-02': 4_700, '2027-03': 5_000, '2027-04': 5_000, '2027-05': 5_100, '2027-06': 5_100,
    '2027-07': 5_200, '2027-08': 5_200, '2027-09': 5_300, '2027-10': 5_300, '2027-11': 5_400, '2027-12': 5_400,
    '2028-01': 4_400, '2028-02': 4_300, '2028-03': 4_500, '2028-04': 4_500, '2028-05': 4_600, '2028-06': 4_600,
    '2028-07': 4_700,
  },
  'network-hardware': {
    '2025-08': 8_000, '2025-10': 7_200, '2025-12': 5_000,
    '2026-02': 2_500, '2026-04': 2_100, '2026-06': 1_400,
  },
};

const CATEGORY_LABEL: Readonly<Record<string, string>> = { 'idc-services': 'IDC', 'network-hardware': 'HW' };

const ORDER_DAY = 5;
const INVOICE_DAY = 25;

/** RMB thousands → a decimal string in yuan, via bigint minor units. */
const thousandsToAmount = (thousands: number): string =>
  formatMinor(BigInt(thousands) * 1_000n * 100n, 'CNY');

export interface DemoPlanLine {
  readonly categoryKey: string;
  readonly month: string;
  readonly amount: string;
  readonly orderReference: string;
  readonly orderSignedOn: CalendarDate;
  readonly invoiceReference: string;
  readonly invoiceDate: CalendarDate;
  readonly servicePeriod: { readonly start: CalendarDate; readonly end: CalendarDate };
  /** The two independent quotes asked for before the order (issue 4), both dearer than Xiaomi's. */
  readonly quotes: readonly { readonly supplierId: string; readonly amount: string }[];
  /** When the three quotes were issued: three days before the order. */
  readonly quotedOn: CalendarDate;
}

/**
 * Illustrative independent providers, two per category, in the demo register as unconnected
 * companies: the seed's policy asks at least two independent third parties for quotes before each
 * order. Their names say they are illustrative.
 */
export const DEMO_SUPPLIERS: Readonly<Record<string, readonly { id: string; en: string; zh: string }[]>> = {
  'idc-services': [
    { id: 'demo-idc-a', en: 'Cloudline Data Centres Ltd (illustrative)', zh: '雲線數據中心有限公司（示例）' },
    {
      id: 'demo-idc-b',
      en: 'Pearl River IDC Co., Ltd. (illustrative)',
      zh: '珠江互聯網數據中心有限公司（示例）',
    },
  ],
  'network-hardware': [
    {
      id: 'demo-hw-a',
      en: 'Meridian Network Equipment Ltd (illustrative)',
      zh: '子午網絡設備有限公司（示例）',
    },
    { id: 'demo-hw-b', en: 'Harbour Systems Hardware Co. (illustrative)', zh: '海港系統硬件公司（示例）' },
  ],
};

/** `minor` marked up by `tenthsOfPercent` tenths of a percent, rounded up: strictly dearer. */
const markedUp = (minor: bigint, tenthsOfPercent: bigint): bigint =>
  (minor * (1000n + tenthsOfPercent) + 999n) / 1000n;

/** The illustrative plan, in date order: deterministic, independent of today. */
export function demoPlan(): DemoPlanLine[] {
  const lines: DemoPlanLine[] = [];
  for (const [categoryKey, months] of Object.entries(PLAN)) {
    const label = CATEGORY_LABEL[categoryKey] ?? categoryKey;
    for (const [month, thousands] of Object.entries(months)) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const minor = BigInt(thousands) * 1_000n * 100n;
      const suppliers = DEMO_SUPPLIERS[categoryKey] ?? [];
      // Between 2.0% and 8.5% dearer, varying by month: deterministic, never equal to Xiaomi's price.
      const quotes = suppliers.map((s, i) => ({
        supplierId: s.id,
        amount: formatMinor(markedUp(minor, 20n + BigInt(((m * 7 + i * 13) % 14) * 5)), 'CNY'),
      }));
      lines.push({
        categoryKey,
        month,
        amount: thousandsToAmount(thousands),
        orderReference: `DEMO-PO-${label}-${month} ${ILLUSTRATIVE}`,
        orderSignedOn: makeDate(y, m, ORDER_DAY),
        invoiceReference: `DEMO-INV-${label}-${month} ${ILLUSTRATIVE}`,
        invoiceDate: makeDate(y, m, INVOICE_DAY),
        servicePeriod: { start: makeDate(y, m, 1), end: makeDate(y, m, daysInMonth(y, m)) },
        quotes,
        quotedOn: addDays(makeDate(y, m, ORDER_DAY), -3),
      });
    }
  }
  return lines.sort((a, b) =>
    a.orderSignedOn < b.orderSignedOn ? -1 : a.orderSignedOn > b.orderSignedOn ? 1 : 0,
  );
}

export type DemoResult =
  | {
      readonly loaded: true;
      readonly issuer: IssuerRecord;
      readonly agreementId: string;
      readonly today: CalendarDate;
      readonly orders: number;
      readonly actuals: number;
    }
  | { readonly loaded: false; readonly issuer: IssuerRecord };

/**
 * Loads the demo: its own issuer, the seed agreement, then the illustrative orders and invoices
 * dated up to the clock's today (an order from its signing day on the 5th, its invoice from the
 * 25th). Everything goes through the use cases, so the order gate applies. Idempotent: when a demo
 * issuer exists already, nothing is written and `loaded` is false.
 */
export interface LoadDemoOptions {
  /** Record FY2025's annual review (settings, the INEDs' sign-offs, the auditor's letter); default true. */
  readonly annualReview?: boolean;
}

export async function loadDemo(ctx: AppContext, options: LoadDemoOptions = {}): Promise<DemoResult> {
  const issuers = await ctx.store.listIssuers();
  const existing = issuers.find((i) => i.isDemo);
  if (existing) return { loaded: false, issuer: existing };
  if (issuers.length > 0) {
    throw AppError.conflict(
      'NOT_A_NEW_DATABASE',
      'the demo data set is loaded only into a new database, and this one already has records: use a new --data directory',
    );
  }

  const today = ctx.clock.today();
  // A fixed id: two processes loading the demo at once on a new database create one demo issuer.
  const ensured = await ensureIssuer(ctx, {
    id: 'iss_demo',
    name: DEMO_ISSUER_NAME,
    isDemo: true,
    financialYearEnd: '12-31',
  });
  if (!ensured.created) return { loaded: false, issuer: ensured.issuer };
  const issuer = ensured.issuer;
  const actor: Actor = { userId: DEMO_USER, issuerId: issuer.id, roles: OPERATOR_ROLES };
  const agreement = await createAgreement(ctx, actor, seedAgreementInput());
  await recordDemoRegister(ctx, actor, agreement.id);
  // The price list is dated 15 July 2025; a demo loaded as of an earlier day goes without it.
  if (today >= '2025-07-15') await recordDemoThirdPartyTerms(ctx, actor, agreement.id);

  let orders = 0;
  let actuals = 0;
  for (const line of demoPlan()) {
    if (line.orderSignedOn > today) break;
    const order = await recordOrder(ctx, actor, {
      agreementId: agreement.id,
      categoryKey: line.categoryKey,
      reference: line.orderReference,
      signedOn: line.orderSignedOn,
      schedule: [{ date: line.invoiceDate, amount: line.amount, currency: 'CNY' }],
      pricing: await demoPricing(ctx, actor, line),
    });
    if (!('id' in order.body)) {
      // The plan is sized below every cap: a refusal here is a defect in the plan, not a user error.
      throw new Error(`the demo order ${line.orderReference} was refused: ${order.body.message}`);
    }
    orders += 1;
    if (line.invoiceDate > today) continue;
    const actual = await postActual(ctx, actor, {
      agreementId: agreement.id,
      categoryKey: line.categoryKey,
      orderId: order.body.id,
      date: line.invoiceDate,
      invoiceDate: line.invoiceDate,
      servicePeriod: line.servicePeriod,
      amount: line.amount,
      currency: 'CNY',
      reference: line.invoiceReference,
    });
    if (actual.body.breach)
      throw new Error(`the demo invoice ${line.invoiceReference} breached a cap: ${actual.body.breach.code}`);
    actuals += 1;
  }
  // FY2025's annual review, done by the end of March 2026 in the demo's history (illustrative).
  if (today >= DEMO_REVIEW_DONE_BY && options.annualReview !== false)
    await recordDemoAnnualReview(ctx, actor);
  // Today's forecast run, as the scheduler would do it: escalations where the illustrative run-rate
  // exceeds a cap, terms ending soon, reviews coming due (issue 5).
  await runDailyMonitoring(ctx, issuer.id, today, forecastOutlooks);
  return { loaded: true, issuer, agreementId: agreement.id, today, orders, actuals };
}

/** A quotation as a small text file, clearly marked as illustrative, uploaded as evidence. */
async function demoQuotation(
  ctx: AppContext,
  actor: Actor,
  line: DemoPlanLine,
  supplier: string,
  amount: string,
): Promise<string> {
  const text = [
    'QUOTATION: ILLUSTRATIVE DEMO DATA, NOT A REAL DOCUMENT',
    `Supplier: ${supplier}`,
    'To: Kingsoft Cloud Holdings Limited',
    `For: ${line.categoryKey === 'idc-services' ? 'IDC services' : 'network hardware'} for ${line.month} (${line.orderReference})`,
    `Price: ${formatDisplay({ currency: 'CNY', minor: BigInt(amount.replace('.', '')) })} including tax`,
    `Issued: ${line.quotedOn}; valid until ${line.orderSignedOn}`,
    '',
  ].join('\n');
  const uploaded = await uploadEvidence(ctx, actor, {
    bytes: new TextEncoder().encode(text),
    mediaType: 'text/plain',
    filename: `quotation-${line.orderReference.split(' ')[0] ?? line.month}-${supplier.split(' ')[0] ?? 'supplier'}.txt`,
    issuedOn: line.quotedOn,
    description: `Illustrative quotation from ${supplier} for ${line.orderReference}`,
  });
  return uploaded.sha256;
}

/** The order's quote comparison: Xiaomi's quote for the order, and the two independent providers'. */
async function demoPricing(ctx: AppContext, actor: Actor, line: DemoPlanLine) {
  const suppliers = DEMO_SUPPLIERS[line.categoryKey] ?? [];
  return {
    connectedQuote: {
      amount: line.amount,
      currency: 'CNY',
      validUntil: line.orderSignedOn,
      specification: `${line.categoryKey} for ${line.month} ${ILLUSTRATIVE}`,
      evidence: [await demoQuotation(ctx, actor, line, 'Xiaomi Corporation', line.amount)],
    },
    independentQuotes: await Promise.all(
      line.quotes.map(async (q) => {
        const s = suppliers.find((x) => x.id === q.supplierId);
        return {
          supplier: { partyId: q.supplierId, name: s?.en ?? q.supplierId },
          amount: q.amount,
          currency: 'CNY',
          validUntil: line.orderSignedOn,
          quotedOn: line.quotedOn,
          specification: `${line.categoryKey} for ${line.month} ${ILLUSTRATIVE}`,
          evidence: [await demoQuotation(ctx, actor, line, s?.en ?? q.supplierId, q.amount)],
        };
      }),
    ),
  };
}

/**
 * The seed's second comparison (issue 4 item 6): the terms Xiaomi Group offers independent third
 * parties, recorded on the agreement with an illustrative price list as evidence.
 */
async function recordDemoThirdPartyTerms(ctx: AppContext, actor: Actor, agreementId: string): Promise<void> {
  const text = [
    'PRICE LIST: ILLUSTRATIVE DEMO DATA, NOT A REAL DOCUMENT',
    'Xiaomi Group: standard IDC hosting and network hardware prices offered to independent customers',
    'Issued: 2025-07-15',
    '',
  ].join('\n');
  const file = await uploadEvidence(ctx, actor, {
    bytes: new TextEncoder().encode(text),
    mediaType: 'text/plain',
    filename: 'xiaomi-price-list-to-independent-customers.txt',
    issuedOn: '2025-07-15',
    description: 'Illustrative: Xiaomi Group price list to independent third parties',
  });
  await recordAgreementEvidence(ctx, actor, agreementId, {
    kind: 'connected-party-terms-to-third-parties',
    summary: `Xiaomi Group's standard prices to independent customers, against which the framework's fees are no less favourable to the group ${ILLUSTRATIVE}`,
    evidence: [file.sha256],
  });
}

/** The seed case's directors, with their names in the announcement. */
const DIRECTORS = [
  { id: 'lei-jun', en: 'Lei Jun', zh: '雷軍' },
  { id: 'zou-tao', en: 'Zou Tao', zh: '鄒濤' },
  { id: 'zhang-duo', en: 'Zhang Duo', zh: '張鐸' },
  { id: 'yu-mingto', en: 'Yu Mingto', zh: '喻銘鐸' },
  { id: 'wang-hang', en: 'Wang Hang', zh: '王航' },
  { id: 'qu-jingyuan', en: 'Qu Jingyuan', zh: '曲靜淵' },
] as const;

/**
 * The register, figures, rate and board resolution behind the seed classification, so that
 * GET /api/v1/classifications answers on the demo. Xiaomi's 11.12%, the directorships and the
 * abstentions are the announcement's; Lei Jun's percentage in Xiaomi, the issuer's figures (the rule
 * digest's §15 baseline) and the rate (its RMB1 = HK$1.08 fixture) are illustrative.
 */
async function recordDemoRegister(ctx: AppContext, actor: Actor, agreementId: string): Promise<void> {
  const issuerId = actor.issuerId;
  await recordRegister(ctx, actor, {
    parties: [
      {
        id: issuerId,
        kind: 'company',
        name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': '金山云控股有限公司' },
      },
      {
        id: 'xiaomi',
        kind: 'company',
        name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' },
        aliases: ['Xiaomi Group'],
      },
      ...Object.values(DEMO_SUPPLIERS)
        .flat()
        .map((s) => ({ id: s.id, kind: 'company', name: { en: s.en, 'zh-Hant': s.zh } })),
      ...DIRECTORS.map((d) => ({ id: d.id, kind: 'individual', name: { en: d.en, 'zh-Hant': d.zh } })),
    ],
    relationships: [
      { kind: 'shareholding', holder: 'xiaomi', company: issuerId, percent: '11.12' },
      ...DIRECTORS.map((d) => ({ kind: 'director', person: d.id, company: issuerId })),
      { kind: 'director', person: 'lei-jun', company: 'xiaomi' },
      { kind: 'shareholding', holder: 'lei-jun', company: 'xiaomi', percent: '20' },
      { kind: 'director', person: 'zhang-duo', company: 'xiaomi' },
    ],
  });
  await recordIssuerFigures(ctx, actor, {
    asOf: '2024-12-31',
    figures: {
      currency: 'HKD',
      totalAssets: '20000000000.00',
      revenue: '8000000000.00',
      profits: '-2000000000.00',
      marketCapitalisation: '10000000000.00',
    },
    source: 'ILLUSTRATIVE: the rule digest §15 baseline issuer; the announcement states no figures',
  });
  await recordFxRate(ctx, actor, {
    from: 'CNY',
    to: 'HKD',
    date: '2025-07-28',
    rate: '1.08',
    source: 'ILLUSTRATIVE: the rule digest §15 fixture, not a market rate',
  });
  await recordBoardResolution(ctx, actor, {
    meetingDate: '2025-07-29',
    reference: 'Board resolution approving the 2025 Xiaomi Cooperation Framework Agreement and its caps',
    directorsPresent: DIRECTORS.map((d) => d.id),
    votes: DIRECTORS.map((d) => ({
      personId: d.id,
      vote: d.id === 'lei-jun' || d.id === 'zhang-duo' ? 'abstain' : 'for',
    })),
    agreementIds: [agreementId],
  });
}

/** The day by which the demo's FY2025 annual review is recorded as done. */
export const DEMO_REVIEW_DONE_BY = '2026-03-31';

/** The seed's INEDs, as accounts of the demo issuer: they sign off FY2025. Nobody can sign in as them. */
export const DEMO_INEDS = DIRECTORS.filter((d) => ['yu-mingto', 'wang-hang', 'qu-jingyuan'].includes(d.id));

/**
 * FY2025's annual review as the demo has it (illustrative): the four-limb wording and a bulk-printing
 * date of 15 April 2026; each INED confirms every limb; the auditor's letter of 20 March 2026 finds
 * nothing on three matters, the pricing-policy matter not applicable (the group buys), and its copy
 * went to the Exchange on 23 March 2026, before the 14A.57 deadline. The INEDs' accounts get random
 * passwords that are never shown.
 */
async function recordDemoAnnualReview(ctx: AppContext, actor: Actor): Promise<void> {
  await putAnnualReviewSettings(ctx, actor, '2025', { limbWording: 'four', bulkPrintDate: '2026-04-15' });
  for (const ined of DEMO_INEDS) {
    const email = `${ined.id}@demo.armslength.invalid`;
    await addUser(ctx, DEMO_USER, {
      email,
      password: randomBytes(24).toString('base64url'),
      name: `${ined.en} ${ILLUSTRATIVE}`,
      issuerId: actor.issuerId,
      role: 'ined',
      personId: ined.id,
    });
    const user = await ctx.store.getUserByEmail(email);
    if (!user) throw new Error(`the demo INED ${email} was not created`);
    await signOffInedReview(ctx, { userId: user.id, issuerId: actor.issuerId, roles: ['ined'] }, '2025', {
      signedName: ined.en,
      limbs: limbsOf('four').map((l) => ({ limb: l.key, outcome: 'confirmed' })),
    });
  }
  const letter = await recordAuditorLetter(ctx, actor, '2025', {
    auditorName: `Harbour & Peak CPA Limited ${ILLUSTRATIVE}`,
    letterDate: '2026-03-20',
    findings: [
      { matter: 'board-approval', outcome: 'no-exception' },
      { matter: 'pricing-policy', outcome: 'not-applicable' },
      { matter: 'agreement-terms', outcome: 'no-exception' },
      { matter: 'caps', outcome: 'no-exception' },
    ],
  });
  await markLetterSentToExchange(ctx, actor, '2025', letter.id, { sentOn: '2026-03-23' });
}
