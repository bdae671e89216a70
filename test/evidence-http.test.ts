/**
 * Evidence files over HTTP (issue 4, items 2 and 6), on both engines: upload, read back byte-exact,
 * refusals that store nothing, per-issuer isolation, and evidence recorded on an agreement.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { createIssuer } from '../src/app/issuers.js';
import type { Store } from '../src/app/ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { EVIDENCE_MAX_BYTES } from '../src/domain/evidence.js';
import { describeEachEngine } from './support/engines.js';
import { world, type TestWorld } from './support/context.js';
import { testServer, type TestServer } from './support/http.js';
import { multipart, type Part } from './support/multipart.js';

type Json = Record<string, unknown>;
type FieldErrors = { errors: { path: string; message: string }[] };

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A small PDF-like file; `tag` makes its bytes (and hash) distinct. */
const pdf = (tag = 'quote'): Uint8Array =>
  Buffer.from(`%PDF-1.7\n% ${tag}\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n`, 'latin1');
const png = (): Uint8Array =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(32)]);

interface Api {
  readonly w: TestWorld;
  readonly app: TestServer;
  upload(parts: readonly Part[], headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  postJson(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

async function serve(store: Store): Promise<Api> {
  const w = await world(store, '2026-03-15');
  const app = await testServer(w.ctx, w.actor.issuerId);
  return {
    w,
    app,
    upload: (parts, headers = {}) => {
      const body = multipart(parts);
      return app.inject({
        method: 'POST',
        url: '/api/v1/evidence',
        payload: body.payload,
        headers: { ...body.headers, ...headers },
      });
    },
    get: (url, headers = {}) => app.inject({ method: 'GET', url, headers }),
    postJson: (url, body, headers = {}) =>
      app.inject({ method: 'POST', url, payload: body as Json, headers }),
  };
}

const file = (bytes: Uint8Array, filename = 'quote-2025-07.pdf', type = 'application/pdf'): Part => ({
  name: 'file',
  filename,
  type,
  bytes,
});
const field = (name: string, value: string): Part => ({ name, value });

const errorsOf = (res: LightMyRequestResponse) => res.json<FieldErrors>().errors;

describeEachEngine('evidence files over HTTP', (open) => {
  it('stores an upload under its SHA-256 and gives it back byte for byte', async () => {
    const api = await serve(await open());
    const bytes = pdf();
    const res = await api.upload([
      file(bytes),
      field('issuedOn', '2026-03-01'),
      field('description', 'Independent quote from Supplier A'),
    ]);
    expect(res.statusCode).toBe(201);
    const created = res.json<Json>();
    expect(created).toEqual({
      sha256: sha256(bytes),
      size: bytes.length,
      mediaType: 'application/pdf',
      filename: 'quote-2025-07.pdf',
      issuedOn: '2026-03-01',
      description: 'Independent quote from Supplier A',
      uploadedAt: '2026-03-15T04:00:00.000Z',
      uploadedBy: await api.app.userId(),
      alreadyStored: false,
    });

    const meta = await api.get(`/api/v1/evidence/${sha256(bytes)}`);
    expect(meta.statusCode).toBe(200);
    const { alreadyStored: _, ...stored } = created;
    expect(meta.json()).toEqual(stored);
    // Upper-case hex names the same file.
    expect((await api.get(`/api/v1/evidence/${sha256(bytes).toUpperCase()}`)).statusCode).toBe(200);

    const content = await api.get(`/api/v1/evidence/${sha256(bytes)}/content`);
    expect(content.statusCode).toBe(200);
    expect(Buffer.compare(content.rawPayload, Buffer.from(bytes))).toBe(0);
    expect(content.headers['content-type']).toBe('application/pdf');
    expect(content.headers['content-disposition']).toBe('attachment; filename="quote-2025-07.pdf"');
    expect(content.headers['etag']).toBe(`"${sha256(bytes)}"`);
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(content.headers['content-length'])).toBe(bytes.length);

    const again = await api.get(`/api/v1/evidence/${sha256(bytes)}/content`, {
      'if-none-match': `"${sha256(bytes)}"`,
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('round-trips arbitrary binary bytes (every byte value) exactly', async () => {
    const api = await serve(await open());
    const bytes = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      randomBytes(200_000),
    ]);
    const res = await api.upload([file(bytes, 'scan.png', 'image/png'), field('issuedOn', '2026-03-15')]);
    expect(res.statusCode).toBe(201);
    const content = await api.get(`/api/v1/evidence/${sha256(bytes)}/content`);
    expect(content.statusCode).toBe(200);
    expect(sha256(content.rawPayload)).toBe(sha256(bytes));
    expect(content.rawPayload.equals(bytes)).toBe(true);
  });

  it('infers the type from the extension when the part says application/octet-stream, and serves text as UTF-8', async () => {
    const api = await serve(await open());
    const csv = Buffer.from('型號,單價 (RMB)\nRN-AX3000,1200.00\n', 'utf8');
    const res = await api.upload([
      file(csv, '報價單 2026.csv', 'application/octet-stream'),
      field('issuedOn', '2026-02-28'),
    ]);
    expect(res.statusCode).toBe(201);
    expect(res.json<Json>()['mediaType']).toBe('text/csv');
    const content = await api.get(`/api/v1/evidence/${sha256(csv)}/content`);
    expect(content.headers['content-type']).toBe('text/csv; charset=utf-8');
    // RFC 5987: an ASCII stand-in, and the exact name percent-encoded as UTF-8.
    expect(content.headers['content-disposition']).toBe(
      `attachment; filename="___ 2026.csv"; filename*=UTF-8''${encodeURIComponent('報價單 2026.csv')}`,
    );
    expect(content.rawPayload.equals(csv)).toBe(true);
  });

  it('the same bytes again: 200 with the stored record, nothing written twice', async () => {
    const api = await serve(await open());
    const bytes = pdf('twice');
    const first = await api.upload([
      file(bytes),
      field('issuedOn', '2026-03-01'),
      field('description', 'first'),
    ]);
    expect(first.statusCode).toBe(201);
    const second = await api.upload([
      file(bytes, 'renamed.pdf'),
      field('issuedOn', '2026-03-01'),
      field('description', 'second'),
    ]);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ ...first.json<Json>(), alreadyStored: true });
  });

  it('the same bytes with another issue date: 409 naming the stored date (a file has one issue date)', async () => {
    const api = await serve(await open());
    const bytes = pdf('dated');
    expect((await api.upload([file(bytes), field('issuedOn', '2026-03-01')])).statusCode).toBe(201);
    const res = await api.upload([file(bytes), field('issuedOn', '2026-03-02')]);
    expect(res.statusCode).toBe(409);
    const body = res.json<{ code: string; message: string }>();
    expect(body.code).toBe('EVIDENCE_ISSUED_ON_DIFFERS');
    expect(body.message).toContain('already stored with issuedOn 2026-03-01, not 2026-03-02');
    expect((await api.get(`/api/v1/evidence/${sha256(bytes)}`)).json<Json>()['issuedOn']).toBe('2026-03-01');
  });

  it('two identical uploads at once: one is stored (201), the other answered from it (200)', async () => {
    const api = await serve(await open());
    const bytes = pdf('race');
    const results = await Promise.all(
      Array.from({ length: 4 }, () => api.upload([file(bytes), field('issuedOn', '2026-03-01')])),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
    const bodies = results.map((r) => r.json<Json>());
    expect(new Set(bodies.map((b) => b['sha256']))).toEqual(new Set([sha256(bytes)]));
  });

  it('a PNG declared as a PDF: 422 at file, and nothing is stored', async () => {
    const api = await serve(await open());
    const bytes = png();
    const res = await api.upload([
      file(bytes, 'quote.pdf', 'application/pdf'),
      field('issuedOn', '2026-03-01'),
    ]);
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)).toEqual([
      {
        path: 'file',
        message:
          'the file is declared application/pdf but its content does not start as one does ("%PDF-"); it looks like a PNG image',
      },
    ]);
    expect((await api.get(`/api/v1/evidence/${sha256(bytes)}`)).statusCode).toBe(404);
  });

  it('a type not accepted: 422 at file', async () => {
    const api = await serve(await open());
    const res = await api.upload([
      file(Buffer.from('<html></html>'), 'q.html', 'text/html'),
      field('issuedOn', '2026-03-01'),
    ]);
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)[0]).toMatchObject({
      path: 'file',
      message: expect.stringMatching(/text\/html is not accepted/) as unknown,
    });
  });

