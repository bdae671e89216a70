import { registerImportCommands } from './import.js';
import fs from 'node:fs';
import path from 'node:path';
import { AVAILABLE_REPORT_KINDS, buildReport } from '../app/reports/index.js';
import { getIssuedReport, issueReport } from '../app/reports/issue.js';
import type { ReportDocument } from '../domain/reports/document.js';
import {
  parseFormat,
  parseLanguage,
  renderReportFile,
  renderReportFiles,
  type RenderedFile,
} from '../reports/index.js';
import { registerAdminCommands } from './admin.js';
import { randomBytes } from 'node:crypto';
import { createDemoAdmin, DEMO_ADMIN_EMAIL, needsSetup } from '../app/setup.js';
import { OPERATOR_ROLES } from '../app/authorize.js';
import { listAlerts } from '../app/alerts.js';
import { alertsReport } from './alerts.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { runWithAudit } from '../app/audit-context.js';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { listAgreements } from '../app/get-agreements.js';
import { getForecasts } from '../app/get-forecasts.js';
import { getUtilization } from '../app/get-utilization.js';
import { defaultIssuerFor, listIssuers } from '../app/issuers.js';
import { getOrder } from '../app/order-changes.js';
import type { Actor, IssuerRecord } from '../app/ports.js';
import { formatDateEn, type CalendarDate } from '../domain/index.js';
import { registerAuditCommands } from './audit.js';
import { registerBackupCommands } from './backup.js';
import { registerClassifyCommands } from './classify.js';
// ---- accounts (issue 6) ----
import { createIssuer } from '../app/issuers.js';
import { listIssuerViews } from '../app/issuer-settings.js';
import { createToken } from '../app/tokens.js';
import { addUser } from '../app/users.js';
import { ROLES } from '../domain/authz/index.js';
import {
  issuerInputFromFlags,
  issuersTable,
  processSecretInput,
  readNewPassword,
  tokenReport,
  type SecretInput,
} from './accounts.js';
// ---- end accounts ----
import { EXIT, reportError, type ExitStatus } from './exit.js';
import { alertLines, utilizationTable } from './format.js';
import { forecastReport } from './forecast.js';
import { orderReport } from './order.js';

/** Where the data lives, as the user gave it on the command line (main.ts adds DATABASE_URL). */
export interface DatabaseChoice {
  readonly data?: string;
  readonly databaseUrl?: string;
  /** `restore` (decision 0018): migrate a new database only up to the backup's schema version. */
  readonly migrateUpTo?: string;
}

export interface OpenedContext {
  readonly ctx: AppContext;
  close(): Promise<void>;
  /** Where the database is (for `doctor`): the SQLite directory, or the PostgreSQL URL. */
  readonly location?: { readonly dataDir: string | null; readonly databaseUrl: string | null };
}

export interface ServeOptions {
  readonly ctx: AppContext;
  /** The one-time code that opens first-run setup, when the installation has no account yet. */
  readonly setupCode?: string | undefined;
  readonly host: string;
  readonly port: number;
}

export interface RunningServer {
  /** With the port actually bound (port 0 asks the system for a free one). */
  readonly url: string;
  close(): Promise<void>;
}

/** What loading the demo did; src/demo's `DemoResult` fits it. */
export type DemoOutcome =
  | {
      readonly loaded: true;
      readonly issuer: IssuerRecord;
      readonly today: CalendarDate;
      readonly orders: number;
      readonly actuals: number;
    }
  | { readonly loaded: false; readonly issuer: IssuerRecord };

/** Everything the commands need from outside cli/, wired by src/main.ts (the boundary lint forbids importing it). */
export interface CliDeps {
  openContext(choice: DatabaseChoice): Promise<OpenedContext>;
  serve(options: ServeOptions): Promise<RunningServer>;
  loadDemo(ctx: AppContext): Promise<DemoOutcome>;
  /** Resolves on the first SIGINT or SIGTERM. */
  untilShutdown(): Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly version: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether standard error is a terminal: `import` draws its progress bar only there. */
  readonly isTerminal?: boolean;
  /** Where `users add` reads a password (issue 6); the process's stdin when absent. */
  readonly secretInput?: SecretInput;
}

