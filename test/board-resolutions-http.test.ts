/**
 * GET /api/v1/board-resolutions: the resolutions as minuted, with who had to abstain and why (Rule
 * 13.44), the votes that breached it, and whether each resolution counts as the board's approval.
 * A director who must abstain on an agreement sees a notice in place of the resolution's papers.
 */
import { expect, it } from 'vitest';
import { RECUSED_MESSAGE } from '../src/app/recusal.js';
import { createToken } from '../src/app/tokens.js';
import { addUser } from '../src/app/users.js';
import { world } from './support/context.js';
import { describeEachEngine } from './support/engines.js';
import { TEST_PASSWORD, testServer } from './support/http.js';
import { DIRECTORS, recordSeedCase } from './support/register-seed.js';

interface Item {
  readonly id: string;
  readonly reference?: string;
  readonly meetingDate: string;
  readonly flagged?: boolean;
  readonly violations?: readonly { personId: string; rule: string }[];
  readonly approval?: readonly { agreementId: string; approved: boolean }[];
  readonly mustAbstain?: readonly { agreementId: string; personId: string; reasons: { rule: string }[] }[];
  readonly withheld?: { reason: string; rule: string; personId: string; message: string };
}

describeEachEngine('board resolutions over HTTP', (open) => {
  it('lists each resolution with who had to abstain and why, and flags a vote that breached 13.44', async () => {
    const w = await world(await open(), '2026-03-15');
    const app = await testServer(w.ctx, w.actor.issuerId);
    const list = async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/board-resolutions' });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: Item[] }>().items;
    };
    expect(await list()).toEqual([]);

    const { agreement } = await recordSeedCase(w);
    const record = (reference: string, leiVotes: 'abstain' | 'for') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/board-resolutions',
        payload: {
          meetingDate: '2025-07-29',
          reference,
          directorsPresent: DIRECTORS,
          votes: DIRECTORS.map((d) => ({
            personId: d,
            vote: d === 'zhang-duo' ? 'abstain' : d === 'lei-jun' ? leiVotes : 'for',
          })),
          agreementIds: [agreement.id],
        },
      });
    expect((await record('Board minutes 2025-07-29', 'abstain')).statusCode).toBe(201);
    expect((await record('Board minutes 2025-07-29 (draft, Lei Jun voted)', 'for')).statusCode).toBe(201);

    const [proper, breached, ...rest] = await list();
    expect(rest).toEqual([]);
    expect(proper).toMatchObject({
      reference: 'Board minutes 2025-07-29',
      meetingDate: '2025-07-29',
      flagged: false,
      violations: [],
      approval: [{ agreementId: agreement.id, approved: true }],
    });
    // Lei Jun (director and 20% shareholder of Xiaomi) and Zhang Duo (director of Xiaomi), with reasons.
    expect(proper?.mustAbstain?.map((m) => m.personId).sort()).toEqual(['lei-jun', 'zhang-duo']);
    for (const m of proper?.mustAbstain ?? []) {
      expect(m.agreementId).toBe(agreement.id);
      expect(m.reasons.length).toBeGreaterThan(0);
      expect(m.reasons.every((r) => r.rule === '13.44')).toBe(true);
    }
    expect(breached).toMatchObject({
      flagged: true,
      violations: [expect.objectContaining({ personId: 'lei-jun', rule: '13.44' })],
      approval: [{ agreementId: agreement.id, approved: false }],
    });
  });

  it('withholds the papers from a director who must abstain, with a notice; refuses a reader without a role', async () => {
    const w = await world(await open(), '2026-03-15');
    const app = await testServer(w.ctx, w.actor.issuerId);
    const { agreement } = await recordSeedCase(w);
    const posted = await app.inject({
      method: 'POST',
      url: '/api/v1/board-resolutions',
      payload: {
        meetingDate: '2025-07-29',
        reference: 'Board minutes 2025-07-29',
        directorsPresent: DIRECTORS,
        votes: DIRECTORS.map((d) => ({
          personId: d,
          vote: d === 'lei-jun' || d === 'zhang-duo' ? 'abstain' : 'for',
        })),
        agreementIds: [agreement.id],
      },
    });
    expect(posted.statusCode).toBe(201);
    const { id } = posted.json<{ id: string }>();

    const email = 'lei.jun@test.invalid';
    await addUser(w.ctx, 'test-setup', {
      email,
      password: TEST_PASSWORD,
      issuerId: w.actor.issuerId,
      role: 'director',
      personId: 'lei-jun',
    });
    const { token } = await createToken(w.ctx, { email, issuerId: w.actor.issuerId });
    const asLei = await app.inject({
      method: 'GET',
      url: '/api/v1/board-resolutions',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asLei.statusCode).toBe(200);
    expect(asLei.json<{ items: Item[] }>().items).toEqual([
      {
        id,
        meetingDate: '2025-07-29',
        agreementIds: [agreement.id],
        withheld: { reason: 'RECUSED', rule: '13.44', personId: 'lei-jun', message: RECUSED_MESSAGE },
      },
    ]);
    expect(asLei.body).not.toContain('Board minutes');

    const nobody = await app.inject({
      method: 'GET',
      url: '/api/v1/board-resolutions',
      headers: { authorization: 'Bearer alt_not-a-token' },
    });
    expect(nobody.statusCode).toBe(401);
  });
});
