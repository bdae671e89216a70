/**
 * Issue 7, item 6: the draft announcement of a CCT (Rules 14A.35 and 14A.68) on the demo data, on
 * both engines. What a company secretary checks: the seed's caps with their exact figures and the
 * unit in the header, the directors who abstained named, the historical amounts equal to the ledger's,
 * the monitoring threshold of the issuer's policy, the Listing Rules implications with rule citations,
 * visible placeholders where the records hold nothing, both languages complete, and the refusals.
 */
import ExcelJS from 'exceljs';
import { expect, it, onTestFinished } from 'vitest';
import { putMonitoringPolicy } from '../src/app/alerts.js';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import { createAgreement } from '../src/app/create-agreement.js';
import { createIssuer } from '../src/app/issuers.js';
import type { Actor, Store } from '../src/app/ports.js';
import { reviseCap } from '../src/app/revise-cap.js';
import { buildAnnouncementDraft } from '../src/app/reports/announcement.js';
import { AVAILABLE_REPORT_KINDS, buildReport } from '../src/app/reports/index.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import type { Bilingual, Cell, ReportDocument } from '../src/domain/reports/document.js';
import { buildServer } from '../src/http/server.js';
import { renderReportFile } from '../src/reports/index.js';
import { describeEachEngine } from './support/engines.js';
import { tokenFor } from './support/http.js';
import { loadedDemo, records, table } from './support/reports.js';

const TODAY = '2026-11-23';
const SIGNED = '2025-07-29';

const loaded = (open: () => Promise<Store>, today = TODAY) =>
  loadedDemo(open, today, 'company-secretary', [...OPERATOR_ROLES]);

const text = (c: Cell | undefined, lang: 'en' | 'zh-Hant' = 'en'): string => {
  if (!c || c.kind !== 'text') throw new Error('not a text cell');
  return typeof c.text === 'string' ? c.text : c.text[lang];
};
const date = (c: Cell | undefined): string => {
  if (!c || c.kind !== 'date') throw new Error('not a date cell');
  return c.date;
};
const money = (c: Cell | undefined): bigint => {
  if (!c || c.kind !== 'money') throw new Error('not a money cell');
  return c.minor;
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
  expect(all.length).toBeGreaterThan(40);
  for (const [where, b] of all) {
    expect(b.en.trim(), where).not.toBe('');
    expect(b['zh-Hant'].trim(), where).not.toBe('');
  }
}

const section = (doc: ReportDocument, key: string, lang: 'en' | 'zh-Hant' = 'en'): string => {
  const s = doc.sections.find((x) => x.key === key);
  if (!s) throw new Error(`no section ${key}`);
  return (s.paragraphs ?? []).map((p) => p[lang]).join('\n');
};

/** The seed's six caps in the order the announcement's tables state them. */
const SEED_CAPS: [string, string, string, string, bigint][] = [
  ['IDC services', '2025-07-29', '2025-12-31', '41.0', 4_100_000_000n],
  ['Network hardware equipment', '2025-07-29', '2025-12-31', '33.5', 3_350_000_000n],
  ['IDC services', '2026-01-01', '2026-12-31', '82.0', 8_200_000_000n],
  ['Network hardware equipment', '2026-01-01', '2026-07-28', '6.7', 670_000_000n],
  ['IDC services', '2027-01-01', '2027-12-31', '82.0', 8_200_000_000n],
  ['IDC services', '2028-01-01', '2028-07-28', '41.0', 4_100_000_000n],
];

