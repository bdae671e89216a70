/**
 * Builders for scenarios in tests: the digest §15 baseline issuer (market capitalisation HK$10,000m,
 * total assets HK$20,000m, revenue HK$8,000m, RMB1 = HK$1.08) and short forms for parties,
 * relationships and agreements. Pure data, no I/O.
 */
import type { AgreementDraft, CapDraft, CategoryDraft } from '../agreement.js';
import { calendarDate, type CalendarDate } from '../dates.js';
import { defaultPricingPolicy } from '../pricing/types.js';
import type { CurrencyCode } from '../money.js';
import { frac } from './fraction.js';
import {
  DEFAULT_OPTIONS,
  type ClassificationOptions,
  type FamilyRelation,
  type Fraction,
  type IssuerFigures,
  type Party,
  type PartyKind,
  type Relationship,
  type Scenario,
  type ScenarioAgreement,
} from './types.js';

export const ISSUER = 'issuer';
const d = (s: string): CalendarDate => calendarDate(s);

/** "11.12" → 11.12% as a share of 1. */
export function pc(text: string): Fraction {
  const [whole = '0', fr = ''] = text.split('.');
  return frac(BigInt(whole + fr), 100n * 10n ** BigInt(fr.length));
}

/** Millions of a currency in minor units: m('8000') = HK$8,000m in cents. */
export function m(text: string): bigint {
  const [whole = '0', fr = ''] = text.split('.');
  return (BigInt(whole + fr) * 10n ** 8n) / 10n ** BigInt(fr.length);
}

export const BASELINE_FIGURES: IssuerFigures = {
  currency: 'HKD',
  totalAssets: m('20000'),
  revenue: m('8000'),
  profits: m('500'),
  marketCapitalisation: m('10000'),
};

export const party = (id: string, kind: PartyKind = 'company', extra: Partial<Party> = {}): Party => ({
  id,
  kind,
  name: { en: extra.name?.en ?? id, 'zh-Hant': extra.name?.['zh-Hant'] ?? null },
  birthDate: extra.birthDate ?? null,
  ...(extra.passiveInvestor !== undefined ? { passiveInvestor: extra.passiveInvestor } : {}),
});
export const person = (id: string, birthDate: string | null = null): Party =>
  party(id, 'individual', birthDate ? { birthDate: d(birthDate) } : {});

const open = { from: null, to: null };
export const holds = (
  holder: string,
  company: string,
  percent: string,
  through?: string,
  validity = open,
): Relationship => ({
  kind: 'shareholding',
  holder,
  company,
  percent: pc(percent),
  percentThroughIssuerGroup: through === undefined ? null : pc(through),
  ...validity,
});
export const role = (
  kind: 'director' | 'chief-executive' | 'supervisor',
  personId: string,
  company: string,
  from: string | null = null,
  to: string | null = null,
): Relationship => ({ kind, person: personId, company, from: from ? d(from) : null, to: to ? d(to) : null });
export const family = (personId: string, relative: string, relation: FamilyRelation): Relationship => ({
  kind: 'family',
  person: personId,
  relative,
  relation,
  ...open,
});
export const boardControl = (holder: string, company: string): Relationship => ({
  kind: 'board-control',
  holder,
  company,
  ...open,
});
export const trust = (trustee: string, beneficiary: string): Relationship => ({
  kind: 'trust',
  trustee,
  beneficiary,
  ...open,
});
export const figures = (company: string, years: [number, string, string, string][]): Relationship => ({
  kind: 'subsidiary-figures',
  company,
  years: years.map(([year, a, p, r]) => ({
    year,
    assetsRatio: pc(a),
    profitsRatio: pc(p),
    revenueRatio: pc(r),
  })),
});

export interface AgreementSpec {
  id: string;
  counterparty: string;
  /** [key, termStart, termEnd] */
  categories?: [string, string, string][];
  /** [categoryKey, periodStart, periodEnd, amount in millions, currency] */
  caps: [string, string, string, string, CurrencyCode][];
  normalCommercialTerms?: boolean;
  boardApproved?: boolean;
  inedConfirmed?: boolean;
  ifa?: boolean;
  revenueNatureOrdinaryCourse?: boolean;
  signedOn?: string;
}

export function agreement(spec: AgreementSpec): ScenarioAgreement {
  const keys = spec.categories ?? [
    [spec.caps[0]?.[0] ?? 'main', spec.caps[0]?.[1] ?? '2026-01-01', '2026-12-31'],
  ];
  const categories: CategoryDraft[] = keys.map(([key, start, end]) => ({
    key,
    name: { en: key, 'zh-Hant': null },
    direction: 'issuer-purchases',
    termStart: d(start),
    termEnd: d(end),
    pricingBasis: 'market price',
    pricingPolicy: defaultPricingPolicy('issuer-purchases'),
    ifaOpinion: spec.ifa ? { adviser: 'IFA Ltd', date: d(start), reference: 'IFA-1' } : null,
  }));
  const caps: CapDraft[] = spec.caps.map(([key, start, end, amount, currency]) => ({
    categoryKeys: [key],
    periodStart: d(start),
    periodEnd: d(end),
    amount: { currency, minor: m(amount) },
  }));
  const draft: AgreementDraft = {
    name: { en: spec.id, 'zh-Hant': null },
    counterparty: { name: { en: spec.counterparty, 'zh-Hant': null }, partyId: spec.counterparty },
    signedOn: d(spec.signedOn ?? categories[0]?.termStart ?? '2026-01-01'),
    recognitionBasis: 'fee-payable',
    amountsInclude: 'including-tax',
    categories,
    caps,
  };
  return {
    id: spec.id,
    counterparty: spec.counterparty,
    draft,
    normalCommercialTerms: spec.normalCommercialTerms ?? true,
    boardApproved: spec.boardApproved ?? true,
    inedConfirmed: spec.inedConfirmed ?? true,
    ...(spec.revenueNatureOrdinaryCourse !== undefined
      ? { revenueNatureOrdinaryCourse: spec.revenueNatureOrdinaryCourse }
      : {}),
  };
}

