/**
 * Issue 6: the operator's account commands beyond `users add` and `tokens create` — `users list`,
 * `users disable|enable`, `users password`, `tokens list`, `tokens revoke` — and `armslength doctor`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { AppContext } from '../app/context.js';
import { checkAccounts, checkConfig, type ConfigFacts, type Finding } from '../app/doctor.js';
import {
  listAllUsers,
  listUserTokens,
  resetPassword,
  revokeUserToken,
  setAccountDisabled,
} from '../app/user-admin.js';
import { AUDIT_ANCHOR_ENV, AUDIT_KEY_ENV, parseAuditKey } from '../app/audit-key.js';
import { readNewPassword, type SecretInput } from './accounts.js';
import { Refused } from './exit.js';

export interface AdminCommandHelpers {
  stdout(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly secrets: SecretInput;
  withDatabaseOptions(cmd: Command): Command;
  withDatabase<T>(cmd: Command, flags: object, fn: (ctx: AppContext) => Promise<T>): Promise<T>;
  /** As withDatabase, with where the database is. */
  withLocatedDatabase<T>(
    cmd: Command,
    flags: object,
    fn: (ctx: AppContext, location: { dataDir: string | null; databaseUrl: string | null }) => Promise<T>,
  ): Promise<T>;
}

const nonEmpty = (v: string | undefined): string | undefined =>
  v === undefined || v.trim() === '' ? undefined : v.trim();

export function registerAdminCommands(
  users: Command,
  tokens: Command,
  program: Command,
  h: AdminCommandHelpers,
): void {
  h.withDatabaseOptions(
    users
      .command('list')
      .description('list the users and their roles, at every issuer or one')
      .option('--issuer <id>', 'only this issuer')
      .option('--json', 'print JSON'),
  ).action(async (flags: { issuer?: string; json?: boolean }, cmd: Command) => {
    await h.withDatabase(cmd, flags, async (ctx) => {
      const { items } = await listAllUsers(ctx, flags.issuer);
      if (flags.json) {
        h.stdout(`${JSON.stringify({ items }, null, 2)}\n`);
        return;
      }
      if (items.length === 0) h.stdout('no user holds a role\n');
      for (const u of items) {
        const roles = u.roles
          .map(
            (r) =>
              `${r.role}${r.inForce ? '' : ' (not in force)'}${r.validTo !== null ? ` until ${r.validTo}` : ''}`,
          )
          .join(', ');
        const flagsText = [
          u.disabled ? 'disabled' : '',
          u.mustChangePassword ? 'printed password' : '',
          u.lockedUntil ? `locked until ${u.lockedUntil}` : '',
        ]
          .filter((s) => s !== '')
          .join('; ');
        h.stdout(`${u.issuerId}\t${u.email}\t${roles}${flagsText ? `\t[${flagsText}]` : ''}\n`);
      }
    });
  });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    h.withDatabaseOptions(
      users
        .command(name)
        .description(
          disabled
            ? 'disable an account everywhere: its sessions end and its tokens stop working'
            : 'enable a disabled account again',
        )
        .requiredOption('--email <email>', 'the user'),
    ).action(async (flags: { email: string }, cmd: Command) => {
      await h.withDatabase(cmd, flags, async (ctx) => {
        const user = await setAccountDisabled(ctx, flags.email, disabled);
        h.stdout(`${disabled ? 'Disabled' : 'Enabled'} ${user.email} (${user.id})\n`);
      });
    });
  }

  h.withDatabaseOptions(
    users
      .command('password')
      .description("set a user's password (prompted for, or read with --password-stdin); their sessions end")
      .requiredOption('--email <email>', 'the user')
      .option('--password-stdin', 'read the password from stdin instead of prompting'),
  ).action(async (flags: { email: string; passwordStdin?: boolean }, cmd: Command) => {
    await h.withDatabase(cmd, flags, async (ctx) => {
      const password = await readNewPassword(h.secrets, flags.passwordStdin === true, flags.email.trim());
      const user = await resetPassword(ctx, flags.email, password);
      h.stdout(`Set a new password for ${user.email}; their sessions have ended\n`);
    });
  });

  h.withDatabaseOptions(
    tokens
      .command('list')
      .description("list a user's API tokens (their first 8 characters, never the token)")
      .requiredOption('--email <email>', 'the user')
      .option('--json', 'print JSON'),
  ).action(async (flags: { email: string; json?: boolean }, cmd: Command) => {
    await h.withDatabase(cmd, flags, async (ctx) => {
      const { items } = await listUserTokens(ctx, flags.email);
      if (flags.json) {
        h.stdout(`${JSON.stringify({ items }, null, 2)}\n`);
        return;
      }
      if (items.length === 0) h.stdout('no token\n');
      for (const t of items)
        h.stdout(
          `${t.id}\t${t.prefix}…\t${t.issuerId}\t${t.role ?? 'all roles'}\texpires ${t.expiresAt}${t.revokedAt ? `\trevoked ${t.revokedAt}` : ''}\n`,
        );
    });
  });

  h.withDatabaseOptions(
    tokens
      .command('revoke')
      .description('revoke an API token: it stops working at once')
      .requiredOption('--email <email>', 'the user')
      .requiredOption('--id <id>', 'the token id (see tokens list)'),
  ).action(async (flags: { email: string; id: string }, cmd: Command) => {
    await h.withDatabase(cmd, flags, async (ctx) => {
      await revokeUserToken(ctx, flags.email, flags.id);
      h.stdout(`Revoked ${flags.id}\n`);
    });
  });

  h.withDatabaseOptions(
    program
      .command('doctor')
      .description(
        'report an insecure configuration (no TLS in front, printed credentials still active, a weak secret); exits 1 if any',
      )
      .option('--json', 'print JSON'),
  ).action(async (flags: { json?: boolean }, cmd: Command) => {
    await h.withLocatedDatabase(cmd, flags, async (ctx, location) => {
      const facts = gatherFacts(h.env, ctx.store.engine, location);
      const findings: Finding[] = [...checkConfig(facts), ...(await checkAccounts(ctx))];
      const insecure = findings.filter((f) => f.severity === 'insecure');
      if (flags.json) h.stdout(`${JSON.stringify({ ok: insecure.length === 0, findings }, null, 2)}\n`);
      else
        for (const f of findings)
          h.stdout(`${f.severity.toUpperCase().padEnd(8)} ${f.check}: ${f.message}\n`);
      if (insecure.length > 0)
        throw new Refused(
          `${insecure.length} insecure setting${insecure.length === 1 ? '' : 's'} (see above)`,
        );
    });
  });
}

