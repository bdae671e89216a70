/**
 * Issue 7, item 4: the auditor's letter (Rule 14A.56), its 14A.57 deadline on the Hong Kong
 * business-day calendar, and the annual-review settings — through the use cases and over HTTP, on
 * both engines. A letter with exceptions opens one 14A.59 task per exception; bad input is refused
 * field by field with nothing written; only the company secretary records.
 */
import { expect, it } from 'vitest';
import { fixedClock } from '../src/adapters/system.js';
import {
  auditorLetterStatus,
  markLetterSentToExchange,
  putAnnualReviewSettings,
  recordAuditorLetter,
} from '../src/app/auditor-letter.js';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import type { AppContext } from '../src/app/context.js';
import { createAgreement } from '../src/app/create-agreement.js';
import { AppError } from '../src/app/errors.js';
import { uploadEvidence } from '../src/app/evidence.js';
import type { Actor, Store } from '../src/app/ports.js';
import { ROLES, type Role } from '../src/domain/authz/index.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { describeEachEngine } from './support/engines.js';
import { testServer } from './support/http.js';
import { loadedDemo } from './support/reports.js';

const TODAY = '2026-11-23';
const COSEC: Actor['roles'] = ['company-secretary'];

const findings = (over: Record<string, Record<string, unknown>> = {}) =>
  ['board-approval', 'pricing-policy', 'agreement-terms', 'caps'].map((matter) => ({
    matter,
    outcome: matter === 'pricing-policy' ? 'not-applicable' : 'no-exception',
    ...(over[matter] ?? {}),
  }));

const letter = (over: Record<string, unknown> = {}) => ({
  auditorName: 'Example & Co., Certified Public Accountants (illustrative)',
  letterDate: '2026-03-20',
  findings: findings(),
  ...over,
});

/** The demo as of `today`, acting as the company secretary. */
const demo = (open: () => Promise<Store>, today = TODAY) =>
  loadedDemo(open, today, 'cosec', COSEC, { annualReview: false });

/** What the annual-review tables hold for the issuer: nothing may change on refused input. */
async function recorded(store: Store, issuerId: string) {
  return {
    letters: (await store.listAuditorLetters(issuerId)).length,
    tasks: (await store.listFollowUpTasks(issuerId)).length,
    settings: await store.getAnnualReviewSettings(issuerId, '2025'),
  };
}

async function invalidPaths(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError && e.kind === 'invalid_input')
      return (e.details.errors ?? []).map((x) => x.path);
    throw e;
  }
  throw new Error('accepted');
}

