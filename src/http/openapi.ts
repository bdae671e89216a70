/**
 * The OpenAPI 3.1 document of the HTTP API, written by hand: it is the public contract (issue 2,
 * item 6). test/http-api.test.ts checks that every registered route is described here and every
 * described route is registered, so that the two cannot drift.
 */

import { EVIDENCE_MAX_BYTES, EVIDENCE_MEDIA_TYPES } from '../domain/evidence.js';
import { ALERT_KINDS, RECIPIENT_ROLES } from '../domain/monitoring/policy.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const nullable = (schema: Schema): Schema => ({ oneOf: [schema, { type: 'null' }] });

const decimal: Schema = {
  type: 'string',
  pattern: '^-?\\d+(\\.\\d+)?$',
  description: 'Money as a decimal string in the currency beside it, never a JSON number: "41000000.00".',
  examples: ['41000000.00'],
};
const date: Schema = {
  type: 'string',
  format: 'date',
  description: 'A calendar date (YYYY-MM-DD), Hong Kong time.',
  examples: ['2025-07-29'],
};
const currency: Schema = {
  type: 'string',
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 code. "RMB" is accepted as CNY on input; responses say "CNY".',
  examples: ['CNY'],
};
const id: Schema = { type: 'string', examples: ['agr_5f1c9a0e2b7d4c31'] };
const text: Schema = { type: 'string' };
const sha256Schema: Schema = {
  type: 'string',
  pattern: '^[0-9a-fA-F]{64}$',
  description: 'SHA-256 of the bytes, 64 hexadecimal digits (answered in lower case).',
};

const REFUSAL_CODES = ['CAP_EXCEEDED', 'OUTSIDE_TERM', 'AGREEMENT_NOT_EFFECTIVE', 'NO_COVERING_CAP'] as const;
/** The pricing-policy gate's refusals (issue 4), listed with the cap reasons; docs/refusal-codes.md. */
const PRICING_REFUSAL_CODES = [
  'QUOTES_MISSING',
  'QUOTE_NOT_INDEPENDENT',
  'QUOTE_EXPIRED',
  'CONNECTED_NOT_MORE_FAVOURABLE',
  'EXCEPTION_NOT_PERMITTED',
] as const;
const NOT_INDEPENDENT_WHY = [
  'counterparty',
  'counterparty-group',
  'connected-person',
  'unknown-party',
  'unconfirmed-supplier',
] as const;
const COMPARISONS = ['connected-lower', 'connected-higher'] as const;
const evidenceList: Schema = {
  type: 'array',
  maxItems: 50,
  items: sha256Schema,
  description:
    'Evidence files cited by their SHA-256, as POST /api/v1/evidence answers; each must have been uploaded for the issuer (else 422 at its path).',
};
/** An order's reasons: the cap ledger's (Refusal) or the pricing policy's (PricingRefusal); the codes do not overlap. */
const orderRefusal: Schema = { oneOf: [ref('Refusal'), ref('PricingRefusal')] };
const BREACH_CODES = ['CAP_EXCEEDED', 'OUTSIDE_TERM', 'NO_COVERING_CAP'] as const;
const CONFLICT_CODES = [
  'IDEMPOTENCY_KEY_REUSED',
  'ORDER_NOT_OPEN',
  'ORDER_HAS_ACTUALS',
  'ALREADY_REVERSED',
  'IS_A_REVERSAL',
  'ALREADY_TERMINATED',
  'FX_RATE_EXISTS',
  'PARTY_EXISTS',
  'REVISION_NEEDS_NO_APPROVAL',
  'EVIDENCE_ISSUED_ON_DIFFERS',
  'NOT_A_BREACH',
  'ESCALATION_STATE',
  'REPORT_ISSUED_CONCURRENTLY',
  'TASK_ALREADY_DONE',
  'ALREADY_SIGNED_OFF',
  'LETTER_ALREADY_SENT',
  'LETTER_RECORDED_CONCURRENTLY',
  'LAST_ADMIN',
  'SETUP_DONE',
] as const;

