/**
 * Issue 9: importing actual amounts from an ERP export — every bad row reported and nothing written;
 * a file imported whole; the same file again (or re-saved with other line endings or row order) adds
 * nothing; conflicts and repeats are bad rows; credit notes; the gate's threshold and breach logic;
 * a failure part-way reversed; XLSX with date serials; saved presets.
 */
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { createImportRun, importFile, WRITE_BATCH } from '../src/app/import.js';
import { postActual } from '../src/app/post-actual.js';
import { fileSource } from '../src/app/import-sources.js';
import { putImportMapping } from '../src/app/import-mappings.js';
import type { Store, StoreTx } from '../src/app/ports.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world, type TestWorld } from './support/context.js';
import { HEADER, importPath, importText, ledgerCounts, writeFile } from './support/imports.js';

async function setUp(open: () => Promise<Store>, today = '2026-03-15') {
  const w = await world(await open(), today);
  const seed = await seedAgreement(w);
  return { w, seed, id: seed.agreement.id };
}

/** The store, with `before` run as each import batch is written (inside its transaction). */
function onBatchWrite(store: Store, before: () => void): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'transaction') return Reflect.get(target, prop, receiver) as unknown;
      return <T>(fn: (tx: StoreTx) => Promise<{ commit: boolean; value: T }>) =>
        target.transaction((tx) =>
          fn(
            new Proxy(tx, {
              get(t, p, r) {
                if (p !== 'insertImportedActuals') return Reflect.get(t, p, r) as unknown;
                return (...args: Parameters<StoreTx['insertImportedActuals']>) => {
                  before();
                  return t.insertImportedActuals(...args);
                };
              },
            }),
          ),
        );
    },
  });
}

const usage = async (w: TestWorld, capId: string) => (await w.ctx.store.getUsage(capId)).actualMinor;

