/**
 * Issue 8: every main screen of the web application, in English and 繁體中文, passes axe-core's
 * WCAG 2 A/AA rules without a serious or critical violation, and is photographed for
 * docs/screenshots/<screen>.<en|zh-Hant>.png (1366 px wide, the whole page) so that the pictures in
 * the docs are the application as it is built. On the untouched demo data (its own server), so that
 * the pictures do not depend on what the journeys did.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  axeViolations,
  describeInBrowser,
  openBrowser,
  openScreen,
  screenshot,
  signIn,
  startDemoServer,
  useLanguage,
  type BrowserSession,
  type DemoServer,
  type Lang,
} from './browser.js';

/** The navigation's screens, and the new-order form. The name is the screenshot's file name. */
const SCREENS: readonly { readonly name: string; readonly route: string; readonly what: string }[] = [
  { name: 'dashboard', route: '/', what: 'The dashboard' },
  { name: 'agreements', route: '/agreements', what: 'The agreements screen' },
  { name: 'orders', route: '/orders', what: 'The orders screen' },
  { name: 'order-new', route: '/orders/new', what: 'The new-order form' },
  { name: 'actuals', route: '/actuals', what: 'The actual amounts screen' },
  { name: 'alerts', route: '/alerts', what: 'The alerts and escalations screen' },
  { name: 'register', route: '/register', what: 'The connected persons register' },
  { name: 'board', route: '/board', what: 'The board resolutions screen' },
  { name: 'reports', route: '/reports', what: 'The reports screen' },
  { name: 'audit', route: '/audit', what: 'The audit log screen' },
  { name: 'settings', route: '/settings', what: 'The settings screen' },
];
const LANGS: readonly Lang[] = ['en', 'zh-Hant'];

describeInBrowser('the web application’s screens (axe, screenshots)', () => {
  let server: DemoServer;
  let session: BrowserSession;

  beforeAll(async () => {
    server = await startDemoServer();
    // axe is injected as a script: this context alone bypasses the app's CSP.
    session = await openBrowser({ bypassCSP: true });
    await signIn(session.page, server);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  for (const { name, route, what } of SCREENS)
    it(`${name} (#${route}) in English and 繁體中文: no serious axe violation; screenshots`, async () => {
      const { page } = session;
      const problemsBefore = session.problems.length;
      const found: string[] = [];
      for (const lang of LANGS) {
        await useLanguage(page, lang);
        await openScreen(page, route, what);
        // The picture first: it is written even when axe then finds something to fix.
        await screenshot(page, name, lang);
        found.push(...(await axeViolations(page, `${name} (#${route}, ${lang})`)));
      }
      expect(found.join('\n'), 'axe: serious or critical WCAG 2 A/AA violations').toBe('');
      expect(session.problems.slice(problemsBefore)).toEqual([]);
    });
});
