/**
 * Loading, empty and error states, the same on every screen: a refusal or failure is shown as
 * sentences (the API's own words), never as raw JSON or a stack trace.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError, get } from '../api';
import { useI18n } from '../i18n';

export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly sentences: readonly string[] }
  | { readonly state: 'ready'; readonly data: T };

export const sentencesOfError = (e: unknown): readonly string[] =>
  e instanceof ApiError ? e.sentences : [e instanceof Error ? e.message : String(e)];

/** GETs `path` (again when it or `version` changes); `reload` fetches again. */
export function useGet<T>(path: string | null, version = 0): [Loadable<T>, () => void] {
  const [state, setState] = useState<Loadable<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState({ state: 'loading' });
    get<T>(path).then(
      (data) => live && setState({ state: 'ready', data }),
      (e: unknown) => live && setState({ state: 'error', sentences: sentencesOfError(e) }),
    );
    return () => {
      live = false;
    };
  }, [path, version, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return [state, reload];
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="state loading" role="status" aria-live="polite">
      {t('loading')}
    </p>
  );
}

export function ErrorState({ sentences, onRetry }: { sentences: readonly string[]; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="state error" role="alert">
      <p className="state-title">{t('errorTitle')}</p>
      {sentences.map((s) => (
        <p key={s}>{s}</p>
      ))}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <p className="state empty">{children ?? t('empty')}</p>;
}

/** Renders `ready` with the data, and the loading and error states otherwise. */
export function Show<T>({
  value,
  onRetry,
  children,
}: {
  value: Loadable<T>;
  onRetry?: () => void;
  children: (data: T) => ReactNode;
}) {
  if (value.state === 'loading') return <Loading />;
  if (value.state === 'error')
    return onRetry ? (
      <ErrorState sentences={value.sentences} onRetry={onRetry} />
    ) : (
      <ErrorState sentences={value.sentences} />
    );
  return <>{children(value.data)}</>;
}
