/**
 * The OpenAPI 3.1 document of the HTTP API, written by hand: it is the public contract (issue 2,
 * item 6). test/http-api.test.ts checks that every registered route is described here and every
 * described route is registered, so that the two cannot drift. Every operation carries examples
 * (issue 9, item 4), kept at the end of this file by operationId: test/openapi-examples.test.ts
 * replays them against the demo and compares what the server answers. docs/integration.md is the
 * guide for integrators that goes with it.
 */

import { EVIDENCE_MAX_BYTES, EVIDENCE_MEDIA_TYPES } from '../domain/evidence.js';
import { ALERT_KINDS, RECIPIENT_ROLES } from '../domain/monitoring/policy.js';
import { IMPORT_FIELDS } from '../domain/import/preset.js';

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
  'BUILT_IN_MAPPING',
] as const;

/**
 * Every code an error body `{ code, message }` may carry, by status (docs/integration.md explains each;
 * the 409 codes are in docs/refusal-codes.md). The order gate's 409 REFUSED and the 500 INTERNAL have
 * their own schemas; 422 has no code, only `errors`.
 */
const ERROR_CODES = {
  '401': ['UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'SETUP_CODE_INVALID'],
  '403': [
    'FORBIDDEN',
    'CSRF_TOKEN_INVALID',
    'SESSION_REQUIRED',
    'NO_MEMBERSHIP',
    'RECUSED',
    'INVALID_CREDENTIALS',
  ],
  '404': ['NOT_FOUND'],
  '409': CONFLICT_CODES,
  '413': ['CTP_BODY_TOO_LARGE'],
  '429': ['RATE_LIMITED'],
  '503': ['UNAVAILABLE'],
} as const;
const ALL_ERROR_CODES = [...new Set(Object.values(ERROR_CODES).flat())];

/** The codes of an import's bad rows (issue 9), then those of a file that cannot be read as rows. */
const IMPORT_ROW_CODES = [
  'INVALID_VALUE',
  'MISSING_VALUE',
  'UNKNOWN_AGREEMENT',
  'AMBIGUOUS_AGREEMENT',
  'UNKNOWN_CATEGORY',
  'UNKNOWN_ORDER',
  'NEGATIVE_AMOUNT',
  'DUPLICATE_REFERENCE',
  'REFERENCE_CONFLICT',
  'REFERENCE_IN_PROGRESS',
  'REFUSED',
  'UNREADABLE_FILE',
  'MISSING_COLUMN',
] as const;
const IMPORT_STATUSES = [
  'queued',
  'validating',
  'writing',
  'imported',
  'checked',
  'refused',
  'failed',
] as const;

/** POST /api/v1/agreements; a scenario's agreements reuse its fields (ScenarioInput). */
const agreementInput = {
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
};

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
      issuerId: text,
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
        description:
          'Stable; branch on it, not on the message. By status: ' +
          Object.entries(ERROR_CODES)
            .map(([status, codes]) => `${status} ${codes.join(', ')}`)
            .join('; ') +
          '. The 409 codes are explained in docs/refusal-codes.md, the others in docs/integration.md.',
        examples: ALL_ERROR_CODES,
      },
      message: { type: 'string', description: 'An English sentence for people; it may change.' },
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
  AgreementInput: agreementInput,
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
    required: ['id', 'reverses', 'amount', 'currency', 'reason', 'restoredToOrder', 'capCurrency'],
    properties: {
      id,
      reverses: id,
      amount: decimal,
      currency,
      reason: text,
      restoredToOrder: {
        ...decimal,
        description: "Given back to the order's open reservation, in capCurrency.",
      },
      capCurrency: {
        ...currency,
        description: "The cap's currency (the entry's own when no cap covered it).",
      },
    },
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
          type: 'object',
          required: ['id', ...agreementInput.required],
          properties: {
            ...agreementInput.properties,
            id: text,
            counterparty: { type: 'string', description: 'A party id.' },
            normalCommercialTerms: { type: 'boolean', default: true },
            boardApproved: { type: 'boolean', default: false },
            inedConfirmed: { type: 'boolean', default: false },
          },
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
    properties: {
      rule: { type: 'string', examples: ['14A.07(1)'] },
      text,
      textZh: { type: 'string', description: 'The step in Traditional Chinese, where one is written.' },
    },
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
          'What the run recorded. monthly and semi-annual: report, period, periodStart, periodEnd, from, to, asOf, `utilisation` (every cap period at the period end, as GET /api/v1/utilization?asOf=) and `issued` (each report issued: kind, id, version, sha256, created, notified, to). ' +
          'daily-forecast: asOf, `forecasts` (how many cap periods were projected), and the ids raised: `escalations`, `termExpiries` and `reviewDeadlines` (TERM_EXPIRY and REVIEW_DEADLINE alerts).',
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
  // ---- imports (issue 9) ----
  ImportKind: {
    type: 'string',
    enum: ['actuals', 'orders'],
    description: 'actuals: invoices and other actual amounts; orders: orders, each through the order gate.',
  },
  ImportStatus: {
    type: 'string',
    enum: [...IMPORT_STATUSES],
    description:
      'queued → validating → writing → imported. checked: a dry run that found no bad row (nothing written); refused: bad rows were found, nothing was written; failed: the import stopped (see summary).',
  },
  ImportAccepted: {
    type: 'object',
    required: ['id', 'kind', 'mapping', 'dryRun', 'status', 'progressUrl'],
    properties: {
      id,
      kind: ref('ImportKind'),
      mapping: { type: 'string', examples: ['generic'] },
      dryRun: { type: 'boolean' },
      status: { const: 'queued' },
      progressUrl: { type: 'string', description: 'GET it for the progress and the result.' },
    },
  },
  ImportRowError: {
    type: 'object',
    description:
      'A bad row (line is the line of the file, the header being line 1) or a problem with the file as a whole (UNREADABLE_FILE, MISSING_COLUMN).',
    required: ['line', 'column', 'value', 'code', 'reason'],
    properties: {
      line: { type: 'integer', minimum: 1 },
      column: { ...nullable(text), description: 'The column as the file names it.' },
      value: { ...nullable(text), description: 'The cell as the file writes it.' },
      code: {
        type: 'string',
        enum: [...IMPORT_ROW_CODES],
        description:
          'INVALID_VALUE: a cell that cannot be read as its field (a date not in the preset’s format, an amount of zero, text over 500 characters, an order column filled on an order row); MISSING_VALUE: a required cell left empty; ' +
          'UNKNOWN_AGREEMENT, AMBIGUOUS_AGREEMENT (an English name two agreements share: use the id), UNKNOWN_CATEGORY, UNKNOWN_ORDER; NEGATIVE_AMOUNT (orders); ' +
          'DUPLICATE_REFERENCE: the reference twice in one file; REFERENCE_CONFLICT: already imported with different values; REFERENCE_IN_PROGRESS: written by another import that has not finished yet; REFUSED: the order gate refused an order row (reason says why); ' +
          'UNREADABLE_FILE, MISSING_COLUMN: the file as a whole.',
      },
      reason: { type: 'string', description: 'An English sentence with the figures.' },
    },
  },
  ImportRun: {
    type: 'object',
    required: [
      'id',
      'kind',
      'mapping',
      'dryRun',
      'fileName',
      'status',
      'rowsRead',
      'rowsValid',
      'rowsWritten',
      'rowsSkipped',
      'errorCount',
      'errors',
      'summary',
      'startedAt',
      'finishedAt',
      'progressUrl',
    ],
    properties: {
      id,
      kind: ref('ImportKind'),
      mapping: text,
      dryRun: { type: 'boolean' },
      fileName: {
        ...nullable(text),
        description:
          'The name of the file uploaded (a form part’s, else the fileName query parameter, else "upload").',
      },
      status: ref('ImportStatus'),
      rowsRead: {
        type: 'integer',
        minimum: 0,
        description: 'Data rows read so far (the header is not counted).',
      },
      rowsValid: { type: 'integer', minimum: 0 },
      rowsWritten: { type: 'integer', minimum: 0 },
      rowsSkipped: {
        type: 'integer',
        minimum: 0,
        description:
          'Rows imported before with the same values: importing a file again writes nothing twice.',
      },
      errorCount: { type: 'integer', minimum: 0, description: 'Every bad row, counted.' },
      errors: {
        type: 'array',
        items: ref('ImportRowError'),
        description: 'Every bad row in file order, not only the first (at most the first 100,000).',
      },
      summary: { ...nullable(text), description: 'One English sentence once the import has ended.' },
      startedAt: { type: 'string', format: 'date-time' },
      finishedAt: nullable({ type: 'string', format: 'date-time' }),
      progressUrl: text,
    },
  },
  ImportColumns: {
    type: 'object',
    description:
      'The header, as the file writes it (matched trimmed and regardless of case), of the column holding each field. agreement: an agreement id or its unique English name; category: a category key; order: an order id or reference (actuals).',
    required: ['agreement', 'category', 'date', 'amount', 'currency', 'reference'],
    additionalProperties: false,
    properties: Object.fromEntries(
      IMPORT_FIELDS.map((f) => [f, { type: 'string', minLength: 1, maxLength: 200 }]),
    ),
  },
  ImportMappingInput: {
    type: 'object',
    required: ['columns', 'dateFormat'],
    additionalProperties: false,
    properties: {
      columns: ref('ImportColumns'),
      dateFormat: {
        type: 'string',
        enum: ['iso', 'dmy', 'mdy'],
        description:
          'How text dates are written: iso YYYY-MM-DD, dmy DD/MM/YYYY, mdy MM/DD/YYYY. An XLSX cell holding a date serial is read as that day whatever this says.',
      },
      sheet: {
        type: 'string',
        maxLength: 100,
        description: 'The XLSX worksheet to read; default the first.',
      },
      description: { type: 'string', maxLength: 500 },
    },
  },
  ImportMapping: {
    type: 'object',
    description: 'A column-mapping preset: the built-in `generic`, or one the issuer saved.',
    required: [
      'name',
      'builtIn',
      'columns',
      'dateFormat',
      'sheet',
      'description',
      'recordedAt',
      'recordedBy',
    ],
    properties: {
      name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
      builtIn: { type: 'boolean' },
      columns: ref('ImportColumns'),
      dateFormat: { type: 'string', enum: ['iso', 'dmy', 'mdy'] },
      sheet: nullable(text),
      description: nullable(text),
      recordedAt: { ...nullable({ type: 'string', format: 'date-time' }), description: 'Null for generic.' },
      recordedBy: nullable(text),
    },
  },
  // ---- end imports ----
};

/** A JSON response with named examples (the shared error responses). */
const jsonWithExamples = (schema: Schema, description: string, examples: Record<string, Example>) => ({
  description,
  content: { 'application/json': { schema, examples } },
});

const responses = {
  Unauthenticated: jsonWithExamples(
    ref('Error'),
    'No valid credentials (code UNAUTHENTICATED, INVALID_CREDENTIALS, ACCOUNT_LOCKED or SETUP_CODE_INVALID); WWW-Authenticate: Bearer.',
    {
      unauthenticated: {
        summary: 'No token and no session cookie, or a token that is unknown, expired or revoked',
        value: {
          code: 'UNAUTHENTICATED',
          message: 'sign in (POST /api/v1/session) or send an API token as Authorization: Bearer <token>',
        },
      },
    },
  ),
  RateLimited: jsonWithExamples(
    ref('Error'),
    'Too many sign-in attempts from this address (code RATE_LIMITED); see Retry-After.',
    {
      limited: {
        summary: 'Retry-After: 60',
        value: {
          code: 'RATE_LIMITED',
          message: 'too many sign-in attempts from this address: try again in 60 s',
        },
      },
    },
  ),
  InvalidInput: jsonWithExamples(
    ref('FieldErrors'),
    'Invalid input: each bad field named; nothing was written.',
    {
      issuer: {
        summary: 'A signed-in user of two issuers who did not name one',
        value: {
          errors: [
            {
              path: 'X-Armslength-Issuer',
              message: 'you act for 2 issuers (iss_demo, iss_7d0c2b9e4f6a1385): name one',
            },
          ],
        },
      },
    },
  ),
  NotFound: jsonWithExamples(ref('Error'), 'Not found (code NOT_FOUND).', {
    issuer: {
      summary: 'X-Armslength-Issuer names an issuer the credentials may not act for',
      value: { code: 'NOT_FOUND', message: 'issuer iss_0000000000000000 was not found' },
    },
  }),
  Forbidden: jsonWithExamples(
    ref('Error'),
    'Not allowed (code FORBIDDEN: the roles held at the issuer do not allow it; CSRF_TOKEN_INVALID: a write with the session cookie without its X-CSRF-Token; ' +
      'NO_MEMBERSHIP: a signed-in user with no role in force; RECUSED: a director who must abstain, Rule 13.44; SESSION_REQUIRED, INVALID_CREDENTIALS: see the operation).',
    {
      role: {
        summary: 'A business user asking for what only an admin may do',
        value: { code: 'FORBIDDEN', message: 'the role business may not user.manage (allowed: admin)' },
      },
    },
  ),
  // No shared example: each operation shows the codes it can answer.
  Conflict: json(ref('Conflict'), 'Conflicts with what is recorded.'),
  Internal: jsonWithExamples(ref('InternalError'), 'Internal error: logged with the request id.', {
    internal: {
      summary: 'Quote the requestId (also the X-Request-Id header) to the administrator',
      value: {
        code: 'INTERNAL',
        message: 'internal error',
        requestId: '3f6c1f0e-8a4b-4f7d-9c2e-5b1d7a9e0c44',
      },
    },
  }),
  Unavailable: jsonWithExamples(ref('Error'), 'The database did not answer (code UNAVAILABLE).', {
    unavailable: {
      summary: 'The embedded database did not answer',
      value: { code: 'UNAVAILABLE', message: 'the sqlite database did not answer' },
    },
  }),
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

  // ---- imports (issue 9) ----
  '/api/v1/imports/{kind}': {
    post: {
      operationId: 'startImport',
      summary:
        'Import a file of actual amounts or orders (`kind`), read with a column-mapping preset (`mapping`, default `generic`): the body itself (text/csv, application/csv or an XLSX workbook; `fileName` names it), or multipart/form-data with the part `file`; at most 512 MiB. ' +
        'Answers 202 at once (Location: the progressUrl); the import runs in the background. Every row is checked before anything is written: one bad row and nothing is written (status refused, the bad rows listed). ' +
        'If writing then fails (an order row refused by the gate, an agreement changed meanwhile), what was written is reversed. `dryRun=true` checks the whole file and writes nothing (status checked when no row is bad). ' +
        'A row imported before with the same values is skipped, so a file may be imported again. Roles: import.run (finance) with actual.post for actuals, order.place for orders.',
      tags: ['imports'],
      parameters: [
        { name: 'kind', in: 'path', required: true, schema: ref('ImportKind') },
        {
          name: 'mapping',
          in: 'query',
          required: false,
          description:
            'A preset name (GET /api/v1/import-mappings); default generic. One the issuer has not saved: 422.',
          schema: { type: 'string', default: 'generic' },
        },
        {
          name: 'dryRun',
          in: 'query',
          required: false,
          description: 'true (or 1, or empty) checks and writes nothing; false (or 0) imports.',
          schema: { type: 'string', enum: ['true', 'false', '1', '0', ''], default: 'false' },
        },
        {
          name: 'fileName',
          in: 'query',
          required: false,
          description:
            'The name of a file sent as the body, shown in fileName and the summary (default "upload").',
          schema: { type: 'string' },
        },
        p('IssuerHeader'),
      ],
      requestBody: {
        required: true,
        content: {
          'text/csv': { schema: { type: 'string' } },
          'application/csv': { schema: { type: 'string' } },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
            schema: { type: 'string', format: 'binary' },
          },
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: { file: { type: 'string', format: 'binary', description: 'A CSV or XLSX file.' } },
            },
          },
        },
      },
      responses: {
        '202': {
          ...json(ref('ImportAccepted'), 'Queued'),
          headers: { Location: { schema: { type: 'string' }, description: 'The progressUrl.' } },
        },
        ...common,
      },
    },
  },
  '/api/v1/import-runs/{id}': {
    get: {
      operationId: 'getImport',
      summary:
        "An import's progress and, once finished, its result: the counts, every bad row (line, column, value, code, reason; the header is line 1) and a summary. Role: import.run.",
      tags: ['imports'],
      parameters: withId,
      responses: { '200': json(ref('ImportRun'), 'The import'), '404': r('NotFound'), ...common },
    },
  },
  '/api/v1/import-mappings': {
    get: {
      operationId: 'listImportMappings',
      summary: "The column-mapping presets: the built-in `generic`, then the issuer's own. Role: import.run.",
      tags: ['imports'],
      parameters: [p('IssuerHeader')],
      responses: {
        '200': json({ type: 'array', items: ref('ImportMapping') }, 'The presets'),
        ...common,
      },
    },
  },
  '/api/v1/import-mappings/{name}': {
    get: {
      operationId: 'getImportMapping',
      summary: 'One preset. Role: import.run.',
      tags: ['imports'],
      parameters: [
        { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
        p('IssuerHeader'),
      ],
      responses: { '200': json(ref('ImportMapping'), 'The preset'), '404': r('NotFound'), ...common },
    },
    put: {
      operationId: 'putImportMapping',
      summary:
        'Save a preset under `name` (letters, digits, ".", "_" and "-", at most 64 characters), replacing one of the same name: which column holds each field, and how dates are written. ' +
        '201 for a new name, 200 for a replacement; `generic` is built in (409 BUILT_IN_MAPPING). Role: import.run.',
      tags: ['imports'],
      parameters: [
        {
          name: 'name',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
        },
        p('IssuerHeader'),
      ],
      requestBody: body('ImportMappingInput'),
      responses: {
        '201': json(ref('ImportMapping'), 'Saved under a new name'),
        '200': json(ref('ImportMapping'), 'Saved, replacing the preset of that name'),
        '409': r('Conflict'),
        ...common,
      },
    },
  },
  // ---- end imports ----

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
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: {
              type: 'object',
              required: ['email', 'password'],
              properties: { email: text, password: text },
            },
          },
        },
      },
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
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: { type: 'object', required: ['csrfToken'], properties: { csrfToken: text } },
          },
        },
      },
      responses: { '303': { description: 'Signed out' } },
    },
  },
};

/**
 * Routes documented before they are registered (none now). test/openapi-examples.test.ts allows a
 * documented route that the server does not register only when it is listed here.
 */
export const AWAITING_REGISTRATION: readonly string[] = [];

// ---- examples, merged into the operations ----

/** One named example; `mediaType` (ours, not OpenAPI's) places it when it is not application/json. */
interface Example {
  readonly summary: string;
  readonly mediaType?: string;
  readonly value: unknown;
}
type Examples = Readonly<Record<string, Example>>;
/** An operation's examples: of its request body, and of its responses by status. */
interface OperationExamples {
  readonly request?: Examples;
  readonly responses: Readonly<Record<string, Examples>>;
}

type Json = Record<string, unknown>;
type Content = Record<string, Json>;

/**
 * The content with the operation's examples in their media types, which the content must declare.
 * They replace a shared response's examples: the operation's own say more.
 */
function withExampleContent(content: Content, examples: Examples, where: string): Content {
  const fallback = 'application/json' in content ? 'application/json' : (Object.keys(content)[0] ?? '');
  const byMediaType = new Map<string, Json>();
  for (const [name, { mediaType = fallback, ...example }] of Object.entries(examples)) {
    if (!content[mediaType]) throw new Error(`${where}: an example for ${mediaType}, which is not declared`);
    byMediaType.set(mediaType, { ...byMediaType.get(mediaType), [name]: example });
  }
  const out: Content = { ...content };
  for (const [mediaType, named] of byMediaType) out[mediaType] = { ...content[mediaType], examples: named };
  return out;
}

/** A response, its $ref to the shared responses followed (an example belongs to one operation). */
function resolved(response: Json): { description: string; content?: Content } {
  const target = response['$ref'];
  if (typeof target !== 'string') return response as { description: string; content?: Content };
  const name = target.replace('#/components/responses/', '') as keyof typeof responses;
  return responses[name];
}

/**
 * Every /api/v1 operation can answer 403 (a write with the session cookie needs X-CSRF-Token; each
 * use case checks the roles held), so `documented` adds it to an entry that does not list it; only
 * these cannot: they are open, or they read without acting for an issuer.
 */
const NEVER_FORBIDDEN = new Set(['health', 'signIn', 'firstRunSetup', 'getSession', 'listIssuers']);

function documented(operation: Operation, path: string, where: string): Operation {
  const examples = EXAMPLES[operation.operationId];
  const result: Json = { ...operation };
  const given = operation['responses'] as Record<string, Json>;
  const out: Record<string, Json> = { ...given };
  if (path.startsWith('/api/v1/') && !NEVER_FORBIDDEN.has(operation.operationId) && !('403' in out))
    out['403'] = r('Forbidden');
  if (examples?.request) {
    const body = operation['requestBody'] as { content: Content } | undefined;
    if (!body) throw new Error(`${where}: request examples, but no request body`);
    result['requestBody'] = { ...body, content: withExampleContent(body.content, examples.request, where) };
  }
  for (const [status, named] of Object.entries(examples?.responses ?? {})) {
    const declared = out[status];
    if (!declared) throw new Error(`${where}: examples for ${status}, which it does not answer`);
    const response = resolved(declared);
    if (!response.content) throw new Error(`${where}: examples for ${status}, which has no content`);
    out[status] = { ...response, content: withExampleContent(response.content, named, `${where} ${status}`) };
  }
  result['responses'] = Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  return result as Operation;
}

let documentedPaths: typeof paths | undefined;

/**
 * The paths with their examples. A mistake in the examples (an operation or status that does not
 * exist) throws: it is a defect of this file, found by any test that reads the document.
 */
function pathsWithExamples(): typeof paths {
  if (documentedPaths) return documentedPaths;
  const unused = new Set(Object.keys(EXAMPLES));
  const out: typeof paths = {};
  for (const [path, operations] of Object.entries(paths)) {
    out[path] = {};
    for (const [method, operation] of Object.entries(operations)) {
      unused.delete(operation.operationId);
      out[path][method] = documented(operation, path, `${method.toUpperCase()} ${path}`);
    }
  }
  if (unused.size > 0) throw new Error(`examples of unknown operations: ${[...unused].join(', ')}`);
  documentedPaths = out;
  return out;
}

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
      {
        name: 'annual review',
        description:
          "The annual review of the CCTs: the INEDs' sign-off (14A.55) and the auditor's letter (14A.56, 14A.57)",
      },
      {
        name: 'imports',
        description:
          'Actual amounts and orders imported from ERP exports (CSV, XLSX), with column-mapping presets',
      },
      { name: 'meta', description: 'Health and this document' },
      { name: 'pages', description: 'Server-rendered pages' },
    ],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths: pathsWithExamples(),
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

// ---- the examples ----
// What the server answered on the demo data (`armslength demo` with ARMSLENGTH_TODAY=2026-11-23),
// signed in as the demo administrator; ids as a database makes them, lists shortened. The import
// examples follow the contract of issue 9. Data tables, laid out by hand: prettier would put every
// property on a line of its own and triple their length.

