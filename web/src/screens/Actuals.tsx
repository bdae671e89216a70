/**
 * Actual amounts (invoices and payments) as the ledger holds them, newest first, with posting and
 * reversal for the finance role. An actual is a fact: it is always recorded, and one that takes a
 * cap period over its cap is recorded with a breach — the answer says so in a sentence with the
 * figures, and so does any alert threshold it crossed. A correction is a reversing entry: nothing is
 * changed in place.
 */
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { currentIssuer, get, post, query } from '../api';
import { Empty, Show, sentencesOfError, useGet } from '../components/state';
import { date, money, named } from '../format';
import { defineMessages, useI18n } from '../i18n';
import {
  CurrencyField,
  Field,
  InputField,
  fieldErrorsOf,
  idempotencyKeyFor,
  isIsoDate,
  parseAmountText,
  postOnce,
  useBreachSentence,
  type Agreement,
  type BreachView,
} from './ledger';

const en = {
  title: 'Actual amounts',
  intro:
    'Invoiced amounts counted against the annual caps, newest first. An actual is always recorded; a correction is a reversing entry, never an edit.',
  post: 'Post an actual amount',
  postHelp: 'Finance records each invoice on the date it counts against the cap.',
  notFinance: 'Posting and reversing actual amounts is for the finance role.',
  agreement: 'Agreement',
  category: 'Category',
  order: 'Order (optional)',
  orderCol: 'Order',
  noOrder: 'No order',
  orderHint: 'The open order the invoice is under: its reservation is used first.',
  date: 'Date',
  dateHint: 'The day the amount counts against the cap.',
  amount: 'Amount',
  currency: 'Currency',
  reference: 'Reference',
  referenceHint: 'The invoice number.',
  invoiceDate: 'Invoice date (optional)',
  submit: 'Post the actual amount',
  posting: 'Posting…',
  recorded: 'Recorded: {amount} dated {date} ({ref}).',
  converted: 'In the cap currency: {amount}.',
  consumed: "It used {amount} of order {order}'s reservation.",
  alertTitle: 'This amount needs attention:',
  failed: 'Nothing was recorded.',
  list: 'Recorded actual amounts',
  from: 'Dated from',
  to: 'Dated to',
  allAgreements: 'All agreements',
  filteredByOrder: 'Showing the actual amounts against order {order}.',
  showAll: 'Show all',
  none: 'No actual amount is recorded yet.',
  noneMatch: 'No actual amount matches these filters.',
  truncated: 'Only the newest {n} entries are shown: narrow the dates to see older ones.',
  caption: 'Actual amounts, newest first',
  reversal: 'Reversal',
  'r.standing': 'Standing',
  'r.reversed': 'Reversed',
  'r.reversal': 'Reversing entry',
  reversesText: 'Reverses the entry of {date}: {reason}',
  action: 'Action',
  reverse: 'Reverse',
  reverseOf: 'Reverse {ref} ({amount})',
  reason: 'Reason for reversing {ref}',
  reasonHint: 'Why the amount no longer counts, e.g. "Invoice withdrawn by the supplier".',
  confirmReverse: 'Record the reversal',
  cancel: 'Keep it',
  reversed: 'Reversed: {ref} no longer counts. {restored}',
  restored: "{amount} was restored to its order's reservation.",
  required: 'Required.',
  badDate: 'Enter a date as YYYY-MM-DD, e.g. 2026-03-15.',
  badAmount: 'Enter an amount greater than zero, e.g. 1,200,000.00 (at most two decimals).',
} as const;

