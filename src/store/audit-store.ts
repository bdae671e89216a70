/**
 * The audit log's store side (issue 6, item 4): capturing every write in its own transaction, and
 * sealing captured events into each issuer's chain. The chain's hashes are computed in app/audit.ts.
 */
import { createHash } from 'node:crypto';
import { CompiledQuery, sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { currentAudit, SYSTEM_AUDIT, type AuditContext } from '../app/audit-context.js';
import type { AuditEventRecord, AuditHead, AuditLogEntry } from '../app/audit-ports.js';
import type { CapUsage, OrderPlacement, StoreTx } from '../app/ports.js';
import { jsonText } from './json-text.js';
import type { Database } from './schema.js';

export const ZERO_HASH = '0'.repeat(64);

type Args = readonly unknown[];
/** Which table names the issuer of an entity id, for writes whose arguments do not carry it. */
type Lookup = 'orders' | 'agreements' | 'caps' | 'categories' | 'escalations';

type Engine = 'sqlite' | 'postgres';

/**
 * Reads the rows a write is about to change, before it runs, on the transaction's own connection.
 * On PostgreSQL the rows are locked (`FOR NO KEY UPDATE`, see `forWrite`) so that what is read is
 * what the write changes, even when a concurrent transaction changes them in between (READ
 * COMMITTED). SQLite's write transaction already excludes other writers.
 */
type BeforeReader = (db: Kysely<Database>, args: Args, engine: Engine) => Promise<unknown>;

interface CaptureBase {
  readonly entity: string;
  readonly entityId: (args: Args) => string | null;
  /** The issuer, when an argument names it outright (`issuerId` first, say). */
  readonly issuer?: (args: Args) => string | undefined;
  readonly lookup?: { readonly table: Lookup; readonly id: (args: Args) => string | null };
  /** What to record as `after`, when not the arguments as they are (positional secrets, say). */
  readonly after?: (args: Args) => unknown;
}

/** An append: no earlier row is changed, so `before` is null by design. */
interface InsertCapture extends CaptureBase {
  readonly kind: 'insert';
}

/**
 * A write that changes or removes existing rows: `before` is what they held, read before the write
 * (`read`), or worked out from what the write returned when that is exact and saves a read on a hot
 * path (`fromResult`). Null when there was no row (an upsert's first write).
 */
interface UpdateCapture extends CaptureBase {
  readonly kind: 'update';
  readonly before:
    { readonly read: BeforeReader } | { readonly fromResult: (result: unknown, args: Args) => unknown };
}

export type Capture = InsertCapture | UpdateCapture;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const field = (v: unknown, name: string): string | null =>
  typeof v === 'object' && v !== null ? str((v as Record<string, unknown>)[name]) : null;
const arg = (i: number) => (args: Args) => str(args[i]);
const idOf = (i: number) => (args: Args) => field(args[i], 'id');
const none = () => null;
const field0 = (args: Args, name: string): unknown =>
  typeof args[0] === 'object' && args[0] !== null ? (args[0] as Record<string, unknown>)[name] : undefined;
/** An argument as the key of a row (arguments are typed by `StoreTx`; this only narrows `unknown`). */
const rowKey = (args: Args, i: number): string => String(args[i]);
const keyField = (args: Args, i: number, name: string): string => field(args[i], name) ?? '';

/** Engine-neutral column values: better-sqlite3 reads integers as bigint, pg as number or string. */
const int = (v: unknown): number => Number(typeof v === 'bigint' ? v : BigInt(v as number | string));
const minor = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as number | string));
const flag = (v: unknown): boolean => int(v) !== 0;

/**
 * The row lock the write itself takes a moment later (an UPDATE that leaves keys alone), taken at the
 * read instead. Not `FOR UPDATE`: that also blocks foreign-key checks (`FOR KEY SHARE`), so reading
 * an agreement before a revision would hold up every order the gate inserts under it meanwhile.
 */
function forWrite<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  engine: Engine,
): SelectQueryBuilder<DB, TB, O> {
  return engine === 'postgres' ? q.forNoKeyUpdate() : q;
}

/** `failed_logins` and `locked_until`: what the login bookkeeping changes on a user's row. */
const loginState: BeforeReader = async (db, a, engine) => {
  const r = await forWrite(
    db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', rowKey(a, 0)),
    engine,
  ).executeTakeFirst();
  return r ? { failedLogins: int(r.failed_logins), lockedUntil: r.locked_until } : null;
};

/**
 * Every write method of `StoreTx` (app/ports.ts, app/monitoring-ports.ts) and what its audit event
 * names. A method missing here writes without an audit entry: test/audit-log.test.ts checks that
 * every write-named method of the repository is either here or in `NOT_AUDITED`, and
 * test/audit-before-after.test.ts that every write which is not a pure append reads its `before`.
 */
