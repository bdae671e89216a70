/**
 * Issue 6, item 6: `armslength doctor` — what in this installation's configuration is insecure. The
 * CLI gathers the facts (environment, files); the judgements are here, so that they are tested
 * without a machine to misconfigure (decision 0014).
 */
import type { AppContext } from './context.js';

export type Severity = 'insecure' | 'warning' | 'ok';

export interface Finding {
  readonly check: string;
  readonly severity: Severity;
  readonly message: string;
}

/** What the CLI found out about the configuration (no secret itself is passed in, only its shape). */
export interface ConfigFacts {
  /** ARMSLENGTH_PUBLIC_URL: the address users reach the server at (https:// behind a TLS proxy). */
  readonly publicUrl: string | undefined;
  /** ARMSLENGTH_TRUST_PROXY is set. */
  readonly trustProxy: boolean;
  /** HOST (the address the server listens on). */
  readonly host: string;
  readonly engine: 'sqlite' | 'postgres';
  /** The audit key: from the environment, a file (with its permission bits), or none. */
  readonly auditKey:
    | { readonly source: 'env' | 'file'; readonly bytes: Buffer; readonly fileMode?: number | undefined }
    | { readonly source: 'none' }
    | { readonly source: 'invalid'; readonly where: string };
  readonly anchorConfigured: boolean;
  /** The password in DATABASE_URL, if any. */
  readonly databasePassword: string | undefined;
  /** SMTP_URL's scheme (smtp / smtps), if set. */
  readonly smtpScheme: string | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const WELL_KNOWN_PASSWORDS = new Set(['postgres', 'password', 'armslength', 'admin', 'secret', 'changeme']);

/** Distinct byte values: a key of one repeated byte, or a short alphabet, is not random. */
const distinct = (bytes: Buffer): number => new Set(bytes).size;

export function checkConfig(f: ConfigFacts): Finding[] {
  const out: Finding[] = [];
  const tls = f.publicUrl?.startsWith('https://') === true;
  if (tls && f.trustProxy)
    out.push({
      check: 'tls',
      severity: 'ok',
      message: `served over TLS at ${f.publicUrl ?? ''} through a trusted proxy`,
    });
  else if (tls)
    out.push({
      check: 'tls',
      severity: 'warning',
      message:
        'ARMSLENGTH_PUBLIC_URL is https but ARMSLENGTH_TRUST_PROXY is not set: session cookies will not be marked Secure and HSTS is not sent',
    });
  else
    out.push({
      check: 'tls',
      severity: LOOPBACK.has(f.host) ? 'warning' : 'insecure',
      message: `no TLS in front${LOOPBACK.has(f.host) ? ' (listening on loopback only)' : `, and listening on ${f.host}`}: put a TLS-terminating proxy in front, set ARMSLENGTH_PUBLIC_URL=https://… and ARMSLENGTH_TRUST_PROXY=1`,
    });

  const key = f.auditKey;
  if (key.source === 'invalid')
    out.push({
      check: 'audit-key',
      severity: 'insecure',
      message: `the audit key in ${key.where} is not hex or base64 of at least 32 bytes`,
    });
  else if (key.source === 'none')
    out.push({
      check: 'audit-key',
      severity: f.engine === 'postgres' ? 'insecure' : 'warning',
      message:
        f.engine === 'postgres'
          ? 'ARMSLENGTH_AUDIT_KEY is not set: the audit log cannot be sealed or verified'
          : 'no audit key yet: one is generated in the data directory on the first write',
    });
  else {
    const weak = key.bytes.length < 32 || distinct(key.bytes) < 16;
    if (weak)
      out.push({
        check: 'audit-key',
        severity: 'insecure',
        message: `the audit key (${key.source === 'env' ? 'ARMSLENGTH_AUDIT_KEY' : 'key file'}) is weak: use 32 random bytes, e.g. openssl rand -hex 32`,
      });
    else if (key.source === 'file' && key.fileMode !== undefined && (key.fileMode & 0o077) !== 0)
      out.push({
        check: 'audit-key',
        severity: 'insecure',
        message: `the audit key file can be read by others (mode ${(key.fileMode & 0o777).toString(8)}): chmod 600 it`,
      });
    else
      out.push({
        check: 'audit-key',
        severity: key.source === 'file' ? 'warning' : 'ok',
        message:
          key.source === 'file'
            ? 'the audit key is a file beside the database: keep it out of the database backups, or set ARMSLENGTH_AUDIT_KEY from a secret store'
            : 'the audit key comes from the environment',
      });
  }
  if (!f.anchorConfigured)
    out.push({
      check: 'audit-anchor',
      severity: 'warning',
      message:
        'ARMSLENGTH_AUDIT_ANCHOR is not set: deleting the newest audit entries is detected only against the heads kept in the database',
    });

  if (f.databasePassword !== undefined) {
    const p = f.databasePassword;
    if (p.length < 12 || WELL_KNOWN_PASSWORDS.has(p.toLowerCase()))
      out.push({
        check: 'database',
        severity: 'insecure',
        message: 'the PostgreSQL password in DATABASE_URL is short or well known',
      });
  }
  if (f.smtpScheme === 'smtp')
    out.push({
      check: 'smtp',
      severity: 'warning',
      message: 'SMTP_URL is smtp://: make sure the server offers STARTTLS, or use smtps://',
    });
  return out;
}

/** Accounts: an active account still on printed (default) credentials, an issuer with no admin. */
export async function checkAccounts(ctx: AppContext): Promise<Finding[]> {
  const out: Finding[] = [];
  const issuers = await ctx.store.listIssuers();
  const defaults = new Set<string>();
  for (const issuer of issuers) {
    const members = await ctx.store.listIssuerMembers(issuer.id);
    for (const m of members) if (!m.user.disabled && m.user.mustChangePassword) defaults.add(m.user.email);
  }
  for (const email of [...defaults].sort())
    out.push({
      check: 'default-credentials',
      severity: 'insecure',
      message: `${email} still has the password printed when it was made: change it (POST /api/v1/session/password) or disable it (armslength users disable --email ${email})`,
    });
  if ((await ctx.store.countUsers()) === 0)
    out.push({
      check: 'accounts',
      severity: 'warning',
      message: 'no account exists yet: make the first with armslength users add … --role admin',
    });
  return out;
}