/** Until accounts exist (issue 6) every use case runs as the local operator. */
export const LOCAL_OPERATOR = 'local-operator';
const DEFAULT_DATA_DIR = './data';
const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '127.0.0.1';

const isOff = (value: string | undefined): boolean =>
  value !== undefined && ['0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());

function parsePort(value: string, name: string): number {
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new InvalidArgumentError(
      `${name} must be a whole number from 0 to 65535 (0 picks a free port), not ${JSON.stringify(value)}.`,
    );
  }
  return port;
}

interface DatabaseFlags {
  data?: string;
  databaseUrl?: string;
}

function withDatabaseOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', `the embedded (SQLite) database's directory (default: ${DEFAULT_DATA_DIR})`)
    .option(
      '--database-url <url>',
      'a PostgreSQL database, postgres://user:password@host:5432/name (default: $DATABASE_URL)',
    );
}

function databaseChoice(cmd: Command, flags: DatabaseFlags): DatabaseChoice {
  if (flags.data !== undefined && flags.databaseUrl !== undefined) {
    cmd.error(
      'error: choose one database: --data DIR (SQLite) or --database-url URL (PostgreSQL), not both',
      {
        exitCode: EXIT.usage,
        code: 'armslength.usage',
      },
    );
  }
  return {
    ...(flags.data !== undefined ? { data: flags.data } : {}),
    ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
  };
}

/** Opens the database, runs `fn`, and closes the database whatever happened. */
async function withContext<T>(
  deps: CliDeps,
  choice: DatabaseChoice,
  fn: (ctx: AppContext) => Promise<T>,
): Promise<T> {
  const opened = await deps.openContext(choice);
  try {
    // Every write the command makes is audited as this OS user, under one id for the command.
    return await runWithAudit({ actor: cliActor(), requestId: `cli-${randomUUID()}`, via: 'cli' }, () =>
      fn(opened.ctx),
    );
  } finally {
    await opened.close();
  }
}

/** Who the audit log records for CLI writes: the OS user running the command. */
function cliActor(): string {
  try {
    const name = os.userInfo().username;
    return name ? `os:${name}` : LOCAL_OPERATOR;
  } catch {
    return LOCAL_OPERATOR;
  }
}

/** The issuer named by --issuer (which must exist), else the default issuer for reads (decision 0005). */
/**
 * The CLI's actor: the local operator with every role (decision 0012) at the issuer; with no issuer
 * yet there is nothing to show, but each command's input is still checked.
 */
const operatorActor = (issuer: IssuerRecord | null): Actor => ({
  userId: LOCAL_OPERATOR,
  issuerId: issuer?.id ?? '',
  roles: OPERATOR_ROLES,
});

async function issuerFor(ctx: AppContext, given: string | undefined): Promise<IssuerRecord | null> {
  if (given === undefined) return defaultIssuerFor(ctx, 'read');
  const found = (await listIssuers(ctx)).find((i) => i.id === given.trim());
  if (!found) {
    throw AppError.invalid([
      { path: '--issuer', message: `${JSON.stringify(given)} is not a recorded issuer` },
    ]);
  }
  return found;
}

/** The demo admin's credentials, printed once (they are not stored anywhere readable). */
async function demoAdminLines(ctx: AppContext, demoIssuerId: string): Promise<string> {
  if (await ctx.store.getUserByEmail(DEMO_ADMIN_EMAIL)) return '';
  const admin = await createDemoAdmin(ctx, demoIssuerId);
  return (
    `Demo sign-in (shown once; open the address below in a browser and sign in with it; it holds every role at the demo issuer): ${admin.email} / ${admin.password}\n` +
    `Change it or disable the account before real use: armslength doctor reports it while it is active.\n`
  );
}

function describeDemo(outcome: DemoOutcome): string {
  if (!outcome.loaded)
    return `The demo data set is already loaded (issuer "${outcome.issuer.name.en}", ${outcome.issuer.id}); nothing was changed.`;
  return (
    `Loaded the demo data set under the issuer "${outcome.issuer.name.en}" (${outcome.issuer.id}): ` +
    `the seed agreement and ${outcome.orders} illustrative orders and ${outcome.actuals} illustrative invoices up to ${formatDateEn(outcome.today)}.`
  );
}

export function buildProgram(deps: CliDeps): Command {
  const program = new Command('armslength')
    .description(
      "Arm's Length: continuing connected transactions kept within their annual caps (HKEX Listing Rules, Chapter 14A).",
    )
    .version(deps.version)
    .configureOutput({
      writeOut: (s) => deps.stdout(s),
      writeErr: (s) => deps.stderr(s),
      outputError: (s, write) => write(`armslength: ${s}`),
    })
    .exitOverride()
    .showSuggestionAfterError(true);
  // Settings above are inherited by the commands created below.

  withDatabaseOptions(
    program
      .command('serve')
      .description('serve the HTTP API and the utilisation page; loads the demo data into a new database')
      .addOption(
        new Option(
          '--port <n>',
          `the port to listen on (default: $PORT or ${DEFAULT_PORT}; 0 picks a free port)`,
        ).argParser((v) => parsePort(v, '--port')),
      )
      .option('--host <host>', `the address to listen on (default: $HOST or ${DEFAULT_HOST})`)
      .option('--no-demo', 'do not load the demo data set into a new database (also ARMSLENGTH_DEMO=0)'),
  ).action(async (flags: DatabaseFlags & { port?: number; host?: string; demo: boolean }, cmd: Command) => {
    const choice = databaseChoice(cmd, flags);
    const envPort = deps.env['PORT'];
    let port = DEFAULT_PORT;
    if (flags.port !== undefined) port = flags.port;
    else if (envPort !== undefined && envPort.trim() !== '') {
      try {
        port = parsePort(envPort, 'PORT');
      } catch (e) {
        cmd.error(`error: ${(e as Error).message}`, { exitCode: EXIT.usage, code: 'armslength.usage' });
      }
    }
    const host = flags.host ?? (deps.env['HOST']?.trim() || DEFAULT_HOST);
    const demoWanted = flags.demo && !isOff(deps.env['ARMSLENGTH_DEMO']);
    const opened = await deps.openContext(choice);
    let server: RunningServer | undefined;
    try {
      // The demo goes only into a new database: never mix illustrative figures into real records.
      if (demoWanted && (await listIssuers(opened.ctx)).length === 0) {
        const outcome = await deps.loadDemo(opened.ctx);
        deps.stderr(`${describeDemo(outcome)}\n`);
        if (outcome.loaded) deps.stdout(await demoAdminLines(opened.ctx, outcome.issuer.id));
      }
      // A database with no issuer gets its "Default issuer" now, so that the page has someone to show.
      if ((await listIssuers(opened.ctx)).length === 0) await defaultIssuerFor(opened.ctx, 'write');
      // Issue 6: with no account yet, the browser can make the first one with this one-time code.
      const setupCode = (await needsSetup(opened.ctx)) ? randomBytes(9).toString('base64url') : undefined;
      server = await deps.serve({ ctx: opened.ctx, host, port, setupCode });
      if (setupCode !== undefined)
        deps.stdout(
          `No account exists yet. Make the first (an admin) with POST ${server.url}/api/v1/setup and the one-time setup code ${setupCode}, ` +
            `or run: armslength users add --email E --issuer I --role admin\n`,
        );
      deps.stdout(`Arm's Length listening on ${server.url}\n`);
      await deps.untilShutdown();
    } finally {
      await server?.close();
      await opened.close();
    }
  });

  withDatabaseOptions(
    program
      .command('demo')
      .description(
        'load the demo data set (the seed case plus illustrative orders and invoices up to today) under its own issuer',
      ),
  ).action(async (flags: DatabaseFlags, cmd: Command) => {
    await withContext(deps, databaseChoice(cmd, flags), async (ctx) => {
      const outcome = await deps.loadDemo(ctx);
      deps.stdout(`${describeDemo(outcome)}\n`);
      if (outcome.loaded) deps.stdout(await demoAdminLines(ctx, outcome.issuer.id));
    });
  });

  withDatabaseOptions(
    program
      .command('utilization')
      .alias('utilisation')
      .description('show each cap period: cap, actual, committed, headroom and % used')
      .option(
        '--as-of <date>',
        'count actuals and orders up to this date, YYYY-MM-DD (default: today in Hong Kong)',
      )
      .option('--agreement <id>', 'only this agreement')
      .option('--json', 'print the JSON of GET /api/v1/utilization instead of a table'),
  ).action(
    async (flags: DatabaseFlags & { asOf?: string; agreement?: string; json?: boolean }, cmd: Command) => {
      const choice = databaseChoice(cmd, flags);
      await withContext(deps, choice, async (ctx) => {
        const issuer = await defaultIssuerFor(ctx, 'read');
        const actor = operatorActor(issuer);
        const result = await getUtilization(ctx, actor, { asOf: flags.asOf, agreementId: flags.agreement });
        if (flags.json) {
          deps.stdout(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        const out: string[] = [
          `Cap utilisation as of ${formatDateEn(result.asOf)}${issuer ? ` — ${issuer.name.en}` : ''}`,
        ];
        if (result.items.length === 0)
          out.push(
            '',
            issuer
              ? 'No agreements recorded yet.'
              : 'No issuer recorded yet: run `armslength demo` or `armslength serve`.',
          );
        const agreementIds = [...new Set(result.items.map((i) => i.agreementId))];
        for (const id of agreementIds) {
          const items = result.items.filter((i) => i.agreementId === id);
          out.push('', `${items[0]?.agreementName.en ?? id} (${id})`, '', utilizationTable(items));
          const alerts = alertLines(items);
          if (alerts.length > 0) out.push('', ...alerts);
        }
        deps.stdout(`${out.join('\n')}\n`);
      });
    },
  );

  // ---- forecast (issue 5) ----
  withDatabaseOptions(
    program
      .command('forecast')
      .description(
        'forecast each active cap period to its end: projected utilisation, the dates of reaching 80% and 100%, and the method',
      )
      .option('--as-of <date>', 'forecast as of this date, YYYY-MM-DD (default: today in Hong Kong)')
      .option('--agreement <id>', 'only this agreement')
      .option('--issuer <id>', 'the issuer (default: the issuer `utilization` shows)')
      .option('--json', 'print the JSON of GET /api/v1/forecasts instead of a table'),
  ).action(
    async (
      flags: DatabaseFlags & { asOf?: string; agreement?: string; issuer?: string; json?: boolean },
      cmd: Command,
    ) => {
      const choice = databaseChoice(cmd, flags);
      await withContext(deps, choice, async (ctx) => {
        const issuer = await issuerFor(ctx, flags.issuer);
        const actor = operatorActor(issuer);
        const result = await getForecasts(ctx, actor, { asOf: flags.asOf, agreementId: flags.agreement });
        deps.stdout(
          flags.json
            ? `${JSON.stringify(result, null, 2)}\n`
            : forecastReport(result, issuer?.name.en ?? null),
        );
      });
    },
  );

  // ---- reports (issue 7) ----
  withDatabaseOptions(
    program
      .command('report')
      .description(
        `a report for a period, in English or Traditional Chinese (kinds so far: ${AVAILABLE_REPORT_KINDS.join(', ')})`,
      )
      .argument('<kind>', 'the report kind, such as monthly-monitoring')
      .requiredOption(
        '--period <period>',
        'YYYY-MM (monthly), YYYY-H1 or YYYY-H2 (semi-annual), YYYY (financial year), YYYY-MM-DD (announcement draft)',
      )
      .option('--issuer <id>', 'the issuer (default: the issuer `utilization` shows)')
      .option('--agreement <id>', 'the agreement of a report about one agreement (announcement-draft)')
      .option(
        '--known-at <instant>',
        'the knowledge date: count only what was recorded by then (an ISO instant, or a date meaning the end of that day in Hong Kong; default now)',
      )
      .option(
        '--issue',
        'issue the report: store it with its SHA-256 (an amended version when the content changed) and write the stored document',
      )
      .option('--format <format>', 'html, xlsx, csv or pdf', 'html')
      .option('--lang <lang>', 'en or zh-Hant', 'en')
      .option('--table <key>', 'csv: only this table (default: one file per table)')
      .option(
        '--out <file>',
        'write here (csv with several tables: one file per table beside it); html and csv print to standard output without it',
      ),
  ).action(
    async (
      kind: string,
      flags: DatabaseFlags & {
        period: string;
        issuer?: string;
        agreement?: string;
        knownAt?: string;
        issue?: boolean;
        format: string;
        lang: string;
        table?: string;
        out?: string;
      },
      cmd: Command,
    ) => {
      const format = parseFormat(flags.format);
      const lang = parseLanguage(flags.lang);
      if ((format === 'xlsx' || format === 'pdf') && flags.out === undefined)
        throw AppError.invalid([{ path: '--out', message: `is required for ${format} (a binary file)` }]);
      await withContext(deps, databaseChoice(cmd, flags), async (ctx) => {
        const issuer = await issuerFor(ctx, flags.issuer);
        const actor = operatorActor(issuer);
        const request = { period: flags.period, agreementId: flags.agreement, knownAt: flags.knownAt };
        let doc: ReportDocument;
        if (flags.issue) {
          const { report, created } = await issueReport(ctx, actor, kind, request);
          doc = (await getIssuedReport(ctx, actor, report.id)).document;
          deps.stderr(
            `${created ? 'issued' : 'unchanged: already issued as'} ${report.kind} ${report.period} version ${report.version}${report.amended ? ' (amended)' : ''}: ${report.id}, SHA-256 ${report.sha256}\n`,
          );
        } else doc = await buildReport(ctx, actor, kind, request);
        const files =
          format === 'csv' && flags.table === undefined
            ? await renderReportFiles(doc, format, lang)
            : [await renderReportFile(doc, format, lang, flags.table)];
        if (flags.out === undefined) {
          for (const f of files) deps.stdout(f.body.toString('utf8'));
          return;
        }
        const out = flags.out;
        const written =
          files.length === 1
            ? [{ path: out, file: files[0] as RenderedFile }]
            : files.map((file) => ({
                path: path.join(
                  path.dirname(out),
                  `${path.basename(out, path.extname(out))}-${file.table ?? 'table'}.csv`,
                ),
                file,
              }));
        for (const w of written) {
          fs.writeFileSync(w.path, w.file.body);
          deps.stdout(`${w.path}\n`);
        }
      });
    },
  );

  const order = program.command('order').description('orders placed through the order gate');
  withDatabaseOptions(
    order
      .command('show')
      .description(
        'show an order: schedule, balances, the quote comparison kept by the pricing-policy gate, and the evidence files with their SHA-256',
      )
      .argument('<id>', 'the order id (ord_…)')
      .option('--json', 'print the JSON of GET /api/v1/orders/{id} instead')
      .option('--issuer <id>', 'the issuer the order belongs to (default: the issuer `utilization` shows)'),
  ).action(
    async (orderId: string, flags: DatabaseFlags & { json?: boolean; issuer?: string }, cmd: Command) => {
      const choice = databaseChoice(cmd, flags);
      await withContext(deps, choice, async (ctx) => {
        const issuer = await issuerFor(ctx, flags.issuer);
        const actor = operatorActor(issuer);
        let view;
        try {
          view = await getOrder(ctx, actor, orderId);
        } catch (error) {
          // Name the issuer looked in: an order of another issuer (the demo's, say) needs --issuer.
          if (error instanceof AppError && error.kind === 'not_found' && flags.issuer === undefined) {
            throw new AppError(
              'not_found',
              issuer
                ? `no order ${orderId} for the issuer "${issuer.name.en}" (${issuer.id}); for another issuer's order give --issuer ID`
                : `no order ${orderId}: no issuer is recorded yet`,
            );
          }
          throw error;
        }
        if (flags.json) {
          deps.stdout(`${JSON.stringify(view, null, 2)}\n`);
          return;
        }
        const agreement = (await listAgreements(ctx, actor)).items.find((a) => a.id === view.agreementId);
        deps.stdout(orderReport(view, agreement, issuer));
      });
    },
  );

  withDatabaseOptions(
    program
      .command('alerts')
      .description(
        'show the monitoring alerts (80% thresholds, breaches, insufficient caps, terms ending), newest first',
      )
      .option(
        '--kind <kind>',
        'only this kind: THRESHOLD, EARLY_WARNING, BREACH, CAP_INSUFFICIENT, TERM_EXPIRY, REVIEW_DEADLINE',
      )
      .option('--unacknowledged', 'only alerts nobody has acknowledged')
      .option('--issuer <id>', 'the issuer (default: the issuer `utilization` shows)')
      .option('--json', 'print the JSON of GET /api/v1/alerts instead'),
  ).action(
    async (
      flags: DatabaseFlags & { kind?: string; unacknowledged?: boolean; issuer?: string; json?: boolean },
      cmd: Command,
    ) => {
      const choice = databaseChoice(cmd, flags);
      await withContext(deps, choice, async (ctx) => {
        const issuer = await issuerFor(ctx, flags.issuer);
        const actor = operatorActor(issuer);
        const result = await listAlerts(ctx, actor, {
          kind: flags.kind,
          unacknowledged: flags.unacknowledged ? 'true' : undefined,
        });
        deps.stdout(
          flags.json
            ? `${JSON.stringify(result, null, 2)}\n`
            : alertsReport(result.items, issuer?.name.en ?? null),
        );
      });
    },
  );

  // ---- accounts (issue 6) ----
  const issuers = program
    .command('issuers')
    .description('the issuers (listed companies) whose CCTs are kept');
  withDatabaseOptions(
    issuers
      .command('add')
      .description("record an issuer; prints the new issuer's id")
      .requiredOption('--name <name>', 'its name in English')
      .option('--name-zh <name>', 'its name in Chinese (Traditional)')
      .option('--financial-year-end <MM-DD>', 'the last day of its financial year (default: 12-31)'),
  ).action(
    async (
      flags: DatabaseFlags & { name: string; nameZh?: string; financialYearEnd?: string },
      cmd: Command,
    ) => {
      const input = issuerInputFromFlags(flags);
      const issuer = await withContext(deps, databaseChoice(cmd, flags), (ctx) => createIssuer(ctx, input));
      deps.stdout(`${issuer.id}\n`);
    },
  );
  withDatabaseOptions(
    issuers
      .command('list')
      .description('list the issuers')
      .option('--json', 'print the JSON of GET /api/v1/issuers instead'),
  ).action(async (flags: DatabaseFlags & { json?: boolean }, cmd: Command) => {
    // The CLI's operator owns the installation: every issuer.
    const result = await withContext(deps, databaseChoice(cmd, flags), async (ctx) =>
      listIssuerViews(ctx, new Set((await ctx.store.listIssuers()).map((i) => i.id))),
    );
    deps.stdout(flags.json ? `${JSON.stringify(result, null, 2)}\n` : issuersTable(result.items));
  });

  const users = program.command('users').description('local accounts and their roles at issuers');
  withDatabaseOptions(
    users
      .command('add')
      .description(
        'add a user with a role at an issuer, or the role to an existing user; the password is prompted for, or read with --password-stdin',
      )
      .requiredOption('--email <email>', 'the e-mail address they sign in with')
      .requiredOption('--issuer <id>', 'the issuer (see `armslength issuers list`)')
      .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
      .option('--name <name>', 'their name')
      .option('--password-stdin', 'read the password from stdin instead of prompting')
      .option('--valid-from <date>', 'the role is in force from this date, YYYY-MM-DD')
      .option(
        '--valid-to <date>',
        "the role is in force until this date inclusive, YYYY-MM-DD (an auditor's window)",
      )
      .option(
        '--person <partyId>',
        'the register party the user is at the issuer (a director, an INED): Rule 13.44 recusals apply to them',
      ),
  ).action(
    async (
      flags: DatabaseFlags & {
        email: string;
        issuer: string;
        role: string;
        name?: string;
        passwordStdin?: boolean;
        validFrom?: string;
        validTo?: string;
        person?: string;
      },
      cmd: Command,
    ) => {
      const choice = databaseChoice(cmd, flags);
      const secrets = deps.secretInput ?? processSecretInput;
      await withContext(deps, choice, async (ctx) => {
        const existing = await ctx.store.getUserByEmail(flags.email);
        let password: string | undefined;
        if (!existing)
          password = await readNewPassword(secrets, flags.passwordStdin === true, flags.email.trim());
        else if (flags.passwordStdin) {
          await secrets.readAll();
          deps.stderr(`armslength: ${existing.email} already exists; its password was not changed.\n`);
        }
        // Whoever can open the database runs the CLI as its local operator (decision 0012).
        const added = await addUser(ctx, LOCAL_OPERATOR, {
          email: flags.email,
          issuerId: flags.issuer,
          role: flags.role,
          name: flags.name,
          password,
          validFrom: flags.validFrom,
          validTo: flags.validTo,
          personId: flags.person,
        });
        const m = added.membership;
        const window =
          m.validFrom === null && m.validTo === null
            ? ''
            : ` from ${m.validFrom ?? 'the start'} to ${m.validTo ?? 'no end date'}`;
        deps.stdout(
          `${added.createdUser ? 'Added user' : 'Added a role to user'} ${added.user.email} (${added.user.id}): ${m.role} at ${m.issuerId}${window}${m.personId === null ? '' : `, as ${m.personId} in its register`}\n`,
        );
      });
    },
  );

  const tokens = program.command('tokens').description('API tokens, sent as Authorization: Bearer');
  withDatabaseOptions(
    tokens
      .command('create')
      .description('create an API token for a user at an issuer; the token is printed once, as the last line')
      .requiredOption('--email <email>', 'the user')
      .requiredOption('--issuer <id>', 'the issuer the token acts for')
      .option('--role <role>', 'only this one of the roles the user holds there (default: all of them)')
      .addOption(
        new Option('--expires-in-days <n>', 'days until the token expires (default: 90)').argParser((v) => {
          if (!/^\d{1,5}$/.test(v.trim())) throw new InvalidArgumentError('must be a whole number of days.');
          return Number(v.trim());
        }),
      ),
  ).action(
    async (
      flags: DatabaseFlags & { email: string; issuer: string; role?: string; expiresInDays?: number },
      cmd: Command,
    ) => {
      await withContext(deps, databaseChoice(cmd, flags), async (ctx) => {
        const created = await createToken(ctx, {
          email: flags.email,
          issuerId: flags.issuer,
          role: flags.role,
          expiresInDays: flags.expiresInDays,
        });
        const issuer = await ctx.store.getIssuer(created.record.issuerId);
        deps.stdout(tokenReport(created, issuer?.name.en ?? created.record.issuerId));
      });
    },
  );
  registerAdminCommands(users, tokens, program, {
    stdout: (text) => deps.stdout(text),
    env: deps.env,
    secrets: deps.secretInput ?? processSecretInput,
    withDatabaseOptions,
    withDatabase: (cmd, flags, fn) => withContext(deps, databaseChoice(cmd, flags as DatabaseFlags), fn),
    withLocatedDatabase: async (cmd, flags, fn) => {
      const opened = await deps.openContext(databaseChoice(cmd, flags));
      try {
        return await fn(opened.ctx, opened.location ?? { dataDir: null, databaseUrl: null });
      } finally {
        await opened.close();
      }
    },
  });
  // ---- end accounts ----

  registerAuditCommands(program, {
    stdout: (text) => deps.stdout(text),
    withDatabaseOptions,
    withDatabase: (cmd, flags, fn) => withContext(deps, databaseChoice(cmd, flags as DatabaseFlags), fn),
  });

  registerImportCommands(program, {
    stdout: (text) => deps.stdout(text),
    stderr: (text) => deps.stderr(text),
    isTerminal: deps.isTerminal ?? false,
    withDatabaseOptions,
    withDatabase: (cmd, flags, fn) => withContext(deps, databaseChoice(cmd, flags as DatabaseFlags), fn),
    actorFor: async (ctx, issuer) => operatorActor(await issuerFor(ctx, issuer)),
  });

  // ---- backup and restore (issue 9) ----
  registerBackupCommands(program, {
    stdout: (text) => deps.stdout(text),
    producer: `armslength ${deps.version}`,
    withDatabaseOptions,
    withDatabase: (cmd, flags, fn, migrateUpTo) =>
      withContext(
        deps,
        {
          ...databaseChoice(cmd, flags as DatabaseFlags),
          ...(migrateUpTo === undefined ? {} : { migrateUpTo }),
        },
        fn,
      ),
  });
  // ---- end backup and restore ----

  // No database: the scenario file is the whole input.
  registerClassifyCommands(program, deps);

  return program;
}

/** Runs one command line (`process.argv` shape) and returns its exit status; never throws. */
export async function runCli(deps: CliDeps, argv: readonly string[]): Promise<ExitStatus> {
  try {
    await buildProgram(deps).parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, (text) => deps.stderr(text));
  }
}
