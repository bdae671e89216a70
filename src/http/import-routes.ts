/**
 * Issue 9: imports over HTTP. `POST /api/v1/imports/{kind}` takes the file (the body itself, as
 * text/csv or the XLSX media type, or a multipart form with a part named "file"), stores it in a
 * temporary file, records the run and answers 202 at once; the run goes on in this process and
 * `GET /api/v1/import-runs/{id}` reports its progress and, at the end, its outcome with every bad row.
 * Column mappings: `GET /api/v1/import-mappings`, `GET`/`PUT /api/v1/import-mappings/{name}`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { createImportRun, getImportRun, presetNamed, requireImport, runImport } from '../app/import.js';
import type { ImportRunRecord } from '../app/import-ports.js';
import { fileSource } from '../app/import-sources.js';
import { getImportMapping, listImportMappings, putImportMapping } from '../app/import-mappings.js';
import type { Actor } from '../app/ports.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/import/preset.js';
import { actorFor, queryParam } from './request.js';

/** The largest import file taken over HTTP: a year of a large group's invoices is ~100 MB of CSV. */
export const IMPORT_MAX_BYTES = 512 * 1024 * 1024;
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_TYPES = ['text/csv', 'application/csv', XLSX_MEDIA_TYPE];

const FILE_HINT = `send the file as the body (Content-Type: text/csv or ${XLSX_MEDIA_TYPE}) or as multipart/form-data in a part named "file"`;

function parseKind(kind: string): ImportKind {
  if ((IMPORT_KINDS as readonly string[]).includes(kind)) return kind as ImportKind;
  throw AppError.invalid([
    { path: 'kind', message: `must be actuals or orders, not ${JSON.stringify(kind)}` },
  ]);
}

function parseDryRun(value: string | undefined): boolean {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1' || value === '') return true;
  throw AppError.invalid([
    { path: 'dryRun', message: `must be true or false, not ${JSON.stringify(value)}` },
  ]);
}

/** Counts the bytes going by and stops the upload past the limit. */
function limited(): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > IMPORT_MAX_BYTES)
        done(
          AppError.invalid([
            {
              path: 'file',
              message: `the file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB: split it`,
            },
          ]),
        );
      else done(null, chunk);
    },
  });
}

/** The upload, streamed to a temporary file; its name as the client gave it (else "upload"). */
async function receive(request: FastifyRequest, dir: string): Promise<{ file: string; name: string }> {
  const file = path.join(dir, 'upload');
  if (request.isMultipart()) {
    let part: Multipart | undefined;
    try {
      part = await request.file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 0 } });
    } catch (e) {
      throw AppError.invalid([{ path: 'file', message: `${(e as Error).message}; ${FILE_HINT}` }]);
    }
    if (!part || part.type !== 'file' || part.fieldname !== 'file')
      throw AppError.invalid([{ path: 'file', message: `no file part named "file"; ${FILE_HINT}` }]);
    await pipeline(part.file, fs.createWriteStream(file));
    if (part.file.truncated)
      throw AppError.invalid([
        { path: 'file', message: `the file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB: split it` },
      ]);
    return { file, name: path.basename(part.filename || 'upload') };
  }
  const body = request.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function')
    throw AppError.invalid([{ path: 'file', message: `no file was sent; ${FILE_HINT}` }]);
  await pipeline(body, limited(), fs.createWriteStream(file));
  const given = queryParam(request, 'fileName');
  return { file, name: given ? path.basename(given) : 'upload' };
}

/** A run as the API shows it. */
export function importRunView(run: ImportRunRecord) {
  return {
    id: run.id,
    kind: run.kind,
    mapping: run.mapping,
    dryRun: run.dryRun,
    fileName: run.fileName,
    status: run.status,
    rowsRead: run.rowsRead,
    rowsValid: run.rowsValid,
    rowsWritten: run.rowsWritten,
    rowsSkipped: run.rowsSkipped,
    errorCount: run.errorCount,
    errors: run.errors,
    summary: run.summary,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    progressUrl: `/api/v1/import-runs/${run.id}`,
  };
}

/** Runs still going in this process: awaited by `drainImports` (a server closing, a test). */
const running = new Set<Promise<unknown>>();

export function drainImports(): Promise<unknown> {
  return Promise.allSettled([...running]);
}

function start(
  ctx: AppContext,
  actor: Actor,
  run: ImportRunRecord,
  file: string,
  dir: string,
  sheet: string | null,
) {
  const job = runImport(ctx, actor, run, {
    kind: run.kind,
    mapping: run.mapping,
    dryRun: run.dryRun,
    source: fileSource(file, run.fileName ?? 'upload', sheet),
  })
    // The run's own record says how it ended (failed included); nothing more to tell anyone here.
    .catch(() => undefined)
    .finally(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      running.delete(job);
    });
  running.add(job);
}

export async function registerImportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Loaded now (awaited), so that the route is registered with the others before the server starts.
  await app.register((scope, _opts, done) => {
    // The file is the body: kept as a stream here, never parsed or held in memory.
    scope.addContentTypeParser(FILE_TYPES, (_request, payload, next) => next(null, payload));
    scope.post<{ Params: { kind: string } }>('/api/v1/imports/:kind', async (request, reply) => {
      const actor = await actorFor(request, ctx);
      const kind = parseKind(request.params.kind);
      requireImport(actor, kind);
      const mapping = queryParam(request, 'mapping') ?? 'generic';
      const dryRun = parseDryRun(queryParam(request, 'dryRun'));
      const preset = await presetNamed(ctx, actor.issuerId, mapping);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-import-'));
      try {
        const { file, name } = await receive(request, dir);
        const run = await createImportRun(ctx, actor, { kind, mapping, dryRun, fileName: name });
        start(ctx, actor, run, file, dir, preset.sheet);
        const view = importRunView(run);
        return reply.code(202).header('Location', view.progressUrl).send({
          id: view.id,
          kind: view.kind,
          mapping: view.mapping,
          dryRun: view.dryRun,
          status: view.status,
          progressUrl: view.progressUrl,
        });
      } catch (e) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw e;
      }
    });
    done();
  });

  app.get<{ Params: { id: string } }>('/api/v1/import-runs/:id', async (request) =>
    importRunView(await getImportRun(ctx, await actorFor(request, ctx), request.params.id)),
  );
  app.get('/api/v1/import-mappings', async (request) =>
    listImportMappings(ctx, await actorFor(request, ctx)),
  );
  app.get<{ Params: { name: string } }>('/api/v1/import-mappings/:name', async (request) =>
    getImportMapping(ctx, await actorFor(request, ctx), request.params.name),
  );
  app.put<{ Params: { name: string } }>('/api/v1/import-mappings/:name', async (request, reply) => {
    const { created, mapping } = await putImportMapping(
      ctx,
      await actorFor(request, ctx),
      request.params.name,
      request.body,
    );
    return reply.code(created ? 201 : 200).send(mapping);
  });
}
