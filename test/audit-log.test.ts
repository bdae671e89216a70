/**
 * The audit log (issue 6, item 4): every write is captured in its own transaction with who, when,
 * what and the request id; the sealer chains each issuer's entries with an HMAC keyed outside the
 * database; editing, deleting (the newest too) or reordering entries — even with the later hashes
 * recomputed — makes verification fail and name the entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { gateWorld, orderBody } from '../bench/support.js';
import { runWithAudit } from '../src/app/audit-context.js';
import type { AuditKeyring } from '../src/app/audit-ports.js';
import { canonicalEntry, exportAudit, sealAudit, startAuditSealer, verifyAudit } from '../src/app/audit.js';
import { uploadEvidence } from '../src/app/evidence.js';
import type { Store } from '../src/app/ports.js';
import { recordOrder } from '../src/app/record-order.js';
import { AUDITED_WRITES, NOT_AUDITED, auditJson } from '../src/store/audit-store.js';
import { FileAnchor, keyFingerprint } from '../src/store/audit-keyring.js';
import { Repository } from '../src/store/repository.js';
import type { Database } from '../src/store/schema.js';
import { describeEachEngine } from './support/engines.js';
import { testServer } from './support/http.js';

const rawDb = (store: Store): Kysely<Database> => (store as unknown as { db: Kysely<Database> }).db;

function keyring(): AuditKeyring {
  const key = randomBytes(32);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-audit-anchor-'));
  return {
    key,
    fingerprint: keyFingerprint(key),
    anchor: new FileAnchor(path.join(dir, 'anchor.jsonl')),
    source: 'test',
  };
}

/** An issuer with an agreement and `orders` orders placed as `actor` in request `requestId`. */
async function issuerWithOrders(store: Store, orders: number, requestId = 'req-1') {
  return runWithAudit({ actor: 'alice', requestId, via: 'http' }, async () => {
    const w = await gateWorld(store, '9000000000.00');
    for (let i = 0; i < orders; i++) {
      const placed = await recordOrder(w.ctx, w.actor, orderBody(w.agreementId, `PO-${i}`, '100.00'));
      expect(placed.statusCode).toBe(201);
    }
    return w;
  });
}

describe('the write capture list', () => {
  it('covers every write-named method of the repository, or says why not', () => {
    const names = Object.getOwnPropertyNames(Repository.prototype).filter((n) =>
      /^(insert|put|update|set|adjust|append|bump|replace|mark|advance|record|enqueue|delete|remove|lock|revoke|touch)/.test(
        n,
      ),
    );
    const uncovered = names.filter((n) => !(n in AUDITED_WRITES) && !(n in NOT_AUDITED));
    expect(uncovered).toEqual([]);
  });

  it('records bigints as text, files as size and SHA-256, and never a secret', () => {
    const json = JSON.parse(
      auditJson({
        minor: 12n,
        content: new Uint8Array([1, 2, 3]),
        secret: 'whsec',
        passwordHash: 'x',
        tokenHash: 'y',
      }),
    ) as Record<string, unknown>;
    expect(json).toEqual({
      minor: '12',
      content: {
        bytes: 3,
        sha256: createHash('sha256')
          .update(Uint8Array.from([1, 2, 3]))
          .digest('hex'),
      },
      secret: '[redacted]',
      passwordHash: '[redacted]',
      tokenHash: '[redacted]',
    });
  });
});

