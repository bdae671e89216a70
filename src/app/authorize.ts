/**
 * Issue 6, item 2: authorisation in the app layer. Every use case calls `requireAction` first, so the
 * HTTP API, the CLI and the scheduler cannot drift apart (decision 0012).
 */
import { authorize, ROLES, type Action, type Role } from '../domain/authz/index.js';
import { AppError } from './errors.js';
import type { Actor } from './ports.js';

/** Refused (403 FORBIDDEN, CLI exit 4) unless one of the actor's roles permits the action. */
export function requireAction(actor: Actor, action: Action): void {
  const decision = authorize(actor.roles, action);
  if (!decision.ok) throw new AppError('forbidden', decision.reason, { code: 'FORBIDDEN' });
}

/** Whether the actor may do `action` (for views that leave out what the actor may not read). */
export const may = (actor: Actor, action: Action): boolean => authorize(actor.roles, action).ok;

/**
 * Every role: the local operator's. Whoever can open the database owns the installation (decision
 * 0012), so the CLI, the scheduler and the demo loader act with all roles.
 */
export const OPERATOR_ROLES: readonly Role[] = ROLES;