  it.each([
    {
      what: 'one byte over the limit (reported with its size)',
      size: EVIDENCE_MAX_BYTES + 1,
      says: /is 20\.1 MB \(20,971,521 bytes\), larger than the limit of 20 MB/,
    },
    {
      what: 'far over the limit (cut off by the parser)',
      size: EVIDENCE_MAX_BYTES + 1_000_000,
      says: /is larger than the limit of 20 MB \(20,971,520 bytes\); nothing was stored/,
    },
  ])('a file $what: 422 at file, and nothing is stored, not even truncated', async ({ size, says }) => {
    const api = await serve(await open());
    const bytes = Buffer.alloc(size, 0x20);
    bytes.write('%PDF-1.7\n', 'latin1');
    const res = await api.upload([file(bytes), field('issuedOn', '2026-03-01')]);
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)).toEqual([{ path: 'file', message: expect.stringMatching(says) as unknown }]);
    expect((await api.get(`/api/v1/evidence/${sha256(bytes)}`)).statusCode).toBe(404);
    // Not the first 20 MiB + 1 either.
    const truncated = bytes.subarray(0, EVIDENCE_MAX_BYTES + 1);
    expect((await api.get(`/api/v1/evidence/${sha256(truncated)}`)).statusCode).toBe(404);
    expect(
      (await api.get(`/api/v1/evidence/${sha256(bytes.subarray(0, EVIDENCE_MAX_BYTES))}`)).statusCode,
    ).toBe(404);
  });

  it('a file of exactly the limit is accepted', async () => {
    const api = await serve(await open());
    const bytes = Buffer.alloc(EVIDENCE_MAX_BYTES, 0x20);
    bytes.write('%PDF-1.7\n', 'latin1');
    const res = await api.upload([file(bytes), field('issuedOn', '2026-03-01')]);
    expect(res.statusCode).toBe(201);
    expect(res.json<Json>()['size']).toBe(EVIDENCE_MAX_BYTES);
    const content = await api.get(`/api/v1/evidence/${sha256(bytes)}/content`);
    expect(content.rawPayload.equals(bytes)).toBe(true);
  });

  it.each([
    { what: 'missing', fields: [] as Part[], says: /is required/ },
    {
      what: 'not a date',
      fields: [field('issuedOn', '2026-02-30')],
      says: /"2026-02-30" is not a calendar date/,
    },
    {
      what: 'day-first',
      fields: [field('issuedOn', '01/03/2026')],
      says: /is not a calendar date in the form YYYY-MM-DD/,
    },
    {
      what: 'in the future',
      fields: [field('issuedOn', '2026-03-16')],
      says: /^2026-03-16 is after today \(2026-03-15\): a document cannot have been issued in the future$/,
    },
  ])('issuedOn $what: 422 at issuedOn, nothing stored', async ({ fields, says }) => {
    const api = await serve(await open());
    const bytes = pdf('undated');
    const res = await api.upload([file(bytes), ...fields]);
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)).toEqual([{ path: 'issuedOn', message: expect.stringMatching(says) as unknown }]);
    expect((await api.get(`/api/v1/evidence/${sha256(bytes)}`)).statusCode).toBe(404);
  });

  it('reports every bad field at once', async () => {
    const api = await serve(await open());
    const res = await api.upload([
      file(png(), 'q.pdf', 'application/pdf'),
      field('issuedOn', 'tomorrow'),
      field('description', 'x'.repeat(2001)),
    ]);
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res).map((e) => e.path)).toEqual(['file', 'issuedOn', 'description']);
  });

  it.each([
    {
      what: 'no file part',
      parts: [field('issuedOn', '2026-03-01')],
      path: 'file',
      says: /is required: no file was sent/,
    },
    {
      what: 'two files',
      parts: [file(pdf('a')), file(pdf('b'), 'b.pdf'), field('issuedOn', '2026-03-01')],
      path: 'file',
      says: /more than one file was sent/,
    },
    {
      what: 'the file under another name',
      parts: [{ ...file(pdf('c')), name: 'document' }, field('issuedOn', '2026-03-01')],
      path: 'file',
      says: /the file was sent in a part named "document"/,
    },
    {
      what: 'an unknown field',
      parts: [file(pdf('d')), field('issuedOn', '2026-03-01'), field('issued_on', '2026-03-01')],
      path: 'issued_on',
      says: /is not a field of this form/,
    },
    {
      what: 'issuedOn twice',
      parts: [file(pdf('e')), field('issuedOn', '2026-03-01'), field('issuedOn', '2026-03-02')],
      path: 'issuedOn',
      says: /must be given once/,
    },
    {
      what: 'an empty file',
      parts: [file(new Uint8Array(0)), field('issuedOn', '2026-03-01')],
      path: 'file',
      says: /is empty/,
    },
  ])('$what: 422 naming the field', async ({ parts, path, says }) => {
    const api = await serve(await open());
    const res = await api.upload(parts);
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)).toContainEqual({ path, message: expect.stringMatching(says) as unknown });
    for (const p of parts) {
      if ('bytes' in p && p.bytes.length > 0)
        expect((await api.get(`/api/v1/evidence/${sha256(p.bytes)}`)).statusCode).toBe(404);
    }
  });

  it('a JSON body instead of a form: 422 saying what to send', async () => {
    const api = await serve(await open());
    const res = await api.postJson('/api/v1/evidence', { issuedOn: '2026-03-01' });
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)[0]?.message).toMatch(/not multipart\/form-data; send multipart\/form-data/);
  });

  it('a form sent to a JSON route is still refused as not JSON', async () => {
    const api = await serve(await open());
    const body = multipart([field('from', 'USD'), field('to', 'CNY')]);
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/fx-rates',
      payload: body.payload,
      headers: body.headers,
    });
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)).toEqual([
      { path: '', message: 'the body must be JSON, sent with Content-Type: application/json' },
    ]);
  });

  it("is per issuer: another issuer cannot read a file's metadata or bytes (404), and uploads its own copy", async () => {
    const api = await serve(await open());
    const other = await createIssuer(api.w.ctx, {
      name: { en: 'Other Issuer Ltd', 'zh-Hant': null },
      isDemo: false,
    });
    const asOther = { 'X-Armslength-Issuer': other.id };
    const bytes = pdf('private');
    expect((await api.upload([file(bytes), field('issuedOn', '2026-03-01')])).statusCode).toBe(201);
    expect((await api.get(`/api/v1/evidence/${sha256(bytes)}`, asOther)).statusCode).toBe(404);
    expect((await api.get(`/api/v1/evidence/${sha256(bytes)}/content`, asOther)).statusCode).toBe(404);
    // Its own upload of the same bytes is its own record, with its own date.
    const own = await api.upload([file(bytes), field('issuedOn', '2026-02-01')], asOther);
    expect(own.statusCode).toBe(201);
    expect((await api.get(`/api/v1/evidence/${sha256(bytes)}`)).json<Json>()['issuedOn']).toBe('2026-03-01');
  });

  it('an unknown or malformed hash: 404 / 422', async () => {
    const api = await serve(await open());
    expect((await api.get(`/api/v1/evidence/${'0'.repeat(64)}`)).statusCode).toBe(404);
    expect((await api.get(`/api/v1/evidence/${'0'.repeat(64)}/content`)).statusCode).toBe(404);
    const bad = await api.get('/api/v1/evidence/not-a-hash');
    expect(bad.statusCode).toBe(422);
    expect(errorsOf(bad)[0]?.path).toBe('sha256');
  });

  it("records evidence on an agreement (the connected party's terms to third parties) and lists it", async () => {
    const api = await serve(await open());
    const agreement = await api.postJson('/api/v1/agreements', seedAgreementInput());
    expect(agreement.statusCode).toBe(201);
    const agreementId = agreement.json<{ id: string }>().id;
    const priceList = pdf('xiaomi price list');
    const email = Buffer.from('From: sales@example.com\r\nSubject: Distributor terms\r\n\r\nNet 60.\r\n');
    expect(
      (await api.upload([file(priceList, 'price-list.pdf'), field('issuedOn', '2026-01-10')])).statusCode,
    ).toBe(201);
    expect(
      (await api.upload([file(email, 'terms.eml', 'message/rfc822'), field('issuedOn', '2026-01-12')]))
        .statusCode,
    ).toBe(201);

    const url = `/api/v1/agreements/${agreementId}/evidence`;
    expect((await api.get(url)).json()).toEqual({ items: [] });
    const res = await api.postJson(url, {
      kind: 'connected-party-terms-to-third-parties',
      summary: 'Xiaomi list prices and credit terms offered to independent distributors in 2026',
      evidence: [sha256(priceList), sha256(email).toUpperCase()],
    });
    expect(res.statusCode).toBe(201);
    const recorded = res.json<Json>();
    expect(recorded).toMatchObject({
      agreementId,
      seq: 1,
      kind: 'connected-party-terms-to-third-parties',
      summary: 'Xiaomi list prices and credit terms offered to independent distributors in 2026',
      evidence: [
        {
          sha256: sha256(priceList),
          filename: 'price-list.pdf',
          issuedOn: '2026-01-10',
          mediaType: 'application/pdf',
        },
        { sha256: sha256(email), filename: 'terms.eml', issuedOn: '2026-01-12', mediaType: 'message/rfc822' },
      ],
      recordedAt: '2026-03-15T04:00:00.000Z',
      recordedBy: await api.app.userId(),
    });
    const second = await api.postJson(url, {
      kind: 'other',
      summary: 'Board pack extract',
      evidence: [sha256(email)],
    });
    expect(second.statusCode).toBe(201);
    expect(second.json<Json>()['seq']).toBe(2);

    const list = (await api.get(url)).json<{ items: Json[] }>();
    expect(list.items).toEqual([recorded, second.json()]);
  });

  it('agreement evidence citing a file not uploaded (or uploaded by another issuer): 422 at evidence[i], nothing written', async () => {
    const api = await serve(await open());
    const agreementId = (await api.postJson('/api/v1/agreements', seedAgreementInput())).json<{
      id: string;
    }>().id;
    const other = await createIssuer(api.w.ctx, {
      name: { en: 'Other Issuer Ltd', 'zh-Hant': null },
      isDemo: false,
    });
    const mine = pdf('mine');
    const theirs = pdf('theirs');
    expect((await api.upload([file(mine), field('issuedOn', '2026-03-01')])).statusCode).toBe(201);
    expect(
      (await api.upload([file(theirs), field('issuedOn', '2026-03-01')], { 'X-Armslength-Issuer': other.id }))
        .statusCode,
    ).toBe(201);
    const unknown = 'ab'.repeat(32);
    const url = `/api/v1/agreements/${agreementId}/evidence`;

    const res = await api.postJson(url, {
      kind: 'connected-party-terms-to-third-parties',
      summary: 'terms',
      evidence: [unknown, sha256(mine), sha256(theirs)],
    });
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)).toEqual([
      {
        path: 'evidence[0]',
        message:
          'no evidence file with SHA-256 abababababab… has been uploaded for this issuer; upload it with POST /api/v1/evidence',
      },
      {
        path: 'evidence[2]',
        message: `no evidence file with SHA-256 ${sha256(theirs).slice(0, 12)}… has been uploaded for this issuer; upload it with POST /api/v1/evidence`,
      },
    ]);
    expect((await api.get(url)).json()).toEqual({ items: [] });
  });

  it.each([
    { what: 'no evidence', body: { kind: 'other', summary: 's', evidence: [] }, path: 'evidence' },
    {
      what: 'a malformed hash',
      body: { kind: 'other', summary: 's', evidence: ['xyz'] },
      path: 'evidence[0]',
    },
    {
      what: 'an unknown kind',
      body: { kind: 'quote', summary: 's', evidence: ['ab'.repeat(32)] },
      path: 'kind',
    },
    { what: 'no summary', body: { kind: 'other', evidence: ['ab'.repeat(32)] }, path: 'summary' },
    {
      what: 'a summary over 4000',
      body: { kind: 'other', summary: 'x'.repeat(4001), evidence: ['ab'.repeat(32)] },
      path: 'summary',
    },
  ])('agreement evidence with $what: 422 at $path', async ({ body, path }) => {
    const api = await serve(await open());
    const agreementId = (await api.postJson('/api/v1/agreements', seedAgreementInput())).json<{
      id: string;
    }>().id;
    const res = await api.postJson(`/api/v1/agreements/${agreementId}/evidence`, body);
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res).map((e) => e.path)).toContain(path);
  });

  it('the same file twice in one record: 422 at the repeat', async () => {
    const api = await serve(await open());
    const agreementId = (await api.postJson('/api/v1/agreements', seedAgreementInput())).json<{
      id: string;
    }>().id;
    const bytes = pdf('dup');
    await api.upload([file(bytes), field('issuedOn', '2026-03-01')]);
    const res = await api.postJson(`/api/v1/agreements/${agreementId}/evidence`, {
      kind: 'other',
      summary: 's',
      evidence: [sha256(bytes), sha256(bytes)],
    });
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)).toEqual([
      { path: 'evidence[1]', message: 'is listed twice (also at evidence[0])' },
    ]);
  });

  it("an unknown agreement, or another issuer's: 404", async () => {
    const api = await serve(await open());
    const agreementId = (await api.postJson('/api/v1/agreements', seedAgreementInput())).json<{
      id: string;
    }>().id;
    const other = await createIssuer(api.w.ctx, {
      name: { en: 'Other Issuer Ltd', 'zh-Hant': null },
      isDemo: false,
    });
    const body = { kind: 'other', summary: 's', evidence: ['ab'.repeat(32)] };
    expect((await api.postJson('/api/v1/agreements/agr_nope/evidence', body)).statusCode).toBe(404);
    expect((await api.get('/api/v1/agreements/agr_nope/evidence')).statusCode).toBe(404);
    const asOther = { 'X-Armslength-Issuer': other.id };
    expect((await api.get(`/api/v1/agreements/${agreementId}/evidence`, asOther)).statusCode).toBe(404);
    expect((await api.postJson(`/api/v1/agreements/${agreementId}/evidence`, body, asOther)).statusCode).toBe(
      404,
    );
  });

  it('numbers concurrent records on one agreement without a gap or a clash', async () => {
    const api = await serve(await open());
    const agreementId = (await api.postJson('/api/v1/agreements', seedAgreementInput())).json<{
      id: string;
    }>().id;
    const bytes = pdf('concurrent');
    await api.upload([file(bytes), field('issuedOn', '2026-03-01')]);
    const url = `/api/v1/agreements/${agreementId}/evidence`;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.postJson(url, { kind: 'other', summary: `record ${i}`, evidence: [sha256(bytes)] }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    const seqs = (await api.get(url)).json<{ items: { seq: number }[] }>().items.map((r) => r.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