export const AUDITED_WRITES: { readonly [K in keyof StoreTx]?: Capture } = {
  // ON CONFLICT DO NOTHING: an existing issuer is left alone and the write reports false.
  insertIssuer: {
    kind: 'insert',
    entity: 'issuer',
    entityId: idOf(0),
    issuer: (a) => field(a[0], 'id') ?? undefined,
  },
  updateIssuerSettings: {
    kind: 'update',
    entity: 'issuer',
    entityId: arg(0),
    issuer: (a) => str(a[0]) ?? undefined,
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('issuers')
            .select(['prc_issuer', 'financial_year_end'])
            .where('id', '=', rowKey(a, 0)),
          engine,
        ).executeTakeFirst();
        return r ? { prcIssuer: flag(r.prc_issuer), financialYearEnd: r.financial_year_end } : null;
      },
    },
  },
  insertAgreement: { kind: 'insert', entity: 'agreement', entityId: idOf(0) },
  insertCapRevision: {
    kind: 'insert',
    entity: 'cap-revision',
    entityId: arg(0),
    lookup: { table: 'caps', id: arg(0) },
  },
  insertRevisionApproval: { kind: 'insert', entity: 'revision-approval', entityId: idOf(0) },
  insertTermination: {
    kind: 'insert',
    entity: 'category-termination',
    entityId: arg(0),
    lookup: { table: 'categories', id: arg(0) },
  },
  setOrderStatus: {
    kind: 'update',
    entity: 'order',
    entityId: arg(0),
    lookup: { table: 'orders', id: arg(0) },
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db.selectFrom('orders').select('status').where('id', '=', rowKey(a, 0)),
          engine,
        ).executeTakeFirst();
        return r ? { status: r.status } : null;
      },
    },
  },
  // Adds a schedule version (the earlier ones stay): `before` is the version in force until now.
  replaceOrderSchedule: {
    kind: 'update',
    entity: 'order-schedule',
    entityId: arg(0),
    lookup: { table: 'orders', id: arg(0) },
    before: {
      read: async (db, a, engine) => {
        const o = await forWrite(
          db.selectFrom('orders').select('schedule_version').where('id', '=', rowKey(a, 0)),
          engine,
        ).executeTakeFirst();
        if (!o) return null;
        const lines = await db
          .selectFrom('order_schedule')
          .selectAll()
          .where('order_id', '=', rowKey(a, 0))
          .where('version', '=', int(o.schedule_version))
          .orderBy('line_no')
          .execute();
        return {
          scheduleVersion: int(o.schedule_version),
          schedule: lines.map((l) => ({
            lineNo: int(l.line_no),
            date: l.date,
            currency: l.currency,
            amountMinor: minor(l.amount_minor),
            capId: l.cap_id,
            capAmountMinor: minor(l.cap_amount_minor),
            fx:
              l.fx_rate !== null && l.fx_date !== null && l.fx_source !== null
                ? { rate: l.fx_rate, date: l.fx_date, source: l.fx_source, rounding: l.fx_rounding ?? '0/1' }
                : null,
          })),
        };
      },
    },
  },
  insertActual: { kind: 'insert', entity: 'actual', entityId: idOf(0) },
  appendLedger: { kind: 'insert', entity: 'ledger', entityId: none },
  // Also raises the copy of the version on each of the agreement's cap_usage rows.
  bumpAgreementVersion: {
    kind: 'update',
    entity: 'agreement-version',
    entityId: arg(0),
    lookup: { table: 'agreements', id: arg(0) },
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db.selectFrom('agreements').select('version').where('id', '=', rowKey(a, 0)),
          engine,
        ).executeTakeFirst();
        if (!r) return null;
        const usage = await forWrite(
          db
            .selectFrom('cap_usage')
            .select(['cap_id', 'agreement_version'])
            .where('agreement_id', '=', rowKey(a, 0))
            .orderBy('cap_id'),
          engine,
        ).execute();
        return {
          version: int(r.version),
          capUsage: usage.map((u) => ({ capId: u.cap_id, agreementVersion: int(u.agreement_version) })),
        };
      },
    },
  },
  // The actuals path: no extra read. The update is one statement returning the new totals, so the
  // totals before it are exactly the new ones less the deltas, whatever ran concurrently.
  adjustUsage: {
    kind: 'update',
    entity: 'cap-usage',
    entityId: arg(0),
    lookup: { table: 'caps', id: arg(0) },
    before: {
      fromResult: (result, a) => {
        const now = result as CapUsage;
        return {
          actualMinor: now.actualMinor - minor(a[1]),
          committedMinor: now.committedMinor - minor(a[2]),
        };
      },
    },
  },
  insertBreach: { kind: 'insert', entity: 'breach', entityId: idOf(0) },
  insertFxRate: { kind: 'insert', entity: 'fx-rate', entityId: idOf(0) },
  // ON CONFLICT DO NOTHING: a key already taken is never overwritten, and the write reports false.
  putIdempotency: {
    kind: 'insert',
    entity: 'idempotency-key',
    entityId: arg(1),
    issuer: (a) => str(a[0]) ?? undefined,
  },
  insertRegisterParty: { kind: 'insert', entity: 'register-party', entityId: idOf(0) },
  insertRegisterRelationships: { kind: 'insert', entity: 'register-relationship', entityId: none },
  insertIssuerFigures: { kind: 'insert', entity: 'issuer-figures', entityId: idOf(0) },
  // An upsert: the facts recorded earlier for the agreement, if any, are replaced.
  putAgreementFacts: {
    kind: 'update',
    entity: 'agreement-facts',
    entityId: (a) => field(a[0], 'agreementId'),
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('agreement_facts')
            .selectAll()
            .where('agreement_id', '=', keyField(a, 0, 'agreementId')),
          engine,
        ).executeTakeFirst();
        return r
          ? {
              agreementId: r.agreement_id,
              normalCommercialTerms: flag(r.normal_commercial_terms),
              inedConfirmed: flag(r.ined_confirmed),
              recordedAt: r.recorded_at,
              recordedBy: r.recorded_by,
            }
          : null;
      },
    },
  },
  insertBoardResolution: { kind: 'insert', entity: 'board-resolution', entityId: idOf(0) },
  insertRenewal: {
    kind: 'insert',
    entity: 'renewal',
    entityId: arg(0),
    lookup: { table: 'agreements', id: arg(0) },
  },
  insertMaterialChange: {
    kind: 'insert',
    entity: 'material-change',
    entityId: (a) => field(a[0], 'agreementId'),
  },
  insertEvidence: { kind: 'insert', entity: 'evidence', entityId: (a) => field(a[0], 'sha256') },
  insertAgreementEvidence: { kind: 'insert', entity: 'agreement-evidence', entityId: idOf(0) },
  insertAlert: { kind: 'insert', entity: 'alert', entityId: idOf(0) },
  insertAcknowledgement: {
    kind: 'insert',
    entity: 'alert-acknowledgement',
    entityId: (a) => field(a[0], 'alertId'),
  },
  insertRemediation: {
    kind: 'insert',
    entity: 'alert-remediation',
    entityId: (a) => field(a[0], 'alertId'),
  },
  markInboxRead: {
    kind: 'update',
    entity: 'inbox-item',
    entityId: arg(1),
    issuer: (a) => str(a[0]) ?? undefined,
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('inbox_items')
            .select(['read_at', 'read_by'])
            .where('issuer_id', '=', rowKey(a, 0))
            .where('id', '=', rowKey(a, 1)),
          engine,
        ).executeTakeFirst();
        return r ? { readAt: r.read_at, readBy: r.read_by } : null;
      },
    },
  },
  insertSubscription: { kind: 'insert', entity: 'subscription', entityId: idOf(0) },
  setSubscriptionActive: {
    kind: 'update',
    entity: 'subscription',
    entityId: arg(1),
    issuer: (a) => str(a[0]) ?? undefined,
    before: {
      // The webhook secret is not read.
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('notification_subscriptions')
            .select(['active', 'role', 'channel', 'target'])
            .where('issuer_id', '=', rowKey(a, 0))
            .where('id', '=', rowKey(a, 1)),
          engine,
        ).executeTakeFirst();
        return r ? { active: flag(r.active), role: r.role, channel: r.channel, target: r.target } : null;
      },
    },
  },
  // An upsert: the issuer's previous policy, if any, is replaced.
  putMonitoringPolicy: {
    kind: 'update',
    entity: 'monitoring-policy',
    entityId: arg(0),
    issuer: (a) => str(a[0]) ?? undefined,
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db.selectFrom('monitoring_settings').selectAll().where('issuer_id', '=', rowKey(a, 0)),
          engine,
        ).executeTakeFirst();
        return r
          ? { policy: JSON.parse(r.body) as unknown, updatedAt: r.updated_at, updatedBy: r.updated_by }
          : null;
      },
    },
  },
  insertEscalation: { kind: 'insert', entity: 'escalation', entityId: idOf(0) },
  // ---- imports (issue 9) ----
  putImportMapping: {
    kind: 'update',
    entity: 'import-mapping',
    entityId: (a) => field(field0(a, 'preset'), 'name'),
    issuer: (a) => field(a[0], 'issuerId') ?? undefined,
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('import_mappings')
            .selectAll()
            .where('issuer_id', '=', keyField(a, 0, 'issuerId'))
            .where('name', '=', field(field0(a, 'preset'), 'name') ?? ''),
          engine,
        ).executeTakeFirst();
        return r
          ? { body: JSON.parse(r.body) as unknown, recordedAt: r.recorded_at, recordedBy: r.recorded_by }
          : null;
      },
    },
  },
  insertImportRun: { kind: 'insert', entity: 'import-run', entityId: idOf(0) },
  finishImportRun: {
    kind: 'update',
    entity: 'import-run',
    entityId: arg(1),
    issuer: (a) => str(a[0]) ?? undefined,
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('import_runs')
            .select(['status', 'rows_read', 'rows_written', 'rows_skipped', 'error_count', 'finished_at'])
            .where('issuer_id', '=', rowKey(a, 0))
            .where('id', '=', rowKey(a, 1)),
          engine,
        ).executeTakeFirst();
        return r
          ? {
              status: r.status,
              rowsRead: int(r.rows_read),
              rowsWritten: int(r.rows_written),
              rowsSkipped: int(r.rows_skipped),
              errorCount: int(r.error_count),
              finishedAt: r.finished_at,
            }
          : null;
      },
    },
  },
  // One event per batch of an actuals import: the batch's size, its first and last actual and the
  // SHA-256 of its actuals in canonical form (the rows themselves are in actuals, append-only).
  insertImportedActuals: {
    kind: 'insert',
    entity: 'import-batch',
    entityId: (a) => `${field(a[0], 'importId') ?? ''}#${String((a[0] as { batch?: unknown }).batch)}`,
    issuer: (a) => field(a[0], 'issuerId') ?? undefined,
    after: (a) => {
      const b = a[0] as {
        importId: string;
        batch: number;
        actuals: readonly { id: string }[];
        ledgerKind: string;
        extraLedger: readonly unknown[];
        digest: string;
      };
      return {
        importId: b.importId,
        batch: b.batch,
        actuals: b.actuals.length,
        firstActualId: b.actuals[0]?.id ?? null,
        lastActualId: b.actuals[b.actuals.length - 1]?.id ?? null,
        ledgerKind: b.ledgerKind,
        ledgerEntries: b.actuals.length + b.extraLedger.length,
        sha256: b.digest,
      };
    },
  },
  insertImportedRows: {
    kind: 'insert',
    entity: 'imported-rows',
    entityId: none,
    issuer: (a) => str(a[0]) ?? undefined,
  },
  deleteImportedRows: {
    kind: 'update',
    entity: 'imported-rows',
    entityId: none,
    issuer: (a) => str(a[0]) ?? undefined,
    before: {
      read: async (db, a, engine) => {
        const keys = a[2] as readonly { agreementId: string; categoryId: string; reference: string }[];
        if (keys.length === 0) return [];
        const wanted = new Set(keys.map((k) => `${k.agreementId}|${k.categoryId}|${k.reference}`));
        const rows = await forWrite(
          db
            .selectFrom('imported_rows')
            .select(['agreement_id', 'category_id', 'reference', 'row_values', 'record_id', 'import_id'])
            .where('issuer_id', '=', rowKey(a, 0))
            .where('kind', '=', rowKey(a, 1))
            .where(
              'reference',
              'in',
              keys.map((k) => k.reference),
            ),
          engine,
        ).execute();
        return rows.filter((r) => wanted.has(`${r.agreement_id}|${r.category_id}|${r.reference}`));
      },
    },
  },
  // Issue 7: an issued report is recorded by its hash and identity; its body (the whole document)
  // is kept unchanged in issued_reports and not copied into the log.
  insertIssuedReport: {
    kind: 'insert',
    entity: 'issued-report',
    entityId: idOf(0),
    after: (a) => {
      const r = a[0] as Record<string, unknown>;
      const { body: _body, ...rest } = r;
      return rest;
    },
  },
  insertInedSignOff: { kind: 'insert', entity: 'ined-sign-off', entityId: idOf(0) },
  insertAuditorLetter: { kind: 'insert', entity: 'auditor-letter', entityId: idOf(0) },
  markAuditorLetterSent: {
    kind: 'update',
    entity: 'auditor-letter',
    entityId: arg(1),
    issuer: (a) => str(a[0]) ?? undefined,
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('auditor_letters')
            .select(['sent_to_exchange_on'])
            .where('issuer_id', '=', rowKey(a, 0))
            .where('id', '=', rowKey(a, 1)),
          engine,
        ).executeTakeFirst();
        return r ? { sentToExchangeOn: r.sent_to_exchange_on } : null;
      },
    },
  },
  // An upsert: the year's previous settings, if any, are replaced.
  putAnnualReviewSettings: {
    kind: 'update',
    entity: 'annual-review-settings',
    entityId: (a) => `${keyField(a, 0, 'issuerId')}:${keyField(a, 0, 'financialYear')}`,
    issuer: (a) => field(a[0], 'issuerId') ?? undefined,
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('annual_review_settings')
            .selectAll()
            .where('issuer_id', '=', keyField(a, 0, 'issuerId'))
            .where('financial_year', '=', keyField(a, 0, 'financialYear')),
          engine,
        ).executeTakeFirst();
        return r
          ? {
              limbWording: r.limb_wording,
              bulkPrintDate: r.bulk_print_date,
              recordedAt: r.recorded_at,
              recordedBy: r.recorded_by,
            }
          : null;
      },
    },
  },
  insertFollowUpTask: { kind: 'insert', entity: 'follow-up-task', entityId: idOf(0) },
  completeFollowUpTask: {
    kind: 'update',
    entity: 'follow-up-task',
    entityId: arg(1),
    issuer: (a) => str(a[0]) ?? undefined,
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('follow_up_tasks')
            .select(['status', 'completed_at', 'completed_by', 'completion_note'])
            .where('issuer_id', '=', rowKey(a, 0))
            .where('id', '=', rowKey(a, 1)),
          engine,
        ).executeTakeFirst();
        return r
          ? {
              status: r.status,
              completedAt: r.completed_at,
              completedBy: r.completed_by,
              completionNote: r.completion_note,
            }
          : null;
      },
    },
  },
  // Accounts (issue 6): hashes of passwords and tokens are redacted by `auditJson`, and never read
  // into a `before`.
  insertUser: { kind: 'insert', entity: 'user', entityId: idOf(0) },
  // ON CONFLICT DO NOTHING: a role already held is left alone and the write reports false.
  insertMembership: { kind: 'insert', entity: 'membership', entityId: (a) => field(a[0], 'userId') },
  recordLoginFailure: { kind: 'update', entity: 'login', entityId: arg(0), before: { read: loginState } },
  recordLoginSuccess: { kind: 'update', entity: 'login', entityId: arg(0), before: { read: loginState } },
  insertApiToken: { kind: 'insert', entity: 'api-token', entityId: idOf(0) },
  revokeApiToken: {
    kind: 'update',
    entity: 'api-token',
    entityId: arg(1),
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('api_tokens')
            .select(['issuer_id', 'role', 'prefix', 'expires_at', 'revoked_at'])
            .where('id', '=', rowKey(a, 1))
            .where('user_id', '=', rowKey(a, 0)),
          engine,
        ).executeTakeFirst();
        return r
          ? {
              issuerId: r.issuer_id,
              role: r.role,
              prefix: r.prefix,
              expiresAt: r.expires_at,
              revokedAt: r.revoked_at,
            }
          : null;
      },
    },
  },
  insertSession: { kind: 'insert', entity: 'session', entityId: idOf(0) },
  revokeSession: {
    kind: 'update',
    entity: 'session',
    entityId: arg(0),
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('sessions')
            .select(['user_id', 'expires_at', 'revoked_at'])
            .where('id', '=', rowKey(a, 0)),
          engine,
        ).executeTakeFirst();
        return r ? { userId: r.user_id, expiresAt: r.expires_at, revokedAt: r.revoked_at } : null;
      },
    },
  },
  // The sessions it ends, by id and times only.
  revokeUserSessions: {
    kind: 'update',
    entity: 'session',
    entityId: arg(0),
    before: {
      read: async (db, a, engine) => {
        let q = db
          .selectFrom('sessions')
          .select(['id', 'created_at', 'last_seen_at', 'expires_at'])
          .where('user_id', '=', rowKey(a, 0))
          .where('revoked_at', 'is', null);
        const except = str(a[2]);
        if (except !== null) q = q.where('id', '!=', except);
        const rows = await forWrite(q.orderBy('id'), engine).execute();
        return rows.map((r) => ({
          id: r.id,
          createdAt: r.created_at,
          lastSeenAt: r.last_seen_at,
          expiresAt: r.expires_at,
          revokedAt: null,
        }));
      },
    },
  },
  setUserDisabled: {
    kind: 'update',
    entity: 'user',
    entityId: arg(0),
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db.selectFrom('users').select(['email', 'disabled']).where('id', '=', rowKey(a, 0)),
          engine,
        ).executeTakeFirst();
        return r ? { email: r.email, disabled: flag(r.disabled) } : null;
      },
    },
  },
  deleteMembership: {
    kind: 'update',
    entity: 'membership',
    entityId: arg(0),
    issuer: (a) => str(a[1]) ?? undefined,
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('memberships')
            .selectAll()
            .where('user_id', '=', rowKey(a, 0))
            .where('issuer_id', '=', rowKey(a, 1))
            .where('role', '=', rowKey(a, 2)),
          engine,
        ).executeTakeFirst();
        return r
          ? {
              userId: r.user_id,
              issuerId: r.issuer_id,
              role: r.role,
              validFrom: r.valid_from,
              validTo: r.valid_to,
              createdAt: r.created_at,
              createdBy: r.created_by,
            }
          : null;
      },
    },
  },
  // The new hash is an argument by position, where `auditJson` cannot see its name: named here so
  // that it is redacted. `before` holds what else the write resets; the old hash is never read.
  setPassword: {
    kind: 'update',
    entity: 'user',
    entityId: arg(0),
    after: (a) => ({ userId: a[0], passwordHash: a[1], mustChangePassword: a[2] }),
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('users')
            .select(['must_change_password', 'failed_logins', 'locked_until'])
            .where('id', '=', rowKey(a, 0)),
          engine,
        ).executeTakeFirst();
        return r
          ? {
              mustChangePassword: flag(r.must_change_password),
              failedLogins: int(r.failed_logins),
              lockedUntil: r.locked_until,
            }
          : null;
      },
    },
  },
  setUserLanguage: {
    kind: 'update',
    entity: 'user',
    entityId: arg(0),
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db.selectFrom('users').select(['language']).where('id', '=', rowKey(a, 0)),
          engine,
        ).executeTakeFirst();
        return r ? { language: r.language } : null;
      },
    },
  },
  advanceEscalation: {
    kind: 'update',
    entity: 'escalation',
    entityId: (a) => field(a[1], 'escalationId'),
    lookup: { table: 'escalations', id: (a) => field(a[1], 'escalationId') },
    before: {
      read: async (db, a, engine) => {
        const r = await forWrite(
          db
            .selectFrom('escalations')
            .select('status')
            .where('id', '=', keyField(a, 1, 'escalationId')),
          engine,
        ).executeTakeFirst();
        return r ? { status: r.status } : null;
      },
    },
  },
  insertRecusal: { kind: 'insert', entity: 'recusal', entityId: idOf(0) },
};

