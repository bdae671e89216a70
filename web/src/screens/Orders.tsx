/**
 * The issuer's orders (specific agreements under the framework): the list, newest first, and one
 * order with its payment schedule, what it still holds in each cap period, the quote comparison kept
 * with it (each evidence file with its SHA-256, so an auditor can verify it) and, for the business
 * role, the changes an order allows: reduce, close, cancel.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { currentIssuer, post, query } from '../api';
import { Empty, ErrorState, Show, sentencesOfError, useGet } from '../components/state';
import { date, fromMinor, money, named, toMinor } from '../format';
import { defineMessages, useI18n } from '../i18n';
import type { ScreenProps } from './index';
import { categoryLabel, fieldErrorsOf, isIsoDate, parseAmountText, type Agreement } from './ledger';

const en = {
  title: 'Orders',
  intro:
    'Specific agreements (purchase orders) signed under the framework agreements, newest first. Each reserved headroom in the annual caps when it was accepted.',
  newOrder: 'New order',
  agreement: 'Agreement',
  allAgreements: 'All agreements',
  status: 'Status',
  allStatuses: 'All',
  from: 'Signed from',
  to: 'Signed to',
  reference: 'Reference',
  category: 'Category',
  signedOn: 'Signed on',
  amount: 'Amount',
  pricing: 'Pricing outcome',
  'status.accepted': 'Open',
  'status.cancelled': 'Cancelled',
  'status.closed': 'Closed',
  'outcome.more-favourable': 'Connected quote more favourable',
  'outcome.exception': 'Exception (flagged)',
  'outcome.no-quotes-required': 'No quotes required',
  'outcome.not-recorded': 'Placed before the pricing gate',
  withheld: 'Withheld (you abstain on this agreement)',
  quotesCounted: '{n} of {m} independent quotes counted',
  none: 'No order is recorded yet.',
  noneMatch: 'No order matches these filters.',
  truncated: 'Only the newest {n} orders are shown: narrow the dates to see older ones.',
  listCaption: 'Orders, newest first',
  // detail
  back: 'All orders',
  orderTitle: 'Order {ref}',
  counterparty: 'Counterparty',
  currency: 'Currency',
  schedule: 'Payment schedule',
  date: 'Date',
  inCap: 'In the cap currency',
  capPeriod: 'Cap period',
  balances: 'What the order holds in each cap period',
  scheduled: 'Scheduled',
  consumed: 'Invoiced (actual amounts)',
  open: 'Still reserved',
  comparison: 'Quote comparison',
  policy: 'Pricing policy',
  policyText:
    "at least {n} independent quotes; the connected person's quote must be {dir} than the best of them",
  lower: 'lower',
  higher: 'higher',
  supplier: 'Supplier',
  validUntil: 'Valid until',
  quotedOn: 'Quoted on',
  verdict: 'Counted?',
  counted: 'Counted',
  best: 'Best independent quote',
  notCounted: 'Not counted',
  connectedRow: '{name} (connected person)',
  expiredTag: 'Expired',
  outcomeYes: "The connected person's quote is more favourable than every counted independent quote.",
  outcomeNo: "The connected person's quote is not more favourable.",
  outcomeNone: 'No comparison was needed.',
  exception: 'Accepted by an exception approved by {by}: {reason}',
  noPricing: 'This order was placed before the pricing-policy gate: no comparison is kept with it.',
  withheldLong:
    'The quotes and evidence of this order are withheld from you: you must abstain on this agreement (Rule 13.44 of the Listing Rules).',
  evidence: 'Evidence files',
  file: 'File',
  forQuote: 'For',
  issuedOn: 'Issued on',
  size: 'Size',
  sha: 'SHA-256',
  noEvidence: 'No evidence file is cited.',
  'quote.connected': "Connected person's quote",
  'quote.independent': 'Independent quote {n}',
  'quote.third-party-terms': 'Terms offered to third parties',
  actions: 'Change the order',
  actionsHelp:
    'Cancelling releases all its headroom (only when nothing has been invoiced); closing releases what it did not use; a reduction lowers the schedule, never raises it.',
  cancel: 'Cancel order',
  close: 'Close order',
  confirmCancel: 'Confirm: cancel {ref}',
  confirmClose: 'Confirm: close {ref}',
  keep: 'Keep it',
  reduce: 'Reduce the schedule',
  reduceSubmit: 'Record the reduction',
  line: 'Line',
  lineAmount: 'New amount, line {n}',
  changed: 'Done: the order is now {status}.',
  reduced: 'Done: the schedule is reduced and the difference released.',
  notOpen: 'This order is {status}: it can no longer be changed.',
  amountInvalid: 'Enter an amount such as 1,200,000.00 (at most two decimals).',
  actualsLink: 'Actual amounts against this order',
  bytes: '{n} bytes',
} as const;

const zh: Record<keyof typeof en, string> = {
  title: '訂單',
  intro:
    '根據框架協議簽訂的具體協議（採購訂單），按日期由新至舊排列。每份訂單獲接納時已在年度上限中預留額度。',
  newOrder: '新訂單',
  agreement: '協議',
  allAgreements: '所有協議',
  status: '狀態',
  allStatuses: '全部',
  from: '簽訂日期由',
  to: '簽訂日期至',
  reference: '編號',
  category: '類別',
  signedOn: '簽訂日期',
  amount: '金額',
  pricing: '定價結果',
  'status.accepted': '進行中',
  'status.cancelled': '已取消',
  'status.closed': '已結束',
  'outcome.more-favourable': '關連人士報價較佳',
  'outcome.exception': '例外（已標示）',
  'outcome.no-quotes-required': '無須報價',
  'outcome.not-recorded': '於定價審核前訂立',
  withheld: '不予顯示（閣下須就此協議放棄參與）',
  quotesCounted: '{m}份中有{n}份獨立報價計算在內',
  none: '尚未記錄任何訂單。',
  noneMatch: '沒有符合篩選條件的訂單。',
  truncated: '只顯示最新的{n}份訂單；請收窄日期範圍以查看較早的訂單。',
  listCaption: '訂單（由新至舊）',
  back: '所有訂單',
  orderTitle: '訂單 {ref}',
  counterparty: '交易對方',
  currency: '貨幣',
  schedule: '付款計劃',
  date: '日期',
  inCap: '以上限貨幣計',
  capPeriod: '上限期間',
  balances: '訂單於各上限期間佔用的額度',
  scheduled: '計劃金額',
  consumed: '已開票（實際金額）',
  open: '仍預留',
  comparison: '報價比較',
  policy: '定價政策',
  policyText: '最少{n}份獨立報價；關連人士的報價必須{dir}其中最佳者',
  lower: '低於',
  higher: '高於',
  supplier: '供應商',
  validUntil: '有效期至',
  quotedOn: '報價日期',
  verdict: '是否計算在內',
  counted: '計算在內',
  best: '最佳獨立報價',
  notCounted: '不計算在內',
  connectedRow: '{name}（關連人士）',
  expiredTag: '已過期',
  outcomeYes: '關連人士的報價較所有計算在內的獨立報價更佳。',
  outcomeNo: '關連人士的報價並非更佳。',
  outcomeNone: '無須比較。',
  exception: '經{by}批准的例外而獲接納：{reason}',
  noPricing: '此訂單於定價政策審核推出前訂立，並無保存報價比較。',
  withheldLong: '此訂單的報價及證明文件不向閣下顯示：閣下須就此協議放棄參與（上市規則第13.44條）。',
  evidence: '證明文件',
  file: '文件',
  forQuote: '用於',
  issuedOn: '發出日期',
  size: '大小',
  sha: 'SHA-256',
  noEvidence: '沒有引用證明文件。',
  'quote.connected': '關連人士的報價',
  'quote.independent': '第{n}份獨立報價',
  'quote.third-party-terms': '向第三方提供的條款',
  actions: '更改訂單',
  actionsHelp:
    '取消會釋放全部額度（只限尚未開票的訂單）；結束會釋放未使用的額度；削減只可降低付款計劃，不可提高。',
  cancel: '取消訂單',
  close: '結束訂單',
  confirmCancel: '確認取消 {ref}',
  confirmClose: '確認結束 {ref}',
  keep: '保留',
  reduce: '削減付款計劃',
  reduceSubmit: '記錄削減',
  line: '行',
  lineAmount: '第{n}行的新金額',
  changed: '完成：訂單現為「{status}」。',
  reduced: '完成：付款計劃已削減，差額已釋放。',
  notOpen: '此訂單為「{status}」，不能再更改。',
  amountInvalid: '請輸入金額，例如1,200,000.00（最多兩位小數）。',
  actualsLink: '此訂單的實際金額',
  bytes: '{n}位元組',
};

const useT = defineMessages(en, zh);
const fill = (s: string, v: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));

type Status = 'accepted' | 'cancelled' | 'closed';

interface OrderListItem {
  readonly id: string;
  readonly agreementId: string;
  readonly agreementName: { en: string; 'zh-Hant': string | null } | null;
  readonly categoryName: { en: string; 'zh-Hant': string | null } | null;
  readonly reference: string;
  readonly signedOn: string;
  readonly status: Status;
  readonly currency: string;
  readonly amount: string;
  readonly pricing: {
    readonly outcome: 'more-favourable' | 'exception' | 'no-quotes-required' | 'not-recorded';
    readonly countedQuotes: number | null;
    readonly minIndependentQuotes: number | null;
    readonly flagged: boolean;
  } | null;
  readonly withheld?: unknown;
}

export function StatusTag({ status }: { status: Status }) {
  const t = useT();
  const cls = status === 'accepted' ? 'ok' : 'muted';
  return <span className={`status-tag ${cls}`}>{t(`status.${status}`)}</span>;
}

export function Orders() {
  const t = useT();
  const { lang } = useI18n();
  const [agreementId, setAgreementId] = useState('');
  const [status, setStatus] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [agreements] = useGet<{ items: readonly Agreement[] }>('/api/v1/agreements');
  const path = `/api/v1/orders${query({
    agreementId: agreementId || undefined,
    status: status || undefined,
    from: isIsoDate(from) ? from : undefined,
    to: isIsoDate(to) ? to : undefined,
  })}`;
  const [orders, reload] = useGet<{ items: readonly OrderListItem[]; truncated: boolean; limit: number }>(
    path,
  );
  const filtered = agreementId !== '' || status !== '' || from !== '' || to !== '';
  const several = agreements.state === 'ready' && agreements.data.items.length > 1;

  return (
    <section className="ledger" aria-labelledby="orders-title">
      <h1 id="orders-title">{t('title')}</h1>
      <p className="help">{t('intro')}</p>
      <div className="ledger-toolbar">
        <a className="button" href="#/orders/new">
          {t('newOrder')}
        </a>
        <div className="filter">
          <label htmlFor="orders-agreement">{t('agreement')}</label>
          <select id="orders-agreement" value={agreementId} onChange={(e) => setAgreementId(e.target.value)}>
            <option value="">{t('allAgreements')}</option>
            {agreements.state === 'ready' &&
              agreements.data.items.map((a) => (
                <option key={a.id} value={a.id}>
                  {named(a.name, lang)}
                </option>
              ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor="orders-status">{t('status')}</label>
          <select id="orders-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('allStatuses')}</option>
            <option value="accepted">{t('status.accepted')}</option>
            <option value="closed">{t('status.closed')}</option>
            <option value="cancelled">{t('status.cancelled')}</option>
          </select>
        </div>
        <div className="filter">
          <label htmlFor="orders-from">{t('from')}</label>
          <input id="orders-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="filter">
          <label htmlFor="orders-to">{t('to')}</label>
          <input id="orders-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      <Show value={orders} onRetry={reload}>
        {(o) =>
          o.items.length === 0 ? (
            <Empty>{filtered ? t('noneMatch') : t('none')}</Empty>
          ) : (
            <>
              <table className="data">
                <caption className="visually-hidden">{t('listCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reference')}</th>
                    <th scope="col">{t('category')}</th>
                    <th scope="col">{t('signedOn')}</th>
                    <th scope="col" className="num">
                      {t('amount')}
                    </th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('pricing')}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.items.map((x) => (
                    <tr key={x.id}>
                      <td>
                        <a href={`#/orders/${encodeURIComponent(x.id)}`}>{x.reference}</a>
                      </td>
                      <td>
                        {named(x.categoryName, lang)}
                        {several && <div className="help">{named(x.agreementName, lang)}</div>}
                      </td>
                      <td>{date(x.signedOn, lang)}</td>
                      <td className="num">{money(x.amount, x.currency, lang)}</td>
                      <td>
                        <StatusTag status={x.status} />
                      </td>
                      <td>
                        {x.pricing === null ? (
                          <span className="status-tag muted">{t('withheld')}</span>
                        ) : (
                          <>
                            <span
                              className={`status-tag ${x.pricing.outcome === 'exception' ? 'warn' : x.pricing.outcome === 'more-favourable' ? 'ok' : 'muted'}`}
                            >
                              {t(`outcome.${x.pricing.outcome}`)}
                            </span>
                            {x.pricing.countedQuotes !== null && x.pricing.minIndependentQuotes !== null && (
                              <div className="help">
                                {fill(t('quotesCounted'), {
                                  n: x.pricing.countedQuotes,
                                  m: x.pricing.minIndependentQuotes,
                                })}
                              </div>
                            )}
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {o.truncated && <p className="help">{fill(t('truncated'), { n: o.limit })}</p>}
            </>
          )
        }
      </Show>
    </section>
  );
}

// ---- one order ----

interface PricingJson {
  readonly policy?: { minIndependentQuotes?: number; comparison?: string };
  readonly currency?: string;
  readonly connectedQuote?: {
    amount: string;
    currency: string;
    capAmount: string;
    validUntil: string;
    expired: boolean;
  } | null;
  readonly independentQuotes?: readonly {
    index: number;
    supplier: { name: string | null; partyId: string | null };
    amount: string;
    currency: string;
    capAmount: string;
    validUntil: string;
    quotedOn: string;
    counted: boolean;
    notCounted: string | null;
    expired: boolean;
    explanation: string | null;
  }[];
  readonly countedQuotes?: number;
  readonly bestIndependent?: { index: number; capAmount: string } | null;
  readonly connectedMoreFavourable?: boolean | null;
  readonly exception?: { reason: string; approvedBy: string } | null;
  readonly flagged?: boolean;
}

interface OrderView {
  readonly id: string;
  readonly agreementId: string;
  readonly categoryId: string;
  readonly reference: string;
  readonly signedOn: string;
  readonly status: Status;
  readonly currency: string;
  readonly schedule: readonly {
    date: string;
    amount: string;
    currency: string;
    capId: string;
    capAmount: string;
  }[];
  readonly balances: readonly { capId: string; scheduled: string; consumed: string; open: string }[];
  readonly pricing: PricingJson | null;
  readonly evidence: readonly {
    sha256: string;
    quote: 'connected' | 'independent' | 'third-party-terms';
    quoteIndex: number | null;
    filename: string;
    size: number;
    issuedOn: string;
  }[];
  readonly withheld?: unknown;
}

interface Session {
  readonly issuers: readonly { id: string; roles: readonly string[] }[];
}

function Comparison({ order, counterparty }: { order: OrderView; counterparty: string }) {
  const t = useT();
  const { lang } = useI18n();
  if (order.withheld) return <p className="state">{t('withheldLong')}</p>;
  const p = order.pricing;
  if (!p) return <p className="state">{t('noPricing')}</p>;
  const capCurrency = p.currency ?? order.currency;
  const dir = p.policy?.comparison === 'connected-higher' ? t('higher') : t('lower');
  return (
    <>
      <p>
        <strong>{t('policy')}:</strong>{' '}
        {fill(t('policyText'), { n: p.policy?.minIndependentQuotes ?? 0, dir })}
      </p>
      <table className="data">
        <caption className="visually-hidden">{t('comparison')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('supplier')}</th>
            <th scope="col" className="num">
              {t('amount')}
            </th>
            <th scope="col">{t('quotedOn')}</th>
            <th scope="col">{t('validUntil')}</th>
            <th scope="col">{t('verdict')}</th>
          </tr>
        </thead>
        <tbody>
          {p.connectedQuote && (
            <tr>
              <th scope="row">{fill(t('connectedRow'), { name: counterparty })}</th>
              <td className="num">{money(p.connectedQuote.amount, p.connectedQuote.currency, lang)}</td>
              <td>—</td>
              <td>{date(p.connectedQuote.validUntil, lang)}</td>
              <td>{p.connectedQuote.expired && <span className="status-tag bad">{t('expiredTag')}</span>}</td>
            </tr>
          )}
          {(p.independentQuotes ?? []).map((q) => (
            <tr key={q.index}>
              <th scope="row">
                {fill(t('quote.independent'), { n: q.index + 1 })}
                {lang === 'en' ? ': ' : '：'}
                {q.supplier.name ?? q.supplier.partyId}
              </th>
              <td className="num">
                {money(q.amount, q.currency, lang)}
                {q.currency !== capCurrency && (
                  <div className="help">
                    {t('inCap')}: {money(q.capAmount, capCurrency, lang)}
                  </div>
                )}
              </td>
              <td>{date(q.quotedOn, lang)}</td>
              <td>{date(q.validUntil, lang)}</td>
              <td>
                {q.counted ? (
                  <span className="status-tag ok">
                    {t('counted')}
                    {p.bestIndependent?.index === q.index ? ` · ${t('best')}` : ''}
                  </span>
                ) : (
                  <span className="status-tag bad">
                    {t('notCounted')}
                    {q.notCounted ? ` (${q.notCounted})` : ''}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {p.connectedMoreFavourable === true
          ? t('outcomeYes')
          : p.connectedMoreFavourable === false
            ? t('outcomeNo')
            : t('outcomeNone')}
      </p>
      {p.exception && (
        <p className="refusal">
          {fill(t('exception'), { by: p.exception.approvedBy, reason: p.exception.reason })}
        </p>
      )}
      <h3>{t('evidence')}</h3>
      {order.evidence.length === 0 ? (
        <Empty>{t('noEvidence')}</Empty>
      ) : (
        <table className="data">
          <caption className="visually-hidden">{t('evidence')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('file')}</th>
              <th scope="col">{t('forQuote')}</th>
              <th scope="col">{t('issuedOn')}</th>
              <th scope="col" className="num">
                {t('size')}
              </th>
              <th scope="col">{t('sha')}</th>
            </tr>
          </thead>
          <tbody>
            {order.evidence.map((e) => (
              <tr key={`${e.sha256}-${e.quote}-${e.quoteIndex ?? ''}`}>
                <td>
                  <a href={`/api/v1/evidence/${e.sha256}/content`} target="_blank" rel="noreferrer">
                    {e.filename}
                  </a>
                </td>
                <td>
                  {e.quote === 'independent'
                    ? fill(t('quote.independent'), { n: (e.quoteIndex ?? 0) + 1 })
                    : t(`quote.${e.quote}`)}
                </td>
                <td>{date(e.issuedOn, lang)}</td>
                <td className="num">{fill(t('bytes'), { n: e.size.toLocaleString('en') })}</td>
                <td className="sha">{e.sha256}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Changes({
  order,
  onChanged,
}: {
  order: OrderView;
  onChanged: (o: OrderView, note: string) => void;
}) {
  const t = useT();
  const { lang } = useI18n();
  const [confirming, setConfirming] = useState<'cancel' | 'close' | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<readonly string[] | null>(null);
  const [amounts, setAmounts] = useState<string[]>(() => order.schedule.map((l) => l.amount));
  const [errors, setErrors] = useState<Map<string, string>>(new Map());

  const run = (action: 'cancel' | 'close') => {
    setBusy(true);
    setFailure(null);
    post<OrderView>(`/api/v1/orders/${encodeURIComponent(order.id)}/${action}`, {}).then(
      (o) => {
        setBusy(false);
        setConfirming(null);
        onChanged(o, fill(t('changed'), { status: t(`status.${o.status}`) }));
      },
      (e: unknown) => {
        setBusy(false);
        setFailure(sentencesOfError(e));
      },
    );
  };

  const reduce = (e: FormEvent) => {
    e.preventDefault();
    const local = new Map<string, string>();
    const schedule = order.schedule.map((l, i) => {
      const amount = parseAmountText(amounts[i] ?? '');
      if (amount === null) local.set(`schedule[${i}].amount`, t('amountInvalid'));
      return { date: l.date, amount: amount ?? '', currency: l.currency };
    });
    setErrors(local);
    if (local.size > 0) return;
    setBusy(true);
    setFailure(null);
    post<OrderView>(`/api/v1/orders/${encodeURIComponent(order.id)}/reduce`, { schedule }).then(
      (o) => {
        setBusy(false);
        onChanged(o, t('reduced'));
      },
      (err: unknown) => {
        setBusy(false);
        const fields = fieldErrorsOf(err);
        if (fields.size > 0) setErrors(fields);
        setFailure(sentencesOfError(err));
      },
    );
  };

  return (
    <article className="card" aria-labelledby="order-actions-title">
      <h2 id="order-actions-title">{t('actions')}</h2>
      <p className="help">{t('actionsHelp')}</p>
      <div className="order-actions">
        {confirming === null ? (
          <>
            <button type="button" onClick={() => setConfirming('close')} disabled={busy}>
              {t('close')}
            </button>
            <button type="button" onClick={() => setConfirming('cancel')} disabled={busy}>
              {t('cancel')}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => run(confirming)}
              disabled={busy}
              autoFocus
            >
              {fill(t(confirming === 'cancel' ? 'confirmCancel' : 'confirmClose'), { ref: order.reference })}
            </button>
            <button type="button" onClick={() => setConfirming(null)} disabled={busy}>
              {t('keep')}
            </button>
          </>
        )}
      </div>
      <form className="ledger-form" onSubmit={reduce} noValidate>
        <fieldset>
          <legend>{t('reduce')}</legend>
          {order.schedule.map((l, i) => {
            const id = `reduce-${i}`;
            const err = errors.get(`schedule[${i}].amount`) ?? errors.get(`schedule[${i}].date`);
            return (
              <div key={id} className="grid">
                <div>
                  <label className="field" htmlFor={id}>
                    {fill(t('lineAmount'), { n: i + 1 })} ({date(l.date, lang)})
                  </label>
                  <input
                    id={id}
                    inputMode="decimal"
                    value={amounts[i] ?? ''}
                    aria-invalid={err ? true : undefined}
                    aria-describedby={err ? `${id}-error` : undefined}
                    onChange={(e) => setAmounts(amounts.map((a, j) => (j === i ? e.target.value : a)))}
                  />
                  {err && (
                    <p id={`${id}-error`} className="field-error">
                      {err}
                    </p>
                  )}
                </div>
              </div>
            );
          })}
          <p>
            <button type="submit" disabled={busy}>
              {t('reduceSubmit')}
            </button>
          </p>
        </fieldset>
      </form>
      {failure && <ErrorState sentences={failure} />}
    </article>
  );
}

export function OrderDetail({ params }: ScreenProps) {
  const t = useT();
  const { lang } = useI18n();
  const id = params['id'] ?? '';
  const [version, setVersion] = useState(0);
  const [order, reload] = useGet<OrderView>(`/api/v1/orders/${encodeURIComponent(id)}`, version);
  const [agreements] = useGet<{ items: readonly Agreement[] }>('/api/v1/agreements');
  const [session] = useGet<Session>('/api/v1/session');
  const [note, setNote] = useState<string | null>(null);
  const business = useMemo(() => {
    if (session.state !== 'ready') return false;
    const acting = session.data.issuers.find((i) => i.id === currentIssuer()) ?? session.data.issuers[0];
    return acting?.roles.includes('business') ?? false;
  }, [session]);

  return (
    <section className="ledger" aria-labelledby="order-title">
      <p>
        <a href="#/orders">← {t('back')}</a>
      </p>
      <Show value={order} onRetry={reload}>
        {(o) => {
          const agreement =
            agreements.state === 'ready'
              ? agreements.data.items.find((a) => a.id === o.agreementId)
              : undefined;
          const category = agreement?.categories.find((c) => c.id === o.categoryId);
          const capOf = (capId: string) => agreement?.caps.find((c) => c.id === capId);
          const period = (capId: string) => {
            const c = capOf(capId);
            return c ? `${date(c.periodStart, lang)} – ${date(c.periodEnd, lang)}` : capId;
          };
          const capCurrency = (capId: string) => capOf(capId)?.currency ?? o.currency;
          const counterparty = agreement ? named(agreement.counterparty.name, lang) : '—';
          return (
            <>
              <h1 id="order-title">{fill(t('orderTitle'), { ref: o.reference })}</h1>
              {note && (
                <p className="accepted" role="status">
                  {note}
                </p>
              )}
              <dl className="detail-grid">
                <dt>{t('agreement')}</dt>
                <dd>{agreement ? named(agreement.name, lang) : o.agreementId}</dd>
                <dt>{t('category')}</dt>
                <dd>{categoryLabel(category, lang)}</dd>
                <dt>{t('counterparty')}</dt>
                <dd>{counterparty}</dd>
                <dt>{t('signedOn')}</dt>
                <dd>{date(o.signedOn, lang)}</dd>
                <dt>{t('status')}</dt>
                <dd>
                  <StatusTag status={o.status} />
                </dd>
                <dt>{t('amount')}</dt>
                <dd>
                  {money(fromMinor(o.schedule.reduce((s, l) => s + toMinor(l.amount), 0n)), o.currency, lang)}
                </dd>
              </dl>
              <p>
                <a href={`#/actuals?order=${encodeURIComponent(o.id)}`}>{t('actualsLink')}</a>
              </p>
              <article className="card" aria-labelledby="schedule-title">
                <h2 id="schedule-title">{t('schedule')}</h2>
                <table className="data">
                  <thead>
                    <tr>
                      <th scope="col">{t('line')}</th>
                      <th scope="col">{t('date')}</th>
                      <th scope="col" className="num">
                        {t('amount')}
                      </th>
                      <th scope="col" className="num">
                        {t('inCap')}
                      </th>
                      <th scope="col">{t('capPeriod')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.schedule.map((l, i) => (
                      <tr key={`${l.date}-${i}`}>
                        <td>{i + 1}</td>
                        <td>{date(l.date, lang)}</td>
                        <td className="num">{money(l.amount, l.currency, lang)}</td>
                        <td className="num">{money(l.capAmount, capCurrency(l.capId), lang)}</td>
                        <td>{period(l.capId)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </article>
              <article className="card" aria-labelledby="balances-title">
                <h2 id="balances-title">{t('balances')}</h2>
                {o.balances.length === 0 ? (
                  <Empty />
                ) : (
                  <table className="data">
                    <thead>
                      <tr>
                        <th scope="col">{t('capPeriod')}</th>
                        <th scope="col" className="num">
                          {t('scheduled')}
                        </th>
                        <th scope="col" className="num">
                          {t('consumed')}
                        </th>
                        <th scope="col" className="num">
                          {t('open')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {o.balances.map((b) => (
                        <tr key={b.capId}>
                          <td>{period(b.capId)}</td>
                          <td className="num">{money(b.scheduled, capCurrency(b.capId), lang)}</td>
                          <td className="num">{money(b.consumed, capCurrency(b.capId), lang)}</td>
                          <td className="num">{money(b.open, capCurrency(b.capId), lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </article>
              <article className="card" aria-labelledby="comparison-title">
                <h2 id="comparison-title">{t('comparison')}</h2>
                <Comparison order={o} counterparty={counterparty} />
              </article>
              {business &&
                (o.status === 'accepted' ? (
                  <Changes
                    key={`${o.status}-${o.schedule.map((l) => l.amount).join(',')}`}
                    order={o}
                    onChanged={(_next, text) => {
                      setNote(text);
                      setVersion((v) => v + 1);
                    }}
                  />
                ) : (
                  <p className="state">{fill(t('notOpen'), { status: t(`status.${o.status}`) })}</p>
                ))}
            </>
          );
        }}
      </Show>
    </section>
  );
}
