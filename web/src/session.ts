/**
 * The signed-in session as the screens need it: who the user is and the roles they hold at the
 * issuer they act for. The shell provides it (App.tsx); screens ask `useCan()` whether to show an
 * action. The server still checks every request: hiding a button is a courtesy, not the control.
 */
import { createContext, useContext } from 'react';
import type { SessionInfo } from './api';
import type { Lang } from './i18n';

export interface SessionValue {
  readonly session: SessionInfo | null;
  readonly issuerId: string | null;
}

export const SessionContext = createContext<SessionValue>({ session: null, issuerId: null });

/** The roles a user may hold at an issuer (decision 0012), in the order the screens list them. */
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

const ROLE_NAMES: Record<string, readonly [string, string]> = {
  business: ['Business', '業務部門'],
  finance: ['Finance', '財務部門'],
  'senior-management': ['Senior management', '高級管理層'],
  director: ['Director', '董事'],
  ined: ['Independent non-executive director', '獨立非執行董事'],
  auditor: ['Auditor', '核數師'],
  'company-secretary': ['Company secretary', '公司秘書'],
  admin: ['Administrator', '系統管理員'],
};

/** A role's name in the reader's language; an unknown role is shown as its code. */
export const roleName = (r: string, lang: Lang): string =>
  ROLE_NAMES[r] ? ROLE_NAMES[r][lang === 'en' ? 0 : 1] : r;

/**
 * The actions the screens offer, with the roles that may take them: the part of the server's
 * role × action matrix (decision 0012, src/domain/authz/roles.ts) that decides what is shown.
 */
const ALLOWED = {
  // Every role but the administrator, who manages users and reads no ledger.
  'ledger.read': ROLES.filter((r) => r !== 'admin'),
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
