/**
 * `armslength forecast` (issue 5): the built command on an SQLite data directory holding a known
 * series (the figures are worked out in test/forecast-api.test.ts), and on the demo data set.
 */
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { createAgreement } from '../src/app/create-agreement.js';
import type { ForecastItem } from '../src/app/get-forecasts.js';
import { createIssuer } from '../src/app/issuers.js';
import type { Actor } from '../src/app/ports.js';
import { postActual } from '../src/app/post-actual.js';
import { recordOrder } from '../src/app/record-order.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { openStore } from '../src/store/index.js';
import { withQuotes } from './support/pricing.js';
import { runArmslength, type CliRun } from './support/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Run = CliRun;

function armslength(args: readonly string[], today = '2026-03-15'): Promise<Run> {
  return runArmslength(args, { today });
}

let data = '';
let demo = '';
let empty = '';
let agreementId = '';

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    throw new Error('dist/src/main.js is missing: run `npm run build` before these tests (npm test does).');
  }
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-forecast-'));
  demo = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-forecast-demo-'));
  empty = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-forecast-empty-'));
  const store = await openStore({ engine: 'sqlite', dataDir: data });
  try {
    const ctx: AppContext = { store, clock: fixedClock('2026-03-15'), ids: randomIds };
    const issuer = await createIssuer(ctx, {
      name: { en: 'Test Issuer Ltd', 'zh-Hant': null },
      isDemo: false,
    });
    const actor: Actor = { userId: 'tester', issuerId: issuer.id, roles: OPERATOR_ROLES };
    const agreement = await createAgreement(ctx, actor, seedAgreementInput());
    agreementId = agreement.id;
    const actual = async (date: string, amount: string, over: Record<string, unknown> = {}) => {
      const res = await postActual(ctx, actor, {
        agreementId,
        categoryKey: 'idc-services',
        date,
        amount,
        currency: 'CNY',
        reference: `INV-${date}-${amount}`,
        ...over,
      });
      if (res.statusCode !== 201) throw new Error(`actual refused: ${JSON.stringify(res.body)}`);
    };
    await actual('2025-10-10', '5000000.00');
    await actual('2025-12-10', '8100000.00');
    await actual('2025-12-20', '1000000.00', { categoryKey: 'network-hardware' });
    const order = await recordOrder(
      ctx,
      actor,
      withQuotes({
        agreementId,
        categoryKey: 'idc-services',
        reference: 'PO-IDC-2026-1',
        signedOn: '2026-02-01',
        schedule: [
          { date: '2026-02-15', amount: '1000000.00', currency: 'CNY' },
          { date: '2026-06-10', amount: '20000000.00', currency: 'CNY' },
        ],
      }),
    );
    if (!('id' in order.body)) throw new Error(`order refused: ${JSON.stringify(order.body)}`);
    await actual('2026-01-20', '10800000.00');
    await actual('2026-02-20', '7400000.00');
    await actual('2026-02-20', '700000.00', { orderId: order.body.id });
  } finally {
    await store.close();
  }
  const loaded = await armslength(['demo', '--data', demo], '2026-11-24');
  if (loaded.code !== 0) throw new Error(`the demo did not load: ${loaded.stderr}`);
}, 120_000);

