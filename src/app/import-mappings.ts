/**
 * Issue 9: named column mappings ("presets") for imports: the built-in `generic`, and those an
 * issuer saves for its ERP's exports (SAP, Oracle, Kingdee, Yonyou…).
 */
import {
  GENERIC_PRESET,
  parsePresetInput,
  parsePresetName,
  type ImportPreset,
} from '../domain/import/preset.js';
import { requireAction } from './authorize.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Actor } from './ports.js';

export interface ImportMappingView {
  readonly name: string;
  readonly builtIn: boolean;
  readonly columns: ImportPreset['columns'];
  readonly dateFormat: ImportPreset['dateFormat'];
  readonly sheet: string | null;
  readonly description: string | null;
  readonly recordedAt: string | null;
  readonly recordedBy: string | null;
}

const view = (p: ImportPreset, recordedAt: string | null, recordedBy: string | null): ImportMappingView => ({
  name: p.name,
  builtIn: p.builtIn,
  columns: p.columns,
  dateFormat: p.dateFormat,
  sheet: p.sheet,
  description: p.description,
  recordedAt,
  recordedBy,
});

export async function listImportMappings(ctx: AppContext, actor: Actor): Promise<ImportMappingView[]> {
  requireAction(actor, 'import.run');
  const saved = await ctx.store.listImportMappings(actor.issuerId);
  return [view(GENERIC_PRESET, null, null), ...saved.map((m) => view(m.preset, m.recordedAt, m.recordedBy))];
}

export async function getImportMapping(
  ctx: AppContext,
  actor: Actor,
  name: string,
): Promise<ImportMappingView> {
  requireAction(actor, 'import.run');
  if (name === GENERIC_PRESET.name) return view(GENERIC_PRESET, null, null);
  const saved = await ctx.store.getImportMapping(actor.issuerId, name);
  if (!saved) throw AppError.notFound(`import mapping "${name}"`);
  return view(saved.preset, saved.recordedAt, saved.recordedBy);
}

/** Saves a mapping under a name, replacing one of that name (the log keeps the one replaced). */
export async function putImportMapping(
  ctx: AppContext,
  actor: Actor,
  name: string,
  raw: unknown,
): Promise<{ created: boolean; mapping: ImportMappingView }> {
  requireAction(actor, 'import.run');
  const n = parsePresetName(name);
  if (!n.ok) throw AppError.invalid(n.errors);
  if (name === GENERIC_PRESET.name)
    throw AppError.conflict(
      'BUILT_IN_MAPPING',
      'the "generic" mapping is built in and cannot be replaced: save yours under another name',
    );
  const parsed = parsePresetInput(name, raw);
  if (!parsed.ok) throw AppError.invalid(parsed.errors);
  const recordedAt = ctx.clock.now();
  const created = await ctx.store.transaction(async (tx) => {
    const before = await tx.getImportMapping(actor.issuerId, name);
    await tx.putImportMapping({
      issuerId: actor.issuerId,
      preset: parsed.value,
      recordedAt,
      recordedBy: actor.userId,
    });
    return { commit: true, value: before === null };
  });
  return { created, mapping: view(parsed.value, recordedAt, actor.userId) };
}