describeEachEngine('import of actual amounts', (open) => {
  it('imports a generic CSV whole; the same file again, or re-saved with CRLF and rows reversed, adds nothing', async () => {
    const { w, seed, id } = await setUp(open);
    const idc = seed.cap('idc-services', '2026-01-01').id;
    const rows = [
      `${id},idc-services,2026-01-05,1000000.00,RMB,INV-001`,
      `${id},idc-services,2026-01-20,"2,500,000.50",CNY,INV-002`,
      // By the agreement's English name; a credit note is negative.
      `2025 Xiaomi Cooperation Framework Agreement,idc-services,2026-02-01,-200000.00,RMB,CN-001`,
    ];
    const first = await importText(w, 'actuals', 'jan.csv', `${[HEADER, ...rows].join('\n')}\n`);
    expect(first.status).toBe('imported');
    expect(first).toMatchObject({ rowsRead: 3, rowsValid: 3, rowsWritten: 3, rowsSkipped: 0, errorCount: 0 });
    expect(first.summary).toContain('3 actuals written');
    const total = 100_000_000n + 250_000_050n - 20_000_000n;
    expect(await usage(w, idc)).toBe(total);
    expect((await ledgerCounts(w, id)).actuals).toBe(3);

    const again = await importText(w, 'actuals', 'jan.csv', `${[HEADER, ...rows].join('\n')}\n`);
    expect(again).toMatchObject({ status: 'imported', rowsWritten: 0, rowsSkipped: 3 });
    const resaved = await importText(
      w,
      'actuals',
      'jan-resaved.csv',
      [HEADER, ...rows.reverse()].join('\r\n'),
    );
    expect(resaved).toMatchObject({ status: 'imported', rowsWritten: 0, rowsSkipped: 3 });
    expect(await usage(w, idc)).toBe(total);
    expect((await ledgerCounts(w, id)).actuals).toBe(3);
  });

  it('reports every bad row with its line, column, value and reason, and writes nothing', async () => {
    const { w, seed, id } = await setUp(open);
    const text = [
      HEADER,
      `${id},idc-services,2026-01-05,1000000.00,RMB,OK-1`,
      `${id},idc-services,2026-13-05,1000000.00,RMB,BAD-DATE`,
      `${id},idc-services,2026-01-06,12.345,RMB,BAD-AMOUNT`,
      `${id},no-such-category,2026-01-07,1.00,RMB,BAD-CAT`,
      `nobody,idc-services,2026-01-07,1.00,RMB,BAD-AGR`,
      `${id},idc-services,2026-01-08,5.00,XYZ,BAD-CCY`,
      `${id},idc-services,2026-01-09,5.00,RMB,`,
      `${id},idc-services,2026-01-10,5.00,RMB,OK-1`,
      `"${id}","idc-services","2026-01-11","0.00","RMB","ZERO"`,
    ].join('\n');
    const run = await importText(w, 'actuals', 'bad.csv', text);
    expect(run.status).toBe('refused');
    expect(run.errorCount).toBe(8);
    expect(run.errors.map((e) => [e.line, e.column, e.value, e.code])).toEqual([
      [3, 'date', '2026-13-05', 'INVALID_VALUE'],
      [4, 'amount', '12.345', 'INVALID_VALUE'],
      [5, 'category', 'no-such-category', 'UNKNOWN_CATEGORY'],
      [6, 'agreement', 'nobody', 'UNKNOWN_AGREEMENT'],
      [7, 'currency', 'XYZ', 'INVALID_VALUE'],
      [8, 'reference', '', 'MISSING_VALUE'],
      [9, 'reference', 'OK-1', 'DUPLICATE_REFERENCE'],
      [10, 'amount', '0.00', 'INVALID_VALUE'],
    ]);
    expect(run.errors.find((e) => e.code === 'DUPLICATE_REFERENCE')?.reason).toContain('also on line 2');
    expect(run.errors[1]?.reason).toContain('more decimal places');
    expect(run.summary).toContain('Nothing was written');
    expect(await ledgerCounts(w, id)).toMatchObject({ actuals: 0 });
    expect(await usage(w, seed.cap('idc-services', '2026-01-01').id)).toBe(0n);
  });

  it('refuses a row imported before with other values (REFERENCE_CONFLICT), and a file without a required column', async () => {
    const { w, id } = await setUp(open);
    await importText(w, 'actuals', 'a.csv', `${HEADER}\n${id},idc-services,2026-01-05,100.00,RMB,INV-9\n`);
    const changed = await importText(
      w,
      'actuals',
      'b.csv',
      `${HEADER}\n${id},idc-services,2026-01-05,101.00,RMB,INV-9\n${id},idc-services,2026-01-06,7.00,RMB,INV-10\n`,
    );
    expect(changed.status).toBe('refused');
    expect(changed.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'reference', value: 'INV-9', code: 'REFERENCE_CONFLICT' }),
    ]);
    expect((await ledgerCounts(w, id)).actuals).toBe(1);

    const noAmount = await importText(w, 'actuals', 'c.csv', `agreement,category,date,currency,reference\n`);
    expect(noAmount.status).toBe('refused');
    expect(noAmount.errors).toEqual([
      expect.objectContaining({ line: 1, column: 'amount', code: 'MISSING_COLUMN' }),
    ]);
  });

  it('does not count on rows another import is still writing (REFERENCE_IN_PROGRESS): that one may yet be reversed', async () => {
    const { w, id } = await setUp(open);
    const agreement = await w.ctx.store.getAgreement(w.actor.issuerId, id);
    const category = agreement?.categories.find((c) => c.key === 'idc-services');
    if (!category) throw new Error('no category');
    // Another import, mid-way: its run is not finished, and it has recorded the reference W-1.
    const other = await createImportRun(w.ctx, w.actor, {
      kind: 'actuals',
      mapping: 'generic',
      dryRun: false,
      fileName: 'other.csv',
    });
    await w.ctx.store.transaction(async (tx) => {
      await tx.updateImportProgress(w.actor.issuerId, other.id, 'writing', {
        rowsRead: 1,
        rowsValid: 1,
        rowsWritten: 1,
        rowsSkipped: 0,
      });
      await tx.insertImportedRows(w.actor.issuerId, [
        {
          kind: 'actuals',
          agreementId: id,
          categoryId: category.id,
          reference: 'W-1',
          rowValues: '2026-01-05|CNY|100||',
          recordId: 'act_elsewhere',
          importId: other.id,
        },
      ]);
      return { commit: true, value: undefined };
    });
    const run = await importText(
      w,
      'actuals',
      'same.csv',
      `${HEADER}\n${id},idc-services,2026-01-05,1.00,RMB,W-1\n`,
    );
    expect(run.status).toBe('refused');
    expect(run.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'reference', value: 'W-1', code: 'REFERENCE_IN_PROGRESS' }),
    ]);
    expect(run.errors[0]?.reason).toContain(other.id);
  });

  it('stops when interrupted (Ctrl-C) after a batch, and reverses what it wrote', async () => {
    const { w, seed, id } = await setUp(open);
    const idc = seed.cap('idc-services', '2026-01-01').id;
    const lines = [HEADER];
    for (let i = 0; i < WRITE_BATCH + 10; i += 1) lines.push(`${id},idc-services,2026-01-05,1.00,RMB,I-${i}`);
    const stop = new AbortController();
    // The user presses Ctrl-C while the first batch is being written.
    const interrupting = onBatchWrite(w.ctx.store, () => stop.abort());
    const run = await importFile({ ...w.ctx, store: interrupting }, w.actor, {
      kind: 'actuals',
      mapping: 'generic',
      dryRun: false,
      signal: stop.signal,
      source: fileSource(writeFile('ctrl-c.csv', lines.join('\n')), 'ctrl-c.csv', null),
    });
    expect(run.status).toBe('failed');
    expect(run.summary).toContain('it was interrupted');
    expect(run.summary).toContain(`${WRITE_BATCH} actual amounts`);
    expect(await usage(w, idc)).toBe(0n);
    expect((await ledgerCounts(w, id)).openActuals).toBe(0);
  });

  it('refuses a row whose amount, converted at its rate, is larger than the ledger keeps', async () => {
    const { w, id } = await setUp(open);
    const run = await importText(
      w,
      'actuals',
      'typo.csv',
      `${HEADER},fx_rate\n${id},idc-services,2026-01-05,90000000000000.00,HKD,T-1,78000\n`,
    );
    expect(run.status).toBe('refused');
    expect(run.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'fx_rate', value: '78000', code: 'INVALID_VALUE' }),
    ]);
  });

  it('two imports of one file at the same moment write each row once', async () => {
    const { w, seed, id } = await setUp(open);
    const idc = seed.cap('idc-services', '2026-01-01').id;
    const lines = [HEADER];
    for (let i = 0; i < 3000; i += 1) lines.push(`${id},idc-services,2026-01-05,1.00,RMB,C-${i}`);
    const file = writeFile('twice.csv', lines.join('\n'));
    const runs = await Promise.all([importPath(w, 'actuals', file), importPath(w, 'actuals', file)]);
    // Whichever way they met, the rows are in the ledger once, and every outcome says what it did.
    expect(await usage(w, idc)).toBe(300_000n);
    expect((await ledgerCounts(w, id)).openActuals).toBe(3000);
    expect(runs.map((r) => r.rowsWritten).reduce((a, b) => a + b, 0)).toBe(3000);
    for (const r of runs) expect(['imported', 'refused', 'failed']).toContain(r.status);
    const again = await importPath(w, 'actuals', file);
    expect(again).toMatchObject({ status: 'imported', rowsWritten: 0, rowsSkipped: 3000 });
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const { w, id } = await setUp(open);
    const run = await importText(
      w,
      'actuals',
      'dry.csv',
      `${HEADER}\n${id},idc-services,2026-01-05,100.00,RMB,D-1\n`,
      {
        dryRun: true,
      },
    );
    expect(run).toMatchObject({ status: 'checked', rowsValid: 1, rowsWritten: 0 });
    expect(run.summary).toContain('1 would be imported');
    expect((await ledgerCounts(w, id)).actuals).toBe(0);
  });

  it('goes through the same alert and breach logic: 80% raises the alert, over the cap records the breach', async () => {
    const { w, seed, id } = await setUp(open);
    const hw = seed.cap('network-hardware', '2026-01-01');
    // Cap RMB 6.7m: 5.5m is over 80%; then 1.5m more is over the cap.
    await importText(
      w,
      'actuals',
      'hw1.csv',
      `${HEADER}\n${id},network-hardware,2026-02-01,5500000.00,RMB,HW-1\n`,
    );
    const alerts = await w.ctx.store.listAlerts(w.actor.issuerId, {});
    expect(alerts.some((a) => a.kind === 'THRESHOLD' && a.capId === hw.id && a.threshold === '80')).toBe(
      true,
    );
    await importText(
      w,
      'actuals',
      'hw2.csv',
      `${HEADER}\n${id},network-hardware,2026-03-01,1500000.00,RMB,HW-2\n`,
    );
    const breaches = await w.ctx.store.listBreaches(w.actor.issuerId, id);
    expect(breaches).toEqual([
      expect.objectContaining({
        code: 'CAP_EXCEEDED',
        capId: hw.id,
        occurredOn: '2026-03-01',
        excessMinor: 30_000_000n,
      }),
    ]);
    // Outside the term (hardware ends 2026-07-28): recorded, and flagged.
    await importText(
      w,
      'actuals',
      'hw3.csv',
      `${HEADER}\n${id},network-hardware,2026-08-03,10.00,RMB,HW-3\n`,
    );
    const codes = (await w.ctx.store.listBreaches(w.actor.issuerId, id)).map((b) => b.code).sort();
    expect(codes).toEqual(['CAP_EXCEEDED', 'NO_COVERING_CAP', 'OUTSIDE_TERM']);
  });

  it('reverses what it wrote when a later batch fails: the file lands whole or not at all, and can be imported again', async () => {
    const { w, seed, id } = await setUp(open);
    const idc = seed.cap('idc-services', '2026-01-01').id;
    // An invoice posted through the API: the failed import must leave it alone.
    const posted = await postActual(w.ctx, w.actor, {
      agreementId: id,
      categoryKey: 'idc-services',
      date: '2026-01-03',
      amount: '5.00',
      currency: 'CNY',
      reference: 'API-1',
    });
    const n = WRITE_BATCH + 1500;
    const lines = [HEADER];
    for (let i = 0; i < n; i += 1)
      lines.push(`${id},idc-services,2026-01-${String((i % 28) + 1).padStart(2, '0')},1.00,RMB,R-${i}`);
    const file = writeFile('big.csv', lines.join('\n'));
    let batches = 0;
    const failing = onBatchWrite(w.ctx.store, () => {
      batches += 1;
      if (batches === 2) throw new Error('disk full (simulated)');
    });
    const failed = importFile({ ...w.ctx, store: failing }, w.actor, {
      kind: 'actuals',
      mapping: 'generic',
      dryRun: false,
      source: fileSource(file, 'big.csv', null),
    });
    await expect(failed).rejects.toThrow('disk full');
    expect(await usage(w, idc)).toBe(500n);
    const counts = await ledgerCounts(w, id);
    expect(counts.openActuals).toBe(1);
    expect((await w.ctx.store.getActual(w.actor.issuerId, posted.body.id))?.reversesId).toBeNull();
    expect(await w.ctx.store.findReversal(w.actor.issuerId, posted.body.id)).toBeFalsy();
    // The first batch was written and then reversed by entries, never deleted.
    expect(counts.actuals).toBe(2 * WRITE_BATCH + 1);
    const run = await importPath(w, 'actuals', file);
    expect(run).toMatchObject({ status: 'imported', rowsWritten: n, rowsSkipped: 0 });
    expect(await usage(w, idc)).toBe(BigInt(n) * 100n + 500n);
  });

  it('reads XLSX: date serials by calendar arithmetic, numbers as their decimal text, a saved preset with DD/MM/YYYY', async () => {
    const { w, seed, id } = await setUp(open);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Invoices');
    ws.addRow(['Contract', 'Service', 'Invoice date', 'Net amount', 'Ccy', 'Doc no', 'Cost centre']);
    // 46027 is 2026-01-05; a text date in the preset's DD/MM/YYYY; a number amount.
    ws.addRow([id, 'idc-services', 46027, 1234.56, 'RMB', 'X-1', 'CC-9']);
    ws.addRow([id, 'idc-services', '20/01/2026', '100.00', 'RMB', 'X-2', 'CC-9']);
    const file = writeFile('erp.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    await putImportMapping(w.ctx, w.actor, 'sap-fi', {
      columns: {
        agreement: 'Contract',
        category: 'Service',
        date: 'Invoice date',
        amount: 'Net amount',
        currency: 'Ccy',
        reference: 'Doc no',
      },
      dateFormat: 'dmy',
      sheet: 'Invoices',
    });
    const run = await importPath(w, 'actuals', file, { mapping: 'sap-fi', sheet: 'Invoices' });
    expect(run.status).toBe('imported');
    expect(run.summary).toContain('Columns not imported: "Cost centre"');
    const actuals = await w.ctx.store.listActuals(w.actor.issuerId, { agreementId: id, limit: 10 });
    expect(actuals.map((a) => [a.reference, a.date, a.amountMinor]).sort()).toEqual([
      ['X-1', '2026-01-05', 123_456n],
      ['X-2', '2026-01-20', 10_000n],
    ]);
    expect(await usage(w, seed.cap('idc-services', '2026-01-01').id)).toBe(133_456n);
  });
});
