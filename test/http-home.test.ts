import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import { createIssuer } from '../src/app/issuers.js';
import type { Store } from '../src/app/ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { WEB_CSP } from '../src/http/web-app.js';
import { describeEachEngine } from './support/engines.js';
import { world, type TestWorld } from './support/context.js';
import { TEST_PASSWORD, testServer, tokenFor, type TestServer } from './support/http.js';
import { withQuotes } from './support/pricing.js';

interface Home {
  readonly w: TestWorld;
  /** The API, with a token for the issuer a request names. */
  readonly app: TestServer;
  /** Signs in (POST /api/v1/session) a user holding every role at these issuers; the session cookie. */
  readonly signIn: (issuerIds?: readonly string[]) => Promise<string>;
  /** GET a page with the session cookie. */
  readonly page: (cookie: string, url?: string) => Promise<LightMyRequestResponse>;
}

let browsers = 0;

async function serve(store: Store): Promise<Home> {
  const w = await world(store);
  const app = await testServer(w.ctx, w.actor.issuerId);
  return {
    w,
    app,
    async signIn(issuerIds = [w.actor.issuerId]) {
      const email = `browser-${process.pid}-${++browsers}@test.invalid`;
      for (const issuerId of issuerIds) await tokenFor(w.ctx, issuerId, OPERATOR_ROLES, email);
      const res = await app.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email, password: TEST_PASSWORD },
      });
      expect(res.statusCode).toBe(201);
      const setCookie = String(res.headers['set-cookie']);
      const cookie = /armslength_session=[^;]+/.exec(setCookie)?.[0];
      if (!cookie) throw new Error(`no session cookie in ${setCookie}`);
      return cookie;
    },
    page: (cookie, url = '/plain') => app.app.inject({ method: 'GET', url, headers: { cookie } }),
  };
}

