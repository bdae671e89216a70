/**
 * `armslength import actuals|orders FILE --mapping NAME [--dry-run]` (issue 9): every bad row on
 * standard error and exit status 2 with nothing written; a summary line when imported or checked;
 * a progress bar only on a terminal. The first case runs the built command as a user would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import { createAgreement } from '../src/app/create-agreement.js';
import type { AppContext } from '../src/app/context.js';
import { createIssuer } from '../src/app/issuers.js';
import { putImportMapping } from '../src/app/import-mappings.js';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import { runCli } from '../src/cli/index.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { cliDeps, importHeapMb } from '../src/main.js';
import { openStore } from '../src/store/index.js';
import { runArmslength, root } from './support/cli.js';
import { HEADER, writeFile } from './support/imports.js';

let data = '';
let agreementId = '';

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js')))
    throw new Error('dist/src/main.js is missing: run `npm run build` before these tests (npm test does).');
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-cli-import-'));
  const store = await openStore({ engine: 'sqlite', dataDir: data });
  try {
    const ctx: AppContext = { store, clock: fixedClock('2026-03-15'), ids: randomIds };
    const issuer = await createIssuer(ctx, {
      name: { en: 'Test Issuer Ltd', 'zh-Hant': null },
      isDemo: false,
    });
    const actor = { userId: 'tester', issuerId: issuer.id, roles: OPERATOR_ROLES };
    agreementId = (await createAgreement(ctx, actor, seedAgreementInput())).id;
    await putImportMapping(ctx, actor, 'yonyou', {
      columns: {
        agreement: '合同',
        category: '类别',
        date: '日期',
        amount: '金额',
        currency: '币种',
        reference: '单据号',
      },
      dateFormat: 'dmy',
    });
  } finally {
    await store.close();
  }
});

/** The command in this process, with standard error a terminal or not. */
async function inProcess(args: readonly string[], isTerminal = false) {
  const out: string[] = [];
  const err: string[] = [];
  const deps = {
    ...cliDeps({ NODE_ENV: 'test', ARMSLENGTH_TODAY: '2026-03-15' }),
    isTerminal,
    stdout: (text: string) => void out.push(text),
    stderr: (text: string) => void err.push(text),
  };
  const code = await runCli(deps, ['node', 'armslength', ...args]);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('armslength import', () => {
  it('refuses a file with bad rows: each on stderr with its line and column, exit 2, nothing written; fixed, it imports; again, it adds nothing', async () => {
    const bad = writeFile(
      'jan.csv',
      [
        HEADER,
        `${agreementId},idc-services,2026-01-05,1000.00,RMB,C-1`,
        `${agreementId},idc-services,2026-01-32,1000.00,RMB,C-2`,
        `${agreementId},idc-services,2026-01-07,ten,RMB,C-3`,
      ].join('\n'),
    );
    const refused = await runArmslength(['import', 'actuals', bad, '--data', data], { today: '2026-03-15' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('line 3, date: INVALID_VALUE');
    expect(refused.stderr).toContain('line 4, amount: INVALID_VALUE');
    expect(refused.stderr).toContain('(2 errors)');
    expect(refused.stderr).toContain('Nothing was written.');
    expect(refused.stdout).toBe('');

    const fixed = writeFile(
      'jan-fixed.csv',
      [
        HEADER,
        `${agreementId},idc-services,2026-01-05,1000.00,RMB,C-1`,
        `${agreementId},idc-services,2026-01-06,1000.00,RMB,C-2`,
      ].join('\n'),
    );
    const dry = await runArmslength(['import', 'actuals', fixed, '--dry-run', '--data', data]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run of .*jan-fixed\.csv: 2 rows read, no bad row; 2 would be imported/);
    const imported = await runArmslength(['import', 'actuals', fixed, '--data', data]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(
      /2 actuals written, 0 skipped as imported before\. \(import imp_[0-9a-f]+\)\n$/,
    );
    const again = await runArmslength(['import', 'actuals', fixed, '--data', data]);
    expect(again.stdout).toContain('0 actuals written, 2 skipped as imported before');
  });

  it('reads with a saved mapping, and names a mapping or kind that does not exist (exit 2)', async () => {
    const file = writeFile(
      'yonyou.csv',
      `合同,类别,日期,金额,币种,单据号\n${agreementId},idc-services,05/02/2026,5.00,RMB,Y-1\n`,
    );
    const ok = await inProcess(['import', 'actuals', file, '--mapping', 'yonyou', '--data', data]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('1 actuals written');
    const unknown = await inProcess(['import', 'actuals', file, '--mapping', 'sap', '--data', data]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no import mapping "sap"');
    const kind = await inProcess(['import', 'invoices', file, '--data', data]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('must be actuals or orders');
  });

  it('draws a progress bar on a terminal, and none otherwise', async () => {
    const rows = [HEADER];
    for (let i = 0; i < 30; i += 1) rows.push(`${agreementId},idc-services,2026-04-01,1.00,RMB,P-${i}`);
    const file = writeFile('progress.csv', rows.join('\n'));
    const plain = await inProcess(['import', 'actuals', file, '--dry-run', '--data', data]);
    expect(plain.stderr).toBe('');
    const terminal = await inProcess(['import', 'actuals', file, '--data', data], true);
    expect(terminal.code).toBe(0);
    expect(terminal.stderr).toMatch(/\r\[#{30}\] 100% imported 30 rows/);
    expect(terminal.stderr.endsWith('\n')).toBe(true);
    expect(terminal.stdout).toContain('30 actuals written');
  });

  it('runs an import in a heap sized to its file, unless a heap size was given', () => {
    const csv = writeFile('sized.csv', `${HEADER}\n`.repeat(1));
    const argv = ['node', 'armslength', 'import', 'actuals', csv, '--data', data];
    expect(importHeapMb(argv, {}, [])).toBe(129);
    expect(importHeapMb(['node', 'armslength', 'import', '--dry-run', 'actuals', csv], {}, [])).toBe(129);
    expect(importHeapMb(argv, { NODE_OPTIONS: '--max-old-space-size=2048' }, [])).toBeNull();
    expect(importHeapMb(argv, {}, ['--max-old-space-size=2048'])).toBeNull();
    expect(importHeapMb(argv, { ARMSLENGTH_IMPORT_CHILD: '1' }, [])).toBeNull();
    expect(importHeapMb(['node', 'armslength', 'serve', csv], {}, [])).toBeNull();
  });
});
