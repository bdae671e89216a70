/**
 * Issue 7, item 5: the annual report disclosure of continuing connected transactions (Rule 14A.71)
 * on the demo data, on both engines. What a company secretary checks before pasting it: every cap of
 * the seed for the year with its exact figure, the actual amount for the year equal to the ledger's,
 * the connected relationship, the INEDs' confirmation and the auditor's letter as recorded (or a
 * visible placeholder), both languages complete; and that it renders and downloads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import { createAgreement } from '../src/app/create-agreement.js';
import { getUtilization } from '../src/app/get-utilization.js';
import { createIssuer } from '../src/app/issuers.js';
import { addUser } from '../src/app/users.js';
import type { Actor, AgreementRecord, Store } from '../src/app/ports.js';
import { buildAnnualReportDisclosure } from '../src/app/reports/annual-report.js';
import { AVAILABLE_REPORT_KINDS, buildReport } from '../src/app/reports/index.js';
import type { AuditorLetterRecord, InedSignOffRecord } from '../src/app/review-ports.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { calendarDate, formatMillions, parseAmount } from '../src/domain/index.js';
import type { Bilingual, Cell, ReportDocument } from '../src/domain/reports/document.js';
import { confirmationSentence } from '../src/domain/review/limbs.js';
import { buildServer } from '../src/http/server.js';
import { renderReportFile } from '../src/reports/index.js';
import { openStore } from '../src/store/index.js';
import { requireBuild, runArmslength } from './support/cli.js';
import { describeEachEngine } from './support/engines.js';
import { TEST_PASSWORD, tokenFor } from './support/http.js';
import { loadedDemo, records, table } from './support/reports.js';

/** Both demo years are over: FY2025 and FY2026 are complete. */
const AFTER_FY2026 = '2027-01-15';

const loaded = (open: () => Promise<Store>, today = AFTER_FY2026) =>
  loadedDemo(open, today, 'company-secretary', [...OPERATOR_ROLES], { annualReview: false });

const en = (c: Cell | undefined): string => {
  if (!c || c.kind !== 'text') throw new Error('not a text cell');
  return typeof c.text === 'string' ? c.text : c.text.en;
};
const date = (c: Cell | undefined): string => {
  if (!c || c.kind !== 'date') throw new Error('not a date cell');
  return c.date;
};
const money = (c: Cell | undefined): bigint => {
  if (!c || c.kind !== 'money') throw new Error('not a money cell');
  return c.minor;
};
const minorOf = (amount: string): bigint => {
  const p = parseAmount(amount, 'CNY', 'amount');
  if (!p.ok) throw new Error(`bad amount ${amount}`);
  return p.value;
};

function bilinguals(x: unknown, where = 'doc', out: [string, Bilingual][] = []): [string, Bilingual][] {
  if (typeof x !== 'object' || x === null) return out;
  const o = x as Record<string, unknown>;
  if (typeof o['en'] === 'string' && 'zh-Hant' in o) out.push([where, o as unknown as Bilingual]);
  else for (const [k, v] of Object.entries(o)) bilinguals(v, `${where}.${k}`, out);
  return out;
}

function expectBothLanguages(doc: ReportDocument) {
  const all = bilinguals(doc);
  expect(all.length).toBeGreaterThan(20);
  for (const [where, b] of all) {
    expect(b.en.trim(), where).not.toBe('');
    expect(b['zh-Hant'].trim(), where).not.toBe('');
  }
}

const paragraphs = (doc: ReportDocument, key: string): Bilingual[] => {
  const s = doc.sections.find((x) => x.key === key);
  if (!s) throw new Error(`no section ${key}`);
  return [...(s.paragraphs ?? [])];
};
const allText = (doc: ReportDocument, key: string, lang: 'en' | 'zh-Hant') =>
  paragraphs(doc, key)
    .map((p) => p[lang])
    .join('\n');

/** The seed's caps of a financial year, as the announcement states them (RMB, minor units). */
const SEED_CAPS: Record<string, [string, string, bigint][]> = {
  '2025': [
    ['IDC services', '2025-07-29', 4_100_000_000n],
    ['Network hardware equipment', '2025-07-29', 3_350_000_000n],
  ],
  '2026': [
    ['IDC services', '2026-01-01', 8_200_000_000n],
    ['Network hardware equipment', '2026-01-01', 670_000_000n],
  ],
};

