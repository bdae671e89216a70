/**
 * The audit log's before and after (issue 6, item 4): a write that changes or removes existing rows
 * records what they held before it (read in its own transaction) next to what it wrote, and no
 * password or token hash reaches the log, the auditor's JSON and CSV exports included.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { gateWorld, orderBody } from '../bench/support.js';
import { getMonitoringPolicy, putMonitoringPolicy } from '../src/app/alerts.js';
import { runWithAudit } from '../src/app/audit-context.js';
import type { AuditEventRecord, AuditKeyring } from '../src/app/audit-ports.js';
import { exportAudit, sealAudit } from '../src/app/audit.js';
import { updateIssuerSettings } from '../src/app/issuer-settings.js';
import { createSubscription, deactivateSubscription } from '../src/app/notification-subscriptions.js';
import { cancelOrder, reduceOrder } from '../src/app/order-changes.js';
import type { Store } from '../src/app/ports.js';
import { recordOrder } from '../src/app/record-order.js';
import { signIn } from '../src/app/sessions.js';
import { createToken, revokeToken, tokenHash } from '../src/app/tokens.js';
import { resetPassword, setAccountDisabled } from '../src/app/user-admin.js';
import { addUser } from '../src/app/users.js';
import { AUDITED_WRITES, auditJson, type Capture } from '../src/store/audit-store.js';
import { FileAnchor, keyFingerprint } from '../src/store/audit-keyring.js';
import { world } from './support/context.js';
import { describeEachEngine } from './support/engines.js';

function keyring(): AuditKeyring {
  const key = randomBytes(32);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-audit-before-'));
  return {
    key,
    fingerprint: keyFingerprint(key),
    anchor: new FileAnchor(path.join(dir, 'anchor.jsonl')),
    source: 'test',
  };
}

const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** The events of `action`, oldest first, across all issuers (account events may name none). */
async function eventsOf(store: Store, action: string): Promise<AuditEventRecord[]> {
  return (await store.listAuditEvents()).filter((e) => e.action === action);
}

async function lastOf(store: Store, action: string): Promise<AuditEventRecord> {
  const found = (await eventsOf(store, action)).at(-1);
  if (!found) throw new Error(`no ${action} event`);
  return found;
}

/**
 * Methods whose name says "insert" but which are pure appends only because of ON CONFLICT DO NOTHING
 * (an existing row is left alone and the write reports false, so no event) — and why.
 */
const INSERT_BY_DESIGN: Record<string, string> = {
  putIdempotency: 'ON CONFLICT DO NOTHING: a key already taken is never overwritten',
};