const schemas: Record<string, Schema> = {
  // ---- schemas: issued reports and 14A.59 tasks (issue 7) ----
  LocalisedText: {
    type: 'object',
    required: ['en', 'zh-Hant'],
    properties: { en: text, 'zh-Hant': text },
    description: 'A text in English and Traditional Chinese, both given.',
  },
  IssueReportInput: {
    type: 'object',
    required: ['kind', 'period'],
    additionalProperties: false,
    properties: {
      kind: { type: 'string', description: 'A report kind, as in GET /api/v1/reports/{kind}.' },
      period: {
        type: 'string',
        description: "The kind's period (YYYY-MM, YYYY-H1/H2, YYYY, or the draft's date).",
      },
      knownAt: {
        type: 'string',
        description:
          'The knowledge date: an ISO instant with its offset, or a date (the end of that day in Hong Kong). Only what was recorded by then counts. Default: now.',
      },
      agreement: { ...id, description: 'The agreement of an announcement draft.' },
    },
  },
  IssuedReport: {
    type: 'object',
    required: [
      'id',
      'kind',
      'period',
      'scope',
      'version',
      'amended',
      'amendsId',
      'knowledgeAt',
      'sha256',
      'integrity',
      'issuedAt',
      'issuedBy',
      'differences',
    ],
    properties: {
      id,
      kind: text,
      period: text,
      scope: { type: 'string', description: "The agreement of an announcement draft; '' otherwise." },
      version: { type: 'integer', minimum: 1 },
      amended: { type: 'boolean', description: 'True from version 2: the version lists its differences.' },
      amendsId: nullable(id),
      knowledgeAt: { type: 'string', format: 'date-time' },
      sha256: sha256Schema,
      integrity: {
        type: 'string',
        enum: ['ok', 'mismatch'],
        description: 'Whether the stored document still hashes to sha256.',
      },
      issuedAt: { type: 'string', format: 'date-time' },
      issuedBy: text,
      differences: nullable({
        type: 'array',
        description:
          'From the version amended: section-added, section-removed, paragraph-changed (before, after), row-added, row-removed (row), cell-changed (row, column, before, after cells; money minor units as decimal strings).',
        items: {
          type: 'object',
          required: ['kind', 'section'],
          properties: {
            kind: {
              type: 'string',
              enum: [
                'section-added',
                'section-removed',
                'paragraph-changed',
                'row-added',
                'row-removed',
                'cell-changed',
              ],
            },
          },
        },
      }),
      created: {
        type: 'boolean',
        description: 'POST only: false when the latest version already had this content.',
      },
    },
  },
  FollowUpTask: {
    type: 'object',
    required: [
      'id',
      'rule',
      'source',
      'sourceId',
      'financialYear',
      'title',
      'detail',
      'status',
      'requirement',
    ],
    properties: {
      id,
      rule: { type: 'string', examples: ['14A.59'] },
      source: { type: 'string', enum: ['ined-sign-off', 'auditor-letter'] },
      sourceId: id,
      financialYear: { type: 'string', pattern: '^\\d{4}$' },
      title: ref('LocalisedText'),
      detail: text,
      status: { type: 'string', enum: ['open', 'done'] },
      createdAt: { type: 'string', format: 'date-time' },
      completedAt: nullable({ type: 'string', format: 'date-time' }),
      completedBy: nullable(text),
      completionNote: nullable(text),
      requirement: ref('LocalisedText'),
    },
  },
  FollowUpCompletionInput: {
    type: 'object',
    required: ['note'],
    properties: {
      note: {
        type: 'string',
        description: 'What was done: the announcement, when the Exchange was notified.',
      },
    },
  },
  // ---- schemas: INED sign-off (issue 7) ----
  InedLimbKey: {
    type: 'string',
    enum: [
      'ordinary-course',
      'normal-commercial-terms',
      'per-agreement-fair-reasonable-interests',
      'per-agreement-fair-reasonable',
      'shareholders-interests',
    ],
    description:
      "A limb of the INEDs' confirmation (Rule 14A.55). Three-limb wording: ordinary-course (14A.55(1)), normal-commercial-terms (14A.55(2)), per-agreement-fair-reasonable-interests (14A.55(3)). " +
      "Four-limb wording (the seed case's, the default): ordinary-course, normal-commercial-terms, per-agreement-fair-reasonable and shareholders-interests (14A.55(3) split in two). The wording is the issuer's, per financial year.",
  },
  InedLimbSignOffInput: {
    type: 'object',
    required: ['limb', 'outcome'],
    additionalProperties: false,
    properties: {
      limb: ref('InedLimbKey'),
      outcome: { enum: ['confirmed', 'qualified'] },
      qualification: {
        type: 'string',
        maxLength: 8000,
        description:
          'Required for a qualified limb (what cannot be confirmed, and why); refused for a confirmed one.',
      },
      agreementIds: {
        type: 'array',
        items: { type: 'string' },
        description:
          'For a qualified limb: the agreements it concerns (empty: all the CCTs of the year). Each must be a CCT of the year, and not one the INED must abstain on (Rule 13.44).',
      },
    },
  },
  InedSignOffInput: {
    type: 'object',
    required: ['signedName', 'limbs'],
    additionalProperties: false,
    properties: {
      signedName: { type: 'string', maxLength: 200, description: "The INED's name as signed." },
      limbs: {
        type: 'array',
        items: ref('InedLimbSignOffInput'),
        description: "Every limb of the year's wording exactly once (three or four), in any order.",
      },
      packReportId: {
        type: 'string',
        description:
          'The issued review pack reviewed: an issued report of kind ined-review for the same year.',
      },
    },
  },
  InedFollowUpTask: {
    type: 'object',
    required: ['id', 'rule', 'source', 'sourceId', 'financialYear', 'title', 'detail', 'status', 'createdAt'],
    properties: {
      id,
      issuerId: text,
      rule: { type: 'string', examples: ['14A.59'] },
      source: { enum: ['ined-sign-off', 'auditor-letter'] },
      sourceId: text,
      financialYear: { type: 'string', pattern: '^\\d{4}$' },
      title: {
        type: 'object',
        required: ['en', 'zh-Hant'],
        properties: { en: text, 'zh-Hant': text },
      },
      detail: { type: 'string', description: 'The qualification that opened the task, verbatim.' },
      status: { enum: ['open', 'done'] },
      createdAt: { type: 'string', format: 'date-time' },
      completedAt: nullable({ type: 'string', format: 'date-time' }),
      completedBy: nullable(text),
      completionNote: nullable(text),
    },
    description:
      'A Rule 14A.59 task: the Company must promptly notify the Exchange and publish an announcement when the INEDs cannot confirm the matters of Rule 14A.55.',
  },
  InedSignOff: {
    type: 'object',
    required: ['id', 'financialYear', 'userId', 'signedName', 'limbs', 'packReportId', 'recordedAt', 'tasks'],
    properties: {
      id,
      financialYear: { type: 'string', pattern: '^\\d{4}$', examples: ['2025'] },
      userId: text,
      signedName: text,
      limbs: {
        type: 'array',
        items: {
          type: 'object',
          required: ['limb', 'outcome', 'qualification', 'agreementIds'],
          properties: {
            limb: ref('InedLimbKey'),
            outcome: { enum: ['confirmed', 'qualified'] },
            qualification: nullable(text),
            agreementIds: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      packReportId: nullable(text),
      recordedAt: { type: 'string', format: 'date-time' },
      tasks: {
        type: 'array',
        items: ref('InedFollowUpTask'),
        description: 'The 14A.59 tasks opened by this sign-off: one per qualified limb.',
      },
    },
  },
  InedSignOffs: {
    type: 'object',
    required: ['financialYear', 'limbWording', 'limbs', 'items', 'awaiting'],
    properties: {
      financialYear: { type: 'string', pattern: '^\\d{4}$' },
      limbWording: { enum: ['three', 'four'] },
      limbs: {
        type: 'array',
        items: {
          type: 'object',
          required: ['key', 'rule', 'number', 'wording'],
          properties: {
            key: ref('InedLimbKey'),
            rule: { type: 'string', examples: ['14A.55(1)'] },
            number: { type: 'string', examples: ['(i)'] },
            wording: {
              type: 'object',
              required: ['en', 'zh-Hant'],
              properties: { en: text, 'zh-Hant': text },
            },
          },
        },
      },
      items: { type: 'array', items: ref('InedSignOff') },
      awaiting: {
        type: 'array',
        items: { type: 'object', required: ['userId', 'name'], properties: { userId: text, name: text } },
        description: "The issuer's INEDs (role ined today) who have not signed off the year.",
      },
    },
  },
  // ---- schemas: auditor's letter (issue 7) ----
  AnnualReviewSettingsInput: {
    type: 'object',
    required: ['limbWording'],
    additionalProperties: false,
    properties: {
      limbWording: {
        enum: ['three', 'four'],
        description:
          "The wording of Rule 14A.55 the INEDs confirm: three limbs, or the seed's four (the third split in two).",
      },
      bulkPrintDate: nullable({
        ...date,
        description:
          "The annual report's bulk-printing date, after the financial year ends: the auditor's letter is due at the Exchange 10 business days before (Rule 14A.57).",
      }),
    },
  },
  AnnualReviewSettings: {
    type: 'object',
    required: ['financialYear', 'limbWording', 'bulkPrintDate', 'recordedAt', 'recordedBy'],
    properties: {
      financialYear: { type: 'string', pattern: '^\\d{4}$', examples: ['2025'] },
      limbWording: { enum: ['three', 'four'] },
      bulkPrintDate: nullable(date),
      recordedAt: { type: 'string', format: 'date-time' },
      recordedBy: text,
    },
  },
  AuditorMatter: {
    enum: ['board-approval', 'pricing-policy', 'agreement-terms', 'caps'],
    description:
      'The four matters of Rule 14A.56, in its order: (1) approved by the board; (2) in line with the pricing policies (only where the group provides goods or services); (3) according to the relevant agreements; (4) within the caps.',
  },
  AuditorFindingInput: {
    type: 'object',
    required: ['matter', 'outcome'],
    properties: {
      matter: ref('AuditorMatter'),
      outcome: {
        enum: ['no-exception', 'exception', 'not-applicable'],
        description:
          "not-applicable only for pricing-policy, and only when no category of the year's CCTs has the group providing the goods or services (direction issuer-sells).",
      },
      detail: {
        type: 'string',
        maxLength: 4000,
        description: 'Required for an exception: what the auditor reported.',
      },
      agreementIds: {
        type: 'array',
        maxItems: 100,
        items: { type: 'string' },
        description: 'The agreements the finding concerns; each an agreement of the issuer.',
      },
    },
  },
  AuditorLetterInput: {
    type: 'object',
    required: ['auditorName', 'letterDate', 'findings'],
    properties: {
      auditorName: { type: 'string', maxLength: 500 },
      letterDate: {
        ...date,
        description: 'After the financial year ends and not after today.',
      },
      findings: {
        type: 'array',
        items: ref('AuditorFindingInput'),
        description: 'Each of the four matters exactly once, in any order.',
      },
      evidenceSha256: {
        ...sha256Schema,
        description: 'The letter itself: an evidence file the issuer has uploaded (POST /api/v1/evidence).',
      },
    },
  },
  AuditorLetter: {
    type: 'object',
    required: [
      'id',
      'financialYear',
      'seq',
      'auditorName',
      'letterDate',
      'findings',
      'evidenceSha256',
      'sentToExchangeOn',
      'recordedAt',
      'recordedBy',
      'qualified',
    ],
    properties: {
      id,
      financialYear: { type: 'string', pattern: '^\\d{4}$' },
      seq: {
        type: 'integer',
        minimum: 1,
        description: 'Recording order within the year; the latest is the letter in force.',
      },
      auditorName: text,
      letterDate: date,
      findings: {
        type: 'array',
        items: {
          type: 'object',
          required: ['matter', 'outcome', 'detail', 'agreementIds'],
          properties: {
            matter: ref('AuditorMatter'),
            outcome: { enum: ['no-exception', 'exception', 'not-applicable'] },
            detail: nullable(text),
            agreementIds: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      evidenceSha256: nullable(sha256Schema),
      sentToExchangeOn: nullable(date),
      recordedAt: { type: 'string', format: 'date-time' },
      recordedBy: text,
      qualified: { type: 'boolean', description: 'Whether any finding is an exception.' },
    },
  },
  AuditorLetterRecorded: {
    allOf: [
      ref('AuditorLetter'),
      {
        type: 'object',
        required: ['followUpTasks'],
        properties: {
          followUpTasks: {
            type: 'array',
            items: ref('FollowUpTask'),
            description: 'The Rule 14A.59 tasks opened: one per exception.',
          },
        },
      },
    ],
  },
  LetterSentInput: {
    type: 'object',
    required: ['sentOn'],
    additionalProperties: false,
    properties: {
      sentOn: { ...date, description: "Not before the letter's date, not after today." },
    },
  },
  AuditorLetterStatus: {
    type: 'object',
    required: ['financialYear', 'period', 'settings', 'letters', 'deadline'],
    properties: {
      financialYear: { type: 'string', pattern: '^\\d{4}$' },
      period: {
        type: 'object',
        required: ['start', 'end'],
        properties: { start: date, end: date },
      },
      settings: nullable(ref('AnnualReviewSettings')),
      letters: { type: 'array', items: ref('AuditorLetter') },
      deadline: {
        type: 'object',
        required: [
          'rule',
          'businessDaysBefore',
          'bulkPrintDate',
          'sendBy',
          'sentOn',
          'status',
          'asOf',
          'calendarIncomplete',
          'yearsNotCovered',
          'calendarSource',
          'closuresNote',
        ],
        properties: {
          rule: { type: 'string', examples: ['14A.57'] },
          businessDaysBefore: { type: 'integer', examples: [10] },
          bulkPrintDate: nullable(date),
          sendBy: nullable({
            ...date,
            description:
              'bulkPrintDate less 10 Hong Kong business days (weekdays that are not general holidays).',
          }),
          sentOn: nullable({
            ...date,
            description: 'The copy of the latest letter to the Exchange, when recorded.',
          }),
          status: {
            enum: ['not-set', 'upcoming', 'met', 'missed'],
            description:
              'As of today: met (sent by sendBy), missed (sent later, or not sent and sendBy has passed), upcoming (not sent, sendBy is today or later), not-set (no bulkPrintDate).',
          },
          asOf: date,
          calendarIncomplete: {
            type: 'boolean',
            description:
              'The count crossed a year whose general holidays the calendar lacks (2025 and 2026 are shipped): only weekends were skipped there.',
          },
          yearsNotCovered: { type: 'array', items: { type: 'integer' } },
          calendarSource: text,
          closuresNote: {
            type: 'object',
            required: ['en', 'zh-Hant'],
            properties: { en: text, 'zh-Hant': text },
            description:
              'Typhoon, black-rainstorm and extreme-conditions closures cannot be known in advance and are not counted.',
          },
        },
      },
    },
  },
  Decimal: decimal,
  CalendarDate: date,
  CurrencyCode: currency,
  LocalisedName: {
    type: 'object',
    required: ['en', 'zh-Hant'],
    properties: { en: text, 'zh-Hant': nullable(text) },
    description: 'A name in English and Traditional Chinese.',
  },
  LocalisedNameInput: {
    description: 'A name: { "en", "zh-Hant"? }, or a plain string taken as English.',
    oneOf: [
      { type: 'string', minLength: 1 },
      {
        type: 'object',
        required: ['en'],
        properties: { en: { type: 'string', minLength: 1 }, 'zh-Hant': nullable(text) },
      },
    ],
  },
  FieldErrors: {
    type: 'object',
    description:
      'Invalid input (422): every bad field, named as the client sent it. A body that is not JSON has path "".',
    required: ['errors'],
    properties: {
      errors: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: {
            path: { type: 'string', examples: ['caps[1].amount', 'X-Armslength-Issuer', ''] },
            message: text,
          },
        },
      },
    },
  },
  Error: {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: {
        type: 'string',
        description: `NOT_FOUND (404), FORBIDDEN (403), UNAVAILABLE (503), or on 409 one of ${CONFLICT_CODES.join(', ')}.`,
        examples: ['NOT_FOUND', ...CONFLICT_CODES],
      },
      message: text,
    },
  },
  Conflict: {
    type: 'object',
    description:
      'A conflict with what is already recorded. IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used before for a different request body. ' +
      'NOT_A_BREACH: a remediation is recorded only against a BREACH alert. ESCALATION_STATE: an escalation step out of order (review when raised, decide when reviewed), or one moved by someone else first.',
    required: ['code', 'message'],
    properties: { code: { type: 'string', enum: [...CONFLICT_CODES] }, message: text },
  },
  InternalError: {
    type: 'object',
    description: 'An unexpected error. It is logged with the request id; no detail reaches the client.',
    required: ['code', 'message', 'requestId'],
    properties: { code: { const: 'INTERNAL' }, message: { const: 'internal error' }, requestId: text },
  },
  RefusalCode: {
    type: 'string',
    enum: [...REFUSAL_CODES],
    description: 'Why the order gate refused an order (a closed set).',
  },
  Refusal: {
    type: 'object',
    description:
      'One reason an order was refused. CAP_EXCEEDED: actual + committed + the order would exceed the cap in force on the signing date (Rule 14A.54). ' +
      "OUTSIDE_TERM: a scheduled date lies outside the category's term or on/after its termination. " +
      'AGREEMENT_NOT_EFFECTIVE: the order is signed before the framework agreement. NO_COVERING_CAP: no cap covers a scheduled date (Rule 14A.53).',
    required: ['code', 'message'],
    properties: {
      code: ref('RefusalCode'),
      message: { type: 'string', description: 'A sentence with the figures.' },
      capId: id,
      periodStart: date,
      periodEnd: date,
      currency,
      cap: decimal,
      utilised: decimal,
      headroom: decimal,
      requested: decimal,
      date,
      termStart: date,
      termEnd: nullable(date),
      signedOn: date,
      agreementSignedOn: date,
      path: { type: 'string', description: 'The schedule line concerned, e.g. "schedule[0].date".' },
    },
  },
  Refused: {
    type: 'object',
    description:
      'A business refusal of the order gate: all reasons together. Nothing was reserved, and an Idempotency-Key is not remembered.',
    required: ['code', 'message', 'reasons'],
    properties: {
      code: { const: 'REFUSED' },
      message: text,
      reasons: {
        type: 'array',
        minItems: 1,
        items: orderRefusal,
        description: "The cap reasons first, then the pricing policy's (issue 4).",
      },
    },
  },
  PricingRefusalCode: {
    type: 'string',
    enum: [...PRICING_REFUSAL_CODES],
    description:
      "Why the pricing-policy gate refused an order (a closed set, issue 4). The policy serves Rules 14A.55 and 14A.56 (the INEDs' and auditors' confirmations of normal commercial terms).",
  },
  QuoteRef: {
    type: 'object',
    description: "Which quote: the connected party's own, or an independent one by its index (from 0).",
    required: ['kind'],
    properties: {
      kind: { type: 'string', enum: ['connected', 'independent'] },
      index: { type: 'integer', minimum: 0, description: 'Only for kind "independent".' },
    },
  },
  PricingRefusal: {
    type: 'object',
    description:
      'One reason the pricing-policy gate refused an order. ' +
      'QUOTES_MISSING: fewer counted independent quotes (independent, valid on the signing date, one per group) than the policy requires (required, validGiven). ' +
      'QUOTE_NOT_INDEPENDENT: an independent quote is from the counterparty, its group, a connected person on quotedOn, a partyId the register does not know, or an unknown supplier nobody confirmed (quote, supplier, partyId, why, quotedOn). ' +
      'QUOTE_EXPIRED: a quote was valid only until before the signing date (quote, validUntil, signedOn). ' +
      "CONNECTED_NOT_MORE_FAVOURABLE: the connected party's price is not strictly lower (issuer buys) or higher (issuer sells) than the best counted quote, both in the cap currency (comparison, connectedPrice, bestIndependentPrice, bestIndependentQuote, currency). " +
      'EXCEPTION_NOT_PERMITTED: an exception was given but the policy does not allow exceptions, or its approver is the user placing the order (why, approvedBy); the refusals it was meant to override are listed too.',
    required: ['code', 'rule', 'policy', 'message'],
    properties: {
      code: ref('PricingRefusalCode'),
      rule: { type: 'string', const: '14A.55, 14A.56', description: 'The Listing Rules the policy serves.' },
      policy: {
        type: 'string',
        description: 'The policy limb applied.',
        examples: ['pricing policy: minIndependentQuotes', 'pricing policy: independent third parties'],
      },
      message: { type: 'string', description: 'One English sentence with the figures.' },
      required: { type: 'integer', minimum: 0, description: 'QUOTES_MISSING.' },
      validGiven: { type: 'integer', minimum: 0, description: 'QUOTES_MISSING: the quotes that counted.' },
      quote: {
        ...ref('QuoteRef'),
        description: 'QUOTE_NOT_INDEPENDENT (always independent), QUOTE_EXPIRED.',
      },
      supplier: {
        type: 'string',
        description: 'QUOTE_NOT_INDEPENDENT: the supplier as given (name, else partyId).',
      },
      partyId: {
        ...nullable(text),
        description: 'QUOTE_NOT_INDEPENDENT: the register party the supplier resolved to, if any.',
      },
      why: {
        type: 'string',
        enum: [...NOT_INDEPENDENT_WHY, 'policy-disallows', 'approver-is-placer'],
        description: `QUOTE_NOT_INDEPENDENT: ${NOT_INDEPENDENT_WHY.join(', ')}. EXCEPTION_NOT_PERMITTED: policy-disallows, approver-is-placer.`,
      },
      quotedOn: { ...date, description: 'QUOTE_NOT_INDEPENDENT: the day independence was judged on.' },
      validUntil: { ...date, description: 'QUOTE_EXPIRED.' },
      signedOn: { ...date, description: "QUOTE_EXPIRED: the order's signing date." },
      comparison: { type: 'string', enum: [...COMPARISONS], description: 'CONNECTED_NOT_MORE_FAVOURABLE.' },
      connectedPrice: { ...decimal, description: 'CONNECTED_NOT_MORE_FAVOURABLE, in `currency`.' },
      bestIndependentPrice: { ...decimal, description: 'CONNECTED_NOT_MORE_FAVOURABLE, in `currency`.' },
      bestIndependentQuote: {
        type: 'integer',
        minimum: 0,
        description: 'CONNECTED_NOT_MORE_FAVOURABLE: the index of the best counted independent quote.',
      },
      currency: { ...currency, description: "CONNECTED_NOT_MORE_FAVOURABLE: the cap's currency." },
      approvedBy: { type: 'string', description: 'EXCEPTION_NOT_PERMITTED.' },
    },
  },
  BreachCode: { type: 'string', enum: [...BREACH_CODES] },
  Breach: {
    type: 'object',
    description:
      'A breach recorded when it happened (a permanent event): actual amounts over the cap in force on their date, an actual outside the term, or one no cap covers.',
    required: ['code', 'occurredOn', 'message'],
    properties: {
      code: ref('BreachCode'),
      capId: id,
      periodStart: date,
      periodEnd: date,
      currency,
      cap: decimal,
      actual: decimal,
      excess: decimal,
      occurredOn: date,
      message: text,
    },
  },
  BreachListItem: {
    type: 'object',
    required: [
      'id',
      'code',
      'agreementId',
      'categoryId',
      'capId',
      'actualId',
      'revisionId',
      'occurredOn',
      'currency',
      'cap',
      'actual',
      'excess',
      'recordedAt',
    ],
    properties: {
      id,
      code: ref('BreachCode'),
      agreementId: id,
      categoryId: id,
      capId: nullable(id),
      actualId: nullable({ type: 'string', description: 'The actual that caused it.' }),
      revisionId: nullable({ type: 'string', description: 'The cap revision that caused it.' }),
      occurredOn: date,
      currency: nullable(currency),
      cap: nullable(decimal),
      actual: nullable(decimal),
      excess: nullable(decimal),
      recordedAt: { type: 'string', format: 'date-time' },
    },
  },
  IfaOpinion: {
    type: 'object',
    description:
      "An independent financial adviser's opinion that a term over three years is normal practice (Rule 14A.52).",
    required: ['adviser', 'date', 'reference'],
    properties: { adviser: text, date, reference: text },
  },
  CategoryInput: {
    type: 'object',
    required: ['key', 'name', 'direction', 'termStart', 'termEnd'],
    properties: {
      key: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', examples: ['idc-services'] },
      name: ref('LocalisedNameInput'),
      direction: { type: 'string', enum: ['issuer-purchases', 'issuer-sells'] },
      termStart: date,
      termEnd: {
        ...date,
        description:
          'No later than the day before the third anniversary of termStart unless ifaOpinion is given.',
      },
      pricingBasis: text,
      pricingPolicy: ref('PricingPolicyInput'),
      ifaOpinion: ref('IfaOpinion'),
    },
  },
  PricingPolicyInput: {
    type: 'object',
    description:
      "The category's pricing policy (issue 4); absent: the seed's policy (two independent quotes, valid on the signing date, no exceptions). " +
      'A field the policy does not know is refused (422 at its path).',
    additionalProperties: false,
    properties: {
      minIndependentQuotes: {
        type: 'integer',
        minimum: 0,
        maximum: 20,
        default: 2,
        description:
          'Counted independent quotes each order needs; 0 for a price fixed by the agreement (a lease at a fixed rent).',
      },
      quoteValidityRequired: {
        type: 'boolean',
        default: true,
        description: 'Every quote must be valid on the signing date (validUntil inclusive).',
      },
      exceptionsAllowed: {
        type: 'boolean',
        default: false,
        description:
          'Whether a documented exception approved by a user other than the one placing the order may stand in for failed checks.',
      },
      comparison: {
        type: 'string',
        enum: [...COMPARISONS],
        description:
          'Follows the direction (issuer-purchases: connected-lower; issuer-sells: connected-higher); given, it must match (else 422).',
      },
    },
  },
  PricingPolicy: {
    type: 'object',
    description: "A category's pricing policy as applied, with one English sentence describing it.",
    required: ['minIndependentQuotes', 'comparison', 'quoteValidityRequired', 'exceptionsAllowed', 'summary'],
    properties: {
      minIndependentQuotes: { type: 'integer', minimum: 0, maximum: 20 },
      comparison: {
        type: 'string',
        enum: [...COMPARISONS],
        description:
          "connected-lower: the issuer buys, the connected party's price must be strictly lower than every counted quote; connected-higher: the issuer sells, strictly higher.",
      },
      quoteValidityRequired: { type: 'boolean' },
      exceptionsAllowed: { type: 'boolean' },
      summary: {
        type: 'string',
        examples: [
          "At least 2 independent quotes valid on the signing date; the connected party's price must be strictly lower than every counted quote; no exceptions.",
        ],
      },
    },
  },
  CapInput: {
    type: 'object',
    description:
      'A cap for one or more categories. Not wholly outside their term; no two caps cover one category on one day; a positive amount (Rule 14A.53).',
    required: ['categoryKeys', 'periodStart', 'periodEnd', 'amount', 'currency'],
    properties: {
      categoryKeys: { type: 'array', minItems: 1, items: text },
      periodStart: date,
      periodEnd: date,
      amount: decimal,
      currency,
    },
  },
  AgreementInput: {
    type: 'object',
    required: ['name', 'counterparty', 'signedOn', 'categories'],
    properties: {
      name: ref('LocalisedNameInput'),
      counterparty: {
        type: 'object',
        required: ['name'],
        properties: { name: ref('LocalisedNameInput'), partyId: text },
      },
      signedOn: date,
      recognitionBasis: {
        type: 'string',
        enum: ['fee-payable', 'invoice-date', 'payment-date', 'service-delivered'],
        default: 'fee-payable',
      },
      amountsInclude: { type: 'string', enum: ['including-tax', 'net-of-tax'], default: 'including-tax' },
      categories: { type: 'array', minItems: 1, items: ref('CategoryInput') },
      caps: { type: 'array', items: ref('CapInput') },
      renews: {
        ...id,
        description:
          'A renewal (14A.54(2)): the id of the agreement it replaces, which must be recorded for the issuer (else 422 at `renews`).',
      },
    },
  },
  CapHistoryEntry: {
    type: 'object',
    required: ['amount', 'effectiveFrom', 'approvedOn', 'reason', 'approvalReference', 'recordedAt'],
    properties: {
      amount: decimal,
      effectiveFrom: nullable(date),
      approvedOn: nullable(date),
      reason: nullable(text),
      approvalReference: nullable(text),
      recordedAt: { type: 'string', format: 'date-time' },
      revisionId: { ...nullable(text), description: 'Null for the amount stated in the agreement.' },
      status: {
        type: 'string',
        enum: ['approved', 'pending'],
        description:
          'Derived: a revision that raised the tier is pending (no headroom) until every required approval is recorded.',
      },
      countsFrom: {
        ...nullable(date),
        description: 'max(effectiveFrom, the last required approval); null while pending.',
      },
      reclassification: nullable(ref('RevisionReclassification')),
      requiredApprovals: { type: 'array', items: ref('RevisionRequirement') },
      approvals: { type: 'array', items: ref('RevisionApproval') },
    },
  },
  RevisionReclassification: {
    type: 'object',
    description:
      'The agreement re-classified, aggregated, with the revised amount as of effectiveFrom (14A.54). `not-run` when the register, issuer figures or rates needed are not recorded: the revision is then approved as recorded.',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['done', 'not-run'] },
      asOf: date,
      tierBefore: text,
      tierAfter: text,
      reason: text,
    },
  },
  RevisionRequirement: {
    type: 'object',
    required: ['code', 'kind', 'rule', 'text'],
    properties: { code: text, kind: ref('RevisionApprovalKind'), rule: text, text },
  },
  RevisionApprovalKind: {
    type: 'string',
    enum: [
      'announcement',
      'circular',
      'independent-financial-adviser',
      'independent-board-committee',
      'independent-shareholders-approval',
    ],
  },
  RevisionApproval: {
    type: 'object',
    required: ['id', 'kind', 'date', 'reference', 'recordedAt'],
    properties: {
      id,
      kind: ref('RevisionApprovalKind'),
      date,
      reference: text,
      recordedAt: { type: 'string', format: 'date-time' },
    },
  },
  RevisionApprovalInput: {
    type: 'object',
    required: ['kind', 'date', 'reference'],
    properties: {
      kind: ref('RevisionApprovalKind'),
      date: { ...date, description: 'When it was given (published, passed); not in the future.' },
      reference: text,
    },
  },
  RevisionApprovalResult: {
    type: 'object',
    required: ['cap', 'revision', 'approvalId'],
    properties: { cap: ref('Cap'), revision: ref('CapHistoryEntry'), approvalId: id },
  },
  Cap: {
    type: 'object',
    description:
      'A cap with its stated period and amount, and the part of the period inside the term (effectiveStart/effectiveEnd).',
    required: [
      'id',
      'categoryKeys',
      'periodStart',
      'periodEnd',
      'effectiveStart',
      'effectiveEnd',
      'amount',
      'currency',
    ],
    properties: {
      id,
      categoryKeys: { type: 'array', items: text },
      periodStart: date,
      periodEnd: date,
      effectiveStart: nullable(date),
      effectiveEnd: nullable(date),
      amount: decimal,
      currency,
      history: {
        type: 'array',
        description: 'Only on GET /api/v1/agreements/{id} and on revisions: every amount, oldest first.',
        items: ref('CapHistoryEntry'),
      },
    },
  },
  Category: {
    type: 'object',
    required: [
      'id',
      'key',
      'name',
      'direction',
      'termStart',
      'termEnd',
      'pricingBasis',
      'pricingPolicy',
      'ifaOpinion',
      'termination',
    ],
    properties: {
      id,
      key: text,
      name: ref('LocalisedName'),
      direction: { type: 'string', enum: ['issuer-purchases', 'issuer-sells'] },
      termStart: date,
      termEnd: date,
      pricingBasis: nullable(text),
      pricingPolicy: ref('PricingPolicy'),
      ifaOpinion: nullable(ref('IfaOpinion')),
      termination: nullable({
        type: 'object',
        required: ['effectiveOn', 'reason', 'recordedAt'],
        properties: { effectiveOn: date, reason: text, recordedAt: { type: 'string', format: 'date-time' } },
      }),
    },
  },
  Withheld: {
    type: 'object',
    description:
      'Present when the acting user is a director who must abstain on the agreement (Rule 13.44): its quotes, evidence and board papers are left out of this answer, and this says so.',
    required: ['reason', 'rule', 'personId', 'message'],
    properties: {
      reason: { const: 'RECUSED' },
      rule: { const: '13.44' },
      personId: { type: 'string' },
      message: { type: 'string' },
    },
  },
  Recusal: {
    type: 'object',
    description: 'A recorded recusal: who abstains on the agreement, as which register person, and why.',
    required: ['userId', 'personId', 'reasons', 'recordedAt'],
    properties: {
      userId: { type: 'string' },
      personId: { type: 'string' },
      reasons: { type: 'array', items: { type: 'string' } },
      recordedAt: { type: 'string', format: 'date-time' },
    },
  },
  Agreement: {
    type: 'object',
    required: [
      'id',
      'name',
      'counterparty',
      'signedOn',
      'recognitionBasis',
      'amountsInclude',
      'createdAt',
      'categories',
      'caps',
    ],
    properties: {
      withheld: ref('Withheld'),
      recusals: { type: 'array', items: ref('Recusal') },
      id,
      name: ref('LocalisedName'),
      counterparty: {
        type: 'object',
        required: ['name', 'partyId'],
        properties: { name: ref('LocalisedName'), partyId: nullable(text) },
      },
      signedOn: date,
      recognitionBasis: text,
      amountsInclude: text,
      createdAt: { type: 'string', format: 'date-time' },
      categories: { type: 'array', items: ref('Category') },
      caps: { type: 'array', items: ref('Cap') },
      renews: {
        ...nullable(id),
        description: 'The agreement this one renews (GET one agreement, and the 201 of a renewal).',
      },
      renewedBy: {
        type: 'array',
        items: id,
        description: 'The agreements that renew this one (GET one agreement).',
      },
      materialChanges: {
        type: 'array',
        items: ref('MaterialChange'),
        description: 'Material changes of terms, in recording order (GET one agreement).',
      },
      boardResolutions: {
        type: 'array',
        description:
          'GET one agreement: the board resolutions listing it, and whether each approves it (no vote by a director who must abstain, Rule 13.44; more votes for than against).',
        items: {
          type: 'object',
          required: ['id', 'reference', 'meetingDate', 'approves', 'violations'],
          properties: {
            id,
            reference: text,
            meetingDate: date,
            approves: { type: 'boolean' },
            violations: {
              type: 'array',
              items: {
                type: 'object',
                required: ['personId', 'rule', 'text'],
                properties: { personId: text, rule: text, text },
              },
            },
          },
        },
      },
      reclassification: ref('RenewalReclassification'),
    },
  },
  RenewalReclassification: {
    type: 'object',
    description:
      'Only on the 201 of a renewal: the new agreement classified, aggregated, as of its signedOn (14A.54(2)). `not-run` with the reason when the register, issuer figures or rates needed are not recorded.',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['done', 'not-run'] },
      asOf: date,
      tier: text,
      tierRule: nullable(text),
      requirements: { type: 'array', items: ref('ReComplianceRequirement') },
      reason: text,
    },
  },
  ReComplianceRequirement: {
    type: 'object',
    required: ['code', 'rule', 'text'],
    properties: { code: text, rule: text, text },
  },
  MaterialChangeInput: {
    type: 'object',
    required: ['description', 'effectiveOn'],
    properties: {
      description: text,
      effectiveOn: { ...date, description: 'The day the changed terms take effect (not before signedOn).' },
      approvedOn: date,
    },
  },
  MaterialChange: {
    type: 'object',
    required: [
      'id',
      'description',
      'effectiveOn',
      'approvedOn',
      'recordedAt',
      'reclassification',
      'requirementsBeforeEffective',
    ],
    properties: {
      id,
      description: text,
      effectiveOn: date,
      approvedOn: nullable(date),
      recordedAt: { type: 'string', format: 'date-time' },
      reclassification: {
        type: 'object',
        description:
          'The agreement re-classified, aggregated, as of effectiveOn. `tierBefore`: the tier it last complied under (the latest earlier change, else as of signing). `not-run` with the reason when records are missing.',
        required: ['status'],
        properties: {
          status: { type: 'string', enum: ['done', 'not-run'] },
          asOf: date,
          tierBefore: text,
          tierAfter: text,
          requirements: { type: 'array', items: ref('ReComplianceRequirement') },
          reason: text,
        },
      },
      requirementsBeforeEffective: {
        type: 'array',
        items: ref('ReComplianceRequirement'),
        description: 'What must be completed before the change takes effect (14A.54(2)).',
      },
    },
  },
  AgreementList: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ref('Agreement') } },
  },
  FxGiven: {
    type: 'object',
    description: "A rate given with the entry: units of the cap's currency per unit of the entry's currency.",
    required: ['rate', 'date', 'source'],
    properties: { rate: { type: 'string', examples: ['7.1234'] }, date, source: text },
  },
  ScheduleLine: {
    type: 'object',
    required: ['date', 'amount', 'currency'],
    properties: { date, amount: decimal, currency },
  },
  OrderInput: {
    type: 'object',
    required: ['agreementId', 'categoryKey', 'reference', 'signedOn', 'schedule'],
    properties: {
      agreementId: id,
      categoryKey: text,
      reference: text,
      signedOn: date,
      schedule: {
        type: 'array',
        minItems: 1,
        maxItems: 1000,
        items: ref('ScheduleLine'),
        description: 'Every line in one currency.',
      },
      fx: ref('FxGiven'),
      pricing: {
        ...ref('PricingInput'),
        description:
          "The quotes the pricing-policy gate checks (issue 4). Required unless the category's policy asks for 0 independent quotes (absent then: QUOTES_MISSING).",
      },
    },
  },
  QuoteAmount: {
    type: 'object',
    required: ['amount', 'currency'],
    properties: { amount: { ...decimal, description: 'Positive.' }, currency },
  },
  ConnectedQuote: {
    description:
      "The connected party's quote for the order: for the order's total, in the order's currency (else 422 at pricing.connectedQuote.amount / .currency).",
    allOf: [
      ref('QuoteAmount'),
      {
        type: 'object',
        required: ['validUntil'],
        properties: {
          validUntil: { ...date, description: 'Valid through this day (inclusive).' },
          specification: {
            type: 'string',
            maxLength: 2000,
            description: 'What is quoted (quantity, specification), so that like is compared with like.',
          },
          evidence: evidenceList,
        },
      },
    ],
  },
  SupplierRef: {
    type: 'object',
    description:
      'The supplier: a register party (partyId, which then decides), a name (matched against the register and its aliases), or both. At least one.',
    anyOf: [{ required: ['partyId'] }, { required: ['name'] }],
    properties: {
      partyId: { type: 'string', maxLength: 200 },
      name: { type: 'string', maxLength: 500 },
    },
  },
  IndependentQuote: {
    description:
      "A quote from a supplier the issuer considers independent. It counts when the supplier is neither the counterparty, nor in the counterparty's group (control links on the signing date), nor a connected person on quotedOn; when it is valid on the signing date; and once per group.",
    allOf: [
      ref('QuoteAmount'),
      {
        type: 'object',
        required: ['supplier', 'validUntil'],
        properties: {
          supplier: ref('SupplierRef'),
          validUntil: { ...date, description: 'Valid through this day (inclusive); not before quotedOn.' },
          quotedOn: {
            ...date,
            description:
              'The day the quote was given, on which independence is judged; default: the signing date.',
          },
          specification: { type: 'string', maxLength: 2000 },
          evidence: evidenceList,
          independenceConfirmedBy: {
            type: 'string',
            maxLength: 200,
            description:
              'Who confirmed that a supplier the register does not know is independent; without it such a quote does not count (unconfirmed-supplier).',
          },
        },
      },
    ],
  },
  PricingException: {
    type: 'object',
    description:
      "A documented exception standing in for failed pricing checks: only when the category's policy has exceptionsAllowed, and approved by a user other than the one placing the order (compared case-insensitively). The order is then flagged in every later report.",
    required: ['reason', 'approvedBy'],
    properties: {
      reason: { type: 'string', minLength: 1, maxLength: 2000 },
      approvedBy: { type: 'string', minLength: 1, maxLength: 200 },
    },
  },
  ThirdPartyTerms: {
    type: 'object',
    description:
      'Optional evidence: the terms the connected party offers independent third parties for like goods or services.',
    required: ['summary'],
    properties: { summary: { type: 'string', minLength: 1, maxLength: 4000 }, evidence: evidenceList },
  },
  PricingInput: {
    type: 'object',
    description:
      'The quotes given with an order. Every bad field is reported at once (422), located as sent.',
    required: ['connectedQuote'],
    properties: {
      connectedQuote: ref('ConnectedQuote'),
      independentQuotes: { type: 'array', maxItems: 50, items: ref('IndependentQuote'), default: [] },
      exception: nullable(ref('PricingException')),
      thirdPartyTerms: nullable(ref('ThirdPartyTerms')),
    },
  },
  PricingComparison: {
    type: 'object',
    description:
      "The pricing-policy gate's comparison, kept with the order (format 1) and shown by the API, the CLI and the reports. " +
      "Amounts are decimal strings: `amount` in the quote's currency, `capAmount` in `currency` (the cap's) at the signing-date rate.",
    required: [
      'format',
      'policy',
      'direction',
      'quotesRequired',
      'signedOn',
      'currency',
      'connectedQuote',
      'independentQuotes',
      'countedQuotes',
      'bestIndependent',
      'connectedMoreFavourable',
      'exception',
      'flagged',
      'thirdPartyTerms',
      'summary',
    ],
    properties: {
      format: { const: 1 },
      policy: {
        type: 'object',
        description: 'The policy applied (as it stood when the order was checked).',
        required: ['minIndependentQuotes', 'comparison', 'quoteValidityRequired', 'exceptionsAllowed'],
        properties: {
          minIndependentQuotes: { type: 'integer', minimum: 0 },
          comparison: { type: 'string', enum: [...COMPARISONS] },
          quoteValidityRequired: { type: 'boolean' },
          exceptionsAllowed: { type: 'boolean' },
        },
      },
      direction: { type: 'string', enum: ['issuer-purchases', 'issuer-sells'] },
      quotesRequired: { type: 'boolean', description: 'False for a policy of 0 quotes.' },
      signedOn: date,
      currency: { ...currency, description: 'The cap currency the quotes are compared in.' },
      connectedQuote: nullable({
        type: 'object',
        required: ['amount', 'currency', 'capAmount', 'validUntil', 'specification', 'evidence', 'expired'],
        properties: {
          amount: decimal,
          currency,
          capAmount: decimal,
          validUntil: date,
          specification: nullable(text),
          evidence: { type: 'array', items: sha256Schema },
          expired: { type: 'boolean' },
        },
      }),
      independentQuotes: { type: 'array', items: ref('QuoteAssessment') },
      countedQuotes: { type: 'integer', minimum: 0 },
      bestIndependent: {
        ...nullable({
          type: 'object',
          required: ['index', 'capAmount'],
          properties: { index: { type: 'integer', minimum: 0 }, capAmount: decimal },
        }),
        description: 'The most favourable counted independent quote; null when none counted.',
      },
      connectedMoreFavourable: {
        ...nullable({ type: 'boolean' }),
        description:
          'Strictly more favourable than the best counted quote; null when there was nothing to compare against.',
      },
      exception: {
        ...nullable({
          type: 'object',
          required: ['reason', 'approvedBy', 'overrides'],
          properties: {
            reason: text,
            approvedBy: text,
            overrides: {
              type: 'array',
              items: ref('PricingRefusal'),
              description: 'The failed checks the exception stood in for.',
            },
          },
        }),
        description: 'Set when an allowed exception stood in for failed checks (the order is then flagged).',
      },
      flagged: { type: 'boolean', description: 'Accepted by exception: shown in every later report.' },
      thirdPartyTerms: nullable({
        type: 'object',
        required: ['summary', 'evidence'],
        properties: { summary: text, evidence: { type: 'array', items: sha256Schema } },
      }),
      summary: { type: 'string', description: 'One English sentence summarising the outcome.' },
    },
  },
  QuoteAssessment: {
    type: 'object',
    description: 'One independent quote as the gate judged it.',
    required: [
      'index',
      'supplier',
      'partyId',
      'amount',
      'currency',
      'capAmount',
      'validUntil',
      'quotedOn',
      'specification',
      'evidence',
      'independenceConfirmedBy',
      'independent',
      'expired',
      'counted',
      'notCounted',
      'sameGroupAs',
      'explanation',
    ],
    properties: {
      index: { type: 'integer', minimum: 0 },
      supplier: {
        type: 'object',
        required: ['partyId', 'name'],
        properties: { partyId: nullable(text), name: nullable(text) },
      },
      partyId: {
        ...nullable(text),
        description: 'The register party the supplier resolved to (by id or name).',
      },
      amount: decimal,
      currency,
      capAmount: decimal,
      validUntil: date,
      quotedOn: {
        ...date,
        description: 'The day independence was judged on (quotedOn, else the signing date).',
      },
      specification: nullable(text),
      evidence: { type: 'array', items: sha256Schema },
      independenceConfirmedBy: nullable(text),
      independent: { type: 'boolean' },
      expired: { type: 'boolean' },
      counted: {
        type: 'boolean',
        description:
          'Counts toward the minimum and is compared: independent, not expired, the best of its group.',
      },
      notCounted: nullable({ type: 'string', enum: [...NOT_INDEPENDENT_WHY, 'expired', 'same-group'] }),
      sameGroupAs: {
        ...nullable({ type: 'integer', minimum: 0 }),
        description: 'For same-group: the index of the quote that counts for the group.',
      },
      explanation: {
        ...nullable(text),
        description: 'Why it does not count, in English; null when counted.',
      },
    },
  },
  OrderEvidence: {
    type: 'object',
    description:
      "An evidence file the order's comparison cites; verify the file against its SHA-256 (e.g. `sha256sum`).",
    required: ['sha256', 'quote', 'quoteIndex', 'filename', 'mediaType', 'size', 'issuedOn'],
    properties: {
      sha256: sha256Schema,
      quote: { type: 'string', enum: ['connected', 'independent', 'third-party-terms'] },
      quoteIndex: { ...nullable({ type: 'integer', minimum: 0 }), description: 'For an independent quote.' },
      filename: text,
      mediaType: text,
      size: { type: 'integer', minimum: 0, description: 'Bytes.' },
      issuedOn: date,
    },
  },
  OrderCheck: {
    type: 'object',
    description:
      'What the gate would answer now (POST /api/v1/orders/check): nothing is written or reserved, so a later order may still be refused.',
    required: ['accepted', 'reasons', 'pricing', 'periods'],
    properties: {
      accepted: { type: 'boolean' },
      reasons: { type: 'array', items: orderRefusal, description: 'Empty when accepted.' },
      pricing: ref('PricingComparison'),
      periods: {
        type: 'array',
        items: ref('CheckedPeriod'),
        description: 'Every cap period the schedule touches, with the figures the gate uses.',
      },
    },
  },
  CheckedPeriod: {
    type: 'object',
    description:
      'One cap period an order would reserve in: the cap in force on the signing date, actual + committed now, the headroom left (negative when already over) and what the order asks, all in the cap currency.',
    required: [
      'capId',
      'periodStart',
      'periodEnd',
      'currency',
      'cap',
      'utilised',
      'headroom',
      'requested',
      'fits',
    ],
    properties: {
      capId: id,
      periodStart: date,
      periodEnd: date,
      currency,
      cap: decimal,
      utilised: decimal,
      headroom: decimal,
      requested: decimal,
      fits: { type: 'boolean', description: 'utilised + requested ≤ cap.' },
    },
  },
  OrderListItem: {
    type: 'object',
    description: 'An order as listed (GET /api/v1/orders); the full order is GET /api/v1/orders/{id}.',
    required: [
      'id',
      'agreementId',
      'agreementName',
      'categoryId',
      'categoryKey',
      'categoryName',
      'reference',
      'signedOn',
      'status',
      'currency',
      'amount',
      'pricing',
      'createdAt',
    ],
    properties: {
      id,
      agreementId: id,
      agreementName: nullable(ref('LocalisedName')),
      categoryId: id,
      categoryKey: nullable(text),
      categoryName: nullable(ref('LocalisedName')),
      reference: text,
      signedOn: date,
      status: { type: 'string', enum: ['accepted', 'cancelled', 'closed'] },
      currency,
      amount: { ...decimal, description: "The schedule's total in the order's currency, as it now stands." },
      pricing: {
        ...nullable({
          type: 'object',
          required: ['outcome', 'countedQuotes', 'minIndependentQuotes', 'flagged'],
          properties: {
            outcome: {
              type: 'string',
              enum: ['more-favourable', 'exception', 'no-quotes-required', 'not-recorded'],
              description:
                "more-favourable: the connected party's quote beat every counted independent quote; exception: accepted by a documented exception (flagged); no-quotes-required: a policy of 0 quotes; not-recorded: placed before the pricing gate.",
            },
            countedQuotes: nullable({ type: 'integer', minimum: 0 }),
            minIndependentQuotes: nullable({ type: 'integer', minimum: 0 }),
            flagged: { type: 'boolean' },
          },
        }),
        description: 'Null when withheld from a reader who must abstain on the agreement (see withheld).',
      },
      createdAt: { type: 'string', format: 'date-time' },
      withheld: ref('Withheld'),
    },
  },
  ActualListItem: {
    type: 'object',
    description: 'An actual amount or reversing entry as listed (GET /api/v1/actuals).',
    required: [
      'id',
      'date',
      'reference',
      'agreementId',
      'agreementName',
      'categoryId',
      'categoryKey',
      'categoryName',
      'orderId',
      'orderReference',
      'capId',
      'amount',
      'currency',
      'invoiceDate',
      'servicePeriod',
      'reversal',
      'reversedBy',
      'reverses',
      'reason',
      'createdAt',
    ],
    properties: {
      id,
      date,
      reference: text,
      agreementId: id,
      agreementName: nullable(ref('LocalisedName')),
      categoryId: id,
      categoryKey: nullable(text),
      categoryName: nullable(ref('LocalisedName')),
      orderId: nullable(id),
      orderReference: nullable(text),
      capId: nullable(id),
      amount: { ...decimal, description: 'Negative on a reversing entry.' },
      currency,
      capAmount: { ...decimal, description: "In the cap's currency, when it differs." },
      capCurrency: currency,
      invoiceDate: nullable(date),
      servicePeriod: nullable({
        type: 'object',
        required: ['start', 'end'],
        properties: { start: date, end: date },
      }),
      reversal: {
        type: 'string',
        enum: ['standing', 'reversed', 'reversal'],
        description: 'reversed: a later entry reversed it; reversal: it is the reversing entry.',
      },
      reversedBy: nullable(id),
      reverses: nullable(id),
      reason: { ...nullable(text), description: 'Why it was reversed, on the reversing entry.' },
      createdAt: { type: 'string', format: 'date-time' },
    },
  },
  Reservation: {
    type: 'object',
    description:
      'What the order reserved in one cap period, against the cap in force on its signing date. ' +
      'The headroom left is in GET /api/v1/utilization.',
    required: ['capId', 'periodStart', 'periodEnd', 'currency', 'amount', 'cap'],
    properties: {
      capId: id,
      periodStart: date,
      periodEnd: date,
      currency,
      amount: decimal,
      cap: decimal,
    },
  },
  OrderAccepted: {
    type: 'object',
    required: ['id', 'status', 'reference', 'reservations', 'pricing'],
    properties: {
      id,
      status: { const: 'accepted' },
      reference: text,
      reservations: { type: 'array', items: ref('Reservation') },
      pricing: { ...ref('PricingComparison'), description: 'The comparison kept with the order (issue 4).' },
    },
  },
  Order: {
    type: 'object',
    required: [
      'id',
      'agreementId',
      'categoryId',
      'reference',
      'signedOn',
      'status',
      'currency',
      'schedule',
      'balances',
      'pricing',
      'evidence',
    ],
    properties: {
      withheld: ref('Withheld'),
      id,
      agreementId: id,
      categoryId: id,
      reference: text,
      signedOn: date,
      status: { type: 'string', enum: ['accepted', 'cancelled', 'closed'] },
      currency,
      schedule: {
        type: 'array',
        items: {
          type: 'object',
          required: ['date', 'amount', 'currency', 'capId', 'capAmount'],
          properties: {
            date,
            amount: decimal,
            currency,
            capId: id,
            capAmount: { ...decimal, description: "In the cap's currency." },
          },
        },
      },
      balances: {
        type: 'array',
        items: {
          type: 'object',
          required: ['capId', 'scheduled', 'consumed', 'open'],
          properties: { capId: id, scheduled: decimal, consumed: decimal, open: decimal },
        },
      },
      pricing: {
        ...nullable(ref('PricingComparison')),
        description:
          'The comparison kept with the order; null for an order placed before the pricing-policy gate.',
      },
      evidence: {
        type: 'array',
        items: ref('OrderEvidence'),
        description: 'The evidence files the comparison cites.',
      },
    },
  },
  ReduceInput: {
    type: 'object',
    required: ['schedule'],
    properties: { schedule: { type: 'array', minItems: 1, items: ref('ScheduleLine') } },
  },
  ActualInput: {
    type: 'object',
    required: ['agreementId', 'categoryKey', 'date', 'amount', 'currency', 'reference'],
    properties: {
      agreementId: id,
      categoryKey: text,
      orderId: {
        type: 'string',
        description: "Consumes the order's open reservation in the same cap period first.",
      },
      date: { ...date, description: "The day the amount counts in (per the agreement's recognitionBasis)." },
      amount: decimal,
      currency,
      reference: { type: 'string', description: 'Free text; need not be unique.' },
      servicePeriod: { type: 'object', required: ['start', 'end'], properties: { start: date, end: date } },
      invoiceDate: date,
      fx: ref('FxGiven'),
    },
  },
  StoredFx: {
    type: 'object',
    required: ['rate', 'date', 'source', 'rounding'],
    properties: {
      rate: text,
      date,
      source: text,
      rounding: { type: 'string', description: 'What rounding added, in minor units, as a fraction.' },
    },
  },
  ActualResult: {
    type: 'object',
    description:
      'An actual is always recorded; `breach` (and `breaches`, all of them) is present when it caused one.',
    required: ['id', 'capId', 'amount', 'currency', 'consumedFromOrder'],
    properties: {
      id,
      capId: nullable(id),
      amount: decimal,
      currency,
      capAmount: decimal,
      capCurrency: currency,
      fx: ref('StoredFx'),
      consumedFromOrder: decimal,
      breach: ref('Breach'),
      breaches: { type: 'array', items: ref('Breach') },
    },
  },
  ReversalInput: {
    type: 'object',
    required: ['reason'],
    properties: { reason: { type: 'string', minLength: 1 } },
  },
  Reversal: {
    type: 'object',
    required: ['id', 'reverses', 'amount', 'currency', 'reason', 'restoredToOrder'],
    properties: { id, reverses: id, amount: decimal, currency, reason: text, restoredToOrder: decimal },
  },
  UtilizationItem: {
    type: 'object',
    required: [
      'capId',
      'agreementId',
      'agreementName',
      'categoryKeys',
      'categoryNames',
      'periodStart',
      'periodEnd',
      'effectiveStart',
      'effectiveEnd',
      'currency',
      'cap',
      'statedCap',
      'actual',
      'committed',
      'utilised',
      'headroom',
      'percentUsed',
    ],
    properties: {
      capId: id,
      agreementId: id,
      agreementName: ref('LocalisedName'),
      categoryKeys: { type: 'array', items: text },
      categoryNames: { type: 'array', items: ref('LocalisedName') },
      periodStart: date,
      periodEnd: date,
      effectiveStart: nullable(date),
      effectiveEnd: nullable(date),
      currency,
      cap: { ...decimal, description: 'The amount in force on asOf.' },
      statedCap: { ...decimal, description: 'The amount stated in the agreement.' },
      actual: { ...decimal, description: 'Actuals dated on or before asOf.' },
      committed: { ...decimal, description: 'Open reservations of orders signed on or before asOf.' },
      utilised: decimal,
      headroom: decimal,
      percentUsed: {
        type: 'string',
        pattern: '^-?\\d+\\.\\d{2}$',
        description: '(actual + committed) / cap × 100, two decimals.',
        examples: ['79.63'],
      },
    },
  },
  Utilization: {
    type: 'object',
    required: ['asOf', 'items'],
    properties: { asOf: date, items: { type: 'array', items: ref('UtilizationItem') } },
  },
  // ---- forecasts and the utilisation history (issue 5) ----
  ForecastItem: {
    type: 'object',
    description:
      'The forecast of one active cap period (period not ended, categories still in term): projected = actual + committed + max(0, expectedFuture − committedScheduled). ' +
      'The method is defined in src/domain/monitoring/forecast.ts and described in words in method.description.',
    required: [
      'agreementId',
      'agreementName',
      'capId',
      'categoryKeys',
      'categoryNames',
      'periodStart',
      'periodEnd',
      'periodStatus',
      'horizonEnd',
      'currency',
      'cap',
      'actual',
      'committed',
      'committedDue',
      'committedScheduled',
      'expectedFuture',
      'projected',
      'projectedPercent',
      'projectedHeadroom',
      'exceedsCap',
      'remainingDays',
      'remainingFrom',
      'thresholds',
      'method',
    ],
    properties: {
      agreementId: id,
      agreementName: ref('LocalisedName'),
      capId: id,
      categoryKeys: { type: 'array', items: text },
      categoryNames: { type: 'array', items: ref('LocalisedName') },
      periodStart: date,
      periodEnd: date,
      periodStatus: {
        type: 'string',
        enum: ['current', 'upcoming'],
        description: 'current: the period contains asOf; upcoming: it starts after asOf.',
      },
      horizonEnd: {
        ...date,
        description: "The last day projected: the period end, or the end of the categories' terms within it.",
      },
      currency,
      cap: { ...decimal, description: 'The cap in force on asOf (on the first day of an upcoming period).' },
      actual: { ...decimal, description: "The period's actual amounts dated on or before asOf." },
      committed: {
        ...decimal,
        description:
          'What accepted orders still hold on the cap as of asOf (committedDue + committedScheduled).',
      },
      committedDue: {
        ...decimal,
        description: 'Open order amounts scheduled on or before asOf (not yet invoiced).',
      },
      committedScheduled: { ...decimal, description: 'Open order amounts scheduled after asOf.' },
      expectedFuture: { ...decimal, description: 'The run-rate over the remaining days, rounded half-up.' },
      projected: {
        ...decimal,
        description:
          'actual + committed + max(0, expectedFuture − committedScheduled), rounded half-up once.',
      },
      projectedPercent: {
        type: 'string',
        pattern: '^\\d+\\.\\d$',
        description: 'projected / cap × 100, one decimal.',
        examples: ['85.0'],
      },
      projectedHeadroom: {
        ...decimal,
        description: 'cap − projected: negative when the projection exceeds the cap.',
      },
      exceedsCap: { type: 'boolean', description: 'projected > cap.' },
      remainingDays: { type: 'integer', minimum: 0 },
      remainingFrom: nullable(date),
      thresholds: {
        type: 'array',
        items: {
          type: 'object',
          required: ['threshold', 'amount', 'reachedOn', 'basis'],
          properties: {
            threshold: { type: 'string', examples: ['80'], description: 'A percentage of the cap.' },
            amount: decimal,
            reachedOn: {
              ...nullable(date),
              description:
                'The day actual amounts reached it (basis actual), else the day the projection reaches it (basis projected), else null.',
            },
            basis: { oneOf: [{ type: 'string', enum: ['actual', 'projected'] }, { type: 'null' }] },
          },
        },
      },
      method: {
        type: 'object',
        required: [
          'kind',
          'windowStart',
          'windowEnd',
          'windowDays',
          'windowActual',
          'dailyRate',
          'growth',
          'description',
        ],
        properties: {
          kind: { type: 'string', enum: ['trailing-average', 'seasonal', 'no-history'] },
          windowStart: nullable(date),
          windowEnd: nullable(date),
          windowDays: {
            type: 'integer',
            minimum: 0,
            description: 'The trailing window: 90 days ending on asOf, fewer when less data exists.',
          },
          windowActual: decimal,
          dailyRate: { ...decimal, description: 'The trailing window’s actual amounts per day.' },
          growth: {
            oneOf: [{ type: 'string', pattern: '^\\d+\\.\\d{4}$' }, { type: 'null' }],
            description: 'Seasonal only: the window against the same days a year earlier.',
          },
          description: {
            type: 'object',
            required: ['en', 'zh-Hant'],
            properties: { en: text, 'zh-Hant': text },
          },
        },
      },
    },
  },
  Forecasts: {
    type: 'object',
    required: ['asOf', 'items'],
    properties: { asOf: date, items: { type: 'array', items: ref('ForecastItem') } },
  },
  UtilizationPoint: {
    type: 'object',
    required: ['date', 'actual', 'committed', 'utilised', 'cap', 'percentUsed'],
    properties: {
      date,
      actual: { ...decimal, description: 'Cumulative: every actual dated on or before date.' },
      committed: { ...decimal, description: 'Open reservations as of date.' },
      utilised: decimal,
      cap: { ...decimal, description: 'The cap in force on date.' },
      percentUsed: { type: 'string', pattern: '^-?\\d+\\.\\d{2}$', examples: ['79.63'] },
    },
  },
  UtilizationHistory: {
    type: 'object',
    required: [
      'capId',
      'agreementId',
      'categoryKeys',
      'periodStart',
      'periodEnd',
      'from',
      'to',
      'currency',
      'cap',
      'points',
    ],
    properties: {
      capId: id,
      agreementId: id,
      categoryKeys: { type: 'array', items: text },
      periodStart: date,
      periodEnd: date,
      from: date,
      to: date,
      currency,
      cap: { ...decimal, description: 'The cap in force on to.' },
      points: {
        type: 'array',
        items: ref('UtilizationPoint'),
        description:
          'One point at from (everything dated on or before it), one on each later day with a ledger movement, one at to.',
      },
    },
  },
  CapRevisionInput: {
    type: 'object',
    required: ['amount', 'effectiveFrom', 'approvedOn', 'reason', 'approvalReference'],
    properties: {
      amount: decimal,
      currency: { ...currency, description: "Optional; must be the cap's currency." },
      effectiveFrom: {
        ...date,
        description: 'No earlier than approvedOn, no later than the end of the cap period.',
      },
      approvedOn: {
        ...date,
        description: "The board's or shareholders' approval, or the announcement; not in the future.",
      },
      reason: text,
      approvalReference: text,
    },
  },
  CapRevisionResult: {
    type: 'object',
    description:
      'A revision below what is already used is accepted; `breach` is present when actual amounts exceed it.',
    required: ['cap', 'revisionId', 'status', 'reclassification', 'requiredApprovals'],
    properties: {
      cap: ref('Cap'),
      revisionId: id,
      status: {
        type: 'string',
        enum: ['approved', 'pending'],
        description: 'pending when the re-classification raised the tier: no headroom until approved.',
      },
      reclassification: ref('RevisionReclassification'),
      requiredApprovals: {
        type: 'array',
        description: 'To be completed before the old cap is exceeded (14A.54).',
        items: ref('RevisionRequirement'),
      },
      breach: ref('Breach'),
    },
  },
  TerminationInput: {
    type: 'object',
    required: ['categoryKey', 'effectiveOn', 'reason'],
    properties: {
      categoryKey: text,
      effectiveOn: { ...date, description: 'The first day out of force, within the term.' },
      reason: text,
    },
  },
  TerminationResult: {
    type: 'object',
    required: ['agreement', 'released'],
    properties: {
      agreement: ref('Agreement'),
      released: {
        type: 'array',
        description: 'Reservations scheduled on or after effectiveOn, released.',
        items: {
          type: 'object',
          required: ['orderId', 'capId', 'amount'],
          properties: { orderId: id, capId: id, amount: decimal },
        },
      },
    },
  },
  FxRateInput: {
    type: 'object',
    required: ['from', 'to', 'date', 'rate', 'source'],
    properties: {
      from: currency,
      to: currency,
      date,
      rate: { type: 'string', description: 'Units of `to` per unit of `from`.', examples: ['7.1'] },
      source: text,
    },
  },
  FxRate: {
    type: 'object',
    required: ['id', 'from', 'to', 'date', 'rate', 'source', 'recordedAt'],
    properties: {
      id,
      from: currency,
      to: currency,
      date,
      rate: text,
      source: text,
      recordedAt: { type: 'string', format: 'date-time' },
    },
  },
  // ---- evidence (issue 4) ----
  Evidence: {
    type: 'object',
    description:
      "An evidence file's metadata. Files are content-addressed per issuer (the SHA-256 of the bytes), have one issue date, and are never changed or deleted.",
    required: [
      'sha256',
      'size',
      'mediaType',
      'filename',
      'issuedOn',
      'description',
      'uploadedAt',
      'uploadedBy',
    ],
    properties: {
      sha256: sha256Schema,
      size: { type: 'integer', description: 'Bytes.' },
      mediaType: { type: 'string', enum: [...EVIDENCE_MEDIA_TYPES] },
      filename: { type: 'string', description: 'The base name it was first uploaded with.' },
      issuedOn: {
        ...date,
        description: 'When the document was issued (a quote is dated), not when it was uploaded.',
      },
      description: nullable(text),
      uploadedAt: { type: 'string', format: 'date-time' },
      uploadedBy: text,
    },
  },
  EvidenceUploadResult: {
    allOf: [
      ref('Evidence'),
      {
        type: 'object',
        required: ['alreadyStored'],
        properties: {
          alreadyStored: {
            type: 'boolean',
            description: 'True (status 200) when the issuer already had these bytes: nothing was written.',
          },
        },
      },
    ],
  },
  EvidenceUploadForm: {
    type: 'object',
    required: ['file', 'issuedOn'],
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description:
          `The document, at most ${EVIDENCE_MAX_BYTES} bytes (20 MiB): PDF, PNG, JPEG, plain text, CSV, XLSX, DOCX or an e-mail (.eml). ` +
          "Its part's Content-Type must be one of the accepted types, or absent / application/octet-stream to infer the type from the file name's extension " +
          '(.pdf .png .jpg .jpeg .txt .csv .xlsx .docx .eml). The bytes must be what the type says (PDF, PNG, JPEG and ZIP signatures; text as UTF-8 without NUL).',
      },
      issuedOn: { ...date, description: 'When the document was issued; not after today.' },
      description: { type: 'string', maxLength: 2000 },
    },
  },
  AgreementEvidenceInput: {
    type: 'object',
    required: ['kind', 'summary', 'evidence'],
    properties: {
      kind: {
        type: 'string',
        enum: ['connected-party-terms-to-third-parties', 'other'],
        description:
          "connected-party-terms-to-third-parties: the terms the connected party offers independent third parties (the pricing policy's second comparison).",
      },
      summary: { type: 'string', maxLength: 4000 },
      evidence: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: sha256Schema,
        description: 'SHA-256s of files this issuer has uploaded (POST /api/v1/evidence); each at most once.',
      },
    },
  },
  AgreementEvidence: {
    type: 'object',
    required: ['id', 'agreementId', 'seq', 'kind', 'summary', 'evidence', 'recordedAt', 'recordedBy'],
    properties: {
      id,
      agreementId: id,
      seq: { type: 'integer', description: 'Recording order within the agreement, from 1.' },
      kind: { type: 'string', enum: ['connected-party-terms-to-third-parties', 'other'] },
      summary: text,
      evidence: {
        type: 'array',
        items: {
          type: 'object',
          required: ['sha256', 'filename', 'issuedOn', 'mediaType', 'size'],
          properties: {
            sha256: sha256Schema,
            filename: text,
            issuedOn: date,
            mediaType: text,
            size: { type: 'integer' },
          },
        },
      },
      recordedAt: { type: 'string', format: 'date-time' },
      recordedBy: text,
    },
  },
  AgreementEvidenceList: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ref('AgreementEvidence') } },
  },
  Health: {
    type: 'object',
    required: ['status', 'engine'],
    properties: { status: { const: 'ok' }, engine: { type: 'string', enum: ['sqlite', 'postgres'] } },
  },
  ScenarioInput: {
    type: 'object',
    description:
      'A Chapter 14A scenario, the document `armslength classify` reads (docs/scenario-format.md, example examples/seed-case.yaml). ' +
      'Amounts are decimal strings; percentages a decimal string ("11.12") or a number with at most 4 decimals.',
    required: ['asOf', 'issuer', 'parties', 'agreements'],
    properties: {
      asOf: date,
      issuer: {
        type: 'object',
        required: ['id', 'name', 'financialYearEnd', 'figures'],
        properties: {
          id: text,
          name: ref('LocalisedNameInput'),
          financialYearEnd: { type: 'string', pattern: '^\\d{2}-\\d{2}$', examples: ['12-31'] },
          figures: {
            type: 'object',
            required: ['currency', 'totalAssets', 'revenue', 'profits', 'marketCapitalisation'],
            properties: {
              currency,
              totalAssets: decimal,
              revenue: decimal,
              profits: { ...decimal, description: 'May be negative (a loss).' },
              marketCapitalisation: decimal,
            },
          },
        },
      },
      fx: {
        type: 'array',
        items: {
          type: 'object',
          required: ['from', 'to', 'rate'],
          properties: { from: currency, to: currency, rate: { type: 'string', examples: ['1.08'] } },
        },
      },
      parties: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'kind', 'name'],
          properties: {
            id: text,
            kind: { type: 'string', enum: ['individual', 'company', 'trust', 'prc-governmental-body'] },
            name: ref('LocalisedNameInput'),
            birthDate: date,
          },
        },
      },
      relationships: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kind'],
          description:
            'By kind: shareholding { holder, company, percent, percentThroughIssuerGroup? }; board-control { holder, company }; ' +
            'director | chief-executive | supervisor { person, company }; family { person, relative, relation }; trust { trustee, beneficiary }; ' +
            'each with optional from/to dates; subsidiary-figures { company, years: [{ year, assetsRatio, profitsRatio, revenueRatio }] }.',
          properties: {
            kind: {
              type: 'string',
              enum: [
                'shareholding',
                'board-control',
                'director',
                'chief-executive',
                'supervisor',
                'family',
                'trust',
                'subsidiary-figures',
              ],
            },
          },
        },
      },
      agreements: {
        type: 'array',
        minItems: 1,
        items: {
          description:
            'The body of POST /api/v1/agreements, with `counterparty` a party id, plus id and the 14A.101 flags.',
          allOf: [
            ref('AgreementInput'),
            {
              type: 'object',
              required: ['id', 'counterparty'],
              properties: {
                id: text,
                counterparty: { type: 'string', description: 'A party id.' },
                normalCommercialTerms: { type: 'boolean', default: true },
                boardApproved: { type: 'boolean', default: false },
                inedConfirmed: { type: 'boolean', default: false },
              },
            },
          ],
        },
      },
      options: {
        type: 'object',
        description:
          'The settings for the points the rule digest marks [U]; defaults in docs/scenario-format.md.',
        properties: {
          spanningPeriod: { type: 'string', enum: ['count-in-full-in-each-year'] },
          totalConsideration: { type: 'string', enum: ['largest-annual', 'term-total'] },
          majorityControl: { type: 'string', enum: ['more-than-50', '50-or-more'] },
          deemedReviewCompanies: { type: 'string', enum: ['30-percent-controlled', 'majority-controlled'] },
          formerSubstantialShareholderLookBack: { type: 'string', enum: ['none', '12-months'] },
        },
      },
    },
  },
  BasisStep: {
    type: 'object',
    required: ['rule', 'text'],
    properties: { rule: { type: 'string', examples: ['14A.07(1)'] }, text },
  },
  Tier: {
    type: 'string',
    enum: ['NOT_CONNECTED', 'FULLY_EXEMPT', 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL', 'NON_EXEMPT'],
  },
  Numerator: {
    type: 'object',
    description:
      "The largest, over the financial years, of the sum of the caps falling in that year, in the caps' currency and in HK$.",
    required: ['amount', 'currency', 'amountHkd'],
    properties: {
      amount: decimal,
      currency,
      amountHkd: decimal,
      financialYear: { type: 'string', examples: ['FY2026'] },
    },
  },
  Ratio: {
    type: 'object',
    required: ['name', 'percent', 'usedForClassification'],
    properties: {
      name: { type: 'string', enum: ['assets', 'revenue', 'consideration', 'equity-capital', 'profits'] },
      percent: {
        type: 'string',
        description: 'To 4 decimals, or "n/a" / "not meaningful"; tiers are decided on the exact value.',
        examples: ['1.1975'],
      },
      exact: nullable({ type: 'string', description: 'The exact fraction of 1, "n/d".' }),
      usedForClassification: { type: 'boolean' },
    },
  },
  Classification: {
    type: 'object',
    required: ['asOf', 'issuer', 'fx', 'options', 'parties', 'agreements', 'aggregates'],
    properties: {
      asOf: date,
      issuer: { type: 'object', properties: { id: text, name: ref('LocalisedName') } },
      fx: {
        type: 'array',
        items: { type: 'object', properties: { from: currency, to: currency, rate: text } },
      },
      options: { type: 'object' },
      parties: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'connected', 'subsidiaryLevelOnly', 'deemedReview', 'basis'],
          properties: {
            id: text,
            name: ref('LocalisedName'),
            connected: { type: 'boolean' },
            subsidiaryLevelOnly: { type: 'boolean' },
            deemedReview: {
              type: 'boolean',
              description:
                'A possible deemed connected person (14A.20–14A.21): inform the Exchange unless fully exempt.',
            },
            basis: { type: 'array', items: ref('BasisStep') },
          },
        },
      },
      agreements: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'id',
            'individualTier',
            'tier',
            'numerator',
            'ratios',
            'requirements',
            'interestedDirectors',
            'implications',
          ],
          properties: {
            id: text,
            name: ref('LocalisedName'),
            counterparty: text,
            individualTier: ref('Tier'),
            tier: { ...ref('Tier'), description: 'The higher of the individual and the aggregate tier.' },
            tierRule: nullable({ type: 'string', examples: ['14A.76(2)(a)'] }),
            deemedTier: nullable(ref('Tier')),
            categories: {
              type: 'array',
              description: 'Each category classified on its own caps.',
              items: {
                type: 'object',
                properties: {
                  key: text,
                  name: ref('LocalisedName'),
                  numerator: nullable(ref('Numerator')),
                  ratios: { type: 'array', items: ref('Ratio') },
                  tier: ref('Tier'),
                },
              },
            },
            numerator: nullable(ref('Numerator')),
            ratios: { type: 'array', items: ref('Ratio') },
            requirements: {
              type: 'array',
              items: {
                type: 'object',
                required: ['code', 'rule', 'text'],
                properties: { code: text, rule: text, text },
              },
            },
            explanation: { type: 'array', items: ref('BasisStep') },
            findings: { type: 'array', items: ref('BasisStep') },
            interestedDirectors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'reasons'],
                properties: {
                  id: text,
                  name: ref('LocalisedName'),
                  reasons: { type: 'array', items: ref('BasisStep') },
                },
              },
            },
            implications: {
              type: 'object',
              required: ['en', 'zh-Hant'],
              properties: { en: text, 'zh-Hant': text },
            },
          },
        },
      },
      aggregates: {
        type: 'array',
        items: {
          type: 'object',
          required: ['partyIds', 'numerator', 'tier'],
          properties: {
            partyIds: { type: 'array', items: text },
            agreementIds: { type: 'array', items: text },
            numerator: nullable(ref('Numerator')),
            ratios: { type: 'array', items: ref('Ratio') },
            tier: ref('Tier'),
            tierRule: nullable(text),
          },
        },
      },
    },
  },
  // ---- alerts, inbox, monitoring policy and escalations (issue 5) ----
  AlertKind: {
    type: 'string',
    enum: [...ALERT_KINDS],
    description:
      'THRESHOLD: actual amounts reached a threshold (default 80%) of the cap in force. EARLY_WARNING: actual + committed reached an early-warning threshold (none by default). ' +
      'BREACH: an actual exceeded a cap, lay outside the term or had no covering cap (the breach record). CAP_INSUFFICIENT: the forecast exceeds the cap (an escalation is raised with it). ' +
      "TERM_EXPIRY: a category's term ends within termExpiryNoticeDays. REVIEW_DEADLINE: an annual review is due within reviewNoticeDays.",
  },
  RecipientRole: {
    type: 'string',
    enum: [...RECIPIENT_ROLES],
    description: 'Who is told of an alert: roles, until user accounts exist.',
  },
  Alert: {
    type: 'object',
    description:
      'An alert, raised in the transaction that caused it, once per cause (a revised cap re-arms its thresholds), with its acknowledgements and remediations. ' +
      'Money is a decimal string in `currency`; the money fields are null when the alert is not about a cap period.',
    required: [
      'id',
      'kind',
      'severity',
      'agreementId',
      'categoryId',
      'capId',
      'periodStart',
      'periodEnd',
      'threshold',
      'currency',
      'cap',
      'actualAtCrossing',
      'committed',
      'actualId',
      'breachId',
      'occurredOn',
      'raisedAt',
      'recipients',
      'message',
      'details',
      'acknowledged',
      'acknowledgements',
      'remediations',
    ],
    properties: {
      withheld: ref('Withheld'),
      id: { type: 'string', examples: ['alr_5f1c9a0e2b7d4c31'] },
      kind: ref('AlertKind'),
      severity: {
        type: 'string',
        enum: ['info', 'warning', 'critical'],
        description:
          'critical: BREACH and CAP_INSUFFICIENT; warning: THRESHOLD, EARLY_WARNING, REVIEW_DEADLINE; info: TERM_EXPIRY.',
      },
      agreementId: nullable(id),
      categoryId: nullable(id),
      capId: nullable(id),
      periodStart: nullable(date),
      periodEnd: nullable(date),
      threshold: {
        ...nullable({ type: 'string', examples: ['80'] }),
        description: 'THRESHOLD and EARLY_WARNING: the percentage of the cap reached.',
      },
      currency: nullable(currency),
      cap: { ...nullable(decimal), description: 'The cap in force when the alert was raised.' },
      actualAtCrossing: {
        ...nullable(decimal),
        description: "The period's actual amounts when the alert was raised.",
      },
      committed: {
        ...nullable(decimal),
        description: 'THRESHOLD and EARLY_WARNING: what open orders held on the cap then.',
      },
      actualId: { ...nullable(id), description: 'The actual whose posting raised it.' },
      breachId: { ...nullable(id), description: 'BREACH: the breach record (GET /api/v1/breaches).' },
      occurredOn: {
        ...date,
        description:
          'The day it concerns: the posting date, the forecast date, the end of the term, or the date the review is due.',
      },
      raisedAt: { type: 'string', format: 'date-time' },
      recipients: {
        type: 'array',
        items: ref('RecipientRole'),
        description:
          'The roles the monitoring policy named for the kind when it was raised; each has an inbox item.',
      },
      message: {
        type: 'object',
        required: ['en', 'zh-Hant'],
        properties: { en: text, 'zh-Hant': text },
      },
      details: {
        type: 'object',
        additionalProperties: true,
        description:
          'By kind. THRESHOLD, EARLY_WARNING: percentUsed, cap, actualAtCrossing, committed. BREACH: code (BreachCode), excess?, revisionId?. ' +
          'CAP_INSUFFICIENT: forecast (a ForecastItem), projected. TERM_EXPIRY: termEnd. REVIEW_DEADLINE: yearEnd, dueOn.',
      },
      acknowledged: { type: 'boolean', description: 'Whether anyone has acknowledged it.' },
      acknowledgements: {
        type: 'array',
        description: 'Every acknowledgement, oldest first: a later one adds to the history.',
        items: {
          type: 'object',
          required: ['id', 'by', 'at', 'comment'],
          properties: {
            id,
            by: text,
            at: { type: 'string', format: 'date-time' },
            comment: nullable(text),
          },
        },
      },
      remediations: {
        type: 'array',
        description: 'BREACH only: the remediation recorded, oldest first.',
        items: {
          type: 'object',
          required: ['id', 'reference', 'notes', 'recordedAt', 'recordedBy'],
          properties: {
            id,
            reference: nullable(text),
            notes: text,
            recordedAt: { type: 'string', format: 'date-time' },
            recordedBy: text,
          },
        },
      },
    },
  },
  AlertList: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ref('Alert') } },
  },
  AcknowledgementInput: {
    type: 'object',
    properties: { comment: { type: 'string', maxLength: 4000 } },
  },
  RemediationInput: {
    type: 'object',
    required: ['notes'],
    properties: {
      reference: {
        type: 'string',
        maxLength: 500,
        description: "The re-compliance announcement's reference, for example.",
      },
      notes: { type: 'string', minLength: 1, maxLength: 8000 },
    },
  },
  InboxItem: {
    description: 'An alert as it reached one recipient role.',
    allOf: [
      ref('Alert'),
      {
        type: 'object',
        required: ['inboxId', 'recipient', 'readAt'],
        properties: {
          inboxId: { type: 'string', examples: ['inb_5f1c9a0e2b7d4c31'] },
          recipient: ref('RecipientRole'),
          readAt: nullable({ type: 'string', format: 'date-time' }),
        },
      },
    ],
  },
  MonitoringPercent: {
    type: 'string',
    pattern: '^\\d{1,3}(\\.\\d{1,4})?$',
    description: 'A percentage of the cap as a decimal string, above 0 and at most 100, up to four decimals.',
    examples: ['80', '79.5'],
  },
  MonitoringPolicy: {
    type: 'object',
    description:
      "The issuer's monitoring policy (issuer policy, not law): what raises alerts, who is told, and the notice periods. Without one recorded, the defaults apply.",
    required: [
      'thresholds',
      'earlyWarningThresholds',
      'recipients',
      'termExpiryNoticeDays',
      'reviewNoticeDays',
      'escalationMargin',
    ],
    properties: {
      thresholds: {
        type: 'array',
        items: ref('MonitoringPercent'),
        maxItems: 10,
        description: 'THRESHOLD alerts on actual amounts, ascending. Default ["80"].',
      },
      earlyWarningThresholds: {
        type: 'array',
        items: ref('MonitoringPercent'),
        maxItems: 10,
        description: 'EARLY_WARNING alerts on actual + committed, ascending. Default none.',
      },
      recipients: {
        type: 'object',
        description:
          'Alert kind → the roles told (an inbox item each, and their notification subscriptions). Defaults: THRESHOLD senior-management, finance; EARLY_WARNING finance; ' +
          'BREACH compliance, senior-management, directors; CAP_INSUFFICIENT senior-management, directors; TERM_EXPIRY company-secretary, senior-management; REVIEW_DEADLINE company-secretary, ineds.',
        propertyNames: ref('AlertKind'),
        additionalProperties: { type: 'array', minItems: 1, items: ref('RecipientRole') },
      },
      termExpiryNoticeDays: {
        type: 'integer',
        minimum: 0,
        maximum: 730,
        description: "TERM_EXPIRY this many days before a category's term ends. Default 90.",
      },
      reviewNoticeDays: {
        type: 'integer',
        minimum: 0,
        maximum: 730,
        description: 'REVIEW_DEADLINE this many days before an annual review is due. Default 30.',
      },
      escalationMargin: {
        type: 'string',
        pattern: '^\\d{1,3}(\\.\\d{1,4})?$',
        description:
          'A forecast above the cap by more than this percentage of the cap escalates (0 to 100). Default "0", so that every projected excess escalates.',
        examples: ['0', '5'],
      },
    },
  },
  MonitoringPolicyInput: {
    type: 'object',
    additionalProperties: false,
    description:
      'The whole policy: a field left out (or null) takes its default, not its previous value; in recipients, a kind left out keeps its default roles. ' +
      'A field the policy does not know is refused (422 naming it); a threshold listed twice is refused.',
    properties: {
      thresholds: { type: 'array', maxItems: 10, items: ref('MonitoringPercent') },
      earlyWarningThresholds: { type: 'array', maxItems: 10, items: ref('MonitoringPercent') },
      recipients: {
        type: 'object',
        propertyNames: ref('AlertKind'),
        additionalProperties: { type: 'array', minItems: 1, items: ref('RecipientRole') },
      },
      termExpiryNoticeDays: { type: 'integer', minimum: 0, maximum: 730 },
      reviewNoticeDays: { type: 'integer', minimum: 0, maximum: 730 },
      escalationMargin: { type: 'string', pattern: '^\\d{1,3}(\\.\\d{1,4})?$' },
    },
  },
  EscalationStatus: {
    type: 'string',
    enum: ['raised', 'reviewed', 'decided'],
    description:
      "raised (by the daily forecast, with a CAP_INSUFFICIENT alert) → reviewed (senior management's notes) → decided (the board's decision).",
  },
  Escalation: {
    type: 'object',
    description:
      "A cap-insufficiency escalation (internal control 2): raised once per cap amount when the forecast exceeds the cap by more than the policy's escalationMargin; every step is kept.",
    required: [
      'id',
      'status',
      'agreementId',
      'capId',
      'periodStart',
      'periodEnd',
      'alertId',
      'raisedAt',
      'forecast',
      'steps',
      'revision',
    ],
    properties: {
      withheld: ref('Withheld'),
      id: { type: 'string', examples: ['esc_5f1c9a0e2b7d4c31'] },
      status: ref('EscalationStatus'),
      agreementId: id,
      capId: id,
      periodStart: date,
      periodEnd: date,
      alertId: { ...nullable(id), description: 'Its CAP_INSUFFICIENT alert.' },
      raisedAt: { type: 'string', format: 'date-time' },
      forecast: {
        ...ref('ForecastItem'),
        description: 'The forecast that raised it, as GET /api/v1/forecasts showed it then.',
      },
      steps: {
        type: 'array',
        description: 'Every step in order: raised (by "system: daily forecast"), reviewed, decided.',
        items: {
          type: 'object',
          required: ['seq', 'step', 'decision', 'revisionId', 'reason', 'notes', 'at', 'by'],
          properties: {
            seq: { type: 'integer', minimum: 1 },
            step: ref('EscalationStatus'),
            decision: nullable({ type: 'string', enum: ['revise-cap', 'no-action'] }),
            revisionId: nullable(id),
            reason: nullable(text),
            notes: nullable(text),
            at: { type: 'string', format: 'date-time' },
            by: text,
          },
        },
      },
      revision: {
        description:
          'For a revise-cap decision: the cap revision it names, with its status and re-classification; otherwise null.',
        oneOf: [
          {
            type: 'object',
            required: ['id', 'amount', 'effectiveFrom', 'status', 'reclassification'],
            properties: {
              id,
              amount: decimal,
              effectiveFrom: date,
              status: { type: 'string', enum: ['approved', 'pending'] },
              reclassification: nullable(ref('RevisionReclassification')),
            },
          },
          { type: 'null' },
        ],
      },
    },
  },
  EscalationList: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ref('Escalation') } },
  },
  EscalationReviewInput: {
    type: 'object',
    required: ['notes'],
    properties: { notes: { type: 'string', minLength: 1, maxLength: 8000 } },
  },
  EscalationDecisionInput: {
    type: 'object',
    required: ['decision'],
    properties: {
      decision: { type: 'string', enum: ['revise-cap', 'no-action'] },
      reason: {
        type: 'string',
        maxLength: 8000,
        description: 'Required for no-action: why the board does not revise the cap.',
      },
      revisionId: {
        type: 'string',
        maxLength: 200,
        description:
          'Required for revise-cap, refused for no-action: a revision of the escalated cap, recorded first with POST /api/v1/caps/{id}/revisions (else 422 at revisionId).',
      },
      notes: { type: 'string', maxLength: 8000 },
    },
  },
  // ---- end alerts, inbox, monitoring policy and escalations ----
  // ---- schedules (issue 5) ----
  ScheduleRun: {
    type: 'object',
    required: ['schedule', 'period', 'status', 'startedAt', 'finishedAt', 'runBy', 'result'],
    properties: {
      schedule: { enum: ['monthly', 'semi-annual', 'daily-forecast'] },
      period: { type: 'string', examples: ['2026-10', 'FY2026-H1', '2026-11-24'] },
      status: {
        enum: ['running', 'done'],
        description:
          "'running' while its job runs (or after its process stopped mid-job: it is taken over once the scheduler lease has expired).",
      },
      startedAt: { type: 'string', format: 'date-time' },
      finishedAt: nullable({ type: 'string', format: 'date-time' }),
      runBy: { type: 'string', description: 'The scheduler process (lease owner) that ran it.' },
      result: nullable({
        type: 'object',
        additionalProperties: true,
        description:
          'What the run recorded. Until the reports exist (issue 7), the figures: `utilisation`, every cap period as at the period end (as GET /api/v1/utilization?asOf=).',
      }),
    },
  },
  // ---- end schedules ----
  // ---- notifications (issue 5) ----
  NotificationSubscriptionInput: {
    type: 'object',
    required: ['role', 'channel', 'target'],
    properties: {
      role: {
        enum: ['finance', 'senior-management', 'compliance', 'company-secretary', 'directors', 'ineds'],
        description:
          'The alerts sent to this role (the monitoring policy names the roles of each alert kind).',
      },
      channel: { enum: ['email', 'webhook'] },
      target: {
        type: 'string',
        description: 'An e-mail address (channel email) or an http:// or https:// URL (channel webhook).',
        examples: ['cosec@example.com', 'https://hooks.example.com/armslength'],
      },
      secret: {
        type: 'string',
        minLength: 16,
        maxLength: 256,
        description:
          'Webhooks only: the HMAC-SHA256 key. Leave it out to have one generated; it is answered this once and never again.',
      },
    },
  },
  NotificationSubscription: {
    type: 'object',
    required: ['id', 'role', 'channel', 'target', 'active', 'secretHint', 'createdAt', 'createdBy'],
    properties: {
      id,
      role: { type: 'string' },
      channel: { enum: ['email', 'webhook'] },
      target: text,
      active: { type: 'boolean' },
      secretHint: nullable({
        type: 'string',
        description: "The webhook secret's last four characters, as '…3f9a'; null for e-mail.",
      }),
      createdAt: { type: 'string', format: 'date-time' },
      createdBy: text,
    },
  },
  NotificationSubscriptionCreated: {
    allOf: [
      ref('NotificationSubscription'),
      {
        type: 'object',
        required: ['secret'],
        properties: {
          secret: nullable({
            type: 'string',
            description:
              'The webhook secret, shown only in this answer (null for e-mail). Verify each request: ' +
              'header Armslength-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>; reject a t more than 5 minutes from now.',
          }),
        },
      },
    ],
  },
  Delivery: {
    type: 'object',
    required: [
      'id',
      'alertId',
      'subscriptionId',
      'channel',
      'target',
      'subject',
      'status',
      'attempts',
      'nextAttemptAt',
      'createdAt',
      'deliveredAt',
      'lastError',
      'log',
    ],
    properties: {
      id: {
        type: 'string',
        description:
          'Also sent as the header Armslength-Delivery (webhooks) or X-Armslength-Delivery (e-mail).',
      },
      alertId: nullable(id),
      subscriptionId: nullable(id),
      channel: { enum: ['email', 'webhook'] },
      target: text,
      subject: text,
      status: {
        enum: ['pending', 'delivered', 'failed'],
        description:
          "'failed': given up, after a refusal that a retry cannot change (a 4xx other than 408/429, a permanent SMTP reply, a deactivated subscription) or after the last of 8 attempts.",
      },
      attempts: { type: 'integer', minimum: 0 },
      nextAttemptAt: nullable({
        type: 'string',
        format: 'date-time',
        description:
          'Pending only: when it is next tried (30 s after the first failure, doubling, at most 1 h apart).',
      }),
      createdAt: { type: 'string', format: 'date-time' },
      deliveredAt: nullable({ type: 'string', format: 'date-time' }),
      lastError: nullable(text),
      log: {
        type: 'array',
        items: {
          type: 'object',
          required: ['attempt', 'at', 'outcome', 'detail'],
          properties: {
            attempt: { type: 'integer', minimum: 1 },
            at: { type: 'string', format: 'date-time' },
            outcome: { enum: ['delivered', 'error'] },
            detail: {
              type: 'string',
              description: "What the receiver answered (e.g. 'HTTP 500 …'), or why it was not sent.",
            },
          },
        },
      },
    },
  },
  // ---- end notifications ----
};

