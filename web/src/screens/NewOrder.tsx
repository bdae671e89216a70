/**
 * A new order (a specific agreement under the framework), with the quote comparison the category's
 * pricing policy asks for. As the user types, the gate is asked what it would answer
 * (POST /api/v1/orders/check, which writes nothing): the headroom of every cap period the schedule
 * touches and every reason it would refuse, as sentences with the figures. Placing the order
 * (POST /api/v1/orders, with an Idempotency-Key) shows the accepted order or the refusal.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, post } from '../api';
import { Empty, Show, sentencesOfError, useGet } from '../components/state';
import { date, fromMinor, money, named, toMinor } from '../format';
import { defineMessages, useI18n } from '../i18n';
import {
  CurrencyField,
  Field,
  InputField,
  RefusalList,
  fieldErrorsOf,
  idempotencyKeyFor,
  isIsoDate,
  parseAmountText,
  postOnce,
  uploadEvidence,
  type Agreement,
  type Refusal,
  type UploadedEvidence,
} from './ledger';

const en = {
  title: 'New order',
  intro:
    'Record a specific agreement (purchase order) signed under a framework agreement. The gate reserves headroom in every annual cap the payment schedule touches, and refuses the order if a cap would be exceeded or the pricing policy is not met.',
  back: 'All orders',
  noAgreements: 'No framework agreement is recorded yet: record one before placing orders under it.',
  what: 'The order',
  agreement: 'Agreement',
  category: 'Category',
  reference: 'Reference',
  referenceHint: 'The purchase order number, as on the signed document.',
  signedOn: 'Signed on',
  schedule: 'Payment schedule',
  scheduleHint: 'Each payment on the day it counts against the annual cap. All lines in one currency.',
  line: 'Line {n}',
  date: 'Date',
  amount: 'Amount',
  currency: 'Currency',
  addLine: 'Add a payment line',
  removeLine: 'Remove line {n}',
  total: 'Total',
  quotes: 'Quote comparison',
  quotesHint:
    "The pricing policy of {category}: at least {n} quotes from independent third parties, valid on the signing date; {counterparty}'s quote must be {dir} than the best of them.",
  quotesHintNone:
    'The pricing policy of {category} needs no independent quotes. Quotes given are kept with the order.',
  lower: 'lower',
  higher: 'higher',
  connected: "{counterparty}'s quote (the connected person)",
  connectedAmount: 'Quoted amount',
  connectedIsOrder: "The connected person's quote is the order itself: its total, {total}.",
  validUntil: 'Valid until',
  quotedOn: 'Quoted on',
  supplier: 'Supplier',
  supplierHint: 'An independent third party: not {counterparty} nor a member of its group.',
  confirmedBy: 'Independence confirmed by',
  confirmedByHint: 'Needed when the supplier is not in the connected persons register.',
  independent: 'Independent quote {n}',
  addQuote: 'Add an independent quote',
  removeQuote: 'Remove independent quote {n}',
  evidence: 'Evidence file',
  evidenceHint: 'The quotation as received (PDF, image, e-mail or text). It is stored with its SHA-256.',
  uploading: 'Uploading…',
  uploaded: 'Stored: {file} · SHA-256 {sha}',
  removeFile: 'Remove the file',
  gate: 'What the gate would answer now',
  gateIdle:
    'Fill in the agreement, the dates and the amounts to see the headroom and whether the order would pass.',
  checking: 'Checking…',
  wouldPass: 'The order would be accepted as it stands.',
  wouldRefuse: 'The order would be refused: {n} reason(s).',
  gateFix: 'Correct these fields first:',
  capPeriod: 'Cap period',
  cap: 'Annual cap',
  used: 'Actual + committed',
  headroom: 'Headroom',
  thisOrder: 'This order',
  after: 'Left after this order',
  fits: 'Fits',
  over: 'Over the cap',
  periodsCaption: 'Headroom in each cap period the schedule touches',
  headroomLine: 'Headroom, {category} cap for {start} to {end}: {headroom}; this order: {requested}.',
  verdictCounted: 'Counts toward the policy.',
  verdictBest: 'Counts; the best independent quote.',
  'not.counterparty': 'Does not count: the supplier is the counterparty itself.',
  'not.counterparty-group': "Does not count: the supplier is in the counterparty's group.",
  'not.connected-person': 'Does not count: the supplier is a connected person of the issuer.',
  'not.unknown-party': 'Does not count: the register has no such party.',
  'not.unconfirmed-supplier': "Does not count: record who confirmed the supplier's independence.",
  'not.expired': 'Does not count: it is no longer valid on the signing date.',
  'not.same-group': 'Does not count separately: another quote from the same group stands for it.',
  submit: 'Place the order',
  placing: 'Placing…',
  accepted: 'Accepted: order {ref} is recorded.',
  reserved: 'It reserves {amount} in the {category} cap for {start} to {end} (cap {cap}).',
  viewOrder: 'View order {ref}',
  another: 'Place another order',
  refusedTitle: 'The order was refused. Nothing was recorded.',
  fixFields: 'Some fields need attention. Nothing was recorded.',
  // client-side checks
  required: 'Required.',
  badDate: 'Enter a date as YYYY-MM-DD, e.g. 2026-03-15.',
  badAmount: 'Enter an amount greater than zero, e.g. 1,200,000.00 (at most two decimals).',
  oneCurrency: 'Every line must be in the currency of line 1 ({currency}).',
  validBeforeQuoted: 'Must not be before the quote date.',
  fileFirst: 'Give the signing date or the quote date first: the file is stored with its issue date.',
} as const;

const zh: Record<keyof typeof en, string> = {
  title: '新訂單',
  intro:
    '記錄根據框架協議簽訂的具體協議（採購訂單）。系統會在付款計劃涉及的每個年度上限中預留額度；如會超出上限或不符合定價政策，訂單將被拒絕。',
  back: '所有訂單',
  noAgreements: '尚未記錄任何框架協議：請先記錄協議，才可據此下單。',
  what: '訂單資料',
  agreement: '協議',
  category: '類別',
  reference: '編號',
  referenceHint: '採購訂單編號，與已簽署文件一致。',
  signedOn: '簽訂日期',
  schedule: '付款計劃',
  scheduleHint: '每筆付款按其計入年度上限的日期列出。所有行須使用同一貨幣。',
  line: '第{n}行',
  date: '日期',
  amount: '金額',
  currency: '貨幣',
  addLine: '新增付款行',
  removeLine: '刪除第{n}行',
  total: '總額',
  quotes: '報價比較',
  quotesHint:
    '{category}的定價政策：最少{n}份於簽訂日有效的獨立第三方報價；{counterparty}的報價必須{dir}其中最佳者。',
  quotesHintNone: '{category}的定價政策無須獨立報價。如提供報價，會與訂單一併保存。',
  lower: '低於',
  higher: '高於',
  connected: '{counterparty}（關連人士）的報價',
  connectedAmount: '報價金額',
  connectedIsOrder: '關連人士的報價即訂單本身：其總額為{total}。',
  validUntil: '有效期至',
  quotedOn: '報價日期',
  supplier: '供應商',
  supplierHint: '獨立第三方：不得為{counterparty}或其集團成員。',
  confirmedBy: '獨立性確認人',
  confirmedByHint: '如供應商不在關連人士名冊內，須填寫。',
  independent: '第{n}份獨立報價',
  addQuote: '新增獨立報價',
  removeQuote: '刪除第{n}份獨立報價',
  evidence: '證明文件',
  evidenceHint: '收到的報價原件（PDF、圖片、電郵或文字檔），連同其SHA-256保存。',
  uploading: '上載中…',
  uploaded: '已保存：{file} · SHA-256 {sha}',
  removeFile: '移除文件',
  gate: '審核結果預覽',
  gateIdle: '填寫協議、日期及金額後，即可查看剩餘額度及訂單能否通過。',
  checking: '檢查中…',
  wouldPass: '按現時資料，訂單將獲接納。',
  wouldRefuse: '訂單將被拒絕：共{n}項原因。',
  gateFix: '請先更正以下欄位：',
  capPeriod: '上限期間',
  cap: '年度上限',
  used: '實際及已承擔金額',
  headroom: '剩餘額度',
  thisOrder: '本訂單',
  after: '本訂單後剩餘',
  fits: '在上限之內',
  over: '超出上限',
  periodsCaption: '付款計劃涉及的各上限期間的剩餘額度',
  headroomLine: '{category}於{start}至{end}期間的剩餘額度：{headroom}；本訂單：{requested}。',
  verdictCounted: '計算在內。',
  verdictBest: '計算在內；為最佳獨立報價。',
  'not.counterparty': '不計算在內：該供應商即為交易對方。',
  'not.counterparty-group': '不計算在內：該供應商屬於交易對方的集團。',
  'not.connected-person': '不計算在內：該供應商為發行人的關連人士。',
  'not.unknown-party': '不計算在內：名冊中沒有此人士。',
  'not.unconfirmed-supplier': '不計算在內：請記錄由誰確認供應商的獨立性。',
  'not.expired': '不計算在內：於簽訂日已失效。',
  'not.same-group': '不另行計算：同一集團的另一份報價已代表該集團。',
  submit: '提交訂單',
  placing: '提交中…',
  accepted: '已接納：訂單{ref}已記錄。',
  reserved: '已在{category}於{start}至{end}期間的年度上限（{cap}）中預留{amount}。',
  viewOrder: '查看訂單{ref}',
  another: '再下一張訂單',
  refusedTitle: '訂單被拒絕，並無記錄任何資料。',
  fixFields: '部分欄位需要更正，並無記錄任何資料。',
  required: '必須填寫。',
  badDate: '請以年-月-日格式輸入日期，例如2026-03-15。',
  badAmount: '請輸入大於零的金額，例如1,200,000.00（最多兩位小數）。',
  oneCurrency: '所有行須使用第1行的貨幣（{currency}）。',
  validBeforeQuoted: '不得早於報價日期。',
  fileFirst: '請先填寫簽訂日期或報價日期：文件須連同發出日期保存。',
};

const useT = defineMessages(en, zh);
const fill = (s: string, v: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));

/** Today in Hong Kong, as the server's clock sees it. */
const todayHk = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

