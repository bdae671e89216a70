import { describe, expect, it } from 'vitest';
import { ACTIONS, PERMISSIONS, ROLES, authorize, isAction, isRole } from './roles.js';

/**
 * The role × action matrix of decision 0012, written out here independently of PERMISSIONS: for each
 * action, the roles that may take it. Changing PERMISSIONS without changing this table fails the test.
 */
const READERS = [
  'business',
  'finance',
  'senior-management',
  'director',
  'ined',
  'auditor',
  'company-secretary',
] as const;

const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'issuer.read': [...READERS, 'admin'],
  'agreement.read': READERS,
  'order.read': READERS,
  'utilization.read': READERS,
  'forecast.read': READERS,
  'breach.read': READERS,
  'register.read': READERS,
  'classification.read': READERS,
  'alert.read': READERS,
  'inbox.read': READERS,
  'escalation.read': READERS,
  'policy.read': READERS,
  'schedule.read': READERS,
  'report.read': READERS,
  'evidence.read': ['business', 'finance', 'ined', 'auditor', 'company-secretary'],
  'audit.read': ['auditor', 'admin'],
  'delivery.read': ['auditor', 'company-secretary', 'admin'],
  'agreement.create': ['company-secretary'],
  'agreement.change': ['company-secretary'],
  'category.terminate': ['company-secretary'],
  'cap.revise': ['company-secretary'],
  'cap.approval': ['company-secretary'],
  'register.write': ['company-secretary'],
  'figures.record': ['finance', 'company-secretary'],
  'board-resolution.record': ['company-secretary'],
  'classification.run': ['company-secretary'],
  'policy.write': ['company-secretary'],
  'order.place': ['business'],
  'order.check': ['business'],
  'order.change': ['business'],
  'evidence.upload': ['business', 'company-secretary'],
  'actual.post': ['finance'],
  'actual.reverse': ['finance'],
  'import.run': ['finance'],
  'fx.record': ['finance'],
  'alert.acknowledge': ['senior-management'],
  'alert.remediate': ['senior-management', 'company-secretary'],
  'escalation.review': ['senior-management'],
  'escalation.decide': ['director'],
  'subscription.manage': ['company-secretary', 'admin'],
  'review.sign-off': ['ined'],
  'review.settings': ['company-secretary'],
  'auditor-letter.record': ['company-secretary'],
  'report.issue': ['finance', 'company-secretary'],
  'follow-up.complete': ['company-secretary'],
  'user.manage': ['admin'],
  'issuer.settings': ['admin'],
};

const ALL_ROLES = [
  'business',
  'finance',
  'senior-management',
  'director',
  'ined',
  'auditor',
  'company-secretary',
  'admin',
];

describe('the role × action matrix (issue 6, decision 0012)', () => {
  it('has exactly the eight roles of the issue', () => {
    expect([...ROLES]).toEqual(ALL_ROLES);
  });

  it('has a row in the expectation table for every action, and no other', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cases = Object.entries(EXPECTED).flatMap(([action, allowed]) =>
    ALL_ROLES.map((role) => ({ role, action, allowed: allowed.includes(role) })),
  );

  it.each(cases)('$role → $action: allowed $allowed', ({ role, action, allowed }) => {
    if (!isRole(role) || !isAction(action)) throw new Error(`unknown ${role} or ${action}`);
    expect(authorize([role], action).ok).toBe(allowed);
    expect(PERMISSIONS[role].includes(action)).toBe(allowed);
  });
});

describe('authorize', () => {
  it('allows when any of the roles held allows', () => {
    expect(authorize(['auditor', 'finance'], 'actual.post')).toEqual({ ok: true });
  });

  it('refuses with no role at all', () => {
    const result = authorize([], 'agreement.read');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('no role');
  });

  it('says which roles were held and which would do', () => {
    const result = authorize(['auditor'], 'order.place');
    expect(result).toEqual({
      ok: false,
      reason: 'the role auditor may not order.place (allowed: business)',
    });
  });

  it('an auditor is read-only: no action outside the reads', () => {
    const writes = ACTIONS.filter((a) => !a.endsWith('.read'));
    for (const action of writes) expect(authorize(['auditor'], action).ok, action).toBe(false);
  });

  it('recognises roles and actions exactly', () => {
    expect(isRole('company-secretary')).toBe(true);
    expect(isRole('Company-Secretary')).toBe(false);
    expect(isRole('board')).toBe(false);
    expect(isAction('order.place')).toBe(true);
    expect(isAction('order.delete')).toBe(false);
  });
});
