import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type AppErrorKind } from '../app/errors.js';
import type { FieldError } from '../domain/index.js';

/**
 * The one place where errors become HTTP statuses (conventions: "mapped to HTTP status in exactly
 * one place"). Business refusals are not errors: they are values the routes answer with 409.
 */

export interface FieldErrorsBody {
  readonly errors: readonly FieldError[];
}

export interface CodedErrorBody {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
}

export interface HttpError {
  readonly statusCode: number;
  readonly body: FieldErrorsBody | CodedErrorBody;
  /** Unexpected: log it with the request id (the client sees only "internal error"). */
  readonly unexpected: boolean;
}

const STATUS: Record<AppErrorKind, number> = {
  invalid_input: 422,
  unauthenticated: 401,
  rate_limited: 429,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  unavailable: 503,
};

const DEFAULT_CODE: Record<AppErrorKind, string> = {
  invalid_input: 'INVALID_INPUT',
  unauthenticated: 'UNAUTHENTICATED',
  rate_limited: 'RATE_LIMITED',
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  conflict: 'CONFLICT',
  unavailable: 'UNAVAILABLE',
};

/** Fastify's own errors carry a `code` such as FST_ERR_CTP_INVALID_JSON_BODY and a 4xx statusCode. */
interface FrameworkError {
  readonly code: string;
  readonly statusCode: number;
  readonly message: string;
}

const isFrameworkError = (e: unknown): e is FrameworkError =>
  e instanceof Error &&
  typeof (e as Partial<FrameworkError>).code === 'string' &&
  typeof (e as Partial<FrameworkError>).statusCode === 'number';

/** Fastify's body errors (not JSON, malformed JSON, wrong content type) are invalid input at path "". */
const BODY_ERRORS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'the body must be JSON, sent with Content-Type: application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'the body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the body is empty; send a JSON object',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'the body does not match its Content-Length',
};

export function toHttpError(error: unknown, requestId: string): HttpError {
  if (error instanceof AppError) {
    const statusCode = STATUS[error.kind];
    if (error.kind === 'invalid_input') {
      const errors =
        error.details.errors && error.details.errors.length > 0
          ? error.details.errors
          : [{ path: '', message: error.message }];
      return { statusCode, body: { errors }, unexpected: false };
    }
    return {
      statusCode,
      body: { code: error.details.code ?? DEFAULT_CODE[error.kind], message: error.message },
      unexpected: false,
    };
  }
  if (isFrameworkError(error) && error.statusCode >= 400 && error.statusCode < 500) {
    const message = BODY_ERRORS[error.code];
    if (message !== undefined)
      return { statusCode: 422, body: { errors: [{ path: '', message }] }, unexpected: false };
    if (error.statusCode === 404)
      return { statusCode: 404, body: { code: 'NOT_FOUND', message: error.message }, unexpected: false };
    // Other client errors raised by Fastify itself (body too large, bad URL): their own status.
    return {
      statusCode: error.statusCode,
      body: { code: error.code.replace(/^FST_ERR_/, ''), message: error.message },
      unexpected: false,
    };
  }
  return {
    statusCode: 500,
    body: { code: 'INTERNAL', message: 'internal error', requestId },
    unexpected: true,
  };
}

/** Answers with the mapped status; unexpected errors are logged with the request id, never shown. */
export function sendError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logUnexpected: (requestId: string, error: unknown) => void,
): FastifyReply {
  const mapped = toHttpError(error, request.id);
  if (mapped.unexpected) logUnexpected(request.id, error);
  if (mapped.statusCode === 401) void reply.header('WWW-Authenticate', 'Bearer realm="armslength"');
  return reply.code(mapped.statusCode).type('application/json; charset=utf-8').send(mapped.body);
}

export function notFoundBody(method: string, url: string): CodedErrorBody {
  return { code: 'NOT_FOUND', message: `no route ${method} ${url.split('?')[0] ?? url}` };
}