describeEachEngine('the audit log', (open) => {
  let store: Store;
  let ring: AuditKeyring;
  beforeEach(async () => {
    store = await open();
    ring = keyring();
  });

  it('captures each write with who, the request id, the action and what was written', async () => {
    const w = await issuerWithOrders(store, 2);
    const events = await store.listAuditEvents(w.actor.issuerId);
    const actions = events.map((e) => e.action);
    expect(actions).toContain('insertIssuer');
    expect(actions).toContain('insertAgreement');
    expect(actions.filter((a) => a === 'placeOrder')).toHaveLength(2);
    for (const e of events) {
      expect(e).toMatchObject({
        actor: 'alice',
        requestId: 'req-1',
        via: 'http',
        issuerId: w.actor.issuerId,
      });
    }
    const placed = events.find((e) => e.action === 'placeOrder');
    expect(JSON.parse(placed?.after ?? 'null')).toMatchObject({ order: { reference: 'PO-0' } });
    expect(placed?.entity).toBe('order');

    // No context: a system write.
    await uploadEvidence(w.ctx, w.actor, {
      bytes: new TextEncoder().encode('a quotation'),
      mediaType: 'text/plain',
      filename: 'q.txt',
      issuedOn: '2026-01-28',
    });
    const upload = (await store.listAuditEvents(w.actor.issuerId)).find((e) => e.action === 'insertEvidence');
    expect(upload).toMatchObject({ actor: 'system', via: 'system', requestId: null });
    expect(upload?.after).not.toContain('a quotation');
    expect(JSON.parse(upload?.after ?? '{}')).toMatchObject({ content: { bytes: 11 } });
  });

  it('concurrent writes each record their own actor and request (SQLite runs them in one group)', async () => {
    const w = await issuerWithOrders(store, 0);
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        runWithAudit({ actor: `user-${i}`, requestId: `req-c${i}`, via: 'http' }, () =>
          recordOrder(w.ctx, w.actor, orderBody(w.agreementId, `PO-C${i}`, '1.00')),
        ),
      ),
    );
    const placed = (await store.listAuditEvents(w.actor.issuerId)).filter((e) => e.action === 'placeOrder');
    expect(placed).toHaveLength(6);
    for (const e of placed) {
      const reference = (JSON.parse(e.after ?? '{}') as { order: { reference: string } }).order.reference;
      expect(`PO-C${e.actor.slice('user-'.length)}`).toBe(reference);
      expect(e.requestId).toBe(`req-c${e.actor.slice('user-'.length)}`);
    }
  });

  it('a refused order records nothing', async () => {
    const w = await issuerWithOrders(store, 0);
    const before = (await store.listAuditEvents(w.actor.issuerId)).length;
    const refused = await recordOrder(w.ctx, w.actor, orderBody(w.agreementId, 'PO-BIG', '99999999999.00'));
    expect(refused.statusCode).not.toBe(201);
    expect(await store.listAuditEvents(w.actor.issuerId)).toHaveLength(before);
  });

  it('seals events into a chain that verifies; sealing again adds nothing', async () => {
    const w = await issuerWithOrders(store, 3);
    const pending = (await store.listAuditEvents(w.actor.issuerId)).length;
    const first = await sealAudit(store, ring);
    expect(first.sealed).toBe(pending);
    expect(await store.listAuditEvents()).toEqual([]);
    expect((await sealAudit(store, ring)).sealed).toBe(0);
    const chain = await store.listAuditLog(w.actor.issuerId);
    expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => BigInt(i + 1)));
    expect(chain[0]?.prevHash).toBe('0'.repeat(64));
    expect(chain[1]?.prevHash).toBe(chain[0]?.hash);
    const [verdict] = await verifyAudit(store, ring, w.actor.issuerId);
    expect(verdict).toMatchObject({ ok: true, count: BigInt(pending), head: chain[chain.length - 1]?.hash });
    // More writes continue the chain.
    await runWithAudit({ actor: 'bob', requestId: 'req-2', via: 'cli' }, () =>
      recordOrder(w.ctx, w.actor, orderBody(w.agreementId, 'PO-LATE', '1.00')),
    );
    await sealAudit(store, ring);
    const [again] = await verifyAudit(store, ring, w.actor.issuerId);
    expect(again).toMatchObject({ ok: true, count: BigInt(pending + 1) });
    const last = (await store.listAuditLog(w.actor.issuerId)).at(-1);
    expect(last).toMatchObject({
      actor: 'bob',
      requestId: 'req-2',
      action: 'placeOrder',
      seq: BigInt(pending + 1),
    });
  });

  it('the background sealer seals new writes until stopped', async () => {
    const w = await issuerWithOrders(store, 1);
    const sealer = startAuditSealer(w.ctx, ring, { intervalMs: 10 });
    try {
      for (let i = 0; i < 200 && (await store.listAuditEvents()).length > 0; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await sealer.stop();
    }
    expect(await store.listAuditEvents()).toEqual([]);
    expect(await verifyAudit(store, ring, w.actor.issuerId)).toMatchObject([{ ok: true }]);
  });

  it('concurrent sealers chain each event once', async () => {
    const w = await issuerWithOrders(store, 6);
    const pending = (await store.listAuditEvents()).length;
    const results = await Promise.all([1, 2, 3].map(() => sealAudit(store, ring, { limit: 2 })));
    expect(results.reduce((n, r) => n + r.sealed, 0)).toBe(pending);
    const [verdict] = await verifyAudit(store, ring, w.actor.issuerId);
    expect(verdict).toMatchObject({ ok: true, count: BigInt(pending) });
  });

  describe('tampering', () => {
    let issuerId = '';
    let count = 0;
    beforeEach(async () => {
      const w = await issuerWithOrders(store, 3);
      issuerId = w.actor.issuerId;
      await sealAudit(store, ring);
      count = (await store.listAuditLog(issuerId)).length;
      expect(count).toBeGreaterThanOrEqual(5);
    });
    const entry = (seq: number) =>
      rawDb(store).updateTable('audit_log').where('issuer_id', '=', issuerId).where('seq', '=', BigInt(seq));

    it('an edited entry is named', async () => {
      await entry(2).set({ after: '{"amount":"0.00"}' }).execute();
      expect(await verifyAudit(store, ring, issuerId)).toEqual([
        { issuerId, ok: false, seq: 2n, problem: 'altered', count: BigInt(count) },
      ]);
    });

    it('an edited entry is named even with every later hash recomputed (without the key)', async () => {
      const chain = await store.listAuditLog(issuerId);
      let prev = chain[0]?.hash ?? '';
      for (const e of chain.slice(1)) {
        const edited = e.seq === 2n ? { ...e, actor: 'mallory' } : e;
        const hash = createHash('sha256')
          .update(canonicalEntry({ ...edited, prevHash: prev }))
          .digest('hex');
        await entry(Number(e.seq)).set({ actor: edited.actor, prev_hash: prev, hash }).execute();
        prev = hash;
      }
      await rawDb(store)
        .updateTable('audit_heads')
        .set({ hash: prev })
        .where('issuer_id', '=', issuerId)
        .execute();
      expect(await verifyAudit(store, ring, issuerId)).toMatchObject([
        { ok: false, seq: 2n, problem: 'altered' },
      ]);
    });

    it('deleting the newest entry is caught, even with the head rolled back', async () => {
      const chain = await store.listAuditLog(issuerId);
      await rawDb(store)
        .deleteFrom('audit_log')
        .where('issuer_id', '=', issuerId)
        .where('seq', '=', BigInt(count))
        .execute();
      const before = chain[count - 2] as (typeof chain)[number];
      await rawDb(store)
        .updateTable('audit_heads')
        .set({ seq: before.seq, hash: before.hash })
        .where('issuer_id', '=', issuerId)
        .execute();
      expect(await verifyAudit(store, ring, issuerId)).toMatchObject([
        { ok: false, seq: BigInt(count), problem: 'missing' },
      ]);
    });

    it('deleting an entry in the middle is caught', async () => {
      await rawDb(store)
        .deleteFrom('audit_log')
        .where('issuer_id', '=', issuerId)
        .where('seq', '=', 3n)
        .execute();
      expect(await verifyAudit(store, ring, issuerId)).toMatchObject([
        { ok: false, seq: 3n, problem: 'missing' },
      ]);
    });

    it('swapping two entries is caught as a reordering', async () => {
      await entry(2).set({ seq: 1000n }).execute();
      await entry(3).set({ seq: 2n }).execute();
      await rawDb(store)
        .updateTable('audit_log')
        .where('issuer_id', '=', issuerId)
        .where('seq', '=', 1000n)
        .set({ seq: 3n })
        .execute();
      expect(await verifyAudit(store, ring, issuerId)).toMatchObject([
        { ok: false, seq: 2n, problem: 'reordered' },
      ]);
    });

    it('verifying with another key fails; another issuer’s chain is unaffected by tampering here', async () => {
      const other = await issuerWithOrders(store, 1, 'req-other');
      await sealAudit(store, ring);
      await entry(1).set({ request_id: 'forged' }).execute();
      const verdicts = await verifyAudit(store, ring);
      expect(verdicts.find((v) => v.issuerId === issuerId)).toMatchObject({
        ok: false,
        seq: 1n,
        problem: 'altered',
      });
      expect(verdicts.find((v) => v.issuerId === other.actor.issuerId)).toMatchObject({ ok: true });
      const wrong = { ...ring, key: randomBytes(32), anchor: null };
      expect(await verifyAudit(store, wrong, other.actor.issuerId)).toMatchObject([{ ok: false, seq: 1n }]);
    });
  });

  it('exports the chain as JSON and CSV with the key’s fingerprint, never the key', async () => {
    const w = await issuerWithOrders(store, 1);
    await sealAudit(store, ring);
    const json = JSON.parse(await exportAudit(store, ring, w.actor.issuerId, 'json')) as {
      keyFingerprint: string;
      entries: { seq: string; prevHash: string; hash: string }[];
    };
    expect(json.keyFingerprint).toBe(ring.fingerprint);
    expect(json.entries[0]).toMatchObject({ seq: '1', prevHash: '0'.repeat(64) });
    const csv = await exportAudit(store, ring, w.actor.issuerId, 'csv');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toContain('seq');
    expect(lines[0]).toContain('prev_hash');
    expect(lines).toHaveLength(json.entries.length + 1);
    expect(csv).not.toContain(ring.key.toString('hex'));
  });

  it('HTTP writes record the request id; GET /api/v1/audit returns the acting issuer’s chain', async () => {
    const w = await gateWorld(store, '1000.00');
    const { inject } = await testServer(w.ctx, w.actor.issuerId);
    const patched = await inject({
      method: 'PATCH',
      url: `/api/v1/issuers/${w.actor.issuerId}`,
      payload: { prcIssuer: true },
    });
    expect(patched.statusCode).toBe(200);
    const requestId = patched.headers['x-request-id'];
    const got = await inject({ method: 'GET', url: '/api/v1/audit?format=json' });
    expect(got.statusCode).toBe(200);
    const body = JSON.parse(got.body) as { entries: { action: string; requestId: string; via: string }[] };
    expect(body.entries.find((e) => e.action === 'updateIssuerSettings')).toMatchObject({
      requestId,
      via: 'http',
    });
    const csv = await inject({ method: 'GET', url: '/api/v1/audit?format=csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect((await inject({ method: 'GET', url: '/api/v1/audit?format=xml' })).statusCode).toBe(422);
  });
});
