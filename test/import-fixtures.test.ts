/**
 * Issue 9's acceptance: the golden import fixtures. Each file in test/fixtures/import/ok/ imports
 * whole (its .json says how many rows and the totals per category); each file in not-ok/ is refused
 * with exactly the bad rows its .json lists (line, column, value, code) and writes nothing. Then a
 * file of 100,000 rows with 3 bad ones is refused naming exactly those 3; fixed, it imports; again,
 * it adds nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { putImportMapping } from '../src/app/import-mappings.js';
import type { Store } from '../src/app/ports.js';
import { recordFxRate } from '../src/app/record-fx-rate.js';
import { formatMinor } from '../src/domain/index.js';
import type { ImportKind } from '../src/domain/import/preset.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world, type TestWorld } from './support/context.js';
import { HEADER, importPath, ledgerCounts, writeFile } from './support/imports.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'import');

interface Fixture {
  readonly kind: ImportKind;
  readonly description?: string;
  readonly mapping?: { readonly name: string } & Record<string, unknown>;
  readonly expect?: {
    readonly rowsRead: number;
    readonly rowsWritten: number;
    readonly totals: Readonly<Record<string, string>>;
    readonly summaryContains?: string;
  };
  readonly errors?: readonly {
    readonly line: number;
    readonly column: string | null;
    readonly value: string | null;
    readonly code: string;
  }[];
}

const fixtures = (dir: 'ok' | 'not-ok') =>
  fs
    .readdirSync(path.join(DIR, dir))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.csv$/, ''),
      file: path.join(DIR, dir, file),
      spec: JSON.parse(
        fs.readFileSync(path.join(DIR, dir, file.replace(/\.csv$/, '.json')), 'utf8'),
      ) as Fixture,
    }));

async function setUp(open: () => Promise<Store>) {
  const w = await world(await open());
  const seed = await seedAgreement(w);
  return { w, seed, id: seed.agreement.id };
}

/** The actual amounts per category key, as decimal RMB (the seed's caps are all in RMB). */
async function totals(w: TestWorld, agreementId: string): Promise<Record<string, string>> {
  const agreement = await w.ctx.store.getAgreement(w.actor.issuerId, agreementId);
  const actuals = await w.ctx.store.listActuals(w.actor.issuerId, { agreementId, limit: 1_000_000 });
  const sums = new Map<string, bigint>();
  for (const a of actuals) {
    const key = agreement?.categories.find((c) => c.id === a.categoryId)?.key ?? a.categoryId;
    sums.set(key, (sums.get(key) ?? 0n) + a.capAmountMinor);
  }
  return Object.fromEntries([...sums].map(([k, v]) => [k, formatMinor(v, 'CNY')]));
}

async function run(w: TestWorld, f: ReturnType<typeof fixtures>[number]) {
  if (f.spec.mapping) {
    const { name, ...body } = f.spec.mapping;
    await putImportMapping(w.ctx, w.actor, name, body);
  }
  return importPath(w, f.spec.kind, f.file, { mapping: f.spec.mapping?.name ?? 'generic' });
}

