import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is writing, and for which request (issue 6, item 4). Set by the front doors — an HTTP
 * request's hook, a CLI command — and read by the store when it records an audit event, so that no
 * use case has to pass it along. Writes with no context (the scheduler, the dispatcher) are 'system'.
 */
export interface AuditContext {
  readonly actor: string;
  readonly requestId: string | null;
  readonly via: 'http' | 'cli' | 'system';
  /**
   * The issuer the request acts for, once known (HTTP sets it when it resolves the actor). Used for
   * the few writes whose arguments do not name their issuer (`bumpAgreementVersion(agreementId)`).
   */
  issuerId?: string;
}

const storage = new AsyncLocalStorage<AuditContext>();

export function runWithAudit<T>(ctx: AuditContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentAudit(): AuditContext | undefined {
  return storage.getStore();
}

/** Records the acting issuer on the current context, if there is one (HTTP learns it after onRequest). */
export function setAuditIssuer(issuerId: string): void {
  const ctx = storage.getStore();
  if (ctx && issuerId !== '') ctx.issuerId = issuerId;
}

export const SYSTEM_AUDIT: AuditContext = { actor: 'system', requestId: null, via: 'system' };