const responses = {
  Unauthenticated: json(
    ref('Error'),
    'No valid credentials (code UNAUTHENTICATED, INVALID_CREDENTIALS, ACCOUNT_LOCKED or SETUP_CODE_INVALID); WWW-Authenticate: Bearer.',
  ),
  RateLimited: json(
    ref('Error'),
    'Too many sign-in attempts from this address (code RATE_LIMITED); see Retry-After.',
  ),
  InvalidInput: json(ref('FieldErrors'), 'Invalid input: each bad field named; nothing was written.'),
  NotFound: json(ref('Error'), 'Not found (code NOT_FOUND).'),
  Forbidden: json(ref('Error'), 'Not allowed for the acting user or issuer (code FORBIDDEN).'),
  Conflict: json(ref('Conflict'), 'Conflicts with what is recorded.'),
  Internal: json(ref('InternalError'), 'Internal error: logged with the request id.'),
  Unavailable: json(ref('Error'), 'The database did not answer (code UNAVAILABLE).'),
};

const parameters = {
  IssuerHeader: {
    name: 'X-Armslength-Issuer',
    in: 'header',
    required: false,
    description:
      'The issuer to act for, one where the user holds a role: an API token acts only for its own issuer, and a signed-in user of several issuers must name one (422 naming this header otherwise). An issuer the credentials may not act for answers 404. A GET without this header may name the issuer as the query parameter `issuer` instead (a download link cannot set a header).',
    schema: { type: 'string' },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'At most 200 characters, scoped to the issuer. A repeat with the same body returns the first response (header Idempotent-Replayed: true) and writes nothing; ' +
      'the same key with a different body gets 409 IDEMPOTENCY_KEY_REUSED. A refused (4xx) request is not remembered.',
    schema: { type: 'string', maxLength: 200 },
  },
  Id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
  RevisionId: { name: 'revisionId', in: 'path', required: true, schema: { type: 'string' } },
  Sha256: { name: 'sha256', in: 'path', required: true, schema: sha256Schema },
  AsOf: {
    name: 'asOf',
    in: 'query',
    required: false,
    description: 'Default: today in Hong Kong.',
    schema: date,
  },
  AgreementId: { name: 'agreementId', in: 'query', required: false, schema: { type: 'string' } },
};