/** The configuration as `checkConfig` judges it; secrets are read only to measure them. */
export function gatherFacts(
  env: Readonly<Record<string, string | undefined>>,
  engine: 'sqlite' | 'postgres',
  location: { dataDir: string | null; databaseUrl: string | null },
): ConfigFacts {
  const { dataDir } = location;
  let auditKey: ConfigFacts['auditKey'] = { source: 'none' };
  const fromEnv = nonEmpty(env[AUDIT_KEY_ENV]);
  if (fromEnv !== undefined) {
    const key = parseAuditKey(fromEnv);
    auditKey = key ? { source: 'env', bytes: key } : { source: 'invalid', where: AUDIT_KEY_ENV };
  } else if (dataDir !== null) {
    const file = path.join(dataDir, 'audit.key');
    if (fs.existsSync(file)) {
      const key = parseAuditKey(fs.readFileSync(file, 'utf8'));
      auditKey = key
        ? { source: 'file', bytes: key, fileMode: fs.statSync(file).mode }
        : { source: 'invalid', where: file };
    }
  }
  let databasePassword: string | undefined;
  const url = location.databaseUrl ?? undefined;
  if (engine === 'postgres' && url !== undefined) {
    try {
      databasePassword = decodeURIComponent(new URL(url).password);
    } catch {
      databasePassword = undefined;
    }
  }
  const smtp = nonEmpty(env['SMTP_URL']);
  return {
    publicUrl: nonEmpty(env['ARMSLENGTH_PUBLIC_URL']),
    trustProxy: nonEmpty(env['ARMSLENGTH_TRUST_PROXY']) !== undefined,
    host: nonEmpty(env['HOST']) ?? '127.0.0.1',
    engine,
    auditKey,
    anchorConfigured: nonEmpty(env[AUDIT_ANCHOR_ENV]) !== undefined || engine === 'sqlite',
    databasePassword,
    smtpScheme: smtp === undefined ? undefined : smtp.split(':')[0]?.toLowerCase(),
  };
}
