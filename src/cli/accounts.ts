/**
 * Issue 6: helpers of `armslength issuers …`, `users add` and `tokens create` (the commands are in
 * program.ts). Passwords are read from stdin (--password-stdin) or prompted for on the terminal
 * without echo; never from an argument, which other users can see in the process list.
 */
import { AppError } from '../app/errors.js';
import type { IssuerInput } from '../app/issuers.js';
import type { IssuerView } from '../app/issuer-settings.js';
import type { CreatedToken } from '../app/tokens.js';
import { isCalendarDate, type FieldError } from '../domain/index.js';

/** Where a password comes from; main.ts leaves the default (the process's stdin) in place. */
export interface SecretInput {
  /** Whether stdin is a terminal (a prompt is possible). */
  readonly isTTY: boolean;
  /** All of stdin, as text. */
  readAll(): Promise<string>;
  /** Asks on the terminal without echoing what is typed. */
  prompt(question: string): Promise<string>;
}

function readAllStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer | string) =>
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
    );
    process.stdin.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.once('error', reject);
  });
}

/** Reads one line in raw mode, echoing nothing; Ctrl-C or Ctrl-D on an empty line cancels. */
function promptWithoutEcho(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let chars: string[] = [];
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(chars.join(''));
          return;
        }
        if (ch === '\u0003' || (ch === '\u0004' && chars.length === 0)) {
          finish();
          reject(new AppError('invalid_input', 'password entry cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') chars = chars.slice(0, -1);
        else if (ch >= ' ') chars.push(ch);
      }
    };
    stdin.on('data', onData);
  });
}

export const processSecretInput: SecretInput = {
  get isTTY() {
    return process.stdin.isTTY === true;
  },
  readAll: readAllStdin,
  prompt: promptWithoutEcho,
};

/** The password of a new user: from stdin with --password-stdin, else typed twice at a prompt. */
export async function readNewPassword(
  input: SecretInput,
  fromStdin: boolean,
  email: string,
): Promise<string> {
  if (fromStdin) {
    // As `docker login --password-stdin`: everything piped in, less one trailing line break.
    return (await input.readAll()).replace(/\r?\n$/, '');
  }
  if (!input.isTTY) {
    throw AppError.invalid([
      {
        path: '--password-stdin',
        message: 'is needed when stdin is not a terminal: pipe the password in and give --password-stdin',
      },
    ]);
  }
  const first = await input.prompt(`Password for ${email} (at least 12 characters): `);
  const second = await input.prompt('The same password again: ');
  if (first !== second) throw AppError.invalid([{ path: 'password', message: 'the two entries differ' }]);
  return first;
}

/** `issuers add`'s flags as the use case's input; refused as invalid input when malformed. */
export function issuerInputFromFlags(flags: {
  name: string;
  nameZh?: string;
  financialYearEnd?: string;
}): IssuerInput {
  const errors: FieldError[] = [];
  const name = flags.name.trim();
  if (name === '') errors.push({ path: '--name', message: 'must not be empty' });
  const fye = flags.financialYearEnd?.trim();
  if (fye !== undefined && (!/^\d{2}-\d{2}$/.test(fye) || !isCalendarDate(`2024-${fye}`)))
    errors.push({
      path: '--financial-year-end',
      message: `must be a month and day such as 12-31, not ${JSON.stringify(fye)}`,
    });
  if (errors.length > 0) throw AppError.invalid(errors);
  return {
    name: { en: name, 'zh-Hant': flags.nameZh?.trim() || null },
    isDemo: false,
    ...(fye !== undefined ? { financialYearEnd: fye } : {}),
  };
}

/** `issuers list` without --json: one line per issuer. */
export function issuersTable(items: readonly IssuerView[]): string {
  if (items.length === 0) return 'No issuer recorded yet: run `armslength issuers add --name NAME`.\n';
  const rows = items.map((i) => [
    i.id,
    [i.name.en, i.name['zh-Hant']].filter((n) => n).join(' / '),
    `FY ends ${i.financialYearEnd}`,
    [i.isDemo ? 'demo' : '', i.prcIssuer ? 'PRC issuer' : ''].filter((f) => f).join(', '),
  ]);
  const width = Math.max(...rows.map((r) => r[0]?.length ?? 0));
  return `${rows
    .map(
      (r) =>
        `${(r[0] ?? '').padEnd(width)}  ${r
          .slice(1)
          .filter((c) => c)
          .join('  ')}`,
    )
    .join('\n')}\n`;
}

/** `tokens create`'s output: what the token may do, then the token itself as the last line. */
export function tokenReport(created: CreatedToken, issuerName: string): string {
  const r = created.record;
  return [
    `API token ${r.id} (${r.prefix}…) for ${created.email}`,
    `Issuer: ${issuerName} (${r.issuerId})`,
    `Roles: ${r.role ?? `every role held at the issuer (now ${created.roles.join(', ')})`}`,
    `Expires: ${r.expiresAt}`,
    'Shown once: keep it now; only its SHA-256 is stored. Send it as "Authorization: Bearer <token>".',
    created.token,
    '',
  ].join('\n');
}
