/**
 * What the oversight screens (alerts, reports, audit log, settings) share: submitting a form and
 * showing its refusal as sentences — each tied to its field when the API names one — and people's
 * names in place of account ids.
 */
import { useCallback, useMemo, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError } from '../api';
import { useGet } from '../components/state';
import { defineMessages, useI18n } from '../i18n';
import { useCan, useSession } from '../session';
import './oversight.css';

export interface Name {
  readonly en: string;
  readonly 'zh-Hant': string | null;
}

/** A refusal: the sentences not tied to a field, and those of each field the API named. */
export interface Refusal {
  readonly general: readonly string[];
  readonly fields: Readonly<Record<string, readonly string[]>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Splits an error into sentences: `{ errors: [{ path, message }] }` goes to the field named by the
 * path when the form has it (`known`), else to the general sentences with the path in front.
 */
export function refusalOf(e: unknown, known: readonly string[]): Refusal {
  if (e instanceof ApiError && isObject(e.body) && Array.isArray(e.body['errors'])) {
    const general: string[] = [];
    const fields: Record<string, string[]> = {};
    for (const item of e.body['errors'] as unknown[]) {
      const path = isObject(item) && typeof item['path'] === 'string' ? item['path'] : '';
      const message =
        isObject(item) && typeof item['message'] === 'string' ? item['message'] : 'is not valid';
      const field = known.find((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`));
      if (field !== undefined) (fields[field] ??= []).push(path === field ? message : `${path}: ${message}`);
      else general.push(path === '' ? message : `${path}: ${message}`);
    }
    return { general, fields };
  }
  if (e instanceof ApiError) return { general: e.sentences, fields: {} };
  return { general: [e instanceof Error ? e.message : String(e)], fields: {} };
}

/** A form's submission: busy while it runs, its refusal after a failure, `done` after a success. */
export function useSubmit(known: readonly string[] = []) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [done, setDone] = useState(false);
  const key = known.join('|');
  const run = useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setRefusal(null);
      setDone(false);
      try {
        await action();
        setDone(true);
        return true;
      } catch (e) {
        setRefusal(refusalOf(e, key === '' ? [] : key.split('|')));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [key],
  );
  const fieldError = (name: string): readonly string[] => refusal?.fields[name] ?? [];
  return { busy, refusal, done, run, fieldError, clear: () => setRefusal(null) };
}

const useT = defineMessages(
  {
    refused: 'This was not done:',
    system: 'the system',
    scheduler: 'the scheduler',
    loader: 'the demo data loader',
    you: 'you',
  },
  {
    refused: '未能完成：',
    system: '系統',
    scheduler: '排程程序',
    loader: '示範數據載入程序',
    you: '閣下',
  },
);

/** The sentences of a refusal not tied to a field (those are shown by the field itself). */
export function FormRefusal({ refusal }: { refusal: Refusal | null }) {
  const t = useT();
  if (!refusal || refusal.general.length === 0) return null;
  return (
    <div className="refusal form-refusal" role="alert">
      <p className="state-title">{t('refused')}</p>
      {refusal.general.map((s) => (
        <p key={s}>{s}</p>
      ))}
    </div>
  );
}

/** The sentences of one field, announced and tied to the control by `id`. */
export function FieldMessages({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <span id={id} className="field-error" role="alert">
      {messages.join(' ')}
    </span>
  );
}

/** Props tying a control to its field messages. */
export const describedBy = (id: string, messages: readonly string[]) =>
  messages.length > 0 ? { 'aria-describedby': id, 'aria-invalid': true as const } : {};

/**
 * A labelled input with its field messages tied to it (and an optional hint after it). The other
 * props go to the input; its value stays the text typed (amounts are never parsed to numbers here).
 */
export function LabelledInput({
  id,
  label,
  hint,
  messages,
  onValue,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange'> & {
  id: string;
  label: string;
  hint?: string | undefined;
  messages: readonly string[];
  onValue: (value: string) => void;
}) {
  return (
    <label htmlFor={id} className="field-label">
      {label}
      <input
        id={id}
        {...input}
        onChange={(e) => onValue(e.target.value)}
        {...describedBy(`${id}-error`, messages)}
      />
      {hint && <span className="muted"> {hint}</span>}
      <FieldMessages id={`${id}-error`} messages={messages} />
    </label>
  );
}

/** A labelled text area (a note, a reason, a comment) with its field messages tied to it. */
export function NoteField({
  id,
  label,
  rows,
  required,
  value,
  onChange,
  messages,
}: {
  id: string;
  label: string;
  rows: number;
  required?: boolean | undefined;
  value: string;
  onChange: (value: string) => void;
  messages: readonly string[];
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={rows}
        required={required}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...describedBy(`${id}-error`, messages)}
      />
      <FieldMessages id={`${id}-error`} messages={messages} />
    </>
  );
}

interface Member {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
}

/**
 * Account ids in words: the signed-in user, the issuer's members (when the roles held may list
 * them), and the system's own actors; anything else is shown as it is.
 */
export function useWho(): (id: string) => string {
  const t = useT();
  const { session } = useSession();
  const can = useCan();
  const [members] = useGet<{ items: readonly Member[] }>(can('user.manage') ? '/api/v1/users' : null);
  const byId = useMemo(() => {
    const m = new Map<string, string>();
    if (members.state === 'ready') for (const u of members.data.items) m.set(u.id, u.name ?? u.email);
    return m;
  }, [members]);
  return (id: string) => {
    if (id === 'system' || id.startsWith('system:')) return t('system');
    if (id === 'scheduler') return t('scheduler');
    if (id === 'demo-loader') return t('loader');
    const user = session?.user;
    if (user && id === user.id) return `${user.name ?? user.email} (${t('you')})`;
    return byId.get(id) ?? id;
  };
}

/** A labelled definition list of figures. */
export function Figures({ items }: { items: readonly (readonly [string, ReactNode] | null)[] }) {
  const shown = items.filter((i): i is readonly [string, ReactNode] => i !== null);
  if (shown.length === 0) return null;
  return (
    <dl className="figures">
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** "、" or ", " between names, as each language lists them. */
export function useListJoin(): (items: readonly string[]) => string {
  const { lang } = useI18n();
  return (items) => items.join(lang === 'en' ? ', ' : '、');
}
