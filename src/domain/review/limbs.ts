/**
 * Issue 7: the confirmation the independent non-executive directors give every year on the
 * continuing connected transactions (Rule 14A.55), limb by limb.
 *
 * Rule 14A.55 has three limbs: the transactions were entered into (1) in the ordinary and usual
 * course of the group's business; (2) on normal commercial terms or better; (3) according to the
 * agreement governing them, on terms that are fair and reasonable and in the interests of the
 * shareholders as a whole. Many issuers split (3) in two, as the seed case does ("four
 * confirmations": per agreement and fair and reasonable / in the interests of the company and its
 * shareholders as a whole). Which wording an issuer uses is its policy [P], chosen per financial year;
 * the seed's four limbs are the default.
 *
 * Each limb carries its rule reference and its wording in both languages, so that the review pack,
 * the sign-off and the annual report disclosure quote the same text.
 */
import type { Bilingual } from '../reports/document.js';

export const LIMB_WORDINGS = ['three', 'four'] as const;
export type LimbWording = (typeof LIMB_WORDINGS)[number];

/** The seed case's "four confirmations" (section IV, 3 of the announcement). */
export const DEFAULT_LIMB_WORDING: LimbWording = 'four';

export type LimbKey =
  | 'ordinary-course'
  | 'normal-commercial-terms'
  | 'per-agreement-fair-reasonable-interests'
  | 'per-agreement-fair-reasonable'
  | 'shareholders-interests';

/**
 * What the evidence of a limb is about: the nature of the business, the pricing, the terms and caps,
 * and the interests of the shareholders. The three-limb wording's third limb needs the last two.
 */
export type LimbEvidence = 'business' | 'pricing' | 'terms' | 'interests';

export interface ConfirmationLimb {
  readonly key: LimbKey;
  /** The rule paragraph: '14A.55(1)'. */
  readonly rule: string;
  /** Its number in the confirmation as printed: '(i)'. */
  readonly number: string;
  /** A short name for tables: "Ordinary and usual course of business". */
  readonly label: Bilingual;
  /** The words the INEDs confirm, continuing "…have been entered into". */
  readonly wording: Bilingual;
  /** "Rule 14A.55(1) of the Listing Rules" / "上市規則第14A.55(1)條". */
  readonly citation: Bilingual;
  readonly evidence: readonly LimbEvidence[];
}

const citation = (rule: string): Bilingual => ({
  en: `Rule ${rule} of the Listing Rules`,
  'zh-Hant': `上市規則第${rule}條`,
});

const limb = (
  key: LimbKey,
  rule: string,
  number: string,
  label: [string, string],
  wording: [string, string],
  evidence: readonly LimbEvidence[],
): ConfirmationLimb => ({
  key,
  rule,
  number,
  label: { en: label[0], 'zh-Hant': label[1] },
  wording: { en: wording[0], 'zh-Hant': wording[1] },
  citation: citation(rule),
  evidence,
});

const ORDINARY_COURSE = limb(
  'ordinary-course',
  '14A.55(1)',
  '(i)',
  ['Ordinary and usual course of business', '日常及一般業務過程'],
  ['in the ordinary and usual course of business of the Group', '於本集團的日常及一般業務過程中訂立'],
  ['business'],
);

const NORMAL_COMMERCIAL_TERMS = limb(
  'normal-commercial-terms',
  '14A.55(2)',
  '(ii)',
  ['Normal commercial terms or better', '一般商業條款或更佳條款'],
  ['on normal commercial terms or better', '按一般商業條款或更佳條款進行'],
  ['pricing'],
);

/** The limbs of each wording, in the order they are confirmed. */
export const CONFIRMATION_LIMBS: Readonly<Record<LimbWording, readonly ConfirmationLimb[]>> = {
  three: [
    ORDINARY_COURSE,
    NORMAL_COMMERCIAL_TERMS,
    limb(
      'per-agreement-fair-reasonable-interests',
      '14A.55(3)',
      '(iii)',
      [
        'Per the agreement, fair and reasonable, in the shareholders’ interests',
        '按協議進行、公平合理並符合股東利益',
      ],
      [
        'according to the agreements governing them on terms that are fair and reasonable and in the interests of the shareholders of the Company as a whole',
        '根據規管該等交易的協議進行，條款公平合理，並符合本公司股東的整體利益',
      ],
      ['terms', 'interests'],
    ),
  ],
  four: [
    ORDINARY_COURSE,
    NORMAL_COMMERCIAL_TERMS,
    limb(
      'per-agreement-fair-reasonable',
      '14A.55(3)',
      '(iii)',
      ['Per the agreement, fair and reasonable', '按協議進行及公平合理'],
      [
        'in accordance with the agreements governing them on terms that are fair and reasonable',
        '根據規管該等交易的協議進行，條款公平合理',
      ],
      ['terms'],
    ),
    limb(
      'shareholders-interests',
      '14A.55(3)',
      '(iv)',
      ['In the interests of the Company and its shareholders as a whole', '符合本公司及其股東的整體利益'],
      ['in the interests of the Company and its shareholders as a whole', '符合本公司及其股東的整體利益'],
      ['interests'],
    ),
  ],
};

export const isLimbWording = (value: unknown): value is LimbWording =>
  typeof value === 'string' && (LIMB_WORDINGS as readonly string[]).includes(value);

/** The limbs of the wording; no wording recorded for the year means the default (the seed's four). */
export const limbsOf = (wording: LimbWording | null | undefined): readonly ConfirmationLimb[] =>
  CONFIRMATION_LIMBS[wording ?? DEFAULT_LIMB_WORDING];

/** The limb `key` of the wording, or undefined when the wording has no such limb. */
export const findLimb = (wording: LimbWording, key: string): ConfirmationLimb | undefined =>
  CONFIRMATION_LIMBS[wording].find((l) => l.key === key);

/**
 * The confirmation as the annual report prints it (T7 of the rule digest, with "or better" as
 * 14A.55 says): "The independent non-executive Directors have reviewed the continuing connected
 * transactions and confirmed that they have been entered into: (i) …; (ii) …; and (iii) …".
 */
export function confirmationSentence(wording: LimbWording): Bilingual {
  const limbs = CONFIRMATION_LIMBS[wording];
  const en = limbs
    .map((l, i) => `${i === limbs.length - 1 ? 'and ' : ''}${l.number} ${l.wording.en}`)
    .join('; ');
  const zh = limbs.map((l) => `${l.number}${l.wording['zh-Hant']}`).join('；');
  return {
    en: `The independent non-executive Directors have reviewed the continuing connected transactions and confirmed that they have been entered into: ${en} (Rule 14A.55 of the Listing Rules).`,
    'zh-Hant': `獨立非執行董事已審閱持續關連交易，並確認該等交易：${zh}（上市規則第14A.55條）。`,
  };
}
