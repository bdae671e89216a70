import type { FastifyInstance } from 'fastify';
import { expect, it, onTestFinished } from 'vitest';
import { createIssuer } from '../src/app/issuers.js';
import type { Store } from '../src/app/ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { buildServer } from '../src/http/server.js';
import { describeEachEngine } from './support/engines.js';
import { world, type TestWorld } from './support/context.js';
import { withQuotes } from './support/pricing.js';

async function serve(store: Store): Promise<{ w: TestWorld; app: FastifyInstance }> {
  const w = await world(store);
  const app = await buildServer({ ctx: w.ctx, defaultIssuerId: () => Promise.resolve(w.actor.issuerId) });
  onTestFinished(() => app.close());
  return { w, app };
}

async function createSeed(
  app: FastifyInstance,
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
  it('renders the seed caps as HK documents show them, with links to the API documents and nothing external', async () => {
    const { app } = await serve(await open());
    await createSeed(app);
    const res = await app.inject({ method: 'GET', url: '/' });
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
    const { app } = await serve(await open());
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
    const html = (await app.inject({ method: 'GET', url: '/' })).body;

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
    const { app } = await serve(await open());
    await createSeed(app, {}, '<script>alert("x")</script> & Sons\' <b>CCT</b>');
    const html = (await app.inject({ method: 'GET', url: '/' })).body;
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons&#39; &lt;b&gt;CCT&lt;/b&gt;',
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>CCT');
  });

  it('shows a clear demo banner for a demo issuer, and an empty state when nothing is recorded', async () => {
    const { w, app } = await serve(await open());
    const demo = await createIssuer(w.ctx, {
      name: { en: 'Kingsoft Cloud (demo)', 'zh-Hant': '金山雲（示範）' },
      isDemo: true,
    });
    const headers = { 'x-armslength-issuer': demo.id };
    const empty = await app.inject({ method: 'GET', url: '/', headers });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Demo data — illustrative');
    expect(empty.body).toContain(
      'Kingsoft Cloud (demo) <span lang="zh-Hant" class="zh">金山雲（示範）</span>',
    );
    expect(empty.body).toContain('No framework agreement has been recorded yet');
    await createSeed(app, headers);
    const filled = await app.inject({ method: 'GET', url: '/', headers });
    expect(filled.body).toContain('RMB82.0 million');
    expect(filled.body).toContain('Demo data — illustrative');
  });
});
