/**
 * What the browser tests share: the built `armslength serve` on a new data directory (so the demo is
 * loaded and its sign-in printed), Debian's Chromium driven by playwright-core, the sign-in, the
 * language toggle, the axe check and the screenshots in docs/screenshots/.
 *
 * CI (.ci/run) installs chromium and sets REQUIRE_BROWSER=1: there a missing browser fails the
 * suite. On a developer machine without it the browser tests are skipped, saying why.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { childEnv, cliPath, root } from '../support/server-process.js';

export const CHROMIUM = process.env['ARMSLENGTH_CHROMIUM'] || '/usr/bin/chromium';
/** The web build the server serves: dist/web (`npm test` builds it), or ARMSLENGTH_WEB_DIR. */
export const WEB_DIR = process.env['ARMSLENGTH_WEB_DIR'] || path.join(root, 'dist', 'web');
export const SCREENSHOTS = path.join(root, 'docs', 'screenshots');
/** The demo is loaded "as of today": pinned, so that the figures, the alerts and the screenshots hold. */
export const TODAY = '2026-11-24';

export type Lang = 'en' | 'zh-Hant';

/**
 * The browser globals the functions run in the page use. This project's TypeScript has no DOM
 * library (the tests run in Node), and a function given to page.evaluate is sent as source, so it
 * reaches them through `globalThis`, typed here.
 */
interface InPageElement {
  readonly textContent: string | null;
  setAttribute(name: string, value: string): void;
}
interface InPage {
  readonly document: {
    querySelector(selector: string): InPageElement | null;
    querySelectorAll(selector: string): Iterable<InPageElement>;
    readonly documentElement: { readonly lang: string };
    readonly fonts: { readonly ready: Promise<unknown> };
  };
  readonly location: { hash: string };
  readonly axe?: AxeGlobal;
}

/**
 * `describe`, when Chromium is there. Without it: a failure under REQUIRE_BROWSER=1 (CI), else a
 * skip with a warning naming what is missing.
 */
export function describeInBrowser(name: string, body: () => void): void {
  const missing = fs.existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (missing === null) {
    describe(name, body);
    return;
  }
  if (process.env['REQUIRE_BROWSER'] === '1') {
    // A skip here would hide that the web application was never tried in a browser.
    describe(name, () => {
      it('has a browser to run in', () => {
        throw new Error(`REQUIRE_BROWSER=1 but the browser tests cannot run: ${missing}`);
      });
    });
    return;
  }
  // Skipped only on a developer's machine without Chromium, and said so on the console; CI sets
  // REQUIRE_BROWSER=1 (.ci/run), where the branch above makes the same gap a failure.
  console.warn(`${name}: skipping the browser tests: ${missing}`);
  describe.skip(name, body); // skip: no Chromium on this machine; under REQUIRE_BROWSER=1 (CI) a failure instead
}

export interface DemoServer {
  readonly url: string;
  readonly email: string;
  readonly password: string;
  stop(): Promise<void>;
}