const zh: Record<keyof typeof en, string> = {
  title: '實際金額',
  intro:
    '計入年度上限的已開票金額，按日期由新至舊排列。實際金額一經記錄即保留；更正須以沖銷記錄作出，不可修改原記錄。',
  post: '記錄實際金額',
  postHelp: '財務部按每張發票計入上限的日期記錄。',
  notFinance: '只有財務角色可記錄及沖銷實際金額。',
  agreement: '協議',
  category: '類別',
  order: '訂單（選填）',
  orderCol: '訂單',
  noOrder: '不適用',
  orderHint: '發票所屬的進行中訂單：會先動用其預留額度。',
  date: '日期',
  dateHint: '該金額計入上限的日期。',
  amount: '金額',
  currency: '貨幣',
  reference: '編號',
  referenceHint: '發票號碼。',
  invoiceDate: '發票日期（選填）',
  submit: '記錄實際金額',
  posting: '記錄中…',
  recorded: '已記錄：{date}的{amount}（{ref}）。',
  converted: '以上限貨幣計：{amount}。',
  consumed: '已動用訂單{order}預留額度中的{amount}。',
  alertTitle: '此金額需要注意：',
  failed: '並無記錄任何資料。',
  list: '已記錄的實際金額',
  from: '日期由',
  to: '日期至',
  allAgreements: '所有協議',
  filteredByOrder: '顯示訂單{order}的實際金額。',
  showAll: '顯示全部',
  none: '尚未記錄任何實際金額。',
  noneMatch: '沒有符合篩選條件的實際金額。',
  truncated: '只顯示最新的{n}項記錄；請收窄日期範圍以查看較早的記錄。',
  caption: '實際金額（由新至舊）',
  reversal: '沖銷',
  'r.standing': '有效',
  'r.reversed': '已沖銷',
  'r.reversal': '沖銷記錄',
  reversesText: '沖銷{date}的記錄：{reason}',
  action: '操作',
  reverse: '沖銷',
  reverseOf: '沖銷{ref}（{amount}）',
  reason: '沖銷{ref}的原因',
  reasonHint: '該金額不再計算的原因，例如「供應商撤回發票」。',
  confirmReverse: '記錄沖銷',
  cancel: '保留',
  reversed: '已沖銷：{ref}不再計算。{restored}',
  restored: '已將{amount}撥回其訂單的預留額度。',
  required: '必須填寫。',
  badDate: '請以年-月-日格式輸入日期，例如2026-03-15。',
  badAmount: '請輸入大於零的金額，例如1,200,000.00（最多兩位小數）。',
};

const useT = defineMessages(en, zh);
const fill = (s: string, v: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));

interface Name {
  readonly en: string;
  readonly 'zh-Hant': string | null;
}

interface ActualItem {
  readonly id: string;
  readonly date: string;
  readonly reference: string;
  readonly agreementName: Name | null;
  readonly categoryName: Name | null;
  readonly orderId: string | null;
  readonly orderReference: string | null;
  readonly amount: string;
  readonly currency: string;
  readonly capAmount?: string;
  readonly capCurrency?: string;
  readonly reversal: 'standing' | 'reversed' | 'reversal';
  readonly reverses: string | null;
  readonly reason: string | null;
}

interface ActualResult {
  readonly id: string;
  readonly capId: string | null;
  readonly amount: string;
  readonly currency: string;
  readonly capAmount?: string;
  readonly capCurrency?: string;
  readonly consumedFromOrder: string;
  readonly breaches?: readonly BreachView[];
}

interface AlertView {
  readonly id: string;
  readonly kind: string;
  readonly actualId: string | null;
  readonly message: { readonly en: string; readonly 'zh-Hant': string };
}

interface OrderOption {
  readonly id: string;
  readonly reference: string;
  readonly categoryId: string;
  readonly signedOn: string;
}

interface Session {
  readonly issuers: readonly { id: string; roles: readonly string[] }[];
}

const todayHk = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** `#/actuals?order=ord_1` → 'ord_1' (the router keeps only the path). */
const orderInHash = (): string | undefined => {
  const q = window.location.hash.split('?')[1];
  return q ? (new URLSearchParams(q).get('order') ?? undefined) : undefined;
};

type PostOutcome =
  | { kind: 'recorded'; result: ActualResult; body: Record<string, string>; alerts: readonly AlertView[] }
  | { kind: 'failed'; sentences: readonly string[] };

