/**
 * The agreements: a list (name, counterparty, signing date, categories with their terms, tier), and
 * one agreement in full — its caps per category and period with every revision and approval, terms
 * and terminations, the pricing policy, and its classification with every ratio explained (the
 * numerator, the denominator, the exact percentage) and the requirements with their rules.
 */
import { Empty, ErrorState, Show, useGet, type Loadable } from '../components/state';
import { date, millions, money, named } from '../format';
import { defineMessages, useI18n, type Lang } from '../i18n';
import type { ScreenProps } from '.';
import {
  cite,
  currencyUnit,
  fractionGreater,
  fractionPercent,
  hasKey,
  millionsFigure,
  periodLabel,
  span,
  stepText,
  tierKey,
  tierLongKey,
  useRuleWords,
  colon,
  paren,
  type BasisStep,
  type Name,
} from './chapter14a';
import type { CapView, CategoryBase } from './ledger';
import './agreements.css';

// ---- the API's shapes (GET /api/v1/agreements[/:id], GET /api/v1/classifications) ----

interface Category extends CategoryBase {
  readonly pricingBasis: string | null;
  readonly pricingPolicy: {
    readonly minIndependentQuotes: number;
    readonly comparison: string;
    readonly quoteValidityRequired: boolean;
    readonly exceptionsAllowed: boolean;
  };
  readonly ifaOpinion: { readonly adviser: string; readonly date: string; readonly reference: string } | null;
  readonly termination: {
    readonly effectiveOn: string;
    readonly reason: string;
    readonly recordedAt: string;
  } | null;
}

interface CapHistoryEntry {
  readonly amount: string;
  readonly effectiveFrom: string | null;
  readonly approvedOn: string | null;
  readonly reason: string | null;
  readonly approvalReference: string | null;
  readonly revisionId: string | null;
  readonly status: 'approved' | 'pending';
  readonly countsFrom: string | null;
  readonly requiredApprovals: readonly {
    readonly code: string;
    readonly kind: string;
    readonly rule: string;
  }[];
  readonly approvals: readonly {
    readonly id: string;
    readonly kind: string;
    readonly date: string;
    readonly reference: string;
  }[];
}

interface Cap extends CapView {
  readonly history?: readonly CapHistoryEntry[];
}

export interface Agreement {
  readonly id: string;
  readonly name: Name;
  readonly counterparty: { readonly name: Name; readonly partyId: string | null };
  readonly signedOn: string;
  readonly categories: readonly Category[];
  readonly caps: readonly Cap[];
}

interface AgreementDetail extends Agreement {
  readonly renews: string | null;
  readonly renewedBy: readonly string[];
  readonly materialChanges: readonly {
    readonly id: string;
    readonly effectiveOn: string;
    readonly description: string;
  }[];
  readonly boardResolutions: readonly {
    readonly id: string;
    readonly reference: string;
    readonly meetingDate: string;
    readonly approves: boolean;
  }[];
  readonly withheld?: { readonly rule: string; readonly personId: string };
}

interface Numerator {
  readonly amount: string;
  readonly currency: string;
  readonly amountHkd: string;
  readonly financialYear: string;
}

interface Ratio {
  readonly name: string;
  readonly percent: string;
  readonly exact: string | null;
  readonly usedForClassification: boolean;
}

interface Classified {
  readonly id: string;
  readonly name: Name;
  readonly tier: string;
  readonly individualTier: string;
  readonly tierRule: string | null;
  readonly numerator: Numerator | null;
  readonly ratios: readonly Ratio[];
  readonly categories: readonly {
    readonly key: string;
    readonly name: Name;
    readonly numerator: Numerator | null;
    readonly ratios: readonly Ratio[];
    readonly tier: string;
  }[];
  readonly requirements: readonly { readonly code: string; readonly rule: string; readonly text: string }[];
  readonly explanation: readonly BasisStep[];
  readonly findings: readonly BasisStep[];
  readonly interestedDirectors: readonly {
    readonly id: string;
    readonly name: Name;
    readonly reasons: readonly BasisStep[];
  }[];
  readonly implications: { readonly en: string; readonly 'zh-Hant': string };
  readonly boardApproved: boolean;
  readonly facts: {
    readonly normalCommercialTerms: boolean;
    readonly inedConfirmed: boolean;
    readonly source: string;
  };
}