/** `armslength serve --port 0 --data <new dir>`: the demo, its one-time sign-in, and the URL. */
export async function startDemoServer(): Promise<DemoServer> {
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html')))
    throw new Error(`the web application is not built in ${WEB_DIR}: run npm run build first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-e2e-'));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [cliPath, 'serve', '--port', '0', '--data', dataDir],
    {
      cwd: root,
      env: childEnv({ ARMSLENGTH_TODAY: TODAY, ARMSLENGTH_WEB_DIR: WEB_DIR }),
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const cleanUp = () => fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    return await new Promise<DemoServer>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the server printed no URL within 30 s; stderr: ${stderr}`));
      }, 30_000);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${code}; stderr: ${stderr}`));
      });
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const url = /^Arm's Length listening on (http:\/\/\S+)\n/m.exec(stdout)?.[1];
        if (!url) return;
        clearTimeout(timer);
        const demo = /^Demo sign-in \([^)]*\): (\S+) \/ (\S+)\n/m.exec(stdout);
        if (!demo?.[1] || !demo[2]) {
          child.kill('SIGKILL');
          reject(new Error(`the server printed no demo sign-in before its URL: ${stdout}`));
          return;
        }
        resolve({
          url,
          email: demo[1],
          password: demo[2],
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
            cleanUp();
          },
        });
      });
    });
  } catch (e) {
    cleanUp();
    throw e;
  }
}

export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught errors in the page and Content-Security-Policy refusals, as they happened. */
  readonly problems: string[];
  close(): Promise<void>;
}

/**
 * Chromium at the screenshots' size, in British English (so the app starts in English), on UTC.
 * `bypassCSP` only where axe is injected: the journeys run under the app's own CSP.
 */
export async function openBrowser(opts: { bypassCSP?: boolean } = {}): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'en-GB',
      timezoneId: 'UTC',
      acceptDownloads: true,
      bypassCSP: opts.bypassCSP ?? false,
    });
    // A missing label or button should fail in seconds with its name, not after a minute.
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`uncaught in the page: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
        problems.push(`CSP: ${m.text()}`);
    });
    return { browser, context, page, problems, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** `/` sends a browser without a session to the server's sign-in form; signing in opens the dashboard. */
export async function signIn(page: Page, server: DemoServer): Promise<void> {
  await page.goto(`${server.url}/`);
  if (new URL(page.url()).pathname !== '/login')
    throw new Error(`/ without a session should redirect to /login, but the browser is at ${page.url()}`);
  await page.locator('#email').fill(server.email);
  await page.locator('#password').fill(server.password);
  await page.getByRole('button', { name: /Sign in/ }).click();
  await page.locator('main#main h1').first().waitFor();
}

/** Waits until no "Loading…" state is left on the screen (every request of the screen answered). */
export async function settled(page: Page): Promise<void> {
  await page.locator('main#main h1, main#main [role="alert"]').first().waitFor();
  await page.waitForFunction(
    () => (globalThis as unknown as InPage).document.querySelector('.state.loading') === null,
  );
}

const NOT_FOUND = { en: 'There is no such page.', 'zh-Hant': '沒有此頁面。' } as const;

/**
 * Opens a hash route (as the navigation's links do) and waits for its screen to settle; fails naming
 * the route when no screen serves it, or when the screen shows the error state.
 */
export async function openScreen(page: Page, route: string, what: string): Promise<void> {
  // What the main area shows now is marked, so that the new screen is told from the one before.
  const moving = await page.evaluate((hash) => {
    const { document, location } = globalThis as unknown as InPage;
    // The app's own reading of the route (router.ts): no hash is "/".
    if ((location.hash.replace(/^#/, '') || '/') === hash) return false;
    for (const el of document.querySelectorAll('main#main > *')) el.setAttribute('data-e2e-left', '');
    location.hash = hash;
    return true;
  }, route);
  // The shell renders the screen of the route (a new element: screens are keyed by route), or
  // "There is no such page." in the main area.
  if (moving)
    await page.waitForFunction((notFound) => {
      const { document } = globalThis as unknown as InPage;
      const main = document.querySelector('main#main');
      return (
        main !== null &&
        (document.querySelector('main#main > [data-e2e-left]') === null ||
          notFound.some((t) => main.textContent?.includes(t)))
      );
    }, Object.values(NOT_FOUND));
  await page.locator('main#main h1, main#main p.state').first().waitFor();
  const text = await page.locator('main#main').innerText();
  if (text.includes(NOT_FOUND.en) || text.includes(NOT_FOUND['zh-Hant']))
    throw new Error(
      `${what} is missing: no screen in web/src/screens serves #${route} yet (the app says "There is no such page.")`,
    );
  await settled(page);
  // A screen that could not load its data shows the shared error state: never a screen to picture.
  const errors = await page.locator('main#main .state.error').allInnerTexts();
  if (errors.length > 0) throw new Error(`${what} (#${route}) shows an error: ${errors.join(' / ')}`);
}

export const currentLang = (page: Page): Promise<string> =>
  page.evaluate(() => (globalThis as unknown as InPage).document.documentElement.lang);

/** Switches the language with the header's toggle, when it is not `lang` already. */
export async function useLanguage(page: Page, lang: Lang): Promise<void> {
  if ((await currentLang(page)) === lang) return;
  await page.locator('.lang-toggle').click();
  await page.waitForFunction(
    (l) => (globalThis as unknown as InPage).document.documentElement.lang === l,
    lang,
  );
  await page.waitForFunction(
    () => (globalThis as unknown as InPage).document.querySelector('.state.loading') === null,
  );
}

/** docs/screenshots/<screen>.<lang>.png, the whole page at 1366 px wide. */
export async function screenshot(page: Page, screen: string, lang: Lang): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${screen}.${lang}.png`);
  // The web fonts (Noto Sans CJK from the system) are loaded before the picture is taken.
  await page.evaluate(() => (globalThis as unknown as InPage).document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  return file;
}

interface AxeNode {
  readonly target: readonly unknown[];
  readonly failureSummary?: string;
}
interface AxeViolation {
  readonly id: string;
  readonly impact?: string | null;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: readonly AxeNode[];
}
interface AxeGlobal {
  run(context: unknown, options: { runOnly: readonly string[] }): Promise<{ violations: AxeViolation[] }>;
}

const AXE_SOURCE = path.join(root, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * axe-core's WCAG 2 A and AA rules on the page as it is. Returns the serious and critical violations
 * as readable lines (rule, help, each element with axe's summary of why), none when it passes.
 * The page's context must bypass the CSP: the app allows no injected script.
 */
export async function axeViolations(page: Page, where: string): Promise<string[]> {
  const loaded = await page.evaluate(() => (globalThis as unknown as InPage).axe !== undefined);
  if (!loaded) await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as InPage;
    if (!axe) throw new Error('axe-core did not load in the page');
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary ?? '' })),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) =>
      [
        `${where}: ${v.id} (${v.impact}): ${v.help} <${v.helpUrl}>`,
        ...v.nodes.map(
          (n) => `    ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n\s*/g, ' / ')}`,
        ),
      ].join('\n'),
    );
}
