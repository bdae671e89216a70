/**
 * Issue 9: `armslength import actuals|orders FILE --mapping NAME [--dry-run]` — a progress bar on a
 * terminal, a summary line, every bad row listed; exit status 2 when the file is refused (nothing
 * was written), 0 when imported or checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { importFile, type ImportProgress } from '../app/import.js';
import { presetNamed } from '../app/import.js';
import { fileSource } from '../app/import-sources.js';
import type { Actor } from '../app/ports.js';
import { InvalidDocument } from './exit.js';

export interface ImportCommandHelpers {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether standard error is a terminal (a progress bar is drawn only there). */
  readonly isTerminal: boolean;
  withDatabaseOptions(cmd: Command): Command;
  withDatabase<T>(cmd: Command, flags: object, fn: (ctx: AppContext) => Promise<T>): Promise<T>;
  actorFor(ctx: AppContext, issuer: string | undefined): Promise<Actor>;
}

const BAR = 30;

function bar(p: ImportProgress): string {
  const f = p.fraction === null ? null : Math.max(0, Math.min(1, p.fraction));
  const filled = f === null ? 0 : Math.round(f * BAR);
  const pct = f === null ? '   ' : `${String(Math.floor(f * 100)).padStart(3)}%`;
  const rows = (n: number) => `${n.toLocaleString('en')} rows`;
  const what =
    p.status === 'writing'
      ? `writing  ${rows(p.rowsWritten)}`
      : p.status === 'imported'
        ? `imported ${rows(p.rowsWritten)}`
        : p.status === 'validating' || p.status === 'queued'
          ? `checking ${rows(p.rowsRead)}`
          : `checked  ${rows(p.rowsRead)}`;
  return `\r[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${pct} ${what}   `;
}

export function registerImportCommands(program: Command, h: ImportCommandHelpers): void {
  h.withDatabaseOptions(
    program
      .command('import')
      .description(
        'import actual amounts or orders from an ERP export (CSV or XLSX): every row checked first; the file lands whole or not at all',
      )
      .argument('<kind>', 'actuals or orders')
      .argument('<file>', 'the CSV (UTF-8) or XLSX file')
      .addOption(new Option('--mapping <name>', 'the column mapping (preset)').default('generic'))
      .option('--dry-run', 'check every row and report; write nothing')
      .option('--issuer <id>', 'the issuer (default: the only or default issuer)'),
  ).action(
    async (
      kind: string,
      file: string,
      flags: { mapping: string; dryRun?: boolean; issuer?: string },
      cmd: Command,
    ) => {
      if (kind !== 'actuals' && kind !== 'orders')
        throw AppError.invalid([
          { path: 'kind', message: `must be actuals or orders, not ${JSON.stringify(kind)}` },
        ]);
      if (!fs.existsSync(file) || !fs.statSync(file).isFile())
        throw AppError.invalid([{ path: 'file', message: `${file} is not a readable file` }]);
      await h.withDatabase(cmd, flags, async (ctx) => {
        const actor = await h.actorFor(ctx, flags.issuer);
        const preset = await presetNamed(ctx, actor.issuerId, flags.mapping);
        let drawn = false;
        let lastDraw = 0;
        // Ctrl-C or SIGTERM stops the import at its next group of rows and reverses what it wrote;
        // a second signal while it does so changes nothing (the terminal sends one to every process
        // of the group, and the launcher forwards its own).
        const stop = new AbortController();
        const onSignal = () => {
          if (!stop.signal.aborted)
            h.stderr('\narmslength: stopping the import and reversing what it wrote…\n');
          stop.abort();
        };
        process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
        let run;
        try {
          run = await importFile(ctx, actor, {
            signal: stop.signal,
            kind: kind,
            mapping: flags.mapping,
            dryRun: flags.dryRun === true,
            source: fileSource(file, path.basename(file), preset.sheet),
            onProgress: (p) => {
              if (!h.isTerminal) return;
              const now = Date.now();
              if (now - lastDraw < 100 && p.fraction !== 1) return;
              lastDraw = now;
              drawn = true;
              h.stderr(bar(p));
            },
          });
        } finally {
          process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
        }
        if (drawn) h.stderr('\n');
        if (run.status === 'refused' || run.status === 'failed') {
          if (run.errors.length > 0)
            throw new InvalidDocument(
              file,
              run.errors.map((e) => ({
                path: `line ${e.line}${e.column === null ? '' : `, ${e.column}`}`,
                message: `${e.code}: ${e.reason}${e.value === null || e.value === '' ? '' : ` (value ${JSON.stringify(e.value)})`}`,
              })),
              run.summary ?? undefined,
            );
          throw new AppError('unavailable', run.summary ?? `${file} was not imported`);
        }
        h.stdout(`${run.summary ?? ''} (import ${run.id})\n`);
      });
    },
  );
}
