import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { AppError, type AppErrorKind } from '../src/app/errors.js';
import { describeError, exitStatusFor, Refused } from '../src/cli/exit.js';

describe('exitStatusFor: the one mapping from outcomes to exit statuses', () => {
  it.each<{ kind: AppErrorKind; status: number }>([
    { kind: 'invalid_input', status: 2 },
    { kind: 'not_found', status: 2 },
    { kind: 'conflict', status: 1 },
    { kind: 'forbidden', status: 1 },
    { kind: 'unavailable', status: 70 },
  ])('AppError $kind → $status', ({ kind, status }) => {
    expect(exitStatusFor(new AppError(kind, 'x'))).toBe(status);
  });

  it.each([
    { label: 'a business refusal', error: new Refused('the order needs more than the headroom'), status: 1 },
    {
      label: 'a usage error',
      error: new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"),
      status: 2,
    },
    { label: '--help', error: new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), status: 0 },
    { label: 'anything else', error: new TypeError('boom'), status: 70 },
    { label: 'a thrown non-error', error: 'boom', status: 70 },
  ])('$label → $status', ({ error, status }) => {
    expect(exitStatusFor(error)).toBe(status);
  });
});

describe('describeError: one sentence, field paths named, no stack', () => {
  it('names every invalid field', () => {
    const error = AppError.invalid([
      { path: 'caps[1].amount', message: 'must be positive' },
      { path: 'asOf', message: '"2026-13-01" is not a calendar date in the form YYYY-MM-DD' },
    ]);
    expect(describeError(error)).toBe(
      'Invalid input: caps[1].amount must be positive; asOf "2026-13-01" is not a calendar date in the form YYYY-MM-DD.',
    );
  });

  it('shows an unexpected error as one line without its stack', () => {
    const error = new Error('the disk is full\n    at write (file.js:1:1)');
    expect(describeError(error)).toBe('Internal error: the disk is full.');
  });

  it('leaves Commander its own message', () => {
    expect(describeError(new CommanderError(1, 'commander.unknownOption', 'x'))).toBeNull();
  });
});
