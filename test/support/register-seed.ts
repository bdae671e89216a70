/** The seed case recorded through the register use cases (digest §15 baseline figures, RMB1 = HK$1.08). */
import { recordIssuerFigures } from '../../src/app/issuer-figures.js';
import { recordFxRate } from '../../src/app/record-fx-rate.js';
import { recordRegister } from '../../src/app/register.js';
import { seedAgreement, type TestWorld } from './context.js';

export const DIRECTORS = ['lei-jun', 'zou-tao', 'zhang-duo', 'yu-mingto', 'wang-hang', 'qu-jingyuan'];

/** The digest §15 baseline issuer: market capitalisation HK$10,000m, total assets 20,000m, revenue 8,000m. */
export const BASELINE_FIGURES = {
  currency: 'HKD',
  totalAssets: '20000000000.00',
  revenue: '8000000000.00',
  profits: '-2000000000.00',
  marketCapitalisation: '10000000000.00',
};

export const seedParties = (issuerId: string) => [
  {
    id: issuerId,
    kind: 'company',
    name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': '金山云控股有限公司' },
  },
  { id: 'xiaomi', kind: 'company', name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' } },
  { id: 'lei-jun', kind: 'individual', name: { en: 'Lei Jun', 'zh-Hant': '雷軍' } },
  { id: 'zou-tao', kind: 'individual', name: 'Zou Tao' },
  { id: 'zhang-duo', kind: 'individual', name: 'Zhang Duo' },
  { id: 'yu-mingto', kind: 'individual', name: 'Yu Mingto' },
  { id: 'wang-hang', kind: 'individual', name: 'Wang Hang' },
  { id: 'qu-jingyuan', kind: 'individual', name: 'Qu Jingyuan' },
];

export const seedRelationships = (issuerId: string, xiaomiHolding: { to?: string } = {}) => [
  { kind: 'shareholding', holder: 'xiaomi', company: issuerId, percent: '11.12', ...xiaomiHolding },
  ...DIRECTORS.map((person) => ({ kind: 'director', person, company: issuerId })),
  { kind: 'director', person: 'lei-jun', company: 'xiaomi' },
  { kind: 'shareholding', holder: 'lei-jun', company: 'xiaomi', percent: '20' },
  { kind: 'director', person: 'zhang-duo', company: 'xiaomi' },
];

/**
 * Records the seed case: parties first, then the relationships in a second batch (they name parties
 * recorded earlier and the issuer's own id), the baseline figures, RMB1 = HK$1.08, and the seed
 * agreement with counterparty party id "xiaomi".
 */
export async function recordSeedCase(w: TestWorld, opts: { xiaomiHoldingTo?: string } = {}) {
  const issuerId = w.actor.issuerId;
  const parties = await recordRegister(w.ctx, w.actor, { parties: seedParties(issuerId) });
  const relationships = await recordRegister(w.ctx, w.actor, {
    relationships: seedRelationships(
      issuerId,
      opts.xiaomiHoldingTo !== undefined ? { to: opts.xiaomiHoldingTo } : {},
    ),
  });
  await recordIssuerFigures(w.ctx, w.actor, {
    asOf: '2025-06-30',
    figures: BASELINE_FIGURES,
    source: 'listing-rules.md §15 baseline issuer',
  });
  await recordFxRate(w.ctx, w.actor, {
    from: 'CNY',
    to: 'HKD',
    date: '2025-07-28',
    rate: '1.08',
    source: 'digest test fixture',
  });
  const { agreement, cap } = await seedAgreement(w);
  return { parties, relationships, agreement, cap };
}