// prettier-ignore
const exampleForecast = {
  agreementId: 'agr_5f1c9a0e2b7d4c31',
  agreementName: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
  capId: 'cap_1ccc0cda57098e57', categoryKeys: ['idc-services'],
  categoryNames: [{ en: 'IDC services', 'zh-Hant': 'IDC相關服務' }], periodStart: '2028-01-01',
  periodEnd: '2028-07-28', periodStatus: 'upcoming', horizonEnd: '2028-07-28', currency: 'CNY',
  cap: '41000000.00', actual: '0.00', committed: '0.00', committedDue: '0.00', committedScheduled: '0.00',
  expectedFuture: '45226021.38', projected: '45226021.38', projectedPercent: '110.3',
  projectedHeadroom: '-4226021.38', exceedsCap: true, remainingDays: 210, remainingFrom: '2028-01-01',
  thresholds: [
    { threshold: '80', amount: '32800000.00', reachedOn: '2028-06-03', basis: 'projected' },
    { threshold: '100', amount: '41000000.00', reachedOn: '2028-07-10', basis: 'projected' },
  ],
  method: {
    kind: 'seasonal', windowStart: '2026-08-26', windowEnd: '2026-11-23', windowDays: 90,
    windowActual: '13100000.00', dailyRate: '145555.56', growth: '1.1008',
    description: {
      en: 'Seasonal: each of the 210 remaining days to 28 July 2028 is projected at the daily average of the same calendar month in the latest twelve complete months of history, scaled by 1.1008, the actual amounts of the 90 days from 26 August 2026 to 23 November 2026 against the same days a year earlier; open orders scheduled after 23 November 2026 are counted once, within the projection rather than on top of it.',
      'zh-Hant': '按季節性推算：餘下210日（至2028年7月28日）每日按最近十二個完整月份中同月的每日平均金額推算，並乘以1.1008（2026年8月26日至2026年11月23日共90日的實際金額相對上一年同期的比率）；2026年11月23日後排期的未完成訂單只計算一次（計入推算之內，不另行加算）。',
    },
  },
};

// prettier-ignore
const examplePricing = {
  format: 1,
  policy: {
    minIndependentQuotes: 2, comparison: 'connected-lower', quoteValidityRequired: true,
    exceptionsAllowed: false,
  },
  direction: 'issuer-purchases', quotesRequired: true, signedOn: '2026-11-23', currency: 'CNY',
  connectedQuote: {
    amount: '6800000.00', currency: 'CNY', capAmount: '6800000.00', validUntil: '2026-11-30',
    specification: 'IDC rack hosting and bandwidth, December 2026', evidence: [], expired: false,
  },
  independentQuotes: [
    {
      index: 0, supplier: { partyId: 'demo-idc-a', name: 'Cloudline Data Centres Ltd (illustrative)' },
      partyId: 'demo-idc-a', amount: '7140000.00', currency: 'CNY', capAmount: '7140000.00',
      validUntil: '2026-11-30', quotedOn: '2026-11-20',
      specification: 'IDC rack hosting and bandwidth, December 2026', evidence: [],
      independenceConfirmedBy: null, independent: true, expired: false, counted: true, notCounted: null,
      sameGroupAs: null, explanation: null,
    },
    {
      index: 1, supplier: { partyId: 'demo-idc-b', name: 'Pearl River IDC Co., Ltd. (illustrative)' },
      partyId: 'demo-idc-b', amount: '7310000.00', currency: 'CNY', capAmount: '7310000.00',
      validUntil: '2026-11-30', quotedOn: '2026-11-20',
      specification: 'IDC rack hosting and bandwidth, December 2026', evidence: [],
      independenceConfirmedBy: null, independent: true, expired: false, counted: true, notCounted: null,
      sameGroupAs: null, explanation: null,
    },
  ],
  countedQuotes: 2, bestIndependent: { index: 0, capAmount: '7140000.00' }, connectedMoreFavourable: true,
  exception: null, flagged: false, thirdPartyTerms: null,
  summary: '2 of 2 required independent quotes counted; the connected party\'s RMB6,800,000.00 is lower than the best, RMB7,140,000.00.',
};

// prettier-ignore
const exampleHardwareCategory = {
  id: 'cat_5296c68147b32c61', key: 'network-hardware',
  name: { en: 'Network hardware equipment', 'zh-Hant': '網絡硬件設備' }, direction: 'issuer-purchases',
  termStart: '2025-07-29', termEnd: '2026-07-28',
  pricingBasis: 'purchase price payable by the issuer\'s group to Xiaomi Group',
  pricingPolicy: {
    minIndependentQuotes: 2, comparison: 'connected-lower', quoteValidityRequired: true,
    exceptionsAllowed: false,
    summary: 'At least 2 independent quotes valid on the signing date; the connected party\'s price must be strictly lower than every counted quote; no exceptions.',
  },
  ifaOpinion: null, termination: null,
};

// prettier-ignore
const exampleCategories = [
  {
    id: 'cat_0f8eccf92522061e', key: 'idc-services', name: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' },
    direction: 'issuer-purchases', termStart: '2025-07-29', termEnd: '2028-07-28',
    pricingBasis: 'fees payable by the issuer\'s group to Xiaomi Group',
    pricingPolicy: {
      minIndependentQuotes: 2, comparison: 'connected-lower', quoteValidityRequired: true,
      exceptionsAllowed: false,
      summary: 'At least 2 independent quotes valid on the signing date; the connected party\'s price must be strictly lower than every counted quote; no exceptions.',
    },
    ifaOpinion: null, termination: null,
  },
  exampleHardwareCategory,
];

