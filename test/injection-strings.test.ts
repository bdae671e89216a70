/**
 * Issue 6, item 7: SQL, script, template and spreadsheet-formula injection strings put in every
 * free-text field the API stores and shows. Each write succeeds, each read gives the string back byte
 * for byte, the tables are all still there afterwards, the server-rendered home page shows the
 * strings escaped (never a live `<script>` or `<img onerror>`), and the auditor's CSV export carries
 * them inside its JSON cells, with no cell that a spreadsheet would run as a formula.
 */
import { csvCell } from '../src/app/audit.js';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/app/ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { buildServer } from '../src/http/server.js';
import { world } from './support/context.js';
import { describeEachEngine } from './support/engines.js';
import { TEST_PASSWORD, tokenFor } from './support/http.js';
import { withQuotes } from './support/pricing.js';

type Json = Record<string, unknown>;

const TODAY = '2026-11-30';

const SQL_INJECTIONS = [
  "'; DROP TABLE orders; --",
  '" OR 1=1 --',
  "Robert'); DROP TABLE agreements;--",
] as const;

const SCRIPT_INJECTIONS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
] as const;

/** What a spreadsheet runs when a CSV cell begins with it (CSV / formula injection). */
const FORMULA_INJECTIONS = [
  '=HYPERLINK("http://attacker.invalid/","click")',
  '@SUM(1+1)',
  '+1+1',
  '-1+1',
] as const;

const INJECTIONS: readonly string[] = [...SQL_INJECTIONS, ...SCRIPT_INJECTIONS, ...FORMULA_INJECTIONS];

/** HTML entities a correct escaper may use, decoded (named, decimal, hexadecimal). */
function decodeHtml(html: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return named[ref.toLowerCase()] ?? whole;
  });
}

/** RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Every string anywhere in a JSON value. */
function stringsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (typeof value === 'object' && value !== null)
    for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

interface Fixture {
  readonly store: Store;
  readonly app: FastifyInstance;
  readonly token: string;
  /** The session cookie of the same user, for the server-rendered home page. */
  readonly cookie: string;
  readonly thresholdAlert: string;
  readonly breachAlert: string;
}

async function call(
  f: Pick<Fixture, 'app' | 'token'>,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const opts: InjectOptions = { method, url, headers: { authorization: `Bearer ${f.token}`, ...headers } };
  if (body !== undefined) opts.payload = body as NonNullable<InjectOptions['payload']>;
  return f.app.inject(opts);
}

/** The answer's JSON, after checking that the request succeeded (2xx). */
async function ok(what: string, res: Promise<LightMyRequestResponse>): Promise<Json> {
  const r = await res;
  expect(r.statusCode, `${what}: ${r.body.slice(0, 400)}`).toBeGreaterThanOrEqual(200);
  expect(r.statusCode, `${what}: ${r.body.slice(0, 400)}`).toBeLessThan(300);
  return r.json<Json>();
}

async function buildFixture(store: Store): Promise<Fixture> {
  const w = await world(store, TODAY);
  const app = await buildServer({ ctx: w.ctx });
  const email = `injection-${process.pid}-${randomBytes(4).toString('hex')}@test.invalid`;
  const token = await tokenFor(w.ctx, w.actor.issuerId, undefined, email);
  const f = { app, token };
  const agreement = await ok(
    'the seed agreement',
    call(f, 'POST', '/api/v1/agreements', seedAgreementInput()),
  );
  // One cent over the 2026 IDC cap: a THRESHOLD alert (80%) and a BREACH alert.
  await ok(
    'an actual over the cap',
    call(f, 'POST', '/api/v1/actuals', {
      agreementId: agreement['id'],
      categoryKey: 'idc-services',
      date: '2026-06-25',
      amount: '82000000.01',
      currency: 'CNY',
      reference: 'INV-OVER',
    }),
  );
  const alerts = (await ok('alerts', call(f, 'GET', '/api/v1/alerts'))) as {
    items: { id: string; kind: string }[];
  };
  const alertOf = (kind: string): string => {
    const found = alerts.items.find((a) => a.kind === kind);
    if (!found) throw new Error(`no ${kind} alert`);
    return found.id;
  };
  const session = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email, password: TEST_PASSWORD },
  });
  expect(session.statusCode, session.body).toBe(201);
  const cookie = String(session.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  return {
    store,
    app,
    token,
    cookie,
    thresholdAlert: alertOf('THRESHOLD'),
    breachAlert: alertOf('BREACH'),
  };
}