interface Line {
  date: string;
  amount: string;
  currency: string;
}

interface FileRef {
  status: 'idle' | 'uploading' | 'done' | 'error';
  file?: UploadedEvidence;
  error?: string;
}

interface Quote {
  supplier: string;
  amount: string;
  currency: string;
  quotedOn: string;
  validUntil: string;
  confirmedBy: string;
  evidence: FileRef;
}

interface Form {
  agreementId: string;
  categoryKey: string;
  reference: string;
  signedOn: string;
  lines: Line[];
  connectedValidUntil: string;
  connectedEvidence: FileRef;
  quotes: Quote[];
}

interface CheckedPeriod {
  readonly capId: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly currency: string;
  readonly cap: string;
  readonly utilised: string;
  readonly headroom: string;
  readonly requested: string;
  readonly fits: boolean;
}

interface CheckedQuote {
  readonly index: number;
  readonly counted: boolean;
  readonly notCounted: string | null;
}

interface CheckResult {
  readonly accepted: boolean;
  readonly reasons: readonly Refusal[];
  readonly periods: readonly CheckedPeriod[];
  readonly pricing: {
    readonly independentQuotes?: readonly CheckedQuote[];
    readonly bestIndependent?: { index: number } | null;
  };
}

interface Accepted {
  readonly id: string;
  readonly reference: string;
  readonly reservations: readonly {
    capId: string;
    periodStart: string;
    periodEnd: string;
    currency: string;
    amount: string;
    cap: string;
  }[];
}