/**
 * Repository methods with a write-like name that are deliberately not audited, and why. (The order
 * gate's `placeOrder` is audited by its own statement: see `placeOrderAuditRow`.)
 */
export const NOT_AUDITED: { readonly [name: string]: string } = {
  insertOrderWithLedger: 'part of placeOrder, which records one "placeOrder" event for the whole placement',
  lockOrder: 'takes a row lock; writes nothing',
  insertOrder: 'a private step of insertOrderWithLedger',
  insertSchedule: 'a private step of insertOrderWithLedger and replaceOrderSchedule (which is audited)',
  touchApiToken: 'the last-used time of a token, written on every authenticated request: usage, not a change',
  updateImportProgress:
    "an import run's progress counters while it works; its start (insertImportRun) and outcome (finishImportRun) are audited",
  touchSession:
    'the last-seen time of a session, written as a signed-in browser is used: usage, not a change',
};

/**
 * Keys whose values are secrets: recorded as "[redacted]". Covers the hash columns and fields too
 * (`password_hash`, `passwordHash`, `token_hash`, `tokenHash`, a webhook's `secret`).
 */
const SECRET_KEY = /secret|password|token|credential|apikey/i;

/**
 * The arguments as JSON for the audit log: bigints as strings, bytes as their size and SHA-256
 * (evidence files are not copied into the log), secrets redacted. A yes/no under a secret-like name
 * (`mustChangePassword`) stays: one bit is no secret, and the auditor needs it.
 */
