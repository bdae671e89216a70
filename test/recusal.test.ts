/**
 * Issue 6, item 5: interested directors. A director who must abstain on an agreement (Rule 13.44,
 * issue 3's check: Lei Jun is a director and 20% shareholder of Xiaomi, the counterparty) does not see
 * its quotes, evidence or board papers; each is replaced by a notice saying so, and the recusal is
 * recorded once and shown to the company secretary and the auditor. A director with no interest
 * (Zou Tao) sees everything.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { recordBoardResolution } from '../src/app/board-resolutions.js';
import type { AppContext } from '../src/app/context.js';
import { escalateAll } from '../src/app/escalations.js';
import { recordAgreementEvidence, sha256Hex, uploadEvidence } from '../src/app/evidence.js';
import type { Actor } from '../src/app/ports.js';
import { recordOrder } from '../src/app/record-order.js';
import { RECUSED_MESSAGE } from '../src/app/recusal.js';
import { createToken } from '../src/app/tokens.js';
import { addUser } from '../src/app/users.js';
import type { Role } from '../src/domain/authz/index.js';
import { calendarDate } from '../src/domain/index.js';
import { buildServer } from '../src/http/server.js';
import { describeEachEngine } from './support/engines.js';
import { world } from './support/context.js';
import { TEST_PASSWORD, tokenFor } from './support/http.js';
import { withQuotes } from './support/pricing.js';
import { DIRECTORS, recordSeedCase } from './support/register-seed.js';

type Json = Record<string, unknown>;

const WITHHELD = (personId: string) => ({
  reason: 'RECUSED',
  rule: '13.44',
  personId,
  message: RECUSED_MESSAGE,
});

/** A user who is `personId` in the issuer's register, holding `roles` there; returns a token and the user id. */
async function personUser(
  ctx: AppContext,
  issuerId: string,
  email: string,
  personId: string,
  roles: readonly Role[] = ['director', 'ined'],
): Promise<{ token: string; userId: string }> {
  let userId = '';
  for (const role of roles)
    userId = (await addUser(ctx, 'test-setup', { email, password: TEST_PASSWORD, issuerId, role, personId }))
      .user.id;
  return { token: (await createToken(ctx, { email, issuerId })).token, userId };
}

/**
 * The seed case (register, agreement with counterparty "xiaomi"), a board resolution approving it with
 * Lei Jun and Zhang Duo abstaining, an order with quotes citing an uploaded file, agreement evidence
 * citing another, and an escalation of a 2026 cap reviewed by senior management.
 */
async function seeded(store: Parameters<typeof world>[0]) {
  const w = await world(store, '2026-03-15');
  const { agreement } = await recordSeedCase(w);
  await recordBoardResolution(w.ctx, w.actor, {
    meetingDate: '2025-07-29',
    reference: 'Board minutes 2025-07-29',
    directorsPresent: DIRECTORS,
    votes: DIRECTORS.map((d) => ({
      personId: d,
      vote: d === 'lei-jun' || d === 'zhang-duo' ? 'abstain' : 'for',
    })),
    agreementIds: [agreement.id],
  });
  const quoteFile = new TextEncoder().encode('Xiaomi quotation: RMB1,000,000.00 for IDC services');
  const termsFile = new TextEncoder().encode('Xiaomi price list to independent customers');
  const unrelated = new TextEncoder().encode('An office lease, cited on nothing');
  for (const [bytes, filename] of [
    [quoteFile, 'quote.txt'],
    [termsFile, 'terms.txt'],
    [unrelated, 'lease.txt'],
  ] as const)
    await uploadEvidence(w.ctx, w.actor, {
      bytes,
      mediaType: 'text/plain',
      filename,
      issuedOn: '2026-03-01',
    });
  const order = withQuotes({
    agreementId: agreement.id,
    categoryKey: 'idc-services',
    reference: 'PO-RECUSAL',
    signedOn: '2026-03-10',
    schedule: [{ date: '2026-06-01', amount: '1000000.00', currency: 'CNY' }],
  });
  const placed = await recordOrder(w.ctx, w.actor, {
    ...order,
    pricing: {
      ...order.pricing,
      connectedQuote: { ...order.pricing.connectedQuote, evidence: [sha256Hex(quoteFile)] },
    },
  });
  expect(placed.statusCode, JSON.stringify(placed.body)).toBe(201);
  const orderId = (placed.body as { id: string }).id;
  await recordAgreementEvidence(w.ctx, w.actor, agreement.id, {
    kind: 'connected-party-terms-to-third-parties',
    summary: 'Xiaomi charges independent customers more',
    evidence: [sha256Hex(termsFile)],
  });
  const record = await store.getAgreement(w.actor.issuerId, agreement.id);
  const cap = record?.caps.find((c) => c.periodStart === '2026-01-01' && c.currency === 'CNY');
  if (!record || !cap) throw new Error('no 2026 cap');
  const [escalation] = await escalateAll(w.ctx, w.actor.issuerId, [
    {
      agreement: record,
      cap,
      capMinor: cap.amountMinor,
      projectedMinor: cap.amountMinor + 1n,
      asOf: calendarDate('2026-03-15'),
      forecast: { projected: String(cap.amountMinor + 1n), method: 'synthetic' },
    },
  ]);
  if (!escalation) throw new Error('no escalation');
  const app = await buildServer({ ctx: w.ctx });
  const as =
    (token: string) =>
    (url: string, method: 'GET' | 'POST' = 'GET', payload?: Json): Promise<LightMyRequestResponse> =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
  // Senior management reviews it, so that the board may decide.
  const sm = as(await tokenFor(w.ctx, w.actor.issuerId, ['senior-management']));
  expect(
    (await sm(`/api/v1/escalations/${escalation.id}/review`, 'POST', { notes: 'Forecast RMB over the cap' }))
      .statusCode,
  ).toBe(200);
  return {
    w,
    app,
    as,
    agreementId: agreement.id,
    orderId,
    escalationId: escalation.id,
    quoteSha: sha256Hex(quoteFile),
    termsSha: sha256Hex(termsFile),
    unrelatedSha: sha256Hex(unrelated),
  };
}