export function scenario(parts: {
  asOf?: string;
  parties?: Party[];
  relationships?: Relationship[];
  agreements?: ScenarioAgreement[];
  figures?: Partial<IssuerFigures>;
  options?: Partial<ClassificationOptions>;
}): Scenario {
  return {
    asOf: d(parts.asOf ?? '2025-07-29'),
    issuer: {
      id: ISSUER,
      name: { en: 'Issuer Holdings Limited', 'zh-Hant': '發行人控股有限公司' },
      financialYearEnd: '12-31',
      figures: { ...BASELINE_FIGURES, ...parts.figures },
    },
    fx: [{ from: 'CNY', to: 'HKD', rate: { numerator: 108n, denominator: 100n }, rateText: '1.08' }],
    parties: parts.parties ?? [],
    relationships: parts.relationships ?? [],
    agreements: parts.agreements ?? [],
    options: { ...DEFAULT_OPTIONS, ...parts.options },
  };
}

/** The seed case: Kingsoft Cloud and Xiaomi, 29 July 2025, on the §15 baseline figures. */
export function seedScenario(): Scenario {
  const s = scenario({
    asOf: '2025-07-29',
    parties: [
      party('xiaomi', 'company', { name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' } }),
      party('xiaomi-sub', 'company', { name: { en: 'Xiaomi Technology', 'zh-Hant': '小米科技' } }),
      party('lei-jun', 'individual', { name: { en: 'Lei Jun', 'zh-Hant': '雷軍' } }),
      party('zou-tao', 'individual', { name: { en: 'Zou Tao', 'zh-Hant': '鄒濤' } }),
      party('zhang-duo', 'individual', { name: { en: 'Zhang Duo', 'zh-Hant': '張鐸' } }),
      party('yu-mingto', 'individual', { name: { en: 'Yu Mingto', 'zh-Hant': '俞明仝' } }),
      party('wang-hang', 'individual', { name: { en: 'Wang Hang', 'zh-Hant': '王航' } }),
      party('qu-jingyuan', 'individual', { name: { en: 'Qu Jingyuan', 'zh-Hant': '曲靜淵' } }),
    ],
    relationships: [
      holds('xiaomi', ISSUER, '11.12'),
      holds('xiaomi', 'xiaomi-sub', '100'),
      holds('lei-jun', 'xiaomi', '23.78'),
      role('director', 'lei-jun', ISSUER, '2016-01-01'),
      role('director', 'lei-jun', 'xiaomi', '2010-01-05'),
      role('director', 'zou-tao', ISSUER, '2016-01-01'),
      role('chief-executive', 'zou-tao', ISSUER, '2016-01-01'),
      role('director', 'zhang-duo', ISSUER, '2020-01-01'),
      role('director', 'zhang-duo', 'xiaomi', '2020-01-01'),
      role('director', 'yu-mingto', ISSUER, '2020-01-01'),
      role('director', 'wang-hang', ISSUER, '2020-01-01'),
      role('director', 'qu-jingyuan', ISSUER, '2020-01-01'),
    ],
    agreements: [
      agreement({
        id: 'xiaomi-2025',
        counterparty: 'xiaomi',
        signedOn: '2025-07-29',
        categories: [
          ['idc-services', '2025-07-29', '2028-07-28'],
          ['network-hardware', '2025-07-29', '2026-07-28'],
        ],
        caps: [
          ['idc-services', '2025-07-29', '2025-12-31', '41.0', 'CNY'],
          ['idc-services', '2026-01-01', '2026-12-31', '82.0', 'CNY'],
          ['idc-services', '2027-01-01', '2027-12-31', '82.0', 'CNY'],
          ['idc-services', '2028-01-01', '2028-07-28', '41.0', 'CNY'],
          ['network-hardware', '2025-07-29', '2025-12-31', '33.5', 'CNY'],
          ['network-hardware', '2026-01-01', '2026-07-28', '6.7', 'CNY'],
        ],
      }),
    ],
  });
  return {
    ...s,
    issuer: {
      ...s.issuer,
      id: ISSUER,
      name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': '金山云控股有限公司' },
    },
    agreements: s.agreements.map((a) => ({
      ...a,
      draft: {
        ...a.draft,
        name: {
          en: 'the 2025 Xiaomi Cooperation Framework Agreement',
          'zh-Hant': '二零二五年小米合作框架協議',
        },
        categories: a.draft.categories.map((c) => ({
          ...c,
          name:
            c.key === 'idc-services'
              ? { en: 'the procurement of IDC related services', 'zh-Hant': '採購IDC相關服務' }
              : { en: 'the procurement of network hardware devices', 'zh-Hant': '採購網絡硬件設備' },
        })),
      },
    })),
  };
}
