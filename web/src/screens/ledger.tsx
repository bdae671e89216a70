/**
 * What the Orders, New order and Actual amounts screens share: the API's shapes, the writes that
 * carry an Idempotency-Key or a file (through api.ts, which adds the CSRF token and issuer), and the gate's
 * refusals as sentences with their figures in the reader's language — never raw JSON. The figures
 * stay exact decimal strings, formatted by format.ts.
 */
import type { ReactNode } from 'react';
import { api, ApiError } from '../api';
import { date, money, named } from '../format';
import { defineMessages, useI18n, type Lang } from '../i18n';
import './ledger.css';

export interface Name {
  readonly en: string;
  readonly 'zh-Hant': string | null;
}

/** What every screen reads of a category (GET /api/v1/agreements[/:id]); the Agreements screen reads more. */
export interface CategoryBase {
  readonly id: string;
  readonly key: string;
  readonly name: Name;
  readonly direction: string;
  readonly termStart: string;
  readonly termEnd: string;
}

export interface Category extends CategoryBase {
  readonly pricingPolicy: {
    readonly minIndependentQuotes: number;
    readonly quoteValidityRequired: boolean;
    readonly exceptionsAllowed: boolean;
    readonly summary: string;
  };
  readonly termination: { readonly effectiveOn: string } | null;
}

export interface CapView {
  readonly id: string;
  readonly categoryKeys: readonly string[];
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly amount: string;
  readonly currency: string;
}

export interface Agreement {
  readonly id: string;
  readonly name: Name;
  readonly counterparty: { readonly name: Name };
  readonly signedOn: string;
  readonly categories: readonly Category[];
  readonly caps: readonly CapView[];
}

export interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

export const CURRENCIES = ['CNY', 'HKD', 'USD'] as const;

/** How a currency is named in a list: RMB / 人民幣 (documents write RMB for CNY). */
export const currencyLabel = (code: string, lang: Lang): string => {
  const names: Record<string, [string, string]> = {
    CNY: ['RMB', '人民幣'],
    HKD: ['HK$', '港元'],
    USD: ['US$', '美元'],
  };
  const n = names[code];
  return n ? (lang === 'en' ? n[0] : n[1]) : code;
};

/** "1,200,000.50" or "1200000.5" → "1200000.50"-like decimal text; null when not an amount. */
export function parseAmountText(text: string): string | null {
  const s = text.trim().replace(/,/g, '');
  return /^\d{1,15}(\.\d{1,2})?$/.test(s) ? s : null;
}

export const isIsoDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return m >= 1 && m <= 12 && d >= 1 && d <= days;
};

export const categoryLabel = (c: { name: Name } | undefined | null, lang: Lang): string =>
  c ? named(c.name, lang) : '—';

// ---- writes with an Idempotency-Key or a file ----

/**
 * POST with an Idempotency-Key: a retry of the same body (a lost answer) with the same key returns
 * the first answer and writes nothing twice (docs/refusal-codes.md: IDEMPOTENCY_KEY_REUSED).
 */
export const postOnce = <T,>(path: string, body: unknown, key: string): Promise<T> =>
  api<T>('POST', path, body, { 'idempotency-key': key });

export interface UploadedEvidence {
  readonly sha256: string;
  readonly filename: string;
  readonly size: number;
  readonly issuedOn: string;
}

/** POST /api/v1/evidence as multipart/form-data: the file, its issue date and a description. */
export function uploadEvidence(file: File, issuedOn: string, description: string): Promise<UploadedEvidence> {
  const form = new FormData();
  form.append('issuedOn', issuedOn);
  if (description !== '') form.append('description', description);
  form.append('file', file, file.name);
  return api<UploadedEvidence>('POST', '/api/v1/evidence', form);
}

/** A key for one submission: the same body keeps its key, a changed body gets a new one. */
export function idempotencyKeyFor(memo: { body: string; key: string } | null, body: string) {
  if (memo && memo.body === body) return memo;
  const key =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID()
      : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  return { body, key };
}

/** The field errors of a 422 answer, by path (`schedule[0].amount`). */
export function fieldErrorsOf(e: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(e instanceof ApiError) || e.status !== 422) return out;
  const body = e.body as { errors?: { path?: unknown; message?: unknown }[] } | null;
  for (const err of body?.errors ?? [])
    if (typeof err.path === 'string' && typeof err.message === 'string') out.set(err.path, err.message);
  return out;
}

// ---- form fields ----

