/**
 * `armslength classify FILE [--json]` and `armslength cap-size FILE --tier T [--agreement ID] [--json]`
 * (issue 3, item 8). The scenario file is read here, in the CLI; the use cases take the decoded
 * document. Neither command opens a database.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { parseDocument } from 'yaml';
import {
  capSize,
  classify,
  SIZING_TIERS,
  type AgreementView,
  type ClassificationView,
  type CapSizeView,
} from '../app/classify.js';
import { AppError } from '../app/errors.js';
import {
  calendarDate,
  displayCurrency,
  formatDateEn,
  formatMillions,
  parseAmount,
  type CurrencyCode,
  type FieldError,
} from '../domain/index.js';
import type { Numerator } from '../domain/chapter14a/index.js';
import { InvalidDocument } from './exit.js';
import { displayAmount } from './format.js';

export interface ClassifyDeps {
  stdout(text: string): void;
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

/** Reads and decodes a scenario file: JSON by its extension, else YAML (a superset of JSON). */
export async function readScenarioFile(file: string): Promise<unknown> {
  const ext = path.extname(file).toLowerCase();
  if (!EXTENSIONS.includes(ext)) {
    throw AppError.invalid([
      { path: 'FILE', message: `${file} must be a scenario file ending in .json, .yaml or .yml` },
    ]);
  }
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory'
            : error instanceof Error
              ? error.message
              : String(error);
    throw AppError.invalid([{ path: 'FILE', message: `cannot read ${file}: ${why}` }]);
  }
  if (ext === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new InvalidDocument(file, [
        { path: '', message: `is not valid JSON: ${error instanceof Error ? error.message : String(error)}` },
      ]);
    }
  }
  // YAML 1.2 core schema: dates stay strings; an unquoted 11.12 is a number (docs/scenario-format.md).
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new InvalidDocument(
      file,
      doc.errors.map((e): FieldError => {
        const at = e.linePos?.[0];
        return {
          path: at ? `line ${at.line}, column ${at.col}` : '',
          message: `is not valid YAML: ${(e.message.split('\n')[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, '')}`,
        };
      }),
    );
  }
  return doc.toJS() as unknown;
}

/** Runs a use case on a scenario; an invalid scenario is listed error by error, located in the file. */
function withinFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    // Errors about the command's own flags (cap-size's tier and agreement) are not the file's.
    const errors =
      error instanceof AppError && error.kind === 'invalid_input' ? error.details.errors : undefined;
    if (errors && errors.some((e) => e.path !== 'tier' && e.path !== 'agreement')) {
      throw new InvalidDocument(file, errors);
    }
    throw error;
  }
}

function money(amount: string, currency: CurrencyCode, decimals: number): string {
  const parsed = parseAmount(amount, currency, 'amount');
  return parsed.ok ? formatMillions({ currency, minor: parsed.value }, decimals) : `${amount} ${currency}`;
}

/** "RMB88.7 million (HK$95.80 million)", as announcements state a cap with its HK$ equivalent. */
export function numeratorText(n: Numerator | null): string {
  if (n === null) return 'none (no caps)';
  const own = money(n.amount, n.currency, 1);
  const text =
    n.currency === 'HKD' ? money(n.amountHkd, 'HKD', 2) : `${own} (${money(n.amountHkd, 'HKD', 2)})`;
  return n.financialYear ? `${text}, in ${n.financialYear}` : text;
}

const TIER_TEXT: Readonly<Record<string, string>> = {
  NOT_CONNECTED: 'not a connected transaction',
  FULLY_EXEMPT: 'fully exempt',
  EXEMPT_FROM_SHAREHOLDERS_APPROVAL:
    "subject to reporting, announcement and annual review; exempt from independent shareholders' approval",
  NON_EXEMPT:
    "subject to reporting, announcement, annual review, circular and independent shareholders' approval",
};

const tierLine = (tier: string): string => `${tier} (${TIER_TEXT[tier] ?? tier})`;
const step = (s: { rule: string; text: string }, indent: string): string =>
  `${indent}- ${s.text}${s.rule ? ` — ${s.rule}` : ''}`;

function agreementReport(a: AgreementView, view: ClassificationView): string[] {
  const counterparty = view.parties.find((p) => p.id === a.counterparty)?.name.en ?? a.counterparty;
  const out = [
    '',
    `Agreement ${a.id}: ${a.name.en}, with ${counterparty}`,
    `  Tier: ${tierLine(a.tier)}${a.tierRule ? ` — ${a.tierRule}` : ''}`,
  ];
  if (a.individualTier !== a.tier) out.push(`  Individually: ${tierLine(a.individualTier)}`);
  out.push(`  Numerator (largest annual cap, 14A.78): ${numeratorText(a.numerator)}`);
  if (a.deemedTier !== null) out.push(`  If connected (deemed connected person review): ${a.deemedTier}`);
  if (a.categories.length > 1) {
    out.push('  Categories, each on its own caps:');
    for (const c of a.categories) out.push(`    ${c.name.en}: ${numeratorText(c.numerator)}; ${c.tier}`);
  }
  if (a.ratios.length > 0) {
    out.push('  Percentage ratios:');
    const width = Math.max(...a.ratios.map((r) => r.name.length));
    for (const r of a.ratios) {
      const shown = /^-?\d/.test(r.percent) ? `${r.percent}%` : r.percent;
      out.push(
        `    ${r.name.padEnd(width)}  ${shown}${r.usedForClassification ? '' : '  (shown, not used to classify)'}`,
      );
    }
  }
  if (a.requirements.length > 0) {
    out.push('  Requirements:');
    for (const r of a.requirements) out.push(step(r, '    '));
  }
  if (a.explanation.length > 0) {
    out.push('  Why:');
    for (const s of a.explanation) out.push(step(s, '    '));
  }
  if (a.findings.length > 0) {
    out.push('  Findings:');
    for (const s of a.findings) out.push(step(s, '    '));
  }
  out.push('  Interested directors (abstain from the board resolution approving it, 13.44):');
  if (a.interestedDirectors.length === 0) out.push('    none');
  for (const d of a.interestedDirectors) {
    out.push(`    ${d.name.en} (${d.id})`);
    for (const r of d.reasons) out.push(step(r, '      '));
  }
  out.push(
    '  Listing Rules implications:',
    ...wrap(a.implications.en, 96).map((l) => (l === '' ? '' : `    ${l}`)),
  );
  return out;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return lines;
}

