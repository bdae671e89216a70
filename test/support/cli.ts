/**
 * Runs the built `armslength` command (bin/armslength.js → dist/) as a user would, for the CLI
 * tests: a clean environment (no DATABASE_URL, PORT, HOST, demo or audit settings inherited from the
 * shell), an optional pinned "today", and optional input piped to stdin.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'armslength.js');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const INHERITED = [
  'DATABASE_URL',
  'PORT',
  'HOST',
  'ARMSLENGTH_DEMO',
  'ARMSLENGTH_TODAY',
  'ARMSLENGTH_AUDIT_KEY',
  'ARMSLENGTH_AUDIT_ANCHOR',
];

export function runArmslength(
  args: readonly string[],
  opts: { today?: string; input?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED) delete env[name];
  Object.assign(env, opts.env ?? {});
  if (opts.today !== undefined) env['ARMSLENGTH_TODAY'] = opts.today;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env, timeout: opts.timeoutMs ?? 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
    child.stdin?.end(opts.input ?? '');
  });
}

/** The CLI tests run the build: `npm test` builds first. */
export function requireBuild(): void {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    throw new Error('dist/src/main.js is missing: run `npm run build` before these tests (npm test does).');
  }
}