/** A labelled input with its hint and error tied to it (aria-describedby). */
export function Field({
  id,
  label,
  context,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: string;
  /** Which line or quote the field belongs to: read out, not shown (the card's heading shows it). */
  context?: string | undefined;
  hint?: string | undefined;
  error: string | undefined;
  /** The class of the element around label, control and messages. */
  className?: string | undefined;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={className}>
      <label className="field" htmlFor={id}>
        {label}
        {context && <span className="visually-hidden"> ({context})</span>}
      </label>
      {children(ids === '' ? undefined : ids, error !== undefined)}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

type FieldProps = Omit<Parameters<typeof Field>[0], 'children'>;

/**
 * A `Field` with a text input: `kind` 'date' is a date picker, 'money' an exact decimal amount (kept
 * as the text typed, never a number), 'text' free text with the browser's autofill off.
 */
export function InputField({
  kind,
  value,
  onChange,
  onBlur,
  ...field
}: FieldProps & {
  kind: 'date' | 'money' | 'text' | 'plain';
  value: string;
  onChange: (value: string) => void;
  onBlur?: (() => void) | undefined;
}) {
  return (
    <Field {...field}>
      {(d, inv) => (
        <input
          id={field.id}
          {...(kind === 'date' ? { type: 'date' } : {})}
          {...(kind === 'money' ? { inputMode: 'decimal' as const } : {})}
          {...(kind === 'money' || kind === 'text' ? { autoComplete: 'off' } : {})}
          value={value}
          aria-describedby={d}
          aria-invalid={inv || undefined}
          onBlur={onBlur}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A `Field` choosing one of `CURRENCIES`, named as documents name them (RMB for CNY). */
export function CurrencyField({
  value,
  onChange,
  ...field
}: FieldProps & { value: string; onChange: (value: string) => void }) {
  const { lang } = useI18n();
  return (
    <Field {...field}>
      {(d, inv) => (
        <select
          id={field.id}
          value={value}
          aria-describedby={d}
          aria-invalid={inv || undefined}
          onChange={(e) => onChange(e.target.value)}
        >
          {CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {currencyLabel(c, lang)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

// ---- refusals as sentences ----

const en = {
  refused: 'Refused:',
  capExceeded:
    'the order needs {requested} but only {headroom} of the {category} cap for {start} to {end} ({cap}) remains ({rule}).',
  outsideTerm:
    'schedule line {line} is dated {date}, outside the term of {category} ({start} to {end}) ({rule}).',
  notEffective:
    'the order is signed on {signedOn}, before the framework agreement was signed on {agreementSignedOn}.',
  noCap: 'no annual cap covers {category} on {date}; no transaction may be conducted without a cap ({rule}).',
  quotesMissing:
    'the pricing policy needs {required} independent quotes, valid on the signing date and from different groups; {given} count ({rule}).',
  notIndependent: 'independent quote {n} from {supplier} does not count: {why} ({rule}).',
  'why.counterparty': 'the supplier is the counterparty itself',
  'why.counterparty-group': "the supplier is in the counterparty's group",
  'why.connected-person': 'the supplier is a connected person of the issuer on {date}',
  'why.unknown-party': 'the register has no such party',
  'why.unconfirmed-supplier':
    'the register does not know the supplier and nobody recorded who confirmed its independence',
  expired: '{quote} was valid only until {validUntil}, before the signing date {signedOn} ({rule}).',
  connectedQuote: "the connected person's quote",
  independentQuote: 'independent quote {n}',
  notFavourableLower:
    "the connected person's price of {connected} is not lower than the best independent quote ({best}, quote {n}); a tie is not more favourable ({rule}).",
  notFavourableHigher:
    "the connected person's price of {connected} is not higher than the best independent quote ({best}, quote {n}); a tie is not more favourable ({rule}).",
  exceptionDisallowed:
    "the category's pricing policy does not allow exceptions; the exception approved by {approvedBy} cannot stand.",
  exceptionPlacer:
    'the exception was approved by {approvedBy}, who is placing the order; another user must approve it.',
  breach: 'Breach:',
  breachCap:
    'actual amounts of {actual} exceed the {category} cap of {cap} for {start} to {end} by {excess} on {date} ({rule}). The amount has been recorded.',
  breachTerm: 'the actual dated {date} lies outside the term of {category}. It has been recorded ({rule}).',
  breachNoCap: 'no annual cap covers {category} on {date} ({rule}). It has been recorded.',
} as const;

const zh: Record<keyof typeof en, string> = {
  refused: '拒絕：',
  capExceeded:
    '此訂單需要{requested}，但{category}於{start}至{end}期間的年度上限（{cap}）僅餘{headroom}（{rule}）。',
  outsideTerm: '付款計劃第{line}行的日期{date}不在{category}的期限（{start}至{end}）之內（{rule}）。',
  notEffective: '訂單於{signedOn}簽訂，早於框架協議的簽訂日期{agreementSignedOn}。',
  noCap: '{date}沒有年度上限涵蓋{category}；沒有上限不得進行交易（{rule}）。',
  quotesMissing:
    '定價政策要求{required}份於簽訂日有效、來自不同集團的獨立報價；目前只有{given}份計算在內（{rule}）。',
  notIndependent: '來自{supplier}的第{n}份獨立報價不計算在內：{why}（{rule}）。',
  'why.counterparty': '該供應商即為交易對方',
  'why.counterparty-group': '該供應商屬於交易對方的集團',
  'why.connected-person': '該供應商於{date}為發行人的關連人士',
  'why.unknown-party': '關連人士名冊中沒有此人士',
  'why.unconfirmed-supplier': '名冊中沒有該供應商，亦沒有記錄由誰確認其獨立性',
  expired: '{quote}的有效期只至{validUntil}，早於簽訂日{signedOn}（{rule}）。',
  connectedQuote: '關連人士的報價',
  independentQuote: '第{n}份獨立報價',
  notFavourableLower:
    '關連人士的價格{connected}並不低於最佳獨立報價（{best}，第{n}份報價）；價格相同不屬於更佳條款（{rule}）。',
  notFavourableHigher:
    '關連人士的價格{connected}並不高於最佳獨立報價（{best}，第{n}份報價）；價格相同不屬於更佳條款（{rule}）。',
  exceptionDisallowed: '此類別的定價政策不容許例外；由{approvedBy}批准的例外不能成立。',
  exceptionPlacer: '例外由下單人{approvedBy}本人批准；必須由另一名用戶批准。',
  breach: '違規：',
  breachCap:
    '{date}的實際金額{actual}超出{category}於{start}至{end}期間的年度上限{cap}，超出{excess}（{rule}）。該金額已記錄。',
  breachTerm: '日期為{date}的實際金額不在{category}的期限之內。該金額已記錄（{rule}）。',
  breachNoCap: '{date}沒有年度上限涵蓋{category}（{rule}）。該金額已記錄。',
};

const useT = defineMessages(en, zh);

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? `{${k}}`);

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** "Rule 14A.54 of the Listing Rules" / "上市規則第14A.54條"; "Rules 14A.55 and 14A.56". */
export function ruleText(rule: string, lang: Lang): string {
  const parts = rule.split(/\s*,\s*/);
  if (lang === 'en')
    return parts.length > 1
      ? `Rules ${parts.join(' and ')} of the Listing Rules`
      : `Rule ${rule} of the Listing Rules`;
  return `上市規則第${parts.join('及')}條`;
}

/** One refusal as a sentence in the reader's language; an unknown code keeps the API's own words. */
export function useRefusalSentence(): (
  r: Refusal,
  ctx: { category: string; counterparty?: string },
) => string {
  const t = useT();
  const { lang } = useI18n();
  return (r, ctx) => {
    const m = (field: string, currency = str(r['currency']) || 'CNY') => money(str(r[field]), currency, lang);
    const d = (field: string) => date(str(r[field]), lang);
    const rule = (x: string) => ruleText(x, lang);
    const pricingRule = rule(str(r['rule']) || '14A.55, 14A.56');
    const lead = t('refused') + (lang === 'en' ? ' ' : '');
    switch (r.code) {
      case 'CAP_EXCEEDED': {
        const headroom = str(r['headroom']);
        const shown = headroom.startsWith('-') ? '0.00' : headroom;
        return (
          lead +
          fill(t('capExceeded'), {
            requested: m('requested'),
            headroom: money(shown, str(r['currency']), lang),
            category: ctx.category,
            start: d('periodStart'),
            end: d('periodEnd'),
            cap: m('cap'),
            rule: rule('14A.54'),
          })
        );
      }
      case 'OUTSIDE_TERM': {
        const line = /schedule\[(\d+)\]/.exec(str(r['path']))?.[1];
        return (
          lead +
          fill(t('outsideTerm'), {
            line: line === undefined ? '?' : String(Number(line) + 1),
            date: d('date'),
            category: ctx.category,
            start: d('termStart'),
            end: d('termEnd'),
            rule: rule('14A.52'),
          })
        );
      }
      case 'AGREEMENT_NOT_EFFECTIVE':
        return (
          lead +
          fill(t('notEffective'), { signedOn: d('signedOn'), agreementSignedOn: d('agreementSignedOn') })
        );
      case 'NO_COVERING_CAP':
        return lead + fill(t('noCap'), { category: ctx.category, date: d('date'), rule: rule('14A.53') });
      case 'QUOTES_MISSING':
        return (
          lead +
          fill(t('quotesMissing'), {
            required: str(r['required']),
            given: str(r['validGiven']),
            rule: pricingRule,
          })
        );
      case 'QUOTE_NOT_INDEPENDENT': {
        const quote = r['quote'] as { index?: number } | undefined;
        const why = str(r['why']);
        const whyKey = `why.${why}` as keyof typeof en;
        const whyText = whyKey in en ? fill(t(whyKey), { date: d('quotedOn') }) : why;
        return (
          lead +
          fill(t('notIndependent'), {
            n: String((quote?.index ?? 0) + 1),
            supplier: str(r['supplier']),
            why: whyText,
            rule: pricingRule,
          })
        );
      }
      case 'QUOTE_EXPIRED': {
        const quote = r['quote'] as { kind?: string; index?: number } | undefined;
        const which =
          quote?.kind === 'independent'
            ? fill(t('independentQuote'), { n: String((quote.index ?? 0) + 1) })
            : ctx.counterparty
              ? lang === 'en'
                ? `${ctx.counterparty}'s quote (the connected person's)`
                : `${ctx.counterparty}（關連人士）的報價`
              : t('connectedQuote');
        return (
          lead +
          fill(t('expired'), {
            quote: which,
            validUntil: d('validUntil'),
            signedOn: d('signedOn'),
            rule: pricingRule,
          })
        );
      }
      case 'CONNECTED_NOT_MORE_FAVOURABLE':
        return (
          lead +
          fill(t(r['comparison'] === 'connected-higher' ? 'notFavourableHigher' : 'notFavourableLower'), {
            connected: m('connectedPrice'),
            best: m('bestIndependentPrice'),
            n: String(Number(r['bestIndependentQuote'] ?? 0) + 1),
            rule: pricingRule,
          })
        );
      case 'EXCEPTION_NOT_PERMITTED':
        return (
          lead +
          fill(t(r['why'] === 'approver-is-placer' ? 'exceptionPlacer' : 'exceptionDisallowed'), {
            approvedBy: str(r['approvedBy']),
          })
        );
      default:
        return r.message;
    }
  };
}

/** The gate's reasons, one sentence each, every one with its code for whoever automates the screen. */
export function RefusalList({
  reasons,
  category,
  counterparty,
}: {
  reasons: readonly Refusal[];
  category: string;
  counterparty?: string;
}) {
  const sentence = useRefusalSentence();
  return (
    <ul className="reasons">
      {reasons.map((r, i) => (
        <li key={`${r.code}-${i}`} data-code={r.code}>
          {sentence(r, counterparty === undefined ? { category } : { category, counterparty })}
        </li>
      ))}
    </ul>
  );
}

export interface BreachView {
  readonly code: string;
  readonly periodStart?: string;
  readonly periodEnd?: string;
  readonly currency?: string;
  readonly cap?: string;
  readonly actual?: string;
  readonly excess?: string;
  readonly occurredOn: string;
  readonly message: string;
}

/** A breach an actual caused, as a sentence with its figures. */
export function useBreachSentence(): (b: BreachView, category: string) => string {
  const t = useT();
  const { lang } = useI18n();
  return (b, category) => {
    const lead = t('breach') + (lang === 'en' ? ' ' : '');
    const cur = b.currency ?? 'CNY';
    switch (b.code) {
      case 'CAP_EXCEEDED':
        return (
          lead +
          fill(t('breachCap'), {
            actual: money(b.actual ?? '0', cur, lang),
            category,
            cap: money(b.cap ?? '0', cur, lang),
            start: date(b.periodStart, lang),
            end: date(b.periodEnd, lang),
            excess: money(b.excess ?? '0', cur, lang),
            date: date(b.occurredOn, lang),
            rule: ruleText('14A.54', lang),
          })
        );
      case 'OUTSIDE_TERM':
        return (
          lead +
          fill(t('breachTerm'), { date: date(b.occurredOn, lang), category, rule: ruleText('14A.52', lang) })
        );
      case 'NO_COVERING_CAP':
        return (
          lead +
          fill(t('breachNoCap'), { date: date(b.occurredOn, lang), category, rule: ruleText('14A.53', lang) })
        );
      default:
        return b.message;
    }
  };
}