const capOf = (a: AgreementRecord, key: string, start: string) => {
  const category = a.categories.find((c) => c.key === key);
  const cap = a.caps.find((c) => c.periodStart === start && c.categoryIds.includes(category?.id ?? ''));
  if (!cap) throw new Error(`no cap ${key} ${start}`);
  return cap;
};

const signOff = (
  issuerId: string,
  userId: string,
  signedName: string,
  qualified: { limb: string; text: string } | null = null,
): InedSignOffRecord => ({
  id: `ined_${userId}`,
  issuerId,
  financialYear: '2025',
  userId,
  signedName,
  limbs: [
    'ordinary-course',
    'normal-commercial-terms',
    'per-agreement-fair-reasonable',
    'shareholders-interests',
  ].map((limb) =>
    qualified?.limb === limb
      ? { limb, outcome: 'qualified' as const, qualification: qualified.text, agreementIds: [] }
      : { limb, outcome: 'confirmed' as const, qualification: null, agreementIds: [] },
  ),
  packReportId: null,
  recordedAt: '2026-03-10T02:00:00.000Z',
});

const letter = (
  issuerId: string,
  seq: number,
  exception: { matter: 'caps' | 'board-approval'; detail: string } | null,
): AuditorLetterRecord => ({
  id: `aud_${seq}`,
  issuerId,
  financialYear: '2025',
  seq,
  auditorName: 'Example & Co. (illustrative)',
  letterDate: calendarDate('2026-03-20'),
  findings: [
    { matter: 'board-approval', outcome: 'no-exception', detail: null, agreementIds: [] },
    // The group buys: the pricing-policy matter does not apply (14A.56(2)).
    { matter: 'pricing-policy', outcome: 'not-applicable', detail: null, agreementIds: [] },
    { matter: 'agreement-terms', outcome: 'no-exception', detail: null, agreementIds: [] },
    exception?.matter === 'caps'
      ? { matter: 'caps', outcome: 'exception', detail: exception.detail, agreementIds: [] }
      : { matter: 'caps', outcome: 'no-exception', detail: null, agreementIds: [] },
  ],
  evidenceSha256: null,
  sentToExchangeOn: seq > 1 ? calendarDate('2026-03-25') : null,
  recordedAt: `2026-03-2${seq}T02:00:00.000Z`,
  recordedBy: 'company-secretary',
});