/** The readable report: parties with their basis, then each agreement, then the aggregates. */
export function classificationReport(view: ClassificationView): string {
  const out = [
    `Chapter 14A classification as of ${formatDateEn(calendarDate(view.asOf))} — ${view.issuer.name.en}`,
  ];
  if (view.fx.length > 0) {
    out.push(
      `FX: ${view.fx.map((r) => `${displayCurrency(r.from)}1 = ${displayCurrency(r.to)}${r.rate}`).join('; ')}`,
    );
  }
  out.push('', 'Parties');
  for (const p of view.parties) {
    const flags = [
      p.connected ? 'connected' : 'not connected',
      ...(p.subsidiaryLevelOnly ? ['at subsidiary level only'] : []),
      ...(p.deemedReview ? ['deemed connected person review: inform the Exchange unless fully exempt'] : []),
    ];
    out.push(`  ${p.name.en} (${p.id}): ${flags.join('; ')}`);
    for (const b of p.basis) out.push(step(b, '    '));
  }
  for (const a of view.agreements) out.push(...agreementReport(a, view));
  if (view.aggregates.length > 0) {
    out.push('', 'Aggregation (14A.81–14A.83)');
    for (const g of view.aggregates) {
      out.push(
        `  ${g.partyIds.join(', ')} — agreements ${g.agreementIds.join(', ')}: ${numeratorText(g.numerator)}; tier ${g.tier}${g.tierRule ? ` (${g.tierRule})` : ''}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export function capSizeReport(view: CapSizeView): string {
  // The engine names the limiting rule per financial year ("FY2025: 14A.76(2)(a): …; FY2026: …").
  const byYear = new Map<string, string>();
  for (const m of view.limitingRule.matchAll(/(FY\d{4}): (.*?)(?=; FY\d{4}: |$)/g)) {
    if (m[1] !== undefined && m[2] !== undefined) byYear.set(m[1], m[2]);
  }
  const perYear = view.perFinancialYear.every((y) => byYear.has(y.financialYear));
  const out = [
    `Largest annual caps keeping ${view.agreementId} within ${view.tier}${perYear ? '' : ` (limited by ${view.limitingRule})`}:`,
  ];
  const amounts = view.perFinancialYear.map((y) => displayAmount(y.amount, y.currency));
  const width = Math.max(0, ...amounts.map((a) => a.length));
  view.perFinancialYear.forEach((y, i) => {
    const limit = perYear ? `  ${byYear.get(y.financialYear) ?? ''}` : '';
    out.push(`  ${y.financialYear}  ${(amounts[i] ?? '').padStart(width)}${limit}`);
  });
  return `${out.join('\n')}\n`;
}

export function registerClassifyCommands(program: Command, deps: ClassifyDeps): void {
  program
    .command('classify')
    .description(
      'classify the agreements of a scenario file (JSON or YAML) under Chapter 14A: who is connected, which tier, and why',
    )
    .argument('<file>', 'the scenario: .json, .yaml or .yml (see docs/scenario-format.md)')
    .option('--json', 'print the classification as JSON')
    .action(async (file: string, flags: { json?: boolean }) => {
      const raw = await readScenarioFile(file);
      const view = withinFile(file, () => classify(raw));
      deps.stdout(flags.json ? `${JSON.stringify(view, null, 2)}\n` : classificationReport(view));
    });

  program
    .command('cap-size')
    .description(
      'the largest cap per financial year that keeps an agreement of a scenario (with its connected group) within a tier',
    )
    .argument('<file>', 'the scenario: .json, .yaml or .yml (see docs/scenario-format.md)')
    .addOption(
      new Option('--tier <tier>', 'the tier to stay within').choices([...SIZING_TIERS]).makeOptionMandatory(),
    )
    .option('--agreement <id>', 'the agreement to size (needed when the scenario has several)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, flags: { tier: string; agreement?: string; json?: boolean }) => {
      const raw = await readScenarioFile(file);
      const view = withinFile(file, () => capSize(raw, flags.tier, flags.agreement));
      deps.stdout(flags.json ? `${JSON.stringify(view, null, 2)}\n` : capSizeReport(view));
    });
}
