/**
 * Issue 6: who may do what, as data (decision 0012). A membership gives a user one or more roles at
 * one issuer; `authorize` says whether any of them permits an action. The app layer checks it in every
 * use case, so the HTTP routes and the CLI cannot drift apart.
 */

/** The roles a membership can hold (issue 6), in the order they are listed to users. */
export const ROLES = [
  'business',
  'finance',
  'senior-management',
  'director',
  'ined',
  'auditor',
  'company-secretary',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** What every business role may read: the issuer's ledger views (not evidence, not the audit log). */
const LEDGER_READS = [
  'issuer.read',
  'agreement.read',
  'order.read',
  'utilization.read',
  'forecast.read',
  'breach.read',
  'register.read',
  'classification.read',
  'alert.read',
  'inbox.read',
  'escalation.read',
  'policy.read',
  'schedule.read',
  'report.read',
] as const;

/**
 * Every use case, named `<thing>.<verb>`. A closed list: a new use case adds its action here and a
 * row to the matrix test, which fails until it does.
 */
export const ACTIONS = [
  // Reading the issuer's records (the ledger views).
  ...LEDGER_READS,
  // Reading what is kept for auditors: evidence files, the audit log, notification deliveries.
  'evidence.read',
  'audit.read',
  'delivery.read',
  // Agreements and their caps (company secretary).
  'agreement.create',
  'agreement.change',
  'category.terminate',
  'cap.revise',
  'cap.approval',
  'register.write',
  'figures.record',
  'board-resolution.record',
  'classification.run',
  'policy.write',
  // Orders (business) and quotes.
  'order.place',
  'order.check',
  'order.change',
  'evidence.upload',
  // Actuals, imports, FX (finance).
  'actual.post',
  'actual.reverse',
  'import.run',
  'fx.record',
  // Monitoring.
  'alert.acknowledge',
  'alert.remediate',
  'escalation.review',
  'escalation.decide',
  'subscription.manage',
  // The annual review (14A.55): the independent non-executive directors' sign-off.
  'review.sign-off',
  // The annual review's settings (limb wording, bulk-print date) and the auditor's letter (14A.56,
  // 14A.57): recorded by the company secretary; the auditor is read-only.
  'review.settings',
  'auditor-letter.record',
  // Reports issued as records (stored with their hash), and the 14A.59 follow-up tasks.
  'report.issue',
  'follow-up.complete',
  // Administration.
  'user.manage',
  'issuer.settings',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The role × action matrix (decision 0012). Roles add up: a user with two roles may do both's actions. */
export const PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
  business: [
    ...LEDGER_READS,
    'order.place',
    'order.check',
    'order.change',
    'evidence.upload',
    'evidence.read',
  ],
  finance: [
    ...LEDGER_READS,
    'actual.post',
    'actual.reverse',
    'import.run',
    'fx.record',
    'figures.record',
    'evidence.read',
    'report.issue',
  ],
  'senior-management': [...LEDGER_READS, 'alert.acknowledge', 'alert.remediate', 'escalation.review'],
  director: [...LEDGER_READS, 'escalation.decide'],
  ined: [...LEDGER_READS, 'review.sign-off', 'evidence.read'],
  auditor: [...LEDGER_READS, 'evidence.read', 'audit.read', 'delivery.read'],
  'company-secretary': [
    ...LEDGER_READS,
    'agreement.create',
    'agreement.change',
    'category.terminate',
    'cap.revise',
    'cap.approval',
    'register.write',
    'figures.record',
    'board-resolution.record',
    'classification.run',
    'policy.write',
    'alert.remediate',
    'subscription.manage',
    'report.issue',
    'follow-up.complete',
    'delivery.read',
    'evidence.upload',
    'evidence.read',
    'review.settings',
    'auditor-letter.record',
  ],
  // Separation of duties: the admin keeps the accounts, not the books. An admin who needs to read the
  // records grants themselves a role, which the audit log shows.
  admin: [
    'issuer.read',
    'user.manage',
    'issuer.settings',
    'subscription.manage',
    'delivery.read',
    'audit.read',
  ],
};

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export const isAction = (value: unknown): value is Action =>
  typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);

export type Authorization = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Whether any of `roles` permits `action`; the refusal says which roles were held. */
export function authorize(roles: readonly Role[], action: Action): Authorization {
  if (roles.some((role) => PERMISSIONS[role].includes(action))) return { ok: true };
  const held =
    roles.length === 0 ? 'no role' : `the role${roles.length === 1 ? '' : 's'} ${roles.join(', ')}`;
  const allowed = ROLES.filter((role) => PERMISSIONS[role].includes(action));
  return {
    ok: false,
    reason: `${held} may not ${action} (allowed: ${allowed.length === 0 ? 'nobody' : allowed.join(', ')})`,
  };
}
