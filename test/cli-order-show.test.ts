/**
 * `armslength order show ID` (issue 4): the order with the quote comparison the pricing-policy gate
 * kept, and the evidence files with the SHA-256 an auditor verifies them by. Orders are placed
 * through the use cases on an SQLite data directory, then shown by the built command.
 */
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { createAgreement } from '../src/app/create-agreement.js';
import { uploadEvidence } from '../src/app/evidence.js';
import { createIssuer } from '../src/app/issuers.js';
import type { OrderView } from '../src/app/order-changes.js';
import type { Actor } from '../src/app/ports.js';
import { recordOrder } from '../src/app/record-order.js';
import { orderReport } from '../src/cli/order.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { calendarDate } from '../src/domain/index.js';
import { openStore } from '../src/store/index.js';
import { INDEPENDENT_SUPPLIERS, withQuotes } from './support/pricing.js';
import { runArmslength, type CliRun } from './support/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Run = CliRun;

function armslength(args: readonly string[]): Promise<Run> {
  return runArmslength(args, { today: '2026-03-15' });
}

const QUOTATION = 'QUOTATION (test)\nSupplier: Xiaomi Corporation\nPrice: RMB5,400,000.00\n';
const quotationSha = createHash('sha256').update(QUOTATION).digest('hex');

let data = '';
let issuerId = '';
let plainOrderId = '';
let exceptionOrderId = '';

/** A placed order's id; fails the test with the refusal if the gate said no. */
async function place(ctx: AppContext, actor: Actor, body: unknown): Promise<string> {
  const placed = await recordOrder(ctx, actor, body);
  if (!('id' in placed.body)) throw new Error(`order refused: ${JSON.stringify(placed.body)}`);
  return placed.body.id;
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    throw new Error('dist/src/main.js is missing: run `npm run build` before these tests (npm test does).');
  }
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-order-show-'));
  const store = await openStore({ engine: 'sqlite', dataDir: data });
  try {
    const ctx: AppContext = { store, clock: fixedClock('2026-03-15'), ids: randomIds };
    const issuer = await createIssuer(ctx, {
      name: { en: 'Test Issuer Ltd', 'zh-Hant': null },
      isDemo: false,
    });
    issuerId = issuer.id;
    const actor: Actor = { userId: 'tester', issuerId, roles: OPERATOR_ROLES };

    // The seed agreement, default policy: two counted quotes, the connected quote with a file.
    const seed = await createAgreement(ctx, actor, seedAgreementInput());
    await uploadEvidence(ctx, actor, {
      bytes: new TextEncoder().encode(QUOTATION),
      mediaType: 'text/plain',
      filename: 'xiaomi-quotation.txt',
      issuedOn: '2026-01-28',
    });
    const plain = withQuotes({
      agreementId: seed.id,
      categoryKey: 'network-hardware',
      reference: 'PO-2026-HW-001',
      signedOn: '2026-02-01',
      schedule: [{ date: '2026-03-01', amount: '5400000.00', currency: 'CNY' }],
    });
    plainOrderId = await place(ctx, actor, {
      ...plain,
      pricing: {
        ...plain.pricing,
        connectedQuote: {
          ...plain.pricing.connectedQuote,
          specification: '40 switches, model X',
          evidence: [quotationSha],
        },
      },
    });

    // A category whose policy allows exceptions: a third, expired quote, accepted by exception.
    const input = seedAgreementInput();
    const lenient = await createAgreement(ctx, actor, {
      ...input,
      categories: input.categories.map((c) => ({ ...c, pricingPolicy: { exceptionsAllowed: true } })),
    });
    const withException = withQuotes({
      agreementId: lenient.id,
      categoryKey: 'network-hardware',
      reference: 'PO-2026-HW-002',
      signedOn: '2026-02-01',
      schedule: [{ date: '2026-03-02', amount: '1000000.00', currency: 'CNY' }],
    });
    exceptionOrderId = await place(ctx, actor, {
      ...withException,
      pricing: {
        ...withException.pricing,
        independentQuotes: [
          ...withException.pricing.independentQuotes,
          {
            supplier: { name: 'Stale Quotes Ltd' },
            amount: '1300000.00',
            currency: 'CNY',
            validUntil: '2026-01-15',
            quotedOn: '2026-01-05',
            independenceConfirmedBy: 'Procurement (test)',
          },
        ],
        exception: { reason: 'Urgent replacement after a fire', approvedBy: 'cfo' },
      },
    });
  } finally {
    await store.close();
  }
});