const emptyQuote = (currency: string): Quote => ({
  supplier: '',
  amount: '',
  currency,
  quotedOn: '',
  validUntil: '',
  confirmedBy: '',
  evidence: { status: 'idle' },
});

/** Server paths → the field ids of this form. */
const fieldOf = (path: string): string =>
  path
    .replace(/^pricing\.independentQuotes\[(\d+)\]\.supplier(\.\w+)?$/, 'q$1.supplier')
    .replace(/^pricing\.independentQuotes\[(\d+)\]\.(\w+).*$/, 'q$1.$2')
    .replace(/^pricing\.connectedQuote\.(\w+).*$/, 'connected.$1')
    .replace(/^schedule\[(\d+)\]\.(\w+)$/, 'line$1.$2');

type Errors = Map<string, string>;

/** The request body, or the fields to correct first (in the reader's language). */
function build(
  f: Form,
  t: (k: keyof typeof en) => string,
): { errors: Errors; body: Record<string, unknown> | null; total: string | null } {
  const errors: Errors = new Map();
  const need = (id: string, value: string) => {
    if (value.trim() === '') errors.set(id, t('required'));
  };
  const dateField = (id: string, value: string, required = true) => {
    if (value.trim() === '') {
      if (required) errors.set(id, t('required'));
    } else if (!isIsoDate(value.trim())) errors.set(id, t('badDate'));
  };
  need('agreementId', f.agreementId);
  need('categoryKey', f.categoryKey);
  need('reference', f.reference);
  dateField('signedOn', f.signedOn);
  const currency = f.lines[0]?.currency ?? 'CNY';
  let totalMinor = 0n;
  const schedule = f.lines.map((l, i) => {
    dateField(`line${i}.date`, l.date);
    const amount = parseAmountText(l.amount);
    if (amount === null || toMinor(amount) <= 0n) errors.set(`line${i}.amount`, t('badAmount'));
    else totalMinor += toMinor(amount);
    if (l.currency !== currency) errors.set(`line${i}.currency`, fill(t('oneCurrency'), { currency }));
    return { date: l.date.trim(), amount: amount ?? '', currency: l.currency };
  });
  dateField('connected.validUntil', f.connectedValidUntil);
  const independentQuotes = f.quotes.map((q, i) => {
    need(`q${i}.supplier`, q.supplier);
    const amount = parseAmountText(q.amount);
    if (amount === null || toMinor(amount) <= 0n) errors.set(`q${i}.amount`, t('badAmount'));
    dateField(`q${i}.quotedOn`, q.quotedOn, false);
    dateField(`q${i}.validUntil`, q.validUntil);
    if (
      isIsoDate(q.quotedOn.trim()) &&
      isIsoDate(q.validUntil.trim()) &&
      q.validUntil.trim() < q.quotedOn.trim()
    )
      errors.set(`q${i}.validUntil`, t('validBeforeQuoted'));
    return {
      supplier: { name: q.supplier.trim() },
      amount: amount ?? '',
      currency: q.currency,
      validUntil: q.validUntil.trim(),
      ...(q.quotedOn.trim() === '' ? {} : { quotedOn: q.quotedOn.trim() }),
      ...(q.confirmedBy.trim() === '' ? {} : { independenceConfirmedBy: q.confirmedBy.trim() }),
      evidence: q.evidence.file ? [q.evidence.file.sha256] : [],
    };
  });
  const total = totalMinor > 0n ? fromMinor(totalMinor) : null;
  if (errors.size > 0 || total === null) return { errors, body: null, total };
  return {
    errors,
    total,
    body: {
      agreementId: f.agreementId,
      categoryKey: f.categoryKey,
      reference: f.reference.trim(),
      signedOn: f.signedOn.trim(),
      schedule,
      pricing: {
        connectedQuote: {
          amount: total,
          currency,
          validUntil: f.connectedValidUntil.trim(),
          evidence: f.connectedEvidence.file ? [f.connectedEvidence.file.sha256] : [],
        },
        independentQuotes,
      },
    },
  };
}