describeEachEngine('golden import fixtures', (open) => {
  it('has fixtures on both sides', () => {
    expect(fixtures('ok').length).toBeGreaterThanOrEqual(5);
    expect(fixtures('not-ok').length).toBeGreaterThanOrEqual(8);
  });

  it.each(fixtures('ok'))('ok/$name imports whole, and again adds nothing', async (f) => {
    const { w, id } = await setUp(open);
    const expected = f.spec.expect;
    if (!expected) throw new Error(`${f.name}.json has no "expect"`);
    const first = await run(w, f);
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({
      status: 'imported',
      rowsRead: expected.rowsRead,
      rowsWritten: expected.rowsWritten,
    });
    if (expected.summaryContains) expect(first.summary).toContain(expected.summaryContains);
    expect(await totals(w, id)).toEqual(expected.totals);
    const again = await run(w, f);
    expect(again).toMatchObject({ status: 'imported', rowsWritten: 0, rowsSkipped: expected.rowsWritten });
    expect(await totals(w, id)).toEqual(expected.totals);
  });

  it.each(fixtures('not-ok'))(
    'not-ok/$name is refused with exactly its bad rows; nothing written',
    async (f) => {
      const { w, id } = await setUp(open);
      const expected = f.spec.errors;
      if (!expected) throw new Error(`${f.name}.json has no "errors"`);
      const outcome = await run(w, f);
      expect(outcome.status).toBe('refused');
      expect(outcome.errors.map(({ line, column, value, code }) => ({ line, column, value, code }))).toEqual(
        expected,
      );
      for (const e of outcome.errors)
        expect(e.reason.length, `a reason for line ${e.line}`).toBeGreaterThan(10);
      expect(outcome.summary).toContain('Nothing was written');
      expect(await ledgerCounts(w, id)).toMatchObject({ actuals: 0, orders: 0 });
    },
  );

  it('the HKD fixture uses the recorded rate when the file has none', async () => {
    const { w, id } = await setUp(open);
    await recordFxRate(w.ctx, w.actor, {
      from: 'HKD',
      to: 'CNY',
      date: '2026-05-04',
      rate: '0.9213',
      source: 'HKMA (test)',
    });
    const file = writeFile('hkd.csv', `${HEADER}\n${id},idc-services,2026-05-04,1000.00,HKD,HK-R\n`);
    const outcome = await importPath(w, 'actuals', file);
    expect(outcome).toMatchObject({ status: 'imported', rowsWritten: 1 });
    expect(await totals(w, id)).toEqual({ 'idc-services': '921.30' });
  });

  it('refuses a file of 100,000 rows with 3 bad ones, naming exactly those 3; fixed, it imports; again, it adds nothing', async () => {
    const { w, seed, id } = await setUp(open);
    const n = 100_000;
    const lines = [HEADER];
    for (let i = 0; i < n; i += 1) {
      const day = String((i % 28) + 1).padStart(2, '0');
      const month = String((i % 12) + 1).padStart(2, '0');
      lines.push(
        `${id},idc-services,2026-${month}-${day},1.${String(i % 100).padStart(2, '0')},RMB,INV-${i}`,
      );
    }
    const good = [...lines];
    // Three bad rows, at file lines 2, 50,001 and 100,001 (the header is line 1).
    lines[1] = `${id},idc-services,2026-02-30,1.00,RMB,INV-0`;
    lines[50_000] = `${id},idc-services,2026-01-01,abc,RMB,INV-49999`;
    lines[100_000] = `${id},idc-services,2026-01-01,1.00,RMB,INV-7`;
    const bad = await importPath(w, 'actuals', writeFile('year.csv', `${lines.join('\n')}\n`));
    expect(bad.status).toBe('refused');
    expect(bad.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'date', 'INVALID_VALUE'],
      [50_001, 'amount', 'INVALID_VALUE'],
      [100_001, 'reference', 'DUPLICATE_REFERENCE'],
    ]);
    expect(bad.rowsRead).toBe(n);
    expect(await ledgerCounts(w, id)).toMatchObject({ actuals: 0 });
    const cap = seed.cap('idc-services', '2026-01-01').id;
    expect((await w.ctx.store.getUsage(cap)).actualMinor).toBe(0n);

    const file = writeFile('year-fixed.csv', `${good.join('\n')}\n`);
    const fixed = await importPath(w, 'actuals', file);
    expect(fixed).toMatchObject({ status: 'imported', rowsRead: n, rowsWritten: n, rowsSkipped: 0 });
    let total = 0n;
    for (let i = 0; i < n; i += 1) total += 100n + BigInt(i % 100);
    expect((await w.ctx.store.getUsage(cap)).actualMinor).toBe(total);
    expect(await ledgerCounts(w, id)).toMatchObject({ actuals: n });

    const again = await importPath(w, 'actuals', file);
    expect(again).toMatchObject({ status: 'imported', rowsWritten: 0, rowsSkipped: n });
    expect(await ledgerCounts(w, id)).toMatchObject({ actuals: n });
    expect((await w.ctx.store.getUsage(cap)).actualMinor).toBe(total);
  }, 240_000);
});