afterAll(() => {
  if (data) fs.rmSync(data, { recursive: true, force: true });
});

describe('armslength order show', () => {
  it('shows the header, the schedule, the quote comparison and the evidence SHA-256', async () => {
    const run = await armslength(['order', 'show', plainOrderId, '--data', data]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain(`Order PO-2026-HW-001 (${plainOrderId}) — Test Issuer Ltd`);
    expect(out).toContain('Signed on:  1 February 2026');
    expect(out).toContain('Status:     accepted');
    expect(out).toContain('Category:   Network hardware equipment (network-hardware)');
    expect(out).toMatch(/1 Mar 2026\s+RMB5,400,000\.00\s+1 Jan 2026 – 28 Jul 2026\s+RMB5,400,000\.00/);
    expect(out).toContain(
      'Policy: at least 2 independent quotes, valid on the signing date; connected party must be strictly lower; no exceptions.',
    );
    expect(out).toContain(
      "Connected party's quote: RMB5,400,000.00, valid until 1 February 2026\n  For: 40 switches, model X",
    );
    // One row per independent quote: supplier, amount, amount in the cap currency, validity, counted.
    const rows = out
      .split('\n')
      .filter((l) => /^\s*\d+ {2}/.test(l) && INDEPENDENT_SUPPLIERS.some((s) => l.includes(s)));
    expect(rows.map((l) => l.trim().split(/\s{2,}/))).toEqual([
      [
        '1',
        'Harbour Data Centres Ltd',
        'RMB5,940,000.00',
        'RMB5,940,000.00',
        '1 Feb 2026',
        '1 Feb 2026',
        'yes',
      ],
      [
        '2',
        'Kowloon Network Supply Co',
        'RMB6,480,000.00',
        'RMB6,480,000.00',
        '1 Feb 2026',
        '1 Feb 2026',
        'yes',
      ],
    ]);
    expect(out).toContain('Best independent price: RMB5,940,000.00 (quote 1, Harbour Data Centres Ltd).');
    expect(out).toContain(
      'Connected price more favourable: yes (strictly lower than the best counted quote).',
    );
    expect(out).not.toContain('EXCEPTION');
    // The full digest, so that `sha256sum xiaomi-quotation.txt` can be compared with it.
    const evidenceRow = out.split('\n').find((l) => l.includes('xiaomi-quotation.txt'));
    expect(evidenceRow?.trim().split(/\s{2,}/)).toEqual([
      "connected party's quote",
      'xiaomi-quotation.txt',
      '28 Jan 2026',
      `${QUOTATION.length} bytes`,
      quotationSha,
    ]);
    expect(out).toContain('verify each with `sha256sum FILE`');
  });

  it('flags an order accepted by exception, with the approver, the reason and the quote not counted', async () => {
    const run = await armslength(['order', 'show', exceptionOrderId, '--data', data, '--issuer', issuerId]);
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain(
      'Policy: at least 2 independent quotes, valid on the signing date; connected party must be strictly lower; exceptions allowed',
    );
    expect(out).toContain('!!! EXCEPTION: accepted although the pricing policy was not met');
    expect(out).toContain('  Approved by: cfo\n  Reason: Urgent replacement after a fire');
    expect(out).toMatch(/- QUOTE_EXPIRED: The quote from "Stale Quotes Ltd" \(independent quote 3\)/);
    const stale = out.split('\n').find((l) => l.includes('Stale Quotes Ltd') && l.includes('RMB'));
    expect(stale?.trim().split(/\s{2,}/)).toEqual([
      '3',
      'Stale Quotes Ltd',
      'RMB1,300,000.00',
      'RMB1,300,000.00',
      '15 Jan 2026',
      '5 Jan 2026',
      'no: expired',
    ]);
    expect(out).toContain('Quote 3 not counted: valid until 2026-01-15, before the signing date 2026-02-01.');
    expect(out).toContain('Independent quotes (2 of 3 counted; 2 required)');
  });

  it('prints the JSON of GET /api/v1/orders/{id} with --json', async () => {
    const run = await armslength(['order', 'show', plainOrderId, '--data', data, '--json']);
    expect(run.code).toBe(0);
    const view = JSON.parse(run.stdout) as OrderView & {
      pricing: { countedQuotes: number; connectedMoreFavourable: boolean; currency: string };
    };
    expect(view.id).toBe(plainOrderId);
    expect(view.pricing.countedQuotes).toBe(2);
    expect(view.pricing.connectedMoreFavourable).toBe(true);
    expect(view.evidence).toEqual([
      {
        sha256: quotationSha,
        quote: 'connected',
        quoteIndex: null,
        filename: 'xiaomi-quotation.txt',
        mediaType: 'text/plain',
        size: QUOTATION.length,
        issuedOn: '2026-01-28',
      },
    ]);
  });

  it('exits 2 with a clear message for an order that does not exist', async () => {
    const run = await armslength(['order', 'show', 'ord_nope', '--data', data]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `armslength: Not found: no order ord_nope for the issuer "Test Issuer Ltd" (${issuerId}); for another issuer's order give --issuer ID.\n`,
    );
  });

  it('exits 2 for an issuer that is not recorded, and for two databases at once', async () => {
    const unknown = await armslength(['order', 'show', plainOrderId, '--data', data, '--issuer', 'iss_nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Invalid input: --issuer "iss_nope" is not a recorded issuer/);
    const both = await armslength([
      'order',
      'show',
      plainOrderId,
      '--data',
      data,
      '--database-url',
      'postgres://x@127.0.0.1/y',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/choose one database/);
  });
});

describe('orderReport', () => {
  it('says so for an order placed before the pricing-policy gate', () => {
    const order: OrderView = {
      id: 'ord_old',
      agreementId: 'agr_x',
      categoryId: 'cat_x',
      reference: 'PO-OLD',
      signedOn: calendarDate('2025-09-01'),
      status: 'closed',
      currency: 'CNY',
      schedule: [
        {
          date: calendarDate('2025-10-01'),
          amount: '100.00',
          currency: 'CNY',
          capId: 'cap_x',
          capAmount: '100.00',
        },
      ],
      balances: [{ capId: 'cap_x', scheduled: '100.00', consumed: '100.00', open: '0.00' }],
      pricing: null,
      evidence: [],
    };
    const text = orderReport(order, undefined, null);
    expect(text).toContain('No quote comparison was recorded (the order predates the pricing-policy gate).');
    expect(text).not.toContain('Evidence files');
  });

  it('describes a policy of no quotes', () => {
    const order: OrderView = {
      id: 'ord_lease',
      agreementId: 'agr_x',
      categoryId: 'cat_x',
      reference: 'LEASE-1',
      signedOn: calendarDate('2026-01-01'),
      status: 'accepted',
      currency: 'HKD',
      schedule: [],
      balances: [],
      pricing: {
        format: 1,
        policy: {
          minIndependentQuotes: 0,
          comparison: 'connected-lower',
          quoteValidityRequired: true,
          exceptionsAllowed: false,
        },
        direction: 'issuer-purchases',
        quotesRequired: false,
        signedOn: '2026-01-01',
        currency: 'HKD',
        connectedQuote: null,
        independentQuotes: [],
        countedQuotes: 0,
        bestIndependent: null,
        connectedMoreFavourable: null,
        exception: null,
        flagged: false,
        thirdPartyTerms: null,
        summary: 'The policy requires no independent quotes (0), and none were given.',
      },
      evidence: [],
    };
    const text = orderReport(order, undefined, null);
    expect(text).toContain('Policy: no independent quotes required (0)');
    expect(text).toContain('Independent quotes: none given.');
    expect(text).toContain('Connected price more favourable: not compared (nothing to compare against).');
  });
});
