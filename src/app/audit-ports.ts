/**
 * The audit log's port (issue 6, item 4). Writes capture an `AuditEventRecord` in their own
 * transaction; the sealer (app/audit.ts) moves captured events into each issuer's hash chain.
 */

/** A captured write, not yet chained. */
export interface AuditEventRecord {
  readonly id: bigint;
  readonly issuerId: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly via: string;
  readonly requestId: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  /** JSON text, or null. */
  readonly before: string | null;
  readonly after: string | null;
}

/** A chained entry: `hash` = HMAC-SHA256(key, canonical JSON of the entry with `prevHash`). */
export interface AuditLogEntry extends Omit<AuditEventRecord, 'id'> {
  readonly seq: bigint;
  readonly eventId: bigint;
  readonly prevHash: string;
  readonly hash: string;
}

/** The newest entry of an issuer's chain: its seq (= count) and hash. */
export interface AuditHead {
  readonly issuerId: string;
  readonly seq: bigint;
  readonly hash: string;
}

/**
 * The head of each chain kept outside the database (a file), appended on every seal, so that
 * deleting the newest entries (and resetting audit_heads) is detected.
 */
export interface AuditAnchor {
  readonly location: string;
  append(heads: readonly AuditHead[]): Promise<void>;
  /** The latest anchored head per issuer. */
  read(): Promise<Map<string, AuditHead>>;
}

/** The chain key (kept outside the database) and where heads are anchored. */
export interface AuditKeyring {
  readonly key: Buffer;
  /** SHA-256 of the key, first 16 hex digits: names the key in exports without revealing it. */
  readonly fingerprint: string;
  readonly anchor: AuditAnchor | null;
  /** Where the key came from (environment, file), for messages. */
  readonly source: string;
}

export interface AuditStore {
  /** Issuers with captured events not yet sealed. */
  auditIssuersPending(): Promise<string[]>;
  /**
   * One sealing step for one issuer, in one transaction holding that issuer's chain head (PostgreSQL:
   * its audit_heads row FOR UPDATE; SQLite: the write lock): reads the head and up to `limit`
   * unsealed events in recorded order, lets `chain` turn them into entries, writes them, removes
   * the events and moves the head. Returns the new head, or null when nothing was pending.
   */
  sealAuditEvents(
    issuerId: string,
    limit: number,
    chain: (head: AuditHead, events: readonly AuditEventRecord[]) => AuditLogEntry[],
  ): Promise<AuditHead | null>;
  /** Every chained entry of the issuer (all issuers when omitted), by issuer then seq. */
  listAuditLog(issuerId?: string): Promise<AuditLogEntry[]>;
  /** Captured, unsealed events (all issuers when omitted), in recorded order. */
  listAuditEvents(issuerId?: string): Promise<AuditEventRecord[]>;
  listAuditHeads(): Promise<AuditHead[]>;
  /** The key and anchor for this database (see store/audit-keyring.ts for where they come from). */
  auditKeyring(): Promise<AuditKeyring>;
}
