import fs from 'node:fs';
import { Option, type Command } from 'commander';
import {
  describeVerdict,
  exportAudit,
  sealAudit,
  verifyAudit,
  type AuditExportFormat,
} from '../app/audit.js';
import type { AppContext } from '../app/context.js';
import { Refused } from './exit.js';

/** What the audit commands borrow from program.ts (its database options and context). */
export interface AuditCommandHelpers {
  stdout(text: string): void;
  /** Adds --data / --database-url. */
  withDatabaseOptions(cmd: Command): Command;
  /** Opens the database the flags name and runs `fn` with it. */
  withDatabase<T>(cmd: Command, flags: object, fn: (ctx: AppContext) => Promise<T>): Promise<T>;
}

/** `armslength audit verify` and `armslength audit export` (issue 6, item 4). */
export function registerAuditCommands(program: Command, h: AuditCommandHelpers): void {
  const audit = program.command('audit').description('the hash-chained audit log of every write');

  h.withDatabaseOptions(
    audit
      .command('verify')
      .description(
        'seal pending entries, then check every issuer’s chain; exits 1 naming the first entry altered, deleted or reordered',
      )
      .option('--issuer <id>', 'only this issuer’s chain'),
  ).action(async (flags: { issuer?: string }, cmd: Command) => {
    await h.withDatabase(cmd, flags, async (ctx) => {
      const keyring = await ctx.store.auditKeyring();
      await sealAudit(ctx.store, keyring, flags.issuer !== undefined ? { issuerId: flags.issuer } : {});
      const verdicts = await verifyAudit(ctx.store, keyring, flags.issuer);
      if (verdicts.length === 0) h.stdout('the audit log is empty\n');
      for (const v of verdicts) if (v.ok) h.stdout(`${describeVerdict(v)}\n`);
      const bad = verdicts.filter((v) => !v.ok);
      if (bad.length > 0) throw new Refused(bad.map(describeVerdict).join('\n'));
    });
  });

  h.withDatabaseOptions(
    audit
      .command('export')
      .description('every sealed entry of an issuer with its seq, prev_hash, hash and the key’s fingerprint')
      .requiredOption('--issuer <id>', 'the issuer whose chain to export')
      .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']).default('json'))
      .option('--out <file>', 'write to this file instead of standard output'),
  ).action(async (flags: { issuer: string; format: AuditExportFormat; out?: string }, cmd: Command) => {
    await h.withDatabase(cmd, flags, async (ctx) => {
      const keyring = await ctx.store.auditKeyring();
      await sealAudit(ctx.store, keyring, { issuerId: flags.issuer });
      const text = await exportAudit(ctx.store, keyring, flags.issuer, flags.format);
      if (flags.out !== undefined) fs.writeFileSync(flags.out, text);
      else h.stdout(text);
    });
  });
}