function EvidenceInput({
  id,
  value,
  issuedOn,
  description,
  onChange,
}: {
  id: string;
  value: FileRef;
  issuedOn: string | null;
  description: string;
  onChange: (next: FileRef) => void;
}) {
  const t = useT();
  const pick = (file: File | undefined) => {
    if (!file) return;
    if (issuedOn === null) {
      onChange({ status: 'error', error: t('fileFirst') });
      return;
    }
    onChange({ status: 'uploading' });
    uploadEvidence(file, issuedOn, description).then(
      (stored) => onChange({ status: 'done', file: stored }),
      (e: unknown) => onChange({ status: 'error', error: sentencesOfError(e).join(' ') }),
    );
  };
  return (
    <Field
      id={id}
      className="field-wrap"
      label={t('evidence')}
      hint={t('evidenceHint')}
      error={value.status === 'error' ? value.error : undefined}
    >
      {(describedBy, invalid) =>
        value.status === 'done' && value.file ? (
          <p className="evidence-done" id={id} tabIndex={-1}>
            <span className="sha">
              {fill(t('uploaded'), { file: value.file.filename, sha: value.file.sha256 })}
            </span>{' '}
            <button type="button" onClick={() => onChange({ status: 'idle' })}>
              {t('removeFile')}
            </button>
          </p>
        ) : (
          <>
            <input
              id={id}
              type="file"
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              disabled={value.status === 'uploading'}
              onChange={(e) => pick(e.target.files?.[0])}
            />
            {value.status === 'uploading' && <p className="hint">{t('uploading')}</p>}
          </>
        )
      }
    </Field>
  );
}