export interface Classification {
  readonly asOf: string;
  readonly parties: readonly { readonly id: string; readonly name: Name }[];
  readonly agreements: readonly Classified[];
  readonly aggregates: readonly {
    readonly partyIds: readonly string[];
    readonly agreementIds: readonly string[];
    readonly tier: string;
    readonly tierRule: string | null;
  }[];
  readonly figures: { readonly asOf: string; readonly source: string };
  readonly fxRates: readonly {
    readonly from: string;
    readonly to: string;
    readonly rate: string;
    readonly date: string;
    readonly source: string;
  }[];
  readonly scenario: { readonly issuer?: { readonly figures?: Readonly<Record<string, string>> } };
}

// ---- words ----

const useT = defineMessages(
  {
    title: 'Agreements',
    intro:
      'Framework agreements with connected persons, their categories, terms and the tier each is classified in.',
    none: 'No agreement is recorded yet.',
    name: 'Agreement',
    counterparty: 'Counterparty',
    signedOn: 'Signed on',
    categories: 'Categories and terms',
    tier: 'Tier',
    tierUnavailable: 'The tiers cannot be shown:',
    terminated: 'terminated with effect from',
    back: 'All agreements',
    summary: 'Summary',
    caps: 'Annual caps',
    capsCaption: 'Annual caps by category and period; hover over a figure for the exact amount.',
    category: 'Category',
    period: 'Period',
    capHeader: 'Annual cap',
    revisions: 'Revisions and approvals',
    stated: 'As stated in the agreement',
    revisedTo: 'Revised to',
    effectiveFrom: 'effective from',
    countsFrom: 'counts from',
    approvedOn: 'approved on',
    reference: 'reference',
    approved: 'Approved',
    pending: 'Pending approval: gives no headroom until every required approval is recorded',
    requires: 'Requires',
    recordedApproval: 'Recorded',
    none2: 'None',
    terms: 'Terms and terminations',
    direction: 'Direction',
    term: 'Term',
    termination: 'Termination',
    notTerminated: 'Not terminated',
    'direction.issuer-purchases': 'The group purchases from the counterparty',
    'direction.issuer-sells': 'The group sells to the counterparty',
    pricing: 'Pricing policy',
    pricingBasis: 'Pricing basis (as recorded)',
    quotes: 'Independent quotations required before each specific agreement',
    'comparison.connected-lower':
      "The connected person's price must be lower than every independent quotation",
    'comparison.connected-higher':
      "The connected person's price must be higher than every independent quotation",
    validity: 'Each quotation must be valid on the signing date',
    exceptions: 'Documented exceptions allowed',
    comparison: 'Comparison with the quotations',
    yes: 'Yes',
    no: 'No',
    ifa: "Independent financial adviser's opinion on a term over three years",
    classification: 'Classification under Chapter 14A',
    classifiedAsOf: 'Classified as at',
    decidedBy: 'Decided under',
    highest: 'Highest applicable percentage ratio',
    ratiosOf: 'Percentage ratios of the agreement (its categories together)',
    ratiosHelp:
      "Each ratio is the largest annual cap in a financial year (in Hong Kong dollars) divided by the issuer's figure. The profits ratio is never used for a continuing connected transaction.",
    ratio: 'Ratio',
    numerator: 'Numerator',
    denominator: 'Denominator',
    percentage: 'Percentage',
    used: 'Used for the tier',
    categoryRatios: 'Percentage ratios of each category on its own',
    individually: 'Tier on its own',
    aggregated: 'Aggregated with other agreements with parties connected with one another',
    aggregateTier: 'Tier of the aggregate',
    requirements: 'What the tier requires',
    requirement: 'Requirement',
    rule: 'Rule',
    noRequirements: 'No requirement of Chapter 14A applies.',
    interested: 'Directors who must abstain on the board resolution',
    noInterested: 'No director has a material interest.',
    board: 'Board resolutions approving it',
    noBoard: 'No board resolution approving it is recorded.',
    approvesIt: 'approves it',
    doesNotApprove: "does not count as the board's approval (see the board resolutions)",
    materialInterest: 'A material interest in the counterparty',
    withheld:
      'You must abstain on this agreement (Rule 13.44 of the Listing Rules): its board papers are withheld from you.',
    facts: 'Facts relied on',
    nct: 'On normal commercial terms or better',
    inedConfirmed: 'Terms confirmed fair and reasonable by the independent non-executive directors',
    factsDefault: 'Not recorded: assumed as shown until recorded.',
    figures: 'Issuer figures as at',
    source: 'source',
    fx: 'Exchange rate',
    implications: 'Listing Rules implications (as an announcement would state them)',
    steps: 'How the engine reached it, step by step',
    findings: 'Findings',
    materialChanges: 'Material changes of terms',
    renews: 'Renews',
    renewedBy: 'Renewed by',
    notFoundCap: 'No cap is recorded.',
  },
  {
    title: '協議',
    intro: '與關連人士訂立的框架協議、其交易類別、期限及各協議的分類。',
    none: '尚未記錄任何協議。',
    name: '協議',
    counterparty: '交易對手方',
    signedOn: '簽訂日期',
    categories: '交易類別及期限',
    tier: '分類',
    tierUnavailable: '未能顯示分類：',
    terminated: '終止生效日期',
    back: '所有協議',
    summary: '概要',
    caps: '年度上限',
    capsCaption: '按交易類別及期間列示的年度上限；將游標移至數字上可見確實金額。',
    category: '交易類別',
    period: '期間',
    capHeader: '年度上限',
    revisions: '修訂及批准',
    stated: '協議所載',
    revisedTo: '修訂為',
    effectiveFrom: '生效日期',
    countsFrom: '計算起始日',
    approvedOn: '批准日期',
    reference: '參考編號',
    approved: '已批准',
    pending: '待批准：在記錄所有所需批准前不提供額外額度',
    requires: '所需批准',
    recordedApproval: '已記錄',
    none2: '無',
    terms: '期限及終止',
    direction: '交易方向',
    term: '期限',
    termination: '終止',
    notTerminated: '未終止',
    'direction.issuer-purchases': '本集團向交易對手方採購',
    'direction.issuer-sells': '本集團向交易對手方銷售',
    pricing: '定價政策',
    pricingBasis: '定價基準（按記錄）',
    quotes: '訂立每份具體協議前須取得的獨立第三方報價數目',
    'comparison.connected-lower': '關連人士的價格須低於每份獨立第三方報價',
    'comparison.connected-higher': '關連人士的價格須高於每份獨立第三方報價',
    validity: '每份報價於簽訂日期須仍然有效',
    exceptions: '容許有記錄的例外情況',
    comparison: '與報價的比較',
    yes: '是',
    no: '否',
    ifa: '獨立財務顧問就超過三年期限發表的意見',
    classification: '第14A章下的分類',
    classifiedAsOf: '分類日期',
    decidedBy: '依據',
    highest: '最高適用百分比率',
    ratiosOf: '協議的百分比率（各交易類別合併計算）',
    ratiosHelp:
      '每項比率為一個財政年度內最高的年度上限（以港元計）除以發行人的相關數字。持續關連交易從不使用盈利比率。',
    ratio: '比率',
    numerator: '分子',
    denominator: '分母',
    percentage: '百分比',
    used: '用於分類',
    categoryRatios: '各交易類別個別計算的百分比率',
    individually: '個別分類',
    aggregated: '與彼此有關連的各方所訂立的其他協議合併計算',
    aggregateTier: '合併計算的分類',
    requirements: '該分類須遵守的規定',
    requirement: '規定',
    rule: '規則',
    noRequirements: '第14A章的規定均不適用。',
    interested: '須就董事會決議放棄投票的董事',
    noInterested: '概無董事擁有重大權益。',
    board: '批准此協議的董事會決議',
    noBoard: '尚未記錄批准此協議的董事會決議。',
    approvesIt: '批准此協議',
    doesNotApprove: '不可視為董事會的批准（見董事會決議）',
    materialInterest: '於交易對手方擁有重大權益',
    withheld: '閣下須就此協議放棄表決（上市規則第13.44條）：其董事會文件不予提供。',
    facts: '所依據的事實',
    nct: '按一般商業條款或更佳條款進行',
    inedConfirmed: '獨立非執行董事已確認條款公平合理',
    factsDefault: '尚未記錄：在記錄前按所示假設。',
    figures: '發行人數字截至',
    source: '來源',
    fx: '匯率',
    implications: '上市規則的涵義（按公告的表述）',
    steps: '分類步驟',
    findings: '發現',
    materialChanges: '條款的重大變動',
    renews: '續訂',
    renewedBy: '由以下協議續訂',
    notFoundCap: '尚未記錄任何上限。',
  },
);

