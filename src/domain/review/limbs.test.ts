import { describe, expect, it } from 'vitest';
import {
  CONFIRMATION_LIMBS,
  confirmationSentence,
  DEFAULT_LIMB_WORDING,
  findLimb,
  isLimbWording,
  limbsOf,
  LIMB_WORDINGS,
} from './limbs.js';

describe('the limbs of the INEDs’ confirmation (Rule 14A.55)', () => {
  // One row per limb of each wording, with its rule reference, as the issuer's policy [P] chooses.
  it.each([
    ['three', 'ordinary-course', '14A.55(1)', '(i)'],
    ['three', 'normal-commercial-terms', '14A.55(2)', '(ii)'],
    ['three', 'per-agreement-fair-reasonable-interests', '14A.55(3)', '(iii)'],
    ['four', 'ordinary-course', '14A.55(1)', '(i)'],
    ['four', 'normal-commercial-terms', '14A.55(2)', '(ii)'],
    ['four', 'per-agreement-fair-reasonable', '14A.55(3)', '(iii)'],
    ['four', 'shareholders-interests', '14A.55(3)', '(iv)'],
  ] as const)('%s limbs: %s is Rule %s, numbered %s', (wording, key, rule, number) => {
    const found = findLimb(wording, key);
    expect(found).toMatchObject({ key, rule, number });
    expect(found?.citation).toEqual({
      en: `Rule ${rule} of the Listing Rules`,
      'zh-Hant': `上市規則第${rule}條`,
    });
  });

  it('has three limbs in the rule’s wording and four in the seed’s, the four being the default', () => {
    expect(CONFIRMATION_LIMBS.three.map((l) => l.key)).toHaveLength(3);
    expect(CONFIRMATION_LIMBS.four.map((l) => l.key)).toHaveLength(4);
    expect(DEFAULT_LIMB_WORDING).toBe('four');
    expect(limbsOf(null)).toBe(CONFIRMATION_LIMBS.four);
    expect(limbsOf('three')).toBe(CONFIRMATION_LIMBS.three);
    expect(findLimb('three', 'shareholders-interests')).toBeUndefined();
    expect(LIMB_WORDINGS.every(isLimbWording)).toBe(true);
    expect(isLimbWording('five')).toBe(false);
  });

  it('says "normal commercial terms or better", as 14A.55(2) does, not the older "normal commercial terms"', () => {
    for (const w of LIMB_WORDINGS)
      expect(findLimb(w, 'normal-commercial-terms')?.wording.en).toBe('on normal commercial terms or better');
  });

  it('covers the third limb’s two parts in both wordings: per the agreement and fair, and the shareholders’ interests', () => {
    const three = CONFIRMATION_LIMBS.three.flatMap((l) => l.evidence);
    const four = CONFIRMATION_LIMBS.four.flatMap((l) => l.evidence);
    expect([...three].sort()).toEqual(['business', 'interests', 'pricing', 'terms']);
    expect([...four].sort()).toEqual([...three].sort());
  });

  it('words every limb in both languages, each distinct', () => {
    for (const w of LIMB_WORDINGS) {
      const limbs = CONFIRMATION_LIMBS[w];
      for (const l of limbs)
        for (const text of [l.label, l.wording, l.citation]) {
          expect(text.en.trim()).not.toBe('');
          expect(text['zh-Hant'].trim()).not.toBe('');
          expect(text['zh-Hant']).not.toMatch(/[A-Za-z]{3,}/);
        }
      expect(new Set(limbs.map((l) => l.wording.en)).size).toBe(limbs.length);
    }
  });

  it('prints the confirmation sentence with every limb, numbered, ending "and (iv)"', () => {
    const four = confirmationSentence('four');
    expect(four.en).toContain(
      'entered into: (i) in the ordinary and usual course of business of the Group; (ii) on normal commercial terms or better; (iii) in accordance with',
    );
    expect(four.en).toContain('; and (iv) in the interests of the Company and its shareholders as a whole');
    expect(four['zh-Hant']).toContain('；(iv)符合本公司及其股東的整體利益');
    const three = confirmationSentence('three');
    expect(three.en).toContain('; and (iii) according to the agreements governing them');
    expect(three['zh-Hant']).toContain('上市規則第14A.55條');
  });
});
