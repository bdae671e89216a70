/**
 * One import in a process of its own (so that its peak memory is its own): opens the store given on
 * the command line, records a bench issuer and agreement, then imports the CSV through the same use
 * case and file reader as `armslength import actuals`. Prints one JSON line with the import's time.
 *   node dist/bench/import-child.js <sqlite-dir | postgres-url> <schema|-> <file.csv>
 */
import path from 'node:path';
import { importFile } from '../src/app/import.js';
import { fileSource } from '../src/app/import-sources.js';
import { openStore } from '../src/store/index.js';
import { gateWorld } from './support.js';

const [where = '', schema = '-', file = ''] = process.argv.slice(2);
const store = where.startsWith('postgres')
  ? await openStore({ engine: 'postgres', databaseUrl: where, ...(schema === '-' ? {} : { schema }) })
  : await openStore({ engine: 'sqlite', dataDir: where });
try {
  const w = await gateWorld(store, '1000000000.00');
  const started = performance.now();
  const run = await importFile(w.ctx, w.actor, {
    kind: 'actuals',
    mapping: 'generic',
    dryRun: process.env['BENCH_IMPORT_DRY_RUN'] === '1',
    source: fileSource(file, path.basename(file), null),
  });
  const seconds = (performance.now() - started) / 1000;
  const usage = await store.getUsage(w.capId);
  process.stdout.write(
    `${JSON.stringify({
      seconds,
      status: run.status,
      rowsRead: run.rowsRead,
      rowsWritten: run.rowsWritten,
      summary: run.summary,
      capActual: usage.actualMinor.toString(),
      agreementId: w.agreementId,
    })}\n`,
  );
} finally {
  await store.close();
}
