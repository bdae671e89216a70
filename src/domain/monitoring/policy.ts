/**
 * The issuer's monitoring policy (issue 5) — issuer policy, not law ([P] in the rule digest): the
 * thresholds that raise alerts, who is told of each kind, and the notice periods. The seed's
 * internal controls give the defaults: senior management is told at once at about 80% of a cap;
 * the board when the cap looks insufficient.
 */
import { joinPath, parsed, type FieldError, type Parsed } from '../result.js';

export const ALERT_KINDS = [
  'THRESHOLD',
  'EARLY_WARNING',
  'BREACH',
  'CAP_INSUFFICIENT',
  'TERM_EXPIRY',
  'REVIEW_DEADLINE',
] as const;
export type MonitoringAlertKind = (typeof ALERT_KINDS)[number];

export const RECIPIENT_ROLES = [
  'finance',
  'senior-management',
  'compliance',
  'company-secretary',
  'directors',
  'ineds',
] as const;
export type MonitoringRole = (typeof RECIPIENT_ROLES)[number];

/** A percentage as an exact fraction of 100: "80" → 80/1, "79.5" → 159/2. */
export interface Percent {
  readonly text: string;
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export interface MonitoringPolicy {
  /** THRESHOLD alerts on actual amounts; default ["80"]. */
  readonly thresholds: readonly Percent[];
  /** EARLY_WARNING alerts on actual + committed; default none. */
  readonly earlyWarningThresholds: readonly Percent[];
  readonly recipients: { readonly [K in MonitoringAlertKind]: readonly MonitoringRole[] };
  /** TERM_EXPIRY this many days before a category's term ends; default 90. */
  readonly termExpiryNoticeDays: number;
  /** REVIEW_DEADLINE this many days before an annual review is due; default 30. */
  readonly reviewNoticeDays: number;
  /**
   * A forecast above the cap by more than this percentage of the cap escalates; default "0" (any
   * projected excess escalates).
   */
  readonly escalationMargin: Percent;
}

const DECIMAL = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/** "80" or "79.5" (0 < p ≤ 100, at most four decimals) as an exact fraction. */
export function parsePercent(
  value: unknown,
  path: string,
  opts: { allowZero?: boolean } = {},
): Parsed<Percent> {
  const text = typeof value === 'number' ? null : typeof value === 'string' ? value.trim() : null;
  const m = text === null ? null : DECIMAL.exec(text);
  if (!m || text === null) {
    return {
      ok: false,
      errors: [
        {
          path,
          message: `must be a percentage as a decimal string such as "80" (got ${JSON.stringify(value)})`,
        },
      ],
    };
  }
  const frac = m[2] ?? '';
  const denominator = 10n ** BigInt(frac.length);
  const numerator = BigInt((m[1] ?? '0') + frac);
  const zero = numerator === 0n;
  if ((zero && !opts.allowZero) || numerator > 100n * denominator) {
    return {
      ok: false,
      errors: [
        { path, message: `must be ${opts.allowZero ? 'from 0' : 'above 0'} and at most 100 (got "${text}")` },
      ],
    };
  }
  return parsed({ text, numerator, denominator });
}

/** Whether `part` has reached `p` of `whole` (≥), decided exactly on bigints. A zero cap is reached at once. */
export const reaches = (part: bigint, whole: bigint, p: Percent): boolean =>
  part * 100n * p.denominator >= whole * p.numerator;

const pct = (text: string): Percent => {
  const r = parsePercent(text, 'default');
  if (!r.ok) throw new Error(`bad default percent ${text}`);
  return r.value;
};

export const DEFAULT_RECIPIENTS: MonitoringPolicy['recipients'] = {
  THRESHOLD: ['senior-management', 'finance'],
  EARLY_WARNING: ['finance'],
  BREACH: ['compliance', 'senior-management', 'directors'],
  CAP_INSUFFICIENT: ['senior-management', 'directors'],
  TERM_EXPIRY: ['company-secretary', 'senior-management'],
  REVIEW_DEADLINE: ['company-secretary', 'ineds'],
};

export const defaultMonitoringPolicy = (): MonitoringPolicy => ({
  thresholds: [pct('80')],
  earlyWarningThresholds: [],
  recipients: DEFAULT_RECIPIENTS,
  termExpiryNoticeDays: 90,
  reviewNoticeDays: 30,
  escalationMargin: { text: '0', numerator: 0n, denominator: 1n },
});

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const KNOWN = new Set([
  'thresholds',
  'earlyWarningThresholds',
  'recipients',
  'termExpiryNoticeDays',
  'reviewNoticeDays',
  'escalationMargin',
]);

function parsePercentList(
  raw: unknown,
  path: string,
  errors: FieldError[],
  fallback: readonly Percent[],
): Percent[] {
  if (raw === undefined || raw === null) return [...fallback];
  if (!Array.isArray(raw) || raw.length > 10) {
    errors.push({ path, message: 'must be a list of at most 10 percentages such as ["80", "90"]' });
    return [...fallback];
  }
  const out: Percent[] = [];
  raw.forEach((v: unknown, i) => {
    const p = parsePercent(v, joinPath(path, i));
    if (p.ok) {
      if (out.some((o) => o.numerator * p.value.denominator === p.value.numerator * o.denominator))
        errors.push({ path: joinPath(path, i), message: `"${p.value.text}" is listed twice` });
      else out.push(p.value);
    } else errors.push(...p.errors);
  });
  return out.sort((a, b) => (a.numerator * b.denominator < b.numerator * a.denominator ? -1 : 1));
}

function parseDays(raw: unknown, path: string, errors: FieldError[], fallback: number): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 730) {
    errors.push({
      path,
      message: `must be a whole number of days from 0 to 730 (got ${JSON.stringify(raw)})`,
    });
    return fallback;
  }
  return raw;
}

