import { expect, it } from 'vitest';
import { seedAgreementInput } from '../src/demo/seed.js';
import { world } from './support/context.js';
import { describeEachEngine } from './support/engines.js';
import { testServer } from './support/http.js';
import { BASELINE_FIGURES } from './support/register-seed.js';

describeEachEngine('a PRC issuer through the API (Rule 14A.15)', (open) => {
  it('connects a joint-venture partner of a director only once the issuer is marked a PRC issuer', async () => {
    const w = await world(await open(), '2025-07-29');
    const app = await testServer(w.ctx, w.actor.issuerId);
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
    const agreement = {
      ...seedAgreementInput(),
      counterparty: { name: 'JV Partner Co', partyId: 'partner' },
    };
    expect((await post('/api/v1/agreements', agreement)).statusCode).toBe(201);
    const issuerId = w.actor.issuerId;
    expect(
      (
        await post('/api/v1/register', {
          parties: [
            { id: 'director', kind: 'individual', name: 'A Director' },
            { id: 'jv', kind: 'company', name: 'Contractual JV Co' },
            { id: 'partner', kind: 'company', name: 'JV Partner Co' },
          ],
          relationships: [
            { kind: 'director', person: 'director', company: issuerId },
            {
              kind: 'joint-venture-participation',
              participant: 'director',
              jv: 'jv',
              jvType: 'contractual',
              percent: '35',
            },
            {
              kind: 'joint-venture-participation',
              participant: 'partner',
              jv: 'jv',
              jvType: 'contractual',
              percent: '65',
            },
          ],
        })
      ).statusCode,
    ).toBe(201);
    await post('/api/v1/issuer-figures', {
      asOf: '2025-06-30',
      figures: BASELINE_FIGURES,
      source: '§15 baseline',
    });
    await post('/api/v1/fx-rates', {
      from: 'CNY',
      to: 'HKD',
      date: '2025-07-28',
      rate: '1.08',
      source: 'fixture',
    });
    const partner = async () =>
      (await app.inject({ method: 'GET', url: '/api/v1/classifications?asOf=2025-07-29' }))
        .json<{ parties: { id: string; connected: boolean; basis: { rule: string }[] }[] }>()
        .parties.find((p) => p.id === 'partner');

    expect((await partner())?.connected).toBe(false);
    const bad = await app.inject({
      method: 'PATCH',
      url: `/api/v1/issuers/${issuerId}`,
      payload: { prcIssuer: 'yes' },
    });
    expect(bad.statusCode).toBe(422);
    const marked = await app.inject({
      method: 'PATCH',
      url: `/api/v1/issuers/${issuerId}`,
      payload: { prcIssuer: true },
    });
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toMatchObject({ id: issuerId, prcIssuer: true });
    const after = await partner();
    expect(after?.connected).toBe(true);
    expect(after?.basis.map((b) => b.rule)).toContain('14A.15');
  });
});
