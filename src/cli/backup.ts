/**
 * `armslength export --out FILE` and `armslength restore FILE` (issue 9, item 3; decision 0018): the
 * whole installation to one gzip'd JSON Lines file, and back into an empty database of either engine.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import type { Command } from 'commander';
import { describeVerdict } from '../app/audit.js';
import {
  checkBackup,
  exportBackup,
  finishRestore,
  loadBackup,
  type BackupSource,
  type BackupSummary,
  type RestoredAudit,
} from '../app/backup.js';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { Refused } from './exit.js';

/** What the backup commands borrow from program.ts. */
export interface BackupCommandHelpers {
  stdout(text: string): void;
  /** "armslength 0.1.0", recorded in the backup's header. */
  readonly producer: string;
  withDatabaseOptions(cmd: Command): Command;
  /** Opens the database the flags name (migrated no further than `migrateUpTo`, if given) and runs `fn`. */
  withDatabase<T>(
    cmd: Command,
    flags: object,
    fn: (ctx: AppContext) => Promise<T>,
    migrateUpTo?: string,
  ): Promise<T>;
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

const total = (rows: Readonly<Record<string, number>>): number =>
  Object.values(rows).reduce((a, b) => a + b, 0);

/** The lines of a backup file, gunzipped when it starts like gzip; a damaged file is invalid input. */
export function fileSource(file: string): BackupSource {
  return async function* lines() {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch (error) {
      throw AppError.invalid([
        { path: file, message: `cannot be read (${(error as { code?: string }).code ?? String(error)})` },
      ]);
    }
    const magic = Buffer.alloc(2);
    const read = fs.readSync(fd, magic, 0, 2, 0);
    const input = fs.createReadStream(file, { fd, start: 0 });
    const gzipped = read === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    const stream = gzipped ? input.pipe(zlib.createGunzip()) : input;
    if (gzipped) input.on('error', (e) => stream.destroy(e));
    const decoder = new StringDecoder('utf8');
    // The pieces of the line being read: a line holding an evidence file spans many chunks, and each
    // chunk is searched once.
    const pieces: string[] = [];
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const text = decoder.write(chunk);
        let start = 0;
        for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
          pieces.push(text.slice(start, end));
          yield pieces.splice(0).join('');
          start = end + 1;
        }
        if (start < text.length) pieces.push(text.slice(start));
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw AppError.invalid([
        {
          path: file,
          message: `cannot be read to its end (${error instanceof Error ? error.message : String(error)}): it is truncated or damaged`,
        },
      ]);
    } finally {
      input.destroy();
    }
    const last = pieces.join('') + decoder.end();
    if (last !== '') yield last;
  };
}