async function createSeed(
  app: TestServer,
  headers: Record<string, string> = {},
  name?: string,
): Promise<string> {
  const input = seedAgreementInput();
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/agreements',
    headers,
    payload: name === undefined ? input : { ...input, name },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

/** The table row (one cap period) whose text contains `needle`. */
function rowWith(html: string, needle: string): string {
  const row = html.split('<tr').find((r) => r.includes(needle));
  if (!row) throw new Error(`no row contains ${needle}`);
  return row;
}

describeEachEngine('home page', (open) => {
  it('serves the web application at / to a signed-in browser, with a CSP that loads nothing external', async () => {
    const home = await serve(await open());
    const cookie = await home.signIn();
    const res = await home.page(cookie, '/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(WEB_CSP);
    expect(res.body).toMatch(/<div id="root"><\/div>/);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(res.body)?.[1];
    expect(script).toBeDefined();
    const asset = await home.app.app.inject({ method: 'GET', url: script ?? '' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await home.app.app.inject({ method: 'GET', url: '/assets/..%2Fpackage.json' })).statusCode).toBe(
      404,
    );
  });

  it('sends a browser without a session to the sign-in page', async () => {
    const { app } = await serve(await open());
    await createSeed(app);
    const res = await app.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(303);
    expect(res.headers['location']).toBe('/login');
    expect(res.body).not.toContain('Xiaomi');
  });

  it('renders the seed caps as HK documents show them, with links to the API documents and nothing external', async () => {
    const { app, signIn, page } = await serve(await open());
    await createSeed(app);
    const res = await page(await signIn());
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const html = res.body;
    expect(html).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(html).toContain("<title>Arm's Length</title>");
    expect(html).toContain("<h1>Arm's Length</h1>");
    expect(html).toContain('<h2>Test Issuer Ltd ·');
    expect(html).toContain('Noto Sans CJK TC');
    expect(html).toContain('RMB82.0 million');
    expect(html).toContain('RMB41.0 million');
    expect(html).toContain('RMB33.5 million');
    expect(html).toContain('RMB6.7 million');
    expect(html).toContain('29 July 2025 – 31 December 2025');
    expect(html).toContain('1 January 2026 – 28 July 2026');
    expect(html).toContain('IDC services <span lang="zh-Hant" class="zh">IDC相關服務</span>');
    expect(html).toContain('2025 Xiaomi Cooperation Framework Agreement');
    expect(html).toContain('href="/api/openapi.json"');
    expect(html).toContain('href="/api/v1/health"');
    expect(html.match(/<tbody>[\s\S]*<\/tbody>/)?.[0].match(/<tr /g)).toHaveLength(6);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('Demo data');
  });

  it('colours each bar by use with the numbers beside it: green below 80%, amber from 80%, red over the cap', async () => {
    const { app, signIn, page } = await serve(await open());
    const id = await createSeed(app);
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
    // Hardware FY2026 (RMB6.7 million): 6.0 million ordered → 89.6%, amber.
    const ordered = await post(
      '/api/v1/orders',
      withQuotes({
        agreementId: id,
        categoryKey: 'network-hardware',
        reference: 'PO-1',
        signedOn: '2026-02-01',
        schedule: [{ date: '2026-02-10', amount: '6000000.00', currency: 'CNY' }],
      }),
    );
    expect(ordered.statusCode).toBe(201);
    // Hardware 2025 stub (RMB33.5 million): 40.0 million invoiced → 119.4%, red.
    await post('/api/v1/actuals', {
      agreementId: id,
      categoryKey: 'network-hardware',
      date: '2025-09-01',
      amount: '40000000.00',
      currency: 'CNY',
      reference: 'INV-1',
    });
    // IDC FY2026 (RMB82.0 million): 10.0 million invoiced → 12.2%, green.
    await post('/api/v1/actuals', {
      agreementId: id,
      categoryKey: 'idc-services',
      date: '2026-03-01',
      amount: '10000000.00',
      currency: 'CNY',
      reference: 'INV-2',
    });
    const html = (await page(await signIn())).body;

    const amber = rowWith(html, '1 January 2026 – 28 July 2026');
    expect(amber).toMatch(/^ class="alert"/);
    expect(amber).toContain('89.6%');
    expect(amber).toContain('RMB6.0 million'); // committed, beside the bar
    expect(amber).toContain('RMB0.7 million'); // headroom
    expect(amber).toContain('class="actual" style="width:0.0%"');
    expect(amber).toContain('class="committed" style="width:89.6%"');
    expect(amber).toContain('class="marker"');

    const red = rowWith(
      html,
      '29 July 2025 – 31 December 2025</td>\n  <td class="num" title="RMB33,500,000.00"',
    );
    expect(red).toMatch(/^ class="over"/);
    expect(red).toContain('119.4%');
    expect(red).toContain('(RMB6.5 million)'); // negative headroom in parentheses
    expect(red).toContain('class="actual" style="width:100.0%"');

    const green = rowWith(html, '1 January 2026 – 31 December 2026');
    expect(green).toMatch(/^ class="ok"/);
    expect(green).toContain('12.2%');
    expect(green).toContain('RMB10.0 million');
  });

  it('escapes HTML in user strings', async () => {
    const { app, signIn, page } = await serve(await open());
    await createSeed(app, {}, '<script>alert("x")</script> & Sons\' <b>CCT</b>');
    const html = (await page(await signIn())).body;
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons&#39; &lt;b&gt;CCT&lt;/b&gt;',
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>CCT');
  });

  it('shows a clear demo banner for a demo issuer, and an empty state when nothing is recorded', async () => {
    const { w, app, signIn, page } = await serve(await open());
    const demo = await createIssuer(w.ctx, {
      name: { en: 'Kingsoft Cloud (demo)', 'zh-Hant': '金山雲（示範）' },
      isDemo: true,
    });
    const headers = { 'x-armslength-issuer': demo.id };
    // The page shows the issuer picked with ?issuer= (of those the signed-in user acts for).
    const cookie = await signIn([w.actor.issuerId, demo.id]);
    const empty = await page(cookie, `/plain?issuer=${demo.id}`);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Demo data — illustrative');
    expect(empty.body).toContain(
      'Kingsoft Cloud (demo) <span lang="zh-Hant" class="zh">金山雲（示範）</span>',
    );
    expect(empty.body).toContain('No framework agreement has been recorded yet');
    await createSeed(app, headers);
    const filled = await page(cookie, `/plain?issuer=${demo.id}`);
    expect(filled.body).toContain('RMB82.0 million');
    expect(filled.body).toContain('Demo data — illustrative');
  });
});
