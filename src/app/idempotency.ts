import { createHash } from 'node:crypto';
import { AppError } from './errors.js';
import type { IdempotencyRecord, StoreReader, StoreTx } from './ports.js';

export interface Replayable<T> {
  readonly statusCode: number;
  readonly body: T;
  readonly replayed: boolean;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The same operation and the same body (key order aside) hash alike. */
export const requestHash = (operation: string, body: unknown): string =>
  createHash('sha256').update(operation).update('\n').update(canonical(body)).digest('hex');

/** A stored response for this key, or a conflict when the key was used for a different request. */
export async function replay<T>(
  reader: StoreReader,
  issuerId: string,
  key: string | null,
  hash: string,
): Promise<Replayable<T> | null> {
  if (!key) return null;
  const found = await reader.getIdempotency(issuerId, key);
  if (!found) return null;
  return fromRecord<T>(found, hash);
}

function fromRecord<T>(found: IdempotencyRecord, hash: string): Replayable<T> {
  if (found.requestHash !== hash) {
    throw AppError.conflict(
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was already used for a different request; use a new key for a new request',
    );
  }
  return { statusCode: found.statusCode, body: JSON.parse(found.responseJson) as T, replayed: true };
}

/** Remembers a successful response under its key, inside the transaction that wrote it. */
export async function remember(
  tx: StoreTx,
  issuerId: string,
  key: string | null,
  hash: string,
  statusCode: number,
  body: unknown,
  now: string,
): Promise<boolean> {
  if (!key) return true;
  return tx.putIdempotency(
    issuerId,
    key,
    { requestHash: hash, statusCode, responseJson: JSON.stringify(body) },
    now,
  );
}

export const validKey = (key: string | undefined | null): string | null => {
  if (key === undefined || key === null || key === '') return null;
  if (key.length > 200) {
    throw AppError.invalid([{ path: 'Idempotency-Key', message: 'must be at most 200 characters' }]);
  }
  return key;
};

/** How often a use case re-plans when the agreement changed (a revision or termination) meanwhile. */
const ATTEMPTS = 5;

/**
 * Runs `attempt` (numbered from 1) until it is not stale. A result with status 0 means a concurrent
 * request with the same key was recorded first: the answer is then that request's stored response.
 */
export async function settle<T>(
  reader: StoreReader,
  issuerId: string,
  key: string | null,
  hash: string,
  what: string,
  attempt: (n: number) => Promise<Replayable<T> | 'stale'>,
): Promise<Replayable<T>> {
  for (let n = 1; n <= ATTEMPTS; n++) {
    const result = await attempt(n);
    if (result === 'stale') continue;
    if (result.statusCode !== 0) return result;
    const winner = await replay<T>(reader, issuerId, key, hash);
    if (winner) return winner;
    throw new AppError(
      'unavailable',
      'a concurrent request with the same Idempotency-Key did not complete; retry',
    );
  }
  throw new AppError('unavailable', `the agreement kept changing while the ${what} was checked; retry`);
}