export function auditJson(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    if (key !== '' && SECRET_KEY.test(key) && v !== null && v !== undefined && typeof v !== 'boolean')
      return '[redacted]';
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Uint8Array) {
      return { bytes: v.byteLength, sha256: createHash('sha256').update(v).digest('hex') };
    }
    // Buffer's own toJSON runs before the replacer sees it.
    if (
      typeof v === 'object' &&
      v !== null &&
      (v as { type?: unknown }).type === 'Buffer' &&
      Array.isArray((v as { data?: unknown }).data)
    ) {
      const bytes = Uint8Array.from((v as { data: number[] }).data);
      return { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
    }
    return v;
  });
}

/** The first `issuerId` carried by an argument (a record, or the first of a list of records). */
function issuerInArgs(args: Args): string | undefined {
  for (const a of args) {
    const rec = Array.isArray(a) ? (a[0] as unknown) : a;
    const found = field(rec, 'issuerId');
    if (found !== null) return found;
  }
  return undefined;
}

async function lookupIssuer(db: Kysely<Database>, table: Lookup, id: string): Promise<string | undefined> {
  let r: { issuer_id: string } | undefined;
  if (table === 'categories') {
    r = await db
      .selectFrom('categories')
      .innerJoin('agreements', 'agreements.id', 'categories.agreement_id')
      .select('agreements.issuer_id')
      .where('categories.id', '=', id)
      .executeTakeFirst();
  } else {
    r = await db.selectFrom(table).select('issuer_id').where('id', '=', id).executeTakeFirst();
  }
  return r?.issuer_id;
}

