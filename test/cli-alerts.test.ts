/**
 * `armslength alerts` (issue 5): the built command on the demo data set, where the hardware cap for
 * 2026 passed 80% in June 2026 and the forecast for the 2028 IDC period exceeds its cap.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runArmslength, type CliRun } from './support/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TODAY = '2026-11-24';

type Run = CliRun;

function armslength(args: readonly string[]): Promise<Run> {
  return runArmslength(args, { today: TODAY });
}

let demo = '';

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    throw new Error('dist/src/main.js is missing: run `npm run build` before these tests (npm test does).');
  }
  demo = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-alerts-demo-'));
  expect((await armslength(['demo', '--data', demo])).code).toBe(0);
}, 120_000);

afterAll(() => fs.rmSync(demo, { recursive: true, force: true }));

describe('armslength alerts', () => {
  it('lists the demo alerts, newest first, with their sentences and who has not acknowledged them', async () => {
    const run = await armslength(['alerts', '--data', demo, '--issuer', 'iss_demo']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Alerts — Kingsoft Cloud Holdings Limited (demo data)');
    expect(run.stdout).toMatch(/CAP_INSUFFICIENT\s+critical\s+1 Jan 2028 – 28 Jul 2028/);
    expect(run.stdout).toMatch(
      /THRESHOLD\s+warning\s+1 Jan 2026 – 28 Jul 2026\s+80%\s+RMB6,000,000\.00\s+RMB6,700,000\.00\s+NO/,
    );
    expect(run.stdout).toContain(
      'have reached 80% of the cap of RMB6,700,000.00 (89.6% used): report to senior management at once.',
    );
    expect(run.stdout).toContain('2 not yet acknowledged');
  });

  it('filters by kind, prints JSON, and refuses an unknown kind with exit 2', async () => {
    const json = await armslength([
      'alerts',
      '--data',
      demo,
      '--issuer',
      'iss_demo',
      '--kind',
      'THRESHOLD',
      '--json',
    ]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as {
      items: { kind: string; threshold: string; actualAtCrossing: string }[];
    };
    expect(parsed.items.map((a) => [a.kind, a.threshold, a.actualAtCrossing])).toEqual([
      ['THRESHOLD', '80', '6000000.00'],
    ]);
    const bad = await armslength(['alerts', '--data', demo, '--kind', 'NOPE']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('kind');
  });
});