const p = (name: keyof typeof parameters) => ({ $ref: `#/components/parameters/${name}` });
const r = (name: keyof typeof responses) => ({ $ref: `#/components/responses/${name}` });
/** A JSON object body whose fields the summary describes (validated by the use case). */
const objectBody = {
  required: true,
  content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
};
const body = (schemaName: string, required = true) => ({
  required,
  content: { 'application/json': { schema: ref(schemaName) } },
});

const common = { '401': r('Unauthenticated'), '422': r('InvalidInput'), '500': r('Internal') };
const withId = [p('Id'), p('IssuerHeader')];

interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly [key: string]: unknown;
}

const paths: Record<string, Record<string, Operation>> = {
  // ---- paths: issued reports and 14A.59 tasks (issue 7) ----
  '/api/v1/issued-reports': {
    post: {
      operationId: 'issueReport',
      summary:
        'Issues a report: builds it (as known at `knownAt`, default now) and stores the document unchanged with its SHA-256. ' +
        'The same content again (timestamps aside) answers 200 with the version already issued, writing nothing; different content stores the next version, marked amended, listing its differences (201). ' +
        'Roles: report.issue (finance, company secretary). 409 REPORT_ISSUED_CONCURRENTLY when someone issued the same version a moment before.',
      tags: ['reports'],
      parameters: [p('IssuerHeader')],
      requestBody: body('IssueReportInput'),
      responses: {
        '201': json(ref('IssuedReport'), 'Issued (a new version)'),
        '200': json(ref('IssuedReport'), 'Unchanged: the latest version already has this content'),
        '403': r('Forbidden'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
    get: {
      operationId: 'listIssuedReports',
      summary: 'Every issued version, by kind, period and version; optionally of one `kind` and `period`.',
      tags: ['reports'],
      parameters: [
        { name: 'kind', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'period', in: 'query', required: false, schema: { type: 'string' } },
        p('IssuerHeader'),
      ],
      responses: {
        '200': json({ type: 'array', items: ref('IssuedReport') }, 'Issued reports'),
        '403': r('Forbidden'),
        ...common,
      },
    },
  },
  '/api/v1/issued-reports/{id}': {
    get: {
      operationId: 'getIssuedReport',
      summary: 'An issued version: its hash, knowledge date and, for an amended version, the differences.',
      tags: ['reports'],
      parameters: withId,
      responses: {
        '200': json(ref('IssuedReport'), 'The issued version'),
        '403': r('Forbidden'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/issued-reports/{id}/file': {
    get: {
      operationId: 'getIssuedReportFile',
      summary:
        'The stored document rendered (`format` html, xlsx, pdf or csv with `table`; `lang` en or zh-Hant): the content exactly as issued. The hash is checked first.',
      tags: ['reports'],
      parameters: [
        ...withId,
        {
          name: 'format',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['html', 'xlsx', 'csv', 'pdf'] },
        },
        { name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['en', 'zh-Hant'] } },
        { name: 'table', in: 'query', required: false, schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'The report file',
          content: {
            'text/html': {},
            'text/csv': {},
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {},
            'application/pdf': {},
          },
        },
        '403': r('Forbidden'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/follow-up-tasks': {
    get: {
      operationId: 'listFollowUpTasks',
      summary:
        "The 14A.59 tasks opened by a qualified INED limb or an exception in the auditor's letter: promptly notify the Exchange and publish an announcement. Optionally by `status` (open, done) and `financialYear`.",
      tags: ['reports'],
      parameters: [
        { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['open', 'done'] } },
        {
          name: 'financialYear',
          in: 'query',
          required: false,
          schema: { type: 'string', pattern: '^\\d{4}$' },
        },
        p('IssuerHeader'),
      ],
      responses: {
        '200': json({ type: 'array', items: ref('FollowUpTask') }, 'Tasks, oldest first'),
        '403': r('Forbidden'),
        ...common,
      },
    },
  },
  '/api/v1/follow-up-tasks/{id}/complete': {
    post: {
      operationId: 'completeFollowUpTask',
      summary:
        'Closes an open task with what was done (`note`). Company secretary (follow-up.complete). A task already done is 409 TASK_ALREADY_DONE.',
      tags: ['reports'],
      parameters: withId,
      requestBody: body('FollowUpCompletionInput'),
      responses: {
        '200': json(ref('FollowUpTask'), 'Completed'),
        '403': r('Forbidden'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  // ---- paths: INED sign-off (issue 7) ----
  '/api/v1/annual-reviews/{year}/ined-sign-offs': {
    post: {
      operationId: 'signOffInedReview',
      summary:
        "The acting INED's sign-off of the annual review of financial year `year` (YYYY, the calendar year it ends in; Rule 14A.55): every limb of the year's wording confirmed or qualified, once. " +
        'Only a completed year is signed off (422 at year otherwise). Each qualified limb opens a Rule 14A.59 task (notify the Exchange, publish an announcement) in the same transaction; 201 answers the record with its tasks. ' +
        'A second sign-off by the same INED for the year is 409 ALREADY_SIGNED_OFF and writes nothing. An INED who must abstain on an agreement (Rule 13.44) signs off the other CCTs: a qualification naming that agreement is 422, and one who must abstain on every CCT of the year is 403 RECUSED. Role: ined.',
      tags: ['annual review'],
      parameters: [
        { name: 'year', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{4}$' } },
        p('IssuerHeader'),
      ],
      requestBody: body('InedSignOffInput'),
      responses: {
        '201': json(ref('InedSignOff'), 'Signed off; tasks lists the 14A.59 tasks opened'),
        '403': r('Forbidden'),
        '404': r('NotFound'),
        '409': json(
          ref('Error'),
          'This INED has already signed off the year (code ALREADY_SIGNED_OFF): nothing was written.',
        ),
        ...common,
      },
    },
    get: {
      operationId: 'listInedSignOffs',
      summary:
        "The sign-offs of financial year `year` with their 14A.59 tasks, the limbs of the year's wording (three, or the seed's four by default) and the INEDs who have not signed yet. Roles: those with report.read.",
      tags: ['annual review'],
      parameters: [
        { name: 'year', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{4}$' } },
        p('IssuerHeader'),
      ],
      responses: {
        '200': json(ref('InedSignOffs'), 'The sign-offs of the year'),
        '403': r('Forbidden'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  // ---- paths: auditor's letter (issue 7) ----
  '/api/v1/annual-reviews/{year}/settings': {
    put: {
      operationId: 'putAnnualReviewSettings',
      summary:
        "The annual-review settings of financial year `year` (YYYY, the calendar year it ends in): the Rule 14A.55 wording the INEDs confirm and the annual report's bulk-printing date, from which the auditor's letter is due at the Exchange (Rule 14A.57). " +
        'Replaces earlier settings (the audit log keeps them). An unknown field is 422 at its name. Role: company-secretary.',
      tags: ['annual review'],
      parameters: [
        { name: 'year', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{4}$' } },
        p('IssuerHeader'),
      ],
      requestBody: body('AnnualReviewSettingsInput'),
      responses: {
        '200': json(ref('AnnualReviewSettings'), 'Recorded'),
        '403': r('Forbidden'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/annual-reviews/{year}/auditor-letters': {
    post: {
      operationId: 'recordAuditorLetter',
      summary:
        "Record the auditor's letter on the CCTs of financial year `year` (Rule 14A.56, HKICPA PN 740): the four findings, each no-exception, exception (detail required) or, for the pricing policy only where the group provides no goods or services, not-applicable. " +
        'Every error names its field (findings[2].detail) and nothing is written. A corrected letter is recorded again as the next letter (seq), never edited. Each exception opens a Rule 14A.59 task in the same transaction. ' +
        'Role: company-secretary (the auditor role is read-only).',
      tags: ['annual review'],
      parameters: [
        { name: 'year', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{4}$' } },
        p('IssuerHeader'),
      ],
      requestBody: body('AuditorLetterInput'),
      responses: {
        '201': json(ref('AuditorLetterRecorded'), 'Recorded, with the 14A.59 tasks opened'),
        '403': r('Forbidden'),
        '404': r('NotFound'),
        '409': json(
          ref('Error'),
          'Another letter on the year was recorded at the same moment (code LETTER_RECORDED_CONCURRENTLY): nothing was written.',
        ),
        ...common,
      },
    },
    get: {
      operationId: 'auditorLetterStatus',
      summary:
        "Financial year `year`'s settings, auditor's letters (in recording order) and the Rule 14A.57 deadline: the bulk-printing date less 10 Hong Kong business days, and whether it is met, missed or upcoming as of today, " +
        'with calendarIncomplete when the count crosses a year whose holidays are not shipped. Roles: those with report.read.',
      tags: ['annual review'],
      parameters: [
        { name: 'year', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{4}$' } },
        p('IssuerHeader'),
      ],
      responses: { '200': json(ref('AuditorLetterStatus'), 'The status'), '403': r('Forbidden'), ...common },
    },
  },
  '/api/v1/annual-reviews/{year}/auditor-letters/{id}/sent': {
    post: {
      operationId: 'markAuditorLetterSent',
      summary:
        'Record the day a copy of the letter was sent to the Exchange (Rule 14A.57), once: a second time is 409 LETTER_ALREADY_SENT. 404 for a letter not of this issuer and year. Role: company-secretary.',
      tags: ['annual review'],
      parameters: [
        { name: 'year', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{4}$' } },
        p('Id'),
        p('IssuerHeader'),
      ],
      requestBody: body('LetterSentInput'),
      responses: {
        '200': json(ref('AuditorLetter'), 'Recorded'),
        '403': r('Forbidden'),
        '404': r('NotFound'),
        '409': json(ref('Error'), 'The copy is already recorded (code LETTER_ALREADY_SENT).'),
        ...common,
      },
    },
  },
  '/': {
    get: {
      operationId: 'home',
      summary:
        'The web application (English / 繁體中文), built into dist/web. Without a session cookie: 303 to /login. Without a build: the page of /plain.',
      tags: ['pages'],
      security: [{ sessionCookie: [] }],
      responses: {
        '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } },
        ...common,
      },
    },
  },
  '/plain': {
    get: {
      operationId: 'plainHome',
      summary:
        'The page without script: the utilisation of every cap period, server-rendered. `?issuer=` picks the issuer of a user of several. Without a session cookie: 303 to /login.',
      tags: ['pages'],
      security: [{ sessionCookie: [] }],
      parameters: [p('IssuerHeader')],
      responses: {
        '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } },
        ...common,
      },
    },
  },
  '/assets/{file}': {
    get: {
      operationId: 'webAsset',
      summary: "The web application's scripts and styles (names carry their hash; cached for good).",
      tags: ['pages'],
      security: [],
      parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'The file' }, '404': { description: 'No such file' } },
    },
  },
  '/api/openapi.json': {
    get: {
      operationId: 'openapi',
      summary: 'This document.',
      tags: ['meta'],
      security: [],
      responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1 document') },
    },
  },
  '/api/v1/health': {
    get: {
      operationId: 'health',
      summary: 'Whether the server and its database answer. Needs no credentials.',
      tags: ['meta'],
      security: [],
      responses: { '200': json(ref('Health'), 'Healthy'), '503': r('Unavailable'), '500': r('Internal') },
    },
  },
  '/api/v1/agreements': {
    post: {
      operationId: 'createAgreement',
      summary: 'Record a framework agreement with its categories and caps.',
      tags: ['agreements'],
      parameters: [p('IssuerHeader')],
      requestBody: body('AgreementInput'),
      responses: {
        '201': json(
          ref('Agreement'),
          'Recorded, with ids for the agreement, its categories and caps; a renewal also with `renews` and `reclassification`',
        ),
        ...common,
      },
    },
    get: {
      operationId: 'listAgreements',
      summary: "The issuer's framework agreements.",
      tags: ['agreements'],
      parameters: [p('IssuerHeader')],
      responses: { '200': json(ref('AgreementList'), 'Agreements'), ...common },
    },
  },
  '/api/v1/agreements/{id}': {
    get: {
      operationId: 'getAgreement',
      summary:
        "One agreement with each cap's history of amounts, its renewal links, its material changes of terms, the board resolutions listing it and `recusals` (who recused on it, when and why: shown to every reader). " +
        'For a reader who must abstain on the agreement (Rule 13.44: a user whose membership names a director with a material interest), `boardResolutions` (the board papers) is empty and `withheld` says why (`reason: RECUSED`, `rule: 13.44`); the recusal is recorded.',
      tags: ['agreements'],
      parameters: withId,
      responses: { '200': json(ref('Agreement'), 'The agreement'), '404': r('NotFound'), ...common },
    },
  },
  '/api/v1/agreements/{id}/material-changes': {
    post: {
      operationId: 'recordMaterialChange',
      summary:
        'Record a material change of terms (append-only, 14A.54(2)): re-classified as of effectiveOn, with what must be completed before it takes effect.',
      tags: ['agreements'],
      parameters: withId,
      requestBody: body('MaterialChangeInput'),
      responses: { '201': json(ref('MaterialChange'), 'Recorded'), '404': r('NotFound'), ...common },
    },
  },
  '/api/v1/agreements/{id}/terminations': {
    post: {
      operationId: 'terminateCategory',
      summary: 'Terminate a category early; later caps end and later reservations are released.',
      tags: ['agreements'],
      parameters: withId,
      requestBody: body('TerminationInput'),
      responses: {
        '201': json(ref('TerminationResult'), 'Terminated'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  '/api/v1/caps/{id}/revisions': {
    post: {
      operationId: 'reviseCap',
      summary: 'Revise a cap (history is kept; a breach it reveals is recorded).',
      tags: ['agreements'],
      parameters: withId,
      requestBody: body('CapRevisionInput'),
      responses: { '201': json(ref('CapRevisionResult'), 'Revised'), '404': r('NotFound'), ...common },
    },
  },
  '/api/v1/caps/{id}/revisions/{revisionId}/approvals': {
    post: {
      operationId: 'recordRevisionApproval',
      summary:
        'Record an approval of a pending revision (append-only); it counts once every required approval is recorded.',
      tags: ['agreements'],
      parameters: [...withId, p('RevisionId')],
      requestBody: body('RevisionApprovalInput'),
      responses: {
        '201': json(ref('RevisionApprovalResult'), 'Recorded'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  '/api/v1/orders': {
    get: {
      operationId: 'listOrders',
      summary:
        "The issuer's orders, signed from–to, newest first, each with its total and pricing outcome. 404 for an agreementId that is not the issuer's. Role: order.read.",
      tags: ['ledger'],
      parameters: [
        p('AgreementId'),
        {
          name: 'status',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['accepted', 'cancelled', 'closed'] },
        },
        { name: 'from', in: 'query', required: false, description: 'Inclusive.', schema: date },
        { name: 'to', in: 'query', required: false, description: 'Inclusive.', schema: date },
        {
          name: 'limit',
          in: 'query',
          required: false,
          description: 'At most this many rows (default 100).',
          schema: { type: 'integer', minimum: 1, maximum: 500 },
        },
        p('IssuerHeader'),
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['items', 'truncated', 'limit'],
            properties: {
              items: { type: 'array', items: ref('OrderListItem') },
              truncated: { type: 'boolean', description: 'More rows match than limit.' },
              limit: { type: 'integer' },
            },
          },
          'Orders',
        ),
        '404': r('NotFound'),
        ...common,
      },
    },
    post: {
      operationId: 'recordOrder',
      summary:
        'The order gate: reserve headroom in every cap period the schedule touches, or refuse with every reason.',
      tags: ['ledger'],
      parameters: [p('IssuerHeader'), p('IdempotencyKey')],
      requestBody: body('OrderInput'),
      responses: {
        '201': json(ref('OrderAccepted'), 'Accepted: headroom reserved'),
        '409': {
          description:
            "Refused by the gate (code REFUSED, with every reason: the cap ledger's and the pricing policy's), or IDEMPOTENCY_KEY_REUSED.",
          content: { 'application/json': { schema: { oneOf: [ref('Refused'), ref('Conflict')] } } },
        },
        ...common,
      },
    },
  },
  '/api/v1/orders/check': {
    post: {
      operationId: 'checkOrder',
      summary:
        'What the order gate would answer now for this body (same as POST /api/v1/orders), with the pricing comparison; writes and reserves nothing.',
      tags: ['ledger'],
      parameters: [p('IssuerHeader')],
      requestBody: body('OrderInput'),
      responses: {
        '200': json(ref('OrderCheck'), 'The answer: accepted, or every reason it would be refused'),
        ...common,
      },
    },
  },
  '/api/v1/orders/{id}': {
    get: {
      operationId: 'getOrder',
      summary:
        'An order with its schedule, what it still holds in each cap, its pricing comparison and the evidence files it cites. ' +
        'For a reader who must abstain on the agreement (Rule 13.44: a user whose membership names a director with a material interest), `pricing` (the quotes) is null and `evidence` empty, and `withheld` says why (`reason: RECUSED`, `rule: 13.44`); the recusal is recorded.',
      tags: ['ledger'],
      parameters: withId,
      responses: { '200': json(ref('Order'), 'The order'), '404': r('NotFound'), ...common },
    },
  },
  '/api/v1/orders/{id}/cancel': {
    post: {
      operationId: 'cancelOrder',
      summary: 'Cancel an order nothing has been invoiced against, releasing its headroom.',
      tags: ['ledger'],
      parameters: withId,
      responses: {
        '200': json(ref('Order'), 'Cancelled'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  '/api/v1/orders/{id}/reduce': {
    post: {
      operationId: 'reduceOrder',
      summary: 'Reduce an order to a new schedule (never more per cap period), releasing the difference.',
      tags: ['ledger'],
      parameters: withId,
      requestBody: body('ReduceInput'),
      responses: {
        '200': json(ref('Order'), 'Reduced'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  '/api/v1/orders/{id}/close': {
    post: {
      operationId: 'closeOrder',
      summary: 'Close an order, releasing what it did not use.',
      tags: ['ledger'],
      parameters: withId,
      responses: {
        '200': json(ref('Order'), 'Closed'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  '/api/v1/actuals': {
    get: {
      operationId: 'listActuals',
      summary:
        "The issuer's actual amounts and reversing entries, dated from–to, newest first, each with its reversal status. 404 for an agreementId or orderId that is not the issuer's. Role: utilization.read.",
      tags: ['ledger'],
      parameters: [
        p('AgreementId'),
        { name: 'orderId', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'from', in: 'query', required: false, description: 'Inclusive.', schema: date },
        { name: 'to', in: 'query', required: false, description: 'Inclusive.', schema: date },
        {
          name: 'limit',
          in: 'query',
          required: false,
          description: 'At most this many rows (default 100).',
          schema: { type: 'integer', minimum: 1, maximum: 500 },
        },
        p('IssuerHeader'),
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['items', 'truncated', 'limit'],
            properties: {
              items: { type: 'array', items: ref('ActualListItem') },
              truncated: { type: 'boolean', description: 'More rows match than limit.' },
              limit: { type: 'integer' },
            },
          },
          'Actual amounts',
        ),
        '404': r('NotFound'),
        ...common,
      },
    },
    post: {
      operationId: 'postActual',
      summary: 'Record an actual amount. Always stored; flagged with a breach when it causes one.',
      tags: ['ledger'],
      parameters: [p('IssuerHeader'), p('IdempotencyKey')],
      requestBody: body('ActualInput'),
      responses: { '201': json(ref('ActualResult'), 'Recorded'), '409': r('Conflict'), ...common },
    },
  },
  '/api/v1/actuals/{id}/reversal': {
    post: {
      operationId: 'reverseActual',
      summary: 'Reverse an actual with a reversing entry (the ledger is append-only).',
      tags: ['ledger'],
      parameters: withId,
      requestBody: body('ReversalInput'),
      responses: {
        '201': json(ref('Reversal'), 'Reversed'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  '/api/v1/utilization': {
    get: {
      operationId: 'getUtilization',
      summary: 'Every cap period of the matching agreements as of a date.',
      tags: ['ledger'],
      parameters: [p('AsOf'), p('AgreementId'), p('IssuerHeader')],
      responses: { '200': json(ref('Utilization'), 'Utilisation'), '404': r('NotFound'), ...common },
    },
  },
  '/api/v1/audit': {
    get: {
      operationId: 'exportAudit',
      summary:
        'The acting issuer’s audit log, sealed first: every entry with its seq, prev_hash and HMAC-SHA256 hash, and the key’s fingerprint (never the key). format=json (default) or csv. The JSON also carries `verification`: whether the chain verifies under the key (ok, count, head) or the first entry altered, missing or reordered (seq, problem), with a sentence (description).',
      tags: ['audit'],
      parameters: [
        {
          name: 'format',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['json', 'csv'] },
        },
        p('IssuerHeader'),
      ],
      responses: {
        '200': {
          description: 'The chain',
          content: {
            'application/json': { schema: { type: 'object', additionalProperties: true } },
            'text/csv': { schema: { type: 'string' } },
          },
        },
        ...common,
      },
    },
  },
  '/api/v1/forecasts': {
    get: {
      operationId: 'getForecasts',
      summary:
        'The forecast of every active cap period as of a date: projected utilisation at the period end, the dates of reaching 80% and 100% of the cap, and the method. ' +
        'An unknown agreementId is 404; a bad asOf is 422.',
      tags: ['ledger'],
      parameters: [p('AsOf'), p('AgreementId'), p('IssuerHeader')],
      responses: { '200': json(ref('Forecasts'), 'Forecasts'), '404': r('NotFound'), ...common },
    },
  },
  '/api/v1/utilization/history': {
    get: {
      operationId: 'getUtilizationHistory',
      summary:
        'A cap period’s cumulative actual and committed amounts over time (for charts). capId is required (422 when missing); a cap of another issuer is 404.',
      tags: ['ledger'],
      parameters: [
        { name: 'capId', in: 'query', required: true, schema: { type: 'string' } },
        {
          name: 'from',
          in: 'query',
          required: false,
          description: 'Default: the period start.',
          schema: date,
        },
        {
          name: 'to',
          in: 'query',
          required: false,
          description: 'Default: today, within the period (its end once ended).',
          schema: date,
        },
        p('IssuerHeader'),
      ],
      responses: {
        '200': json(ref('UtilizationHistory'), 'The utilisation history'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/breaches': {
    get: {
      operationId: 'listBreaches',
      summary: 'Every breach recorded (permanent events), optionally for one agreement.',
      tags: ['ledger'],
      parameters: [p('AgreementId'), p('IssuerHeader')],
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: ref('BreachListItem') } },
          },
          'Breaches',
        ),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/classifications': {
    post: {
      operationId: 'classify',
      summary:
        'Classify the agreements of a scenario under Chapter 14A: who is connected and why, tier, ratios, requirements, interested directors. Nothing is stored.',
      tags: ['chapter14a'],
      requestBody: body('ScenarioInput'),
      responses: {
        '200': json(ref('Classification'), 'Classified'),
        ...common,
      },
    },
    get: {
      operationId: 'classifyStoredAgreements',
      summary:
        "Classify the issuer's stored agreements on the recorded register, issuer figures and FX rates as of a date (default today in Hong Kong). " +
        'The result is the POST result plus, per agreement, `boardApproved`, `resolutions` and `facts`, and at the top `figures`, `fxRates`, `assumptions` and the `scenario` classified.',
      tags: ['chapter14a'],
      parameters: [p('AsOf'), p('AgreementId'), p('IssuerHeader')],
      responses: {
        '200': json({ type: 'object', additionalProperties: true }, 'Classified'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/issuers': {
    get: {
      operationId: 'listIssuers',
      summary:
        "The issuers the credentials may act for: a token's one issuer, or every issuer where the signed-in user holds a role (the demo issuer is marked isDemo).",
      tags: ['chapter14a'],
      responses: { '200': json({ type: 'object', additionalProperties: true }, 'The issuers'), ...common },
    },
  },
  '/api/v1/issuers/{id}': {
    get: {
      operationId: 'getIssuer',
      summary: 'One issuer the credentials may act for (404 for any other).',
      tags: ['chapter14a'],
      parameters: withId,
      responses: {
        '200': json({ type: 'object', additionalProperties: true }, 'The issuer'),
        '404': r('NotFound'),
        ...common,
      },
    },
    patch: {
      operationId: 'updateIssuerSettings',
      summary:
        'Settings its classification depends on: `{ prcIssuer?: boolean, financialYearEnd?: "MM-DD" }`. Rule 14A.15 (joint-venture partners) applies to PRC issuers only.',
      tags: ['chapter14a'],
      parameters: withId,
      requestBody: objectBody,
      responses: {
        '200': json({ type: 'object', additionalProperties: true }, 'Updated'),
        '403': r('Forbidden'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/register': {
    post: {
      operationId: 'recordRegister',
      summary:
        'Record parties and relationships of the connected-person register, all or nothing, in the scenario file format (docs/scenario-format.md). ' +
        'Relationships may refer to parties recorded earlier, in the same request, or to the issuer id.',
      tags: ['chapter14a'],
      parameters: [p('IssuerHeader')],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                parties: { type: 'array', items: { type: 'object', additionalProperties: true } },
                relationships: { type: 'array', items: { type: 'object', additionalProperties: true } },
              },
            },
          },
        },
      },
      responses: {
        '201': json(
          {
            type: 'object',
            required: ['parties', 'unchangedParties', 'relationships'],
            properties: {
              parties: { type: 'array', items: { type: 'string' } },
              unchangedParties: { type: 'array', items: { type: 'string' } },
              relationships: { type: 'array', items: { type: 'string' } },
            },
          },
          'Recorded',
        ),
        '409': r('Conflict'),
        ...common,
      },
    },
    get: {
      operationId: 'getRegister',
      summary: 'The register as recorded: each party and relationship with who recorded it and when.',
      tags: ['chapter14a'],
      parameters: [p('IssuerHeader')],
      responses: { '200': json({ type: 'object', additionalProperties: true }, 'The register'), ...common },
    },
  },
  '/api/v1/issuer-figures': {
    post: {
      operationId: 'recordIssuerFigures',
      summary:
        "Record the issuer's figures for the percentage ratios as of a date: `{ asOf, figures: { currency, totalAssets, revenue, profits, marketCapitalisation }, source }`.",
      tags: ['chapter14a'],
      parameters: [p('IssuerHeader')],
      requestBody: objectBody,
      responses: { '201': json({ type: 'object', additionalProperties: true }, 'Recorded'), ...common },
    },
  },
  '/api/v1/agreements/{id}/facts': {
    post: {
      operationId: 'recordAgreementFacts',
      summary:
        'Record the facts a classification needs that the agreement does not carry: `{ normalCommercialTerms, inedConfirmed }` (the latest statement counts).',
      tags: ['chapter14a'],
      parameters: withId,
      requestBody: objectBody,
      responses: {
        '201': json({ type: 'object', additionalProperties: true }, 'Recorded'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/board-resolutions': {
    post: {
      operationId: 'recordBoardResolution',
      summary:
        'Record a board resolution approving agreements: `{ meetingDate, reference, directorsPresent, votes: [{ personId, vote }], agreementIds }`. ' +
        'It is recorded even when a director who must abstain voted; the response lists such `violations` (Rule 13.44).',
      tags: ['chapter14a'],
      parameters: [p('IssuerHeader')],
      requestBody: objectBody,
      responses: { '201': json({ type: 'object', additionalProperties: true }, 'Recorded'), ...common },
    },
    get: {
      operationId: 'listBoardResolutions',
      summary:
        'The board resolutions recorded, in recording order: meeting date, reference, directors present, votes, the `violations` of Rule 13.44, ' +
        'whether it `approval`s each agreement it lists, and `mustAbstain`: the directors who had to abstain on each agreement and why (the register as of the meeting date). ' +
        'A resolution listing an agreement the reader must abstain on is given as `{ id, meetingDate, agreementIds, withheld }` (its board papers are withheld, Rule 13.44).',
      tags: ['chapter14a'],
      parameters: [p('IssuerHeader')],
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { type: 'object', additionalProperties: true } } },
          },
          'The resolutions',
        ),
        ...common,
      },
    },
  },
  '/api/v1/fx-rates': {
    post: {
      operationId: 'recordFxRate',
      summary:
        'Record a dated FX rate (units of `to` per unit of `from`); its inverse is used as an exact fraction.',
      tags: ['ledger'],
      parameters: [p('IssuerHeader')],
      requestBody: body('FxRateInput'),
      responses: { '201': json(ref('FxRate'), 'Recorded'), '409': r('Conflict'), ...common },
    },
  },
  // ---- evidence (issue 4) ----
  '/api/v1/evidence': {
    post: {
      operationId: 'uploadEvidence',
      summary:
        'Upload an evidence file (a quote, a price list, an e-mail) for the pricing-policy gate: multipart/form-data with the part `file` and the fields `issuedOn` and `description`. ' +
        'The same bytes again are not stored twice: 200 with the stored record (alreadyStored: true) when issuedOn is the stored one, 409 EVIDENCE_ISSUED_ON_DIFFERS otherwise. ' +
        'A missing file, a second file, a file over the limit, a type not accepted or bytes that are not what the type says: 422 at `file`, and nothing is stored.',
      tags: ['evidence'],
      parameters: [p('IssuerHeader')],
      requestBody: {
        required: true,
        content: { 'multipart/form-data': { schema: ref('EvidenceUploadForm') } },
      },
      responses: {
        '201': json(ref('EvidenceUploadResult'), 'Stored (alreadyStored: false)'),
        '200': json(
          ref('EvidenceUploadResult'),
          'Already stored with the same issuedOn (alreadyStored: true)',
        ),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  '/api/v1/evidence/{sha256}': {
    get: {
      operationId: 'getEvidence',
      summary:
        "An evidence file's metadata (404 when this issuer has not uploaded it; 403 RECUSED when it is cited on an agreement the reader must abstain on, Rule 13.44).",
      tags: ['evidence'],
      parameters: [p('Sha256'), p('IssuerHeader')],
      responses: { '200': json(ref('Evidence'), 'The metadata'), '404': r('NotFound'), ...common },
    },
  },
  '/api/v1/evidence/{sha256}/content': {
    get: {
      operationId: 'getEvidenceContent',
      summary:
        'The bytes of an evidence file, as an attachment with its media type and name; ETag is the quoted SHA-256 (If-None-Match answers 304). ' +
        '403 RECUSED when the file is cited on an agreement the reader must abstain on (Rule 13.44).',
      tags: ['evidence'],
      parameters: [p('Sha256'), p('IssuerHeader')],
      responses: {
        '200': {
          description: 'The bytes, exactly as uploaded',
          headers: {
            ETag: { schema: { type: 'string' }, description: 'The SHA-256 in double quotes.' },
            'Content-Disposition': {
              schema: { type: 'string' },
              description:
                'attachment; filename="…" (with filename*=UTF-8\'\'… for a non-ASCII name, RFC 5987).',
            },
          },
          content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
        },
        '304': { description: 'Not modified (If-None-Match matched the ETag)' },
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/agreements/{id}/evidence': {
    post: {
      operationId: 'recordAgreementEvidence',
      summary:
        'Record evidence on an agreement (append-only), e.g. the terms the connected party offers independent third parties, citing uploaded files by SHA-256. ' +
        'A file this issuer has not uploaded: 422 at its path (evidence[i]); nothing is written.',
      tags: ['evidence'],
      parameters: withId,
      requestBody: body('AgreementEvidenceInput'),
      responses: { '201': json(ref('AgreementEvidence'), 'Recorded'), '404': r('NotFound'), ...common },
    },
    get: {
      operationId: 'listAgreementEvidence',
      summary:
        "The evidence recorded on an agreement, in recording order, with each file's name and issue date. " +
        'For a reader who must abstain on the agreement (Rule 13.44: a user whose membership names a director with a material interest): no items, and `withheld` says why (`reason: RECUSED`, `rule: 13.44`); the recusal is recorded.',
      tags: ['evidence'],
      parameters: withId,
      responses: {
        '200': json(ref('AgreementEvidenceList'), 'Evidence records'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  // ---- alerts, inbox, monitoring policy and escalations (issue 5) ----
  '/api/v1/alerts': {
    get: {
      operationId: 'listAlerts',
      summary:
        "The issuer's alerts, newest first, each with its acknowledgements and remediations. " +
        'An unknown capId or agreementId matches nothing (200, no items); a bad kind or unacknowledged is 422 naming the parameter.',
      tags: ['monitoring'],
      parameters: [
        { name: 'kind', in: 'query', required: false, schema: ref('AlertKind') },
        { name: 'capId', in: 'query', required: false, schema: { type: 'string' } },
        p('AgreementId'),
        {
          name: 'unacknowledged',
          in: 'query',
          required: false,
          description: 'true: only alerts nobody has acknowledged; false (the default): all.',
          schema: { type: 'string', enum: ['true', 'false'] },
        },
        p('IssuerHeader'),
      ],
      responses: { '200': json(ref('AlertList'), 'Alerts'), ...common },
    },
  },
  '/api/v1/alerts/{id}': {
    get: {
      operationId: 'getAlert',
      summary: 'An alert with its acknowledgements and remediations.',
      tags: ['monitoring'],
      parameters: withId,
      responses: { '200': json(ref('Alert'), 'The alert'), '404': r('NotFound'), ...common },
    },
  },
  '/api/v1/alerts/{id}/acknowledge': {
    post: {
      operationId: 'acknowledgeAlert',
      summary:
        'Acknowledge an alert: who (the acting user), when and an optional comment (at most 4000 characters). Acknowledgements are kept: acknowledging again adds to the history.',
      tags: ['monitoring'],
      parameters: withId,
      requestBody: body('AcknowledgementInput', false),
      responses: {
        '201': json(ref('Alert'), 'Acknowledged: the alert with every acknowledgement'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/alerts/{id}/remediation': {
    post: {
      operationId: 'recordRemediation',
      summary:
        "Record a breach's remediation: notes (required) and a reference such as the re-compliance announcement's. " +
        'BREACH alerts only; for every other kind it is 409 NOT_A_BREACH.',
      tags: ['monitoring'],
      parameters: withId,
      requestBody: body('RemediationInput'),
      responses: {
        '201': json(ref('Alert'), 'Recorded: the alert with every remediation'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  '/api/v1/inbox': {
    get: {
      operationId: 'getInbox',
      summary:
        'The inbox: one item per alert and recipient role, newest first, with when it was read. A recipient no alert was sent to has no items.',
      tags: ['monitoring'],
      parameters: [
        {
          name: 'recipient',
          in: 'query',
          required: false,
          description: "Only this role's items (default: every role's).",
          schema: ref('RecipientRole'),
        },
        p('IssuerHeader'),
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: ref('InboxItem') } },
          },
          'Inbox items',
        ),
        ...common,
      },
    },
  },
  '/api/v1/inbox/{id}/read': {
    post: {
      operationId: 'markInboxItemRead',
      summary:
        'Mark an inbox item (its inboxId) read. Marking it again changes nothing and answers when it was first read.',
      tags: ['monitoring'],
      parameters: withId,
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['id', 'readAt'],
            properties: { id, readAt: { type: 'string', format: 'date-time' } },
          },
          'Read',
        ),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/monitoring-policy': {
    get: {
      operationId: 'getMonitoringPolicy',
      summary: "The issuer's monitoring policy: as recorded, or the defaults.",
      tags: ['monitoring'],
      parameters: [p('IssuerHeader')],
      responses: { '200': json(ref('MonitoringPolicy'), 'The policy'), ...common },
    },
    put: {
      operationId: 'putMonitoringPolicy',
      summary:
        'Replace the monitoring policy. Fields left out take their defaults; an unknown field is 422 naming it. It applies to alerts raised from then on.',
      tags: ['monitoring'],
      parameters: [p('IssuerHeader')],
      requestBody: body('MonitoringPolicyInput'),
      responses: { '200': json(ref('MonitoringPolicy'), 'The policy as recorded'), ...common },
    },
  },
  '/api/v1/escalations': {
    get: {
      operationId: 'listEscalations',
      summary:
        "The issuer's cap-insufficiency escalations, newest first, each with its steps. " +
        'On an agreement the reader must abstain on (Rule 13.44) the board papers are withheld: `forecast` is null, the steps carry no reason or notes, and `withheld` says why (`reason: RECUSED`).',
      tags: ['monitoring'],
      parameters: [
        {
          name: 'status',
          in: 'query',
          required: false,
          description: 'Only escalations in this status (422 for another value).',
          schema: ref('EscalationStatus'),
        },
        p('IssuerHeader'),
      ],
      responses: { '200': json(ref('EscalationList'), 'Escalations'), ...common },
    },
  },
  '/api/v1/escalations/{id}': {
    get: {
      operationId: 'getEscalation',
      summary:
        'An escalation with its steps, and for a revise-cap decision the revision and its re-classification. ' +
        'For a reader who must abstain on its agreement (Rule 13.44) the board papers are withheld: `forecast` is null, the steps carry no reason or notes, and `withheld` says why (`reason: RECUSED`).',
      tags: ['monitoring'],
      parameters: withId,
      responses: { '200': json(ref('Escalation'), 'The escalation'), '404': r('NotFound'), ...common },
    },
  },
  '/api/v1/escalations/{id}/review': {
    post: {
      operationId: 'reviewEscalation',
      summary:
        "Senior management's review, with notes: raised → reviewed. An escalation not in status raised is 409 ESCALATION_STATE.",
      tags: ['monitoring'],
      parameters: withId,
      requestBody: body('EscalationReviewInput'),
      responses: {
        '200': json(ref('Escalation'), 'Reviewed'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  '/api/v1/escalations/{id}/decision': {
    post: {
      operationId: 'decideEscalation',
      summary:
        "The board's decision: reviewed → decided. revise-cap names the revision recorded for it (POST /api/v1/caps/{id}/revisions, which re-classifies the agreement); " +
        'no-action needs a reason. An escalation not in status reviewed is 409 ESCALATION_STATE; a revisionId that is not a revision of the escalated cap is 422; ' +
        'a director who must abstain on its agreement (Rule 13.44) is 403 RECUSED.',
      tags: ['monitoring'],
      parameters: withId,
      requestBody: body('EscalationDecisionInput'),
      responses: {
        '200': json(ref('Escalation'), 'Decided'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  // ---- end alerts, inbox, monitoring policy and escalations ----
  // ---- schedules (issue 5) ----
  '/api/v1/schedule-runs': {
    get: {
      operationId: 'listScheduleRuns',
      summary:
        "The issuer's scheduled runs — monthly reports (finance to senior management), semi-annual reports (to the directors, INEDs included) and the daily forecast — by schedule, then period. " +
        'Each schedule runs at most once per period, also with several server processes on one database; periods missed while no scheduler ran are caught up (a missed daily forecast is not: today is run). ' +
        "Periods: monthly '2026-10'; semi-annual 'FY2026-H1' / 'FY2026-H2', the halves of the financial year ending in 2026; daily '2026-11-24'.",
      tags: ['monitoring'],
      parameters: [
        {
          name: 'schedule',
          in: 'query',
          required: false,
          description: 'Only the runs of this schedule.',
          schema: { enum: ['monthly', 'semi-annual', 'daily-forecast'] },
        },
        p('IssuerHeader'),
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: ref('ScheduleRun') } },
          },
          'Schedule runs',
        ),
        ...common,
      },
    },
  },
  // ---- end schedules ----
  // ---- notifications (issue 5) ----
  '/api/v1/notification-subscriptions': {
    post: {
      operationId: 'createNotificationSubscription',
      summary:
        "Subscribe an e-mail address or a webhook to the issuer's alerts for a role. Each alert raised for that role is then delivered through the outbox, " +
        'written in the transaction that raised it. A webhook is signed with its secret (given, at least 16 characters, or generated and answered this once).',
      tags: ['monitoring'],
      parameters: [p('IssuerHeader')],
      requestBody: body('NotificationSubscriptionInput'),
      responses: { '201': json(ref('NotificationSubscriptionCreated'), 'Subscribed'), ...common },
    },
    get: {
      operationId: 'listNotificationSubscriptions',
      summary:
        "The issuer's subscriptions, active or not, oldest first. Secrets are never shown: only their last four characters.",
      tags: ['monitoring'],
      parameters: [p('IssuerHeader')],
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: ref('NotificationSubscription') } },
          },
          'Subscriptions',
        ),
        ...common,
      },
    },
  },
  '/api/v1/notification-subscriptions/{id}/deactivate': {
    post: {
      operationId: 'deactivateNotificationSubscription',
      summary:
        'Stop a subscription: no further deliveries are written for it, and those still pending are not sent (logged as such). Deactivating twice is harmless.',
      tags: ['monitoring'],
      parameters: withId,
      responses: {
        '200': json(ref('NotificationSubscription'), 'Deactivated'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },
  '/api/v1/deliveries': {
    get: {
      operationId: 'listDeliveries',
      summary:
        "The issuer's e-mail and webhook deliveries, newest first, each with its delivery log (every attempt and what the receiver answered).",
      tags: ['monitoring'],
      parameters: [
        { name: 'alertId', in: 'query', required: false, schema: { type: 'string' } },
        {
          name: 'status',
          in: 'query',
          required: false,
          schema: { enum: ['pending', 'delivered', 'failed'] },
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          description: 'At most this many deliveries (default 200).',
          schema: { type: 'integer', minimum: 1, maximum: 1000 },
        },
        p('IssuerHeader'),
      ],
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: ref('Delivery') } },
          },
          'Deliveries',
        ),
        ...common,
      },
    },
  },
  // ---- end notifications ----
  // ---- reports (issue 7) ----
  '/api/v1/reports/{kind}': {
    get: {
      operationId: 'getReport',
      summary:
        'A report in English or Traditional Chinese, as at its period end: `kind` monthly-monitoring (finance, `period` YYYY-MM), monthly-management (senior management, with a utilisation bar per cap, YYYY-MM), semi-annual-directors (the board, YYYY-H1 or YYYY-H2 of the financial year), ' +
        "ined-review (the INEDs' annual review pack, 14A.55, the financial year YYYY), auditor-schedule (the auditor's schedule, 14A.56 and PN 740, YYYY), annual-report-disclosure (14A.71, YYYY) or announcement-draft (14A.68, `period` the draft's date YYYY-MM-DD, with `agreement`). " +
        '`knownAt` (an instant, or a date meaning the end of that day in Hong Kong) counts only what was recorded by then; default now. ' +
        'Query: `format` html (default), xlsx, pdf (A4, CJK font embedded) or csv (one table per file: `table` names it when the report has several; 422 lists them), `lang` en (default) or zh-Hant. Roles: those with report.read. To keep a report as issued, with its hash, POST /api/v1/issued-reports.',
      tags: ['reports'],
      parameters: [
        {
          name: 'kind',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
            enum: [
              'monthly-monitoring',
              'monthly-management',
              'semi-annual-directors',
              'ined-review',
              'auditor-schedule',
              'annual-report-disclosure',
              'announcement-draft',
            ],
          },
        },
        {
          name: 'period',
          in: 'query',
          required: true,
          schema: { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?|-H[12])?$' },
        },
        { name: 'knownAt', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'agreement', in: 'query', required: false, schema: { type: 'string' } },
        {
          name: 'format',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['html', 'xlsx', 'csv', 'pdf'] },
        },
        { name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['en', 'zh-Hant'] } },
        { name: 'table', in: 'query', required: false, schema: { type: 'string' } },
        p('IssuerHeader'),
      ],
      responses: {
        '200': {
          description: 'The report file',
          content: {
            'text/html': {},
            'text/csv': {},
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {},
            'application/pdf': {},
          },
        },
        '403': r('Forbidden'),
        '404': r('NotFound'),
        ...common,
      },
    },
  },

  // ---- accounts and sign-in (issue 6) ----
  '/api/v1/session': {
    post: {
      operationId: 'signIn',
      summary:
        'Sign in with `{ email, password }`: 201 sets the HttpOnly, SameSite=Strict session cookie `armslength_session` (Secure over TLS) and returns `{ via, user, csrfToken, issuers, expiresAt }`. ' +
        'Send `csrfToken` as `X-CSRF-Token` on every write made with the cookie. Wrong or missing credentials: 401 INVALID_CREDENTIALS; the fifth failure in a row locks the account for 15 minutes (401 ACCOUNT_LOCKED); more than 10 attempts a minute from one address: 429 with Retry-After. ' +
        'A session ends after 30 minutes without a request, 12 hours after sign-in, or at sign-out.',
      tags: ['accounts'],
      security: [],
      requestBody: objectBody,
      responses: {
        '201': json({ type: 'object', additionalProperties: true }, 'Signed in'),
        '401': r('Unauthenticated'),
        '429': r('RateLimited'),
        '500': r('Internal'),
      },
    },
    get: {
      operationId: 'getSession',
      summary:
        'Who the credentials name: `{ via: "session" | "token", user, csrfToken (sessions only), issuers: [{ id, name, isDemo, roles }] }`.',
      tags: ['accounts'],
      responses: {
        '200': json({ type: 'object', additionalProperties: true }, 'The signed-in user'),
        ...common,
      },
    },
    delete: {
      operationId: 'signOut',
      summary: 'Sign out: the session ends at once and the cookie is cleared (204).',
      tags: ['accounts'],
      responses: { '204': { description: 'Signed out' }, ...common },
    },
  },
  '/api/v1/session/password': {
    post: {
      operationId: 'changePassword',
      summary:
        "Change the caller's password: `{ currentPassword, newPassword }` (12 to 1024 characters). Every other session of the user ends. 403 INVALID_CREDENTIALS when the current password is wrong.",
      tags: ['accounts'],
      requestBody: objectBody,
      responses: { '204': { description: 'Changed' }, '403': r('Forbidden'), ...common },
    },
  },
  '/api/v1/session/preferences': {
    put: {
      operationId: 'setPreferences',
      summary:
        "The caller's own preferences: `{ language: 'en' | 'zh-Hant' }`, the web application's language, kept with the account so that it follows the user to any browser (GET /api/v1/session returns it as user.language).",
      tags: ['accounts'],
      requestBody: objectBody,
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['language'],
            properties: { language: { type: 'string', enum: ['en', 'zh-Hant'] } },
          },
          'Saved',
        ),
        ...common,
      },
    },
  },
  '/api/v1/setup': {
    post: {
      operationId: 'firstRunSetup',
      summary:
        'First-run setup, open only while the installation has no account: `{ setupCode, email, password, name?, issuerName?, roles? }` makes the first user, an admin (plus `roles`), at the issuer `issuerName` (created) or the first issuer. ' +
        '`setupCode` is the one-time code `armslength serve` prints at start; without it (or once used): 401 SETUP_CODE_INVALID.',
      tags: ['accounts'],
      security: [],
      requestBody: objectBody,
      responses: {
        '201': json({ type: 'object', additionalProperties: true }, 'The first account'),
        '409': r('Conflict'),
        '429': r('RateLimited'),
        ...common,
      },
    },
  },
  '/api/v1/users': {
    get: {
      operationId: 'listMembers',
      summary:
        'The users holding a role at the acting issuer, with each role, its validity and who granted it (role admin).',
      tags: ['accounts'],
      parameters: [p('IssuerHeader')],
      responses: {
        '200': json({ type: 'object', additionalProperties: true }, 'The members'),
        '403': r('Forbidden'),
        ...common,
      },
    },
    post: {
      operationId: 'grantRole',
      summary:
        "Grant a role at the acting issuer (role admin): `{ email, role, name?, password?, validFrom?, validTo?, personId? }`. A new e-mail makes a user (`password` required); `validFrom`/`validTo` bound an auditor's window; " +
        "`personId` names the individual in the issuer's register the user is (a director, an INED), so that Rule 13.44 recusals apply to them (422 when not an individual there, or when the user is already another person there). 201 `{ member, createdUser }`.",
      tags: ['accounts'],
      parameters: [p('IssuerHeader')],
      requestBody: objectBody,
      responses: {
        '201': json({ type: 'object', additionalProperties: true }, 'Granted'),
        '403': r('Forbidden'),
        ...common,
      },
    },
  },
  '/api/v1/users/{id}/roles/{role}': {
    delete: {
      operationId: 'removeRole',
      summary:
        "Remove a user's role at the acting issuer (role admin); 409 LAST_ADMIN for the issuer's last admin.",
      tags: ['accounts'],
      parameters: [
        p('Id'),
        { name: 'role', in: 'path', required: true, schema: { type: 'string' } },
        p('IssuerHeader'),
      ],
      responses: {
        '204': { description: 'Removed' },
        '403': r('Forbidden'),
        '404': r('NotFound'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  '/api/v1/tokens': {
    get: {
      operationId: 'listTokens',
      summary: "The caller's API tokens at the acting issuer: never the token, only its first 8 characters.",
      tags: ['accounts'],
      parameters: [p('IssuerHeader')],
      responses: { '200': json({ type: 'object', additionalProperties: true }, 'The tokens'), ...common },
    },
    post: {
      operationId: 'createToken',
      summary:
        'A new API token for the caller at the acting issuer, from a signed-in session only (403 SESSION_REQUIRED with a token): `{ role?, expiresInDays? }` (default 90, at most 3660). 201 `{ token, record }`: the token is shown this once.',
      tags: ['accounts'],
      parameters: [p('IssuerHeader')],
      requestBody: { ...objectBody, required: false },
      responses: {
        '201': json({ type: 'object', additionalProperties: true }, 'Created'),
        '403': r('Forbidden'),
        ...common,
      },
    },
  },
  '/api/v1/tokens/{id}': {
    delete: {
      operationId: 'revokeToken',
      summary: "Revoke one of the caller's tokens: it stops working at once (204).",
      tags: ['accounts'],
      parameters: withId,
      responses: { '204': { description: 'Revoked' }, '404': r('NotFound'), ...common },
    },
  },
  '/login': {
    get: {
      operationId: 'signInPage',
      summary: 'The sign-in form (HTML).',
      tags: ['pages'],
      security: [],
      responses: { '200': { description: 'The form', content: { 'text/html': {} } } },
    },
    post: {
      operationId: 'signInForm',
      summary:
        'The sign-in form posted (application/x-www-form-urlencoded `email`, `password`): 303 to / with the session cookie, or the form again with the reason (401, 429).',
      tags: ['pages'],
      security: [],
      responses: {
        '303': { description: 'Signed in' },
        '401': { description: 'Refused', content: { 'text/html': {} } },
        '429': { description: 'Too many attempts', content: { 'text/html': {} } },
      },
    },
  },
  '/logout': {
    post: {
      operationId: 'signOutForm',
      summary: 'The sign-out button (form field `csrfToken`): ends the session, 303 to /login.',
      tags: ['pages'],
      security: [],
      responses: { '303': { description: 'Signed out' } },
    },
  },
};

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: "Arm's Length API",
      version: '1',
      description:
        "Keeps a Hong Kong-listed issuer's continuing connected transactions within their annual caps (Chapter 14A of the Listing Rules). " +
        'Money is a decimal string beside an ISO 4217 currency; every name is { "en", "zh-Hant" }. Every /api/v1 route except the health check needs credentials: an API token (Authorization: Bearer) or the session cookie of POST /api/v1/session (with X-CSRF-Token on writes). Each use case checks the roles held at the issuer (403 FORBIDDEN).',
    },
    servers: [{ url: '/' }],
    tags: [
      {
        name: 'agreements',
        description: 'Framework agreements, categories, caps, revisions and terminations',
      },
      { name: 'ledger', description: 'Orders, actuals, utilisation, breaches, FX rates' },
      { name: 'chapter14a', description: 'Connected persons and the classification of CCTs (Chapter 14A)' },
      {
        name: 'evidence',
        description: 'Evidence files for the pricing policy (quotes, price lists, e-mails)',
      },
      {
        name: 'monitoring',
        description:
          'Alerts, the inbox, the monitoring policy, cap-insufficiency escalations, notification subscriptions and deliveries, scheduled runs',
      },
      { name: 'audit', description: 'The hash-chained audit log of every write, for auditors' },
      {
        name: 'accounts',
        description: 'Sign-in, sessions, API tokens, first-run setup and the issuer members',
      },
      {
        name: 'reports',
        description:
          'Reports in English and Traditional Chinese (HTML, XLSX, PDF, CSV), issued reports kept with their hash, the annual review (INED sign-off, auditor’s letter) and 14A.59 follow-up tasks',
      },
      { name: 'meta', description: 'Health and this document' },
      { name: 'pages', description: 'Server-rendered pages' },
    ],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths,
    components: {
      schemas,
      responses,
      parameters,
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token, alt_…' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'armslength_session' },
      },
    },
  };
}