export interface NewAuditEvent {
  readonly issuerId: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly before: string | null;
  readonly after: string | null;
}

/** The row to insert for an event, with who and when from the audit context. */
export function auditRow(
  e: NewAuditEvent,
  ctx: AuditContext = currentAudit() ?? SYSTEM_AUDIT,
): Omit<Database['audit_events'], 'id'> {
  return {
    issuer_id: e.issuerId,
    recorded_at: new Date().toISOString(),
    actor: ctx.actor,
    via: ctx.via,
    request_id: ctx.requestId,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId,
    before: e.before,
    after: e.after,
  };
}

const INSERT_EVENT =
  'insert into audit_events (issuer_id, recorded_at, actor, via, request_id, action, entity, entity_id, before, after) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)';
const INSERT_EVENT_SQLITE = INSERT_EVENT.replace(/\$\d+/g, '?');

/** One insert, pre-written: the order gate runs it on SQLite for every order. */
export async function insertAuditEvent(
  db: Kysely<Database>,
  engine: 'sqlite' | 'postgres',
  e: NewAuditEvent,
  ctx?: AuditContext,
): Promise<void> {
  const r = auditRow(e, ctx);
  await db.executeQuery(
    CompiledQuery.raw(engine === 'sqlite' ? INSERT_EVENT_SQLITE : INSERT_EVENT, [
      r.issuer_id,
      r.recorded_at,
      r.actor,
      r.via,
      r.request_id,
      r.action,
      r.entity,
      r.entity_id,
      r.before,
      r.after,
    ]),
  );
}