describeEachEngine('announcement draft (14A.35, 14A.68)', (open) => {
  it('states every cap of the seed with its exact figure, "RMB million" in the header and one decimal in the text', async () => {
    const { ctx, actor, agreementId } = await loaded(open);
    const doc = await buildAnnouncementDraft(ctx, actor, { period: SIGNED, agreementId });
    expect(doc).toMatchObject({
      kind: 'announcement-draft',
      demo: true,
      issuer: { id: actor.issuerId },
      period: { start: SIGNED, end: SIGNED },
    });
    const caps = table(doc, 'annual-caps');
    expect(caps.columns.find((c) => c.key === 'cap_million')?.header).toEqual({
      en: 'Annual cap (RMB million)',
      'zh-Hant': '年度上限（人民幣百萬元）',
    });
    expect(
      records(caps).map((r) => [
        text(r['category']),
        date(r['period_start']),
        date(r['period_end']),
        text(r['cap_million']),
        money(r['cap']),
      ]),
    ).toEqual(SEED_CAPS);
    // Stub periods name both ends; whole financial years are named by their end.
    expect(records(caps).map((r) => text(r['period'], 'zh-Hant'))).toContain(
      '自二零二五年七月二十九日起至二零二五年十二月三十一日止期間',
    );
    expect(records(caps).map((r) => text(r['period']))).toContain('the year ending 31 December 2026');
    const paragraphs = section(doc, 'annual-caps');
    expect(paragraphs).toContain(
      'RMB41.0 million for the period from 29 July 2025 to 31 December 2025, RMB82.0 million for the year ending 31 December 2026',
    );
    expect(paragraphs).toContain(
      'RMB33.5 million for the period from 29 July 2025 to 31 December 2025 and RMB6.7 million for the period from 1 January 2026 to 28 July 2026',
    );
    expect(section(doc, 'annual-caps', 'zh-Hant')).toContain(
      '截至二零二六年十二月三十一日止年度為人民幣82.0百萬元',
    );
    // The principal terms: date, parties, each category's term.
    const terms = records(table(doc, 'principal-terms'));
    expect(terms.map((r) => text(r['item']))).toEqual([
      'Date',
      'Parties',
      'Term',
      'Subject matter',
      'Pricing basis',
    ]);
    expect(text(terms[1]?.['details'])).toBe('(i) the Company; and (ii) Xiaomi Corporation');
    expect(text(terms[2]?.['details'])).toContain('IDC services: from 29 July 2025 to 28 July 2028');
    expect(text(terms[4]?.['details'])).toContain('at least 2 independent third parties');
    expectBothLanguages(doc);
  });

  it('names the directors who abstained on the board resolution (Lei Jun, Zhang Duo), with the rule', async () => {
    const { ctx, actor, agreementId } = await loaded(open);
    const doc = await buildAnnouncementDraft(ctx, actor, { period: SIGNED, agreementId });
    const en = section(doc, 'board-views');
    expect(en).toContain(
      'Lei Jun and Zhang Duo are considered to have a material interest in the transactions',
    );
    expect(en).toContain('have abstained from voting on the Board resolution of 29 July 2025');
    expect(en).toContain('Rule 13.44 of the Listing Rules');
    expect(en).not.toContain('Zou Tao');
    const zh = section(doc, 'board-views', 'zh-Hant');
    expect(zh).toContain('雷軍及張鐸被視為於該等交易中擁有重大權益');
    expect(zh).toContain('上市規則第13.44條');
    // A draft as at a day before the board met has no resolution yet: the abstentions are to be completed.
    const before = await buildAnnouncementDraft(ctx, actor, { period: '2025-07-28', agreementId });
    expect(section(before, 'board-views')).toContain(
      '[To be completed: no Board resolution approving the 2025 Xiaomi Cooperation Framework Agreement is recorded',
    );
  });

  it('says there are no historical amounts at signing, and later gives the ledger’s actual amounts by cap period', async () => {
    const { ctx, actor, store, agreementId } = await loaded(open);
    const atSigning = await buildAnnouncementDraft(ctx, actor, { period: SIGNED, agreementId });
    expect(section(atSigning, 'cap-basis')).toContain(
      'The Group has no historical transaction amounts with Xiaomi Corporation for IDC services and Network hardware equipment',
    );
    expect(section(atSigning, 'cap-basis', 'zh-Hant')).toContain(
      '本集團並無與小米集團進行IDC相關服務及網絡硬件設備的歷史交易金額',
    );

    const later = await buildAnnouncementDraft(ctx, actor, { period: TODAY, agreementId });
    const agreement = await store.getAgreement(actor.issuerId, agreementId);
    const rows = records(table(later, 'historical-amounts'));
    expect(rows.map((r) => date(r['period_start']))).toEqual([
      '2025-07-29',
      '2025-07-29',
      '2026-01-01',
      '2026-01-01',
    ]);
    for (const r of rows) {
      const cap = agreement?.caps.find(
        (c) =>
          c.periodStart === date(r['period_start']) &&
          c.categoryIds.some(
            (id) => agreement.categories.find((k) => k.id === id)?.name.en === text(r['category']),
          ),
      );
      if (!cap) throw new Error('no cap');
      const ledger = (await store.actualsByDate(cap.id))
        .filter((d) => d.date <= TODAY)
        .reduce((s, d) => s + d.minor, 0n);
      expect(ledger).toBeGreaterThan(0n);
      expect(money(r['actual'])).toBe(ledger);
    }
  });

  it('marks in both languages what the records lack: the cap basis, the reasons and benefits, the parties, the INEDs’ views', async () => {
    const { ctx, actor, agreementId } = await loaded(open);
    const doc = await buildAnnouncementDraft(ctx, actor, { period: SIGNED, agreementId });
    for (const [key, en, zh] of [
      [
        'cap-basis',
        '[To be completed: the basis on which the annual caps were determined',
        '[待填寫：年度上限的釐定基準',
      ],
      [
        'reasons-benefits',
        '[To be completed: the reasons for and benefits of entering into',
        '[待填寫：訂立二零二五年小米合作框架協議的理由及裨益',
      ],
      [
        'parties',
        "[To be completed: Xiaomi Corporation's place of incorporation, principal business and ultimate beneficial owner(s)",
        '[待填寫：小米集團的註冊成立地點',
      ],
      // No shareholders' approval is required (14A.76(2)(a)): the INEDs' views go in the announcement.
      [
        'board-views',
        '[To be completed: the views of the Directors (excluding those who abstained, and including the independent non-executive Directors)',
        '[待填寫：董事（不包括須放棄投票的董事，但包括獨立非執行董事）',
      ],
    ] as const) {
      expect(section(doc, key), key).toContain(en);
      expect(section(doc, key, 'zh-Hant'), key).toContain(zh);
    }
    expect(section(doc, 'board-views')).toContain('Rule 14A.68(3) of the Listing Rules');
  });

  it('states the issuer’s own alert threshold in the internal control measures, not a fixed 80%', async () => {
    const { ctx, actor, agreementId } = await loaded(open);
    const seed = await buildAnnouncementDraft(ctx, actor, { period: SIGNED, agreementId });
    expect(section(seed, 'internal-controls')).toContain('reaches 80% of the annual cap for that year');
    await putMonitoringPolicy(ctx, actor, { thresholds: ['90', '75'] });
    const own = await buildAnnouncementDraft(ctx, actor, { period: SIGNED, agreementId });
    expect(section(own, 'internal-controls')).toContain('reaches 75% of the annual cap for that year');
    expect(section(own, 'internal-controls', 'zh-Hant')).toContain('年度上限的75%');
    expect(section(own, 'internal-controls')).toContain('at least 2 independent third parties');
  });

  it('gives the Listing Rules implications of the stored classification, with the tier’s requirements and rule citations', async () => {
    const { ctx, actor, agreementId } = await loaded(open);
    const doc = await buildAnnouncementDraft(ctx, actor, { period: SIGNED, agreementId });
    const en = section(doc, 'listing-rules');
    expect(en).toContain('Xiaomi Corporation is a connected person of the Company');
    expect(en).toContain('higher than 0.1% but less than 5%');
    expect(en).toContain('Rule 14A.76(2)(a) of the Listing Rules');
    expect(section(doc, 'listing-rules', 'zh-Hant')).toContain('上市規則第14A.76(2)(a)條');
    const requirements = records(table(doc, 'requirements'));
    expect(requirements.map((r) => text(r['rule']))).toEqual(
      expect.arrayContaining(['Rule 14A.35 of the Listing Rules', 'Rule 14A.55 of the Listing Rules']),
    );
    expect(requirements.map((r) => text(r['rule'], 'zh-Hant'))).toContain('上市規則第14A.71條');
    // Exempt from shareholders' approval: no circular, no independent shareholders' approval.
    expect(requirements.map((r) => text(r['rule']))).not.toContain('Rule 14A.36 of the Listing Rules');
    // The definitions, from the glossary.
    const terms = records(table(doc, 'definitions')).map((r) => text(r['term'], 'zh-Hant'));
    expect(terms).toEqual(
      expect.arrayContaining(['「二零二五年小米合作框架協議」', '「關連人士」', '「獨立第三方」', '「IDC」']),
    );
  });

  it('shows a revised cap as the cap in force, with what it was revised from', async () => {
    const { ctx, actor, store, agreementId } = await loaded(open);
    const agreement = await store.getAgreement(actor.issuerId, agreementId);
    const idc = agreement?.categories.find((c) => c.key === 'idc-services');
    const stub2028 = agreement?.caps.find(
      (c) => c.periodStart === '2028-01-01' && c.categoryIds.includes(idc?.id ?? ''),
    );
    await reviseCap(ctx, actor, stub2028?.id ?? '', {
      amount: '45000000.00',
      effectiveFrom: '2028-01-01',
      approvedOn: '2026-11-20',
      reason: 'Higher IDC demand in 2028',
      approvalReference: 'Board minutes 2026-11-20',
    });
    const doc = await buildAnnouncementDraft(ctx, actor, { period: TODAY, agreementId });
    const row = records(table(doc, 'annual-caps')).find((r) => date(r['period_start']) === '2028-01-01');
    expect(money(row?.['cap'])).toBe(4_500_000_000n);
    expect(text(row?.['cap_million'])).toBe('45.0');
    expect(text(row?.['status'])).toBe('Revised from RMB41.0 million');
    expect(section(doc, 'introduction')).toContain(
      'On 20 November 2026, the Board approved the revision of the annual cap for IDC services for the period from 1 January 2028 to 28 July 2028 from RMB41.0 million to RMB45.0 million',
    );
    // As at a day before the revision, the stated cap.
    const before = await buildAnnouncementDraft(ctx, actor, { period: '2026-11-19', agreementId });
    expect(
      text(
        records(table(before, 'annual-caps')).find((r) => date(r['period_start']) === '2028-01-01')?.[
          'cap_million'
        ],
      ),
    ).toBe('41.0');
  });

  it('refuses a missing agreement (422 agreement), an unknown or another issuer’s agreement (404), and a bad or future date', async () => {
    const { ctx, actor, agreementId } = await loaded(open);
    await expect(buildAnnouncementDraft(ctx, actor, { period: SIGNED })).rejects.toMatchObject({
      kind: 'invalid_input',
      details: { errors: [expect.objectContaining({ path: 'agreement' })] },
    });
    await expect(
      buildAnnouncementDraft(ctx, actor, { period: SIGNED, agreementId: 'agr_nope' }),
    ).rejects.toMatchObject({
      kind: 'not_found',
    });
    const other = await createIssuer(ctx, {
      name: { en: 'Other Issuer Ltd', 'zh-Hant': '其他發行人有限公司' },
      isDemo: false,
    });
    const outsider: Actor = { userId: 'outsider', issuerId: other.id, roles: [...OPERATOR_ROLES] };
    await expect(
      buildAnnouncementDraft(ctx, outsider, { period: SIGNED, agreementId }),
    ).rejects.toMatchObject({
      kind: 'not_found',
    });
    for (const period of ['2026-11-24', '2025-07', '29 July 2025', '2025-02-30', '']) {
      await expect(buildAnnouncementDraft(ctx, actor, { period, agreementId }), period).rejects.toMatchObject(
        {
          kind: 'invalid_input',
          details: { errors: [expect.objectContaining({ path: 'period' })] },
        },
      );
    }
    await expect(
      buildAnnouncementDraft(ctx, { ...actor, roles: ['admin'] }, { period: SIGNED, agreementId }),
    ).rejects.toMatchObject({
      kind: 'forbidden',
    });
    expect(AVAILABLE_REPORT_KINDS).toContain('announcement-draft');
    await expect(
      buildReport(ctx, actor, 'announcement-draft', { period: SIGNED, agreementId }),
    ).resolves.toMatchObject({
      kind: 'announcement-draft',
    });
  });

  it('marks an agreement the register and the board minutes know nothing of, instead of inventing its relationship', async () => {
    const { ctx, actor } = await loaded(open);
    const created = await createAgreement(ctx, actor, {
      ...seedAgreementInput(),
      name: { en: 'Unregistered Supply Agreement', 'zh-Hant': '未登記供應協議' },
      counterparty: { name: { en: 'Unregistered Supplier Ltd', 'zh-Hant': '未登記供應商有限公司' } },
    });
    const doc = await buildAnnouncementDraft(ctx, actor, { period: TODAY, agreementId: created.id });
    expect(section(doc, 'parties')).toContain(
      '[To be completed: the connected relationship of Unregistered Supplier Ltd: the register holds no record of it',
    );
    expect(section(doc, 'board-views')).toContain(
      '[To be completed: no Board resolution approving the Unregistered Supply Agreement is recorded',
    );
    expect(section(doc, 'listing-rules')).toContain(
      '[To be completed: the Listing Rules implications: the agreement could not be classified',
    );
    expectBothLanguages(doc);
  });

  it('renders as HTML and XLSX, and is served over HTTP with ?agreement (422 without it, 404 for another issuer’s)', async () => {
    const { ctx, actor, agreementId } = await loaded(open);
    const doc = await buildAnnouncementDraft(ctx, actor, { period: SIGNED, agreementId });
    const html = (await renderReportFile(doc, 'html', 'zh-Hant', undefined)).body.toString('utf8');
    expect(html).toContain('人民幣41,000,000.00元');
    expect(html).toContain('雷軍');
    const xlsx = await renderReportFile(doc, 'xlsx', 'en', undefined);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const values: unknown[] = [];
    workbook.getWorksheet('annual-caps')?.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
    expect(values).toEqual(expect.arrayContaining([41_000_000, 82_000_000, 33_500_000, 6_700_000]));

    const app = await buildServer({ ctx });
    onTestFinished(() => app.close());
    const token = await tokenFor(ctx, actor.issuerId, ['company-secretary']);
    const get = (query: string, bearer = token) =>
      app.inject({
        method: 'GET',
        url: `/api/v1/reports/announcement-draft?${query}`,
        headers: { authorization: `Bearer ${bearer}` },
      });
    const ok = await get(`period=${SIGNED}&agreement=${agreementId}`);
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(200);
    expect(ok.body).toContain('Lei Jun and Zhang Duo');
    const missing = await get(`period=${SIGNED}`);
    expect(missing.statusCode).toBe(422);
    expect(missing.json<{ errors: { path: string }[] }>().errors[0]).toMatchObject({ path: 'agreement' });
    const other = await createIssuer(ctx, {
      name: { en: 'Other Issuer Ltd', 'zh-Hant': null },
      isDemo: false,
    });
    const outsider = await tokenFor(ctx, other.id, ['company-secretary']);
    expect((await get(`period=${SIGNED}&agreement=${agreementId}`, outsider)).statusCode).toBe(404);
  });
});
