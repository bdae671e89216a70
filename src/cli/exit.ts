import { CommanderError } from 'commander';
import { AppError, type AppErrorKind } from '../app/errors.js';
import type { FieldError } from '../domain/index.js';

/**
 * The CLI's exit statuses, a public contract (issue 2, item 7): 0 done, 1 refused (a business rule
 * said no), 2 invalid input or usage, 70 internal error (EX_SOFTWARE in sysexits.h).
 */
export const EXIT = { ok: 0, refused: 1, usage: 2, internal: 70 } as const;
export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

const BY_KIND: Readonly<Record<AppErrorKind, ExitStatus>> = {
  invalid_input: EXIT.usage,
  unauthenticated: EXIT.refused,
  rate_limited: EXIT.refused,
  not_found: EXIT.usage,
  conflict: EXIT.refused,
  forbidden: EXIT.refused,
  unavailable: EXIT.internal,
};

/** A business rule said no (an order refused by the gate, say): exit status 1. */
export class Refused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Refused';
  }
}

/**
 * A document the user gave (a scenario file) is invalid: exit status 2, with every error on its own
 * line, located by its path in the document (`relationships[4].percent`).
 */
export class InvalidDocument extends Error {
  constructor(
    readonly file: string,
    readonly errors: readonly FieldError[],
    /** A sentence said after the errors (an import's summary: "… Nothing was written."). */
    readonly summary?: string,
  ) {
    super(`${file} is invalid`);
    this.name = 'InvalidDocument';
  }
}

/** The one place where an outcome becomes an exit status. */
export function exitStatusFor(error: unknown): ExitStatus {
  // Commander has already printed its own usage message; --help and --version end with 0.
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof Refused) return EXIT.refused;
  if (error instanceof InvalidDocument) return EXIT.usage;
  if (error instanceof AppError) return BY_KIND[error.kind] ?? EXIT.internal;
  return EXIT.internal;
}

const firstLine = (text: string): string => text.split('\n')[0]?.trim() ?? '';

/** The text of an error without its stack: AggregateError (a refused dual-stack connect) has none of its own. */
function plainMessage(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    return error.errors
      .map(plainMessage)
      .filter((m) => m !== '')
      .join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return firstLine(error.message) || (typeof code === 'string' ? code : error.name);
  }
  return firstLine(String(error));
}

/**
 * What the user reads on stderr: one sentence naming each invalid field, never a stack trace.
 * Returns null for Commander's errors, which it has already written.
 */
export function describeError(error: unknown): string | null {
  if (error instanceof CommanderError) return null;
  if (error instanceof Refused) return `Refused: ${error.message}`;
  if (error instanceof InvalidDocument) {
    const count = error.errors.length === 1 ? '1 error' : `${error.errors.length} errors`;
    const lines = error.errors.map((e) => `  ${e.path || '(document)'}: ${e.message}`);
    return [`Invalid ${error.file} (${count}):`, ...lines, ...(error.summary ? [error.summary] : [])].join(
      '\n',
    );
  }
  if (error instanceof AppError) {
    switch (error.kind) {
      case 'invalid_input': {
        const errors = error.details.errors ?? [];
        if (errors.length === 0) return `Invalid input: ${error.message}.`;
        return `Invalid input: ${errors.map((e) => `${e.path || 'input'} ${e.message}`).join('; ')}.`;
      }
      case 'not_found':
        return `Not found: ${error.message}.`;
      case 'conflict':
      case 'forbidden':
      case 'unauthenticated':
      case 'rate_limited':
        return `Refused: ${error.message}.`;
      case 'unavailable':
        return `Unavailable: ${error.message}.`;
    }
  }
  return `Internal error: ${plainMessage(error)}.`;
}

/** Maps an error to its exit status and writes its sentence; the only caller is `runCli`. */
export function reportError(error: unknown, stderr: (text: string) => void): ExitStatus {
  const sentence = describeError(error);
  if (sentence !== null) stderr(`armslength: ${sentence.replace(/\.\.$/, '.')}\n`);
  return exitStatusFor(error);
}