/** A multipart/form-data upload of a small PDF (its bytes made distinct by `tag`). */
function evidenceUpload(
  tag: string,
  description: string,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----armslength${randomBytes(8).toString('hex')}`;
  const pdf = Buffer.from(`%PDF-1.7\n% ${tag}\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n`, 'latin1');
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="quote.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    pdf,
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="issuedOn"\r\n\r\n2026-03-01\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\n`),
    Buffer.from(description, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[k] : undefined),
    value,
  );

describeEachEngine('injection strings in free-text fields (issue 6, item 7)', (open) => {
  let f: Fixture;
  let created = 1;

  beforeAll(async () => {
    f = await buildFixture(await open());
  });
  afterAll(async () => {
    // Unset when building the world failed (that failure is the one reported).
    await (f as Fixture | undefined)?.app.close();
  });

  /** The seed agreement, named as given; its id and its 2026 IDC cap. */
  async function agreementNamed(name: string, categoryName: string) {
    const input = seedAgreementInput();
    input.name = { en: name, 'zh-Hant': name };
    const firstCategory = input.categories[0];
    if (!firstCategory) throw new Error('the seed agreement has no category');
    firstCategory.name = { en: categoryName, 'zh-Hant': firstCategory.name['zh-Hant'] };
    const agreement = await ok('the agreement', call(f, 'POST', '/api/v1/agreements', input));
    created += 1;
    const caps = agreement['caps'] as { id: string; categoryKeys: string[]; periodStart: string }[];
    const cap = caps.find((c) => c.categoryKeys.includes('idc-services') && c.periodStart === '2026-01-01');
    return { id: String(agreement['id']), idc2026: cap?.id ?? 'missing' };
  }

  it.each(INJECTIONS.map((s, i) => ({ s, i, shown: JSON.stringify(s) })))(
    '$shown is stored and read back verbatim in every text field, and the tables survive',
    async ({ s, i }) => {
      // Each field is its own step, checked softly: one run reports every field that refuses or
      // mangles the string. A step that needs a record another step failed to make uses a plain one.
      const failed: string[] = [];
      const step = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
        try {
          return await fn();
        } catch (error) {
          failed.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        }
      };
      const verbatim = (what: string, got: unknown) => expect.soft(got, `${what} read back`).toBe(s);

      // An agreement named by the string (in both languages), a category named by it too.
      const named = await step('the agreement named by the string', async () => {
        const made = await agreementNamed(s, s);
        const shown = await ok('the agreement', call(f, 'GET', `/api/v1/agreements/${made.id}`));
        verbatim('the agreement name (en)', at(shown, 'name', 'en'));
        verbatim('the agreement name (zh-Hant)', at(shown, 'name', 'zh-Hant'));
        verbatim('the category name', at(shown, 'categories', 0, 'name', 'en'));
        return made;
      });
      const agreement = named ?? (await agreementNamed(`Plain agreement ${i}`, 'IDC services'));

      await step('the material change description', async () => {
        await ok(
          'the material change',
          call(f, 'POST', `/api/v1/agreements/${agreement.id}/material-changes`, {
            description: s,
            effectiveOn: '2026-11-01',
          }),
        );
        const shown = await ok('the agreement', call(f, 'GET', `/api/v1/agreements/${agreement.id}`));
        const changes = (shown['materialChanges'] as Json[] | undefined) ?? [];
        verbatim(
          'the material change description',
          changes.find((c) => c['description'] === s)?.['description'],
        );
      });

      await step('the cap revision reason and approval reference', async () => {
        await ok(
          'the cap revision',
          call(f, 'POST', `/api/v1/caps/${agreement.idc2026}/revisions`, {
            amount: '90000000.00',
            effectiveFrom: '2026-11-30',
            approvedOn: '2026-11-30',
            reason: s,
            approvalReference: s,
          }),
        );
        const shown = await ok('the agreement', call(f, 'GET', `/api/v1/agreements/${agreement.id}`));
        const history = (shown['caps'] as { id: string; history: Json[] }[]).find(
          (c) => c.id === agreement.idc2026,
        )?.history;
        const revision = history?.find((h) => h['revisionId'] !== null && h['revisionId'] !== undefined);
        verbatim('the cap revision reason', revision?.['reason']);
        verbatim('the cap revision approval reference', revision?.['approvalReference']);
      });

      const orderId = await step('the order reference', async () => {
        const order = await ok(
          'the order',
          call(
            f,
            'POST',
            '/api/v1/orders',
            withQuotes({
              agreementId: agreement.id,
              categoryKey: 'network-hardware',
              reference: s,
              signedOn: '2026-06-01',
              schedule: [{ date: '2026-07-10', amount: '1000.00', currency: 'CNY' }],
            }),
          ),
        );
        const shown = await ok('the order', call(f, 'GET', `/api/v1/orders/${String(order['id'])}`));
        verbatim('the order reference', shown['reference']);
        return String(order['id']);
      });

      // Read back through the audit log below (there is no GET for one actual).
      await step('the actual reference', () =>
        ok(
          'the actual',
          call(f, 'POST', '/api/v1/actuals', {
            agreementId: agreement.id,
            categoryKey: 'idc-services',
            date: '2026-07-01',
            amount: '1.00',
            currency: 'CNY',
            reference: s,
          }),
        ),
      );

      await step('the register party name', async () => {
        const partyId = `injection-party-${i}`;
        await ok(
          'the register party',
          call(f, 'POST', '/api/v1/register', {
            parties: [{ id: partyId, kind: 'company', name: { en: s, 'zh-Hant': s } }],
          }),
        );
        const register = await ok('the register', call(f, 'GET', '/api/v1/register'));
        const party = (register['parties'] as Json[]).find((p) => p['id'] === partyId);
        verbatim('the register party name', at(party, 'body', 'name', 'en'));
      });

      const sha = await step('the evidence description', async () => {
        const upload = evidenceUpload(`injection-${i}`, s);
        const evidence = await ok(
          'the evidence upload',
          call(f, 'POST', '/api/v1/evidence', upload.payload, upload.headers),
        );
        const stored = String(evidence['sha256']);
        const shown = await ok('the evidence', call(f, 'GET', `/api/v1/evidence/${stored}`));
        verbatim('the evidence description', shown['description']);
        return stored;
      });
      await step('the agreement evidence summary', async () => {
        const plain = evidenceUpload(`injection-plain-${i}`, 'plain');
        const evidence =
          sha ??
          String(
            (
              await ok(
                'an evidence upload',
                call(f, 'POST', '/api/v1/evidence', plain.payload, plain.headers),
              )
            )['sha256'],
          );
        await ok(
          'the agreement evidence',
          call(f, 'POST', `/api/v1/agreements/${agreement.id}/evidence`, {
            kind: 'other',
            summary: s,
            evidence: [evidence],
          }),
        );
        const listed = await ok(
          'the agreement evidence',
          call(f, 'GET', `/api/v1/agreements/${agreement.id}/evidence`),
        );
        verbatim('the agreement evidence summary', at(listed, 'items', 0, 'summary'));
      });

      await step('the acknowledgement comment', async () => {
        await ok(
          'the acknowledgement',
          call(f, 'POST', `/api/v1/alerts/${f.thresholdAlert}/acknowledge`, { comment: s }),
        );
        const alert = await ok('the THRESHOLD alert', call(f, 'GET', `/api/v1/alerts/${f.thresholdAlert}`));
        // Recorded at the same instant of the test clock as earlier ones: found by content, not order.
        const acknowledgements = (alert['acknowledgements'] as Json[] | undefined) ?? [];
        verbatim(
          'the acknowledgement comment',
          acknowledgements.find((a) => a['comment'] === s)?.['comment'],
        );
      });

      await step('the remediation notes and reference', async () => {
        await ok(
          'the remediation',
          call(f, 'POST', `/api/v1/alerts/${f.breachAlert}/remediation`, { reference: s, notes: s }),
        );
        const alert = await ok('the BREACH alert', call(f, 'GET', `/api/v1/alerts/${f.breachAlert}`));
        const remediation = ((alert['remediations'] as Json[] | undefined) ?? []).find(
          (r) => r['notes'] === s,
        );
        verbatim('the remediation notes', remediation?.['notes']);
        verbatim('the remediation reference', remediation?.['reference']);
      });

      expect.soft(failed, 'writes or reads that failed').toEqual([]);

      // Every table is still there: the lists read, and hold what was written.
      const agreements = await ok('the agreement list', call(f, 'GET', '/api/v1/agreements'));
      expect((agreements['items'] as unknown[]).length).toBe(created);
      await ok('the register', call(f, 'GET', '/api/v1/register'));
      await ok('the utilisation', call(f, 'GET', '/api/v1/utilization'));
      await ok('the alerts', call(f, 'GET', '/api/v1/alerts'));
      if (orderId !== undefined) await ok('the order', call(f, 'GET', `/api/v1/orders/${orderId}`));

      // The home page shows the agreement and category names, escaped.
      const home = await f.app.inject({ method: 'GET', url: '/plain', headers: { cookie: f.cookie } });
      expect(home.statusCode).toBe(200);
      expect(home.headers['content-type']).toMatch(/^text\/html/);
      if (named) expect(decodeHtml(home.body), 'the home page shows the name').toContain(s);
      if (/[<>"]/.test(s)) expect(home.body, 'the home page shows the name unescaped').not.toContain(s);
      // No element or attribute the strings could have opened (their text, escaped, is harmless).
      expect(home.body).not.toMatch(/<script|<img|href\s*=\s*["']?\s*javascript:/i);
      if (named && s === '<script>alert(1)</script>')
        expect(home.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

      // The audit log's CSV export: the string inside the JSON of the entries that wrote it, and no
      // cell that a spreadsheet would run as a formula.
      const audit = await call(f, 'GET', '/api/v1/audit?format=csv');
      expect(audit.statusCode, audit.body.slice(0, 300)).toBe(200);
      const rows = parseCsv(audit.body);
      const afterColumn = (rows[0] ?? []).indexOf('after');
      expect(afterColumn).toBeGreaterThanOrEqual(0);
      const written = new Set<string>();
      for (const row of rows.slice(1)) {
        const after = row[afterColumn] ?? '';
        if (after !== '') stringsIn(JSON.parse(after), written);
      }
      if (failed.length === 0) expect(written.has(s), 'the audit export carries the string').toBe(true);
      const formulas = rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
      expect(formulas, 'CSV cells a spreadsheet would run as formulas').toEqual([]);
    },
  );

  it('refuses the NUL character (U+0000) in text, ids and queries as invalid input, writing nothing', async () => {
    const before = (await ok('agreements', call(f, 'GET', '/api/v1/agreements'))) as { items: unknown[] };
    const named = await call(f, 'POST', '/api/v1/agreements', { ...seedAgreementInput(), name: 'a\u0000b' });
    expect(named.statusCode).toBe(422);
    expect(named.json<{ errors: { path: string; message: string }[] }>().errors).toEqual([
      { path: 'name', message: expect.stringContaining('NUL') as unknown },
    ]);
    const nested = await call(f, 'POST', '/api/v1/agreements', {
      ...seedAgreementInput(),
      counterparty: { name: { en: 'Xiaomi\u0000', 'zh-Hant': null } },
    });
    expect(nested.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('counterparty.name.en');
    const after = (await ok('agreements', call(f, 'GET', '/api/v1/agreements'))) as { items: unknown[] };
    expect(after.items).toHaveLength(before.items.length);
    expect((await call(f, 'GET', '/api/v1/orders/%00')).statusCode).toBe(404);
    expect((await call(f, 'POST', '/api/v1/orders/a%00b/cancel')).statusCode).toBe(404);
    const query = await call(f, 'GET', '/api/v1/alerts?kind=%00');
    expect(query.statusCode).toBe(422);
    expect(query.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('kind');
  });
});

describe('CSV cells of the audit export', () => {
  it('neutralise what a spreadsheet would run as a formula and quote what would split a cell', () => {
    expect(csvCell('=HYPERLINK("http://x.invalid")')).toBe(`"'=HYPERLINK(""http://x.invalid"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
  });
});
