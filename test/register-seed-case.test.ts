/**
 * Issue 3 through the store: the register, the issuer's figures, agreement facts and board
 * resolutions, and the classification of stored agreements — the seed case (digest §15) on both
 * engines.
 */
import { expect, it } from 'vitest';
import { recordAgreementFacts } from '../src/app/agreement-facts.js';
import { recordBoardResolution } from '../src/app/board-resolutions.js';
import { classifyAgreements } from '../src/app/classify-agreements.js';
import { createAgreement } from '../src/app/create-agreement.js';
import { recordIssuerFigures } from '../src/app/issuer-figures.js';
import { recordFxRate } from '../src/app/record-fx-rate.js';
import { getRegister, recordRegister } from '../src/app/register.js';
import { reviseCap } from '../src/app/revise-cap.js';
import { terminateCategory } from '../src/app/terminate-category.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { describeEachEngine } from './support/engines.js';
import { seedAgreement, world } from './support/context.js';
import {
  BASELINE_FIGURES,
  DIRECTORS,
  recordSeedCase,
  seedParties,
  seedRelationships,
} from './support/register-seed.js';

/** The AppError's field errors, or a failure if the promise did not reject with invalid_input. */
async function invalidPaths(p: Promise<unknown>): Promise<{ path: string; message: string }[]> {
  const e: unknown = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toMatchObject({ kind: 'invalid_input' });
  return (e as { details: { errors: { path: string; message: string }[] } }).details.errors;
}

const vote = (personId: string, v: 'for' | 'against' | 'abstain') => ({ personId, vote: v });

