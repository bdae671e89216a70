/**
 * Issue 8: the web application, built by Vite into dist/web, served by the API's own server. `/`
 * needs a signed-in browser (else 303 → /login) and answers the application's page; `/assets/…` are
 * its scripts and styles, public and cached for good (their names carry their hash). Without a
 * build, `/` falls back to the page without script (home.ts), so the server works either way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { principalOf } from './auth.js';
import { plainHome } from './home.js';
import type { ServerOptions } from './server.js';

/** The application's own CSP: its scripts and styles only, the API on the same origin, nothing external. */
export const WEB_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

/** The package root: the nearest folder above this file with a package.json (src/ in tests, dist/src/ built). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

export const webBuildDir = (): string =>
  process.env['ARMSLENGTH_WEB_DIR'] ?? path.join(packageRoot(), 'dist', 'web');

export function registerWebApp(app: FastifyInstance, opts: ServerOptions): void {
  const dir = webBuildDir();
  const assets = path.join(dir, 'assets');

  app.get('/', async (request, reply) => {
    const principal = await principalOf(opts.ctx, request);
    if (!principal) return reply.code(303).header('Location', '/login').send();
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index)) return plainHome(opts, request, reply);
    return reply
      .type('text/html; charset=utf-8')
      .header('Content-Security-Policy', WEB_CSP)
      .header('Cache-Control', 'no-store')
      .send(fs.readFileSync(index));
  });

  app.get<{ Params: { file: string } }>('/assets/:file', (request, reply) => {
    const name = request.params.file;
    // A plain file name only: no directories, no dot-dot.
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return reply.code(404).send();
    const file = path.join(assets, name);
    const type = TYPES[path.extname(name)];
    if (!type || !fs.existsSync(file)) return reply.code(404).send();
    return reply
      .type(type)
      .header('Cache-Control', 'public, max-age=31536000, immutable')
      .send(fs.readFileSync(file));
  });
}
