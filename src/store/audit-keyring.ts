/**
 * Where the audit chain's key and anchor live: outside the database (issue 6, item 4).
 *
 * Key: ARMSLENGTH_AUDIT_KEY (hex or base64, at least 32 bytes). Without it, an embedded (SQLite)
 * database keeps a generated key in `<dataDir>/audit.key` (mode 0600), created on first use. A
 * PostgreSQL database has no directory of ours, so without the variable it refuses — except under
 * NODE_ENV=test, where a per-process key file under the OS temp directory keeps test servers simple.
 *
 * Anchor (each chain's head, appended on every seal, so deleting the newest entries is detected):
 * ARMSLENGTH_AUDIT_ANCHOR if set, else `<dataDir>/audit-anchor.jsonl` for SQLite; for PostgreSQL
 * without the variable there is no anchor (verification then relies on audit_heads, which an
 * attacker with write access to the database could roll back — set the variable in production).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditAnchor, AuditHead, AuditKeyring } from '../app/audit-ports.js';
import { AppError } from '../app/errors.js';

// Where the key and anchor are named and how a key is read: shared with `armslength doctor`.
import { AUDIT_ANCHOR_ENV, AUDIT_KEY_ENV, parseAuditKey } from '../app/audit-key.js';

export const keyFingerprint = (key: Buffer): string =>
  createHash('sha256').update(key).digest('hex').slice(0, 16);

function fileKey(file: string, announce: (message: string) => void): Buffer {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      announce(
        `armslength: generated the audit log key in ${file}; keep it safe and out of backups of the database\n`,
      );
    } catch (e) {
      // Another process created it first: use theirs.
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
    }
  }
  const key = parseAuditKey(fs.readFileSync(file, 'utf8'));
  if (!key)
    throw new AppError(
      'unavailable',
      `the audit log key in ${file} is not hex or base64 of at least 32 bytes`,
    );
  return key;
}

export class FileAnchor implements AuditAnchor {
  constructor(readonly location: string) {}
  append(heads: readonly AuditHead[]): Promise<void> {
    if (heads.length === 0) return Promise.resolve();
    const at = new Date().toISOString();
    const lines = heads
      .map((h) => JSON.stringify({ issuerId: h.issuerId, seq: h.seq.toString(), hash: h.hash, at }))
      .join('\n');
    fs.mkdirSync(path.dirname(this.location), { recursive: true });
    // One append per seal: concurrent sealers' lines do not interleave (O_APPEND, one write).
    fs.appendFileSync(this.location, `${lines}\n`, { mode: 0o600 });
    return Promise.resolve();
  }
  read(): Promise<Map<string, AuditHead>> {
    const heads = new Map<string, AuditHead>();
    if (!fs.existsSync(this.location)) return Promise.resolve(heads);
    for (const line of fs.readFileSync(this.location, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const v = JSON.parse(line) as { issuerId: string; seq: string; hash: string };
        const seq = BigInt(v.seq);
        const known = heads.get(v.issuerId);
        // Sealers of one issuer may append out of order: the longest anchored chain stands.
        if (!known || seq > known.seq) heads.set(v.issuerId, { issuerId: v.issuerId, seq, hash: v.hash });
      } catch {
        // A torn last line (a crash mid-append) is skipped; earlier heads still stand.
      }
    }
    return Promise.resolve(heads);
  }
}

export interface KeyringPlace {
  readonly engine: 'sqlite' | 'postgres';
  readonly dataDir: string | null;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly announce?: (message: string) => void;
}

let testKeyFile: string | undefined;

export function loadAuditKeyring(place: KeyringPlace): AuditKeyring {
  const env = place.env ?? process.env;
  const announce = place.announce ?? ((m: string) => process.stderr.write(m));
  let key: Buffer;
  let source: string;
  const given = env[AUDIT_KEY_ENV];
  if (given !== undefined && given.trim() !== '') {
    const parsed = parseAuditKey(given);
    if (!parsed)
      throw new AppError('unavailable', `${AUDIT_KEY_ENV} must be hex or base64 of at least 32 bytes`);
    key = parsed;
    source = AUDIT_KEY_ENV;
  } else if (place.dataDir !== null) {
    source = path.join(place.dataDir, 'audit.key');
    key = fileKey(source, announce);
  } else if (env.NODE_ENV === 'test') {
    testKeyFile ??= path.join(os.tmpdir(), `armslength-audit-test-${process.pid}.key`);
    source = testKeyFile;
    key = fileKey(source, () => undefined);
  } else {
    throw new AppError(
      'unavailable',
      `set ${AUDIT_KEY_ENV} (64 hex digits, e.g. from \`openssl rand -hex 32\`) to keep the audit log's key outside the PostgreSQL database`,
    );
  }
  const anchorPath =
    env[AUDIT_ANCHOR_ENV]?.trim() ||
    (place.dataDir !== null ? path.join(place.dataDir, 'audit-anchor.jsonl') : null);
  return {
    key,
    fingerprint: keyFingerprint(key),
    anchor: anchorPath ? new FileAnchor(anchorPath) : null,
    source,
  };
}