/**
 * The policy as given (PUT /api/v1/monitoring-policy), over the defaults: what is not given keeps
 * its default; a field the policy does not know is refused rather than dropped.
 */
export function parseMonitoringPolicy(raw: unknown): Parsed<MonitoringPolicy> {
  const defaults = defaultMonitoringPolicy();
  if (raw === undefined || raw === null) return parsed(defaults);
  if (!isObj(raw)) return { ok: false, errors: [{ path: '', message: 'the policy must be a JSON object' }] };
  const errors: FieldError[] = [];
  for (const k of Object.keys(raw)) {
    if (!KNOWN.has(k))
      errors.push({ path: k, message: `is not a field of the monitoring policy (${[...KNOWN].join(', ')})` });
  }
  const thresholds = parsePercentList(raw['thresholds'], 'thresholds', errors, defaults.thresholds);
  const earlyWarningThresholds = parsePercentList(
    raw['earlyWarningThresholds'],
    'earlyWarningThresholds',
    errors,
    defaults.earlyWarningThresholds,
  );
  const recipients: Record<MonitoringAlertKind, readonly MonitoringRole[]> = { ...defaults.recipients };
  const rawRecipients = raw['recipients'];
  if (rawRecipients !== undefined && rawRecipients !== null) {
    if (!isObj(rawRecipients)) {
      errors.push({ path: 'recipients', message: 'must be an object from alert kind to a list of roles' });
    } else {
      for (const [kind, roles] of Object.entries(rawRecipients)) {
        const p = joinPath('recipients', kind);
        if (!(ALERT_KINDS as readonly string[]).includes(kind)) {
          errors.push({ path: p, message: `is not an alert kind (${ALERT_KINDS.join(', ')})` });
          continue;
        }
        if (!Array.isArray(roles) || roles.length === 0) {
          errors.push({
            path: p,
            message: `must be a non-empty list of roles (${RECIPIENT_ROLES.join(', ')})`,
          });
          continue;
        }
        const ok: MonitoringRole[] = [];
        roles.forEach((r: unknown, i) => {
          if (typeof r === 'string' && (RECIPIENT_ROLES as readonly string[]).includes(r)) {
            if (!ok.includes(r as MonitoringRole)) ok.push(r as MonitoringRole);
          } else
            errors.push({
              path: joinPath(p, i),
              message: `${JSON.stringify(r)} is not a role (${RECIPIENT_ROLES.join(', ')})`,
            });
        });
        recipients[kind as MonitoringAlertKind] = ok;
      }
    }
  }
  const termExpiryNoticeDays = parseDays(
    raw['termExpiryNoticeDays'],
    'termExpiryNoticeDays',
    errors,
    defaults.termExpiryNoticeDays,
  );
  const reviewNoticeDays = parseDays(
    raw['reviewNoticeDays'],
    'reviewNoticeDays',
    errors,
    defaults.reviewNoticeDays,
  );
  let escalationMargin = defaults.escalationMargin;
  if (raw['escalationMargin'] !== undefined && raw['escalationMargin'] !== null) {
    const m = parsePercent(raw['escalationMargin'], 'escalationMargin', { allowZero: true });
    if (m.ok) escalationMargin = m.value;
    else errors.push(...m.errors);
  }
  if (errors.length > 0) return { ok: false, errors };
  return parsed({
    thresholds,
    earlyWarningThresholds,
    recipients,
    termExpiryNoticeDays,
    reviewNoticeDays,
    escalationMargin,
  });
}

/** The policy as JSON (what GET shows and what is stored). */
export function monitoringPolicyJson(p: MonitoringPolicy) {
  return {
    thresholds: p.thresholds.map((t) => t.text),
    earlyWarningThresholds: p.earlyWarningThresholds.map((t) => t.text),
    recipients: p.recipients,
    termExpiryNoticeDays: p.termExpiryNoticeDays,
    reviewNoticeDays: p.reviewNoticeDays,
    escalationMargin: p.escalationMargin.text,
  };
}