describeEachEngine('register: the seed case classified from the store', (open) => {
  it('finds Xiaomi connected under 14A.07(1), tier EXEMPT_FROM_SHAREHOLDERS_APPROVAL, aggregate RMB 88.7m', async () => {
    const w = await world(await open(), '2025-07-29');
    const { agreement } = await recordSeedCase(w);
    const result = await classifyAgreements(w.ctx, w.actor);
    expect(result.asOf).toBe('2025-07-29');

    const xiaomi = result.parties.find((p) => p.id === 'xiaomi');
    expect(xiaomi?.connected).toBe(true);
    expect(xiaomi?.basis.map((b) => b.rule)).toContain('14A.07(1)');
    expect(xiaomi?.basis.map((b) => b.text).join(' ')).toContain('11.12%');

    expect(result.agreements).toHaveLength(1);
    const a = result.agreements[0];
    expect(a?.id).toBe(agreement.id);
    expect(a?.tier).toBe('EXEMPT_FROM_SHAREHOLDERS_APPROVAL');
    expect(a?.counterparty).toBe('xiaomi');
    expect(a?.interestedDirectors.map((d) => d.id).sort()).toEqual(['lei-jun', 'zhang-duo']);
    expect(a?.facts).toEqual({ normalCommercialTerms: true, inedConfirmed: false, source: 'default' });
    expect(a?.boardApproved).toBe(false);
    expect(result.assumptions.join(' ')).toContain('normal commercial terms');

    expect(result.aggregates).toHaveLength(1);
    expect(result.aggregates[0]?.numerator).toMatchObject({ amount: '88700000.00', currency: 'CNY' });
    expect(result.aggregates[0]?.agreementIds).toEqual([agreement.id]);
    expect(result.fxRates).toEqual([
      { from: 'CNY', to: 'HKD', rate: '1.08', date: '2025-07-28', source: 'digest test fixture' },
    ]);
    expect(result.figures).toMatchObject({ asOf: '2025-06-30' });
    // The API body: JSON without loss (no bigint anywhere).
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('keeps the register as recorded, and takes a party repeated exactly as a no-op but a different one as a conflict', async () => {
    const w = await world(await open(), '2025-07-29');
    const { parties, relationships } = await recordSeedCase(w);
    expect(parties.parties).toEqual(seedParties(w.actor.issuerId).map((p) => p.id));
    expect(relationships.relationships).toHaveLength(seedRelationships(w.actor.issuerId).length);

    const register = await getRegister(w.ctx, w.actor);
    expect(register.parties.map((p) => p.body)).toEqual(seedParties(w.actor.issuerId));
    expect(register.relationships.map((r) => r.body)).toEqual(seedRelationships(w.actor.issuerId));
    expect(register.relationships.map((r) => r.id)).toEqual(relationships.relationships);

    const again = await recordRegister(w.ctx, w.actor, {
      parties: [
        { id: 'xiaomi', name: { 'zh-Hant': '小米集團', en: 'Xiaomi Corporation' }, kind: 'company' },
        { id: 'xiaomi-finance', kind: 'company', name: 'Xiaomi Finance' },
      ],
      relationships: [{ kind: 'shareholding', holder: 'xiaomi', company: 'xiaomi-finance', percent: '100' }],
    });
    expect(again).toMatchObject({ parties: ['xiaomi-finance'], unchangedParties: ['xiaomi'] });

    await expect(
      recordRegister(w.ctx, w.actor, { parties: [{ id: 'xiaomi', kind: 'trust', name: 'Xiaomi Trust' }] }),
    ).rejects.toMatchObject({ kind: 'conflict', details: { code: 'PARTY_EXISTS' } });
    expect((await getRegister(w.ctx, w.actor)).parties).toHaveLength(seedParties('x').length + 1);
  });

  it('flags a resolution where Lei Jun votes for (13.44) and counts only the one where he abstains as approval', async () => {
    const w = await world(await open(), '2025-07-29');
    const { agreement } = await recordSeedCase(w);
    const flagged = await recordBoardResolution(w.ctx, w.actor, {
      meetingDate: '2025-07-29',
      reference: 'Board minutes 2025-07-29 (1)',
      directorsPresent: DIRECTORS,
      votes: DIRECTORS.map((d) => vote(d, d === 'zhang-duo' ? 'abstain' : 'for')),
      agreementIds: [agreement.id],
    });
    expect(flagged.flagged).toBe(true);
    expect(flagged.violations).toEqual([
      expect.objectContaining({ agreementId: agreement.id, personId: 'lei-jun', rule: '13.44' }),
    ]);
    expect(flagged.approval).toEqual([{ agreementId: agreement.id, approved: false }]);

    const before = await classifyAgreements(w.ctx, w.actor, { agreementId: agreement.id });
    expect(before.agreements[0]).toMatchObject({
      boardApproved: false,
      resolutions: [
        { id: flagged.id, approves: false, violations: [{ personId: 'lei-jun', rule: '13.44' }] },
      ],
    });

    const clean = await recordBoardResolution(w.ctx, w.actor, {
      meetingDate: '2025-07-29',
      reference: 'Board minutes 2025-07-29 (2)',
      directorsPresent: DIRECTORS,
      votes: DIRECTORS.map((d) => vote(d, d === 'zhang-duo' || d === 'lei-jun' ? 'abstain' : 'for')),
      agreementIds: [agreement.id],
    });
    expect(clean).toMatchObject({ flagged: false, violations: [] });
    expect(clean.approval).toEqual([{ agreementId: agreement.id, approved: true }]);

    await recordAgreementFacts(w.ctx, w.actor, agreement.id, {
      normalCommercialTerms: true,
      inedConfirmed: true,
    });
    const after = await classifyAgreements(w.ctx, w.actor, { agreementId: agreement.id });
    const a = after.agreements[0];
    expect(a?.boardApproved).toBe(true);
    expect(a?.resolutions.map((r) => [r.id, r.approves])).toEqual([
      [flagged.id, false],
      [clean.id, true],
    ]);
    expect(a?.facts).toEqual({ normalCommercialTerms: true, inedConfirmed: true, source: 'recorded' });
    expect(after.assumptions).toEqual([]);
    expect(after.scenario['agreements']).toEqual([
      expect.objectContaining({ id: agreement.id, boardApproved: true, inedConfirmed: true }),
    ]);
    // A resolution held after the date classified is not yet the board's approval.
    const earlier = await classifyAgreements(w.ctx, w.actor, {
      asOf: '2025-07-28',
      agreementId: agreement.id,
    });
    expect(earlier.agreements[0]?.boardApproved).toBe(false);
  });

  it('does not use a relationship that ended before asOf: Xiaomi no longer a substantial shareholder is not connected', async () => {
    const w = await world(await open(), '2025-07-29');
    const { agreement } = await recordSeedCase(w, { xiaomiHoldingTo: '2025-07-28' });
    const result = await classifyAgreements(w.ctx, w.actor);
    expect(result.parties.find((p) => p.id === 'xiaomi')?.connected).toBe(false);
    expect(result.agreements[0]?.tier).toBe('NOT_CONNECTED');
    // On the last day of the holding (validity is inclusive), it counts.
    const before = await classifyAgreements(w.ctx, w.actor, {
      asOf: '2025-07-28',
      agreementId: agreement.id,
    });
    expect(before.parties.find((p) => p.id === 'xiaomi')?.connected).toBe(true);
  });

  it('classifies on the cap in force on asOf, with the latest rate on or before it', async () => {
    const w = await world(await open(), '2026-06-30');
    const { cap } = await recordSeedCase(w);
    await reviseCap(w.ctx, w.actor, cap('network-hardware', '2026-01-01').id, {
      amount: '9000000.00',
      effectiveFrom: '2026-06-01',
      approvedOn: '2026-05-20',
      reason: 'demand above plan',
      approvalReference: 'Announcement 2026-05-20',
    });
    await recordFxRate(w.ctx, w.actor, {
      from: 'CNY',
      to: 'HKD',
      date: '2026-06-01',
      rate: '1.10',
      source: 'later',
    });
    await recordFxRate(w.ctx, w.actor, {
      from: 'CNY',
      to: 'HKD',
      date: '2026-07-01',
      rate: '1.20',
      source: 'after',
    });
    const before = await classifyAgreements(w.ctx, w.actor, { asOf: '2026-05-31' });
    expect(before.aggregates[0]?.numerator).toMatchObject({ amount: '88700000.00', currency: 'CNY' });
    expect(before.fxRates.map((r) => r.rate)).toEqual(['1.08']);
    const after = await classifyAgreements(w.ctx, w.actor);
    expect(after.aggregates[0]?.numerator).toMatchObject({
      amount: '91000000.00',
      currency: 'CNY',
      amountHkd: '100100000.00',
    });
    expect(after.fxRates.map((r) => [r.rate, r.date])).toEqual([['1.10', '2026-06-01']]);
  });
});

describeEachEngine('register: invalid input writes nothing', (open) => {
  it("refuses a bad batch with the request's own paths (unknown party, percent over 100) and records none of it", async () => {
    const w = await world(await open(), '2025-07-29');
    await recordRegister(w.ctx, w.actor, { parties: seedParties(w.actor.issuerId) });
    const errors = await invalidPaths(
      recordRegister(w.ctx, w.actor, {
        parties: [
          { id: 'new-co', kind: 'company', name: 'New Co' },
          { id: 'bad-kind', kind: 'partnership', name: 'Bad Kind' },
        ],
        relationships: [
          { kind: 'shareholding', holder: 'new-co', company: w.actor.issuerId, percent: '5' },
          { kind: 'shareholding', holder: 'nobody', company: w.actor.issuerId, percent: '10' },
          { kind: 'shareholding', holder: 'xiaomi', company: 'new-co', percent: '101' },
        ],
      }),
    );
    expect(errors.map((e) => e.path).sort()).toEqual([
      'parties[1].kind',
      'relationships[1].holder',
      'relationships[2].percent',
    ]);
    expect(errors.find((e) => e.path === 'relationships[1].holder')?.message).toContain(
      '"nobody" is not a party id',
    );
    const register = await getRegister(w.ctx, w.actor);
    expect(register.parties.map((p) => p.id)).toEqual(seedParties(w.actor.issuerId).map((p) => p.id));
    expect(register.relationships).toEqual([]);
  });

  it("names the request's own index for a duplicate id within the batch", async () => {
    const w = await world(await open(), '2025-07-29');
    await recordRegister(w.ctx, w.actor, { parties: seedParties(w.actor.issuerId) });
    const errors = await invalidPaths(
      recordRegister(w.ctx, w.actor, {
        parties: [
          { id: 'twin', kind: 'company', name: 'Twin' },
          { id: 'twin', kind: 'company', name: 'Twin again' },
        ],
      }),
    );
    expect(errors).toEqual([
      { path: 'parties[1].id', message: expect.stringContaining('parties[0]') as string },
    ]);
  });

  it('refuses to classify without issuer figures, without a rate, or with a counterparty not in the register', async () => {
    const w = await world(await open(), '2025-07-29');
    await recordRegister(w.ctx, w.actor, {
      parties: seedParties(w.actor.issuerId),
      relationships: seedRelationships(w.actor.issuerId),
    });
    const { agreement } = await seedAgreement(w);
    const missing = await invalidPaths(classifyAgreements(w.ctx, w.actor));
    expect(missing.map((e) => e.path)).toEqual(['issuer.figures', 'fx']);
    expect(missing[1]?.message).toContain('CNY→HKD');

    // Figures dated after asOf are not used.
    await recordIssuerFigures(w.ctx, w.actor, {
      asOf: '2025-08-01',
      figures: BASELINE_FIGURES,
      source: 'later',
    });
    expect((await invalidPaths(classifyAgreements(w.ctx, w.actor)))[0]?.path).toBe('issuer.figures');

    await recordIssuerFigures(w.ctx, w.actor, {
      asOf: '2025-06-30',
      figures: BASELINE_FIGURES,
      source: 'baseline',
    });
    await recordFxRate(w.ctx, w.actor, {
      from: 'HKD',
      to: 'CNY',
      date: '2025-07-01',
      rate: '0.925',
      source: 'inverse',
    });
    const classified = await classifyAgreements(w.ctx, w.actor);
    expect(classified.agreements[0]?.tier).toBe('EXEMPT_FROM_SHAREHOLDERS_APPROVAL');
    expect(classified.fxRates).toMatchObject([{ from: 'HKD', to: 'CNY', rate: '0.925' }]);

    const noPartyId = await createAgreement(w.ctx, w.actor, {
      ...seedAgreementInput(),
      counterparty: { name: 'Someone Else Ltd' },
    });
    const errors = await invalidPaths(classifyAgreements(w.ctx, w.actor));
    expect(errors).toEqual([
      {
        path: `agreements[${noPartyId.id}].counterparty.partyId`,
        message: expect.stringContaining("record the counterparty's party id") as string,
      },
    ]);
    const unknownParty = await createAgreement(w.ctx, w.actor, {
      ...seedAgreementInput(),
      counterparty: { name: 'Unknown Ltd', partyId: 'unknown-ltd' },
    });
    const resolution = await invalidPaths(
      recordBoardResolution(w.ctx, w.actor, {
        meetingDate: '2025-07-29',
        reference: 'minutes',
        directorsPresent: ['lei-jun'],
        votes: [vote('lei-jun', 'abstain')],
        agreementIds: [agreement.id, unknownParty.id],
      }),
    );
    expect(resolution).toEqual([
      {
        path: 'agreementIds[1]',
        message: expect.stringContaining('counterparty: "unknown-ltd" is not a party id') as string,
      },
    ]);
    const unknown = await invalidPaths(classifyAgreements(w.ctx, w.actor, { agreementId: agreement.id }));
    expect(unknown.map((e) => e.path)).toContain(`agreements[${noPartyId.id}].counterparty.partyId`);
  });

  it('refuses issuer figures that are not decimal strings, and board resolutions naming unknown parties or agreements', async () => {
    const w = await world(await open(), '2025-07-29');
    const figures = await invalidPaths(
      recordIssuerFigures(w.ctx, w.actor, {
        asOf: '2025-06-30',
        figures: { ...BASELINE_FIGURES, totalAssets: 20000000000, marketCapitalisation: undefined },
        source: 'x',
      }),
    );
    expect(figures.map((e) => e.path).sort()).toEqual([
      'figures.marketCapitalisation',
      'figures.totalAssets',
    ]);

    await recordRegister(w.ctx, w.actor, { parties: seedParties(w.actor.issuerId) });
    const resolution = await invalidPaths(
      recordBoardResolution(w.ctx, w.actor, {
        meetingDate: '2025-07-29',
        reference: 'minutes',
        directorsPresent: ['lei-jun', 'ghost'],
        votes: [vote('lei-jun', 'for'), { personId: 'zou-tao', vote: 'yes' }],
        agreementIds: ['agr_missing'],
      }),
    );
    expect(resolution.map((e) => e.path)).toEqual(['votes[1].personId', 'votes[1].vote']);
    const second = await invalidPaths(
      recordBoardResolution(w.ctx, w.actor, {
        meetingDate: '2025-07-29',
        reference: 'minutes',
        directorsPresent: ['lei-jun', 'ghost'],
        votes: [vote('lei-jun', 'for')],
        agreementIds: ['agr_missing'],
      }),
    );
    expect(second.map((e) => e.path)).toEqual(['directorsPresent[1]', 'agreementIds[0]']);
    await expect(
      recordAgreementFacts(w.ctx, w.actor, 'agr_missing', {
        normalCommercialTerms: true,
        inedConfirmed: false,
      }),
    ).rejects.toMatchObject({ kind: 'not_found' });
    expect(
      (await invalidPaths(recordAgreementFacts(w.ctx, w.actor, 'agr_missing', { inedConfirmed: 'yes' }))).map(
        (e) => e.path,
      ),
    ).toEqual(['normalCommercialTerms', 'inedConfirmed']);
  });
});

describeEachEngine('register: terminations in the classification of stored agreements', (open) => {
  it('leaves out the caps a termination ended before they began', async () => {
    const w = await world(await open(), '2025-09-30');
    const { agreement } = await recordSeedCase(w);
    const before = await classifyAgreements(w.ctx, w.actor, { asOf: '2025-09-30' });
    expect(before.aggregates[0]?.numerator).toMatchObject({ amount: '88700000.00', financialYear: 'FY2026' });
    // IDC ends on 30 November 2025: its 2026–2028 caps never take effect; 2025 keeps its stated cap.
    await terminateCategory(w.ctx, w.actor, agreement.id, {
      categoryKey: 'idc-services',
      effectiveOn: '2025-12-01',
      reason: 'ended by agreement',
    });
    const after = await classifyAgreements(w.ctx, w.actor, { asOf: '2025-09-30' });
    expect(after.aggregates[0]?.numerator).toMatchObject({ amount: '74500000.00', financialYear: 'FY2025' });
  });
});