/**
 * Wraps a transaction's `StoreTx` so that each audited write also inserts its audit event, on the
 * same connection, in the same transaction (it commits or rolls back with the write). A write that
 * reports it wrote nothing (returns false) records nothing. A write that changes existing rows
 * first reads them (`UpdateCapture.before`) on that connection, for the event's `before`.
 */
export function auditedTx<T extends StoreTx>(
  tx: T,
  db: Kysely<Database>,
  engine: Engine,
  /** Whose transaction this is, captured by the caller: SQLite runs it later, in another context. */
  ctx: AuditContext,
): T {
  let lastIssuer: string | undefined;
  return new Proxy(tx, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const fn = value as (...args: unknown[]) => Promise<unknown>;
      const capture = (AUDITED_WRITES as Record<string, Capture | undefined>)[prop];
      if (!capture) {
        // A read that names the issuer first (getAgreement(issuerId, …)) tells us whose writes follow.
        return (...args: unknown[]) => {
          if (
            typeof args[0] === 'string' &&
            /^(get|list|lock|find|agreementExists|registerVersion|latest|missing)/.test(prop)
          )
            lastIssuer ??= prop === 'getIssuer' ? undefined : args[0];
          return fn.apply(target, args);
        };
      }
      return async (...args: unknown[]) => {
        const read =
          capture.kind === 'update' && 'read' in capture.before
            ? await capture.before.read(db, args, engine)
            : null;
        const result = await fn.apply(target, args);
        if (result === false) return result;
        const before =
          capture.kind === 'insert'
            ? null
            : 'read' in capture.before
              ? read
              : capture.before.fromResult(result, args);
        let issuerId = capture.issuer?.(args) ?? issuerInArgs(args) ?? ctx.issuerId;
        if (issuerId === undefined && capture.lookup) {
          const id = capture.lookup.id(args);
          if (id !== null) issuerId = await lookupIssuer(db, capture.lookup.table, id);
        }
        issuerId ??= lastIssuer ?? '';
        lastIssuer = issuerId === '' ? lastIssuer : issuerId;
        await insertAuditEvent(
          db,
          engine,
          {
            issuerId,
            action: prop,
            entity: capture.entity,
            entityId: capture.entityId(args),
            before: before === null || before === undefined ? null : auditJson(before),
            after: auditJson(capture.after ? capture.after(args) : args.length === 1 ? args[0] : args),
          },
          ctx,
        );
        return result;
      };
    },
  });
}