describeEachEngine('annual report disclosure (14A.71)', (open) => {
  it('states each cap of the seed for FY2025 and FY2026 and the actual amount for the year, as the ledger holds it', async () => {
    const { ctx, actor, store, agreementId } = await loaded(open);
    const agreement = await store.getAgreement(actor.issuerId, agreementId);
    if (!agreement) throw new Error('no demo agreement');
    for (const year of ['2025', '2026'] as const) {
      const doc = await buildAnnualReportDisclosure(ctx, actor, year);
      expect(doc).toMatchObject({
        kind: 'annual-report-disclosure',
        demo: true,
        issuer: { id: actor.issuerId },
        period: { start: `${year}-01-01`, end: `${year}-12-31` },
      });
      const rows = records(table(doc, 'caps-1'));
      expect(rows.map((r) => [en(r['category']), date(r['period_start']), money(r['cap'])])).toEqual(
        SEED_CAPS[year],
      );
      const utilisation = await getUtilization(ctx, actor, { asOf: `${year}-12-31` });
      let total = 0n;
      for (const r of rows) {
        const key = en(r['category']) === 'IDC services' ? 'idc-services' : 'network-hardware';
        const cap = capOf(agreement, key, date(r['period_start']));
        // Independently: the actual amounts by day, summed over the year.
        const ledger = (await store.actualsByDate(cap.id))
          .filter((d) => d.date >= `${year}-01-01` && d.date <= `${year}-12-31`)
          .reduce((s, d) => s + d.minor, 0n);
        expect(ledger).toBeGreaterThan(0n);
        expect(money(r['actual_year'])).toBe(ledger);
        // The cap periods lie within the year: the year's actual is the period's utilisation at its end.
        const item = utilisation.items.find((i) => i.capId === cap.id);
        if (!item) throw new Error('no utilisation row');
        expect(money(r['actual_year'])).toBe(minorOf(item.actual));
        total += ledger;
        // The paragraph a company secretary pastes: the cap and the actual, "RMB82.0 million" style.
        const capText = formatMillions({ currency: 'CNY', minor: cap.amountMinor });
        const actualText = formatMillions({ currency: 'CNY', minor: ledger });
        const sentence = paragraphs(doc, 'cct-1').find((p) =>
          p.en.startsWith(`${en(r['category'])}: the annual cap`),
        );
        expect(sentence?.en).toContain(
          `was ${capText}; the actual amount for the year ended 31 December ${year} was ${actualText}.`,
        );
        expect(sentence?.['zh-Hant']).toContain(
          `年度上限為${capText.replace('RMB', '人民幣').replace(' million', '百萬元')}`,
        );
        expect(sentence?.['zh-Hant']).toContain(
          `實際金額為${actualText.replace('RMB', '人民幣').replace(' million', '百萬元')}`,
        );
      }
      // The total consideration for the year (14A.71(4)).
      expect(money(table(doc, 'caps-1').totals?.[0]?.[5] ?? null)).toBe(total);
      expectBothLanguages(doc);
    }
    // The seed's stub periods name both ends; a whole financial year is named by its end.
    const fy2025 = await buildAnnualReportDisclosure(ctx, actor, '2025');
    expect(en(records(table(fy2025, 'caps-1'))[0]?.['period'])).toBe(
      'the period from 29 July 2025 to 31 December 2025',
    );
    const fy2026 = await buildAnnualReportDisclosure(ctx, actor, '2026');
    expect(records(table(fy2026, 'caps-1')).map((r) => en(r['period']))).toEqual([
      'the year ended 31 December 2026',
      'the period from 1 January 2026 to 28 July 2026',
    ]);
    expect(allText(fy2025, 'cct-1', 'en')).toContain('RMB41.0 million');
    expect(allText(fy2025, 'cct-1', 'en')).toContain('RMB33.5 million');
    expect(allText(fy2026, 'cct-1', 'en')).toContain('RMB82.0 million');
    expect(allText(fy2026, 'cct-1', 'en')).toContain('RMB6.7 million');
  });

  it('gives the date, parties, connected relationship and interest of the CCT, from the register', async () => {
    const { ctx, actor } = await loaded(open);
    const doc = await buildAnnualReportDisclosure(ctx, actor, '2026');
    const text = allText(doc, 'cct-1', 'en');
    const zh = allText(doc, 'cct-1', 'zh-Hant');
    expect(text).toContain(
      'Date of the agreement: 29 July 2025. Parties: (i) the Company; and (ii) Xiaomi Corporation.',
    );
    expect(text).toContain(
      'Xiaomi Corporation holds about 11.12% of the shares of the Company and is therefore a substantial shareholder and a connected person of the Company (Rule 14A.07(1) of the Listing Rules)',
    );
    expect(zh).toContain(
      '小米集團持有本公司約11.12%股份，為本公司的主要股東，故為本公司的關連人士（上市規則第14A.07(1)條）',
    );
    expect(text).toContain(
      'Xiaomi Corporation provides IDC services and Network hardware equipment to the Group',
    );
    expect(text).toContain('at least 2 independent third parties');
    expect(zh).toContain('協議日期：二零二五年七月二十九日');
  });

  it('says plainly when the register has no record of a counterparty', async () => {
    const { ctx, actor } = await loaded(open);
    const input = seedAgreementInput();
    await createAgreement(ctx, actor, {
      ...input,
      name: { en: 'Unregistered Supply Agreement', 'zh-Hant': '未登記供應協議' },
      counterparty: { name: { en: 'Unregistered Supplier Ltd', 'zh-Hant': '未登記供應商有限公司' } },
    });
    const doc = await buildAnnualReportDisclosure(ctx, actor, '2026');
    const second = doc.sections.find((s) => s.heading.en.includes('Unregistered Supply Agreement'));
    expect(second?.paragraphs?.[1]?.en).toContain(
      '[To be completed: the connected relationship of Unregistered Supplier Ltd: the register holds no record of it',
    );
    expect(second?.paragraphs?.[1]?.['zh-Hant']).toContain(
      '[待填寫：未登記供應商有限公司的關連關係：關連人士名冊並無相關記錄',
    );
    // Its caps are still disclosed, with no actual amount.
    const caps = second?.tables?.[0];
    if (!caps) throw new Error('no caps table for the second agreement');
    const rows = records(caps);
    expect(rows.map((r) => money(r['actual_year']))).toEqual([0n, 0n]);
  });

  it("shows placeholders in both languages while the INEDs' sign-off and the auditor's letter are not recorded", async () => {
    const { ctx, actor } = await loaded(open);
    const doc = await buildAnnualReportDisclosure(ctx, actor, '2025');
    expect(paragraphs(doc, 'ined-confirmation')[0]).toEqual({
      en: "[To be completed: the INEDs' confirmation has not been recorded]",
      'zh-Hant': '[待填寫：獨立非執行董事的確認尚未記錄]',
    });
    expect(paragraphs(doc, 'auditor-letter')[0]).toEqual({
      en: "[To be completed: the auditor's letter has not been recorded]",
      'zh-Hant': '[待填寫：核數師函件尚未記錄]',
    });
  });

  it("the demo as loaded has FY2025's review done: the three INEDs' confirmation and the auditor's unqualified letter", async () => {
    const { ctx, actor } = await loadedDemo(open, '2026-11-23', 'company-secretary', [...OPERATOR_ROLES]);
    const doc = await buildAnnualReportDisclosure(ctx, actor, '2025');
    const ined = paragraphs(doc, 'ined-confirmation')
      .map((p) => p.en)
      .join('\n');
    expect(ined).toContain(
      'The independent non-executive Directors have reviewed the continuing connected transactions',
    );
    expect(ined).not.toContain('[To be');
    const signed = records(table(doc, 'ined-sign-offs')).map((r) => en(r[Object.keys(r)[0] ?? '']));
    expect(signed.sort()).toEqual(['Qu Jingyuan', 'Wang Hang', 'Yu Mingto']);
    const auditor = paragraphs(doc, 'auditor-letter')
      .map((p) => p.en)
      .join('\n');
    expect(auditor).toContain('unqualified letter dated 20 March 2026');
    expect(auditor).toContain('provided by the Company to the Stock Exchange on 23 March 2026');
    expect(auditor).not.toContain('[To be');
    // FY2026 is not over: its review is not recorded.
    const fy2026 = await buildAnnualReportDisclosure(ctx, actor, '2026');
    expect(paragraphs(fy2026, 'ined-confirmation')[0]?.en).toContain('[To be completed');
  });

  it('gives the standard INED statement when every limb is confirmed, and says which limb is qualified and quotes it otherwise', async () => {
    const { ctx, actor, store } = await loaded(open);
    // The three INEDs of the seed board, as users holding the role 'ined'.
    const ined = async (name: string, email: string) =>
      (
        await addUser(ctx, 'test-setup', {
          email,
          name,
          issuerId: actor.issuerId,
          role: 'ined',
          password: TEST_PASSWORD,
        })
      ).user.id;
    const yu = await ined('Yu Mingto', 'yu@ined.test');
    const wang = await ined('Wang Hang', 'wang@ined.test');
    const qu = await ined('Qu Jingyuan', 'qu@ined.test');
    await store.transaction(async (tx) => {
      await tx.insertInedSignOff(signOff(actor.issuerId, yu, 'Yu Mingto'));
      await tx.insertInedSignOff(signOff(actor.issuerId, wang, 'Wang Hang'));
      return { commit: true, value: null };
    });
    // Two of three: the statement stands, with the missing sign-off marked.
    const partial = await buildAnnualReportDisclosure(ctx, actor, '2025');
    expect(paragraphs(partial, 'ined-confirmation').at(-1)).toEqual({
      en: '[To be completed: no sign-off is recorded yet from Qu Jingyuan]',
      'zh-Hant': '[待填寫：尚未記錄Qu Jingyuan的確認]',
    });
    await store.transaction(async (tx) => {
      await tx.insertInedSignOff(signOff(actor.issuerId, qu, 'Qu Jingyuan'));
      return { commit: true, value: null };
    });
    const confirmed = await buildAnnualReportDisclosure(ctx, actor, '2025');
    const standard = confirmationSentence('four');
    expect(paragraphs(confirmed, 'ined-confirmation')[0]).toEqual(standard);
    expect(standard.en).toContain('normal commercial terms or better');
    expect(allText(confirmed, 'ined-confirmation', 'en')).not.toContain('[To be completed');
    expect(
      records(table(confirmed, 'ined-sign-offs'))
        .map((r) => en(r['ined']))
        .sort(),
    ).toEqual(['Qu Jingyuan', 'Wang Hang', 'Yu Mingto']);

    const qualification = 'Two hardware orders in October 2025 had only one independent quotation.';
    // The same year signed again by another INED account would be refused; a qualified sign-off
    // from a fourth INED (appointed later) stands for the qualification here.
    const later = await ined('Chan Tai Man', 'chan@ined.test');
    await store.transaction(async (tx) => {
      await tx.insertInedSignOff(
        signOff(actor.issuerId, later, 'Chan Tai Man', {
          limb: 'normal-commercial-terms',
          text: qualification,
        }),
      );
      return { commit: true, value: null };
    });
    const qualified = await buildAnnualReportDisclosure(ctx, actor, '2025');
    const text = allText(qualified, 'ined-confirmation', 'en');
    expect(text).toContain('qualified on limb (ii) Normal commercial terms or better');
    expect(text).toContain(
      `Chan Tai Man could not confirm that the transactions have been entered into on normal commercial terms or better: "${qualification}"`,
    );
    expect(text).toContain('Rule 14A.59 of the Listing Rules');
    expect(text).not.toContain(standard.en);
    expect(allText(qualified, 'ined-confirmation', 'zh-Hant')).toContain(`「${qualification}」`);
    expectBothLanguages(qualified);
  });

  it("gives the board's statement on the latest auditor's letter: unqualified, or qualified on the matters reported", async () => {
    const { ctx, actor, store } = await loaded(open);
    const detail = 'The hardware cap for 2025 was exceeded by RMB0.2 million in December 2025.';
    await store.transaction(async (tx) => {
      await tx.insertAuditorLetter(letter(actor.issuerId, 1, { matter: 'caps', detail }));
      return { commit: true, value: null };
    });
    const qualified = await buildAnnualReportDisclosure(ctx, actor, '2025');
    const q = allText(qualified, 'auditor-letter', 'en');
    expect(q).toContain(
      "The auditor's letter dated 20 March 2026 is qualified: the auditor reported exceptions on the annual caps",
    );
    expect(q).toContain(`"${detail}"`);
    expect(q).not.toContain('unqualified');
    expect(allText(qualified, 'auditor-letter', 'zh-Hant')).toContain('有保留意見');

    // A corrected letter is recorded again (seq 2): the latest one counts.
    await store.transaction(async (tx) => {
      await tx.insertAuditorLetter(letter(actor.issuerId, 2, null));
      return { commit: true, value: null };
    });
    const clean = await buildAnnualReportDisclosure(ctx, actor, '2025');
    const c = allText(clean, 'auditor-letter', 'en');
    expect(c).toContain('Hong Kong Standard on Assurance Engagements 3000 (Revised)');
    expect(c).toContain('Practice Note 740 (Revised)');
    expect(c).toContain('The auditor has issued an unqualified letter dated 20 March 2026');
    expect(c).toContain('have exceeded the annual caps');
    // The group buys: the pricing-policy matter is left out and said not to apply.
    expect(c).not.toContain('in accordance with the pricing policies of the Group;');
    expect(c).toContain('The matter of the pricing policies does not apply');
    expect(c).toContain('provided by the Company to the Stock Exchange on 25 March 2026');
    expect(allText(clean, 'auditor-letter', 'zh-Hant')).toContain('無保留意見函件');
    expect(allText(clean, 'auditor-letter', 'zh-Hant')).toContain('香港鑒證業務準則第3000號（經修訂）');
  });

  it('reads only the actor’s issuer, and refuses a malformed or unstarted year and the admin role alone', async () => {
    const { ctx, actor } = await loaded(open, '2026-11-23');
    const other = await createIssuer(ctx, {
      name: { en: 'Other Issuer Ltd', 'zh-Hant': '其他發行人有限公司' },
      isDemo: false,
    });
    const outsider: Actor = { userId: 'outsider', issuerId: other.id, roles: [...OPERATOR_ROLES] };
    const empty = await buildAnnualReportDisclosure(ctx, outsider, '2026');
    expect(empty.issuer.id).toBe(other.id);
    expect(empty.sections.filter((s) => s.key.startsWith('cct-'))).toEqual([]);
    expect(paragraphs(empty, 'introduction').at(-1)?.en).toContain(
      'The Group conducted no continuing connected transaction',
    );

    // The running year is a draft as at today.
    const running = await buildAnnualReportDisclosure(ctx, actor, '2026');
    expect(paragraphs(running, 'introduction')[0]?.en).toBe(
      'Draft: the year ending 31 December 2026 is not over, and the figures are as at 23 November 2026.',
    );

    await expect(
      buildAnnualReportDisclosure(ctx, { ...actor, roles: ['admin'] }, '2025'),
    ).rejects.toMatchObject({
      kind: 'forbidden',
    });
    for (const period of ['2027', '2025-12', 'FY2025', '25', '']) {
      await expect(buildAnnualReportDisclosure(ctx, actor, period), period).rejects.toMatchObject({
        kind: 'invalid_input',
        details: { errors: [expect.objectContaining({ path: 'period' })] },
      });
    }
    expect(AVAILABLE_REPORT_KINDS).toContain('annual-report-disclosure');
    await expect(
      buildReport(ctx, actor, 'annual-report-disclosure', { period: '2025' }),
    ).resolves.toMatchObject({
      kind: 'annual-report-disclosure',
    });
  });

  it('renders as HTML in both languages and as XLSX with the caps as numbers, and is served over HTTP', async () => {
    const { ctx, actor } = await loaded(open);
    const doc = await buildAnnualReportDisclosure(ctx, actor, '2025');
    const html = (await renderReportFile(doc, 'html', 'en', undefined)).body.toString('utf8');
    expect(html).toContain('RMB41,000,000.00');
    expect(html).toContain('[To be completed: the INEDs&#39;');
    const zh = (await renderReportFile(doc, 'html', 'zh-Hant', undefined)).body.toString('utf8');
    expect(zh).toContain('人民幣41,000,000.00元');
    const xlsx = await renderReportFile(doc, 'xlsx', 'en', undefined);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('caps-1');
    const values: unknown[] = [];
    sheet?.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
    expect(values).toEqual(expect.arrayContaining([41_000_000, 33_500_000]));

    const app = await buildServer({ ctx });
    onTestFinished(() => app.close());
    const token = await tokenFor(ctx, actor.issuerId, ['finance']);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/annual-report-disclosure?period=2025&lang=zh-Hant',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.body).toContain('年報披露：持續關連交易');
  });
});

