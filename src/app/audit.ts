/**
 * The audit log's chain (issue 6, item 4): sealing captured events into each issuer's HMAC chain,
 * verifying it, and the auditor's export.
 *
 * Each entry's hash is HMAC-SHA256(key, canonical JSON of the entry and the previous entry's hash),
 * so rewriting an entry — even recomputing every later hash — needs the key, which is kept outside
 * the database. Deleting the newest entries is caught by the head anchored outside the database.
 */
import { neutraliseFormula, quoteField } from '../domain/csv.js';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { requireAction } from './authorize.js';
import type { AppContext } from './context.js';
import type { AuditEventRecord, AuditHead, AuditKeyring, AuditLogEntry } from './audit-ports.js';
import type { Actor, Store } from './ports.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers, in a fixed order (the canonical JSON an auditor recomputes). */
export function canonicalEntry(e: Omit<AuditLogEntry, 'hash'>): string {
  return JSON.stringify({
    issuer: e.issuerId,
    seq: e.seq.toString(),
    eventId: e.eventId.toString(),
    recordedAt: e.recordedAt,
    actor: e.actor,
    via: e.via,
    requestId: e.requestId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    before: e.before,
    after: e.after,
    prevHash: e.prevHash,
  });
}

export const entryHash = (key: Buffer, e: Omit<AuditLogEntry, 'hash'>): string =>
  createHmac('sha256', key).update(canonicalEntry(e)).digest('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Chains `events` after `head`: what `AuditStore.sealAuditEvents` writes. */
export function chainEvents(
  key: Buffer,
  head: AuditHead,
  events: readonly AuditEventRecord[],
): AuditLogEntry[] {
  let seq = head.seq;
  let prevHash = head.hash;
  return events.map(({ id, ...event }) => {
    seq += 1n;
    const unsealed = { ...event, seq, eventId: id, prevHash };
    const hash = entryHash(key, unsealed);
    prevHash = hash;
    return { ...unsealed, hash };
  });
}

export interface SealOptions {
  /** Only this issuer's events (default: every issuer with events pending). */
  readonly issuerId?: string;
  /** Events per transaction (default 500). */
  readonly limit?: number;
}

/**
 * Moves captured events into their issuers' chains, in recorded order, one issuer at a time (each
 * step locks only that issuer's head), and appends the new heads to the anchor. Idempotent and safe
 * with several processes: an event is sealed once, by whoever holds the head.
 */
export async function sealAudit(
  store: Store,
  keyring: AuditKeyring,
  options: SealOptions = {},
): Promise<{ sealed: number; heads: AuditHead[] }> {
  const limit = options.limit ?? 500;
  const issuers = options.issuerId !== undefined ? [options.issuerId] : await store.auditIssuersPending();
  const heads: AuditHead[] = [];
  let sealed = 0;
  for (const issuerId of issuers) {
    let last: AuditHead | null = null;
    for (;;) {
      let count = 0;
      const head = await store.sealAuditEvents(issuerId, limit, (h, events) => {
        count = events.length;
        return chainEvents(keyring.key, h, events);
      });
      if (!head) break;
      sealed += count;
      last = head;
      if (count < limit) break;
    }
    if (last) heads.push(last);
  }
  // After the commit: an anchor ahead of the database would report entries missing that never were.
  if (keyring.anchor) await keyring.anchor.append(heads);
  return { sealed, heads };
}

export type AuditProblem = 'altered' | 'missing' | 'reordered' | 'hash-mismatch';

export type ChainVerdict =
  | { readonly issuerId: string; readonly ok: true; readonly count: bigint; readonly head: string }
  | {
      readonly issuerId: string;
      readonly ok: false;
      /** The first entry found altered, deleted or moved. */
      readonly seq: bigint;
      readonly problem: AuditProblem;
      readonly count: bigint;
    };

function verifyChain(
  key: Buffer,
  issuerId: string,
  entries: readonly AuditLogEntry[],
  anchored: AuditHead | undefined,
  stored: AuditHead | undefined,
): ChainVerdict {
  const count = BigInt(entries.length);
  const bad = (seq: bigint, problem: AuditProblem): ChainVerdict => ({
    issuerId,
    ok: false,
    seq,
    problem,
    count,
  });
  let expected = 1n;
  let prev = GENESIS_HASH;
  for (const e of entries) {
    if (e.seq !== expected) return bad(expected, e.seq > expected ? 'missing' : 'reordered');
    if (e.issuerId !== issuerId || !sameHash(entryHash(key, e), e.hash)) {
      // An authentic entry under another number was moved; anything else was edited.
      const moved = entries.some(
        (other) => other.seq !== e.seq && sameHash(entryHash(key, { ...e, seq: other.seq }), e.hash),
      );
      return bad(e.seq, moved ? 'reordered' : 'altered');
    }
    if (!sameHash(e.prevHash, prev)) return bad(e.seq, 'hash-mismatch');
    prev = e.hash;
    expected += 1n;
  }
  for (const head of [anchored, stored]) {
    if (!head || head.seq === 0n) continue;
    if (head.seq > count) return bad(count + 1n, 'missing');
    const at = entries[Number(head.seq) - 1];
    if (at && !sameHash(at.hash, head.hash)) return bad(head.seq, 'altered');
  }
  return { issuerId, ok: true, count, head: prev };
}

/**
 * The heads one issuer's chain must reach (anchored and stored), read BEFORE its entries: heads only
 * grow, so entries read afterwards reach them unless some were deleted — never a false "missing"
 * when the sealer appends in between.
 */
async function headsOf(store: Store, keyring: AuditKeyring, issuerId: string) {
  const anchored = keyring.anchor ? (await keyring.anchor.read()).get(issuerId) : undefined;
  const stored = (await store.listAuditHeads()).find((h) => h.issuerId === issuerId);
  return { anchored, stored };
}

/** A verdict as JSON: counts and sequence numbers as decimal strings, with the sentence describing it. */
export function verdictJson(v: ChainVerdict) {
  return v.ok
    ? { ok: true, count: v.count.toString(), head: v.head, description: describeVerdict(v) }
    : {
        ok: false,
        count: v.count.toString(),
        seq: v.seq.toString(),
        problem: v.problem,
        description: describeVerdict(v),
      };
}

/**
 * Verifies each issuer's chain (or one): every hash under the key, every link, no gaps, and the
 * chain at least as long as its anchored head. Issuers known only to the anchor or the heads (every
 * entry deleted) are verified too.
 */
export async function verifyAudit(
  store: Store,
  keyring: AuditKeyring,
  issuerId?: string,
): Promise<ChainVerdict[]> {
  // Heads first: they only grow, so the entries read next reach them unless some were deleted.
  const anchored = keyring.anchor ? await keyring.anchor.read() : new Map<string, AuditHead>();
  const stored = new Map((await store.listAuditHeads()).map((h) => [h.issuerId, h]));
  const entries = await store.listAuditLog(issuerId);
  const byIssuer = new Map<string, AuditLogEntry[]>();
  for (const e of entries) {
    let list = byIssuer.get(e.issuerId);
    if (!list) byIssuer.set(e.issuerId, (list = []));
    list.push(e);
  }
  const issuers =
    issuerId !== undefined
      ? [issuerId]
      : [...new Set([...byIssuer.keys(), ...anchored.keys(), ...stored.keys()])].sort();
  return issuers.map((id) =>
    verifyChain(keyring.key, id, byIssuer.get(id) ?? [], anchored.get(id), stored.get(id)),
  );
}

export function describeVerdict(v: ChainVerdict): string {
  const who = v.issuerId === '' ? '(system)' : v.issuerId;
  if (v.ok) return `${who}: ${v.count.toLocaleString('en')} entries, head ${v.head}`;
  const what: Record<AuditProblem, string> = {
    altered: 'was altered',
    missing: 'is missing (deleted)',
    reordered: 'was reordered',
    'hash-mismatch': 'does not link to the entry before it',
  };
  return `issuer ${who}: entry ${v.seq.toString()} ${what[v.problem]}`;
}

// ---- the auditor's export ----

export type AuditExportFormat = 'json' | 'csv';

const COLUMNS = [
  'issuer_id',
  'seq',
  'event_id',
  'recorded_at',
  'actor',
  'via',
  'request_id',
  'action',
  'entity',
  'entity_id',
  'before',
  'after',
  'prev_hash',
  'hash',
  'key_fingerprint',
] as const;

/**
 * A CSV cell: quoted when it holds a quote, comma or line break; a cell that a spreadsheet would
 * take for a formula (= + - @, tab, carriage return first) is prefixed with an apostrophe (OWASP's
 * CSV injection advice), so that opening the export never runs anything.
 */
export const csvCell = (v: string | null): string => (v === null ? '' : quoteField(neutraliseFormula(v)));

/** Every sealed entry of the issuer with its links and the key's fingerprint (never the key). */
export async function exportAudit(
  store: Store,
  keyring: AuditKeyring,
  issuerId: string,
  format: AuditExportFormat,
  /** JSON only: add the chain's verification, worked out on the very entries exported. */
  options: { readonly verify?: boolean } = {},
): Promise<string> {
  const heads = options.verify ? await headsOf(store, keyring, issuerId) : null;
  const entries = await store.listAuditLog(issuerId);
  if (format === 'csv') {
    const rows = entries.map((e) =>
      [
        e.issuerId,
        e.seq.toString(),
        e.eventId.toString(),
        e.recordedAt,
        e.actor,
        e.via,
        e.requestId,
        e.action,
        e.entity,
        e.entityId,
        e.before,
        e.after,
        e.prevHash,
        e.hash,
        keyring.fingerprint,
      ]
        .map(csvCell)
        .join(','),
    );
    return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
  }
  return `${JSON.stringify(
    {
      issuerId,
      algorithm: 'HMAC-SHA256',
      keyFingerprint: keyring.fingerprint,
      canonical:
        'hash = HMAC-SHA256(key, JSON of {issuer, seq, eventId, recordedAt, actor, via, requestId, action, entity, entityId, before, after, prevHash}, seq and eventId as decimal strings); the first prevHash is 64 zeros',
      entries: entries.map((e) => ({ ...e, seq: e.seq.toString(), eventId: e.eventId.toString() })),
      ...(heads
        ? {
            verification: verdictJson(
              verifyChain(keyring.key, issuerId, entries, heads.anchored, heads.stored),
            ),
          }
        : {}),
    },
    null,
    2,
  )}\n`;
}

/**
 * GET /api/v1/audit: the actor's issuer's audit log, sealed up to now first so that the export ends
 * with the latest events (issue 6, item 4).
 */
export async function readAuditLog(
  ctx: AppContext,
  actor: Actor,
  format: AuditExportFormat,
): Promise<string> {
  requireAction(actor, 'audit.read');
  const keyring = await ctx.store.auditKeyring();
  await sealAudit(ctx.store, keyring, { issuerId: actor.issuerId });
  // The JSON (what the web application shows) says whether the chain verifies under the key.
  return exportAudit(ctx.store, keyring, actor.issuerId, format, { verify: format === 'json' });
}

// ---- the background sealer ----

export interface AuditSealer {
  stop(): Promise<void>;
}

/**
 * Seals pending events every `intervalMs` (default 1 s) until stopped. Failures are reported and
 * retried on the next pass; the events wait safely in audit_events meanwhile.
 */
export function startAuditSealer(
  ctx: AppContext,
  keyring: AuditKeyring,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): AuditSealer {
  const interval = options.intervalMs ?? 1000;
  const onError =
    options.onError ??
    ((e: unknown) =>
      process.stderr.write(
        `armslength: sealing the audit log failed: ${e instanceof Error ? e.message : String(e)}\n`,
      ));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = (): void => {
    running = sealAudit(ctx.store, keyring)
      .then(() => undefined)
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(pass, interval);
      });
  };
  timer = setTimeout(pass, interval);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
