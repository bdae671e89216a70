import type { FastifyRequest } from 'fastify';
import { setAuditIssuer } from '../app/audit-context.js';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { validKey } from '../app/idempotency.js';
import type { Actor } from '../app/ports.js';
import { requestActor } from './auth.js';

export const ISSUER_HEADER = 'X-Armslength-Issuer';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** What the audit log records as the actor of a request that carries no credentials. */
export const ANONYMOUS = 'anonymous';

/** A header given once, or absent. A repeated header is ambiguous and refused. */
function singleHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  if (Array.isArray(value)) throw AppError.invalid([{ path: name, message: 'must be given once' }]);
  return value;
}

/**
 * The acting user, issuer and roles: the credentials' user, at the issuer the header names (one they
 * hold a role at), else their token's issuer or their only one (see `actorForPrincipal`).
 */
export async function actorFor(
  request: FastifyRequest,
  ctx: AppContext,
  /** The issuer the route's path names (/issuers/:id): the header, if given, must agree. */
  pathIssuer?: string,
): Promise<Actor> {
  const header = singleHeader(request, ISSUER_HEADER)?.trim();
  // A read may name the issuer in the query instead (`?issuer=`), so that a plain download link in
  // the web application (which cannot set a header) works for a user of several issuers. Writes
  // keep to the header, which a cross-site form cannot set.
  const fromQuery =
    header === undefined && request.method === 'GET' ? queryParam(request, 'issuer')?.trim() : undefined;
  let named = header === '' || header === undefined ? (fromQuery === '' ? undefined : fromQuery) : header;
  if (pathIssuer !== undefined) {
    if (named !== undefined && named !== pathIssuer) throw AppError.notFound(`issuer ${pathIssuer}`);
    named = pathIssuer;
  }
  const actor = await requestActor(ctx, request, named, ISSUER_HEADER);
  setAuditIssuer(actor.issuerId);
  return actor;
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