function PeriodsTable({ periods, category }: { periods: readonly CheckedPeriod[]; category: string }) {
  const t = useT();
  const { lang } = useI18n();
  if (periods.length === 0) return null;
  return (
    <table className="data periods">
      <caption className="visually-hidden">{t('periodsCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('capPeriod')}</th>
          <th scope="col" className="num">
            {t('cap')}
          </th>
          <th scope="col" className="num">
            {t('used')}
          </th>
          <th scope="col" className="num">
            {t('headroom')}
          </th>
          <th scope="col" className="num">
            {t('thisOrder')}
          </th>
          <th scope="col" className="num">
            {t('after')}
          </th>
          <th scope="col">{t('fits')}</th>
        </tr>
      </thead>
      <tbody>
        {periods.map((p) => (
          <tr key={p.capId} data-cap-id={p.capId}>
            <th scope="row">
              {category} · {date(p.periodStart, lang)} – {date(p.periodEnd, lang)}
            </th>
            <td className="num">{money(p.cap, p.currency, lang)}</td>
            <td className="num">{money(p.utilised, p.currency, lang)}</td>
            <td className="num headroom">{money(p.headroom, p.currency, lang)}</td>
            <td className="num">{money(p.requested, p.currency, lang)}</td>
            <td className="num">
              {money(fromMinor(toMinor(p.headroom) - toMinor(p.requested)), p.currency, lang)}
            </td>
            <td>
              <span className={`status-tag ${p.fits ? 'ok' : 'bad'}`}>{p.fits ? t('fits') : t('over')}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Check =
  | { state: 'idle' }
  | { state: 'checking'; last: CheckResult | null }
  | { state: 'ready'; result: CheckResult }
  | { state: 'invalid'; errors: Errors; sentences: readonly string[] }
  | { state: 'failed'; sentences: readonly string[] };

type Outcome =
  | { kind: 'accepted'; order: Accepted }
  | { kind: 'refused'; reasons: readonly Refusal[] }
  | { kind: 'invalid'; sentences: readonly string[] }
  | { kind: 'failed'; sentences: readonly string[] };

function OrderForm({ agreements }: { agreements: readonly Agreement[] }) {
  const t = useT();
  const { lang } = useI18n();
  const first = agreements[0];
  const firstCategory = first?.categories.find((c) => !c.termination) ?? first?.categories[0];
  const [form, setForm] = useState<Form>(() => ({
    agreementId: first?.id ?? '',
    categoryKey: firstCategory?.key ?? '',
    reference: '',
    signedOn: todayHk(),
    lines: [{ date: '', amount: '', currency: 'CNY' }],
    connectedValidUntil: '',
    connectedEvidence: { status: 'idle' },
    quotes: Array.from({ length: firstCategory?.pricingPolicy.minIndependentQuotes ?? 2 }, () =>
      emptyQuote('CNY'),
    ),
  }));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [serverErrors, setServerErrors] = useState<Errors>(new Map());
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [placing, setPlacing] = useState(false);
  const keyMemo = useRef<{ body: string; key: string } | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const agreement = agreements.find((a) => a.id === form.agreementId);
  const category = agreement?.categories.find((c) => c.key === form.categoryKey);
  const categoryName = category ? named(category.name, lang) : '—';
  const counterparty = agreement ? named(agreement.counterparty.name, lang) : '—';
  const orderCurrency = form.lines[0]?.currency ?? 'CNY';

  const built = useMemo(() => build(form, t), [form, t]);
  const bodyText = built.body ? JSON.stringify(built.body) : null;

  // Live gate feedback: ask the gate (writes nothing) once the user stops typing.
  useEffect(() => {
    if (bodyText === null) {
      setCheck({ state: 'idle' });
      return;
    }
    let live = true;
    setCheck((c) => ({
      state: 'checking',
      last: c.state === 'ready' ? c.result : c.state === 'checking' ? c.last : null,
    }));
    const timer = window.setTimeout(() => {
      post<CheckResult>('/api/v1/orders/check', JSON.parse(bodyText) as unknown).then(
        (result) => {
          if (!live) return;
          setServerErrors(new Map());
          setCheck({ state: 'ready', result });
        },
        (e: unknown) => {
          if (!live) return;
          const fields = fieldErrorsOf(e);
          if (fields.size > 0) {
            const mapped: Errors = new Map([...fields].map(([p, m]) => [fieldOf(p), m]));
            setServerErrors(mapped);
            setCheck({ state: 'invalid', errors: mapped, sentences: sentencesOfError(e) });
          } else setCheck({ state: 'failed', sentences: sentencesOfError(e) });
        },
      );
    }, 500);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [bodyText]);

  const errorOf = (id: string): string | undefined => {
    const local = built.errors.get(id);
    if (local && (submitted || touched.has(id))) return local;
    return serverErrors.get(id);
  };
  const touch = (id: string) => () => setTouched((s) => (s.has(id) ? s : new Set([...s, id])));
  const set = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setOutcome((o) => (o?.kind === 'accepted' ? o : null));
  };
  const setLine = (i: number, patch: Partial<Line>) =>
    set({ lines: form.lines.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const setQuote = (i: number, patch: Partial<Quote>) =>
    setForm((f) => ({ ...f, quotes: f.quotes.map((q, j) => (j === i ? { ...q, ...patch } : q)) }));

  const chooseCategory = (agreementId: string, categoryKey: string) => {
    const a = agreements.find((x) => x.id === agreementId);
    const c = a?.categories.find((x) => x.key === categoryKey) ?? a?.categories[0];
    const min = c?.pricingPolicy.minIndependentQuotes ?? 0;
    const quotes = [...form.quotes];
    while (quotes.length < min) quotes.push(emptyQuote(orderCurrency));
    set({ agreementId, categoryKey: c?.key ?? '', quotes });
  };

  const today = todayHk();
  const issuedOnFor = (quotedOn: string): string | null => {
    const candidates = [quotedOn, form.signedOn].filter((d) => isIsoDate(d) && d <= today);
    return candidates[0] ?? null;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!built.body) {
      const firstBad = [...built.errors.keys()][0];
      if (firstBad) document.getElementById(firstBad)?.focus();
      return;
    }
    const text = JSON.stringify(built.body);
    keyMemo.current = idempotencyKeyFor(keyMemo.current, text);
    setPlacing(true);
    setOutcome(null);
    postOnce<Accepted>('/api/v1/orders', built.body, keyMemo.current.key).then(
      (order) => {
        setPlacing(false);
        setOutcome({ kind: 'accepted', order });
        resultRef.current?.focus();
      },
      (err: unknown) => {
        setPlacing(false);
        if (err instanceof ApiError && err.code === 'REFUSED') {
          const reasons = (err.body as { reasons?: Refusal[] } | null)?.reasons ?? [];
          setOutcome({ kind: 'refused', reasons });
        } else {
          const fields = fieldErrorsOf(err);
          if (fields.size > 0) {
            setServerErrors(new Map([...fields].map(([p, m]) => [fieldOf(p), m])));
            setOutcome({ kind: 'invalid', sentences: sentencesOfError(err) });
          } else setOutcome({ kind: 'failed', sentences: sentencesOfError(err) });
        }
        resultRef.current?.focus();
      },
    );
  };

  const checked = check.state === 'ready' ? check.result : check.state === 'checking' ? check.last : null;
  const quoteVerdict = (i: number): string | null => {
    const q = checked?.pricing.independentQuotes?.find((x) => x.index === i);
    if (!q) return null;
    if (q.counted)
      return checked?.pricing.bestIndependent?.index === i ? t('verdictBest') : t('verdictCounted');
    const key = `not.${q.notCounted ?? ''}` as keyof typeof en;
    return key in en ? t(key) : null;
  };
  const min = category?.pricingPolicy.minIndependentQuotes ?? 0;
  const dir = category?.direction === 'issuer-sells' ? t('higher') : t('lower');

  return (
    <form className="ledger-form" onSubmit={submit} noValidate aria-describedby="new-order-intro">
      <fieldset>
        <legend>{t('what')}</legend>
        <div className="grid">
          <Field
            id="agreementId"
            className="field-wrap"
            label={t('agreement')}
            error={errorOf('agreementId')}
          >
            {(d, inv) => (
              <select
                id="agreementId"
                value={form.agreementId}
                aria-describedby={d}
                aria-invalid={inv || undefined}
                onChange={(e) => chooseCategory(e.target.value, '')}
              >
                {agreements.map((a) => (
                  <option key={a.id} value={a.id}>
                    {named(a.name, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="categoryKey" className="field-wrap" label={t('category')} error={errorOf('categoryKey')}>
            {(d, inv) => (
              <select
                id="categoryKey"
                value={form.categoryKey}
                aria-describedby={d}
                aria-invalid={inv || undefined}
                onChange={(e) => chooseCategory(form.agreementId, e.target.value)}
              >
                {(agreement?.categories ?? []).map((c) => (
                  <option key={c.key} value={c.key}>
                    {named(c.name, lang)} ({date(c.termStart, lang)} –{' '}
                    {date(c.termination?.effectiveOn ?? c.termEnd, lang)})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <InputField
            id="reference"
            className="field-wrap"
            kind="text"
            label={t('reference')}
            hint={t('referenceHint')}
            error={errorOf('reference')}
            value={form.reference}
            onBlur={touch('reference')}
            onChange={(reference) => set({ reference })}
          />
          <InputField
            id="signedOn"
            className="field-wrap"
            kind="date"
            label={t('signedOn')}
            error={errorOf('signedOn')}
            value={form.signedOn}
            onBlur={touch('signedOn')}
            onChange={(signedOn) => set({ signedOn })}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('schedule')}</legend>
        <p className="hint">{t('scheduleHint')}</p>
        {form.lines.map((l, i) => (
          <div className="line-row" key={i} role="group" aria-label={fill(t('line'), { n: i + 1 })}>
            <span className="line-no" aria-hidden="true">
              {i + 1}.
            </span>
            <InputField
              id={`line${i}.date`}
              className="field-wrap"
              kind="date"
              label={t('date')}
              context={fill(t('line'), { n: i + 1 })}
              error={errorOf(`line${i}.date`)}
              value={l.date}
              onBlur={touch(`line${i}.date`)}
              onChange={(v) => setLine(i, { date: v })}
            />
            <InputField
              id={`line${i}.amount`}
              className="field-wrap"
              kind="money"
              label={t('amount')}
              context={fill(t('line'), { n: i + 1 })}
              error={errorOf(`line${i}.amount`)}
              value={l.amount}
              onBlur={touch(`line${i}.amount`)}
              onChange={(v) => setLine(i, { amount: v })}
            />
            <CurrencyField
              id={`line${i}.currency`}
              className="field-wrap"
              label={t('currency')}
              context={fill(t('line'), { n: i + 1 })}
              error={errorOf(`line${i}.currency`)}
              value={l.currency}
              onChange={(v) => setLine(i, { currency: v })}
            />
            {form.lines.length > 1 ? (
              <button
                type="button"
                className="remove"
                onClick={() => set({ lines: form.lines.filter((_, j) => j !== i) })}
              >
                {fill(t('removeLine'), { n: i + 1 })}
              </button>
            ) : (
              <span />
            )}
          </div>
        ))}
        <p className="form-actions">
          <button
            type="button"
            onClick={() => set({ lines: [...form.lines, { date: '', amount: '', currency: orderCurrency }] })}
          >
            {t('addLine')}
          </button>
          <span>
            {t('total')}
            {lang === 'en' ? ': ' : '：'}
            <strong>{built.total ? money(built.total, orderCurrency, lang) : '—'}</strong>
          </span>
        </p>
        {checked &&
          checked.periods.map((p) => (
            <p key={p.capId} className="headroom-line">
              <span className={`status-tag ${p.fits ? 'ok' : 'bad'}`}>{p.fits ? t('fits') : t('over')}</span>{' '}
              {fill(t('headroomLine'), {
                category: categoryName,
                start: date(p.periodStart, lang),
                end: date(p.periodEnd, lang),
                headroom: money(p.headroom, p.currency, lang),
                requested: money(p.requested, p.currency, lang),
              })}
            </p>
          ))}
      </fieldset>

      <fieldset>
        <legend>{t('quotes')}</legend>
        <p className="hint">
          {min > 0
            ? fill(t('quotesHint'), { category: categoryName, n: min, counterparty, dir })
            : fill(t('quotesHintNone'), { category: categoryName })}
        </p>
        <div className="quote-card">
          <h3>{fill(t('connected'), { counterparty })}</h3>
          <p>
            {fill(t('connectedIsOrder'), {
              total: built.total ? money(built.total, orderCurrency, lang) : '—',
            })}
          </p>
          <div className="grid">
            <InputField
              id="connected.validUntil"
              className="field-wrap"
              kind="date"
              label={t('validUntil')}
              context={fill(t('connected'), { counterparty })}
              error={errorOf('connected.validUntil')}
              value={form.connectedValidUntil}
              onBlur={touch('connected.validUntil')}
              onChange={(connectedValidUntil) => set({ connectedValidUntil })}
            />
            <EvidenceInput
              id="connected.evidence"
              value={form.connectedEvidence}
              issuedOn={issuedOnFor('')}
              description={`${form.reference} — ${counterparty}`}
              onChange={(next) => setForm((f) => ({ ...f, connectedEvidence: next }))}
            />
          </div>
        </div>
        {form.quotes.map((q, i) => {
          const n = i + 1;
          const verdict = quoteVerdict(i);
          const context = fill(t('independent'), { n });
          return (
            <div className="quote-card" key={i} role="group" aria-labelledby={`q${i}-title`}>
              <h3 id={`q${i}-title`}>{fill(t('independent'), { n })}</h3>
              <div className="grid">
                <InputField
                  id={`q${i}.supplier`}
                  className="field-wrap"
                  kind="plain"
                  label={t('supplier')}
                  context={context}
                  hint={fill(t('supplierHint'), { counterparty })}
                  error={errorOf(`q${i}.supplier`)}
                  value={q.supplier}
                  onBlur={touch(`q${i}.supplier`)}
                  onChange={(supplier) => setQuote(i, { supplier })}
                />
                <InputField
                  id={`q${i}.amount`}
                  className="field-wrap"
                  kind="money"
                  label={t('amount')}
                  context={context}
                  error={errorOf(`q${i}.amount`)}
                  value={q.amount}
                  onBlur={touch(`q${i}.amount`)}
                  onChange={(amount) => setQuote(i, { amount })}
                />
                <CurrencyField
                  id={`q${i}.currency`}
                  className="field-wrap"
                  label={t('currency')}
                  context={context}
                  error={errorOf(`q${i}.currency`)}
                  value={q.currency}
                  onChange={(currency) => setQuote(i, { currency })}
                />
                <InputField
                  id={`q${i}.quotedOn`}
                  className="field-wrap"
                  kind="date"
                  label={t('quotedOn')}
                  context={context}
                  error={errorOf(`q${i}.quotedOn`)}
                  value={q.quotedOn}
                  onBlur={touch(`q${i}.quotedOn`)}
                  onChange={(quotedOn) => setQuote(i, { quotedOn })}
                />
                <InputField
                  id={`q${i}.validUntil`}
                  className="field-wrap"
                  kind="date"
                  label={t('validUntil')}
                  context={context}
                  error={errorOf(`q${i}.validUntil`)}
                  value={q.validUntil}
                  onBlur={touch(`q${i}.validUntil`)}
                  onChange={(validUntil) => setQuote(i, { validUntil })}
                />
                <InputField
                  id={`q${i}.independenceConfirmedBy`}
                  className="field-wrap"
                  kind="plain"
                  label={t('confirmedBy')}
                  context={context}
                  hint={t('confirmedByHint')}
                  error={errorOf(`q${i}.independenceConfirmedBy`)}
                  value={q.confirmedBy}
                  onChange={(confirmedBy) => setQuote(i, { confirmedBy })}
                />
                <EvidenceInput
                  id={`q${i}.evidence`}
                  value={q.evidence}
                  issuedOn={issuedOnFor(q.quotedOn)}
                  description={`${form.reference} — ${q.supplier}`}
                  onChange={(next) => setQuote(i, { evidence: next })}
                />
              </div>
              {verdict && <p className="quote-verdict">{verdict}</p>}
              {form.quotes.length > min && (
                <button type="button" onClick={() => set({ quotes: form.quotes.filter((_, j) => j !== i) })}>
                  {fill(t('removeQuote'), { n })}
                </button>
              )}
            </div>
          );
        })}
        <button type="button" onClick={() => set({ quotes: [...form.quotes, emptyQuote(orderCurrency)] })}>
          {t('addQuote')}
        </button>
      </fieldset>

      <section className="gate-panel" aria-labelledby="gate-title">
        <h2 id="gate-title">{t('gate')}</h2>
        <p className="checking" aria-live="polite">
          {check.state === 'idle'
            ? t('gateIdle')
            : check.state === 'checking'
              ? t('checking')
              : check.state === 'ready'
                ? check.result.accepted
                  ? t('wouldPass')
                  : fill(t('wouldRefuse'), { n: check.result.reasons.length })
                : check.state === 'invalid'
                  ? t('gateFix')
                  : ''}
        </p>
        {checked && <PeriodsTable periods={checked.periods} category={categoryName} />}
        {checked && checked.reasons.length > 0 && (
          <RefusalList reasons={checked.reasons} category={categoryName} counterparty={counterparty} />
        )}
        {check.state === 'invalid' && (
          <ul className="reasons">
            {check.sentences.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        )}
        {check.state === 'failed' && (
          <ul className="reasons">
            {check.sentences.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        )}
      </section>

      <div className="form-actions">
        <button type="submit" className="primary" disabled={placing}>
          {placing ? t('placing') : t('submit')}
        </button>
      </div>

      <div className="result-region" ref={resultRef} tabIndex={-1}>
        {outcome?.kind === 'accepted' && (
          <div className="accepted" role="status" data-order-id={outcome.order.id}>
            <p>
              <strong>{fill(t('accepted'), { ref: outcome.order.reference })}</strong>
            </p>
            {outcome.order.reservations.map((r) => (
              <p key={r.capId}>
                {fill(t('reserved'), {
                  amount: money(r.amount, r.currency, lang),
                  category: categoryName,
                  start: date(r.periodStart, lang),
                  end: date(r.periodEnd, lang),
                  cap: money(r.cap, r.currency, lang),
                })}
              </p>
            ))}
            <p>
              <a href={`#/orders/${encodeURIComponent(outcome.order.id)}`}>
                {fill(t('viewOrder'), { ref: outcome.order.reference })}
              </a>
            </p>
          </div>
        )}
        {outcome?.kind === 'refused' && (
          <div className="refusal" role="alert">
            <p>
              <strong>{t('refusedTitle')}</strong>
            </p>
            <RefusalList reasons={outcome.reasons} category={categoryName} counterparty={counterparty} />
          </div>
        )}
        {(outcome?.kind === 'invalid' || outcome?.kind === 'failed') && (
          <div className="refusal" role="alert">
            <p>
              <strong>{outcome.kind === 'invalid' ? t('fixFields') : ''}</strong>
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

export function NewOrder() {
  const t = useT();
  const [agreements, reload] = useGet<{ items: readonly Agreement[] }>('/api/v1/agreements');
  return (
    <section className="ledger" aria-labelledby="new-order-title">
      <p>
        <a href="#/orders">← {t('back')}</a>
      </p>
      <h1 id="new-order-title">{t('title')}</h1>
      <p className="help" id="new-order-intro">
        {t('intro')}
      </p>
      <Show value={agreements} onRetry={reload}>
        {(a) =>
          a.items.length === 0 ? <Empty>{t('noAgreements')}</Empty> : <OrderForm agreements={a.items} />
        }
      </Show>
    </section>
  );
}
