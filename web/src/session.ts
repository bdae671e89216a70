/**
 * The signed-in session as the screens need it: who the user is and the roles they hold at the
 * issuer they act for. The shell provides it (App.tsx); screens ask `useCan()` whether to show an
 * action. The server still checks every request: hiding a button is a courtesy, not the control.
 */
import { createContext, useContext } from 'react';
import type { SessionInfo } from './api';

export interface SessionValue {
  readonly session: SessionInfo | null;
  readonly issuerId: string | null;
}

export const SessionContext = createContext<SessionValue>({ session: null, issuerId: null });

/**
 * The actions the screens offer, with the roles that may take them: the part of the server's
 * role × action matrix (decision 0012, src/domain/authz/roles.ts) that decides what is shown.
 */
const ALLOWED = {
  'ledger.read': [
    'business',
    'finance',
    'senior-management',
    'director',
    'ined',
    'auditor',
    'company-secretary',
  ],
  'alert.acknowledge': ['senior-management'],
  'alert.remediate': ['senior-management', 'company-secretary'],
  'escalation.review': ['senior-management'],
  'escalation.decide': ['director'],
  'follow-up.complete': ['company-secretary'],
  'report.issue': ['finance', 'company-secretary'],
  'audit.read': ['auditor', 'admin'],
  'policy.write': ['company-secretary'],
  'subscription.manage': ['company-secretary', 'admin'],
  'user.manage': ['admin'],
  'review.settings': ['company-secretary'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type UiAction = keyof typeof ALLOWED;

export function useSession(): SessionValue {
  return useContext(SessionContext);
}

/** The roles held at the acting issuer. */
export function useRoles(): readonly string[] {
  const { session, issuerId } = useSession();
  const issuer = session?.issuers.find((i) => i.id === issuerId) ?? session?.issuers[0];
  return issuer?.roles ?? [];
}

/** Whether the roles held at the acting issuer allow `action`. */
export function useCan(): (action: UiAction) => boolean {
  const roles = useRoles();
  return (action) => (ALLOWED[action] as readonly string[]).some((r) => roles.includes(r));
}