const recusalRows = async (w: { ctx: AppContext; actor: Actor }, agreementId: string) =>
  w.ctx.store.listRecusals(w.actor.issuerId, agreementId);

describeEachEngine('interested directors: recusal (13.44, issue 6 item 5)', (open) => {
  it('withholds quotes, evidence and board papers from the interested director, with a notice, and records the recusal once', async () => {
    const s = await seeded(await open());
    const { w, as, agreementId, orderId } = s;
    try {
      const lei = await personUser(w.ctx, w.actor.issuerId, 'lei.jun@test.invalid', 'lei-jun');
      const zou = await personUser(w.ctx, w.actor.issuerId, 'zou.tao@test.invalid', 'zou-tao');
      const asLei = as(lei.token);
      const asZou = as(zou.token);

      // The director with no interest sees the quotes, the files and the board papers.
      const zouOrder = await asZou(`/api/v1/orders/${orderId}`);
      expect(zouOrder.statusCode, zouOrder.body).toBe(200);
      expect(zouOrder.json<Json>()['pricing']).toMatchObject({ connectedQuote: { amount: '1000000.00' } });
      expect(zouOrder.json<{ evidence: Json[] }>().evidence.map((e) => e['sha256'])).toEqual([s.quoteSha]);
      expect(zouOrder.json<Json>()).not.toHaveProperty('withheld');
      const zouAgreement = await asZou(`/api/v1/agreements/${agreementId}`);
      expect(zouAgreement.json<{ boardResolutions: Json[] }>().boardResolutions).toHaveLength(1);
      expect(zouAgreement.json<Json>()).not.toHaveProperty('withheld');
      expect(
        (await asZou(`/api/v1/agreements/${agreementId}/evidence`)).json<{ items: Json[] }>().items,
      ).toHaveLength(1);
      for (const sha of [s.quoteSha, s.termsSha]) {
        expect((await asZou(`/api/v1/evidence/${sha}`)).statusCode).toBe(200);
        expect((await asZou(`/api/v1/evidence/${sha}/content`)).statusCode).toBe(200);
      }
      expect((await asZou(`/api/v1/escalations/${s.escalationId}`)).json<Json>()).toMatchObject({
        forecast: { method: 'synthetic' },
        steps: [
          { step: 'raised', reason: expect.stringContaining('exceeds the cap') as unknown },
          { notes: 'Forecast RMB over the cap' },
        ],
      });
      expect(await recusalRows(w, agreementId)).toEqual([]);

      // Lei Jun (a director and 20% shareholder of Xiaomi) must abstain: each part is withheld, saying so.
      const leiOrder = await asLei(`/api/v1/orders/${orderId}`);
      expect(leiOrder.statusCode, leiOrder.body).toBe(200);
      expect(leiOrder.json<Json>()).toMatchObject({
        id: orderId,
        reference: 'PO-RECUSAL',
        pricing: null,
        evidence: [],
        withheld: WITHHELD('lei-jun'),
      });
      expect(leiOrder.body).not.toContain(s.quoteSha);
      // The ledger is not withheld: the schedule and what the order holds in the cap.
      expect(leiOrder.json<{ schedule: Json[] }>().schedule).toHaveLength(1);

      const leiAgreement = await asLei(`/api/v1/agreements/${agreementId}`);
      expect(leiAgreement.json<Json>()).toMatchObject({
        id: agreementId,
        boardResolutions: [],
        withheld: WITHHELD('lei-jun'),
      });
      const leiEvidence = await asLei(`/api/v1/agreements/${agreementId}/evidence`);
      expect(leiEvidence.statusCode).toBe(200);
      expect(leiEvidence.json<Json>()).toEqual({ items: [], withheld: WITHHELD('lei-jun') });

      for (const sha of [s.quoteSha, s.termsSha]) {
        for (const url of [`/api/v1/evidence/${sha}`, `/api/v1/evidence/${sha}/content`]) {
          const refused = await asLei(url);
          expect(refused.statusCode, url).toBe(403);
          expect(refused.json<Json>()['code']).toBe('RECUSED');
          expect(refused.body).not.toContain('Xiaomi quotation');
        }
      }
      // A file cited on nothing is not withheld; one not uploaded is still 404.
      expect((await asLei(`/api/v1/evidence/${s.unrelatedSha}`)).statusCode).toBe(200);
      expect((await asLei(`/api/v1/evidence/${'0'.repeat(64)}`)).statusCode).toBe(404);

      const leiEscalation = await asLei(`/api/v1/escalations/${s.escalationId}`);
      expect(leiEscalation.json<Json>()).toMatchObject({
        id: s.escalationId,
        status: 'reviewed',
        forecast: null,
        steps: [
          { seq: 1, step: 'raised', reason: null, notes: null },
          { seq: 2, step: 'reviewed', reason: null, notes: null },
        ],
        withheld: WITHHELD('lei-jun'),
      });
      expect(leiEscalation.body).not.toContain('synthetic');
      const leiList = (await asLei('/api/v1/escalations')).json<{ items: Json[] }>().items;
      expect(leiList[0]).toMatchObject({ forecast: null, withheld: WITHHELD('lei-jun') });

      // The cap-insufficiency alert carries the same forecast: withheld from them, shown to the other.
      const leiAlerts = (await asLei('/api/v1/alerts?kind=CAP_INSUFFICIENT')).json<{ items: Json[] }>().items;
      expect(leiAlerts.length).toBeGreaterThan(0);
      for (const alert of leiAlerts)
        expect(alert).toMatchObject({ details: {}, withheld: WITHHELD('lei-jun') });
      expect(JSON.stringify(leiAlerts)).not.toContain('synthetic');
      const zouAlerts = (await asZou('/api/v1/alerts?kind=CAP_INSUFFICIENT')).json<{ items: Json[] }>().items;
      expect(zouAlerts[0]).not.toHaveProperty('withheld');
      expect(Object.keys(zouAlerts[0]?.['details'] as Json).length).toBeGreaterThan(0);

      // They take no part in the board's decision; nothing is decided.
      const decided = await asLei(`/api/v1/escalations/${s.escalationId}/decision`, 'POST', {
        decision: 'no-action',
        reason: 'the forecast is pessimistic',
      });
      expect(decided.statusCode, decided.body).toBe(403);
      expect(decided.json<Json>()['code']).toBe('RECUSED');
      expect((await w.ctx.store.getEscalation(w.actor.issuerId, s.escalationId))?.status).toBe('reviewed');

      // Recorded once, however often they read.
      const rows = await recusalRows(w, agreementId);
      expect(rows).toEqual([
        expect.objectContaining({
          agreementId,
          userId: lei.userId,
          personId: 'lei-jun',
          reasons: expect.arrayContaining([
            expect.stringContaining('Xiaomi Corporation, the counterparty'),
          ]) as unknown,
        }),
      ]);

      // The director with no interest decides.
      const byZou = await asZou(`/api/v1/escalations/${s.escalationId}/decision`, 'POST', {
        decision: 'no-action',
        reason: 'the forecast is pessimistic',
      });
      expect(byZou.statusCode, byZou.body).toBe(200);
      expect(await recusalRows(w, agreementId)).toHaveLength(1);

      // The company secretary and the auditor see who recused (recorded, not hidden).
      const recusals = [
        {
          userId: lei.userId,
          personId: 'lei-jun',
          reasons: rows[0]?.reasons,
          recordedAt: rows[0]?.recordedAt,
        },
      ];
      for (const roles of [['company-secretary'], ['auditor']] as const) {
        const reader = as(await tokenFor(w.ctx, w.actor.issuerId, roles));
        const view = (await reader(`/api/v1/agreements/${agreementId}`)).json<Json>();
        expect(view['recusals']).toEqual(recusals);
        expect(view['boardResolutions']).toHaveLength(1);
      }
      expect((await asZou(`/api/v1/agreements/${agreementId}`)).json<Json>()['recusals']).toEqual(recusals);

      // And in the audit log: one entry, made by Lei Jun's own request.
      const auditor = as(await tokenFor(w.ctx, w.actor.issuerId, ['auditor']));
      const log = JSON.parse((await auditor('/api/v1/audit?format=json')).body) as {
        entries: { action: string; entity: string; actor: string; after: string | null }[];
      };
      const entries = log.entries.filter((e) => e.entity === 'recusal');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'insertRecusal', actor: lei.userId });
      expect(entries[0]?.after).toContain('lei-jun');
    } finally {
      await s.app.close();
    }
  });

  it('a user linked to no one, or to a director with no interest, is never recused; the link is checked against the register', async () => {
    const s = await seeded(await open());
    const { w, as, agreementId, orderId } = s;
    try {
      // Holding director and ined but linked to no one in the register: nothing withheld, nothing recorded.
      const plain = as(await tokenFor(w.ctx, w.actor.issuerId, ['director', 'ined']));
      expect((await plain(`/api/v1/orders/${orderId}`)).json<Json>()['pricing']).not.toBeNull();
      expect((await plain(`/api/v1/evidence/${s.quoteSha}/content`)).statusCode).toBe(200);
      expect(await recusalRows(w, agreementId)).toEqual([]);

      // Zhang Duo is a director of Xiaomi: recused too, on the same agreement, as their own entry.
      const zhang = await personUser(w.ctx, w.actor.issuerId, 'zhang.duo@test.invalid', 'zhang-duo', [
        'director',
      ]);
      expect((await as(zhang.token)(`/api/v1/orders/${orderId}`)).json<Json>()['withheld']).toEqual(
        WITHHELD('zhang-duo'),
      );

      const grant = (personId: string, email = 'someone@test.invalid') =>
        addUser(w.ctx, 'test-setup', {
          email,
          password: TEST_PASSWORD,
          issuerId: w.actor.issuerId,
          role: 'director',
          personId,
        });
      await expect(grant('no-such-person')).rejects.toMatchObject({
        kind: 'invalid_input',
        details: { errors: [expect.objectContaining({ path: 'personId' })] },
      });
      await expect(grant('xiaomi')).rejects.toMatchObject({
        details: {
          errors: [
            expect.objectContaining({
              path: 'personId',
              message: expect.stringContaining('not an individual') as unknown,
            }),
          ],
        },
      });
      // One user is one person at an issuer.
      await expect(
        addUser(w.ctx, 'test-setup', {
          email: 'zhang.duo@test.invalid',
          issuerId: w.actor.issuerId,
          role: 'ined',
          personId: 'lei-jun',
        }),
      ).rejects.toMatchObject({ details: { errors: [expect.objectContaining({ path: 'personId' })] } });

      // The admin links a user over the API (POST /api/v1/users with personId), and the member view shows it.
      const admin = as(await tokenFor(w.ctx, w.actor.issuerId, ['admin']));
      const granted = await admin('/api/v1/users', 'POST', {
        email: 'wang.hang@test.invalid',
        role: 'director',
        password: TEST_PASSWORD,
        personId: 'wang-hang',
      });
      expect(granted.statusCode, granted.body).toBe(201);
      expect(granted.json<Json>()).toMatchObject({
        member: { roles: [{ role: 'director', personId: 'wang-hang' }] },
      });
      const refused = await admin('/api/v1/users', 'POST', {
        email: 'nobody@test.invalid',
        role: 'director',
        password: TEST_PASSWORD,
        personId: 'nobody',
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('personId');
      expect(
        (await w.ctx.store.listMemberships(granted.json<{ member: { id: string } }>().member.id))[0]
          ?.personId,
      ).toBe('wang-hang');
    } finally {
      await s.app.close();
    }
  });
});
