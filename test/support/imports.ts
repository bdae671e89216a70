/**
 * Issue 9: helpers for the import tests — files written to a temp directory and imported through the
 * real file readers, and the figures a user would check afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importFile } from '../../src/app/import.js';
import { fileSource } from '../../src/app/import-sources.js';
import type { ImportRunRecord } from '../../src/app/import-ports.js';
import type { ImportKind } from '../../src/domain/import/preset.js';
import type { TestWorld } from './context.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-import-'));

/** Writes `content` to a file named `name` in the tests' temp directory and returns its path. */
export function writeFile(name: string, content: string | Buffer): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}

export async function importPath(
  w: TestWorld,
  kind: ImportKind,
  file: string,
  opts: { mapping?: string; dryRun?: boolean; sheet?: string | null } = {},
): Promise<ImportRunRecord> {
  return importFile(w.ctx, w.actor, {
    kind,
    mapping: opts.mapping ?? 'generic',
    dryRun: opts.dryRun ?? false,
    source: fileSource(file, path.basename(file), opts.sheet ?? null),
  });
}

export function importText(
  w: TestWorld,
  kind: ImportKind,
  name: string,
  text: string,
  opts: { mapping?: string; dryRun?: boolean } = {},
): Promise<ImportRunRecord> {
  return importPath(w, kind, writeFile(name, text), opts);
}

export const HEADER = 'agreement,category,date,amount,currency,reference';

/** What a user would count: actuals (with reversals), ledger entries, orders, imported references. */
export async function ledgerCounts(w: TestWorld, agreementId: string) {
  const actuals = await w.ctx.store.listActuals(w.actor.issuerId, { agreementId, limit: 10_000_000 });
  const orders = await w.ctx.store.listOrders(w.actor.issuerId, { agreementId, limit: 10_000_000 });
  return {
    actuals: actuals.length,
    openActuals: actuals.filter((a) => a.reversesId === null && a.reversedBy === null).length,
    orders: orders.length,
    acceptedOrders: orders.filter((o) => o.status === 'accepted').length,
  };
}