// ---- sealing and reading ----

type EventRow = Database['audit_events'] & { id: bigint };

function eventRecord(r: Omit<Database['audit_events'], 'id'> & { id: bigint | number }): AuditEventRecord {
  return {
    id: BigInt(r.id),
    issuerId: r.issuer_id,
    recordedAt: r.recorded_at,
    actor: r.actor,
    via: r.via,
    requestId: r.request_id,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
  };
}

export async function auditIssuersPending(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select('issuer_id')
    .distinct()
    .orderBy('issuer_id')
    .execute();
  return rows.map((r) => r.issuer_id);
}

export async function listAuditEvents(db: Kysely<Database>, issuerId?: string): Promise<AuditEventRecord[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (issuerId !== undefined) q = q.where('issuer_id', '=', issuerId);
  const rows = (await q.orderBy('id').execute()) as EventRow[];
  return rows.map(eventRecord);
}

export async function listAuditLog(db: Kysely<Database>, issuerId?: string): Promise<AuditLogEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (issuerId !== undefined) q = q.where('issuer_id', '=', issuerId);
  const rows = await q.orderBy('issuer_id').orderBy('seq').execute();
  return rows.map((r) => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the event's id is `eventId` here
    const { id, ...event } = eventRecord({ ...r, id: r.event_id });
    return {
      ...event,
      seq: BigInt(r.seq),
      eventId: BigInt(r.event_id),
      prevHash: r.prev_hash,
      hash: r.hash,
    };
  });
}

