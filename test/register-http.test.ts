import { expect, it } from 'vitest';
import { seedAgreementInput } from '../src/demo/seed.js';
import { world } from './support/context.js';
import { describeEachEngine } from './support/engines.js';
import { testServer } from './support/http.js';
import { BASELINE_FIGURES, seedParties, seedRelationships } from './support/register-seed.js';

describeEachEngine('the register over HTTP', (open) => {
  it('records the seed register, figures, rates, the agreement and its board resolution, then classifies it', async () => {
    const w = await world(await open(), '2025-07-29');
    const app = await testServer(w.ctx, w.actor.issuerId);
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

    const agreement = await post('/api/v1/agreements', seedAgreementInput());
    expect(agreement.statusCode).toBe(201);
    const agreementId = agreement.json<{ id: string }>().id;
    const issuerId = w.actor.issuerId;

    const badBatch = await post('/api/v1/register', {
      relationships: [{ kind: 'shareholding', holder: 'nobody', company: issuerId, percent: '120' }],
    });
    expect(badBatch.statusCode).toBe(422);
    expect(badBatch.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['relationships[0].holder', 'relationships[0].percent']),
    );
    expect((await app.inject({ method: 'GET', url: '/api/v1/register' })).json()).toEqual({
      parties: [],
      relationships: [],
    });

    expect((await post('/api/v1/register', { parties: seedParties(issuerId) })).statusCode).toBe(201);
    expect((await post('/api/v1/register', { relationships: seedRelationships(issuerId) })).statusCode).toBe(
      201,
    );
    expect(
      (
        await post('/api/v1/issuer-figures', {
          asOf: '2025-06-30',
          figures: BASELINE_FIGURES,
          source: '§15 baseline',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await post('/api/v1/fx-rates', {
          from: 'CNY',
          to: 'HKD',
          date: '2025-07-28',
          rate: '1.08',
          source: 'fixture',
        })
      ).statusCode,
    ).toBe(201);
    const resolution = await post('/api/v1/board-resolutions', {
      meetingDate: '2025-07-29',
      reference: 'Board minutes 2025-07-29',
      directorsPresent: ['lei-jun', 'zou-tao', 'zhang-duo', 'yu-mingto', 'wang-hang', 'qu-jingyuan'],
      votes: [
        { personId: 'lei-jun', vote: 'abstain' },
        { personId: 'zhang-duo', vote: 'abstain' },
        { personId: 'zou-tao', vote: 'for' },
        { personId: 'yu-mingto', vote: 'for' },
        { personId: 'wang-hang', vote: 'for' },
        { personId: 'qu-jingyuan', vote: 'for' },
      ],
      agreementIds: [agreementId],
    });
    expect(resolution.statusCode).toBe(201);
    expect(resolution.json<{ flagged: boolean }>().flagged).toBe(false);

    const detail = (await app.inject({ method: 'GET', url: `/api/v1/agreements/${agreementId}` })).json<{
      boardResolutions: { reference: string; approves: boolean; violations: unknown[] }[];
    }>();
    expect(detail.boardResolutions).toEqual([
      expect.objectContaining({ reference: 'Board minutes 2025-07-29', approves: true, violations: [] }),
    ]);

    const result = await app.inject({ method: 'GET', url: '/api/v1/classifications?asOf=2025-07-29' });
    expect(result.statusCode).toBe(200);
    const body = result.json<{
      parties: { id: string; connected: boolean }[];
      agreements: { id: string; tier: string; boardApproved: boolean }[];
      aggregates: { numerator: { amount: string; currency: string } }[];
    }>();
    expect(body.parties.find((p) => p.id === 'xiaomi')?.connected).toBe(true);
    expect(body.agreements).toEqual([
      expect.objectContaining({
        id: agreementId,
        tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
        boardApproved: true,
      }),
    ]);
    expect(body.aggregates[0]?.numerator).toMatchObject({ amount: '88700000.00', currency: 'CNY' });
  });
});