function PostForm({ agreements, onPosted }: { agreements: readonly Agreement[]; onPosted: () => void }) {
  const t = useT();
  const { lang } = useI18n();
  const breachSentence = useBreachSentence();
  const first = agreements[0];
  const [agreementId, setAgreementId] = useState(first?.id ?? '');
  const [categoryKey, setCategoryKey] = useState(first?.categories[0]?.key ?? '');
  const [orderId, setOrderId] = useState('');
  const [day, setDay] = useState(todayHk());
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('CNY');
  const [reference, setReference] = useState('');
  const [invoiceDate, setInvoiceDate] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<PostOutcome | null>(null);
  const keyMemo = useRef<{ body: string; key: string } | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const agreement = agreements.find((a) => a.id === agreementId);
  const category = agreement?.categories.find((c) => c.key === categoryKey);
  const [orders] = useGet<{ items: readonly OrderOption[] }>(
    agreementId === '' ? null : `/api/v1/orders${query({ agreementId, status: 'accepted', limit: '500' })}`,
  );
  const orderOptions =
    orders.state === 'ready' && category ? orders.data.items.filter((o) => o.categoryId === category.id) : [];

  const local = useMemo(() => {
    const errors = new Map<string, string>();
    if (reference.trim() === '') errors.set('reference', t('required'));
    if (!isIsoDate(day.trim())) errors.set('date', day.trim() === '' ? t('required') : t('badDate'));
    const a = parseAmountText(amount);
    if (a === null || /^0*(\.0*)?$/.test(a)) errors.set('amount', t('badAmount'));
    if (invoiceDate.trim() !== '' && !isIsoDate(invoiceDate.trim())) errors.set('invoiceDate', t('badDate'));
    return { errors, amount: a };
  }, [reference, day, amount, invoiceDate, t]);
  const errorOf = (id: string) => (submitted ? local.errors.get(id) : undefined) ?? serverErrors.get(id);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServerErrors(new Map());
    if (local.errors.size > 0 || local.amount === null) {
      const firstBad = [...local.errors.keys()][0];
      if (firstBad) document.getElementById(`actual-${firstBad}`)?.focus();
      return;
    }
    const body: Record<string, string> = {
      agreementId,
      categoryKey,
      date: day.trim(),
      amount: local.amount,
      currency,
      reference: reference.trim(),
      ...(orderId === '' ? {} : { orderId }),
      ...(invoiceDate.trim() === '' ? {} : { invoiceDate: invoiceDate.trim() }),
    };
    keyMemo.current = idempotencyKeyFor(keyMemo.current, JSON.stringify(body));
    setBusy(true);
    setOutcome(null);
    postOnce<ActualResult>('/api/v1/actuals', body, keyMemo.current.key)
      .then(async (result) => {
        // Threshold alerts are raised with the actual; the answer carries only breaches.
        let alerts: readonly AlertView[] = [];
        if (result.capId) {
          try {
            const found = await get<{ items: readonly AlertView[] }>(
              `/api/v1/alerts${query({ capId: result.capId })}`,
            );
            alerts = found.items.filter((x) => x.actualId === result.id && x.kind !== 'BREACH');
          } catch {
            alerts = [];
          }
        }
        setBusy(false);
        setOutcome({ kind: 'recorded', result, body, alerts });
        onPosted();
        resultRef.current?.focus();
      })
      .catch((err: unknown) => {
        setBusy(false);
        setServerErrors(new Map([...fieldErrorsOf(err)].map(([p, m]) => [p.split('.')[0] ?? p, m])));
        setOutcome({ kind: 'failed', sentences: sentencesOfError(err) });
        resultRef.current?.focus();
      });
  };

  const categoryName = category ? named(category.name, lang) : '—';
  const orderRef = (id: string) => orderOptions.find((o) => o.id === id)?.reference ?? id;
  const breaches = outcome?.kind === 'recorded' ? (outcome.result.breaches ?? []) : [];

  return (
    <form className="ledger-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('post')}</legend>
        <p className="hint">{t('postHelp')}</p>
        <div className="grid">
          <Field id="actual-agreement" label={t('agreement')} error={errorOf('agreementId')}>
            {(d, inv) => (
              <select
                id="actual-agreement"
                value={agreementId}
                aria-describedby={d}
                aria-invalid={inv || undefined}
                onChange={(e) => {
                  setAgreementId(e.target.value);
                  const a = agreements.find((x) => x.id === e.target.value);
                  setCategoryKey(a?.categories[0]?.key ?? '');
                  setOrderId('');
                }}
              >
                {agreements.map((a) => (
                  <option key={a.id} value={a.id}>
                    {named(a.name, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="actual-category" label={t('category')} error={errorOf('categoryKey')}>
            {(d, inv) => (
              <select
                id="actual-category"
                value={categoryKey}
                aria-describedby={d}
                aria-invalid={inv || undefined}
                onChange={(e) => {
                  setCategoryKey(e.target.value);
                  setOrderId('');
                }}
              >
                {(agreement?.categories ?? []).map((c) => (
                  <option key={c.key} value={c.key}>
                    {named(c.name, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="actual-orderId" label={t('order')} hint={t('orderHint')} error={errorOf('orderId')}>
            {(d, inv) => (
              <select
                id="actual-orderId"
                value={orderId}
                aria-describedby={d}
                aria-invalid={inv || undefined}
                onChange={(e) => setOrderId(e.target.value)}
              >
                <option value="">{t('noOrder')}</option>
                {orderOptions.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.reference} · {date(o.signedOn, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <InputField
            id="actual-date"
            kind="date"
            label={t('date')}
            hint={t('dateHint')}
            error={errorOf('date')}
            value={day}
            onChange={setDay}
          />
          <InputField
            id="actual-amount"
            kind="money"
            label={t('amount')}
            error={errorOf('amount')}
            value={amount}
            onChange={setAmount}
          />
          <CurrencyField
            id="actual-currency"
            label={t('currency')}
            error={errorOf('currency')}
            value={currency}
            onChange={setCurrency}
          />
          <InputField
            id="actual-reference"
            kind="text"
            label={t('reference')}
            hint={t('referenceHint')}
            error={errorOf('reference')}
            value={reference}
            onChange={setReference}
          />
          <InputField
            id="actual-invoiceDate"
            kind="date"
            label={t('invoiceDate')}
            error={errorOf('invoiceDate')}
            value={invoiceDate}
            onChange={setInvoiceDate}
          />
        </div>
        <p className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('posting') : t('submit')}
          </button>
        </p>
      </fieldset>
      <div className="result-region" ref={resultRef} tabIndex={-1}>
        {outcome?.kind === 'recorded' && (
          <div className="accepted" role="status" data-actual-id={outcome.result.id}>
            <p>
              <strong>
                {fill(t('recorded'), {
                  amount: money(outcome.result.amount, outcome.result.currency, lang),
                  date: date(outcome.body['date'], lang),
                  ref: outcome.body['reference'] ?? '',
                })}
              </strong>
            </p>
            {outcome.result.capAmount && outcome.result.capCurrency && (
              <p>
                {fill(t('converted'), {
                  amount: money(outcome.result.capAmount, outcome.result.capCurrency, lang),
                })}
              </p>
            )}
            {outcome.body['orderId'] && !/^0*(\.0*)?$/.test(outcome.result.consumedFromOrder) && (
              <p>
                {fill(t('consumed'), {
                  amount: money(
                    outcome.result.consumedFromOrder,
                    outcome.result.capCurrency ?? outcome.result.currency,
                    lang,
                  ),
                  order: orderRef(outcome.body['orderId']),
                })}
              </p>
            )}
          </div>
        )}
        {(breaches.length > 0 || (outcome?.kind === 'recorded' && outcome.alerts.length > 0)) && (
          <div className="refusal" role="alert">
            <p>
              <strong>{t('alertTitle')}</strong>
            </p>
            <ul className="reasons">
              {breaches.map((b, i) => (
                <li key={`b${i}`} data-code={b.code}>
                  {breachSentence(b, categoryName)}
                </li>
              ))}
              {outcome?.kind === 'recorded' &&
                outcome.alerts.map((a) => (
                  <li key={a.id} data-code={a.kind}>
                    {a.message[lang]}
                  </li>
                ))}
            </ul>
          </div>
        )}
        {outcome?.kind === 'failed' && (
          <div className="refusal" role="alert">
            <p>
              <strong>{t('failed')}</strong>
            </p>
            {outcome.sentences.map((s) => (
              <p key={s}>{s}</p>
            ))}
          </div>
        )}
      </div>
    </form>
  );
}

function ReverseRow({ item, onDone }: { item: ActualItem; onDone: (text: string) => void }) {
  const t = useT();
  const { lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `reverse-${item.id}`;
  const amount = money(item.amount, item.currency, lang);
  if (!open)
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={fill(t('reverseOf'), { ref: item.reference, amount })}
      >
        {t('reverse')}
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') {
      setError(t('required'));
      return;
    }
    setBusy(true);
    post<{ restoredToOrder: string; capCurrency: string }>(
      `/api/v1/actuals/${encodeURIComponent(item.id)}/reversal`,
      { reason: reason.trim() },
    ).then(
      (r) => {
        setBusy(false);
        const restored = /^0*(\.0*)?$/.test(r.restoredToOrder)
          ? ''
          : fill(t('restored'), { amount: money(r.restoredToOrder, r.capCurrency, lang) });
        onDone(fill(t('reversed'), { ref: item.reference, restored }));
      },
      (err: unknown) => {
        setBusy(false);
        setError(sentencesOfError(err).join(' '));
      },
    );
  };
  return (
    <form className="reverse-form ledger-form" onSubmit={submit} noValidate>
      <div>
        <label className="field" htmlFor={id}>
          {fill(t('reason'), { ref: item.reference })}
        </label>
        <input
          id={id}
          value={reason}
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(e) => setReason(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          {t('reasonHint')}
        </p>
        {error && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('confirmReverse')}
      </button>
      <button type="button" onClick={() => setOpen(false)} disabled={busy}>
        {t('cancel')}
      </button>
    </form>
  );
}

export function Actuals() {
  const t = useT();
  const { lang } = useI18n();
  const [agreementId, setAgreementId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [order, setOrder] = useState<string | undefined>(orderInHash);
  const [version, setVersion] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const [agreements, reloadAgreements] = useGet<{ items: readonly Agreement[] }>('/api/v1/agreements');
  const [session] = useGet<Session>('/api/v1/session');
  const finance = useMemo(() => {
    if (session.state !== 'ready') return false;
    const acting = session.data.issuers.find((i) => i.id === currentIssuer()) ?? session.data.issuers[0];
    return acting?.roles.includes('finance') ?? false;
  }, [session]);
  const path = `/api/v1/actuals${query({
    agreementId: agreementId || undefined,
    orderId: order,
    from: isIsoDate(from) ? from : undefined,
    to: isIsoDate(to) ? to : undefined,
  })}`;
  const [list, reload] = useGet<{ items: readonly ActualItem[]; truncated: boolean; limit: number }>(
    path,
    version,
  );
  const filtered = agreementId !== '' || from !== '' || to !== '' || order !== undefined;
  const several = agreements.state === 'ready' && agreements.data.items.length > 1;
  const dateOf = (id: string | null, items: readonly ActualItem[]) =>
    items.find((x) => x.id === id)?.date ?? null;

  return (
    <section className="ledger" aria-labelledby="actuals-title">
      <h1 id="actuals-title">{t('title')}</h1>
      <p className="help">{t('intro')}</p>
      <Show value={agreements} onRetry={reloadAgreements}>
        {(a) =>
          finance ? (
            a.items.length > 0 ? (
              <article className="card">
                <PostForm agreements={a.items} onPosted={() => setVersion((v) => v + 1)} />
              </article>
            ) : null
          ) : (
            <p className="state">{t('notFinance')}</p>
          )
        }
      </Show>
      <article className="card" aria-labelledby="actuals-list-title">
        <h2 id="actuals-list-title">{t('list')}</h2>
        {note && (
          <p className="accepted" role="status">
            {note}
          </p>
        )}
        <div className="ledger-toolbar">
          <div className="filter">
            <label htmlFor="actuals-agreement">{t('agreement')}</label>
            <select
              id="actuals-agreement"
              value={agreementId}
              onChange={(e) => setAgreementId(e.target.value)}
            >
              <option value="">{t('allAgreements')}</option>
              {agreements.state === 'ready' &&
                agreements.data.items.map((x) => (
                  <option key={x.id} value={x.id}>
                    {named(x.name, lang)}
                  </option>
                ))}
            </select>
          </div>
          <div className="filter">
            <label htmlFor="actuals-from">{t('from')}</label>
            <input id="actuals-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="filter">
            <label htmlFor="actuals-to">{t('to')}</label>
            <input id="actuals-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
        </div>
        <Show value={list} onRetry={reload}>
          {(l) => (
            <>
              {order !== undefined && (
                <p>
                  {fill(t('filteredByOrder'), {
                    order: l.items.find((x) => x.orderId === order)?.orderReference ?? order,
                  })}{' '}
                  <button
                    type="button"
                    onClick={() => {
                      setOrder(undefined);
                      window.location.hash = '/actuals';
                    }}
                  >
                    {t('showAll')}
                  </button>
                </p>
              )}
              {l.items.length === 0 ? (
                <Empty>{filtered ? t('noneMatch') : t('none')}</Empty>
              ) : (
                <table className="data">
                  <caption className="visually-hidden">{t('caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('date')}</th>
                      <th scope="col">{t('reference')}</th>
                      <th scope="col">{t('category')}</th>
                      <th scope="col" className="num">
                        {t('amount')}
                      </th>
                      <th scope="col">{t('orderCol')}</th>
                      <th scope="col">{t('reversal')}</th>
                      {finance && <th scope="col">{t('action')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {l.items.map((x) => (
                      <tr
                        key={x.id}
                        className={
                          x.reversal === 'reversed'
                            ? 'is-reversed'
                            : x.reversal === 'reversal'
                              ? 'is-reversal'
                              : ''
                        }
                        data-actual-id={x.id}
                      >
                        <td>{date(x.date, lang)}</td>
                        <td>{x.reference}</td>
                        <td>
                          {named(x.categoryName, lang)}
                          {several && <div className="help">{named(x.agreementName, lang)}</div>}
                        </td>
                        <td className="num">
                          {money(x.amount, x.currency, lang)}
                          {x.capAmount && x.capCurrency && (
                            <div className="help">{money(x.capAmount, x.capCurrency, lang)}</div>
                          )}
                        </td>
                        <td>
                          {x.orderId ? (
                            <a href={`#/orders/${encodeURIComponent(x.orderId)}`}>{x.orderReference}</a>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td>
                          <span
                            className={`status-tag ${x.reversal === 'standing' ? 'ok' : x.reversal === 'reversed' ? 'muted' : 'bad'}`}
                          >
                            {t(`r.${x.reversal}`)}
                          </span>
                          {x.reversal === 'reversal' && (
                            <div className="help">
                              {fill(t('reversesText'), {
                                date: date(dateOf(x.reverses, l.items) ?? x.date, lang),
                                reason: x.reason ?? '',
                              })}
                            </div>
                          )}
                        </td>
                        {finance && (
                          <td>
                            {x.reversal === 'standing' && (
                              <ReverseRow
                                item={x}
                                onDone={(text) => {
                                  setNote(text);
                                  setVersion((v) => v + 1);
                                }}
                              />
                            )}
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {l.truncated && <p className="help">{fill(t('truncated'), { n: l.limit })}</p>}
            </>
          )}
        </Show>
      </article>
    </section>
  );
}