export async function listAuditHeads(db: Kysely<Database>): Promise<AuditHead[]> {
  const rows = await db.selectFrom('audit_heads').selectAll().orderBy('issuer_id').execute();
  return rows.map((r) => ({ issuerId: r.issuer_id, seq: BigInt(r.seq), hash: r.hash }));
}

/** One sealing step, inside a transaction the caller opened (see `AuditStore.sealAuditEvents`). */
export async function sealAuditEventsIn(
  db: Kysely<Database>,
  engine: 'sqlite' | 'postgres',
  issuerId: string,
  limit: number,
  chain: (head: AuditHead, events: readonly AuditEventRecord[]) => AuditLogEntry[],
): Promise<AuditHead | null> {
  await db
    .insertInto('audit_heads')
    .values({ issuer_id: issuerId, seq: 0n, hash: ZERO_HASH })
    .onConflict((oc) => oc.column('issuer_id').doNothing())
    .execute();
  // PostgreSQL: sealers of the same issuer queue here; other issuers' sealers do not.
  let headQuery = db.selectFrom('audit_heads').selectAll().where('issuer_id', '=', issuerId);
  if (engine === 'postgres') headQuery = headQuery.forUpdate();
  const h = await headQuery.executeTakeFirstOrThrow();
  const head: AuditHead = { issuerId, seq: BigInt(h.seq), hash: h.hash };
  const rows = (await db
    .selectFrom('audit_events')
    .selectAll()
    .where('issuer_id', '=', issuerId)
    .orderBy('id')
    .limit(limit)
    .execute()) as EventRow[];
  if (rows.length === 0) return null;
  const entries = chain(head, rows.map(eventRecord));
  for (let i = 0; i < entries.length; i += 200) {
    await db
      .insertInto('audit_log')
      .values(
        entries.slice(i, i + 200).map((e) => ({
          issuer_id: e.issuerId,
          seq: e.seq,
          event_id: e.eventId,
          recorded_at: e.recordedAt,
          actor: e.actor,
          via: e.via,
          request_id: e.requestId,
          action: e.action,
          entity: e.entity,
          entity_id: e.entityId,
          before: e.before,
          after: e.after,
          prev_hash: e.prevHash,
          hash: e.hash,
        })),
      )
      .execute();
  }
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .deleteFrom('audit_events')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
  const last = entries[entries.length - 1] as AuditLogEntry;
  await db
    .updateTable('audit_heads')
    .set({ seq: last.seq, hash: last.hash })
    .where('issuer_id', '=', issuerId)
    .execute();
  return { issuerId, seq: last.seq, hash: last.hash };
}

export type AuditEventRow = Omit<Database['audit_events'], 'id'>;

/** The audit event of an order placement, as a VALUES row for the gate's one statement. */
export function placeOrderAuditValues(r: AuditEventRow) {
  return sql`(${r.issuer_id}, ${r.recorded_at}, ${r.actor}, ${r.via}, ${r.request_id}::text, ${r.action}, ${r.entity}, ${r.entity_id}::text, ${r.before}::text, ${r.after}::text)`;
}

/**
 * The one audit event of an accepted order placement (the gate writes it with the order). The gate
 * is the hot path, so the event stays small: the order as recorded, but its quote comparison
 * (`pricing`, about 1.5 kB, stored in full on the order's own row) only as its SHA-256, which an
 * auditor checks the order row against; the ledger entries and guards follow from the schedule.
 */
export function placeOrderAuditEvent(p: OrderPlacement): NewAuditEvent {
  const { pricing, ...order } = p.order;
  return {
    issuerId: p.order.issuerId,
    action: 'placeOrder',
    entity: 'order',
    entityId: p.order.id,
    before: null,
    // Built without auditJson's replacer (the hot path): an order holds no secrets and no bytes, and
    // its only bigints are the schedule's amounts, written as strings here as auditJson would.
    after: JSON.stringify({
      order: {
        ...order,
        schedule: order.schedule.map((l) => ({
          ...l,
          amountMinor: l.amountMinor.toString(),
          capAmountMinor: l.capAmountMinor.toString(),
        })),
      },
      pricingSha256: pricing === null ? null : createHash('sha256').update(jsonText(pricing)).digest('hex'),
      agreementVersion: p.agreementVersion,
      evidence: p.evidence,
      idempotencyKey: p.idempotency?.key ?? null,
    }),
  };
}
