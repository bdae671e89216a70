import type { FieldError } from '../domain/index.js';

export type AppErrorKind =
  | 'invalid_input'
  | 'unauthenticated'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable';

/**
 * Everything that is not a business refusal. Mapped to an HTTP status in src/http/errors.ts and to a
 * CLI exit status in src/cli/exit.ts, and nowhere else.
 */
export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    readonly details: { readonly errors?: readonly FieldError[]; readonly code?: string } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static invalid(errors: readonly FieldError[]): AppError {
    const first = errors[0];
    return new AppError(
      'invalid_input',
      first ? `${first.path || 'body'}: ${first.message}` : 'invalid input',
      { errors },
    );
  }
  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} was not found`);
  }
  static conflict(code: string, message: string): AppError {
    return new AppError('conflict', message, { code });
  }
}
