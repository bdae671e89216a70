/**
 * Shared bench plumbing: configuration, the concurrent-client driver, stores in throw-away places
 * (a temp directory, or a PostgreSQL schema of its own that is dropped afterwards).
 */
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { createAgreement } from '../src/app/create-agreement.js';
import { createIssuer } from '../src/app/issuers.js';
import type { Actor, Store } from '../src/app/ports.js';
import { formatMinor, parseAmount } from '../src/domain/index.js';
import { openStore } from '../src/store/index.js';

export const DEFAULT_DATABASE_URL = 'postgres://armslength:armslength@127.0.0.1:5432/armslength_test';
export const databaseUrl = (): string =>
  process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? DEFAULT_DATABASE_URL;

/** Seconds per measured window; BENCH_SECONDS overrides (e.g. 2 for a quick smoke run). */
export const SECONDS = Number(process.env['BENCH_SECONDS'] ?? '5');
/** Warm-up before each measured window (JIT, statement caches, pool connections). */
export const WARMUP_SECONDS = Math.min(1, SECONDS / 5);

export type Engine = 'sqlite' | 'postgres';

export interface RunResult {
  readonly clients: number;
  readonly seconds: number;
  readonly accepted: number;
  readonly refused: number;
  readonly errors: number;
  /** (accepted + refused) per second. */
  readonly rate: number;
  /** CPU time of this Node process (user + system) per operation, in microseconds. */
  readonly cpuMicrosPerOp: number;
  readonly firstError?: string;
}

export type Outcome = 'accepted' | 'refused';

/**
 * `clients` async loops in this process, each calling `op` back to back for `seconds`; a warm-up
 * window runs first and is not counted.
 */
export async function drive(
  clients: number,
  seconds: number,
  op: (client: number, i: number) => Promise<Outcome>,
): Promise<RunResult> {
  let seq = 0;
  const window = async (ms: number) => {
    const stopAt = performance.now() + ms;
    let accepted = 0;
    let refused = 0;
    let errors = 0;
    let firstError: string | undefined;
    const loop = async (client: number) => {
      while (performance.now() < stopAt) {
        try {
          const outcome = await op(client, seq++);
          if (outcome === 'accepted') accepted++;
          else refused++;
        } catch (e) {
          errors++;
          firstError ??= e instanceof Error ? e.message : String(e);
        }
      }
    };
    const started = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(Array.from({ length: clients }, (_, c) => loop(c)));
    const used = process.cpuUsage(cpu);
    const elapsed = (performance.now() - started) / 1000;
    return { accepted, refused, errors, elapsed, firstError, cpuMicros: used.user + used.system };
  };
  if (WARMUP_SECONDS > 0) await window(WARMUP_SECONDS * 1000);
  const w = await window(seconds * 1000);
  return {
    clients,
    seconds: w.elapsed,
    accepted: w.accepted,
    refused: w.refused,
    errors: w.errors,
    rate: (w.accepted + w.refused) / w.elapsed,
    cpuMicrosPerOp: w.cpuMicros / Math.max(1, w.accepted + w.refused + w.errors),
    ...(w.firstError !== undefined ? { firstError: w.firstError } : {}),
  };
}

/** Runs `op` once per client, all at once (a race), and waits for all of them. */
export async function race<T>(clients: number, op: (client: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: clients }, (_, c) => op(c)));
}

export const uniqueName = (prefix: string): string =>
  `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export async function pgAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function postgresReachable(url: string): Promise<string | null> {
  try {
    await pgAdmin(url, (c) => c.query('select 1'));
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A migrated store in a fresh place; `dispose()` closes it and removes the place. */
export interface BenchStore {
  readonly store: Store;
  readonly engine: Engine;
  /** The SQLite file, or the PostgreSQL schema. */
  readonly where: string;
  readonly poolSize: number;
  dispose(): Promise<void>;
}

export async function openBenchStore(engine: Engine, poolSize = 10): Promise<BenchStore> {
  if (engine === 'sqlite') {
    const dir = tempDir('armslength-bench');
    const store = await openStore({ engine: 'sqlite', dataDir: dir });
    return {
      store,
      engine,
      where: path.join(dir, 'armslength.sqlite'),
      poolSize: 1,
      dispose: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = databaseUrl();
  const schema = uniqueName('bench');
  const store = await openStore({ engine: 'postgres', databaseUrl: url, schema, poolSize });
  return {
    store,
    engine,
    where: schema,
    poolSize,
    dispose: async () => {
      await store.close();
      await pgAdmin(url, (c) => c.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`));
    },
  };
}