/** Writes through gzip to `out.partial-<pid>`, fsyncs, and renames it to `out` only when complete. */
async function writeGzipped<T>(
  out: string,
  fn: (write: (text: string) => Promise<void>) => Promise<T>,
): Promise<T> {
  const partial = `${out}.partial-${process.pid}`;
  let fd: number;
  try {
    // 0600: the backup holds password hashes and webhook secrets.
    fd = fs.openSync(partial, 'wx', 0o600);
  } catch (error) {
    throw AppError.invalid([
      {
        path: '--out',
        message: `${out} cannot be written (${(error as { code?: string }).code ?? String(error)})`,
      },
    ]);
  }
  const gzip = zlib.createGzip();
  const done = pipeline(gzip, fs.createWriteStream(partial, { fd, autoClose: false }));
  // Awaited below; until then a failure (a full disk) must not count as unhandled.
  done.catch(() => undefined);
  const write = async (text: string): Promise<void> => {
    if (gzip.destroyed) await done;
    // Racing `done`: a stream that failed never drains.
    if (!gzip.write(text)) await Promise.race([once(gzip, 'drain'), done]);
  };
  try {
    const result = await fn(write);
    gzip.end();
    await done;
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, out);
    return result;
  } catch (error) {
    gzip.destroy();
    await done.catch(() => undefined);
    try {
      fs.closeSync(fd);
    } catch {
      // Already closed after a successful write: the rename failed.
    }
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

function exportReport(out: string, s: BackupSummary): string {
  const h = s.header;
  const evidence = s.rows['evidence_files'] ?? 0;
  const lines = [
    `Wrote ${out}: ${plural(total(s.rows), 'row')} of ${plural(h.tables.length, 'table')} (${plural(evidence, 'evidence file')} with their bytes), schema version ${h.schemaVersion}.`,
    h.auditKeyFingerprint === null
      ? 'No audit log key is configured, so the backup names none: the restored chain can be verified only with the key it was sealed with.'
      : `Audit log key fingerprint ${h.auditKeyFingerprint} (the key itself is not in the backup: keep it safe separately; a restore needs it to verify the chain).`,
    `SHA-256 of its contents: ${s.sha256}.`,
    'It holds password and token hashes and webhook secrets: keep it as safe as the database.',
  ];
  return `${lines.join('\n')}\n`;
}

function auditLines(a: RestoredAudit, pending: number): string[] {
  const out: string[] = [];
  if (!a.anchor)
    out.push(
      'No audit anchor is configured (ARMSLENGTH_AUDIT_ANCHOR): verification relies on the heads in the database.',
    );
  else if (a.anchor.heads > 0)
    out.push(
      `Anchored the restored chain heads of ${plural(a.anchor.heads, 'issuer')} in ${a.anchor.location}.`,
    );
  if (a.verdicts) {
    if (a.verdicts.length === 0) out.push('Audit log: no sealed entries.');
    for (const v of a.verdicts)
      out.push(`Audit log ${v.ok ? 'verified' : 'NOT verified'}: ${describeVerdict(v)}`);
  }
  if (pending > 0)
    out.push(
      `${plural(pending, 'audit event')} captured before the backup ${pending === 1 ? 'is' : 'are'} not sealed yet: the sealer (armslength serve, or armslength audit verify) chains them under this installation's key.`,
    );
  return out;
}

/** Why the restored chain was not verified, as the reason `restore` exits 1. */
function auditProblem(a: RestoredAudit): string | null {
  switch (a.problem) {
    case null:
      return null;
    case 'no-key':
      return `the data was restored, but the audit chain could not be verified: no audit log key is configured (${a.keySource}); set ARMSLENGTH_AUDIT_KEY to the key the backup was made with (fingerprint ${a.backupFingerprint ?? 'unknown'}), then run armslength audit verify`;
    case 'key-differs':
      return (
        `the data was restored, but the audit chain can only be verified with the key it was sealed with: the backup was made with the key of fingerprint ${a.backupFingerprint ?? 'unknown'}, ` +
        `and this installation's key (${a.keySource}) has fingerprint ${a.targetFingerprint ?? 'unknown'}. ` +
        'Put the original key in place (ARMSLENGTH_AUDIT_KEY, or the audit.key file of the data directory) before starting the server — ' +
        'otherwise new entries are sealed under the wrong key — then run armslength audit verify'
      );
    case 'chain':
      return 'the data was restored, but its audit chain does not verify (see above)';
  }
}

export function registerBackupCommands(program: Command, h: BackupCommandHelpers): void {
  h.withDatabaseOptions(
    program
      .command('export')
      .description(
        'back up the whole installation (every issuer, account, the audit chain, the ledger, evidence files with their bytes) to one gzip’d JSON Lines file; the audit log key is not in it',
      )
      .requiredOption('--out <file>', 'the backup file to write (refused if it exists, unless --force)')
      .option('--force', 'overwrite --out if it exists'),
  ).action(async (flags: { out: string; force?: boolean }, cmd: Command) => {
    if (fs.existsSync(flags.out) && !flags.force)
      throw AppError.invalid([
        { path: '--out', message: `${flags.out} exists: choose another file, or give --force` },
      ]);
    const summary = await h.withDatabase(cmd, flags, (ctx) =>
      writeGzipped(flags.out, (write) => exportBackup(ctx, write, { producer: h.producer })),
    );
    h.stdout(exportReport(flags.out, summary));
  });

  h.withDatabaseOptions(
    program
      .command('restore')
      .description(
        'restore a backup made by `armslength export` into an empty database (SQLite or PostgreSQL), then verify its audit chain; exits 1 if the chain could not be verified',
      )
      .argument('<file>', 'the backup file'),
  ).action(async (file: string, flags: object, cmd: Command) => {
    const source = fileSource(file);
    // The whole file is checked before the database is even opened: a damaged backup writes nothing.
    const checked = await checkBackup(source, file);
    const header = checked.header;
    let rows: Record<string, number>;
    try {
      rows = await h.withDatabase(
        cmd,
        flags,
        (ctx) => loadBackup(ctx.store, source, checked, file),
        header.schemaVersion,
      );
    } catch (error) {
      if (error instanceof AppError && error.details.code === 'SCHEMA_VERSION_UNKNOWN')
        throw AppError.conflict(
          'BACKUP_SCHEMA_NEWER',
          `the backup's ${error.message}: restore it with the version of Arm's Length that made it, or a later one; nothing was written`,
        );
      throw error;
    }
    // Opened again at this build's schema: migrations after the backup's apply to the restored rows.
    const audit = await h.withDatabase(cmd, flags, (ctx) => finishRestore(ctx.store, header));
    h.stdout(
      [
        `Restored ${file} (made ${header.createdAt} by ${header.producer} on ${header.engine}, schema version ${header.schemaVersion}): ${plural(total(rows), 'row')} of ${plural(header.tables.length, 'table')}, ${plural(rows['evidence_files'] ?? 0, 'evidence file')}.`,
        ...auditLines(audit, rows['audit_events'] ?? 0),
        '',
      ].join('\n'),
    );
    const problem = auditProblem(audit);
    if (problem !== null) throw new Refused(problem);
  });
}