type T = ReturnType<typeof useT>;

const catName = (a: Agreement, key: string, lang: Lang): string =>
  named(a.categories.find((c) => c.key === key)?.name, lang);

/** "FY2026" / "2026財政年度". */
const fy = (label: string, lang: Lang): string =>
  lang === 'en' ? label : label.replace(/^FY(\d{4})$/, '$1財政年度');

function TierBadge({ tier }: { tier: string }) {
  const r = useRuleWords();
  return <span className={`tier-badge tier-${tier}`}>{r(tierKey(tier))}</span>;
}

// ---- the list ----

export function Agreements() {
  const t = useT();
  const { lang } = useI18n();
  const [list, reload] = useGet<{ items: readonly Agreement[] }>('/api/v1/agreements');
  const [classified] = useGet<Classification>('/api/v1/classifications');
  const tiers = new Map<string, string>();
  if (classified.state === 'ready') for (const a of classified.data.agreements) tiers.set(a.id, a.tier);
  return (
    <section aria-labelledby="agreements-title" className="agreements">
      <h1 id="agreements-title">{t('title')}</h1>
      <p className="help">{t('intro')}</p>
      <Show value={list} onRetry={reload}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('none')}</Empty>
          ) : (
            <>
              <table className="data agreements-table">
                <caption className="visually-hidden">{t('title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('name')}</th>
                    <th scope="col">{t('counterparty')}</th>
                    <th scope="col">{t('signedOn')}</th>
                    <th scope="col">{t('categories')}</th>
                    <th scope="col">{t('tier')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((a) => {
                    const tier = tiers.get(a.id);
                    return (
                      <tr key={a.id}>
                        <th scope="row">
                          <a href={`#/agreements/${encodeURIComponent(a.id)}`}>{named(a.name, lang)}</a>
                        </th>
                        <td>{named(a.counterparty.name, lang)}</td>
                        <td className="nowrap">{date(a.signedOn, lang)}</td>
                        <td>
                          <ul className="plain">
                            {a.categories.map((c) => (
                              <li key={c.id}>
                                <strong>{named(c.name, lang)}</strong>
                                {colon(lang)}
                                {span(c.termStart, c.termEnd, lang)}
                                {c.termination && (
                                  <span className="terminated">
                                    {paren(
                                      `${t('terminated')} ${date(c.termination.effectiveOn, lang)}`,
                                      lang,
                                    )}
                                  </span>
                                )}
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td>{tier ? <TierBadge tier={tier} /> : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {classified.state === 'error' && (
                <div className="note" role="note">
                  <p>{t('tierUnavailable')}</p>
                  {classified.sentences.map((s) => (
                    <p key={s}>{s}</p>
                  ))}
                </div>
              )}
            </>
          )
        }
      </Show>
    </section>
  );
}

// ---- one agreement ----

function CapsTable({ a, t, lang }: { a: AgreementDetail; t: T; lang: Lang }) {
  const r = useRuleWords();
  if (a.caps.length === 0) return <Empty>{t('notFoundCap')}</Empty>;
  const currencies = new Set(a.caps.map((c) => c.currency));
  const single = currencies.size === 1 ? [...currencies][0] : undefined;
  const order = a.categories.map((c) => c.key);
  const caps = [...a.caps].sort(
    (x, y) =>
      order.indexOf(x.categoryKeys[0] ?? '') - order.indexOf(y.categoryKeys[0] ?? '') ||
      x.periodStart.localeCompare(y.periodStart),
  );
  return (
    <table className="data caps-table">
      <caption>{t('capsCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('category')}</th>
          <th scope="col">{t('period')}</th>
          <th scope="col" className="num">
            {t('capHeader')}
            {single && (
              <>
                <br />
                <span className="unit">{paren(currencyUnit(single, lang), lang).trim()}</span>
              </>
            )}
          </th>
          <th scope="col">{t('revisions')}</th>
        </tr>
      </thead>
      <tbody>
        {caps.map((c) => {
          const revisions = (c.history ?? []).filter((h) => h.revisionId !== null);
          return (
            <tr key={c.id}>
              <th scope="row">
                {c.categoryKeys.map((k) => catName(a, k, lang)).join(lang === 'en' ? ', ' : '、')}
              </th>
              <td>{periodLabel(c.periodStart, c.periodEnd, lang)}</td>
              <td className="num" title={money(c.amount, c.currency, lang)}>
                {single ? millionsFigure(c.amount) : millions(c.amount, c.currency, lang)}
                <span className="visually-hidden"> ({money(c.amount, c.currency, lang)})</span>
              </td>
              <td>
                {revisions.length === 0 ? (
                  <span className="muted">{t('stated')}</span>
                ) : (
                  <ol className="revisions">
                    {revisions.map((h) => (
                      <li key={h.revisionId} className={`revision-${h.status}`}>
                        <span title={money(h.amount, c.currency, lang)}>
                          {t('revisedTo')} <strong>{millions(h.amount, c.currency, lang)}</strong>
                        </span>
                        {h.effectiveFrom && (
                          <>
                            , {t('effectiveFrom')} {date(h.effectiveFrom, lang)}
                          </>
                        )}
                        {h.approvedOn && (
                          <>
                            ; {t('approvedOn')} {date(h.approvedOn, lang)}
                          </>
                        )}
                        {h.approvalReference &&
                          paren(`${t('reference')}${colon(lang)}${h.approvalReference}`, lang)}
                        <br />
                        <span className={`status status-${h.status}`}>
                          {h.status === 'approved' ? t('approved') : t('pending')}
                        </span>
                        {h.countsFrom && (
                          <>
                            {' '}
                            · {t('countsFrom')} {date(h.countsFrom, lang)}
                          </>
                        )}
                        {h.requiredApprovals.length > 0 && (
                          <ul className="plain approvals">
                            {h.requiredApprovals.map((q) => {
                              const done = h.approvals.filter((x) => x.kind === q.kind);
                              return (
                                <li key={q.kind}>
                                  {hasKey(`req.${q.code}`)
                                    ? r(`req.${q.code}` as Parameters<typeof r>[0])
                                    : q.code}
                                  {paren(cite(q.rule, lang), lang)}
                                  {colon(lang)}
                                  {done.length === 0
                                    ? t('none2')
                                    : done
                                        .map(
                                          (x) =>
                                            `${t('recordedApproval')} ${date(x.date, lang)}, ${x.reference}`,
                                        )
                                        .join('; ')}
                                </li>
                              );
                            })}
                          </ul>
                        )}
                      </li>
                    ))}
                  </ol>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function TermsTable({ a, t, lang }: { a: AgreementDetail; t: T; lang: Lang }) {
  return (
    <table className="data">
      <caption className="visually-hidden">{t('terms')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('category')}</th>
          <th scope="col">{t('direction')}</th>
          <th scope="col">{t('term')}</th>
          <th scope="col">{t('termination')}</th>
        </tr>
      </thead>
      <tbody>
        {a.categories.map((c) => (
          <tr key={c.id}>
            <th scope="row">{named(c.name, lang)}</th>
            <td>
              {c.direction === 'issuer-purchases' || c.direction === 'issuer-sells'
                ? t(`direction.${c.direction}`)
                : c.direction}
            </td>
            <td>{span(c.termStart, c.termEnd, lang)}</td>
            <td>
              {c.termination ? (
                <>
                  {t('terminated')} {date(c.termination.effectiveOn, lang)}
                  {colon(lang)}
                  {c.termination.reason}
                </>
              ) : (
                <span className="muted">{t('notTerminated')}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Pricing({ a, t, lang }: { a: AgreementDetail; t: T; lang: Lang }) {
  return (
    <div className="pricing">
      {a.categories.map((c) => {
        const p = c.pricingPolicy;
        return (
          <section key={c.id} aria-labelledby={`pricing-${c.id}`} className="pricing-category">
            <h3 id={`pricing-${c.id}`}>{named(c.name, lang)}</h3>
            <dl className="facts">
              {c.pricingBasis && (
                <>
                  <dt>{t('pricingBasis')}</dt>
                  <dd>{c.pricingBasis}</dd>
                </>
              )}
              <dt>{t('quotes')}</dt>
              <dd>{p.minIndependentQuotes}</dd>
              <dt>{t('comparison')}</dt>
              <dd>
                {p.comparison === 'connected-lower' || p.comparison === 'connected-higher'
                  ? t(`comparison.${p.comparison}`)
                  : p.comparison}
              </dd>
              <dt>{t('validity')}</dt>
              <dd>{p.quoteValidityRequired ? t('yes') : t('no')}</dd>
              <dt>{t('exceptions')}</dt>
              <dd>{p.exceptionsAllowed ? t('yes') : t('no')}</dd>
              {c.ifaOpinion && (
                <>
                  <dt>{t('ifa')}</dt>
                  <dd>
                    {c.ifaOpinion.adviser}, {date(c.ifaOpinion.date, lang)}
                    {paren(c.ifaOpinion.reference, lang)}
                  </dd>
                </>
              )}
            </dl>
          </section>
        );
      })}
    </div>
  );
}

const DENOMINATOR: Record<string, string> = {
  assets: 'totalAssets',
  revenue: 'revenue',
  consideration: 'marketCapitalisation',
  profits: 'profits',
};

function RatiosTable({
  ratios,
  numerator,
  figures,
  caption,
  id,
}: {
  ratios: readonly Ratio[];
  numerator: Numerator | null;
  figures: Readonly<Record<string, string>> | undefined;
  caption: string;
  id: string;
}) {
  const t = useT();
  const r = useRuleWords();
  const { lang } = useI18n();
  const figCurrency = figures?.['currency'] ?? 'HKD';
  const numeratorText = numerator
    ? `${millions(numerator.amount, numerator.currency, lang)}${paren(fy(numerator.financialYear, lang), lang)}${
        numerator.currency === 'HKD' ? '' : ` = ${millions(numerator.amountHkd, 'HKD', lang)}`
      }`
    : '—';
  const percentText = (x: Ratio): string =>
    fractionPercent(x.exact) ??
    (x.percent === 'n/a'
      ? r('notApplicable')
      : x.percent === 'not meaningful'
        ? r('notMeaningful')
        : `${x.percent}%`);
  return (
    <table className="data ratios-table" id={id}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('ratio')}</th>
          <th scope="col">{t('numerator')}</th>
          <th scope="col">{t('denominator')}</th>
          <th scope="col" className="num">
            {t('percentage')}
          </th>
          <th scope="col">{t('used')}</th>
        </tr>
      </thead>
      <tbody>
        {ratios.map((x) => {
          const nameKey = `ratio.${x.name}`;
          const denKey = `den.${x.name}`;
          const field = DENOMINATOR[x.name];
          const den = field ? figures?.[field] : undefined;
          const withFigures = x.exact !== null;
          return (
            <tr key={x.name} className={x.usedForClassification ? '' : 'unused'}>
              <th scope="row">{hasKey(nameKey) ? r(nameKey) : x.name}</th>
              <td title={numerator ? money(numerator.amountHkd, 'HKD', lang) : undefined}>
                {withFigures ? numeratorText : '—'}
              </td>
              <td title={den ? money(den, figCurrency, lang) : undefined}>
                {withFigures && den ? (
                  <>
                    {hasKey(denKey) ? r(denKey) : x.name}
                    {colon(lang)}
                    {millions(den, figCurrency, lang)}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className="num" title={x.exact ?? undefined}>
                {percentText(x)}
              </td>
              <td>{x.usedForClassification ? t('yes') : t('no')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ClassificationSection({
  c,
  data,
  detail,
}: {
  c: Classified;
  data: Classification;
  detail: AgreementDetail;
}) {
  const t = useT();
  const r = useRuleWords();
  const { lang } = useI18n();
  const figures = data.scenario.issuer?.figures;
  const names = data.parties.map((p) => p.name);
  const used = c.ratios.filter((x) => x.usedForClassification && x.exact !== null);
  const highest = used.reduce<Ratio | null>(
    (m, x) => (m === null || (x.exact && m.exact && fractionGreater(x.exact, m.exact)) ? x : m),
    null,
  );
  const aggregate = data.aggregates.find((g) => g.agreementIds.includes(c.id) && g.agreementIds.length > 1);
  const steps = c.explanation
    .map((s) => ({ s, text: stepText(s, lang, names) }))
    .filter((x): x is { s: BasisStep; text: string } => x.text !== null);
  const findings = c.findings
    .map((s) => ({ s, text: stepText(s, lang, names) }))
    .filter((x): x is { s: BasisStep; text: string } => x.text !== null);
  return (
    <>
      <div className="tier-summary">
        <p>
          <TierBadge tier={c.tier} />{' '}
          {c.tierRule && (
            <span className="rule">
              {t('decidedBy')}
              {lang === 'en' ? ' ' : ''}
              {cite(c.tierRule, lang)}
            </span>
          )}
        </p>
        <p>{r(tierLongKey(c.tier))}</p>
        {highest && (
          <p>
            {t('highest')}
            {colon(lang)}
            <strong>{fractionPercent(highest.exact)}</strong>
            {paren(
              hasKey(`ratio.${highest.name}`)
                ? r(`ratio.${highest.name}` as Parameters<typeof r>[0])
                : highest.name,
              lang,
            )}
          </p>
        )}
        <p className="muted">
          {t('classifiedAsOf')} {date(data.asOf, lang)} · {t('figures')} {date(data.figures.asOf, lang)}
          {paren(`${t('source')}${colon(lang)}${data.figures.source}`, lang)}
          {data.fxRates.map((x) => (
            <span key={`${x.from}${x.to}`}>
              {' · '}
              {t('fx')}
              {colon(lang)}
              {x.from === 'CNY' ? (lang === 'en' ? 'RMB' : '人民幣') : x.from}1 ={' '}
              {x.to === 'HKD' ? (lang === 'en' ? `HK$${x.rate}` : `${x.rate}港元`) : `${x.to}${x.rate}`}
              {paren(
                `${date(x.date, lang)}${lang === 'en' ? ', ' : '，'}${t('source')}${colon(lang)}${x.source}`,
                lang,
              )}
            </span>
          ))}
        </p>
      </div>
      <p className="help">{t('ratiosHelp')}</p>
      <RatiosTable
        id="ratios-agreement"
        ratios={c.ratios}
        numerator={c.numerator}
        figures={figures}
        caption={t('ratiosOf')}
      />
      {c.categories.length > 1 && (
        <>
          <h3>{t('categoryRatios')}</h3>
          {c.categories.map((cat) => (
            <RatiosTable
              key={cat.key}
              id={`ratios-${cat.key}`}
              ratios={cat.ratios}
              numerator={cat.numerator}
              figures={figures}
              caption={`${named(cat.name, lang)} · ${t('individually')}${colon(lang)}${r(tierKey(cat.tier))}`}
            />
          ))}
        </>
      )}
      {aggregate && (
        <p>
          {t('aggregated')}
          {colon(lang)}
          {aggregate.agreementIds
            .filter((id) => id !== c.id)
            .map((id) => {
              const other = data.agreements.find((x) => x.id === id);
              return (
                <a key={id} href={`#/agreements/${encodeURIComponent(id)}`}>
                  {other ? named(other.name, lang) : id}
                </a>
              );
            })}{' '}
          · {t('aggregateTier')}
          {colon(lang)}
          {r(tierKey(aggregate.tier))}
          {aggregate.tierRule && paren(cite(aggregate.tierRule, lang), lang)}
        </p>
      )}

      <h3>{t('requirements')}</h3>
      {c.requirements.length === 0 ? (
        <Empty>{t('noRequirements')}</Empty>
      ) : (
        <table className="data">
          <caption className="visually-hidden">{t('requirements')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('requirement')}</th>
              <th scope="col">{t('rule')}</th>
            </tr>
          </thead>
          <tbody>
            {c.requirements.map((q) => {
              const key = `req.${q.code}`;
              return (
                <tr key={q.code}>
                  <td>{hasKey(key) ? r(key) : q.text}</td>
                  <td className="nowrap">{cite(q.rule, lang)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h3>{t('interested')}</h3>
      {c.interestedDirectors.length === 0 ? (
        <Empty>{t('noInterested')}</Empty>
      ) : (
        <ul className="list">
          {c.interestedDirectors.map((d) => (
            <li key={d.id}>
              <strong>{named(d.name, lang)}</strong>
              <ul>
                {d.reasons.map((s, i) => (
                  <li key={i}>
                    {stepText(s, lang, names) ?? t('materialInterest')}
                    {paren(cite(s.rule, lang), lang)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('board')}</h3>
      {detail.withheld ? (
        <p className="note" role="note">
          {t('withheld')}
        </p>
      ) : detail.boardResolutions.length === 0 ? (
        <Empty>{t('noBoard')}</Empty>
      ) : (
        <ul className="list">
          {detail.boardResolutions.map((b) => (
            <li key={b.id}>
              <a href="#/board">{b.reference}</a>
              {lang === 'en' ? ', ' : '，'}
              {date(b.meetingDate, lang)}
              {colon(lang)}
              <span className={b.approves ? 'status status-approved' : 'status status-pending'}>
                {b.approves ? t('approvesIt') : t('doesNotApprove')}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('facts')}</h3>
      <dl className="facts">
        <dt>{t('nct')}</dt>
        <dd>{c.facts.normalCommercialTerms ? t('yes') : t('no')}</dd>
        <dt>{t('inedConfirmed')}</dt>
        <dd>
          {c.facts.inedConfirmed ? t('yes') : t('no')}
          {paren(cite('14A.101', lang), lang)}
        </dd>
      </dl>
      {c.facts.source === 'default' && <p className="muted">{t('factsDefault')}</p>}

      <h3>{t('implications')}</h3>
      <blockquote className="implications" lang={lang}>
        {c.implications[lang].split('\n\n').map((para, i) => (
          <p key={i}>{para}</p>
        ))}
      </blockquote>

      {findings.length > 0 && (
        <>
          <h3>{t('findings')}</h3>
          <ul className="list">
            {findings.map((x, i) => (
              <li key={i}>
                {x.text}
                {paren(cite(x.s.rule, lang), lang)}
              </li>
            ))}
          </ul>
        </>
      )}
      {steps.length > 0 && (
        <details className="steps">
          <summary>{t('steps')}</summary>
          <ol>
            {steps.map((x, i) => (
              <li key={i}>
                <span className="rule">{cite(x.s.rule, lang)}</span>
                {colon(lang)}
                {x.text}
              </li>
            ))}
          </ol>
        </details>
      )}
    </>
  );
}

export function AgreementDetailScreen({ params }: ScreenProps) {
  const t = useT();
  const { lang } = useI18n();
  const id = params['id'] ?? '';
  const [detail, reload] = useGet<AgreementDetail>(`/api/v1/agreements/${encodeURIComponent(id)}`);
  const [classified, reloadClassification] = useGet<Classification>(
    `/api/v1/classifications?agreementId=${encodeURIComponent(id)}`,
  );
  return (
    <section aria-labelledby="agreement-title" className="agreements agreement-detail">
      <p className="back">
        <a href="#/agreements">← {t('back')}</a>
      </p>
      {detail.state !== 'ready' && <h1 id="agreement-title">{t('name')}</h1>}
      <Show value={detail} onRetry={reload}>
        {(a) => (
          <>
            <h1 id="agreement-title">{named(a.name, lang)}</h1>
            <dl className="facts summary" aria-label={t('summary')}>
              <dt>{t('counterparty')}</dt>
              <dd>{named(a.counterparty.name, lang)}</dd>
              <dt>{t('signedOn')}</dt>
              <dd>{date(a.signedOn, lang)}</dd>
              <dt>{t('tier')}</dt>
              <dd>
                {classified.state === 'ready' && classified.data.agreements[0] ? (
                  <TierBadge tier={classified.data.agreements[0].tier} />
                ) : (
                  '—'
                )}
              </dd>
              {a.renews && (
                <>
                  <dt>{t('renews')}</dt>
                  <dd>
                    <a href={`#/agreements/${encodeURIComponent(a.renews)}`}>{a.renews}</a>
                  </dd>
                </>
              )}
              {a.renewedBy.length > 0 && (
                <>
                  <dt>{t('renewedBy')}</dt>
                  <dd>
                    {a.renewedBy.map((r) => (
                      <a key={r} href={`#/agreements/${encodeURIComponent(r)}`}>
                        {r}
                      </a>
                    ))}
                  </dd>
                </>
              )}
            </dl>

            <section aria-labelledby="caps-title" className="card">
              <h2 id="caps-title">{t('caps')}</h2>
              <CapsTable a={a} t={t} lang={lang} />
            </section>

            <section aria-labelledby="terms-title" className="card">
              <h2 id="terms-title">{t('terms')}</h2>
              <TermsTable a={a} t={t} lang={lang} />
              {a.materialChanges.length > 0 && (
                <>
                  <h3>{t('materialChanges')}</h3>
                  <ul className="list">
                    {a.materialChanges.map((m) => (
                      <li key={m.id}>
                        {date(m.effectiveOn, lang)}
                        {colon(lang)}
                        {m.description}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>

            <section aria-labelledby="pricing-title" className="card">
              <h2 id="pricing-title">{t('pricing')}</h2>
              <Pricing a={a} t={t} lang={lang} />
            </section>

            <section aria-labelledby="classification-title" className="card">
              <h2 id="classification-title">{t('classification')}</h2>
              <ClassificationBody value={classified} onRetry={reloadClassification} detail={a} />
            </section>
          </>
        )}
      </Show>
    </section>
  );
}

function ClassificationBody({
  value,
  onRetry,
  detail,
}: {
  value: Loadable<Classification>;
  onRetry: () => void;
  detail: AgreementDetail;
}) {
  if (value.state === 'error') return <ErrorState sentences={value.sentences} onRetry={onRetry} />;
  return (
    <Show value={value}>
      {(data) => {
        const c = data.agreements.find((x) => x.id === detail.id);
        return c ? <ClassificationSection c={c} data={data} detail={detail} /> : <Empty />;
      }}
    </Show>
  );
}