export const CATEGORY = 'services';
/** The period the bench orders fall in. */
export const PERIOD = { start: '2026-01-01', end: '2026-12-31' } as const;
export const SIGNED_ON = '2026-03-01';
export const TODAY = '2026-03-15';

export interface GateWorld {
  readonly ctx: AppContext;
  readonly actor: Actor;
  readonly agreementId: string;
  readonly categoryId: string;
  readonly capId: string;
}

/**
 * An issuer and one framework agreement with one category and one cap per calendar year, through the
 * real use cases. `capAmount` is the 2026 cap, a decimal string in CNY.
 */
export async function gateWorld(store: Store, capAmount: string): Promise<GateWorld> {
  const ctx: AppContext = { store, clock: fixedClock(TODAY), ids: randomIds };
  const issuer = await createIssuer(ctx, {
    name: { en: 'Bench Issuer Ltd', 'zh-Hant': null },
    isDemo: false,
  });
  const actor: Actor = { userId: 'bench', issuerId: issuer.id, roles: OPERATOR_ROLES };
  const agreement = await createAgreement(ctx, actor, {
    name: 'Bench master services agreement',
    counterparty: { name: 'Bench Connected Person Ltd' },
    signedOn: '2025-12-15',
    recognitionBasis: 'fee-payable',
    amountsInclude: 'including-tax',
    categories: [
      {
        key: CATEGORY,
        name: 'Services',
        direction: 'issuer-purchases',
        termStart: '2026-01-01',
        termEnd: '2028-12-31',
      },
    ],
    caps: [
      {
        categoryKeys: [CATEGORY],
        periodStart: PERIOD.start,
        periodEnd: PERIOD.end,
        amount: capAmount,
        currency: 'CNY',
      },
      {
        categoryKeys: [CATEGORY],
        periodStart: '2027-01-01',
        periodEnd: '2027-12-31',
        amount: capAmount,
        currency: 'CNY',
      },
    ],
  });
  const cap = agreement.caps.find((c) => c.periodStart === PERIOD.start);
  const category = agreement.categories.find((c) => c.key === CATEGORY);
  if (!cap || !category) throw new Error('the bench agreement has no 2026 cap');
  return { ctx, actor, agreementId: agreement.id, categoryId: category.id, capId: cap.id };
}

/** Suppliers the bench issuer's register does not know, so each counts as independent once confirmed. */
export const INDEPENDENT_SUPPLIERS = ['Bench Supplier One Ltd', 'Bench Supplier Two Ltd'] as const;

/**
 * Quotes that meet the default pricing policy (issue 4: two independent quotes, valid on the signing
 * date): the connected party's quote for the order's `amount` (CNY), two independent ones 10% and 20%
 * dearer, as the issuer buys. The same as test/support/pricing.ts, which bench may not import.
 */
export function compliantPricing(amount: string) {
  const parsed = parseAmount(amount, 'CNY', 'amount');
  if (!parsed.ok) throw new Error(`bench order with a bad amount: ${amount}`);
  const minor = parsed.value;
  // Rounded up to the fen: strictly dearer for any positive amount.
  const dearer = (percent: bigint) => formatMinor((minor * (100n + percent) + 99n) / 100n, 'CNY');
  return {
    connectedQuote: { amount: formatMinor(minor, 'CNY'), currency: 'CNY', validUntil: SIGNED_ON },
    independentQuotes: INDEPENDENT_SUPPLIERS.map((name, i) => ({
      supplier: { name },
      amount: dearer(BigInt(10 * (i + 1))),
      currency: 'CNY',
      validUntil: SIGNED_ON,
      independenceConfirmedBy: 'Procurement (bench)',
    })),
  };
}

/** A one-line order body as POST /api/v1/orders takes it, with compliant quotes. */
export const orderBody = (agreementId: string, reference: string, amount: string) => ({
  agreementId,
  categoryKey: CATEGORY,
  reference,
  signedOn: SIGNED_ON,
  schedule: [{ date: '2026-06-30', amount, currency: 'CNY' }],
  pricing: compliantPricing(amount),
});

/** Minor units as the API's decimal string ("1234.56"). */
export const decimal = (minor: bigint): string =>
  `${minor / 100n}.${(minor % 100n).toString().padStart(2, '0')}`;

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

export function log(message: string): void {
  process.stdout.write(`${message}\n`);
}