// prettier-ignore
const exampleAgreement = {
  id: 'agr_5f1c9a0e2b7d4c31',
  name: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
  counterparty: { name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' }, partyId: 'xiaomi' },
  signedOn: '2025-07-29', recognitionBasis: 'fee-payable', amountsInclude: 'including-tax',
  createdAt: '2026-11-23T04:00:00.000Z', categories: exampleCategories,
  caps: [
    {
      id: 'cap_705c18c342a2b498', categoryKeys: ['idc-services'], periodStart: '2025-07-29',
      periodEnd: '2025-12-31', effectiveStart: '2025-07-29', effectiveEnd: '2025-12-31',
      amount: '41000000.00', currency: 'CNY',
    },
    {
      id: 'cap_962e59c0156a7d01', categoryKeys: ['idc-services'], periodStart: '2026-01-01',
      periodEnd: '2026-12-31', effectiveStart: '2026-01-01', effectiveEnd: '2026-12-31',
      amount: '82000000.00', currency: 'CNY',
    },
    {
      id: 'cap_e2c4467ef2e88b13', categoryKeys: ['idc-services'], periodStart: '2027-01-01',
      periodEnd: '2027-12-31', effectiveStart: '2027-01-01', effectiveEnd: '2027-12-31',
      amount: '82000000.00', currency: 'CNY',
    },
    {
      id: 'cap_1ccc0cda57098e57', categoryKeys: ['idc-services'], periodStart: '2028-01-01',
      periodEnd: '2028-07-28', effectiveStart: '2028-01-01', effectiveEnd: '2028-07-28',
      amount: '41000000.00', currency: 'CNY',
    },
    {
      id: 'cap_6936184a45e92c95', categoryKeys: ['network-hardware'], periodStart: '2025-07-29',
      periodEnd: '2025-12-31', effectiveStart: '2025-07-29', effectiveEnd: '2025-12-31',
      amount: '33500000.00', currency: 'CNY',
    },
    {
      id: 'cap_b2674a7a971af834', categoryKeys: ['network-hardware'], periodStart: '2026-01-01',
      periodEnd: '2026-07-28', effectiveStart: '2026-01-01', effectiveEnd: '2026-07-28', amount: '6700000.00',
      currency: 'CNY',
    },
  ],
};

// prettier-ignore
const exampleRequiredApprovals = [
  {
    code: 'ANNOUNCEMENT', kind: 'announcement', rule: '14A.35',
    text: 'an announcement as soon as practicable after the terms are agreed, with the contents of 14A.68',
  },
  {
    code: 'CIRCULAR', kind: 'circular', rule: '14A.46',
    text: 'a circular to shareholders (14A.46–14A.48, 14A.69–14A.70)',
  },
  {
    code: 'IFA', kind: 'independent-financial-adviser', rule: '14A.39',
    text: 'an independent financial adviser advising the independent board committee and the shareholders',
  },
  {
    code: 'IBC', kind: 'independent-board-committee', rule: '14A.40',
    text: 'an independent board committee of INEDs with no material interest (14A.39–14A.41)',
  },
  {
    code: 'INDEPENDENT_SHAREHOLDERS_APPROVAL', kind: 'independent-shareholders-approval', rule: '14A.36',
    text: 'independent shareholders\' approval at a general meeting; shareholders with a material interest abstain',
  },
];

// prettier-ignore
const exampleJanuaryPricing = {
  format: 1,
  policy: {
    minIndependentQuotes: 2, comparison: 'connected-lower', quoteValidityRequired: true,
    exceptionsAllowed: false,
  },
  direction: 'issuer-purchases', quotesRequired: true, signedOn: '2026-11-23', currency: 'CNY',
  connectedQuote: {
    amount: '4800000.00', currency: 'CNY', capAmount: '4800000.00', validUntil: '2026-11-30',
    specification: 'IDC rack hosting and bandwidth, December 2026', evidence: [], expired: false,
  },
  independentQuotes: [
    {
      index: 0, supplier: { partyId: 'demo-idc-a', name: 'Cloudline Data Centres Ltd (illustrative)' },
      partyId: 'demo-idc-a', amount: '5040000.00', currency: 'CNY', capAmount: '5040000.00',
      validUntil: '2026-11-30', quotedOn: '2026-11-20',
      specification: 'IDC rack hosting and bandwidth, December 2026', evidence: [],
      independenceConfirmedBy: null, independent: true, expired: false, counted: true, notCounted: null,
      sameGroupAs: null, explanation: null,
    },
    {
      index: 1, supplier: { partyId: 'demo-idc-b', name: 'Pearl River IDC Co., Ltd. (illustrative)' },
      partyId: 'demo-idc-b', amount: '5160000.00', currency: 'CNY', capAmount: '5160000.00',
      validUntil: '2026-11-30', quotedOn: '2026-11-20',
      specification: 'IDC rack hosting and bandwidth, December 2026', evidence: [],
      independenceConfirmedBy: null, independent: true, expired: false, counted: true, notCounted: null,
      sameGroupAs: null, explanation: null,
    },
  ],
  countedQuotes: 2, bestIndependent: { index: 0, capAmount: '5040000.00' }, connectedMoreFavourable: true,
  exception: null, flagged: false, thirdPartyTerms: null,
  summary: '2 of 2 required independent quotes counted; the connected party\'s RMB4,800,000.00 is lower than the best, RMB5,040,000.00.',
};

// prettier-ignore
const exampleApprovedRevision = {
  amount: '400000000.00', effectiveFrom: '2027-01-01', approvedOn: '2026-11-20',
  reason: 'Xiaomi Group to host the AI training clusters of the Wuhan campus from 2027',
  approvalReference: 'Board resolution of 20 November 2026', recordedAt: '2026-11-23T04:00:00.000Z',
  revisionId: 'rev_c8df76672195ada9', status: 'approved', countsFrom: '2027-01-01',
  reclassification: {
    status: 'done', asOf: '2027-01-01', tierBefore: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
    tierAfter: 'NON_EXEMPT',
  },
  requiredApprovals: exampleRequiredApprovals,
  approvals: [
    {
      id: 'rva_7028ffedec6ec3fd', kind: 'announcement', date: '2026-11-23',
      reference: 'Announcement of 20 November 2026 on the revised annual caps',
      recordedAt: '2026-11-23T04:00:00.000Z',
    },
    {
      id: 'rva_a89a040f3ae64787', kind: 'circular', date: '2026-11-23',
      reference: 'Circular to shareholders dated 3 December 2026 (illustrative)',
      recordedAt: '2026-11-23T04:00:00.000Z',
    },
    {
      id: 'rva_71a5c15b7b9b288b', kind: 'independent-financial-adviser', date: '2026-11-23',
      reference: 'Letter from the independent financial adviser in the circular (illustrative)',
      recordedAt: '2026-11-23T04:00:00.000Z',
    },
    {
      id: 'rva_dc168e56fe7a933d', kind: 'independent-board-committee', date: '2026-11-23',
      reference: 'Letter from the Independent Board Committee in the circular (illustrative)',
      recordedAt: '2026-11-23T04:00:00.000Z',
    },
    {
      id: 'rva_e9fc9291228949a2', kind: 'independent-shareholders-approval', date: '2026-11-23',
      reference: 'Poll results of the extraordinary general meeting (illustrative)',
      recordedAt: '2026-11-23T04:00:00.000Z',
    },
  ],
};

// prettier-ignore
const exValue = {
  name: 'sap-fi-xiaomi', builtIn: false,
  columns: {
    agreement: 'Contract No', category: 'Cost category', date: 'Posting date', amount: 'Amount',
    currency: 'Curr.', reference: 'Document no.', order: 'PO',
  },
  dateFormat: 'dmy', sheet: 'Invoices', description: 'SAP FI export of Xiaomi invoices',
  recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'usr_2c75a67fa5808708',
};

// prettier-ignore
const exampleThresholdMessage = {
  en: 'Actual amounts of RMB6,000,000.00 for Network hardware equipment (1 January 2026 to 28 July 2026) have reached 80% of the cap of RMB6,700,000.00 (89.6% used): report to senior management at once.',
  'zh-Hant': '網絡硬件設備（2026年1月1日至2026年7月28日）的實際金額人民幣6,000,000.00元已達年度上限人民幣6,700,000.00元的80%（已使用89.6%）：須即時向高級管理層匯報。',
};

// prettier-ignore
const exampleThresholdAlert = {
  id: 'alr_1076b6f58afd9b70', kind: 'THRESHOLD', severity: 'warning', agreementId: 'agr_5f1c9a0e2b7d4c31',
  categoryId: 'cat_5296c68147b32c61', capId: 'cap_b2674a7a971af834', periodStart: '2026-01-01',
  periodEnd: '2026-07-28', threshold: '80', currency: 'CNY', cap: '6700000.00',
  actualAtCrossing: '6000000.00', committed: '0.00', actualId: 'act_c8f3b91d60b2e689', breachId: null,
  occurredOn: '2026-06-25', raisedAt: '2026-11-23T04:00:00.000Z',
  recipients: ['senior-management', 'finance'], message: exampleThresholdMessage,
  details: { percentUsed: '89.6', cap: '6700000.00', actualAtCrossing: '6000000.00', committed: '0.00' },
  acknowledged: false, acknowledgements: [], remediations: [],
};

// prettier-ignore
const exampleOrderOverCap = {
  agreementId: 'agr_5f1c9a0e2b7d4c31', categoryKey: 'idc-services', reference: 'PO-IDC-2026-12-B',
  signedOn: '2026-11-23', schedule: [{ date: '2026-12-25', amount: '15000000.00', currency: 'CNY' }],
  pricing: {
    connectedQuote: {
      amount: '15000000.00', currency: 'CNY', validUntil: '2026-11-30',
      specification: 'IDC rack hosting and bandwidth, December 2026',
    },
    independentQuotes: [
      {
        supplier: { partyId: 'demo-idc-a', name: 'Cloudline Data Centres Ltd (illustrative)' },
        amount: '15750000.00', currency: 'CNY', validUntil: '2026-11-30', quotedOn: '2026-11-20',
        specification: 'IDC rack hosting and bandwidth, December 2026',
      },
      {
        supplier: { partyId: 'demo-idc-b', name: 'Pearl River IDC Co., Ltd. (illustrative)' },
        amount: '16200000.00', currency: 'CNY', validUntil: '2026-11-30', quotedOn: '2026-11-20',
        specification: 'IDC rack hosting and bandwidth, December 2026',
      },
    ],
  },
};

// prettier-ignore
const exampleOrder = {
  agreementId: 'agr_5f1c9a0e2b7d4c31', categoryKey: 'idc-services', reference: 'PO-IDC-2026-12',
  signedOn: '2026-11-23', schedule: [{ date: '2026-12-25', amount: '6800000.00', currency: 'CNY' }],
  pricing: {
    connectedQuote: {
      amount: '6800000.00', currency: 'CNY', validUntil: '2026-11-30',
      specification: 'IDC rack hosting and bandwidth, December 2026',
    },
    independentQuotes: [
      {
        supplier: { partyId: 'demo-idc-a', name: 'Cloudline Data Centres Ltd (illustrative)' },
        amount: '7140000.00', currency: 'CNY', validUntil: '2026-11-30', quotedOn: '2026-11-20',
        specification: 'IDC rack hosting and bandwidth, December 2026',
      },
      {
        supplier: { partyId: 'demo-idc-b', name: 'Pearl River IDC Co., Ltd. (illustrative)' },
        amount: '7310000.00', currency: 'CNY', validUntil: '2026-11-30', quotedOn: '2026-11-20',
        specification: 'IDC rack hosting and bandwidth, December 2026',
      },
    ],
  },
};

// prettier-ignore
const exampleCapExceeded = {
  code: 'CAP_EXCEEDED', capId: 'cap_962e59c0156a7d01', periodStart: '2026-01-01', periodEnd: '2026-12-31',
  currency: 'CNY', cap: '82000000.00', utilised: '67700000.00', headroom: '14300000.00',
  requested: '15000000.00',
  message: 'Refused: the order needs RMB15,000,000.00 but only RMB14,300,000.00 of the cap for 2026-01-01 to 2026-12-31 (RMB82,000,000.00) remains (Rule 14A.54).',
};

// prettier-ignore
const exampleCleanFindings = [
  { matter: 'board-approval', outcome: 'no-exception', detail: null, agreementIds: [] },
  { matter: 'pricing-policy', outcome: 'not-applicable', detail: null, agreementIds: [] },
  { matter: 'agreement-terms', outcome: 'no-exception', detail: null, agreementIds: [] },
  { matter: 'caps', outcome: 'no-exception', detail: null, agreementIds: [] },
];

// prettier-ignore
const exampleCategoryInputs = [
  {
    key: 'idc-services', name: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' }, direction: 'issuer-purchases',
    termStart: '2025-07-29', termEnd: '2028-07-28',
    pricingBasis: 'fees payable by the issuer\'s group to Xiaomi Group',
    pricingPolicy: { minIndependentQuotes: 2 },
  },
  {
    key: 'network-hardware', name: { en: 'Network hardware equipment', 'zh-Hant': '網絡硬件設備' },
    direction: 'issuer-purchases', termStart: '2025-07-29', termEnd: '2026-07-28',
    pricingBasis: 'purchase price payable by the issuer\'s group to Xiaomi Group',
    pricingPolicy: { minIndependentQuotes: 2 },
  },
];

// prettier-ignore
const exInterestedDirectors = [
  {
    id: 'lei-jun', name: { en: 'Lei Jun', 'zh-Hant': '雷軍' },
    reasons: [
      {
        rule: '13.44',
        text: 'Lei Jun is a director of Xiaomi Corporation, the counterparty: a material interest',
        textZh: 'Lei Jun於Xiaomi Corporation擔任職務',
      },
      {
        rule: '13.44', text: 'Lei Jun holds 20% of Xiaomi Corporation, the counterparty: a material interest',
      },
    ],
  },
  {
    id: 'zhang-duo', name: { en: 'Zhang Duo', 'zh-Hant': '張鐸' },
    reasons: [
      {
        rule: '13.44',
        text: 'Zhang Duo is a director of Xiaomi Corporation, the counterparty: a material interest',
        textZh: 'Zhang Duo於Xiaomi Corporation擔任職務',
      },
    ],
  },
];

// prettier-ignore
const exampleUtilisationIdc2025 = {
  capId: 'cap_705c18c342a2b498', agreementId: 'agr_5f1c9a0e2b7d4c31',
  agreementName: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
  categoryKeys: ['idc-services'], categoryNames: [{ en: 'IDC services', 'zh-Hant': 'IDC相關服務' }],
  periodStart: '2025-07-29', periodEnd: '2025-12-31', effectiveStart: '2025-07-29',
  effectiveEnd: '2025-12-31', currency: 'CNY', cap: '41000000.00', statedCap: '41000000.00',
  actual: '30100000.00', committed: '0.00', utilised: '30100000.00', headroom: '10900000.00',
  percentUsed: '73.41',
};

// prettier-ignore
const exampleEscalation = {
  id: 'esc_11fd554f88935498', status: 'raised', agreementId: 'agr_5f1c9a0e2b7d4c31',
  capId: 'cap_1ccc0cda57098e57', periodStart: '2028-01-01', periodEnd: '2028-07-28',
  alertId: 'alr_9298dfbed3c53b41', raisedAt: '2026-11-23T04:00:00.000Z', forecast: exampleForecast,
  steps: [
    {
      seq: 1, step: 'raised', decision: null, revisionId: null,
      reason: 'forecast RMB45,226,021.38 exceeds the cap of RMB41,000,000.00 as of 2026-11-23', notes: null,
      at: '2026-11-23T04:00:00.000Z', by: 'system: daily forecast',
    },
  ],
  revision: null,
};

// prettier-ignore
const exCaps = {
  id: 'cap_6936184a45e92c95', categoryKeys: ['network-hardware'], periodStart: '2025-07-29',
  periodEnd: '2025-12-31', effectiveStart: '2025-07-29', effectiveEnd: '2025-12-31', amount: '33500000.00',
  currency: 'CNY',
  history: [
    {
      amount: '33500000.00', effectiveFrom: null, approvedOn: '2025-07-29', reason: 'stated in the agreement',
      approvalReference: null, recordedAt: '2026-11-23T04:00:00.000Z', revisionId: null, status: 'approved',
      countsFrom: null, reclassification: null, requiredApprovals: [], approvals: [],
    },
  ],
};

// prettier-ignore
const exCaps2 = {
  id: 'cap_b2674a7a971af834', categoryKeys: ['network-hardware'], periodStart: '2026-01-01',
  periodEnd: '2026-07-28', effectiveStart: '2026-01-01', effectiveEnd: '2026-07-28', amount: '6700000.00',
  currency: 'CNY',
  history: [
    {
      amount: '6700000.00', effectiveFrom: null, approvedOn: '2025-07-29', reason: 'stated in the agreement',
      approvalReference: null, recordedAt: '2026-11-23T04:00:00.000Z', revisionId: null, status: 'approved',
      countsFrom: null, reclassification: null, requiredApprovals: [], approvals: [],
    },
  ],
};

// prettier-ignore
const exampleCapIdc2025 = {
  id: 'cap_705c18c342a2b498', categoryKeys: ['idc-services'], periodStart: '2025-07-29',
  periodEnd: '2025-12-31', effectiveStart: '2025-07-29', effectiveEnd: '2025-12-31', amount: '41000000.00',
  currency: 'CNY',
  history: [
    {
      amount: '41000000.00', effectiveFrom: null, approvedOn: '2025-07-29', reason: 'stated in the agreement',
      approvalReference: null, recordedAt: '2026-11-23T04:00:00.000Z', revisionId: null, status: 'approved',
      countsFrom: null, reclassification: null, requiredApprovals: [], approvals: [],
    },
  ],
};

// prettier-ignore
const exampleCapIdc2026 = {
  id: 'cap_962e59c0156a7d01', categoryKeys: ['idc-services'], periodStart: '2026-01-01',
  periodEnd: '2026-12-31', effectiveStart: '2026-01-01', effectiveEnd: '2026-12-31', amount: '82000000.00',
  currency: 'CNY',
  history: [
    {
      amount: '82000000.00', effectiveFrom: null, approvedOn: '2025-07-29', reason: 'stated in the agreement',
      approvalReference: null, recordedAt: '2026-11-23T04:00:00.000Z', revisionId: null, status: 'approved',
      countsFrom: null, reclassification: null, requiredApprovals: [], approvals: [],
    },
  ],
};

// prettier-ignore
const exCaps3 = {
  id: 'cap_e2c4467ef2e88b13', categoryKeys: ['idc-services'], periodStart: '2027-01-01',
  periodEnd: '2027-12-31', effectiveStart: '2027-01-01', effectiveEnd: '2027-12-31', amount: '82000000.00',
  currency: 'CNY',
  history: [
    {
      amount: '82000000.00', effectiveFrom: null, approvedOn: '2025-07-29', reason: 'stated in the agreement',
      approvalReference: null, recordedAt: '2026-11-23T04:00:00.000Z', revisionId: null, status: 'approved',
      countsFrom: null, reclassification: null, requiredApprovals: [], approvals: [],
    },
  ],
};

// prettier-ignore
const EXAMPLES: Readonly<Record<string, OperationExamples>> = {
  health: {
    responses: {
      '200': {
        ok: { summary: 'The server and its database answer', value: { status: 'ok', engine: 'sqlite' } },
      },
      '503': {
        unavailable: {
          summary: 'The database did not answer',
          value: { code: 'UNAVAILABLE', message: 'the sqlite database did not answer' },
        },
      },
    },
  },
  createAgreement: {
    request: {
      seed: {
        summary: 'The seed agreement: two categories, six caps in RMB',
        value: {
          name: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
          counterparty: { name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' }, partyId: 'xiaomi' },
          signedOn: '2025-07-29', recognitionBasis: 'fee-payable', amountsInclude: 'including-tax',
          categories: exampleCategoryInputs,
          caps: [
            {
              categoryKeys: ['idc-services'], periodStart: '2025-07-29', periodEnd: '2025-12-31',
              amount: '41000000.00', currency: 'RMB',
            },
            {
              categoryKeys: ['idc-services'], periodStart: '2026-01-01', periodEnd: '2026-12-31',
              amount: '82000000.00', currency: 'RMB',
            },
            {
              categoryKeys: ['idc-services'], periodStart: '2027-01-01', periodEnd: '2027-12-31',
              amount: '82000000.00', currency: 'RMB',
            },
            {
              categoryKeys: ['idc-services'], periodStart: '2028-01-01', periodEnd: '2028-07-28',
              amount: '41000000.00', currency: 'RMB',
            },
            {
              categoryKeys: ['network-hardware'], periodStart: '2025-07-29', periodEnd: '2025-12-31',
              amount: '33500000.00', currency: 'RMB',
            },
            {
              categoryKeys: ['network-hardware'], periodStart: '2026-01-01', periodEnd: '2026-07-28',
              amount: '6700000.00', currency: 'RMB',
            },
          ],
        },
      },
      invalid: {
        summary: 'Invalid: no signedOn, a term over three years, an amount with separators (answered 422)',
        value: {
          name: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
          counterparty: { name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' }, partyId: 'xiaomi' },
          recognitionBasis: 'fee-payable', amountsInclude: 'including-tax',
          categories: [
            {
              key: 'idc-services', name: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' },
              direction: 'issuer-purchases', termStart: '2025-07-29', termEnd: '2028-07-29',
              pricingBasis: 'fees payable by the issuer\'s group to Xiaomi Group',
              pricingPolicy: { minIndependentQuotes: 2 },
            },
            {
              key: 'network-hardware', name: { en: 'Network hardware equipment', 'zh-Hant': '網絡硬件設備' },
              direction: 'issuer-purchases', termStart: '2025-07-29', termEnd: '2026-07-28',
              pricingBasis: 'purchase price payable by the issuer\'s group to Xiaomi Group',
              pricingPolicy: { minIndependentQuotes: 2 },
            },
          ],
          caps: [
            {
              categoryKeys: ['idc-services'], periodStart: '2025-07-29', periodEnd: '2025-12-31',
              amount: '41000000.00', currency: 'RMB',
            },
            {
              categoryKeys: ['idc-services'], periodStart: '2026-01-01', periodEnd: '2026-12-31',
              amount: '82,000,000', currency: 'RMB',
            },
            {
              categoryKeys: ['idc-services'], periodStart: '2027-01-01', periodEnd: '2027-12-31',
              amount: '82000000.00', currency: 'RMB',
            },
            {
              categoryKeys: ['idc-services'], periodStart: '2028-01-01', periodEnd: '2028-07-28',
              amount: '41000000.00', currency: 'RMB',
            },
            {
              categoryKeys: ['network-hardware'], periodStart: '2025-07-29', periodEnd: '2025-12-31',
              amount: '33500000.00', currency: 'RMB',
            },
            {
              categoryKeys: ['network-hardware'], periodStart: '2026-01-01', periodEnd: '2026-07-28',
              amount: '6700000.00', currency: 'RMB',
            },
          ],
        },
      },
    },
    responses: {
      '201': {
        created: {
          summary: 'Recorded, with the ids of the agreement, its categories and caps',
          value: exampleAgreement,
        },
      },
      '422': {
        invalid: {
          summary: 'Every invalid field of the invalid example, named as sent',
          value: {
            errors: [
              { path: 'signedOn', message: 'is required: a date such as "2025-07-29"' },
              {
                path: 'categories[0].termEnd',
                message: 'the term 2025-07-29 to 2028-07-29 is longer than three years (the latest end is 2028-07-28); a longer term needs an independent financial adviser\'s opinion (ifaOpinion) under Rule 14A.52',
              },
              {
                path: 'caps[1].amount', message: '"82,000,000" is not a decimal amount such as "41000000.00"',
              },
            ],
          },
        },
      },
    },
  },
  listAgreements: {
    responses: {
      '200': { demo: { summary: 'The demo issuer’s one agreement', value: { items: [exampleAgreement] } } },
    },
  },
  getAgreement: {
    responses: {
      '200': {
        seed: {
          summary: 'The seed agreement with its caps’ history and board resolution',
          value: {
            id: 'agr_5f1c9a0e2b7d4c31',
            name: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
            counterparty: { name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' }, partyId: 'xiaomi' },
            signedOn: '2025-07-29', recognitionBasis: 'fee-payable', amountsInclude: 'including-tax',
            createdAt: '2026-11-23T04:00:00.000Z', categories: exampleCategories,
            caps: [
              exampleCapIdc2025, exampleCapIdc2026, exCaps3,
              {
                id: 'cap_1ccc0cda57098e57', categoryKeys: ['idc-services'], periodStart: '2028-01-01',
                periodEnd: '2028-07-28', effectiveStart: '2028-01-01', effectiveEnd: '2028-07-28',
                amount: '41000000.00', currency: 'CNY',
                history: [
                  {
                    amount: '41000000.00', effectiveFrom: null, approvedOn: '2025-07-29',
                    reason: 'stated in the agreement', approvalReference: null,
                    recordedAt: '2026-11-23T04:00:00.000Z', revisionId: null, status: 'approved',
                    countsFrom: null, reclassification: null, requiredApprovals: [], approvals: [],
                  },
                ],
              },
              exCaps, exCaps2,
            ],
            renews: null, renewedBy: [], materialChanges: [], recusals: [],
            boardResolutions: [
              {
                id: 'res_239379289f357865',
                reference: 'Board resolution approving the 2025 Xiaomi Cooperation Framework Agreement and its caps',
                meetingDate: '2025-07-29', approves: true, violations: [],
              },
            ],
          },
        },
      },
      '404': {
        notFound: {
          summary: 'No such agreement at the acting issuer',
          value: { code: 'NOT_FOUND', message: 'agreement agr_0000000000000000 was not found' },
        },
      },
    },
  },
  recordMaterialChange: {
    request: {
      change: {
        summary: 'A change of the IDC fee basis from 2027',
        value: {
          description: 'IDC fees: bandwidth charged per Gbps instead of per rack from 1 January 2027',
          effectiveOn: '2027-01-01', approvedOn: '2026-11-20',
        },
      },
    },
    responses: {
      '201': {
        recorded: {
          summary: 'Re-classified as of effectiveOn',
          value: {
            id: 'chg_e8e3c4672aaaf6c0',
            description: 'IDC fees: bandwidth charged per Gbps instead of per rack from 1 January 2027',
            effectiveOn: '2027-01-01', approvedOn: '2026-11-20', recordedAt: '2026-11-23T04:00:00.000Z',
            reclassification: {
              status: 'done', asOf: '2027-01-01', tierBefore: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
              tierAfter: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
              requirements: [
                {
                  code: 'WRITTEN_AGREEMENT', rule: '14A.51',
                  text: 'a written agreement stating the basis for calculating the payments',
                },
                {
                  code: 'FIXED_TERM', rule: '14A.52',
                  text: 'a fixed term not exceeding three years (longer only with an IFA explaining why)',
                },
                { code: 'ANNUAL_CAP', rule: '14A.53', text: 'annual caps in monetary terms' },
                {
                  code: 'RECOMPLY_BEFORE_CAP_EXCEEDED', rule: '14A.54',
                  text: 're-comply before a cap is exceeded, or the agreement is renewed or materially changed',
                },
                {
                  code: 'ANNOUNCEMENT', rule: '14A.35',
                  text: 'an announcement as soon as practicable after the terms are agreed, with the contents of 14A.68',
                },
                { code: 'ANNUAL_REPORTING', rule: '14A.71', text: 'disclosure in the annual report' },
                {
                  code: 'INED_ANNUAL_REVIEW', rule: '14A.55',
                  text: 'annual review and confirmation by the independent non-executive directors',
                },
                {
                  code: 'AUDITOR_ANNUAL_REVIEW', rule: '14A.56',
                  text: 'the auditor\'s annual letter on the four matters (14A.56–14A.58)',
                },
              ],
            },
            requirementsBeforeEffective: [
              {
                code: 'WRITTEN_AGREEMENT', rule: '14A.51',
                text: 'a written agreement stating the basis for calculating the payments',
              },
              {
                code: 'FIXED_TERM', rule: '14A.52',
                text: 'a fixed term not exceeding three years (longer only with an IFA explaining why)',
              },
              { code: 'ANNUAL_CAP', rule: '14A.53', text: 'annual caps in monetary terms' },
              {
                code: 'ANNOUNCEMENT', rule: '14A.35',
                text: 'an announcement as soon as practicable after the terms are agreed, with the contents of 14A.68',
              },
            ],
          },
        },
      },
    },
  },
  terminateCategory: {
    request: {
      terminate: {
        summary: 'IDC services end early, from 1 January 2028',
        value: {
          categoryKey: 'idc-services', effectiveOn: '2028-01-01',
          reason: 'IDC services moved in-house from 2028; terminated by mutual consent',
        },
      },
    },
    responses: {
      '201': {
        terminated: {
          summary: 'The agreement as it now stands; no reservation was scheduled after the date, so none was released',
          value: {
            agreement: {
              id: 'agr_5f1c9a0e2b7d4c31',
              name: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
              counterparty: { name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' }, partyId: 'xiaomi' },
              signedOn: '2025-07-29', recognitionBasis: 'fee-payable', amountsInclude: 'including-tax',
              createdAt: '2026-11-23T04:00:00.000Z',
              categories: [
                {
                  id: 'cat_0f8eccf92522061e', key: 'idc-services',
                  name: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' }, direction: 'issuer-purchases',
                  termStart: '2025-07-29', termEnd: '2028-07-28',
                  pricingBasis: 'fees payable by the issuer\'s group to Xiaomi Group',
                  pricingPolicy: {
                    minIndependentQuotes: 2, comparison: 'connected-lower', quoteValidityRequired: true,
                    exceptionsAllowed: false,
                    summary: 'At least 2 independent quotes valid on the signing date; the connected party\'s price must be strictly lower than every counted quote; no exceptions.',
                  },
                  ifaOpinion: null,
                  termination: {
                    effectiveOn: '2028-01-01',
                    reason: 'IDC services moved in-house from 2028; terminated by mutual consent',
                    recordedAt: '2026-11-23T04:00:00.000Z',
                  },
                },
                exampleHardwareCategory,
              ],
              caps: [
                exampleCapIdc2025, exampleCapIdc2026, exCaps3,
                {
                  id: 'cap_1ccc0cda57098e57', categoryKeys: ['idc-services'], periodStart: '2028-01-01',
                  periodEnd: '2028-07-28', effectiveStart: null, effectiveEnd: null, amount: '41000000.00',
                  currency: 'CNY',
                  history: [
                    {
                      amount: '41000000.00', effectiveFrom: null, approvedOn: '2025-07-29',
                      reason: 'stated in the agreement', approvalReference: null,
                      recordedAt: '2026-11-23T04:00:00.000Z', revisionId: null, status: 'approved',
                      countsFrom: null, reclassification: null, requiredApprovals: [], approvals: [],
                    },
                  ],
                },
                exCaps, exCaps2,
              ],
            },
            released: [],
          },
        },
      },
      '409': {
        already: {
          summary: 'Terminated already',
          value: {
            code: 'ALREADY_TERMINATED', message: '"idc-services" was already terminated effective 2028-01-01',
          },
        },
      },
    },
  },
  reviseCap: {
    request: {
      raise: {
        summary: 'Raise the FY2026 IDC cap to RMB95 million',
        value: {
          amount: '95000000.00', currency: 'CNY', effectiveFrom: '2026-11-23', approvedOn: '2026-11-20',
          reason: 'IDC demand from the Beijing data centre expansion exceeds the forecast',
          approvalReference: 'Board resolution of 20 November 2026; announcement of 20 November 2026',
        },
      },
    },
    responses: {
      '201': {
        approved: {
          summary: 'Approved at once: the tier did not change',
          value: {
            cap: {
              id: 'cap_962e59c0156a7d01', categoryKeys: ['idc-services'], periodStart: '2026-01-01',
              periodEnd: '2026-12-31', effectiveStart: '2026-01-01', effectiveEnd: '2026-12-31',
              amount: '82000000.00', currency: 'CNY',
              history: [
                {
                  amount: '82000000.00', effectiveFrom: null, approvedOn: '2025-07-29',
                  reason: 'stated in the agreement', approvalReference: null,
                  recordedAt: '2026-11-23T04:00:00.000Z', revisionId: null, status: 'approved',
                  countsFrom: null, reclassification: null, requiredApprovals: [], approvals: [],
                },
                {
                  amount: '95000000.00', effectiveFrom: '2026-11-23', approvedOn: '2026-11-20',
                  reason: 'IDC demand from the Beijing data centre expansion exceeds the forecast',
                  approvalReference: 'Board resolution of 20 November 2026; announcement of 20 November 2026',
                  recordedAt: '2026-11-23T04:00:00.000Z', revisionId: 'rev_52ec84a0ce3a95fe',
                  status: 'approved', countsFrom: '2026-11-23',
                  reclassification: {
                    status: 'done', asOf: '2026-11-23', tierBefore: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
                    tierAfter: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
                  },
                  requiredApprovals: [], approvals: [],
                },
              ],
            },
            revisionId: 'rev_52ec84a0ce3a95fe', status: 'approved',
            reclassification: {
              status: 'done', asOf: '2026-11-23', tierBefore: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
              tierAfter: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
            },
            requiredApprovals: [],
          },
        },
        pending: {
          summary: 'Pending: the revision raises the tier, so no headroom until the approvals are recorded',
          value: {
            cap: {
              id: 'cap_e2c4467ef2e88b13', categoryKeys: ['idc-services'], periodStart: '2027-01-01',
              periodEnd: '2027-12-31', effectiveStart: '2027-01-01', effectiveEnd: '2027-12-31',
              amount: '82000000.00', currency: 'CNY',
              history: [
                {
                  amount: '82000000.00', effectiveFrom: null, approvedOn: '2025-07-29',
                  reason: 'stated in the agreement', approvalReference: null,
                  recordedAt: '2026-11-23T04:00:00.000Z', revisionId: null, status: 'approved',
                  countsFrom: null, reclassification: null, requiredApprovals: [], approvals: [],
                },
                {
                  amount: '400000000.00', effectiveFrom: '2027-01-01', approvedOn: '2026-11-20',
                  reason: 'Xiaomi Group to host the AI training clusters of the Wuhan campus from 2027',
                  approvalReference: 'Board resolution of 20 November 2026',
                  recordedAt: '2026-11-23T04:00:00.000Z', revisionId: 'rev_c8df76672195ada9',
                  status: 'pending', countsFrom: null,
                  reclassification: {
                    status: 'done', asOf: '2027-01-01', tierBefore: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
                    tierAfter: 'NON_EXEMPT',
                  },
                  requiredApprovals: exampleRequiredApprovals, approvals: [],
                },
              ],
            },
            revisionId: 'rev_c8df76672195ada9', status: 'pending',
            reclassification: {
              status: 'done', asOf: '2027-01-01', tierBefore: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
              tierAfter: 'NON_EXEMPT',
            },
            requiredApprovals: exampleRequiredApprovals,
          },
        },
      },
    },
  },
  recordRevisionApproval: {
    request: {
      isa: {
        summary: 'The independent shareholders’ approval',
        value: {
          kind: 'independent-shareholders-approval', date: '2026-11-23',
          reference: 'Poll results of the extraordinary general meeting (illustrative)',
        },
      },
    },
    responses: {
      '201': {
        approved: {
          summary: 'The last required approval: the revision now counts from 2027-01-01',
          value: {
            cap: {
              id: 'cap_e2c4467ef2e88b13', categoryKeys: ['idc-services'], periodStart: '2027-01-01',
              periodEnd: '2027-12-31', effectiveStart: '2027-01-01', effectiveEnd: '2027-12-31',
              amount: '82000000.00', currency: 'CNY',
              history: [
                {
                  amount: '82000000.00', effectiveFrom: null, approvedOn: '2025-07-29',
                  reason: 'stated in the agreement', approvalReference: null,
                  recordedAt: '2026-11-23T04:00:00.000Z', revisionId: null, status: 'approved',
                  countsFrom: null, reclassification: null, requiredApprovals: [], approvals: [],
                },
                exampleApprovedRevision,
              ],
            },
            revision: exampleApprovedRevision, approvalId: 'rva_e9fc9291228949a2',
          },
        },
      },
      '409': {
        noNeed: {
          summary: 'The revision did not raise the tier',
          value: {
            code: 'REVISION_NEEDS_NO_APPROVAL',
            message: 'revision rev_52ec84a0ce3a95fe did not raise the tier: it was approved when recorded',
          },
        },
      },
    },
  },
  listOrders: {
    responses: {
      '200': {
        page: {
          summary: 'The two newest orders of the agreement (limit=2)',
          value: {
            items: [
              {
                id: 'ord_c4b4045cbf487f66', agreementId: 'agr_5f1c9a0e2b7d4c31',
                agreementName: {
                  en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議',
                },
                categoryKey: 'idc-services', categoryName: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' },
                categoryId: 'cat_0f8eccf92522061e', reference: 'PO-IDC-2026-12', signedOn: '2026-11-23',
                status: 'accepted', currency: 'CNY', amount: '6800000.00',
                pricing: {
                  outcome: 'more-favourable', countedQuotes: 2, minIndependentQuotes: 2, flagged: false,
                },
                createdAt: '2026-11-23T04:00:00.000Z',
              },
              {
                id: 'ord_1ad14a8cb26327b6', agreementId: 'agr_5f1c9a0e2b7d4c31',
                agreementName: {
                  en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議',
                },
                categoryKey: 'idc-services', categoryName: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' },
                categoryId: 'cat_0f8eccf92522061e', reference: 'DEMO-PO-IDC-2026-11 (illustrative)',
                signedOn: '2026-11-05', status: 'accepted', currency: 'CNY', amount: '6700000.00',
                pricing: {
                  outcome: 'more-favourable', countedQuotes: 2, minIndependentQuotes: 2, flagged: false,
                },
                createdAt: '2026-11-23T04:00:00.000Z',
              },
            ],
            truncated: true, limit: 2,
          },
        },
      },
    },
  },
  recordOrder: {
    request: {
      withinCap: {
        summary: 'An IDC order for December 2026 with two independent quotes', value: exampleOrder,
      },
      overCap: {
        summary: 'An order larger than the headroom left (answered 409 REFUSED)', value: exampleOrderOverCap,
      },
      invalid: {
        summary: 'Invalid: no reference, 31 November, an amount with separators (answered 422)',
        value: {
          agreementId: 'agr_5f1c9a0e2b7d4c31', categoryKey: 'idc-services', signedOn: '2026-11-31',
          schedule: [{ date: '2026-12-25', amount: '6,800,000', currency: 'CNY' }],
        },
      },
    },
    responses: {
      '201': {
        accepted: {
          summary: 'Accepted: RMB6.8 million reserved in the FY2026 IDC cap',
          value: {
            id: 'ord_c4b4045cbf487f66', status: 'accepted', reference: 'PO-IDC-2026-12',
            reservations: [
              {
                capId: 'cap_962e59c0156a7d01', periodStart: '2026-01-01', periodEnd: '2026-12-31',
                currency: 'CNY', amount: '6800000.00', cap: '82000000.00',
              },
            ],
            pricing: examplePricing,
          },
        },
      },
      '409': {
        capExceeded: {
          summary: 'Refused by the cap ledger: only RMB14.3 million of the FY2026 IDC cap remains',
          value: {
            code: 'REFUSED',
            message: 'Refused: the order needs RMB15,000,000.00 but only RMB14,300,000.00 of the cap for 2026-01-01 to 2026-12-31 (RMB82,000,000.00) remains (Rule 14A.54).',
            reasons: [exampleCapExceeded],
          },
        },
        capAndPricing: {
          summary: 'Refused for three reasons: the cap, too few independent quotes, and a connected price not lower than the quote',
          value: {
            code: 'REFUSED',
            message: 'Refused: the order needs RMB15,000,000.00 but only RMB14,300,000.00 of the cap for 2026-01-01 to 2026-12-31 (RMB82,000,000.00) remains (Rule 14A.54). The policy requires 2 valid independent quotes; 1 was given. The connected party\'s price RMB15,000,000.00 is not lower than the best independent quote, RMB14,900,000.00 (independent quote 1); buying from the connected party needs a strictly lower price.',
            reasons: [
              exampleCapExceeded,
              {
                code: 'QUOTES_MISSING', rule: '14A.55, 14A.56',
                policy: 'pricing policy: minIndependentQuotes', required: 2, validGiven: 1,
                message: 'The policy requires 2 valid independent quotes; 1 was given.',
              },
              {
                code: 'CONNECTED_NOT_MORE_FAVOURABLE', rule: '14A.55, 14A.56',
                policy: 'pricing policy: more favourable than independent quotes',
                comparison: 'connected-lower', connectedPrice: '15000000.00',
                bestIndependentPrice: '14900000.00', bestIndependentQuote: 0, currency: 'CNY',
                message: 'The connected party\'s price RMB15,000,000.00 is not lower than the best independent quote, RMB14,900,000.00 (independent quote 1); buying from the connected party needs a strictly lower price.',
              },
            ],
          },
        },
        keyReused: {
          summary: 'The Idempotency-Key was used before for a different body',
          value: {
            code: 'IDEMPOTENCY_KEY_REUSED',
            message: 'this Idempotency-Key was already used for a different request; use a new key for a new request',
          },
        },
      },
      '422': {
        invalid: {
          summary: 'Every invalid field of the invalid example',
          value: {
            errors: [
              { path: 'reference', message: 'is required' },
              { path: 'signedOn', message: '"2026-11-31" is not a calendar date in the form YYYY-MM-DD' },
              {
                path: 'schedule[0].amount',
                message: '"6,800,000" is not a decimal amount such as "41000000.00"',
              },
            ],
          },
        },
      },
    },
  },
  checkOrder: {
    request: {
      withinCap: { summary: 'The December IDC order', value: exampleOrder },
      overCap: { summary: 'An order larger than the headroom left', value: exampleOrderOverCap },
    },
    responses: {
      '200': {
        accepted: {
          summary: 'It would be accepted',
          value: {
            accepted: true, reasons: [], pricing: examplePricing,
            periods: [
              {
                capId: 'cap_962e59c0156a7d01', periodStart: '2026-01-01', periodEnd: '2026-12-31',
                currency: 'CNY', cap: '82000000.00', utilised: '67700000.00', headroom: '14300000.00',
                requested: '6800000.00', fits: true,
              },
            ],
          },
        },
        refused: {
          summary: 'It would be refused: the cap reason and the figures',
          value: {
            accepted: false, reasons: [exampleCapExceeded],
            pricing: {
              format: 1,
              policy: {
                minIndependentQuotes: 2, comparison: 'connected-lower', quoteValidityRequired: true,
                exceptionsAllowed: false,
              },
              direction: 'issuer-purchases', quotesRequired: true, signedOn: '2026-11-23', currency: 'CNY',
              connectedQuote: {
                amount: '15000000.00', currency: 'CNY', capAmount: '15000000.00', validUntil: '2026-11-30',
                specification: 'IDC rack hosting and bandwidth, December 2026', evidence: [], expired: false,
              },
              independentQuotes: [
                {
                  index: 0,
                  supplier: { partyId: 'demo-idc-a', name: 'Cloudline Data Centres Ltd (illustrative)' },
                  partyId: 'demo-idc-a', amount: '15750000.00', currency: 'CNY', capAmount: '15750000.00',
                  validUntil: '2026-11-30', quotedOn: '2026-11-20',
                  specification: 'IDC rack hosting and bandwidth, December 2026', evidence: [],
                  independenceConfirmedBy: null, independent: true, expired: false, counted: true,
                  notCounted: null, sameGroupAs: null, explanation: null,
                },
                {
                  index: 1,
                  supplier: { partyId: 'demo-idc-b', name: 'Pearl River IDC Co., Ltd. (illustrative)' },
                  partyId: 'demo-idc-b', amount: '16200000.00', currency: 'CNY', capAmount: '16200000.00',
                  validUntil: '2026-11-30', quotedOn: '2026-11-20',
                  specification: 'IDC rack hosting and bandwidth, December 2026', evidence: [],
                  independenceConfirmedBy: null, independent: true, expired: false, counted: true,
                  notCounted: null, sameGroupAs: null, explanation: null,
                },
              ],
              countedQuotes: 2, bestIndependent: { index: 0, capAmount: '15750000.00' },
              connectedMoreFavourable: true, exception: null, flagged: false, thirdPartyTerms: null,
              summary: '2 of 2 required independent quotes counted; the connected party\'s RMB15,000,000.00 is lower than the best, RMB15,750,000.00.',
            },
            periods: [
              {
                capId: 'cap_962e59c0156a7d01', periodStart: '2026-01-01', periodEnd: '2026-12-31',
                currency: 'CNY', cap: '82000000.00', utilised: '67700000.00', headroom: '14300000.00',
                requested: '15000000.00', fits: false,
              },
            ],
          },
        },
      },
    },
  },
  getOrder: {
    responses: {
      '200': {
        order: {
          summary: 'The December IDC order, with its pricing comparison',
          value: {
            id: 'ord_c4b4045cbf487f66', agreementId: 'agr_5f1c9a0e2b7d4c31',
            categoryId: 'cat_0f8eccf92522061e', reference: 'PO-IDC-2026-12', signedOn: '2026-11-23',
            status: 'accepted', currency: 'CNY',
            schedule: [
              {
                date: '2026-12-25', amount: '6800000.00', currency: 'CNY', capId: 'cap_962e59c0156a7d01',
                capAmount: '6800000.00',
              },
            ],
            balances: [
              {
                capId: 'cap_962e59c0156a7d01', scheduled: '6800000.00', consumed: '0.00', open: '6800000.00',
              },
            ],
            pricing: examplePricing, evidence: [],
          },
        },
      },
      '404': {
        notFound: {
          summary: 'No such order at the acting issuer',
          value: { code: 'NOT_FOUND', message: 'order ord_0000000000000000 was not found' },
        },
      },
    },
  },
  cancelOrder: {
    responses: {
      '200': {
        cancelled: {
          summary: 'Cancelled: its reservation is released',
          value: {
            id: 'ord_1ad14a8cb26327b6', agreementId: 'agr_5f1c9a0e2b7d4c31',
            categoryId: 'cat_0f8eccf92522061e', reference: 'DEMO-PO-IDC-2026-11 (illustrative)',
            signedOn: '2026-11-05', status: 'cancelled', currency: 'CNY',
            schedule: [
              {
                date: '2026-11-25', amount: '6700000.00', currency: 'CNY', capId: 'cap_962e59c0156a7d01',
                capAmount: '6700000.00',
              },
            ],
            balances: [
              { capId: 'cap_962e59c0156a7d01', scheduled: '6700000.00', consumed: '0.00', open: '0.00' },
            ],
            pricing: {
              format: 1,
              policy: {
                minIndependentQuotes: 2, comparison: 'connected-lower', quoteValidityRequired: true,
                exceptionsAllowed: false,
              },
              direction: 'issuer-purchases', quotesRequired: true, signedOn: '2026-11-05', currency: 'CNY',
              connectedQuote: {
                amount: '6700000.00', currency: 'CNY', capAmount: '6700000.00', validUntil: '2026-11-05',
                specification: 'idc-services for 2026-11 (illustrative)',
                evidence: ['aa612d2afeeae270d45cc73cd6aedabea13c20ff79928c85eff5135097c283cf'],
                expired: false,
              },
              independentQuotes: [
                {
                  index: 0,
                  supplier: { partyId: 'demo-idc-a', name: 'Cloudline Data Centres Ltd (illustrative)' },
                  partyId: 'demo-idc-a', amount: '7068500.00', currency: 'CNY', capAmount: '7068500.00',
                  validUntil: '2026-11-05', quotedOn: '2026-11-02',
                  specification: 'idc-services for 2026-11 (illustrative)',
                  evidence: ['2cd9d0a41f5d8fd558f68baf991e33e91e45d959d256dde416c8497fc8c5e0a0'],
                  independenceConfirmedBy: null, independent: true, expired: false, counted: true,
                  notCounted: null, sameGroupAs: null, explanation: null,
                },
                {
                  index: 1,
                  supplier: { partyId: 'demo-idc-b', name: 'Pearl River IDC Co., Ltd. (illustrative)' },
                  partyId: 'demo-idc-b', amount: '7035000.00', currency: 'CNY', capAmount: '7035000.00',
                  validUntil: '2026-11-05', quotedOn: '2026-11-02',
                  specification: 'idc-services for 2026-11 (illustrative)',
                  evidence: ['5792227a2114b9520fdd3a42ae1ba6d3be3ee6aca58e9752d4acb2a33b4c0b69'],
                  independenceConfirmedBy: null, independent: true, expired: false, counted: true,
                  notCounted: null, sameGroupAs: null, explanation: null,
                },
              ],
              countedQuotes: 2, bestIndependent: { index: 1, capAmount: '7035000.00' },
              connectedMoreFavourable: true, exception: null, flagged: false, thirdPartyTerms: null,
              summary: '2 of 2 required independent quotes counted; the connected party\'s RMB6,700,000.00 is lower than the best, RMB7,035,000.00.',
            },
            evidence: [
              {
                sha256: 'aa612d2afeeae270d45cc73cd6aedabea13c20ff79928c85eff5135097c283cf',
                quote: 'connected', quoteIndex: null, filename: 'quotation-DEMO-PO-IDC-2026-11-Xiaomi.txt',
                mediaType: 'text/plain', size: 267, issuedOn: '2026-11-02',
              },
              {
                sha256: '2cd9d0a41f5d8fd558f68baf991e33e91e45d959d256dde416c8497fc8c5e0a0',
                quote: 'independent', quoteIndex: 0, filename: 'quotation-DEMO-PO-IDC-2026-11-Cloudline.txt',
                mediaType: 'text/plain', size: 290, issuedOn: '2026-11-02',
              },
              {
                sha256: '5792227a2114b9520fdd3a42ae1ba6d3be3ee6aca58e9752d4acb2a33b4c0b69',
                quote: 'independent', quoteIndex: 1, filename: 'quotation-DEMO-PO-IDC-2026-11-Pearl.txt',
                mediaType: 'text/plain', size: 289, issuedOn: '2026-11-02',
              },
            ],
          },
        },
      },
      '409': {
        notOpen: {
          summary: 'The order is closed already',
          value: {
            code: 'ORDER_NOT_OPEN', message: 'order ord_378ef8d5ab47020e is closed; it cannot be cancelled',
          },
        },
      },
    },
  },
  reduceOrder: {
    request: {
      reduce: {
        summary: 'Reduce the January 2027 order to RMB4.5 million',
        value: { schedule: [{ date: '2027-01-25', amount: '4500000.00', currency: 'CNY' }] },
      },
    },
    responses: {
      '200': {
        reduced: {
          summary: 'The order with its new schedule and balances',
          value: {
            id: 'ord_378ef8d5ab47020e', agreementId: 'agr_5f1c9a0e2b7d4c31',
            categoryId: 'cat_0f8eccf92522061e', reference: 'PO-IDC-2027-01', signedOn: '2026-11-23',
            status: 'accepted', currency: 'CNY',
            schedule: [
              {
                date: '2027-01-25', amount: '4500000.00', currency: 'CNY', capId: 'cap_e2c4467ef2e88b13',
                capAmount: '4500000.00',
              },
            ],
            balances: [
              {
                capId: 'cap_e2c4467ef2e88b13', scheduled: '4500000.00', consumed: '0.00', open: '4500000.00',
              },
            ],
            pricing: exampleJanuaryPricing, evidence: [],
          },
        },
      },
      '409': {
        notOpen: {
          summary: 'The order is closed',
          value: {
            code: 'ORDER_NOT_OPEN', message: 'order ord_378ef8d5ab47020e is closed; it cannot be reduced',
          },
        },
      },
    },
  },
  closeOrder: {
    responses: {
      '200': {
        closed: {
          summary: 'Closed: what it did not use is released',
          value: {
            id: 'ord_378ef8d5ab47020e', agreementId: 'agr_5f1c9a0e2b7d4c31',
            categoryId: 'cat_0f8eccf92522061e', reference: 'PO-IDC-2027-01', signedOn: '2026-11-23',
            status: 'closed', currency: 'CNY',
            schedule: [
              {
                date: '2027-01-25', amount: '4500000.00', currency: 'CNY', capId: 'cap_e2c4467ef2e88b13',
                capAmount: '4500000.00',
              },
            ],
            balances: [
              { capId: 'cap_e2c4467ef2e88b13', scheduled: '4500000.00', consumed: '0.00', open: '0.00' },
            ],
            pricing: exampleJanuaryPricing, evidence: [],
          },
        },
      },
      '409': {
        notOpen: {
          summary: 'Closed already',
          value: {
            code: 'ORDER_NOT_OPEN', message: 'order ord_378ef8d5ab47020e is closed; it cannot be closed',
          },
        },
      },
    },
  },
  listActuals: {
    responses: {
      '200': {
        page: {
          summary: 'The two newest actual amounts of the agreement (limit=2)',
          value: {
            items: [
              {
                id: 'act_c94c6a75d140b77c', date: '2026-11-23', reference: 'INV-IDC-2026-12-001',
                agreementId: 'agr_5f1c9a0e2b7d4c31',
                agreementName: {
                  en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議',
                },
                categoryKey: 'idc-services', categoryName: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' },
                categoryId: 'cat_0f8eccf92522061e', orderId: 'ord_c4b4045cbf487f66',
                orderReference: 'PO-IDC-2026-12', capId: 'cap_962e59c0156a7d01', amount: '6800000.00',
                currency: 'CNY', invoiceDate: '2026-11-23',
                servicePeriod: { start: '2026-12-01', end: '2026-12-31' }, reversal: 'standing',
                reversedBy: null, reverses: null, reason: null, createdAt: '2026-11-23T04:00:00.000Z',
              },
              {
                id: 'act_7be476db82ab9101', date: '2026-10-25',
                reference: 'DEMO-INV-IDC-2026-10 (illustrative)', agreementId: 'agr_5f1c9a0e2b7d4c31',
                agreementName: {
                  en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議',
                },
                categoryKey: 'idc-services', categoryName: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' },
                categoryId: 'cat_0f8eccf92522061e', orderId: 'ord_a6dd4cb5a0b4ac77',
                orderReference: 'DEMO-PO-IDC-2026-10 (illustrative)', capId: 'cap_962e59c0156a7d01',
                amount: '6600000.00', currency: 'CNY', invoiceDate: '2026-10-25',
                servicePeriod: { start: '2026-10-01', end: '2026-10-31' }, reversal: 'standing',
                reversedBy: null, reverses: null, reason: null, createdAt: '2026-11-23T04:00:00.000Z',
              },
            ],
            truncated: true, limit: 2,
          },
        },
      },
    },
  },
  postActual: {
    request: {
      invoice: {
        summary: 'Xiaomi’s invoice against the December IDC order',
        value: {
          agreementId: 'agr_5f1c9a0e2b7d4c31', categoryKey: 'idc-services', orderId: 'ord_c4b4045cbf487f66',
          date: '2026-11-23', amount: '6800000.00', currency: 'CNY', reference: 'INV-IDC-2026-12-001',
          invoiceDate: '2026-11-23', servicePeriod: { start: '2026-12-01', end: '2026-12-31' },
        },
      },
      invalid: {
        summary: 'Invalid: a date in DD/MM/YYYY and a negative amount (answered 422)',
        value: {
          agreementId: 'agr_5f1c9a0e2b7d4c31', categoryKey: 'idc-services', orderId: 'ord_c4b4045cbf487f66',
          date: '23/11/2026', amount: '-5', currency: 'CNY', reference: 'INV-IDC-2026-12-001',
          invoiceDate: '2026-11-23', servicePeriod: { start: '2026-12-01', end: '2026-12-31' },
        },
      },
    },
    responses: {
      '201': {
        recorded: {
          summary: 'Recorded, consuming the order’s reservation',
          value: {
            id: 'act_c94c6a75d140b77c', capId: 'cap_962e59c0156a7d01', amount: '6800000.00', currency: 'CNY',
            consumedFromOrder: '6800000.00',
          },
        },
        breach: {
          summary: 'Recorded, and it exceeds the cap: the breach is recorded with it',
          value: {
            id: 'act_52f3f167f0824fe3', capId: 'cap_962e59c0156a7d01', amount: '35000000.00', currency: 'CNY',
            consumedFromOrder: '0.00',
            breach: {
              code: 'CAP_EXCEEDED', capId: 'cap_962e59c0156a7d01', periodStart: '2026-01-01',
              periodEnd: '2026-12-31', currency: 'CNY', cap: '95000000.00', actual: '96000000.00',
              excess: '1000000.00', occurredOn: '2026-11-23',
              message: 'Breach: actual amounts of RMB96,000,000.00 exceed the cap of RMB95,000,000.00 for 2026-01-01 to 2026-12-31 by RMB1,000,000.00 on 2026-11-23 (Rule 14A.54).',
            },
            breaches: [
              {
                code: 'CAP_EXCEEDED', capId: 'cap_962e59c0156a7d01', periodStart: '2026-01-01',
                periodEnd: '2026-12-31', currency: 'CNY', cap: '95000000.00', actual: '96000000.00',
                excess: '1000000.00', occurredOn: '2026-11-23',
                message: 'Breach: actual amounts of RMB96,000,000.00 exceed the cap of RMB95,000,000.00 for 2026-01-01 to 2026-12-31 by RMB1,000,000.00 on 2026-11-23 (Rule 14A.54).',
              },
            ],
          },
        },
      },
      '409': {
        keyReused: {
          summary: 'The Idempotency-Key was used before for a different body',
          value: {
            code: 'IDEMPOTENCY_KEY_REUSED',
            message: 'this Idempotency-Key was already used for a different request; use a new key for a new request',
          },
        },
      },
      '422': {
        invalid: {
          summary: 'Every invalid field of the invalid example',
          value: {
            errors: [
              { path: 'date', message: '"23/11/2026" is not a calendar date in the form YYYY-MM-DD' },
              { path: 'amount', message: 'must be greater than zero (got "-5")' },
            ],
          },
        },
      },
    },
  },
  reverseActual: {
    request: {
      reverse: {
        summary: 'The invoice was issued in error',
        value: { reason: 'Invoice INV-IDC-2026-12-001 was issued in error and cancelled by Xiaomi' },
      },
    },
    responses: {
      '201': {
        reversed: {
          summary: 'A reversing entry; the order’s reservation is restored',
          value: {
            id: 'act_8297f54df5ccdda3', reverses: 'act_c94c6a75d140b77c', amount: '-6800000.00',
            currency: 'CNY',
            reason: 'Invoice INV-IDC-2026-12-001 was issued in error and cancelled by Xiaomi',
            restoredToOrder: '6800000.00', capCurrency: 'CNY',
          },
        },
      },
      '409': {
        already: {
          summary: 'Reversed already',
          value: {
            code: 'ALREADY_REVERSED', message: 'actual act_c94c6a75d140b77c has already been reversed',
          },
        },
      },
    },
  },
  getUtilization: {
    responses: {
      '200': {
        demo: {
          summary: 'The seed agreement’s first two cap periods as of 23 November 2026',
          value: {
            asOf: '2026-11-23',
            items: [
              exampleUtilisationIdc2025,
              {
                capId: 'cap_962e59c0156a7d01', agreementId: 'agr_5f1c9a0e2b7d4c31',
                agreementName: {
                  en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議',
                },
                categoryKeys: ['idc-services'], categoryNames: [{ en: 'IDC services', 'zh-Hant': 'IDC相關服務' }],
                periodStart: '2026-01-01', periodEnd: '2026-12-31', effectiveStart: '2026-01-01',
                effectiveEnd: '2026-12-31', currency: 'CNY', cap: '82000000.00', statedCap: '82000000.00',
                actual: '61000000.00', committed: '6800000.00', utilised: '67800000.00',
                headroom: '14200000.00', percentUsed: '82.68',
              },
            ],
          },
        },
      },
    },
  },
  exportAudit: {
    responses: {
      '200': {
        json: {
          summary: 'One entry shown: an order placed over the API',
          value: {
            issuerId: 'iss_demo', algorithm: 'HMAC-SHA256', keyFingerprint: 'a19f13fc3cc9a02d',
            canonical: 'hash = HMAC-SHA256(key, JSON of {issuer, seq, eventId, recordedAt, actor, via, requestId, action, entity, entityId, before, after, prevHash}, seq and eventId as decimal strings); the first prevHash is 64 zeros',
            entries: [
              {
                issuerId: 'iss_demo', recordedAt: '2026-11-23T04:00:00.412Z', actor: 'usr_2c75a67fa5808708',
                via: 'http', requestId: '8805b7f0-64b5-496f-84ed-f03210df0fac', action: 'placeOrder',
                entity: 'order', entityId: 'ord_c4b4045cbf487f66', before: null,
                after: '{"order":{"id":"ord_c4b4045cbf487f66","issuerId":"iss_demo","agreementId":"agr_5f1c9a0e2b7d4c31","categoryId":"cat_0f8eccf92522061e","reference":"PO-IDC-2026-12","signedOn":"2026-11-23","status":"accepted","currency":"CNY","createdAt":"2026-11-23T04:00:00.000Z","createdBy":"usr_2c75a67fa5808708","schedule":[{"lineNo":1,"date":"2026-12-25","currency":"CNY","amountMinor":"680000000","capId":"cap_962e59c0156a7d01","capAmountMinor":"680000000","fx":null}]},"pricingSha256":"5bde25fd6148f3d0507201b4b301c59350a122b66ce4d3d4be190e809331b1ae","agreementVersion":1,"evidence":[],"idempotencyKey":"po-idc-2026-12"}',
                seq: '193', eventId: '198',
                prevHash: '0072c567c44e31bc355d7f3859f283e5068ad2491e11c29d6b76c9cb5c87e13d',
                hash: '812d9904d126dabd1b91af54aa4167243eb9f7ebc3266431e702208b8f6b3d91',
              },
            ],
            verification: {
              ok: true, count: '211',
              head: '90fa5ed9e2e05c34f0e80913843565ec5d604cc082d7c252c9edfb22cd4135f1',
              description: 'iss_demo: 211 entries, head 90fa5ed9e2e05c34f0e80913843565ec5d604cc082d7c252c9edfb22cd4135f1',
            },
          },
        },
      },
    },
  },
  getForecasts: {
    responses: {
      '200': {
        demo: {
          summary: 'The FY2026 IDC cap period, projected to 31 December 2026',
          value: {
            asOf: '2026-11-23',
            items: [
              {
                agreementId: 'agr_5f1c9a0e2b7d4c31',
                agreementName: {
                  en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議',
                },
                capId: 'cap_962e59c0156a7d01', categoryKeys: ['idc-services'],
                categoryNames: [{ en: 'IDC services', 'zh-Hant': 'IDC相關服務' }], periodStart: '2026-01-01',
                periodEnd: '2026-12-31', periodStatus: 'current', horizonEnd: '2026-12-31', currency: 'CNY',
                cap: '82000000.00', actual: '61000000.00', committed: '6800000.00', committedDue: '0.00',
                committedScheduled: '6800000.00', expectedFuture: '8909467.79', projected: '69909467.79',
                projectedPercent: '85.3', projectedHeadroom: '12090532.21', exceedsCap: false,
                remainingDays: 38, remainingFrom: '2026-11-24',
                thresholds: [
                  { threshold: '80', amount: '65600000.00', reachedOn: '2026-12-13', basis: 'projected' },
                  { threshold: '100', amount: '82000000.00', reachedOn: null, basis: null },
                ],
                method: {
                  kind: 'seasonal', windowStart: '2026-08-26', windowEnd: '2026-11-23', windowDays: 90,
                  windowActual: '13100000.00', dailyRate: '145555.56', growth: '1.1008',
                  description: {
                    en: 'Seasonal: each of the 38 remaining days to 31 December 2026 is projected at the daily average of the same calendar month in the latest twelve complete months of history, scaled by 1.1008, the actual amounts of the 90 days from 26 August 2026 to 23 November 2026 against the same days a year earlier; open orders scheduled after 23 November 2026 are counted once, within the projection rather than on top of it.',
                    'zh-Hant': '按季節性推算：餘下38日（至2026年12月31日）每日按最近十二個完整月份中同月的每日平均金額推算，並乘以1.1008（2026年8月26日至2026年11月23日共90日的實際金額相對上一年同期的比率）；2026年11月23日後排期的未完成訂單只計算一次（計入推算之內，不另行加算）。',
                  },
                },
              },
            ],
          },
        },
      },
    },
  },
  getUtilizationHistory: {
    responses: {
      '200': {
        history: {
          summary: 'The FY2026 IDC cap from 1 October to 23 November 2026',
          value: {
            capId: 'cap_962e59c0156a7d01', agreementId: 'agr_5f1c9a0e2b7d4c31',
            categoryKeys: ['idc-services'], periodStart: '2026-01-01', periodEnd: '2026-12-31',
            from: '2026-10-01', to: '2026-11-23', currency: 'CNY', cap: '82000000.00',
            points: [
              {
                date: '2026-10-01', actual: '54400000.00', committed: '0.00', utilised: '54400000.00',
                cap: '82000000.00', percentUsed: '66.34',
              },
              {
                date: '2026-10-05', actual: '54400000.00', committed: '6600000.00', utilised: '61000000.00',
                cap: '82000000.00', percentUsed: '74.39',
              },
              {
                date: '2026-10-25', actual: '61000000.00', committed: '0.00', utilised: '61000000.00',
                cap: '82000000.00', percentUsed: '74.39',
              },
              {
                date: '2026-11-05', actual: '61000000.00', committed: '6700000.00', utilised: '67700000.00',
                cap: '82000000.00', percentUsed: '82.56',
              },
              {
                date: '2026-11-23', actual: '61000000.00', committed: '6800000.00', utilised: '67800000.00',
                cap: '82000000.00', percentUsed: '82.68',
              },
            ],
          },
        },
      },
    },
  },
  listBreaches: {
    responses: {
      '200': {
        breach: {
          summary: 'The breach recorded by an invoice over the cap',
          value: {
            items: [
              {
                id: 'brc_6bbb8d2ba7033d9a', code: 'CAP_EXCEEDED', agreementId: 'agr_5f1c9a0e2b7d4c31',
                categoryId: 'cat_0f8eccf92522061e', capId: 'cap_962e59c0156a7d01',
                actualId: 'act_52f3f167f0824fe3', revisionId: null, occurredOn: '2026-11-23', currency: 'CNY',
                cap: '95000000.00', actual: '96000000.00', excess: '1000000.00',
                recordedAt: '2026-11-23T04:00:00.000Z',
              },
            ],
          },
        },
      },
    },
  },
  recordFxRate: {
    request: {
      rate: {
        summary: 'RMB to HK$ on 20 November 2026',
        value: {
          from: 'CNY', to: 'HKD', date: '2026-11-20', rate: '1.0912',
          source: 'HKMA indicative rate (illustrative)',
        },
      },
    },
    responses: {
      '201': {
        recorded: {
          summary: 'Recorded',
          value: {
            id: 'fx_96a2d371c9d659bf', from: 'CNY', to: 'HKD', date: '2026-11-20', rate: '1.0912',
            source: 'HKMA indicative rate (illustrative)', recordedAt: '2026-11-23T04:00:00.000Z',
          },
        },
      },
      '409': {
        exists: {
          summary: 'A rate for the pair and day is recorded already',
          value: {
            code: 'FX_RATE_EXISTS',
            message: 'a CNY→HKD rate for 2026-11-20 is already recorded; rates are kept as recorded',
          },
        },
      },
    },
  },
  classify: {
    request: {
      seed: {
        summary: 'The seed case (examples/seed-case.yaml as JSON)',
        value: {
          asOf: '2025-07-29',
          issuer: {
            id: 'kingsoft-cloud', name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': '金山云控股有限公司' },
            financialYearEnd: '12-31',
            figures: {
              currency: 'HKD', totalAssets: '20000000000.00', revenue: '8000000000.00',
              profits: '-2000000000.00', marketCapitalisation: '10000000000.00',
            },
          },
          fx: [{ from: 'CNY', to: 'HKD', rate: '1.08' }],
          parties: [
            {
              id: 'kingsoft-cloud', kind: 'company',
              name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': '金山云控股有限公司' },
            },
            { id: 'xiaomi', kind: 'company', name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' } },
            {
              id: 'xiaomi-finance', kind: 'company', name: 'Xiaomi Finance (illustrative Xiaomi subsidiary)',
            },
            { id: 'lei-jun', kind: 'individual', name: { en: 'Lei Jun', 'zh-Hant': '雷軍' } },
            { id: 'zou-tao', kind: 'individual', name: { en: 'Zou Tao', 'zh-Hant': '鄒濤' } },
            { id: 'zhang-duo', kind: 'individual', name: { en: 'Zhang Duo', 'zh-Hant': '張鐸' } },
            { id: 'yu-mingto', kind: 'individual', name: { en: 'Yu Mingto', 'zh-Hant': '喻銘鐸' } },
            { id: 'wang-hang', kind: 'individual', name: { en: 'Wang Hang', 'zh-Hant': '王航' } },
            { id: 'qu-jingyuan', kind: 'individual', name: { en: 'Qu Jingyuan', 'zh-Hant': '曲靜淵' } },
          ],
          relationships: [
            { kind: 'shareholding', holder: 'xiaomi', company: 'kingsoft-cloud', percent: '11.12' },
            { kind: 'shareholding', holder: 'xiaomi', company: 'xiaomi-finance', percent: '100' },
            { kind: 'director', person: 'lei-jun', company: 'kingsoft-cloud' },
            { kind: 'director', person: 'zou-tao', company: 'kingsoft-cloud' },
            { kind: 'chief-executive', person: 'zou-tao', company: 'kingsoft-cloud' },
            { kind: 'director', person: 'zhang-duo', company: 'kingsoft-cloud' },
            { kind: 'director', person: 'yu-mingto', company: 'kingsoft-cloud' },
            { kind: 'director', person: 'wang-hang', company: 'kingsoft-cloud' },
            { kind: 'director', person: 'qu-jingyuan', company: 'kingsoft-cloud' },
            { kind: 'director', person: 'lei-jun', company: 'xiaomi' },
            { kind: 'shareholding', holder: 'lei-jun', company: 'xiaomi', percent: '20' },
            { kind: 'director', person: 'zhang-duo', company: 'xiaomi' },
          ],
          agreements: [
            {
              id: 'xiaomi-2025', counterparty: 'xiaomi',
              name: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
              signedOn: '2025-07-29', recognitionBasis: 'fee-payable', amountsInclude: 'including-tax',
              normalCommercialTerms: true, boardApproved: true, inedConfirmed: true,
              categories: exampleCategoryInputs,
              caps: [
                {
                  categoryKeys: ['idc-services'], periodStart: '2025-07-29', periodEnd: '2025-12-31',
                  amount: '41000000.00', currency: 'CNY',
                },
                {
                  categoryKeys: ['idc-services'], periodStart: '2026-01-01', periodEnd: '2026-12-31',
                  amount: '82000000.00', currency: 'CNY',
                },
                {
                  categoryKeys: ['idc-services'], periodStart: '2027-01-01', periodEnd: '2027-12-31',
                  amount: '82000000.00', currency: 'CNY',
                },
                {
                  categoryKeys: ['idc-services'], periodStart: '2028-01-01', periodEnd: '2028-07-28',
                  amount: '41000000.00', currency: 'CNY',
                },
                {
                  categoryKeys: ['network-hardware'], periodStart: '2025-07-29', periodEnd: '2025-12-31',
                  amount: '33500000.00', currency: 'CNY',
                },
                {
                  categoryKeys: ['network-hardware'], periodStart: '2026-01-01', periodEnd: '2026-07-28',
                  amount: '6700000.00', currency: 'CNY',
                },
              ],
            },
          ],
          options: { spanningPeriod: 'count-in-full-in-each-year', totalConsideration: 'largest-annual' },
        },
      },
    },
    responses: {
      '200': {
        seed: {
          summary: 'Xiaomi is connected (14A.07(1)); the agreement is EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
          value: {
            asOf: '2025-07-29',
            issuer: {
              id: 'kingsoft-cloud', name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': '金山云控股有限公司' },
            },
            fx: [{ from: 'CNY', to: 'HKD', rate: '1.08' }],
            options: {
              spanningPeriod: 'count-in-full-in-each-year', totalConsideration: 'largest-annual',
              majorityControl: 'more-than-50', deemedReviewCompanies: '30-percent-controlled',
              formerSubstantialShareholderLookBack: 'none',
            },
            parties: [
              {
                id: 'kingsoft-cloud', name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': '金山云控股有限公司' },
                connected: false, subsidiaryLevelOnly: false, deemedReview: false,
                basis: [{ rule: '14A.07', text: 'Kingsoft Cloud Holdings Limited is the issuer itself' }],
              },
              {
                id: 'xiaomi', name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' }, connected: true,
                subsidiaryLevelOnly: false, deemedReview: false,
                basis: [
                  {
                    rule: '14A.07(1)',
                    text: 'Xiaomi Corporation holds 11.12% ≥ 10% of the issuer: a substantial shareholder',
                    textZh: '小米集團持有本公司約11.12%股份，為本公司的主要股東',
                  },
                ],
              },
            ],
            agreements: [
              {
                id: 'xiaomi-2025',
                name: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
                counterparty: 'xiaomi', individualTier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
                tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL', tierRule: '14A.76(2)(a)', deemedTier: null,
                numerator: {
                  amount: '88700000.00', currency: 'CNY', amountHkd: '95796000.00', financialYear: 'FY2026',
                },
                ratios: [
                  { name: 'assets', percent: '0.4790', exact: '23949/5000000', usedForClassification: true },
                  { name: 'revenue', percent: '1.1975', exact: '23949/2000000', usedForClassification: true },
                  {
                    name: 'consideration', percent: '0.9580', exact: '23949/2500000',
                    usedForClassification: true,
                  },
                ],
                categories: [
                  {
                    key: 'idc-services', name: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' },
                    numerator: {
                      amount: '82000000.00', currency: 'CNY', amountHkd: '88560000.00',
                      financialYear: 'FY2026',
                    },
                    ratios: [
                      {
                        name: 'assets', percent: '0.4428', exact: '1107/250000', usedForClassification: true,
                      },
                      {
                        name: 'revenue', percent: '1.1070', exact: '1107/100000', usedForClassification: true,
                      },
                      {
                        name: 'consideration', percent: '0.8856', exact: '1107/125000',
                        usedForClassification: true,
                      },
                    ],
                    tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
                  },
                ],
                requirements: [
                  {
                    code: 'WRITTEN_AGREEMENT', rule: '14A.51',
                    text: 'a written agreement stating the basis for calculating the payments',
                  },
                  {
                    code: 'FIXED_TERM', rule: '14A.52',
                    text: 'a fixed term not exceeding three years (longer only with an IFA explaining why)',
                  },
                  { code: 'ANNUAL_CAP', rule: '14A.53', text: 'annual caps in monetary terms' },
                ],
                explanation: [
                  {
                    rule: '14A.07(1)',
                    text: 'Xiaomi Corporation holds 11.12% ≥ 10% of the issuer: a substantial shareholder',
                    textZh: '小米集團持有本公司約11.12%股份，為本公司的主要股東',
                  },
                  {
                    rule: '14A.78',
                    text: 'IDC services: largest annual cap RMB82.0 million (FY2026) = HK$88.6 million (HK$88560000.00); ratios assets 0.4428%, revenue 1.1070%, consideration 0.8856%, equity-capital n/a, profits not meaningful',
                  },
                  {
                    rule: '14A.78',
                    text: 'Network hardware equipment: largest annual cap RMB33.5 million (FY2025) = HK$36.2 million (HK$36180000.00); ratios assets 0.1809%, revenue 0.4523%, consideration 0.3618%, equity-capital n/a, profits not meaningful',
                  },
                ],
                findings: [], interestedDirectors: exInterestedDirectors,
                implications: {
                  en: 'As at 29 July 2025, Xiaomi Corporation holds 11.12% ≥ 10% of the issuer: a substantial shareholder. Accordingly, Xiaomi Corporation is a connected person of the Company under Chapter 14A of the Listing Rules, and the transactions contemplated under the 2025 Xiaomi Cooperation Framework Agreement constitute continuing connected transactions of the Company under Chapter 14A of the Listing Rules.\n\nAs the highest applicable percentage ratio in respect of the annual caps of (1) IDC services, and (2) Network hardware equipment, on both individual and aggregate basis, is higher than 0.1% but less than 5% (the largest annual cap on an aggregate basis being RMB88.7 million for FY2026), the transactions contemplated under the 2025 Xiaomi Cooperation Framework Agreement are subject to the reporting, announcement and annual review requirements but are exempt from the circular (including independent financial advice) and independent Shareholders\' approval requirements under Rule 14A.76(2)(a) of the Listing Rules.',
                  'zh-Hant': '於二零二五年七月二十九日，小米集團持有本公司約11.12%股份，為本公司的主要股東，故小米集團為本公司的關連人士（定義見上市規則）。據此，根據上市規則第十四A章，二零二五年小米合作框架協議項下擬進行的交易構成本公司的持續關連交易。\n\n由於(1) IDC相關服務，及(2) 網絡硬件設備的年度上限（按個別及合併基準計算）之最高適用百分比率高於0.1%但低於5%（合併計算的最高年度上限為人民幣88.7百萬元），故根據上市規則第14A.76(2)(a)條，二零二五年小米合作框架協議項下擬進行的交易須遵守申報、公告及年度審閱的規定，但可豁免遵守通函（包括獨立財務意見）及獨立股東批准的規定。',
                },
              },
            ],
            aggregates: [
              {
                partyIds: ['xiaomi'], agreementIds: ['xiaomi-2025'],
                numerator: {
                  amount: '88700000.00', currency: 'CNY', amountHkd: '95796000.00', financialYear: 'FY2026',
                },
                ratios: [
                  { name: 'assets', percent: '0.4790', exact: '23949/5000000', usedForClassification: true },
                  { name: 'revenue', percent: '1.1975', exact: '23949/2000000', usedForClassification: true },
                  {
                    name: 'consideration', percent: '0.9580', exact: '23949/2500000',
                    usedForClassification: true,
                  },
                ],
                tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL', tierRule: '14A.76(2)(a)',
              },
            ],
          },
        },
      },
    },
  },
  classifyStoredAgreements: {
    responses: {
      '200': {
        demo: {
          summary: 'The demo agreement classified as of 23 November 2026 (lists shortened)',
          value: {
            asOf: '2026-11-23',
            issuer: {
              id: 'iss_demo',
              name: { en: 'Kingsoft Cloud Holdings Limited (demo data)', 'zh-Hant': '金山云控股有限公司（示範數據）' },
            },
            fx: [{ from: 'CNY', to: 'HKD', rate: '1.08' }],
            options: {
              spanningPeriod: 'count-in-full-in-each-year', totalConsideration: 'largest-annual',
              majorityControl: 'more-than-50', deemedReviewCompanies: '30-percent-controlled',
              formerSubstantialShareholderLookBack: 'none',
            },
            parties: [
              {
                id: 'iss_demo', name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': '金山云控股有限公司' },
                connected: false, subsidiaryLevelOnly: false, deemedReview: false,
                basis: [{ rule: '14A.07', text: 'Kingsoft Cloud Holdings Limited is the issuer itself' }],
              },
              {
                id: 'xiaomi', name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' }, connected: true,
                subsidiaryLevelOnly: false, deemedReview: false,
                basis: [
                  {
                    rule: '14A.07(1)',
                    text: 'Xiaomi Corporation holds 11.12% ≥ 10% of the issuer: a substantial shareholder',
                    textZh: '小米集團持有本公司約11.12%股份，為本公司的主要股東',
                  },
                ],
              },
            ],
            agreements: [
              {
                id: 'agr_5f1c9a0e2b7d4c31',
                name: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
                counterparty: 'xiaomi', individualTier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
                tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL', tierRule: '14A.76(2)(a)', deemedTier: null,
                numerator: {
                  amount: '101700000.00', currency: 'CNY', amountHkd: '109836000.00', financialYear: 'FY2026',
                },
                ratios: [
                  { name: 'assets', percent: '0.5492', exact: '27459/5000000', usedForClassification: true },
                  { name: 'revenue', percent: '1.3730', exact: '27459/2000000', usedForClassification: true },
                  {
                    name: 'consideration', percent: '1.0984', exact: '27459/2500000',
                    usedForClassification: true,
                  },
                ],
                categories: [
                  {
                    key: 'idc-services', name: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' },
                    numerator: {
                      amount: '95000000.00', currency: 'CNY', amountHkd: '102600000.00',
                      financialYear: 'FY2026',
                    },
                    ratios: [
                      { name: 'assets', percent: '0.5130', exact: '513/100000', usedForClassification: true },
                      { name: 'revenue', percent: '1.2825', exact: '513/40000', usedForClassification: true },
                      {
                        name: 'consideration', percent: '1.0260', exact: '513/50000',
                        usedForClassification: true,
                      },
                    ],
                    tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
                  },
                ],
                requirements: [
                  {
                    code: 'WRITTEN_AGREEMENT', rule: '14A.51',
                    text: 'a written agreement stating the basis for calculating the payments',
                  },
                  {
                    code: 'FIXED_TERM', rule: '14A.52',
                    text: 'a fixed term not exceeding three years (longer only with an IFA explaining why)',
                  },
                  { code: 'ANNUAL_CAP', rule: '14A.53', text: 'annual caps in monetary terms' },
                ],
                explanation: [
                  {
                    rule: '14A.07(1)',
                    text: 'Xiaomi Corporation holds 11.12% ≥ 10% of the issuer: a substantial shareholder',
                    textZh: '小米集團持有本公司約11.12%股份，為本公司的主要股東',
                  },
                  {
                    rule: '14A.78',
                    text: 'IDC services: largest annual cap RMB95.0 million (FY2026) = HK$102.6 million (HK$102600000.00); ratios assets 0.5130%, revenue 1.2825%, consideration 1.0260%, equity-capital n/a, profits not meaningful',
                  },
                  {
                    rule: '14A.78',
                    text: 'Network hardware equipment: largest annual cap RMB33.5 million (FY2025) = HK$36.2 million (HK$36180000.00); ratios assets 0.1809%, revenue 0.4523%, consideration 0.3618%, equity-capital n/a, profits not meaningful',
                  },
                ],
                findings: [], interestedDirectors: exInterestedDirectors,
                implications: {
                  en: 'As at 23 November 2026, Xiaomi Corporation holds 11.12% ≥ 10% of the issuer: a substantial shareholder. Accordingly, Xiaomi Corporation is a connected person of the Company under Chapter 14A of the Listing Rules, and the transactions contemplated under the 2025 Xiaomi Cooperation Framework Agreement constitute continuing connected transactions of the Company under Chapter 14A of the Listing Rules.\n\nAs the highest applicable percentage ratio in respect of the annual caps of (1) IDC services, and (2) Network hardware equipment, on both individual and aggregate basis, is higher than 0.1% but less than 5% (the largest annual cap on an aggregate basis being RMB101.7 million for FY2026), the transactions contemplated under the 2025 Xiaomi Cooperation Framework Agreement are subject to the reporting, announcement and annual review requirements but are exempt from the circular (including independent financial advice) and independent Shareholders\' approval requirements under Rule 14A.76(2)(a) of the Listing Rules.',
                  'zh-Hant': '於二零二六年十一月二十三日，小米集團持有本公司約11.12%股份，為本公司的主要股東，故小米集團為本公司的關連人士（定義見上市規則）。據此，根據上市規則第十四A章，二零二五年小米合作框架協議項下擬進行的交易構成本公司的持續關連交易。\n\n由於(1) IDC相關服務，及(2) 網絡硬件設備的年度上限（按個別及合併基準計算）之最高適用百分比率高於0.1%但低於5%（合併計算的最高年度上限為人民幣101.7百萬元），故根據上市規則第14A.76(2)(a)條，二零二五年小米合作框架協議項下擬進行的交易須遵守申報、公告及年度審閱的規定，但可豁免遵守通函（包括獨立財務意見）及獨立股東批准的規定。',
                },
                boardApproved: true,
                resolutions: [
                  {
                    id: 'res_239379289f357865',
                    reference: 'Board resolution approving the 2025 Xiaomi Cooperation Framework Agreement and its caps',
                    meetingDate: '2025-07-29', approves: true, violations: [],
                  },
                ],
                facts: { normalCommercialTerms: true, inedConfirmed: false, source: 'default' },
              },
            ],
            aggregates: [
              {
                partyIds: ['xiaomi'], agreementIds: ['agr_5f1c9a0e2b7d4c31'],
                numerator: {
                  amount: '101700000.00', currency: 'CNY', amountHkd: '109836000.00', financialYear: 'FY2026',
                },
                ratios: [
                  { name: 'assets', percent: '0.5492', exact: '27459/5000000', usedForClassification: true },
                  { name: 'revenue', percent: '1.3730', exact: '27459/2000000', usedForClassification: true },
                  {
                    name: 'consideration', percent: '1.0984', exact: '27459/2500000',
                    usedForClassification: true,
                  },
                ],
                tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL', tierRule: '14A.76(2)(a)',
              },
            ],
            figures: {
              id: 'fig_08258dd0200a3699', asOf: '2024-12-31',
              source: 'ILLUSTRATIVE: the rule digest §15 baseline issuer; the announcement states no figures',
            },
            fxRates: [
              {
                from: 'CNY', to: 'HKD', rate: '1.08', date: '2025-07-28',
                source: 'ILLUSTRATIVE: the rule digest §15 fixture, not a market rate',
              },
            ],
            assumptions: [
              'agr_5f1c9a0e2b7d4c31: no facts recorded — assumed on normal commercial terms or better, and not confirmed by the independent non-executive directors (14A.101)',
            ],
            scenario: {
              asOf: '2026-11-23',
              issuer: {
                id: 'iss_demo',
                name: { en: 'Kingsoft Cloud Holdings Limited (demo data)', 'zh-Hant': '金山云控股有限公司（示範數據）' },
                financialYearEnd: '12-31',
                figures: {
                  currency: 'HKD', totalAssets: '20000000000.00', revenue: '8000000000.00',
                  profits: '-2000000000.00', marketCapitalisation: '10000000000.00',
                },
              },
              fx: [{ from: 'CNY', to: 'HKD', rate: '1.08' }],
              parties: [
                {
                  id: 'iss_demo', kind: 'company',
                  name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': '金山云控股有限公司' },
                },
                {
                  id: 'xiaomi', kind: 'company', name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' },
                  aliases: ['Xiaomi Group'],
                },
              ],
              relationships: [
                { kind: 'shareholding', holder: 'xiaomi', company: 'iss_demo', percent: '11.12' },
                { kind: 'director', person: 'lei-jun', company: 'iss_demo' },
              ],
              agreements: [
                {
                  id: 'agr_5f1c9a0e2b7d4c31', counterparty: 'xiaomi',
                  name: { en: '2025 Xiaomi Cooperation Framework Agreement', 'zh-Hant': '二零二五年小米合作框架協議' },
                  signedOn: '2025-07-29', recognitionBasis: 'fee-payable', amountsInclude: 'including-tax',
                  categories: [
                    {
                      key: 'idc-services', name: { en: 'IDC services', 'zh-Hant': 'IDC相關服務' },
                      direction: 'issuer-purchases', termStart: '2025-07-29', termEnd: '2028-07-28',
                      pricingBasis: 'fees payable by the issuer\'s group to Xiaomi Group',
                      pricingPolicy: {
                        minIndependentQuotes: 2, quoteValidityRequired: true, exceptionsAllowed: false,
                      },
                    },
                  ],
                  caps: [
                    {
                      categoryKeys: ['idc-services'], periodStart: '2025-07-29', periodEnd: '2025-12-31',
                      amount: '41000000.00', currency: 'CNY',
                    },
                    {
                      categoryKeys: ['idc-services'], periodStart: '2026-01-01', periodEnd: '2026-12-31',
                      amount: '95000000.00', currency: 'CNY',
                    },
                  ],
                  normalCommercialTerms: true, inedConfirmed: false, boardApproved: true,
                },
              ],
            },
          },
        },
      },
    },
  },
  listIssuers: {
    responses: {
      '200': {
        demo: {
          summary: 'A token of the demo issuer',
          value: {
            items: [
              {
                id: 'iss_demo',
                name: { en: 'Kingsoft Cloud Holdings Limited (demo data)', 'zh-Hant': '金山云控股有限公司（示範數據）' },
                isDemo: true, financialYearEnd: '12-31', prcIssuer: false,
              },
            ],
          },
        },
      },
    },
  },
  getIssuer: {
    responses: {
      '200': {
        demo: {
          summary: 'The demo issuer',
          value: {
            id: 'iss_demo',
            name: { en: 'Kingsoft Cloud Holdings Limited (demo data)', 'zh-Hant': '金山云控股有限公司（示範數據）' },
            isDemo: true, financialYearEnd: '12-31', prcIssuer: false,
          },
        },
      },
    },
  },
  updateIssuerSettings: {
    request: {
      settings: {
        summary: 'Not a PRC issuer; the financial year ends on 31 December',
        value: { prcIssuer: false, financialYearEnd: '12-31' },
      },
    },
    responses: {
      '200': {
        updated: {
          summary: 'The issuer with its settings',
          value: {
            id: 'iss_demo',
            name: { en: 'Kingsoft Cloud Holdings Limited (demo data)', 'zh-Hant': '金山云控股有限公司（示範數據）' },
            isDemo: true, financialYearEnd: '12-31', prcIssuer: false,
          },
        },
      },
    },
  },
  recordRegister: {
    request: {
      party: {
        summary: 'A new independent IDC supplier',
        value: {
          parties: [
            {
              id: 'demo-idc-c', kind: 'company',
              name: { en: 'Lantau Hosting Ltd (illustrative)', 'zh-Hant': '大嶼山託管有限公司（示例）' },
            },
          ],
          relationships: [],
        },
      },
    },
    responses: {
      '201': {
        recorded: {
          summary: 'What was recorded',
          value: { parties: ['demo-idc-c'], unchangedParties: [], relationships: [] },
        },
      },
      '409': {
        exists: {
          summary: 'Another party is recorded under that id',
          value: {
            code: 'PARTY_EXISTS',
            message: 'parties[0].id: a different party "demo-idc-c" is already recorded; party ids are unique per issuer',
          },
        },
      },
    },
  },
  getRegister: {
    responses: {
      '200': {
        demo: {
          summary: 'The demo register (lists shortened)',
          value: {
            parties: [
              {
                id: 'iss_demo',
                body: {
                  id: 'iss_demo', kind: 'company',
                  name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': '金山云控股有限公司' },
                },
                recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'demo-loader',
              },
              {
                id: 'xiaomi',
                body: {
                  id: 'xiaomi', kind: 'company', name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' },
                  aliases: ['Xiaomi Group'],
                },
                recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'demo-loader',
              },
              {
                id: 'demo-idc-a',
                body: {
                  id: 'demo-idc-a', kind: 'company',
                  name: { en: 'Cloudline Data Centres Ltd (illustrative)', 'zh-Hant': '雲線數據中心有限公司（示例）' },
                },
                recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'demo-loader',
              },
            ],
            relationships: [
              {
                id: 'rel_5c9c93e1096766af',
                body: { kind: 'shareholding', holder: 'xiaomi', company: 'iss_demo', percent: '11.12' },
                recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'demo-loader',
              },
              {
                id: 'rel_53a5fb506b84a417',
                body: { kind: 'director', person: 'lei-jun', company: 'iss_demo' },
                recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'demo-loader',
              },
              {
                id: 'rel_9347b8e939a2bcd3',
                body: { kind: 'director', person: 'zou-tao', company: 'iss_demo' },
                recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'demo-loader',
              },
            ],
          },
        },
      },
    },
  },
  recordIssuerFigures: {
    request: {
      fy2025: {
        summary: 'The FY2025 figures for the percentage ratios',
        value: {
          asOf: '2025-12-31',
          figures: {
            currency: 'HKD', totalAssets: '21000000000.00', revenue: '8500000000.00',
            profits: '-1500000000.00', marketCapitalisation: '12000000000.00',
          },
          source: 'Annual results announcement for FY2025 (illustrative)',
        },
      },
    },
    responses: {
      '201': {
        recorded: {
          summary: 'Recorded',
          value: {
            id: 'fig_2b643fcba213d1a2', asOf: '2025-12-31',
            figures: {
              currency: 'HKD', totalAssets: '21000000000.00', revenue: '8500000000.00',
              profits: '-1500000000.00', marketCapitalisation: '12000000000.00',
            },
            source: 'Annual results announcement for FY2025 (illustrative)',
            recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'usr_2c75a67fa5808708',
          },
        },
      },
    },
  },
  recordAgreementFacts: {
    request: {
      facts: {
        summary: 'On normal commercial terms; confirmed by the INEDs',
        value: { normalCommercialTerms: true, inedConfirmed: true },
      },
    },
    responses: {
      '201': {
        recorded: {
          summary: 'Recorded',
          value: {
            agreementId: 'agr_5f1c9a0e2b7d4c31', normalCommercialTerms: true, inedConfirmed: true,
            recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'usr_2c75a67fa5808708',
          },
        },
      },
    },
  },
  recordBoardResolution: {
    request: {
      resolution: {
        summary: 'Lei Jun and Zhang Duo abstain (Rule 13.44)',
        value: {
          meetingDate: '2026-11-20',
          reference: 'Board resolution approving the revised FY2026 IDC services cap of RMB95,000,000',
          directorsPresent: ['lei-jun', 'zou-tao', 'zhang-duo', 'yu-mingto', 'wang-hang', 'qu-jingyuan'],
          votes: [
            { personId: 'lei-jun', vote: 'abstain' }, { personId: 'zou-tao', vote: 'for' },
            { personId: 'zhang-duo', vote: 'abstain' }, { personId: 'yu-mingto', vote: 'for' },
            { personId: 'wang-hang', vote: 'for' }, { personId: 'qu-jingyuan', vote: 'for' },
          ],
          agreementIds: ['agr_5f1c9a0e2b7d4c31'],
        },
      },
    },
    responses: {
      '201': {
        recorded: {
          summary: 'Recorded: it approves the agreement, with no violation',
          value: {
            id: 'res_1b64c7ea6f0d7999', seq: 1, meetingDate: '2026-11-20',
            reference: 'Board resolution approving the revised FY2026 IDC services cap of RMB95,000,000',
            directorsPresent: ['lei-jun', 'zou-tao', 'zhang-duo', 'yu-mingto', 'wang-hang', 'qu-jingyuan'],
            votes: [
              { personId: 'lei-jun', vote: 'abstain' }, { personId: 'zou-tao', vote: 'for' },
              { personId: 'zhang-duo', vote: 'abstain' }, { personId: 'yu-mingto', vote: 'for' },
              { personId: 'wang-hang', vote: 'for' }, { personId: 'qu-jingyuan', vote: 'for' },
            ],
            agreementIds: ['agr_5f1c9a0e2b7d4c31'], recordedAt: '2026-11-23T04:00:00.000Z',
            recordedBy: 'usr_2c75a67fa5808708', violations: [], flagged: false,
            approval: [{ agreementId: 'agr_5f1c9a0e2b7d4c31', approved: true }],
          },
        },
      },
    },
  },
  listBoardResolutions: {
    responses: {
      '200': {
        demo: {
          summary: 'The board resolution approving the seed agreement',
          value: {
            items: [
              {
                id: 'res_239379289f357865', seq: 0, meetingDate: '2025-07-29',
                reference: 'Board resolution approving the 2025 Xiaomi Cooperation Framework Agreement and its caps',
                directorsPresent: [
                  'lei-jun', 'zou-tao', 'zhang-duo', 'yu-mingto', 'wang-hang', 'qu-jingyuan',
                ],
                votes: [
                  { personId: 'lei-jun', vote: 'abstain' }, { personId: 'zou-tao', vote: 'for' },
                  { personId: 'zhang-duo', vote: 'abstain' }, { personId: 'yu-mingto', vote: 'for' },
                  { personId: 'wang-hang', vote: 'for' }, { personId: 'qu-jingyuan', vote: 'for' },
                ],
                agreementIds: ['agr_5f1c9a0e2b7d4c31'], recordedAt: '2026-11-23T04:00:00.000Z',
                recordedBy: 'demo-loader', violations: [], flagged: false,
                approval: [{ agreementId: 'agr_5f1c9a0e2b7d4c31', approved: true }],
                mustAbstain: [
                  {
                    agreementId: 'agr_5f1c9a0e2b7d4c31', personId: 'lei-jun',
                    reasons: [
                      {
                        rule: '13.44',
                        text: 'Lei Jun is a director of Xiaomi Corporation, the counterparty: a material interest',
                        textZh: 'Lei Jun於Xiaomi Corporation擔任職務',
                      },
                      {
                        rule: '13.44',
                        text: 'Lei Jun holds 20% of Xiaomi Corporation, the counterparty: a material interest',
                      },
                    ],
                  },
                  {
                    agreementId: 'agr_5f1c9a0e2b7d4c31', personId: 'zhang-duo',
                    reasons: [
                      {
                        rule: '13.44',
                        text: 'Zhang Duo is a director of Xiaomi Corporation, the counterparty: a material interest',
                        textZh: 'Zhang Duo於Xiaomi Corporation擔任職務',
                      },
                    ],
                  },
                ],
              },
            ],
          },
        },
      },
    },
  },
  uploadEvidence: {
    request: {
      quotation: {
        summary: 'A quotation as a text file (the file part is shown as its content)',
        mediaType: 'multipart/form-data',
        value: {
          file: 'QUOTATION\nSupplier: Cloudline Data Centres Ltd (illustrative)\nPrice: RMB7,140,000.00 including tax\nValid until 2026-11-30\n',
          issuedOn: '2026-11-20',
          description: 'Quotation from Cloudline Data Centres for December 2026 IDC services',
        },
      },
    },
    responses: {
      '200': {
        already: {
          summary: 'The same bytes again with the same issuedOn: nothing written',
          value: {
            sha256: '9377d78d59a4f803aaafc53df5a5281d9099a73c1a38331a8b6099525de3b5bf', size: 122,
            mediaType: 'text/plain', filename: 'cloudline-quotation-2026-12.txt', issuedOn: '2026-11-20',
            description: 'Quotation from Cloudline Data Centres for December 2026 IDC services',
            uploadedAt: '2026-11-23T04:00:00.000Z', uploadedBy: 'usr_2c75a67fa5808708', alreadyStored: true,
          },
        },
      },
      '201': {
        stored: {
          summary: 'Stored',
          value: {
            sha256: '9377d78d59a4f803aaafc53df5a5281d9099a73c1a38331a8b6099525de3b5bf', size: 122,
            mediaType: 'text/plain', filename: 'cloudline-quotation-2026-12.txt', issuedOn: '2026-11-20',
            description: 'Quotation from Cloudline Data Centres for December 2026 IDC services',
            uploadedAt: '2026-11-23T04:00:00.000Z', uploadedBy: 'usr_2c75a67fa5808708', alreadyStored: false,
          },
        },
      },
      '409': {
        issuedOnDiffers: {
          summary: 'The same bytes with another issuedOn',
          value: {
            code: 'EVIDENCE_ISSUED_ON_DIFFERS',
            message: 'this file (SHA-256 9377d78d59a4…) is already stored with issuedOn 2026-11-20, not 2026-11-21; a file has one issue date: upload it again with that date, or upload the document actually issued on the other date',
          },
        },
      },
    },
  },
  getEvidence: {
    responses: {
      '200': {
        quotation: {
          summary: 'The quotation’s metadata',
          value: {
            sha256: '9377d78d59a4f803aaafc53df5a5281d9099a73c1a38331a8b6099525de3b5bf', size: 122,
            mediaType: 'text/plain', filename: 'cloudline-quotation-2026-12.txt', issuedOn: '2026-11-20',
            description: 'Quotation from Cloudline Data Centres for December 2026 IDC services',
            uploadedAt: '2026-11-23T04:00:00.000Z', uploadedBy: 'usr_2c75a67fa5808708',
          },
        },
      },
    },
  },
  getEvidenceContent: {
    responses: {
      '200': {
        quotation: {
          summary: 'The text file as uploaded (served as text/plain)', mediaType: '*/*',
          value: 'QUOTATION\nSupplier: Cloudline Data Centres Ltd (illustrative)\nPrice: RMB7,140,000.00 including tax\nValid until 2026-11-30\n',
        },
      },
    },
  },
  recordAgreementEvidence: {
    request: {
      quotation: {
        summary: 'The quotation kept on the agreement',
        value: {
          kind: 'other', summary: 'Cloudline quotation for December 2026, kept on the agreement',
          evidence: ['9377d78d59a4f803aaafc53df5a5281d9099a73c1a38331a8b6099525de3b5bf'],
        },
      },
    },
    responses: {
      '201': {
        recorded: {
          summary: 'Recorded as the agreement’s second evidence record',
          value: {
            id: 'aev_a4fa120fae8876fa', agreementId: 'agr_5f1c9a0e2b7d4c31', seq: 2, kind: 'other',
            summary: 'Cloudline quotation for December 2026, kept on the agreement',
            evidence: [
              {
                sha256: '9377d78d59a4f803aaafc53df5a5281d9099a73c1a38331a8b6099525de3b5bf',
                filename: 'cloudline-quotation-2026-12.txt', issuedOn: '2026-11-20', mediaType: 'text/plain',
                size: 122,
              },
            ],
            recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'usr_2c75a67fa5808708',
          },
        },
      },
    },
  },
  listAgreementEvidence: {
    responses: {
      '200': {
        demo: {
          summary: 'Xiaomi’s price list to independent customers, and the quotation',
          value: {
            items: [
              {
                id: 'aev_2c94ff47a9c3e731', agreementId: 'agr_5f1c9a0e2b7d4c31', seq: 1,
                kind: 'connected-party-terms-to-third-parties',
                summary: 'Xiaomi Group\'s standard prices to independent customers, against which the framework\'s fees are no less favourable to the group (illustrative)',
                evidence: [
                  {
                    sha256: 'c1aeb5697872aa65a6cdf3376c01bd7bab57b357a6b61475b1b6106e827470ae',
                    filename: 'xiaomi-price-list-to-independent-customers.txt', issuedOn: '2025-07-15',
                    mediaType: 'text/plain', size: 171,
                  },
                ],
                recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'demo-loader',
              },
              {
                id: 'aev_a4fa120fae8876fa', agreementId: 'agr_5f1c9a0e2b7d4c31', seq: 2, kind: 'other',
                summary: 'Cloudline quotation for December 2026, kept on the agreement',
                evidence: [
                  {
                    sha256: '9377d78d59a4f803aaafc53df5a5281d9099a73c1a38331a8b6099525de3b5bf',
                    filename: 'cloudline-quotation-2026-12.txt', issuedOn: '2026-11-20',
                    mediaType: 'text/plain', size: 122,
                  },
                ],
                recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'usr_2c75a67fa5808708',
              },
            ],
          },
        },
      },
    },
  },
  listAlerts: {
    responses: {
      '200': {
        demo: {
          summary: 'Two of the demo’s alerts: a forecast above the 2028 IDC cap, and the 2026 network hardware cap at 80%',
          value: {
            items: [
              {
                id: 'alr_9298dfbed3c53b41', kind: 'CAP_INSUFFICIENT', severity: 'critical',
                agreementId: 'agr_5f1c9a0e2b7d4c31', categoryId: 'cat_0f8eccf92522061e',
                capId: 'cap_1ccc0cda57098e57', periodStart: '2028-01-01', periodEnd: '2028-07-28',
                threshold: null, currency: 'CNY', cap: '41000000.00', actualAtCrossing: null, committed: null,
                actualId: null, breachId: null, occurredOn: '2026-11-23',
                raisedAt: '2026-11-23T04:00:00.000Z', recipients: ['senior-management', 'directors'],
                message: {
                  en: 'The forecast for IDC services (1 January 2028 to 28 July 2028) is RMB45,226,021.38, 110.3% of the cap of RMB41,000,000.00: senior management to review and report to the board, which considers revising the cap in compliance with Rule 14A.54 before it is exceeded.',
                  'zh-Hant': 'IDC相關服務（2028年1月1日至2028年7月28日）的預測金額為人民幣45,226,021.38元，為年度上限人民幣41,000,000.00元的110.3%：高級管理層須審閱並向董事會匯報，董事會將考慮在超出上限前根據上市規則第14A.54條修訂年度上限。',
                },
                details: { forecast: exampleForecast, projected: '45226021.38' }, acknowledged: false,
                acknowledgements: [], remediations: [],
              },
              exampleThresholdAlert,
            ],
          },
        },
      },
    },
  },
  getAlert: {
    responses: {
      '200': {
        threshold: {
          summary: 'Actual amounts reached 80% of the 2026 network hardware cap',
          value: exampleThresholdAlert,
        },
      },
    },
  },
  acknowledgeAlert: {
    request: {
      comment: {
        summary: 'With a comment',
        value: {
          comment: 'Noted: the hardware term ended on 28 July 2026 and no further hardware order will be placed.',
        },
      },
    },
    responses: {
      '201': {
        acknowledged: {
          summary: 'The alert with its acknowledgement',
          value: {
            id: 'alr_1076b6f58afd9b70', kind: 'THRESHOLD', severity: 'warning',
            agreementId: 'agr_5f1c9a0e2b7d4c31', categoryId: 'cat_5296c68147b32c61',
            capId: 'cap_b2674a7a971af834', periodStart: '2026-01-01', periodEnd: '2026-07-28',
            threshold: '80', currency: 'CNY', cap: '6700000.00', actualAtCrossing: '6000000.00',
            committed: '0.00', actualId: 'act_c8f3b91d60b2e689', breachId: null, occurredOn: '2026-06-25',
            raisedAt: '2026-11-23T04:00:00.000Z', recipients: ['senior-management', 'finance'],
            message: exampleThresholdMessage,
            details: {
              percentUsed: '89.6', cap: '6700000.00', actualAtCrossing: '6000000.00', committed: '0.00',
            },
            acknowledged: true,
            acknowledgements: [
              {
                id: 'ack_61ab072b7f8330f7', by: 'usr_2c75a67fa5808708', at: '2026-11-23T04:00:00.000Z',
                comment: 'Noted: the hardware term ended on 28 July 2026 and no further hardware order will be placed.',
              },
            ],
            remediations: [],
          },
        },
      },
    },
  },
  recordRemediation: {
    request: {
      remediation: {
        summary: 'The remediation of a cap breach',
        value: {
          reference: 'Announcement of 25 November 2026 (re-compliance, Rule 14A.54)',
          notes: 'The excess invoice was disputed with Xiaomi; a revised cap will be put to the independent shareholders.',
        },
      },
    },
    responses: {
      '201': {
        recorded: {
          summary: 'The BREACH alert with its remediation',
          value: {
            id: 'alr_bc37c295162a3352', kind: 'BREACH', severity: 'critical',
            agreementId: 'agr_5f1c9a0e2b7d4c31', categoryId: 'cat_0f8eccf92522061e',
            capId: 'cap_962e59c0156a7d01', periodStart: '2026-01-01', periodEnd: '2026-12-31',
            threshold: null, currency: 'CNY', cap: '95000000.00', actualAtCrossing: '96000000.00',
            committed: null, actualId: 'act_52f3f167f0824fe3', breachId: 'brc_6bbb8d2ba7033d9a',
            occurredOn: '2026-11-23', raisedAt: '2026-11-23T04:00:00.000Z',
            recipients: ['compliance', 'senior-management', 'directors'],
            message: {
              en: 'Breach: actual amounts of RMB96,000,000.00 exceed the cap of RMB95,000,000.00 for 2026-01-01 to 2026-12-31 by RMB1,000,000.00 on 2026-11-23 (Rule 14A.54).',
              'zh-Hant': '違規：IDC相關服務（2026年1月1日至2026年12月31日）的實際金額人民幣96,000,000.00元已超出年度上限人民幣95,000,000.00元（上市規則第14A.54條）：須立即通知合規部門、高級管理層及董事，並重新遵守相關規定。',
            },
            details: { code: 'CAP_EXCEEDED', excess: '1000000.00' }, acknowledged: false,
            acknowledgements: [],
            remediations: [
              {
                id: 'rem_acbc377358b0347c',
                reference: 'Announcement of 25 November 2026 (re-compliance, Rule 14A.54)',
                notes: 'The excess invoice was disputed with Xiaomi; a revised cap will be put to the independent shareholders.',
                recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'usr_2c75a67fa5808708',
              },
            ],
          },
        },
      },
      '409': {
        notABreach: {
          summary: 'A THRESHOLD alert has no remediation',
          value: {
            code: 'NOT_A_BREACH',
            message: 'alert alr_1076b6f58afd9b70 is a THRESHOLD alert: a remediation is recorded against a BREACH alert',
          },
        },
      },
    },
  },
  getInbox: {
    responses: {
      '200': {
        finance: {
          summary: 'Finance’s inbox (recipient=finance), shortened',
          value: {
            items: [
              {
                id: 'alr_1076b6f58afd9b70', kind: 'THRESHOLD', severity: 'warning',
                agreementId: 'agr_5f1c9a0e2b7d4c31', categoryId: 'cat_5296c68147b32c61',
                capId: 'cap_b2674a7a971af834', periodStart: '2026-01-01', periodEnd: '2026-07-28',
                threshold: '80', currency: 'CNY', cap: '6700000.00', actualAtCrossing: '6000000.00',
                committed: '0.00', actualId: 'act_c8f3b91d60b2e689', breachId: null, occurredOn: '2026-06-25',
                raisedAt: '2026-11-23T04:00:00.000Z', recipients: ['senior-management', 'finance'],
                message: exampleThresholdMessage,
                details: {
                  percentUsed: '89.6', cap: '6700000.00', actualAtCrossing: '6000000.00', committed: '0.00',
                },
                acknowledged: true,
                acknowledgements: [
                  {
                    id: 'ack_61ab072b7f8330f7', by: 'usr_2c75a67fa5808708', at: '2026-11-23T04:00:00.000Z',
                    comment: 'Noted: the hardware term ended on 28 July 2026 and no further hardware order will be placed.',
                  },
                ],
                remediations: [], inboxId: 'inb_1935ef2d5f96235e', recipient: 'finance', readAt: null,
              },
            ],
          },
        },
      },
    },
  },
  markInboxItemRead: {
    responses: {
      '200': {
        read: { summary: 'Read', value: { id: 'inb_1935ef2d5f96235e', readAt: '2026-11-23T04:00:00.000Z' } },
      },
    },
  },
  getMonitoringPolicy: {
    responses: {
      '200': {
        defaults: {
          summary: 'The defaults',
          value: {
            thresholds: ['80'], earlyWarningThresholds: [],
            recipients: {
              THRESHOLD: ['senior-management', 'finance'], EARLY_WARNING: ['finance'],
              BREACH: ['compliance', 'senior-management', 'directors'],
              CAP_INSUFFICIENT: ['senior-management', 'directors'],
              TERM_EXPIRY: ['company-secretary', 'senior-management'],
              REVIEW_DEADLINE: ['company-secretary', 'ineds'],
            },
            termExpiryNoticeDays: 90, reviewNoticeDays: 30, escalationMargin: '0',
          },
        },
      },
    },
  },
  putMonitoringPolicy: {
    request: {
      policy: {
        summary: 'Thresholds at 80% and 90%, an early warning at 75%, term expiry 120 days ahead',
        value: { thresholds: ['80', '90'], earlyWarningThresholds: ['75'], termExpiryNoticeDays: 120 },
      },
    },
    responses: {
      '200': {
        recorded: {
          summary: 'The policy as recorded: the fields left out took their defaults',
          value: {
            thresholds: ['80', '90'], earlyWarningThresholds: ['75'],
            recipients: {
              THRESHOLD: ['senior-management', 'finance'], EARLY_WARNING: ['finance'],
              BREACH: ['compliance', 'senior-management', 'directors'],
              CAP_INSUFFICIENT: ['senior-management', 'directors'],
              TERM_EXPIRY: ['company-secretary', 'senior-management'],
              REVIEW_DEADLINE: ['company-secretary', 'ineds'],
            },
            termExpiryNoticeDays: 120, reviewNoticeDays: 30, escalationMargin: '0',
          },
        },
      },
    },
  },
  listEscalations: {
    responses: {
      '200': {
        raised: { summary: 'The forecast above the 2028 IDC cap', value: { items: [exampleEscalation] } },
      },
    },
  },
  getEscalation: {
    responses: { '200': { raised: { summary: 'Raised by the daily forecast', value: exampleEscalation } } },
  },
  reviewEscalation: {
    request: {
      notes: {
        summary: 'Senior management’s notes',
        value: { notes: 'Run-rate confirmed with the IDC team; a revised cap is proposed to the board.' },
      },
    },
    responses: {
      '200': {
        reviewed: {
          summary: 'Reviewed',
          value: {
            id: 'esc_11fd554f88935498', status: 'reviewed', agreementId: 'agr_5f1c9a0e2b7d4c31',
            capId: 'cap_1ccc0cda57098e57', periodStart: '2028-01-01', periodEnd: '2028-07-28',
            alertId: 'alr_9298dfbed3c53b41', raisedAt: '2026-11-23T04:00:00.000Z', forecast: exampleForecast,
            steps: [
              {
                seq: 1, step: 'raised', decision: null, revisionId: null,
                reason: 'forecast RMB45,226,021.38 exceeds the cap of RMB41,000,000.00 as of 2026-11-23',
                notes: null, at: '2026-11-23T04:00:00.000Z', by: 'system: daily forecast',
              },
              {
                seq: 2, step: 'reviewed', decision: null, revisionId: null, reason: null,
                notes: 'Run-rate confirmed with the IDC team; a revised cap is proposed to the board.',
                at: '2026-11-23T04:00:00.000Z', by: 'usr_2c75a67fa5808708',
              },
            ],
            revision: null,
          },
        },
      },
      '409': {
        state: {
          summary: 'Decided already',
          value: {
            code: 'ESCALATION_STATE',
            message: 'escalation esc_11fd554f88935498 is decided: it can be reviewed only when raised',
          },
        },
      },
    },
  },
  decideEscalation: {
    request: {
      noAction: {
        summary: 'The board decides not to revise the cap',
        value: {
          decision: 'no-action', reason: 'December orders will be deferred to FY2027; no revision needed.',
        },
      },
    },
    responses: {
      '200': {
        decided: {
          summary: 'Decided',
          value: {
            id: 'esc_11fd554f88935498', status: 'decided', agreementId: 'agr_5f1c9a0e2b7d4c31',
            capId: 'cap_1ccc0cda57098e57', periodStart: '2028-01-01', periodEnd: '2028-07-28',
            alertId: 'alr_9298dfbed3c53b41', raisedAt: '2026-11-23T04:00:00.000Z', forecast: exampleForecast,
            steps: [
              {
                seq: 1, step: 'raised', decision: null, revisionId: null,
                reason: 'forecast RMB45,226,021.38 exceeds the cap of RMB41,000,000.00 as of 2026-11-23',
                notes: null, at: '2026-11-23T04:00:00.000Z', by: 'system: daily forecast',
              },
              {
                seq: 2, step: 'reviewed', decision: null, revisionId: null, reason: null,
                notes: 'Run-rate confirmed with the IDC team; a revised cap is proposed to the board.',
                at: '2026-11-23T04:00:00.000Z', by: 'usr_2c75a67fa5808708',
              },
              {
                seq: 3, step: 'decided', decision: 'no-action', revisionId: null,
                reason: 'December orders will be deferred to FY2027; no revision needed.', notes: null,
                at: '2026-11-23T04:00:00.000Z', by: 'usr_2c75a67fa5808708',
              },
            ],
            revision: null,
          },
        },
      },
      '409': {
        state: {
          summary: 'Decided already',
          value: {
            code: 'ESCALATION_STATE',
            message: 'escalation esc_11fd554f88935498 is decided: it can be decided only when reviewed',
          },
        },
      },
    },
  },
  listScheduleRuns: {
    responses: {
      '200': {
        monthly: {
          summary: 'schedule=monthly: the October 2026 run, which issued its two reports and notified finance’s webhook (utilisation shortened)',
          value: {
            items: [
              {
                schedule: 'monthly', period: '2026-10', status: 'done', startedAt: '2026-11-23T04:00:00.000Z',
                finishedAt: '2026-11-23T04:00:00.000Z', runBy: 'armslength-1:4242:9f3a',
                result: {
                  report: 'monthly', period: '2026-10', periodStart: '2026-10-01', periodEnd: '2026-10-31',
                  from: 'finance', to: ['senior-management'], asOf: '2026-10-31',
                  utilisation: [exampleUtilisationIdc2025],
                  issued: [
                    {
                      kind: 'monthly-monitoring', id: 'rpt_b345d160805b25c1', version: 2,
                      sha256: '836abfaafccde80306038e0e908e32fbd48316eaa22e792a635746bb9ebe1af2',
                      created: true, notified: 1, to: ['finance'],
                    },
                    {
                      kind: 'monthly-management', id: 'rpt_43c79751affadd18', version: 1,
                      sha256: '060b91b28bbf58b71d200e063a9a73b932bf7e45010a34662d0a26f315dd9d1a',
                      created: true, notified: 0, to: ['senior-management'],
                    },
                  ],
                },
              },
            ],
          },
        },
        daily: {
          summary: 'schedule=daily-forecast: today’s forecast run (lists shortened)',
          value: {
            items: [
              {
                schedule: 'daily-forecast', period: '2026-11-23', status: 'done',
                startedAt: '2026-11-23T04:00:00.000Z', finishedAt: '2026-11-23T04:00:00.000Z',
                runBy: 'armslength-1:4242:9f3a',
                result: {
                  report: 'daily-forecast', asOf: '2026-11-23', forecasts: 5,
                  escalations: ['esc_e2b56e13fc5c0ba4'], termExpiries: [], reviewDeadlines: [],
                },
              },
            ],
          },
        },
      },
    },
  },
  createNotificationSubscription: {
    request: {
      webhook: {
        summary: 'A webhook for finance’s alerts; the secret is generated',
        value: {
          role: 'finance', channel: 'webhook', target: 'https://erp.kingsoft-cloud.example/hooks/armslength',
        },
      },
    },
    responses: {
      '201': {
        webhook: {
          summary: 'Subscribed: the secret is shown this once',
          value: {
            id: 'sub_ae813d0dc039a22f', role: 'finance', channel: 'webhook',
            target: 'https://erp.kingsoft-cloud.example/hooks/armslength', active: true, secretHint: '…tW2E',
            createdAt: '2026-11-23T04:00:00.000Z', createdBy: 'usr_2c75a67fa5808708',
            secret: 'whsec_Vq3mXk9ZpT2rLw8bN4cYd7hJf1sGe6uAo0iKx5RtW2E',
          },
        },
      },
    },
  },
  listNotificationSubscriptions: {
    responses: {
      '200': {
        two: {
          summary: 'A webhook and an e-mail address',
          value: {
            items: [
              {
                id: 'sub_e734021c75cae3a1', role: 'company-secretary', channel: 'email',
                target: 'cosec@kingsoft-cloud.example', active: true, secretHint: null,
                createdAt: '2026-11-23T04:00:00.000Z', createdBy: 'usr_2c75a67fa5808708',
              },
              {
                id: 'sub_ae813d0dc039a22f', role: 'finance', channel: 'webhook',
                target: 'https://erp.kingsoft-cloud.example/hooks/armslength', active: true,
                secretHint: '…tW2E', createdAt: '2026-11-23T04:00:00.000Z', createdBy: 'usr_2c75a67fa5808708',
              },
            ],
          },
        },
      },
    },
  },
  deactivateNotificationSubscription: {
    responses: {
      '200': {
        deactivated: {
          summary: 'Deactivated',
          value: {
            id: 'sub_ae813d0dc039a22f', role: 'finance', channel: 'webhook',
            target: 'https://erp.kingsoft-cloud.example/hooks/armslength', active: false, secretHint: '…tW2E',
            createdAt: '2026-11-23T04:00:00.000Z', createdBy: 'usr_2c75a67fa5808708',
          },
        },
      },
    },
  },
  listDeliveries: {
    responses: {
      '200': {
        delivered: {
          summary: 'A BREACH alert delivered to a webhook',
          value: {
            items: [
              {
                id: 'out_fc4a9eabcae832ed', alertId: 'alr_bc37c295162a3352',
                subscriptionId: 'sub_55e322edf47061fc', channel: 'webhook',
                target: 'https://erp.kingsoft-cloud.example/hooks/armslength',
                subject: 'BREACH (CAP_EXCEEDED): IDC services', status: 'delivered', attempts: 1,
                nextAttemptAt: null, createdAt: '2026-11-23T04:00:00.000Z',
                deliveredAt: '2026-11-23T04:00:00.000Z', lastError: null,
                log: [
                  { attempt: 1, at: '2026-11-23T04:00:00.000Z', outcome: 'delivered', detail: 'HTTP 200 OK' },
                ],
              },
            ],
          },
        },
      },
    },
  },
  getReport: {
    responses: {
      '200': {
        csv: {
          summary: 'format=csv&table=utilisation of monthly-monitoring for 2026-10 (UTF-8 with a byte-order mark)',
          mediaType: 'text/csv',
          value: '﻿Agreement,Category,Cap period from,Cap period to,Annual cap (RMB),Actual for the month (RMB),"Actual, cap period to date (RMB)",Committed (open orders) (RMB),Headroom (RMB),% of cap used (%)\r\n2025 Xiaomi Cooperation Framework Agreement,IDC services,2026-01-01,2026-12-31,82000000.00,6600000.00,61000000.00,0.00,21000000.00,74.4\r\nTotal (CNY),,,,,6600000.00,,,,\r\n',
        },
      },
      '422': {
        table: {
          summary: 'format=csv without table, for a report with several tables',
          value: {
            errors: [
              {
                path: 'table',
                message: 'name one of the report\'s tables: utilisation, utilisation-utilisation, threshold-events, forecast, orders',
              },
            ],
          },
        },
      },
    },
  },
  issueReport: {
    request: {
      october: {
        summary: 'The monthly monitoring report of October 2026',
        value: { kind: 'monthly-monitoring', period: '2026-10' },
      },
    },
    responses: {
      '200': {
        unchanged: {
          summary: 'Issued again with the same content: nothing written',
          value: {
            id: 'rpt_812fb4c88844e602', kind: 'monthly-monitoring', period: '2026-10', scope: '', version: 1,
            amended: false, amendsId: null, knowledgeAt: '2026-11-23T04:00:00.000Z',
            sha256: '16804ec211672c0f69913f5058bbe067f294262b2accf107eac1ca92ba965349', integrity: 'ok',
            issuedAt: '2026-11-23T04:00:00.000Z', issuedBy: 'usr_2c75a67fa5808708', differences: null,
            created: false,
          },
        },
      },
      '201': {
        issued: {
          summary: 'Issued, version 1',
          value: {
            id: 'rpt_812fb4c88844e602', kind: 'monthly-monitoring', period: '2026-10', scope: '', version: 1,
            amended: false, amendsId: null, knowledgeAt: '2026-11-23T04:00:00.000Z',
            sha256: '16804ec211672c0f69913f5058bbe067f294262b2accf107eac1ca92ba965349', integrity: 'ok',
            issuedAt: '2026-11-23T04:00:00.000Z', issuedBy: 'usr_2c75a67fa5808708', differences: null,
            created: true,
          },
        },
      },
      '409': {
        concurrently: {
          summary: 'Someone issued the same version a moment before',
          value: {
            code: 'REPORT_ISSUED_CONCURRENTLY',
            message: 'version 2 of the monthly-monitoring report for 2026-10 was issued by someone else a moment ago: read it, and issue again if it is still needed',
          },
        },
      },
    },
  },
  listIssuedReports: {
    responses: {
      '200': {
        one: {
          summary: 'kind=monthly-monitoring',
          value: [
            {
              id: 'rpt_812fb4c88844e602', kind: 'monthly-monitoring', period: '2026-10', scope: '',
              version: 1, amended: false, amendsId: null, knowledgeAt: '2026-11-23T04:00:00.000Z',
              sha256: '16804ec211672c0f69913f5058bbe067f294262b2accf107eac1ca92ba965349', integrity: 'ok',
              issuedAt: '2026-11-23T04:00:00.000Z', issuedBy: 'usr_2c75a67fa5808708', differences: null,
            },
          ],
        },
      },
    },
  },
  getIssuedReport: {
    responses: {
      '200': {
        issued: {
          summary: 'Version 1, its hash verified',
          value: {
            id: 'rpt_812fb4c88844e602', kind: 'monthly-monitoring', period: '2026-10', scope: '', version: 1,
            amended: false, amendsId: null, knowledgeAt: '2026-11-23T04:00:00.000Z',
            sha256: '16804ec211672c0f69913f5058bbe067f294262b2accf107eac1ca92ba965349', integrity: 'ok',
            issuedAt: '2026-11-23T04:00:00.000Z', issuedBy: 'usr_2c75a67fa5808708', differences: null,
          },
        },
      },
    },
  },
  getIssuedReportFile: {
    responses: {
      '200': {
        csv: {
          summary: 'format=csv&table=utilisation', mediaType: 'text/csv',
          value: '﻿Agreement,Category,Cap period from,Cap period to,Annual cap (RMB),Actual for the month (RMB),"Actual, cap period to date (RMB)",Committed (open orders) (RMB),Headroom (RMB),% of cap used (%)\r\n2025 Xiaomi Cooperation Framework Agreement,IDC services,2026-01-01,2026-12-31,82000000.00,6600000.00,61000000.00,0.00,21000000.00,74.4\r\nTotal (CNY),,,,,6600000.00,,,,\r\n',
        },
      },
    },
  },
  listFollowUpTasks: {
    responses: {
      '200': {
        open: {
          summary: 'A task opened by a qualified INED limb (status=open)',
          value: [
            {
              id: 'task_1da3699aaa5e8a06', issuerId: 'iss_demo', rule: '14A.59', source: 'ined-sign-off',
              sourceId: 'iso_35c79a702c69471c', financialYear: '2025',
              title: {
                en: 'Notify the Exchange and publish an announcement: Yu Mingto (INED) could not confirm limb (ii) "Normal commercial terms or better" for FY2025 (Rule 14A.59 of the Listing Rules)',
                'zh-Hant': '通知聯交所並刊發公告：獨立非執行董事Yu Mingto未能就截至二零二五年十二月三十一日止年度確認第(ii)項「一般商業條款或更佳條款」（上市規則第14A.59條）',
              },
              detail: 'The network hardware orders of December 2025 were placed before the second independent quotation was received.',
              status: 'open', createdAt: '2026-11-23T04:00:00.000Z', completedAt: null, completedBy: null,
              completionNote: null,
              requirement: {
                en: 'Promptly notify the Exchange and publish an announcement (Rule 14A.59 of the Listing Rules).',
                'zh-Hant': '須從速通知聯交所並刊發公告（上市規則第14A.59條）。',
              },
            },
          ],
        },
      },
    },
  },
  completeFollowUpTask: {
    request: {
      done: {
        summary: 'The announcement was published',
        value: {
          note: 'Announcement published on 2 April 2026 and the Exchange notified the same day (Rule 14A.59).',
        },
      },
    },
    responses: {
      '200': {
        done: {
          summary: 'Completed',
          value: {
            id: 'task_1da3699aaa5e8a06', issuerId: 'iss_demo', rule: '14A.59', source: 'ined-sign-off',
            sourceId: 'iso_35c79a702c69471c', financialYear: '2025',
            title: {
              en: 'Notify the Exchange and publish an announcement: Yu Mingto (INED) could not confirm limb (ii) "Normal commercial terms or better" for FY2025 (Rule 14A.59 of the Listing Rules)',
              'zh-Hant': '通知聯交所並刊發公告：獨立非執行董事Yu Mingto未能就截至二零二五年十二月三十一日止年度確認第(ii)項「一般商業條款或更佳條款」（上市規則第14A.59條）',
            },
            detail: 'The network hardware orders of December 2025 were placed before the second independent quotation was received.',
            status: 'done', createdAt: '2026-11-23T04:00:00.000Z', completedAt: '2026-11-23T04:00:00.000Z',
            completedBy: 'usr_564ffea058ad6734',
            completionNote: 'Announcement published on 2 April 2026 and the Exchange notified the same day (Rule 14A.59).',
            requirement: {
              en: 'Promptly notify the Exchange and publish an announcement (Rule 14A.59 of the Listing Rules).',
              'zh-Hant': '須從速通知聯交所並刊發公告（上市規則第14A.59條）。',
            },
          },
        },
      },
      '409': {
        already: {
          summary: 'Completed already',
          value: {
            code: 'TASK_ALREADY_DONE',
            message: 'follow-up task task_1da3699aaa5e8a06 was already completed on 2026-11-23T04:00:00.000Z',
          },
        },
      },
    },
  },
  signOffInedReview: {
    request: {
      qualified: {
        summary: 'Yu Mingto qualifies limb (ii) for FY2025',
        value: {
          signedName: 'Yu Mingto',
          limbs: [
            { limb: 'ordinary-course', outcome: 'confirmed' },
            {
              limb: 'normal-commercial-terms', outcome: 'qualified',
              qualification: 'The network hardware orders of December 2025 were placed before the second independent quotation was received.',
              agreementIds: ['agr_5f1c9a0e2b7d4c31'],
            },
            { limb: 'per-agreement-fair-reasonable', outcome: 'confirmed' },
            { limb: 'shareholders-interests', outcome: 'confirmed' },
          ],
        },
      },
    },
    responses: {
      '201': {
        qualified: {
          summary: 'Recorded, with the 14A.59 task it opened',
          value: {
            id: 'iso_35c79a702c69471c', financialYear: '2025', userId: 'usr_8056300580825857',
            signedName: 'Yu Mingto',
            limbs: [
              { limb: 'ordinary-course', outcome: 'confirmed', qualification: null, agreementIds: [] },
              {
                limb: 'normal-commercial-terms', outcome: 'qualified',
                qualification: 'The network hardware orders of December 2025 were placed before the second independent quotation was received.',
                agreementIds: ['agr_5f1c9a0e2b7d4c31'],
              },
              {
                limb: 'per-agreement-fair-reasonable', outcome: 'confirmed', qualification: null,
                agreementIds: [],
              },
              { limb: 'shareholders-interests', outcome: 'confirmed', qualification: null, agreementIds: [] },
            ],
            packReportId: null, recordedAt: '2026-11-23T04:00:00.000Z',
            tasks: [
              {
                id: 'task_1da3699aaa5e8a06', issuerId: 'iss_demo', rule: '14A.59', source: 'ined-sign-off',
                sourceId: 'iso_35c79a702c69471c', financialYear: '2025',
                title: {
                  en: 'Notify the Exchange and publish an announcement: Yu Mingto (INED) could not confirm limb (ii) "Normal commercial terms or better" for FY2025 (Rule 14A.59 of the Listing Rules)',
                  'zh-Hant': '通知聯交所並刊發公告：獨立非執行董事Yu Mingto未能就截至二零二五年十二月三十一日止年度確認第(ii)項「一般商業條款或更佳條款」（上市規則第14A.59條）',
                },
                detail: 'The network hardware orders of December 2025 were placed before the second independent quotation was received.',
                status: 'open', createdAt: '2026-11-23T04:00:00.000Z', completedAt: null, completedBy: null,
                completionNote: null,
              },
            ],
          },
        },
      },
      '409': {
        already: {
          summary: 'This INED signed off FY2025 already',
          value: {
            code: 'ALREADY_SIGNED_OFF',
            message: 'you have already signed off FY2025 (iso_35c79a702c69471c, recorded 2026-11-23T04:00:00.000Z): a sign-off is recorded once and never changed',
          },
        },
      },
    },
  },
  listInedSignOffs: {
    responses: {
      '200': {
        fy2025: {
          summary: 'FY2025 in the demo: one sign-off shown',
          value: {
            financialYear: '2025', limbWording: 'four',
            limbs: [
              {
                key: 'ordinary-course', rule: '14A.55(1)', number: '(i)',
                wording: {
                  en: 'in the ordinary and usual course of business of the Group',
                  'zh-Hant': '於本集團的日常及一般業務過程中訂立',
                },
              },
              {
                key: 'normal-commercial-terms', rule: '14A.55(2)', number: '(ii)',
                wording: { en: 'on normal commercial terms or better', 'zh-Hant': '按一般商業條款或更佳條款進行' },
              },
              {
                key: 'per-agreement-fair-reasonable', rule: '14A.55(3)', number: '(iii)',
                wording: {
                  en: 'in accordance with the agreements governing them on terms that are fair and reasonable',
                  'zh-Hant': '根據規管該等交易的協議進行，條款公平合理',
                },
              },
              {
                key: 'shareholders-interests', rule: '14A.55(3)', number: '(iv)',
                wording: {
                  en: 'in the interests of the Company and its shareholders as a whole',
                  'zh-Hant': '符合本公司及其股東的整體利益',
                },
              },
            ],
            items: [
              {
                id: 'iso_2cfd27aece9cd8bf', financialYear: '2025', userId: 'usr_3e9bfc17a9974d5b',
                signedName: 'Yu Mingto',
                limbs: [
                  { limb: 'ordinary-course', outcome: 'confirmed', qualification: null, agreementIds: [] },
                  {
                    limb: 'normal-commercial-terms', outcome: 'confirmed', qualification: null,
                    agreementIds: [],
                  },
                  {
                    limb: 'per-agreement-fair-reasonable', outcome: 'confirmed', qualification: null,
                    agreementIds: [],
                  },
                  {
                    limb: 'shareholders-interests', outcome: 'confirmed', qualification: null,
                    agreementIds: [],
                  },
                ],
                packReportId: null, recordedAt: '2026-11-23T04:00:00.000Z', tasks: [],
              },
            ],
            awaiting: [{ userId: 'usr_2c75a67fa5808708', name: 'Demo administrator' }],
          },
        },
      },
    },
  },
  putAnnualReviewSettings: {
    request: {
      fy2026: {
        summary: 'FY2026: the four-limb wording, bulk printing on 14 April 2027',
        value: { limbWording: 'four', bulkPrintDate: '2027-04-14' },
      },
    },
    responses: {
      '200': {
        recorded: {
          summary: 'Recorded',
          value: {
            financialYear: '2026', limbWording: 'four', bulkPrintDate: '2027-04-14',
            recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'usr_2c75a67fa5808708',
          },
        },
      },
    },
  },
  recordAuditorLetter: {
    request: {
      clean: {
        summary: 'No exception; the pricing-policy matter not applicable (the group buys)',
        value: {
          auditorName: 'Harbour & Peak CPA Limited (illustrative)', letterDate: '2026-03-20',
          findings: [
            { matter: 'board-approval', outcome: 'no-exception' },
            { matter: 'pricing-policy', outcome: 'not-applicable' },
            { matter: 'agreement-terms', outcome: 'no-exception' },
            { matter: 'caps', outcome: 'no-exception' },
          ],
        },
      },
    },
    responses: {
      '201': {
        clean: {
          summary: 'Recorded; no 14A.59 task opened',
          value: {
            id: 'aul_95f118f25aaf1b58', financialYear: '2025', seq: 1,
            auditorName: 'Harbour & Peak CPA Limited (illustrative)', letterDate: '2026-03-20',
            findings: exampleCleanFindings, evidenceSha256: null, sentToExchangeOn: null,
            recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'usr_564ffea058ad6734', qualified: false,
            followUpTasks: [],
          },
        },
      },
      '409': {
        concurrently: {
          summary: 'Another letter on the year was recorded at the same moment',
          value: {
            code: 'LETTER_RECORDED_CONCURRENTLY',
            message: 'another letter on FY2025 was recorded at the same time: read the letters and record this one again if it is still needed',
          },
        },
      },
    },
  },
  auditorLetterStatus: {
    responses: {
      '200': {
        met: {
          summary: 'FY2025: the copy was sent before the 14A.57 deadline',
          value: {
            financialYear: '2025', period: { start: '2025-01-01', end: '2025-12-31' },
            settings: {
              financialYear: '2025', limbWording: 'four', bulkPrintDate: '2026-04-15',
              recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'usr_564ffea058ad6734',
            },
            letters: [
              {
                id: 'aul_95f118f25aaf1b58', financialYear: '2025', seq: 1,
                auditorName: 'Harbour & Peak CPA Limited (illustrative)', letterDate: '2026-03-20',
                findings: exampleCleanFindings, evidenceSha256: null, sentToExchangeOn: '2026-03-23',
                recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'usr_564ffea058ad6734', qualified: false,
              },
            ],
            deadline: {
              rule: '14A.57', businessDaysBefore: 10, bulkPrintDate: '2026-04-15', sentOn: '2026-03-23',
              asOf: '2026-11-23',
              calendarSource: 'Hong Kong general holidays as gazetted for 2025 and 2026 (General Holidays Ordinance, Cap. 149)',
              closuresNote: {
                en: 'Trading cancelled for typhoon signal No. 8, a black rainstorm or "extreme conditions" cannot be known in advance and is not counted: a closure between the deadline and the bulk-printing date moves the deadline one business day earlier.',
                'zh-Hant': '因八號或以上颱風信號、黑色暴雨警告或「極端情況」而取消的交易日無法預知，並未計算在內：截止日期與大量印刷日期之間如有休市，截止日期須提前一個營業日。',
              },
              sendBy: '2026-03-27', status: 'met', calendarIncomplete: false, yearsNotCovered: [],
            },
          },
        },
      },
    },
  },
  markAuditorLetterSent: {
    request: { sent: { summary: 'Sent on 23 March 2026', value: { sentOn: '2026-03-23' } } },
    responses: {
      '200': {
        sent: {
          summary: 'Recorded',
          value: {
            id: 'aul_95f118f25aaf1b58', financialYear: '2025', seq: 1,
            auditorName: 'Harbour & Peak CPA Limited (illustrative)', letterDate: '2026-03-20',
            findings: exampleCleanFindings, evidenceSha256: null, sentToExchangeOn: '2026-03-23',
            recordedAt: '2026-11-23T04:00:00.000Z', recordedBy: 'usr_564ffea058ad6734', qualified: false,
          },
        },
      },
      '409': {
        already: {
          summary: 'Recorded already',
          value: {
            code: 'LETTER_ALREADY_SENT',
            message: 'the copy of letter aul_95f118f25aaf1b58 to the Exchange is already recorded as sent on 2026-03-23; a corrected letter is recorded as a new letter',
          },
        },
      },
    },
  },
  signIn: {
    request: {
      demo: {
        summary: 'The demo administrator (the password printed at the first start)',
        value: { email: 'admin@demo.armslength.invalid', password: 'the password printed once' },
      },
    },
    responses: {
      '201': {
        session: {
          summary: 'Signed in: send csrfToken as X-CSRF-Token with each write',
          value: {
            via: 'session',
            user: {
              id: 'usr_2c75a67fa5808708', email: 'admin@demo.armslength.invalid', name: 'Demo administrator',
              mustChangePassword: true, language: null,
            },
            csrfToken: 'KnuSZBpZK3pfcmOgg295dBGxI8ziqkSlsqu1m0Sk0dg',
            issuers: [
              {
                id: 'iss_demo',
                name: { en: 'Kingsoft Cloud Holdings Limited (demo data)', 'zh-Hant': '金山云控股有限公司（示範數據）' },
                isDemo: true,
                roles: [
                  'admin', 'auditor', 'business', 'company-secretary', 'director', 'finance', 'ined',
                  'senior-management',
                ],
              },
            ],
            expiresAt: '2026-11-23T16:00:00.000Z',
          },
        },
      },
      '401': {
        wrong: {
          summary: 'Wrong e-mail address or password',
          value: { code: 'INVALID_CREDENTIALS', message: 'the e-mail address or password is not correct' },
        },
      },
      '429': {
        limited: {
          summary: 'Too many attempts from this address (Retry-After: 60)',
          value: {
            code: 'RATE_LIMITED', message: 'too many sign-in attempts from this address: try again in 60 s',
          },
        },
      },
    },
  },
  getSession: {
    responses: {
      '200': {
        session: {
          summary: 'Signed in with the cookie',
          value: {
            via: 'session',
            user: {
              id: 'usr_2c75a67fa5808708', email: 'admin@demo.armslength.invalid', name: 'Demo administrator',
              mustChangePassword: true, language: null,
            },
            csrfToken: 'c4Lq0sV7mN2xT9bR5wK8yH3dJ6fP1gZaE0uIo4rXk7Q',
            issuers: [
              {
                id: 'iss_demo',
                name: { en: 'Kingsoft Cloud Holdings Limited (demo data)', 'zh-Hant': '金山云控股有限公司（示範數據）' },
                isDemo: true,
                roles: [
                  'admin', 'auditor', 'business', 'company-secretary', 'director', 'finance', 'ined',
                  'senior-management',
                ],
              },
            ],
          },
        },
        token: {
          summary: 'With an API token: no csrfToken',
          value: {
            via: 'token',
            user: {
              id: 'usr_2c75a67fa5808708', email: 'admin@demo.armslength.invalid', name: 'Demo administrator',
              mustChangePassword: true, language: null,
            },
            issuers: [
              {
                id: 'iss_demo',
                name: { en: 'Kingsoft Cloud Holdings Limited (demo data)', 'zh-Hant': '金山云控股有限公司（示範數據）' },
                isDemo: true,
                roles: [
                  'admin', 'auditor', 'business', 'company-secretary', 'director', 'finance', 'ined',
                  'senior-management',
                ],
              },
            ],
          },
        },
      },
    },
  },
  changePassword: {
    request: {
      change: {
        summary: 'A new passphrase',
        value: {
          currentPassword: 'the password printed once', newPassword: 'a new passphrase for the demo 2026',
        },
      },
    },
    responses: {
      '403': {
        wrong: {
          summary: 'The current password is wrong',
          value: { code: 'INVALID_CREDENTIALS', message: 'the current password is not correct' },
        },
      },
    },
  },
  setPreferences: {
    request: { zh: { summary: 'Traditional Chinese', value: { language: 'zh-Hant' } } },
    responses: { '200': { saved: { summary: 'Saved', value: { language: 'zh-Hant' } } } },
  },
  firstRunSetup: {
    request: {
      setup: {
        summary: 'The first administrator, also company secretary, at a new issuer',
        value: {
          setupCode: 'K7W2-9QXM-4TRB', email: 'it.admin@kingsoft-cloud.example',
          password: 'correct horse battery staple 2026', name: 'Wong Siu Ming',
          issuerName: 'Kingsoft Cloud Holdings Limited', roles: ['company-secretary'],
        },
      },
    },
    responses: {
      '201': {
        created: {
          summary: 'The first account',
          value: {
            user: {
              id: 'usr_36d730946f3224d9', email: 'it.admin@kingsoft-cloud.example', name: 'Wong Siu Ming',
            },
            issuer: {
              id: 'iss_044d5d27e7a802f9', name: { en: 'Kingsoft Cloud Holdings Limited', 'zh-Hant': null },
            },
            roles: ['admin', 'company-secretary'],
          },
        },
      },
      '401': {
        code: {
          summary: 'No or a wrong setup code',
          value: {
            code: 'SETUP_CODE_INVALID',
            message: 'first-run setup needs the setup code the server printed when it started',
          },
        },
      },
      '409': {
        done: {
          summary: 'An account exists already',
          value: { code: 'SETUP_DONE', message: 'setup is done: an account exists, so sign in instead' },
        },
      },
    },
  },
  listMembers: {
    responses: {
      '200': {
        demo: {
          summary: 'The demo issuer’s members (shortened)',
          value: {
            items: [
              {
                id: 'usr_2c75a67fa5808708', email: 'admin@demo.armslength.invalid',
                name: 'Demo administrator', disabled: false, lockedUntil: null, mustChangePassword: true,
                roles: [
                  {
                    role: 'admin', validFrom: null, validTo: null, inForce: true, grantedBy: 'demo-loader',
                    grantedAt: '2026-11-23T04:00:00.000Z', personId: null,
                  },
                  {
                    role: 'auditor', validFrom: null, validTo: null, inForce: true, grantedBy: 'demo-loader',
                    grantedAt: '2026-11-23T04:00:00.000Z', personId: null,
                  },
                  {
                    role: 'business', validFrom: null, validTo: null, inForce: true, grantedBy: 'demo-loader',
                    grantedAt: '2026-11-23T04:00:00.000Z', personId: null,
                  },
                  {
                    role: 'company-secretary', validFrom: null, validTo: null, inForce: true,
                    grantedBy: 'demo-loader', grantedAt: '2026-11-23T04:00:00.000Z', personId: null,
                  },
                  {
                    role: 'director', validFrom: null, validTo: null, inForce: true, grantedBy: 'demo-loader',
                    grantedAt: '2026-11-23T04:00:00.000Z', personId: null,
                  },
                  {
                    role: 'finance', validFrom: null, validTo: null, inForce: true, grantedBy: 'demo-loader',
                    grantedAt: '2026-11-23T04:00:00.000Z', personId: null,
                  },
                  {
                    role: 'ined', validFrom: null, validTo: null, inForce: true, grantedBy: 'demo-loader',
                    grantedAt: '2026-11-23T04:00:00.000Z', personId: null,
                  },
                  {
                    role: 'senior-management', validFrom: null, validTo: null, inForce: true,
                    grantedBy: 'demo-loader', grantedAt: '2026-11-23T04:00:00.000Z', personId: null,
                  },
                ],
              },
              {
                id: 'usr_afb1c6c8cb94b6d7', email: 'qu-jingyuan@demo.armslength.invalid',
                name: 'Qu Jingyuan (illustrative)', disabled: false, lockedUntil: null,
                mustChangePassword: false,
                roles: [
                  {
                    role: 'ined', validFrom: null, validTo: null, inForce: true, grantedBy: 'demo-loader',
                    grantedAt: '2026-11-23T04:00:00.000Z', personId: 'qu-jingyuan',
                  },
                ],
              },
            ],
          },
        },
      },
    },
  },
  grantRole: {
    request: {
      newUser: {
        summary: 'A new finance user',
        value: {
          email: 'finance.analyst@kingsoft-cloud.example', role: 'finance', name: 'Chan Tai Man',
          password: 'a long enough password 2026',
        },
      },
    },
    responses: {
      '201': {
        created: {
          summary: 'Granted; the user was created',
          value: {
            member: {
              id: 'usr_9692cfaed0b39eff', email: 'finance.analyst@kingsoft-cloud.example',
              name: 'Chan Tai Man', disabled: false, lockedUntil: null, mustChangePassword: false,
              roles: [
                {
                  role: 'finance', validFrom: null, validTo: null, inForce: true,
                  grantedBy: 'usr_2c75a67fa5808708', grantedAt: '2026-11-23T04:00:00.000Z', personId: null,
                },
              ],
            },
            createdUser: true,
          },
        },
      },
    },
  },
  removeRole: {
    responses: {
      '409': {
        lastAdmin: {
          summary: 'The issuer’s last admin',
          value: {
            code: 'LAST_ADMIN',
            message: 'this is the issuer’s last admin: grant the role to someone else first',
          },
        },
      },
    },
  },
  listTokens: {
    responses: {
      '200': {
        two: {
          summary: 'A token with all the user’s roles and one with finance only',
          value: {
            items: [
              {
                id: 'tok_8ebcd8fd9bdbf48e', prefix: 'alt_4mQx', issuerId: 'iss_demo', role: null,
                createdAt: '2026-11-23T04:00:00.000Z', expiresAt: '2027-02-21T04:00:00.000Z', revokedAt: null,
                lastUsedAt: '2026-11-23T04:00:00.000Z',
              },
              {
                id: 'tok_973533c220520713', prefix: 'alt_9FhT', issuerId: 'iss_demo', role: 'finance',
                createdAt: '2026-11-23T04:00:00.000Z', expiresAt: '2027-02-21T04:00:00.000Z', revokedAt: null,
                lastUsedAt: null,
              },
            ],
          },
        },
      },
    },
  },
  createToken: {
    request: {
      finance: {
        summary: 'A finance-only token for the ERP integration, for 90 days',
        value: { role: 'finance', expiresInDays: 90 },
      },
    },
    responses: {
      '201': {
        created: {
          summary: 'The token is shown this once',
          value: {
            token: 'alt_9FhT2wKc6NvZq3LmX8bRs1YdP5gJe0aUi7oWk4tCx6M',
            record: {
              id: 'tok_973533c220520713', prefix: 'alt_9FhT', issuerId: 'iss_demo', role: 'finance',
              createdAt: '2026-11-23T04:00:00.000Z', expiresAt: '2027-02-21T04:00:00.000Z', revokedAt: null,
              lastUsedAt: null,
            },
          },
        },
      },
      '403': {
        sessionRequired: {
          summary: 'Asked with an API token',
          value: {
            code: 'SESSION_REQUIRED',
            message: 'tokens are made from a signed-in session, not with another token',
          },
        },
        csrf: {
          summary: 'Asked with the session cookie but without X-CSRF-Token',
          value: {
            code: 'CSRF_TOKEN_INVALID',
            message: 'a write with a session cookie needs its CSRF token in the X-CSRF-Token header (from POST or GET /api/v1/session)',
          },
        },
      },
    },
  },
  revokeToken: {
    responses: {
      '404': {
        notFound: {
          summary: 'Not one of the caller’s tokens',
          value: { code: 'NOT_FOUND', message: 'token tok_0000000000000000 was not found' },
        },
      },
    },
  },
  openapi: {
    responses: {
      '200': {
        document: {
          summary: 'This document, shortened to one path',
          value: {
            openapi: '3.1.0',
            info: {
              title: 'Arm\'s Length API', version: '1',
              description: 'Keeps a Hong Kong-listed issuer’s continuing connected transactions within their annual caps (Chapter 14A of the Listing Rules). …',
            },
            servers: [{ url: '/' }], tags: [{ name: 'meta', description: 'Health and this document' }],
            security: [{ bearerToken: [] }, { sessionCookie: [] }],
            paths: {
              '/api/v1/health': {
                get: {
                  operationId: 'health',
                  summary: 'Whether the server and its database answer. Needs no credentials.',
                  tags: ['meta'], security: [], responses: { '200': { description: 'Healthy' } },
                },
              },
            },
            components: {
              schemas: { Health: { type: 'object', required: ['status', 'engine'] } }, responses: {},
              parameters: {},
              securitySchemes: {
                bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token, alt_…' },
              },
            },
          },
        },
      },
    },
  },
  home: {
    responses: {
      '200': {
        page: {
          summary: 'The web application’s page (its scripts load from /assets)', mediaType: 'text/html',
          value: '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />\n    <title>Arm\'s Length</title>\n    <script type="module" crossorigin src="/assets/index-BKZZlYu1.js"></script>\n  </head>\n  <body>\n    <div id="root"></div>\n  </body>\n</html>\n',
        },
      },
    },
  },
  plainHome: {
    responses: {
      '200': {
        page: {
          summary: 'The server-rendered utilisation page (shortened)', mediaType: 'text/html',
          value: '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Arm\'s Length</title>\n…\n</head>\n<body>\n…\n</body>\n</html>\n',
        },
      },
    },
  },
  signInPage: {
    responses: {
      '200': {
        form: {
          summary: 'The sign-in form (shortened)', mediaType: 'text/html',
          value: '<!doctype html>\n<html lang="en">\n<head>…<title>Sign in · 登入 · Arm\'s Length</title>…</head>\n<body>\n<h1>Arm\'s Length</h1>\n<form method="post" action="/login">\n<input id="email" name="email" type="email" autocomplete="username" required value="">\n<input id="password" name="password" type="password" autocomplete="current-password" required>\n…\n</form>\n</body>\n</html>\n',
        },
      },
    },
  },
  signInForm: {
    request: {
      demo: {
        summary: 'The demo administrator', mediaType: 'application/x-www-form-urlencoded',
        value: { email: 'admin@demo.armslength.invalid', password: 'the password printed once' },
      },
    },
    responses: {},
  },
  signOutForm: {
    request: {
      signOut: {
        summary: 'The sign-out button’s form', mediaType: 'application/x-www-form-urlencoded',
        value: { csrfToken: 'KnuSZBpZK3pfcmOgg295dBGxI8ziqkSlsqu1m0Sk0dg' },
      },
    },
    responses: {},
  },
  startImport: {
    request: {
      csv: {
        summary: 'Two invoices in the generic preset’s columns, as the body (POST /api/v1/imports/actuals?dryRun=true&fileName=invoices.csv)',
        mediaType: 'text/csv',
        value: 'agreement,category,date,amount,currency,reference,order\r\n2025 Xiaomi Cooperation Framework Agreement,idc-services,2026-11-25,6700000.00,CNY,INV-IDC-2026-11-001,DEMO-PO-IDC-2026-11 (illustrative)\r\n2025 Xiaomi Cooperation Framework Agreement,idc-services,2026-12-25,6800000.00,CNY,INV-IDC-2026-12-001,\r\n',
      },
      form: {
        summary: 'An SAP FI export as a form upload (POST /api/v1/imports/actuals?mapping=sap-fi-xiaomi)',
        mediaType: 'multipart/form-data',
        value: {
          file: 'Contract No,Cost category,Posting date,Amount,Curr.,Document no.,PO\r\n2025 Xiaomi Cooperation Framework Agreement,idc-services,25/12/2026,"6,800,000.00",CNY,5100012345,PO-IDC-2026-12\r\n2025 Xiaomi Cooperation Framework Agreement,idc-services,31/11/2026,6800000.00,CNY,5100012346,\r\n2025 Xiaomi Cooperation Framework Agreement,idc,30/11/2026,6800000.00,CNY,5100012347,\r\n',
        },
      },
    },
    responses: {
      '202': {
        queued: {
          summary: 'Queued (Location: the progressUrl)',
          value: {
            id: 'imp_3a83f4f012b3a8a1', kind: 'actuals', mapping: 'generic', dryRun: true, status: 'queued',
            progressUrl: '/api/v1/import-runs/imp_3a83f4f012b3a8a1',
          },
        },
      },
      '422': {
        mapping: {
          summary: 'mapping names no preset of the issuer',
          value: {
            errors: [
              {
                path: 'mapping',
                message: 'no import mapping "oracle-ebs" exists for this issuer (the built-in one is "generic")',
              },
            ],
          },
        },
        kind: {
          summary: 'kind is neither actuals nor orders',
          value: { errors: [{ path: 'kind', message: 'must be actuals or orders, not "invoices"' }] },
        },
        noFile: {
          summary: 'No file in the request',
          value: {
            errors: [
              {
                path: 'file',
                message: 'no file was sent; send the file as the body (Content-Type: text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) or as multipart/form-data in a part named "file"',
              },
            ],
          },
        },
      },
    },
  },
  getImport: {
    responses: {
      '200': {
        checked: {
          summary: 'The dry run: no bad row, nothing written',
          value: {
            id: 'imp_3a83f4f012b3a8a1', kind: 'actuals', mapping: 'generic', dryRun: true,
            fileName: 'invoices.csv', status: 'checked', rowsRead: 2, rowsValid: 2, rowsWritten: 0,
            rowsSkipped: 0, errorCount: 0, errors: [],
            summary: 'Dry run of invoices.csv: 2 rows read, no bad row; 2 would be imported and 0 skipped as imported before. Nothing was written.',
            startedAt: '2026-11-23T04:00:00.000Z', finishedAt: '2026-11-23T04:00:00.000Z',
            progressUrl: '/api/v1/import-runs/imp_3a83f4f012b3a8a1',
          },
        },
        imported: {
          summary: 'The same file imported',
          value: {
            id: 'imp_1404bac89d123852', kind: 'actuals', mapping: 'generic', dryRun: false,
            fileName: 'invoices.csv', status: 'imported', rowsRead: 2, rowsValid: 2, rowsWritten: 2,
            rowsSkipped: 0, errorCount: 0, errors: [],
            summary: 'Imported invoices.csv: 2 rows read, 2 actuals written, 0 skipped as imported before.',
            startedAt: '2026-11-23T04:00:00.000Z', finishedAt: '2026-11-23T04:00:00.000Z',
            progressUrl: '/api/v1/import-runs/imp_1404bac89d123852',
          },
        },
        again: {
          summary: 'The same file imported again: every row skipped as imported before',
          value: {
            id: 'imp_949cefcafa7de2f3', kind: 'actuals', mapping: 'generic', dryRun: false,
            fileName: 'invoices.csv', status: 'imported', rowsRead: 2, rowsValid: 2, rowsWritten: 0,
            rowsSkipped: 2, errorCount: 0, errors: [],
            summary: 'Imported invoices.csv: 2 rows read, 0 actuals written, 2 skipped as imported before.',
            startedAt: '2026-11-23T04:00:00.000Z', finishedAt: '2026-11-23T04:00:00.000Z',
            progressUrl: '/api/v1/import-runs/imp_949cefcafa7de2f3',
          },
        },
        refused: {
          summary: 'Bad rows: each one listed (the header is line 1) and nothing written',
          value: {
            id: 'imp_381dde2604d4bc5e', kind: 'actuals', mapping: 'sap-fi-xiaomi', dryRun: false,
            fileName: 'sap-export-2026-11.csv', status: 'refused', rowsRead: 3, rowsValid: 0, rowsWritten: 0,
            rowsSkipped: 0, errorCount: 3,
            errors: [
              {
                line: 2, column: 'PO', value: 'PO-IDC-2026-12', code: 'UNKNOWN_ORDER',
                reason: 'no order of agr_5f1c9a0e2b7d4c31 / "idc-services" has the id or reference "PO-IDC-2026-12"',
              },
              {
                line: 3, column: 'Posting date', value: '31/11/2026', code: 'INVALID_VALUE',
                reason: '"31/11/2026" is not a date in the form DD/MM/YYYY, such as 31/03/2026',
              },
              {
                line: 4, column: 'Cost category', value: 'idc', code: 'UNKNOWN_CATEGORY',
                reason: '"idc" is not a category of agr_5f1c9a0e2b7d4c31 (idc-services, network-hardware)',
              },
            ],
            summary: 'sap-export-2026-11.csv was refused: 3 bad rows among 3 rows read. Nothing was written.',
            startedAt: '2026-11-23T04:00:00.000Z', finishedAt: '2026-11-23T04:00:00.000Z',
            progressUrl: '/api/v1/import-runs/imp_381dde2604d4bc5e',
          },
        },
      },
      '404': {
        notFound: {
          summary: 'No such import at the acting issuer',
          value: { code: 'NOT_FOUND', message: 'import imp_5c61a96566967f0b was not found' },
        },
      },
    },
  },
  listImportMappings: {
    responses: {
      '200': {
        two: {
          summary: 'The built-in preset and one the issuer saved',
          value: [
            {
              name: 'generic', builtIn: true,
              columns: {
                agreement: 'agreement', category: 'category', date: 'date', amount: 'amount',
                currency: 'currency', reference: 'reference', order: 'order', fx_rate: 'fx_rate',
              },
              dateFormat: 'iso', sheet: null,
              description: 'Built in: columns agreement (id or unique English name), category (key), date (YYYY-MM-DD), amount, currency, reference; optional order (id or reference) and fx_rate.',
              recordedAt: null, recordedBy: null,
            },
            exValue,
          ],
        },
      },
    },
  },
  getImportMapping: {
    responses: {
      '200': { saved: { summary: 'A saved preset', value: exValue } },
      '404': {
        notFound: {
          summary: 'No such preset',
          value: { code: 'NOT_FOUND', message: 'import mapping "oracle-ebs" was not found' },
        },
      },
    },
  },
  putImportMapping: {
    request: {
      sap: {
        summary: 'The columns of an SAP FI export, dates as DD/MM/YYYY',
        value: {
          columns: {
            agreement: 'Contract No', category: 'Cost category', date: 'Posting date', amount: 'Amount',
            currency: 'Curr.', reference: 'Document no.', order: 'PO',
          },
          dateFormat: 'dmy', sheet: 'Invoices', description: 'SAP FI export of Xiaomi invoices',
        },
      },
    },
    responses: {
      '200': { replaced: { summary: 'Saved again: it replaces the preset of that name', value: exValue } },
      '201': { created: { summary: 'Saved under a new name', value: exValue } },
      '409': {
        builtIn: {
          summary: 'generic is built in',
          value: {
            code: 'BUILT_IN_MAPPING',
            message: 'the "generic" mapping is built in and cannot be replaced: save yours under another name',
          },
        },
      },
    },
  },
};