describe('armslength report annual-report-disclosure', () => {
  let data = '';
  beforeAll(async () => {
    requireBuild();
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-annual-'));
    const demo = await runArmslength(['demo', '--data', data], { today: AFTER_FY2026 });
    expect(demo.code, demo.stderr).toBe(0);
  });
  afterAll(() => fs.rmSync(data, { recursive: true, force: true }));

  it('prints the FY2025 disclosure as HTML, and the announcement draft of the demo agreement with --agreement', async () => {
    const run = await runArmslength(
      ['report', 'annual-report-disclosure', '--period', '2025', '--format', 'html', '--data', data],
      { today: AFTER_FY2026 },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Annual report disclosure: continuing connected transactions');
    expect(run.stdout).toContain('RMB41,000,000.00');
    expect(run.stdout).toContain('RMB33,500,000.00');

    const store = await openStore({ engine: 'sqlite', dataDir: data });
    const issuer = (await store.listIssuers()).find((i) => i.isDemo);
    const agreementId = (await store.listAgreements(issuer?.id ?? ''))[0]?.id ?? '';
    await store.close();
    const draft = await runArmslength(
      [
        'report',
        'announcement-draft',
        '--period',
        '2025-07-29',
        '--agreement',
        agreementId,
        '--lang',
        'zh-Hant',
        '--data',
        data,
      ],
      { today: AFTER_FY2026 },
    );
    expect(draft.code, draft.stderr).toBe(0);
    expect(draft.stdout).toContain('公告初稿');
    expect(draft.stdout).toContain('雷軍');
    const missing = await runArmslength(
      ['report', 'announcement-draft', '--period', '2025-07-29', '--data', data],
      {
        today: AFTER_FY2026,
      },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/agreement/);
  });
});
