/**
 * A real SMTP server in a child process, for the notification tests: the `smtp-server` package
 * listening on 127.0.0.1, port 0, without TLS, with one user, printing each message it receives
 * (parsed by `mailparser`) as a JSON line on stdout.
 *
 * The child's source is the string below, run with `node --input-type=module -e`: Node 20 runs no
 * TypeScript, and a loose .mjs file would sit outside the type-checked lint. Its imports resolve from
 * the repository root (the child's working directory).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { root } from './server-process.js';

const SINK_SOURCE = String.raw`
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const user = process.env.SMTP_SINK_USER;
const pass = process.env.SMTP_SINK_PASS;
const print = (event) => process.stdout.write(JSON.stringify(event) + '\n');

const server = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  allowInsecureAuth: true,
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === user && auth.password === pass) callback(null, { user: auth.username });
    else callback(new Error('Invalid username or password'));
  },
  onRcptTo(address, _session, callback) {
    // An unknown mailbox: a permanent refusal.
    if (address.address.endsWith('@reject.test')) {
      const error = new Error('No such mailbox');
      error.responseCode = 550;
      callback(error);
    } else callback();
  },
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const to = mail.to === undefined ? [] : Array.isArray(mail.to) ? mail.to : [mail.to];
        print({
          message: {
            user: session.user ?? null,
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            from: mail.from ? mail.from.text : null,
            to: to.map((t) => t.text).join(', '),
            subject: mail.subject ?? null,
            text: mail.text ?? null,
            delivery: mail.headers.get('x-armslength-delivery') ?? null,
          },
        });
        callback();
      })
      .catch((error) => callback(error));
  },
});
server.on('error', (error) => process.stderr.write('smtp-sink: ' + String(error) + '\n'));
server.listen(0, '127.0.0.1', () => print({ listening: server.server.address().port }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

export interface SinkMessage {
  /** The authenticated SMTP user. */
  readonly user: string | null;
  readonly envelopeFrom: string | null;
  readonly envelopeTo: readonly string[];
  readonly from: string | null;
  readonly to: string;
  readonly subject: string | null;
  readonly text: string | null;
  /** The X-Armslength-Delivery header. */
  readonly delivery: string | null;
}

export interface SmtpSink {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** smtp://user:password@127.0.0.1:port */
  readonly url: string;
  readonly messages: readonly SinkMessage[];
  /** Resolves once `count` messages have arrived (rejects after `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<readonly SinkMessage[]>;
  stop(): Promise<void>;
  readonly child: ChildProcessWithoutNullStreams;
}

export function startSmtpSink(user = 'notify', password = 'sink-Pa55word'): Promise<SmtpSink> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SINK_SOURCE], {
    cwd: root,
    env: { ...process.env, SMTP_SINK_USER: user, SMTP_SINK_PASS: password },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const messages: SinkMessage[] = [];
  const waiters: (() => void)[] = [];
  let stderr = '';
  let buffered = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

  return new Promise<SmtpSink>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the SMTP sink did not start within 20 s; stderr: ${stderr}`));
    }, 20_000);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the SMTP sink exited; stderr: ${stderr}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const event = JSON.parse(line) as { listening?: number; message?: SinkMessage };
        if (event.message) {
          messages.push(event.message);
          for (const wake of waiters.splice(0)) wake();
        }
        if (event.listening !== undefined) {
          clearTimeout(timer);
          const port = event.listening;
          resolve({
            port,
            user,
            password,
            url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
            messages,
            child,
            waitForMessages(count, timeoutMs = 10_000) {
              return new Promise((done, fail) => {
                const deadline = setTimeout(
                  () => fail(new Error(`${messages.length} of ${count} messages arrived; stderr: ${stderr}`)),
                  timeoutMs,
                );
                const check = (): void => {
                  if (messages.length >= count) {
                    clearTimeout(deadline);
                    done(messages);
                  } else waiters.push(check);
                };
                check();
              });
            },
            async stop() {
              if (child.exitCode === null) child.kill('SIGTERM');
              await exited;
            },
          });
        }
      }
    });
  });
}