describe('the write capture list', () => {
  it('marks every write as a pure append or reads what it changes before it runs', () => {
    const wrong: string[] = [];
    for (const [name, capture] of Object.entries<Capture>(AUDITED_WRITES)) {
      const appendName = /^(insert|append)/.test(name) || name in INSERT_BY_DESIGN;
      if (capture.kind === 'insert') {
        if (!appendName) wrong.push(`${name}: marked as an insert, but its name says it changes rows`);
      } else if (capture.kind === 'update') {
        const b = capture.before as Partial<Record<'read' | 'fromResult', unknown>>;
        if (typeof b.read !== 'function' && typeof b.fromResult !== 'function')
          wrong.push(`${name}: an update without a before reader`);
        if (appendName) wrong.push(`${name}: named as an append but marked as an update`);
      } else {
        wrong.push(`${name}: neither an insert nor an update`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('writes that change rows are marked as updates (so a new one without a reader fails above)', () => {
    const updates = Object.entries(AUDITED_WRITES)
      .filter(([, c]) => c.kind === 'update')
      .map(([name]) => name);
    expect(updates).toEqual(
      expect.arrayContaining([
        'updateIssuerSettings',
        'setOrderStatus',
        'replaceOrderSchedule',
        'adjustUsage',
        'bumpAgreementVersion',
        'putAgreementFacts',
        'putMonitoringPolicy',
        'setSubscriptionActive',
        'markInboxRead',
        'advanceEscalation',
        'recordLoginFailure',
        'recordLoginSuccess',
        'revokeApiToken',
        'revokeSession',
        'revokeUserSessions',
        'setUserDisabled',
        'deleteMembership',
        'setPassword',
      ]),
    );
  });

  it('redacts hash columns as well as fields, but keeps a yes/no flag named after a password', () => {
    expect(
      JSON.parse(
        auditJson({
          password_hash: '$argon2id$x',
          token_hash: 'abc',
          passwordHash: 'y',
          mustChangePassword: false,
        }),
      ),
    ).toEqual({
      password_hash: '[redacted]',
      token_hash: '[redacted]',
      passwordHash: '[redacted]',
      mustChangePassword: false,
    });
  });
});

describeEachEngine('before and after in the audit log', (open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });

  it('issuer settings: before holds the settings replaced, after the new ones', async () => {
    const w = await world(store);
    const issuerId = w.actor.issuerId;
    await runWithAudit({ actor: 'alice', requestId: 'req-settings', via: 'http' }, () =>
      updateIssuerSettings(w.ctx, w.actor, issuerId, { prcIssuer: true, financialYearEnd: '03-31' }),
    );
    const first = await lastOf(store, 'updateIssuerSettings');
    expect(first).toMatchObject({ actor: 'alice', requestId: 'req-settings', issuerId, entityId: issuerId });
    expect(json(first.before)).toEqual({ prcIssuer: false, financialYearEnd: '12-31' });
    expect(json(first.after)).toEqual([issuerId, { prcIssuer: true, financialYearEnd: '03-31' }]);

    await updateIssuerSettings(w.ctx, w.actor, issuerId, { financialYearEnd: '06-30' });
    const second = await lastOf(store, 'updateIssuerSettings');
    expect(json(second.before)).toEqual({ prcIssuer: true, financialYearEnd: '03-31' });
    expect(json(second.after)).toEqual([issuerId, { financialYearEnd: '06-30' }]);
  });

  it('reducing and cancelling an order: the schedule, the cap usage and the status before each change', async () => {
    const w = await gateWorld(store, '1000000.00');
    const placed = await recordOrder(w.ctx, w.actor, orderBody(w.agreementId, 'PO-1', '500.00'));
    expect(placed.statusCode).toBe(201);
    const orderId = (placed.body as { id: string }).id;
    // The gate records its own event and adds no before reads.
    expect(json((await lastOf(store, 'placeOrder')).before)).toBeNull();

    await reduceOrder(w.ctx, w.actor, orderId, {
      schedule: [{ date: '2026-06-30', amount: '200.00', currency: 'CNY' }],
    });
    const reduced = await lastOf(store, 'replaceOrderSchedule');
    expect(json(reduced.before)).toMatchObject({
      scheduleVersion: 1,
      schedule: [{ lineNo: 1, date: '2026-06-30', amountMinor: '50000', capId: w.capId }],
    });
    expect(json(reduced.after)).toMatchObject([orderId, [{ amountMinor: '20000', capId: w.capId }]]);
    const released = await lastOf(store, 'adjustUsage');
    expect(json(released.before)).toEqual({ actualMinor: '0', committedMinor: '50000' });
    expect(json(released.after)).toEqual([w.capId, '0', '-30000']);

    const usage = await store.getUsage(w.capId);
    await cancelOrder(w.ctx, w.actor, orderId);
    const status = await lastOf(store, 'setOrderStatus');
    expect(status).toMatchObject({ entityId: orderId, issuerId: w.actor.issuerId });
    expect(json(status.before)).toEqual({ status: 'accepted' });
    expect(json(status.after)).toEqual([orderId, 'cancelled']);
    const cancelled = await lastOf(store, 'adjustUsage');
    expect(json(cancelled.before)).toEqual({
      actualMinor: usage.actualMinor.toString(),
      committedMinor: usage.committedMinor.toString(),
    });
    expect(json(cancelled.after)).toEqual([w.capId, '0', (-usage.committedMinor).toString()]);
  });

  it('the monitoring policy put twice: no before the first time, the first policy the second time', async () => {
    const w = await world(store);
    const defaults = await getMonitoringPolicy(w.ctx, w.actor);
    const first = await putMonitoringPolicy(w.ctx, w.actor, { ...defaults, termExpiryNoticeDays: 60 });
    const firstEvent = await lastOf(store, 'putMonitoringPolicy');
    expect(firstEvent.before).toBeNull();
    expect(json(firstEvent.after)).toEqual([
      w.actor.issuerId,
      expect.objectContaining({ termExpiryNoticeDays: 60 }),
      expect.any(String),
      w.actor.userId,
    ]);

    await putMonitoringPolicy(w.ctx, w.actor, { ...defaults, termExpiryNoticeDays: 45 });
    const second = await lastOf(store, 'putMonitoringPolicy');
    expect(json(second.before)).toEqual({
      policy: JSON.parse(JSON.stringify(first)) as unknown,
      updatedAt: expect.any(String) as unknown,
      updatedBy: w.actor.userId,
    });
    expect(json(second.after)).toEqual([
      w.actor.issuerId,
      expect.objectContaining({ termExpiryNoticeDays: 45 }),
      expect.any(String),
      w.actor.userId,
    ]);
  });

  it('deactivating a subscription: before it was active; the webhook secret is in neither', async () => {
    const w = await world(store);
    const created = await createSubscription(w.ctx, w.actor, {
      role: 'compliance',
      channel: 'webhook',
      target: 'https://hooks.example.com/armslength',
    });
    await deactivateSubscription(w.ctx, w.actor, created.id);
    const event = await lastOf(store, 'setSubscriptionActive');
    expect(event).toMatchObject({ issuerId: w.actor.issuerId, entityId: created.id });
    expect(json(event.before)).toEqual({
      active: true,
      role: 'compliance',
      channel: 'webhook',
      target: 'https://hooks.example.com/armslength',
    });
    expect(json(event.after)).toEqual([w.actor.issuerId, created.id, false]);
    const secret = created.secret ?? '';
    expect(secret).not.toBe('');
    for (const e of await store.listAuditEvents()) expect(`${e.before} ${e.after}`).not.toContain(secret);
  });

  it('accounts: each change records the state it replaced, and no hash reaches the exported log', async () => {
    const w = await world(store);
    const issuerId = w.actor.issuerId;
    const email = 'carol@example.com';
    const firstPassword = 'correct horse battery staple';
    const added = await runWithAudit({ actor: 'os:operator', requestId: null, via: 'cli' }, () =>
      addUser(w.ctx, 'os:operator', { email, password: firstPassword, role: 'finance', issuerId }),
    );
    await addUser(w.ctx, 'os:operator', { email, role: 'auditor', issuerId });
    const userId = added.user.id;
    const firstHash = added.user.passwordHash;

    // A wrong password, then the right one: the failure count before each.
    await expect(signIn(w.ctx, email, 'not the password at all', 'test')).rejects.toThrow();
    expect(json((await lastOf(store, 'recordLoginFailure')).before)).toEqual({
      failedLogins: 0,
      lockedUntil: null,
    });
    const session1 = await signIn(w.ctx, email, firstPassword, 'test');
    expect(json((await lastOf(store, 'recordLoginSuccess')).before)).toEqual({
      failedLogins: 1,
      lockedUntil: null,
    });
    const session2 = await signIn(w.ctx, email, firstPassword, 'test');
    const token = await createToken(w.ctx, { email, issuerId });

    await revokeToken(w.ctx, userId, token.record.id);
    const revoked = await lastOf(store, 'revokeApiToken');
    expect(json(revoked.before)).toEqual({
      issuerId,
      role: null,
      prefix: token.record.prefix,
      expiresAt: token.record.expiresAt,
      revokedAt: null,
    });
    expect(json(revoked.after)).toEqual([userId, token.record.id, expect.any(String)]);

    // The operator's reset: the password's side state before, the sessions it ended (ids and times).
    await runWithAudit({ actor: 'os:operator', requestId: null, via: 'cli' }, () =>
      resetPassword(w.ctx, email, 'another long enough password'),
    );
    const reset = await lastOf(store, 'setPassword');
    expect(reset).toMatchObject({ actor: 'os:operator', via: 'cli', entityId: userId });
    expect(json(reset.before)).toEqual({ mustChangePassword: false, failedLogins: 0, lockedUntil: null });
    expect(json(reset.after)).toEqual({ userId, passwordHash: '[redacted]', mustChangePassword: false });
    const ended = await lastOf(store, 'revokeUserSessions');
    const endedIds = (json(ended.before) as { id: string }[]).map((s) => s.id);
    expect(endedIds.sort()).toEqual([session1.session.id, session2.session.id].sort());
    expect(json(ended.before)).toContainEqual({
      id: session1.session.id,
      createdAt: session1.session.createdAt,
      lastSeenAt: session1.session.lastSeenAt,
      expiresAt: session1.session.expiresAt,
      revokedAt: null,
    });

    await setAccountDisabled(w.ctx, email, true);
    const disabled = await lastOf(store, 'setUserDisabled');
    expect(json(disabled.before)).toEqual({ email, disabled: false });
    expect(json(disabled.after)).toEqual([userId, true]);

    // Removing a role, through the store's transaction directly.
    await store.transaction(async (tx) => ({
      commit: true,
      value: await tx.deleteMembership(userId, issuerId, 'auditor'),
    }));
    const removed = await lastOf(store, 'deleteMembership');
    expect(removed).toMatchObject({ issuerId, entityId: userId });
    expect(json(removed.before)).toMatchObject({
      userId,
      issuerId,
      role: 'auditor',
      validFrom: null,
      validTo: null,
      createdBy: 'os:operator',
    });
    expect(json(removed.after)).toEqual([userId, issuerId, 'auditor']);

    // Nothing secret anywhere: not in the events, not in the sealed chain's JSON or CSV export.
    const secondHash = (await store.getUser(userId))?.passwordHash ?? '';
    expect(secondHash).not.toBe(firstHash);
    const secrets = [
      firstHash,
      secondHash,
      token.token,
      tokenHash(token.token),
      session1.token,
      tokenHash(session1.token),
      session2.token,
      tokenHash(session2.token),
    ];
    const ring = keyring();
    await sealAudit(store, ring);
    const issuers = (await store.listAuditHeads()).map((h) => h.issuerId);
    expect(issuers).toContain(issuerId);
    let exported = '';
    for (const id of issuers) {
      exported += await exportAudit(store, ring, id, 'json');
      exported += await exportAudit(store, ring, id, 'csv');
    }
    for (const action of ['setPassword', 'revokeUserSessions', 'insertUser', 'insertSession']) {
      expect(exported).toContain(action);
    }
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(20);
      expect(exported).not.toContain(secret);
    }
    expect(exported).not.toContain('$argon2');
  });
});
