import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

// These tests run the built command as a user would (`npm test` builds first; locally: npm run build).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'armslength.js');
const SEED = path.join(root, 'examples', 'seed-case.yaml');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function armslength(args: readonly string[], cwd = root): Promise<Run> {
  // No database is configured, and none may be needed: classify and cap-size read only the file.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['DATABASE_URL'];
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

type Json = Record<string, unknown>;
const seedDoc = (): Json => parse(fs.readFileSync(SEED, 'utf8')) as Json;

let dir = '';
const write = (name: string, content: string): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    throw new Error('dist/src/main.js is missing: run `npm run build` before these tests (npm test does).');
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-classify-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The lines of a report section: from its heading to the next line at the same indentation or less. */
function block(text: string, heading: RegExp): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return [];
  const indent = /^ */.exec(lines[start] ?? '')?.[0].length ?? 0;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.trim() !== '' && (/^ */.exec(l)?.[0].length ?? 0) <= indent);
  return [lines[start] ?? '', ...(end < 0 ? rest : rest.slice(0, end))];
}

describe('armslength classify examples/seed-case.yaml', () => {
  it('prints the seed classification with its reasons and rule references, and exits 0', async () => {
    const run = await armslength(['classify', 'examples/seed-case.yaml']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    // Xiaomi: a substantial shareholder at 11.12%, so connected (14A.07(1)).
    const xiaomi = block(out, /^ {2}Xiaomi Corporation \(xiaomi\): /);
    expect(xiaomi[0]).toMatch(/: connected/);
    expect(xiaomi.join('\n')).toContain('14A.07(1)');
    expect(xiaomi.join('\n')).toContain('11.12%');
    const agreement = block(out, /^Agreement xiaomi-2025: /);
    expect(agreement.join('\n')).toMatch(/^ {2}Tier: EXEMPT_FROM_SHAREHOLDERS_APPROVAL /m);
    expect(agreement.join('\n')).toContain('RMB88.7 million (HK$95.80 million)');
    // The revenue ratio: HK$95.796m ÷ HK$8,000m = 1.19745% → 1.1975 to 4 decimals.
    expect(agreement.join('\n')).toMatch(/revenue\s+1\.1975%/);
    const abstaining = block(out, /^ {2}Interested directors/).join('\n');
    expect(abstaining).toContain('Lei Jun (lei-jun)');
    expect(abstaining).toContain('Zhang Duo (zhang-duo)');
    expect(abstaining).not.toContain('Zou Tao');
    expect(abstaining).not.toContain('Yu Mingto');
    expect(block(out, /^ {2}Requirements:/).join('\n')).toMatch(/14A\.\d+/);
    expect(block(out, /^ {2}Listing Rules implications:/).length).toBeGreaterThan(1);
    // The aggregate: IDC and hardware together, largest in FY2026: 82.0 + 6.7 = RMB88.7m.
    const aggregation = block(out, /^Aggregation /).join('\n');
    expect(aggregation).toMatch(
      /xiaomi.*RMB88\.7 million \(HK\$95\.80 million\).*EXEMPT_FROM_SHAREHOLDERS_APPROVAL/,
    );
  });

  it('prints the JSON contract with --json', async () => {
    const run = await armslength(['classify', SEED, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as {
      parties: {
        id: string;
        connected: boolean;
        subsidiaryLevelOnly: boolean;
        deemedReview: boolean;
        basis: { rule: string; text: string }[];
      }[];
      agreements: {
        id: string;
        individualTier: string;
        tier: string;
        numerator: { amount: string; currency: string; amountHkd: string };
        ratios: { name: string; percent: string }[];
        requirements: { rule: string; text: string }[];
        interestedDirectors: { id: string }[];
        implications: { en: string; 'zh-Hant': string };
      }[];
      aggregates: {
        partyIds: string[];
        numerator: { amount: string; currency: string; amountHkd: string };
        tier: string;
      }[];
    };
    const xiaomi = body.parties.find((p) => p.id === 'xiaomi');
    expect(xiaomi).toMatchObject({ connected: true, subsidiaryLevelOnly: false, deemedReview: false });
    expect(xiaomi?.basis.map((b) => b.rule).join(' ')).toContain('14A.07(1)');
    for (const p of body.parties) {
      expect(Object.keys(p)).toEqual(
        expect.arrayContaining(['id', 'connected', 'subsidiaryLevelOnly', 'deemedReview', 'basis']),
      );
    }
    expect(body.parties.find((p) => p.id === 'xiaomi-finance')).toMatchObject({ connected: true });

    expect(body.agreements).toHaveLength(1);
    const a = body.agreements[0];
    expect(a).toMatchObject({
      id: 'xiaomi-2025',
      individualTier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
      tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
      numerator: { amount: '88700000.00', currency: 'CNY', amountHkd: '95796000.00' },
    });
    expect(a?.ratios.find((r) => r.name === 'revenue')?.percent).toBe('1.1975');
    for (const r of a?.ratios ?? []) expect(r.percent).toMatch(/^\d+\.\d{4}$|^n\/a$|^not meaningful$/);
    expect(a?.requirements.length).toBeGreaterThan(0);
    for (const r of a?.requirements ?? []) expect(r.rule).toMatch(/\d/);
    expect(a?.interestedDirectors.map((d) => d.id).sort()).toEqual(['lei-jun', 'zhang-duo']);
    expect(a?.implications.en).toMatch(/connected/i);
    expect(a?.implications['zh-Hant']).toMatch(/關連/);

    expect(body.aggregates).toHaveLength(1);
    expect(body.aggregates[0]).toMatchObject({
      numerator: { amount: '88700000.00', currency: 'CNY', amountHkd: '95796000.00' },
      tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
    });
    expect(body.aggregates[0]?.partyIds).toContain('xiaomi');
  });

  it('opens no database: run from an empty directory, it creates no data directory', async () => {
    const cwd = fs.mkdtempSync(path.join(dir, 'cwd-'));
    expect((await armslength(['classify', SEED], cwd)).code).toBe(0);
    expect((await armslength(['cap-size', SEED, '--tier', 'FULLY_EXEMPT'], cwd)).code).toBe(0);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('reads the same scenario as JSON', async () => {
    const file = write('seed.json', JSON.stringify(seedDoc()));
    const yaml = await armslength(['classify', SEED, '--json']);
    const json = await armslength(['classify', file, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(yaml.stdout));
  });
});

describe('docs/scenario-format.md', () => {
  it('quotes examples/seed-case.yaml as it is, so the documented example is the shipped one', () => {
    const docs = fs.readFileSync(path.join(root, 'docs', 'scenario-format.md'), 'utf8');
    const quoted = /```yaml\n([\s\S]*?)```/.exec(docs.slice(docs.indexOf('## Example')))?.[1];
    expect(quoted).toBe(fs.readFileSync(SEED, 'utf8'));
  });
});

describe('armslength classify: bad scenarios exit 2 with each error located', () => {
  const agreement = (doc: Json): Json => (doc['agreements'] as Json[])[0] as Json;
  const relationships = (doc: Json): Json[] => doc['relationships'] as Json[];

  it.each<{ label: string; mutate: (doc: Json) => void; path: string; message: RegExp }>([
    {
      label: 'an unknown party id',
      mutate: (d) => void ((relationships(d)[0] as Json)['holder'] = 'xiaomi-group'),
      path: 'relationships[0].holder',
      message: /"xiaomi-group" is not a party id/,
    },
    {
      label: 'a percentage over 100',
      mutate: (d) => void ((relationships(d)[1] as Json)['percent'] = '101'),
      path: 'relationships[1].percent',
      message: /must be at most 100/,
    },
    {
      label: 'missing figures',
      mutate: (d) => void delete (d['issuer'] as Json)['figures'],
      path: 'issuer.figures',
      message: /is required/,
    },
    {
      label: 'a cap in a percentage',
      mutate: (d) => void (((agreement(d)['caps'] as Json[])[1] as Json)['amount'] = '5%'),
      path: 'agreements[0].caps[1].amount',
      message: /percentage.*Rule 14A\.53/,
    },
  ])('$label → $path', async ({ label, mutate, path: where, message }) => {
    const doc = seedDoc();
    mutate(doc);
    const file = write(`${label.replace(/\W+/g, '-')}.yaml`, stringify(doc));
    const run = await armslength(['classify', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const line = run.stderr.split('\n').find((l) => l.trim().startsWith(`${where}:`));
    expect(line, run.stderr).toMatch(message);
  });

  it('lists every error of a file at once, one per line with its path', async () => {
    const doc = seedDoc();
    (relationships(doc)[0] as Json)['holder'] = 'xiaomi-group';
    (relationships(doc)[1] as Json)['percent'] = 120;
    delete ((doc['issuer'] as Json)['figures'] as Json)['revenue'];
    ((agreement(doc)['caps'] as Json[])[1] as Json)['amount'] = '5%';
    const file = write('four-errors.json', JSON.stringify(doc));
    const run = await armslength(['classify', file, '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`armslength: Invalid ${file} (4 errors):`);
    expect(
      lines
        .slice(1)
        .map((l) => l.trim().split(':')[0])
        .sort(),
    ).toEqual(
      [
        'agreements[0].caps[1].amount',
        'issuer.figures.revenue',
        'relationships[0].holder',
        'relationships[1].percent',
      ].sort(),
    );
  });

  it.each([
    {
      label: 'a missing file',
      args: ['classify', 'examples/no-such-scenario.yaml'],
      stderr: /cannot read .*no such file/,
    },
    {
      label: 'a file of another kind',
      args: ['classify', 'README.md'],
      stderr: /must be a scenario file ending in \.json, \.yaml or \.yml/,
    },
    { label: 'no file', args: ['classify'], stderr: /missing required argument 'file'/ },
  ])('$label → 2', async ({ args, stderr }) => {
    const run = await armslength(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(stderr);
  });

  it('exits 2 for a YAML syntax error, naming the line', async () => {
    const file = write('broken.yaml', "asOf: '2025-07-29'\nissuer: [\n");
    const run = await armslength(['classify', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line \d+, column \d+: is not valid YAML/);
  });
});

describe('armslength cap-size', () => {
  it('prints the largest cap of each financial year within the tier', async () => {
    const run = await armslength(['cap-size', SEED, '--tier', 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Largest annual caps keeping xiaomi-2025 within EXEMPT_FROM_SHAREHOLDERS_APPROVAL/,
    );
    const rows = run.stdout.split('\n').filter((l) => /^ {2}FY\d{4} /.test(l));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((l) => l.split(/\s{2,}/).slice(1, 3))).toEqual(
      ['FY2025', 'FY2026', 'FY2027', 'FY2028'].map((fy) => [fy, 'RMB370,370,370.37']),
    );
    // Each year names the rule limb that limits it: below 5% (14A.76(2)(a)).
    for (const row of rows) expect(row).toMatch(/14A\.76\(2\)\(a\)/);
  });

  it('gives amounts that stay strictly below 5% of revenue with --json', async () => {
    const run = await armslength([
      'cap-size',
      SEED,
      '--tier',
      'EXEMPT_FROM_SHAREHOLDERS_APPROVAL',
      '--agreement',
      'xiaomi-2025',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as {
      agreementId: string;
      tier: string;
      perFinancialYear: { financialYear: string; amount: string; currency: string }[];
      limitingRule: string;
    };
    expect(body).toMatchObject({ agreementId: 'xiaomi-2025', tier: 'EXEMPT_FROM_SHAREHOLDERS_APPROVAL' });
    expect(body.limitingRule).toMatch(/14A\./);
    expect(body.perFinancialYear.map((y) => y.financialYear)).toEqual([
      'FY2025',
      'FY2026',
      'FY2027',
      'FY2028',
    ]);
    for (const y of body.perFinancialYear) {
      expect(y.currency).toBe('CNY');
      // In HK$ at 1.08, below 5% of the HK$8,000m revenue (the smallest denominator): a strict "less than".
      const minor = BigInt(y.amount.replace('.', ''));
      expect(minor * 108n < 400_000_000_00n * 100n).toBe(true);
      expect(minor).toBeGreaterThan(0n);
    }
  });

  it.each([
    {
      label: 'no tier',
      args: ['cap-size', 'examples/seed-case.yaml'],
      stderr: /required option '--tier <tier>'/,
    },
    {
      label: 'an unknown tier',
      args: ['cap-size', 'examples/seed-case.yaml', '--tier', 'NOT_CONNECTED'],
      stderr: /Allowed choices are FULLY_EXEMPT, EXEMPT_FROM_SHAREHOLDERS_APPROVAL, NON_EXEMPT/,
    },
    {
      label: 'an unknown agreement',
      args: ['cap-size', 'examples/seed-case.yaml', '--tier', 'FULLY_EXEMPT', '--agreement', 'nope'],
      stderr: /"nope" is not an agreement of the scenario/,
    },
  ])('$label → 2', async ({ args, stderr }) => {
    const run = await armslength(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(stderr);
  });
});