afterAll(() => {
  for (const dir of [data, demo, empty]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('armslength forecast', () => {
  it('prints each cap period with its projection, threshold dates, method and the escalation line', async () => {
    const run = await armslength(['forecast', '--data', data, '--as-of', '2026-02-28']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Cap forecasts as of 28 February 2026 — Test Issuer Ltd');
    expect(run.stdout).toContain(`2025 Xiaomi Cooperation Framework Agreement (${agreementId})`);
    const row = lines.find((l) => l.startsWith('IDC services') && l.includes('1 Jan 2026 – 31 Dec 2026'));
    expect(row?.split(/\s{2,}/)).toEqual([
      'IDC services',
      '1 Jan 2026 – 31 Dec 2026',
      'RMB82,000,000.00',
      'RMB18,900,000.00',
      'RMB20,300,000.00',
      'RMB111,000,000.00',
      '135.4%',
      '2 Aug 2026',
      '26 Sep 2026',
    ]);
    expect(lines.find((l) => l.includes('1 Jan 2027 – 31 Dec 2027 (upcoming)'))).toBeDefined();
    expect(run.stdout).toContain(
      'IDC services for the period from 1 January 2026 to 31 December 2026: Trailing average: the actual amounts of the 90 days from 1 December 2025 to 28 February 2026 (RMB27,000,000.00) give RMB300,000.00 a day',
    );
    expect(run.stdout).toContain(
      'Forecast exceeds the cap: escalate to the board (internal control 2): IDC services for the period from 1 January 2026 to 31 December 2026 is projected at RMB111,000,000.00 (135.4%) against a cap of RMB82,000,000.00.',
    );
    // The hardware period stays within its cap: no escalation line for it.
    expect(run.stdout).not.toMatch(/escalate to the board.*Network hardware/);
  });

  it('--json prints the body of GET /api/v1/forecasts', async () => {
    const run = await armslength(['forecast', '--data', data, '--as-of', '2026-02-28', '--json']);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { asOf: string; items: ForecastItem[] };
    expect(body.asOf).toBe('2026-02-28');
    expect(body.items.map((i) => [i.periodStart, i.projected, i.exceedsCap])).toEqual([
      ['2026-01-01', '111000000.00', true],
      ['2027-01-01', '109500000.00', true],
      ['2028-01-01', '63000000.00', true],
      ['2026-01-01', '1666666.67', false],
    ]);
  });

  it.each([
    [['--as-of', '2026-02-30'], /Invalid input: asOf "2026-02-30" is not a calendar date/],
    [['--agreement', 'agr_nope'], /Not found: agreement agr_nope was not found/],
    [['--issuer', 'iss_nope'], /Invalid input: --issuer "iss_nope" is not a recorded issuer/],
  ])('%j exits 2 with one sentence', async (args, message) => {
    const run = await armslength(['forecast', '--data', data, ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('refuses two databases at once (usage, exit 2)', async () => {
    const run = await armslength(['forecast', '--data', data, '--database-url', 'postgres://x@127.0.0.1/y']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('choose one database');
  });

  it('says so when no issuer is recorded yet', async () => {
    const run = await armslength(['forecast', '--data', empty]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No issuer recorded yet');
  });

  it('the demo data shows a forecast for every active cap period', async () => {
    const text = await armslength(['forecast', '--data', demo], '2026-11-24');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe(
      'Cap forecasts as of 24 November 2026 — Kingsoft Cloud Holdings Limited (demo data)',
    );
    const run = await armslength(['forecast', '--data', demo, '--json'], '2026-11-24');
    const body = JSON.parse(run.stdout) as { asOf: string; items: ForecastItem[] };
    expect(body.asOf).toBe('2026-11-24');
    // The hardware category's term ended on 28 July 2026; IDC's current and later periods remain.
    expect(body.items.map((i) => [i.categoryKeys.join(), i.periodStart, i.periodStatus])).toEqual([
      ['idc-services', '2026-01-01', 'current'],
      ['idc-services', '2027-01-01', 'upcoming'],
      ['idc-services', '2028-01-01', 'upcoming'],
    ]);
    const minor = (s: string) => BigInt(s.replace('.', ''));
    for (const i of body.items) {
      // More than a year of monthly invoices: the seasonal method, said in words in both languages.
      expect(i.method.kind).toBe('seasonal');
      expect(i.method.description.en).toMatch(/^Seasonal: /);
      expect(i.method.description['zh-Hant']).toMatch(/^按季節性推算/);
      expect(minor(i.projected) >= minor(i.actual) + minor(i.committed)).toBe(true);
      expect(minor(i.expectedFuture) > 0n).toBe(true);
      expect(i.remainingDays).toBeGreaterThan(0);
      expect(text.stdout).toContain(`${i.method.description.en}`);
    }
    // FY2026: the November order and the run-rate to December, within the cap, past 80% on the
    // November invoice's scheduled day.
    const current = body.items[0];
    expect(current).toMatchObject({ exceedsCap: false, remainingFrom: '2026-11-25' });
    expect(minor(current?.projected ?? '0') > minor(current?.actual ?? '0')).toBe(true);
    expect(current?.thresholds.map((t) => t.threshold)).toEqual(['80', '100']);
  });
});
