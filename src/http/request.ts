import { OPERATOR_ROLES } from '../app/authorize.js';
import type { FastifyRequest } from 'fastify';
import { setAuditIssuer } from '../app/audit-context.js';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { validKey } from '../app/idempotency.js';
import type { Actor } from '../app/ports.js';

export const ISSUER_HEADER = 'X-Armslength-Issuer';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Until accounts exist every request acts as the local operator (issue 6 brings login and roles). */
export const LOCAL_OPERATOR = 'local-operator';

/** A header given once, or absent. A repeated header is ambiguous and refused. */
function singleHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  if (Array.isArray(value)) throw AppError.invalid([{ path: name, message: 'must be given once' }]);
  return value;
}

/** The acting user and issuer: the issuer named by the header, else the default one. */
export async function actorFor(
  request: FastifyRequest,
  ctx: AppContext,
  defaultIssuerId: (purpose: 'read' | 'write') => Promise<string>,
): Promise<Actor> {
  const named = singleHeader(request, ISSUER_HEADER)?.trim();
  if (named !== undefined && named !== '') {
    const issuer = await ctx.store.getIssuer(named);
    if (!issuer) throw AppError.invalid([{ path: ISSUER_HEADER, message: `no issuer "${named}" exists` }]);
    setAuditIssuer(issuer.id);
    return { userId: LOCAL_OPERATOR, issuerId: issuer.id, roles: OPERATOR_ROLES };
  }
  const purpose = request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write';
  const issuerId = await defaultIssuerId(purpose);
  setAuditIssuer(issuerId);
  return { userId: LOCAL_OPERATOR, issuerId, roles: OPERATOR_ROLES };
}

export const idempotencyKeyOf = (request: FastifyRequest): string | null =>
  validKey(singleHeader(request, IDEMPOTENCY_HEADER));

/** An optional query parameter given at most once. */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const query = request.query;
  if (typeof query !== 'object' || query === null) return undefined;
  const value: unknown = (query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw AppError.invalid([{ path: name, message: 'must be given once, as text' }]);
  return value;
}