describeEachEngine("the auditor's letter (14A.56) and its 14A.57 deadline", (open) => {
  it('computes the deadline of listing-rules test row 45: bulk print Wed 2 April 2025 → Wed 19 March 2025', async () => {
    const { ctx, actor } = await demo(open, '2025-03-01');
    await putAnnualReviewSettings(ctx, actor, '2024', { limbWording: 'four', bulkPrintDate: '2025-04-02' });
    const status = await auditorLetterStatus(ctx, actor, '2024');
    expect(status.settings).toMatchObject({ limbWording: 'four', bulkPrintDate: '2025-04-02' });
    expect(status.deadline).toMatchObject({
      rule: '14A.57',
      businessDaysBefore: 10,
      bulkPrintDate: '2025-04-02',
      sendBy: '2025-03-19',
      sentOn: null,
      status: 'upcoming',
      calendarIncomplete: false,
      yearsNotCovered: [],
    });
    expect(status.deadline.closuresNote.en).toMatch(/typhoon/i);
  });

  it.each([
    // Good Friday (18 April) and Easter Monday (21 April) 2025 are not business days.
    ['2024', '2025-04-23', '2025-04-07', false, []],
    // Easter 2026: Good Friday 3 April, the day following Ching Ming 6 April, the day following Easter Monday 7 April.
    ['2025', '2026-04-10', '2026-03-24', false, []],
    // 2027's holidays are not shipped: weekends only, and the answer says so.
    ['2026', '2027-03-31', '2027-03-17', true, [2027]],
  ])(
    'FY%s, bulk print %s: the copy is due by %s (calendar incomplete: %s)',
    async (year, print, sendBy, incomplete, missing) => {
      const { ctx, actor } = await demo(open);
      await putAnnualReviewSettings(ctx, actor, year, { limbWording: 'three', bulkPrintDate: print });
      const { deadline } = await auditorLetterStatus(ctx, actor, year);
      expect(deadline).toMatchObject({ sendBy, calendarIncomplete: incomplete, yearsNotCovered: missing });
    },
  );

  it('says met, missed or upcoming as of today, from the copy of the latest letter sent to the Exchange', async () => {
    const { ctx, actor } = await demo(open, '2026-03-20');
    await putAnnualReviewSettings(ctx, actor, '2025', { limbWording: 'four', bulkPrintDate: '2026-04-10' });
    expect((await auditorLetterStatus(ctx, actor, '2025')).deadline.status).toBe('upcoming');
    const first = await recordAuditorLetter(ctx, actor, '2025', letter());
    await markLetterSentToExchange(ctx, actor, '2025', first.id, { sentOn: '2026-03-20' });
    expect((await auditorLetterStatus(ctx, actor, '2025')).deadline).toMatchObject({
      sendBy: '2026-03-24',
      sentOn: '2026-03-20',
      status: 'met',
    });
    // A corrected letter is the letter in force; until its copy is sent the deadline is open again.
    const later: AppContext = { ...ctx, clock: fixedClock('2026-03-25') };
    const corrected = await recordAuditorLetter(later, actor, '2025', letter({ letterDate: '2026-03-25' }));
    expect(corrected.seq).toBe(2);
    expect((await auditorLetterStatus(later, actor, '2025')).deadline).toMatchObject({
      sentOn: null,
      status: 'missed',
    });
    await markLetterSentToExchange(later, actor, '2025', corrected.id, { sentOn: '2026-03-25' });
    const status = await auditorLetterStatus(later, actor, '2025');
    expect(status.deadline).toMatchObject({ sentOn: '2026-03-25', status: 'missed' });
    expect(status.letters.map((l) => [l.seq, l.sentToExchangeOn])).toEqual([
      [1, '2026-03-20'],
      [2, '2026-03-25'],
    ]);
    // Without a bulk-printing date there is no deadline to meet.
    expect((await auditorLetterStatus(ctx, actor, '2026')).deadline).toMatchObject({
      status: 'not-set',
      sendBy: null,
    });
  });

  it('opens exactly one 14A.59 task per exception, in the same transaction as the letter', async () => {
    const { ctx, actor, store, agreementId } = await demo(open);
    const recordedLetter = await recordAuditorLetter(
      ctx,
      actor,
      '2025',
      letter({
        findings: findings({
          'agreement-terms': {
            outcome: 'exception',
            detail: 'One order was signed before its quotations were obtained.',
            agreementIds: [agreementId],
          },
          caps: { outcome: 'exception', detail: 'The network hardware cap was exceeded in December.' },
        }),
      }),
    );
    expect(recordedLetter).toMatchObject({ seq: 1, financialYear: '2025', qualified: true });
    expect(recordedLetter.findings.map((f) => f.matter)).toEqual([
      'board-approval',
      'pricing-policy',
      'agreement-terms',
      'caps',
    ]);
    expect(recordedLetter.followUpTasks).toHaveLength(2);
    const tasks = await store.listFollowUpTasks(actor.issuerId, { financialYear: '2025' });
    expect(tasks).toHaveLength(2);
    for (const t of tasks)
      expect(t).toMatchObject({
        rule: '14A.59',
        source: 'auditor-letter',
        sourceId: recordedLetter.id,
        status: 'open',
      });
    expect(tasks.map((t) => t.detail).sort()).toEqual([
      'agreement-terms (Rule 14A.56(3)): One order was signed before its quotations were obtained.',
      'caps (Rule 14A.56(4)): The network hardware cap was exceeded in December.',
    ]);
    expect(tasks[0]?.title['zh-Hant']).toContain('第14A.59條');
    // A clean letter (recorded again, as the next letter) opens none.
    const clean = await recordAuditorLetter(ctx, actor, '2025', letter());
    expect(clean).toMatchObject({ seq: 2, qualified: false, followUpTasks: [] });
    expect(await store.listFollowUpTasks(actor.issuerId)).toHaveLength(2);
  });

  it('keeps the uploaded letter by its SHA-256', async () => {
    const { ctx, actor } = await demo(open);
    const file = await uploadEvidence(
      ctx,
      { ...actor, roles: OPERATOR_ROLES },
      {
        bytes: new TextEncoder().encode('AUDITOR LETTER: ILLUSTRATIVE\n'),
        mediaType: 'text/plain',
        filename: 'auditor-letter-2025.txt',
        issuedOn: '2026-03-20',
      },
    );
    const l = await recordAuditorLetter(
      ctx,
      actor,
      '2025',
      letter({ evidenceSha256: file.sha256.toUpperCase() }),
    );
    expect(l.evidenceSha256).toBe(file.sha256);
  });

  it.each([
    ['a finding missing', { findings: findings().slice(0, 3) }, ['findings']],
    [
      'a matter twice',
      { findings: [...findings().slice(0, 3), { matter: 'board-approval', outcome: 'no-exception' }] },
      ['findings[3].matter', 'findings'],
    ],
    [
      'an exception without detail',
      { findings: findings({ caps: { outcome: 'exception' } }) },
      ['findings[3].detail'],
    ],
    [
      'not applicable outside the pricing policy',
      { findings: findings({ caps: { outcome: 'not-applicable' } }) },
      ['findings[3].outcome'],
    ],
    ['an unknown outcome', { findings: findings({ caps: { outcome: 'fine' } }) }, ['findings[3].outcome']],
    [
      'an unknown agreement',
      { findings: findings({ caps: { agreementIds: ['agr_nope'] } }) },
      ['findings[3].agreementIds[0]'],
    ],
    ['a file never uploaded', { evidenceSha256: 'ab'.repeat(32) }, ['evidenceSha256']],
    ['a letter dated within the year', { letterDate: '2025-12-31' }, ['letterDate']],
    ['a letter dated after today', { letterDate: '2026-11-24' }, ['letterDate']],
    ['no auditor', { auditorName: '  ' }, ['auditorName']],
    ['findings not a list', { findings: 'all fine' }, ['findings']],
  ])('refuses %s, naming the field, and writes nothing', async (_what, over, paths) => {
    const { ctx, actor, store } = await demo(open);
    const before = await recorded(store, actor.issuerId);
    expect(await invalidPaths(recordAuditorLetter(ctx, actor, '2025', letter(over)))).toEqual(paths);
    expect(await recorded(store, actor.issuerId)).toEqual(before);
  });

  it('refuses "not applicable" on the pricing policy when the group provides goods or services in the year', async () => {
    const { ctx, actor, store } = await demo(open);
    const input = seedAgreementInput();
    await createAgreement(
      ctx,
      { ...actor, roles: OPERATOR_ROLES },
      {
        ...input,
        name: { en: 'Cloud services to Xiaomi (illustrative)', 'zh-Hant': '向小米提供雲服務（示例）' },
        categories: input.categories.map((c) => ({ ...c, direction: 'issuer-sells' })),
      },
    );
    const before = await recorded(store, actor.issuerId);
    const paths = await invalidPaths(recordAuditorLetter(ctx, actor, '2025', letter()));
    expect(paths).toEqual(['findings[1].outcome']);
    expect(await recorded(store, actor.issuerId)).toEqual(before);
    // It applies, and the auditor reports on it.
    const l = await recordAuditorLetter(
      ctx,
      actor,
      '2025',
      letter({ findings: findings({ 'pricing-policy': { outcome: 'no-exception' } }) }),
    );
    expect(l.findings[1]).toMatchObject({ matter: 'pricing-policy', outcome: 'no-exception' });
  });

  it('validates the settings field by field and the copy to the Exchange', async () => {
    const { ctx, actor, store } = await demo(open);
    const before = await recorded(store, actor.issuerId);
    expect(await invalidPaths(putAnnualReviewSettings(ctx, actor, '2025', {}))).toEqual(['limbWording']);
    expect(
      await invalidPaths(
        putAnnualReviewSettings(ctx, actor, '2025', { limbWording: 'four', bulkPrintDate: '2025-12-31' }),
      ),
    ).toEqual(['bulkPrintDate']);
    expect(
      await invalidPaths(putAnnualReviewSettings(ctx, actor, '2025', { limbWording: 'five', colour: 'red' })),
    ).toEqual(['colour', 'limbWording']);
    expect(await invalidPaths(putAnnualReviewSettings(ctx, actor, 'FY25', { limbWording: 'four' }))).toEqual([
      'year',
    ]);
    expect(await recorded(store, actor.issuerId)).toEqual(before);

    const l = await recordAuditorLetter(ctx, actor, '2025', letter());
    expect(
      await invalidPaths(markLetterSentToExchange(ctx, actor, '2025', l.id, { sentOn: '2026-03-19' })),
    ).toEqual(['sentOn']);
    await expect(
      markLetterSentToExchange(ctx, actor, '2024', l.id, { sentOn: '2026-03-21' }),
    ).rejects.toMatchObject({
      kind: 'not_found',
    });
    await markLetterSentToExchange(ctx, actor, '2025', l.id, { sentOn: '2026-03-21' });
    await expect(
      markLetterSentToExchange(ctx, actor, '2025', l.id, { sentOn: '2026-03-22' }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      details: { code: 'LETTER_ALREADY_SENT' },
    });
  });

  it('over HTTP: 201 with the tasks, 422 naming the field with nothing written, 403 for every role but the company secretary', async () => {
    const { ctx, actor, store } = await demo(open);
    const cosec = await testServer(ctx, actor.issuerId, { roles: ['company-secretary'] });
    const base = '/api/v1/annual-reviews/2025';
    const put = await cosec.inject({
      method: 'PUT',
      url: `${base}/settings`,
      payload: { limbWording: 'four', bulkPrintDate: '2026-04-10' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const bad = await cosec.inject({
      method: 'POST',
      url: `${base}/auditor-letters`,
      payload: letter({ findings: findings({ caps: { outcome: 'exception' } }) }),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'findings[3].detail',
    ]);
    expect(await store.listAuditorLetters(actor.issuerId)).toHaveLength(0);
    const created = await cosec.inject({
      method: 'POST',
      url: `${base}/auditor-letters`,
      payload: letter({ findings: findings({ caps: { outcome: 'exception', detail: 'Exceeded.' } }) }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json<{ id: string; followUpTasks: { requirement: { en: string } }[] }>();
    expect(body.followUpTasks).toHaveLength(1);
    expect(body.followUpTasks[0]?.requirement.en).toContain('14A.59');
    const sent = await cosec.inject({
      method: 'POST',
      url: `${base}/auditor-letters/${body.id}/sent`,
      payload: { sentOn: '2026-03-23' },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const status = await cosec.inject({ method: 'GET', url: `${base}/auditor-letters` });
    expect(status.json()).toMatchObject({
      deadline: { sendBy: '2026-03-24', sentOn: '2026-03-23', status: 'met' },
      letters: [{ id: body.id, qualified: true }],
    });

    const writes = [
      { method: 'PUT' as const, url: `${base}/settings`, payload: { limbWording: 'three' } },
      { method: 'POST' as const, url: `${base}/auditor-letters`, payload: letter() },
      {
        method: 'POST' as const,
        url: `${base}/auditor-letters/${body.id}/sent`,
        payload: { sentOn: '2026-03-23' },
      },
    ];
    const before = await recorded(store, actor.issuerId);
    for (const role of ROLES.filter((r): r is Role => r !== 'company-secretary')) {
      const server = await testServer(ctx, actor.issuerId, { roles: [role] });
      for (const w of writes) {
        const res = await server.inject(w);
        expect(res.statusCode, `${role} ${w.method} ${w.url}`).toBe(403);
      }
      const read = await server.inject({ method: 'GET', url: `${base}/auditor-letters` });
      expect(read.statusCode, `${role} reads the status`).toBe(role === 'admin' ? 403 : 200);
    }
    expect(await recorded(store, actor.issuerId)).toEqual(before);
  });
});
