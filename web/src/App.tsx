/**
 * The application shell: who is signed in, the issuer they act for, the language, the navigation,
 * and the screen of the current route. Sign-in and sign-out are the server's own pages (/login,
 * /logout): the session cookie is HttpOnly, and the CSRF token comes from GET /api/v1/session.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { get, put, setCsrfToken, setIssuer, type SessionInfo } from './api';
import { ErrorState, Loading, sentencesOfError } from './components/state';
import { named } from './format';
import {
  I18nContext,
  MESSAGES,
  rememberLang,
  rememberedLang,
  useI18n,
  type I18n,
  type Lang,
  type MessageKey,
} from './i18n';
import { match, useRoute } from './router';
import { SCREENS } from './screens';
import { SessionContext } from './session';

const NAV: readonly { path: string; key: MessageKey }[] = [
  { path: '/', key: 'nav.dashboard' },
  { path: '/agreements', key: 'nav.agreements' },
  { path: '/orders', key: 'nav.orders' },
  { path: '/actuals', key: 'nav.actuals' },
  { path: '/alerts', key: 'nav.alerts' },
  { path: '/register', key: 'nav.register' },
  { path: '/board', key: 'nav.board' },
  { path: '/reports', key: 'nav.reports' },
  { path: '/audit', key: 'nav.audit' },
  { path: '/settings', key: 'nav.settings' },
];

const ISSUER_KEY = 'armslength.issuer';

function Screen({ route, issuerVersion }: { route: string; issuerVersion: string }): ReactNode {
  const { t } = useI18n();
  for (const s of SCREENS) {
    const params = match(s.path, route);
    if (params) return <s.component key={`${issuerVersion}:${route}`} params={params} />;
  }
  return <p className="state">{t('notFound')}</p>;
}

export function App() {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [failure, setFailure] = useState<readonly string[] | null>(null);
  const [lang, setLangState] = useState<Lang>(rememberedLang(null));
  const [issuerId, setIssuerId] = useState<string | null>(null);
  const route = useRoute();

  const load = useCallback(() => {
    setFailure(null);
    get<SessionInfo>('/api/v1/session').then(
      (s) => {
        setCsrfToken(s.csrfToken ?? null);
        setSession(s);
        const kept = s.user?.language;
        setLangState(kept === 'en' || kept === 'zh-Hant' ? kept : rememberedLang(s.user?.id ?? null));
        const stored = localStorage.getItem(ISSUER_KEY);
        const chosen = s.issuers.find((i) => i.id === stored) ?? s.issuers[0];
        setIssuer(chosen?.id ?? null);
        setIssuerId(chosen?.id ?? null);
      },
      (e: unknown) => {
        // No session any more: the server's sign-in page.
        if (e instanceof Error && 'status' in e && (e as { status: number }).status === 401)
          window.location.assign('/login');
        else setFailure(sentencesOfError(e));
      },
    );
  }, []);
  useEffect(load, [load]);

  const i18n = useMemo<I18n>(
    () => ({
      lang,
      t: (key) => MESSAGES[lang][key],
      setLang: (next) => {
        setLangState(next);
        if (session?.user) {
          rememberLang(session.user.id, next);
          // Kept with the account, so that it follows the user to another browser. A failure here
          // leaves the choice on this browser only: nothing to tell the user.
          put('/api/v1/session/preferences', { language: next }).catch(() => undefined);
        }
      },
    }),
    [lang, session],
  );
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${i18n.t('appName')} · ${i18n.t('tagline')}`;
  }, [lang, i18n]);

  if (failure) return <ErrorState sentences={failure} onRetry={load} />;
  if (!session) return <Loading />;
  const issuer = session.issuers.find((i) => i.id === issuerId);
  const { t } = i18n;

  return (
    <I18nContext.Provider value={i18n}>
      <a className="skip" href="#main">
        {lang === 'en' ? 'Skip to content' : '跳至內容'}
      </a>
      <header className="top">
        <div className="brand">
          <strong>{t('appName')}</strong>
          <span className="tagline">{t('tagline')}</span>
        </div>
        <div className="top-controls">
          {session.issuers.length > 0 && (
            <label className="issuer-switch">
              {t('issuer')}
              <select
                value={issuerId ?? ''}
                onChange={(e) => {
                  setIssuer(e.target.value);
                  setIssuerId(e.target.value);
                  localStorage.setItem(ISSUER_KEY, e.target.value);
                }}
              >
                {session.issuers.map((i) => (
                  <option key={i.id} value={i.id}>
                    {named(i.name, lang)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button
            type="button"
            className="lang-toggle"
            lang={lang === 'en' ? 'zh-Hant' : 'en'}
            aria-label={`${t('language')}: ${t('switchLanguage')}`}
            onClick={() => i18n.setLang(lang === 'en' ? 'zh-Hant' : 'en')}
          >
            {t('switchLanguage')}
          </button>
          <span className="user">
            {t('signedInAs')} {session.user?.name ?? session.user?.email}
          </span>
          <form method="post" action="/logout">
            <input type="hidden" name="csrfToken" value={session.csrfToken ?? ''} />
            <button type="submit">{t('signOut')}</button>
          </form>
        </div>
      </header>
      {issuer?.isDemo && (
        <p className="demo-banner" role="note">
          {t('demoBanner')}
        </p>
      )}
      <div className="layout">
        <nav aria-label={t('mainNavigation')} className="side">
          <ul>
            {NAV.map((n) => {
              const active =
                n.path === '/' ? route === '/' : route === n.path || route.startsWith(`${n.path}/`);
              return (
                <li key={n.path}>
                  <a href={`#${n.path}`} aria-current={active ? 'page' : undefined}>
                    {t(n.key)}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <SessionContext.Provider value={{ session, issuerId }}>
            <Screen route={route} issuerVersion={issuerId ?? ''} />
          </SessionContext.Provider>
        </main>
      </div>
    </I18nContext.Provider>
  );
}
