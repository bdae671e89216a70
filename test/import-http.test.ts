/**
 * Issue 9: imports over HTTP — the file as the body or as a multipart part, 202 with a progress URL,
 * the run's progress and outcome (every bad row), saved mappings, and the roles that may import.
 */
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { createAgreement } from '../src/app/create-agreement.js';
import type { Store } from '../src/app/ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { describeEachEngine } from './support/engines.js';
import { world } from './support/context.js';
import { testServer } from './support/http.js';
import { multipart } from './support/multipart.js';

type Json = Record<string, unknown>;

async function serve(store: Store, roles?: Parameters<typeof testServer>[2]) {
  const w = await world(store);
  const { inject } = await testServer(w.ctx, w.actor.issuerId, roles ?? {});
  const agreement = await createAgreement(w.ctx, w.actor, seedAgreementInput());
  return { w, inject, agreementId: agreement.id };
}

type Api = Awaited<ReturnType<typeof serve>>;

/** Polls the run until it has an outcome. */
async function outcome(api: Api, id: string): Promise<Json> {
  for (let i = 0; i < 200; i += 1) {
    const res = await api.inject({ method: 'GET', url: `/api/v1/import-runs/${id}` });
    expect(res.statusCode).toBe(200);
    const run = res.json<Json>();
    if (!['queued', 'validating', 'writing'].includes(run['status'] as string)) return run;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`import ${id} did not finish`);
}

describeEachEngine('imports over HTTP', (open) => {
  it('takes a CSV body, answers 202 with the progress URL, and reports the outcome there', async () => {
    const api = await serve(await open());
    const csv = `agreement,category,date,amount,currency,reference\n${api.agreementId},idc-services,2026-01-05,1000.00,RMB,H-1\n`;
    const res = await api.inject({
      method: 'POST',
      url: '/api/v1/imports/actuals?fileName=jan.csv',
      payload: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode, res.body).toBe(202);
    const accepted = res.json<Json>();
    expect(accepted).toMatchObject({ kind: 'actuals', mapping: 'generic', dryRun: false, status: 'queued' });
    expect(accepted['progressUrl']).toBe(`/api/v1/import-runs/${String(accepted['id'])}`);
    expect(res.headers['location']).toBe(accepted['progressUrl']);
    const run = await outcome(api, accepted['id'] as string);
    expect(run).toMatchObject({
      status: 'imported',
      rowsRead: 1,
      rowsWritten: 1,
      fileName: 'jan.csv',
      errors: [],
    });
    const actuals = await api.inject({ method: 'GET', url: '/api/v1/actuals' });
    expect(actuals.json<{ items: { reference: string }[] }>().items.map((a) => a.reference)).toEqual(['H-1']);
  });

  it('takes a multipart upload with a saved mapping and a dry run; bad rows are listed in the outcome', async () => {
    const api = await serve(await open());
    const put = await api.inject({
      method: 'PUT',
      url: '/api/v1/import-mappings/kingdee',
      payload: {
        columns: {
          agreement: '合同编号',
          category: '类别',
          date: '日期',
          amount: '金额',
          currency: '币种',
          reference: '凭证号',
        },
        dateFormat: 'dmy',
      },
    });
    expect(put.statusCode, put.body).toBe(201);
    const list = await api.inject({ method: 'GET', url: '/api/v1/import-mappings' });
    expect(list.json<{ name: string }[]>().map((m) => m.name)).toEqual(['generic', 'kingdee']);

    const text = `合同编号,类别,日期,金额,币种,凭证号\n${api.agreementId},idc-services,05/01/2026,100.00,RMB,K-1\n${api.agreementId},idc-services,31/02/2026,100.00,RMB,K-2\n`;
    const form = multipart([
      { name: 'file', filename: 'kingdee.csv', type: 'text/csv', bytes: Buffer.from(text) },
    ]);
    const res = await api.inject({
      method: 'POST',
      url: '/api/v1/imports/actuals?mapping=kingdee&dryRun=true',
      ...form,
    });
    expect(res.statusCode, res.body).toBe(202);
    const run = await outcome(api, res.json<{ id: string }>().id);
    expect(run).toMatchObject({ status: 'refused', dryRun: true, fileName: 'kingdee.csv', errorCount: 1 });
    expect(run['errors']).toEqual([
      expect.objectContaining({ line: 3, column: '日期', value: '31/02/2026', code: 'INVALID_VALUE' }),
    ]);
    const actuals = await api.inject({ method: 'GET', url: '/api/v1/actuals' });
    expect(actuals.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('takes an XLSX workbook as the body (its media type), dates as serials', async () => {
    const api = await serve(await open());
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('AP');
    ws.addRow(['agreement', 'category', 'date', 'amount', 'currency', 'reference']);
    // 46058 is 2026-02-05 in the 1900 date system.
    ws.addRow([api.agreementId, 'idc-services', 46058, 2500.5, 'RMB', 'X-1']);
    const res = await api.inject({
      method: 'POST',
      url: '/api/v1/imports/actuals?fileName=ap.xlsx',
      payload: Buffer.from(await wb.xlsx.writeBuffer()),
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(res.statusCode, res.body).toBe(202);
    const run = await outcome(api, res.json<{ id: string }>().id);
    expect(run).toMatchObject({ status: 'imported', rowsWritten: 1, fileName: 'ap.xlsx' });
    const actuals = await api.inject({ method: 'GET', url: '/api/v1/actuals' });
    expect(actuals.json<{ items: { date: string; amount: string }[] }>().items).toEqual([
      expect.objectContaining({ date: '2026-02-05', amount: '2500.50' }),
    ]);
  });

  it('refuses at once what cannot be an import: an unknown kind or mapping, no file, the built-in mapping replaced', async () => {
    const api = await serve(await open());
    const post = (url: string, payload = 'a,b\n') =>
      api.inject({ method: 'POST', url, payload, headers: { 'content-type': 'text/csv' } });
    const kind = await post('/api/v1/imports/invoices');
    expect(kind.statusCode).toBe(422);
    expect(kind.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('kind');
    const mapping = await post('/api/v1/imports/actuals?mapping=nope');
    expect(mapping.statusCode).toBe(422);
    expect(mapping.json<{ errors: { message: string }[] }>().errors[0]?.message).toContain(
      'no import mapping "nope"',
    );
    const json = await api.inject({ method: 'POST', url: '/api/v1/imports/actuals', payload: { rows: [] } });
    expect(json.statusCode).toBe(422);
    const generic = await api.inject({
      method: 'PUT',
      url: '/api/v1/import-mappings/generic',
      payload: { columns: {}, dateFormat: 'iso' },
    });
    expect(generic.statusCode).toBe(409);
    const badPreset = await api.inject({
      method: 'PUT',
      url: '/api/v1/import-mappings/sap',
      payload: { columns: { agreement: 'A' }, dateFormat: 'ymd' },
    });
    expect(badPreset.statusCode).toBe(422);
    expect(badPreset.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['columns.category', 'columns.amount', 'dateFormat']),
    );
  });

  it('is refused to a role that may not import', async () => {
    const api = await serve(await open(), { roles: ['auditor'] });
    const res = await api.inject({
      method: 'POST',
      url: '/api/v1/imports/actuals',
      payload: 'agreement\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode).toBe(403);
    expect((await api.inject({ method: 'GET', url: '/api/v1/import-mappings' })).statusCode).toBe(403);
  });
});
