// `npm start`: builds if needed, then serves on http://127.0.0.1:8080 (PORT and HOST override)
// with the embedded database in ./data, loading the demo data on first start.
// DATABASE_URL, when set, chooses PostgreSQL instead, as for every command.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist', 'src', 'main.js');
const buildInfo = path.join(root, 'dist', '.tsbuildinfo');

/** The newest modification time of the TypeScript sources that the build compiles. */
function newestSource(dir) {
  let newest = 0;
  for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, dirent.name);
    if (dirent.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|tsx|css|html)$/.test(dirent.name) && !dirent.name.endsWith('.test.ts'))
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    else if (dirent.name.endsWith('.json')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

const webIndex = path.join(root, 'dist', 'web', 'index.html');

function needsBuild() {
  if (!fs.existsSync(entry)) return true;
  // tsc --incremental rewrites its build info whenever a source changed, even if main.js did not.
  const built = Math.max(mtime(entry), mtime(buildInfo));
  return newestSource(path.join(root, 'src')) > built;
}

/** The web application (web/, built by Vite into dist/web) is missing or older than its sources. */
function webNeedsBuild() {
  if (!fs.existsSync(webIndex)) return true;
  return newestSource(path.join(root, 'web')) > mtime(webIndex);
}

if (needsBuild()) {
  process.stderr.write('Building (tsc -p tsconfig.build.json)…\n');
  const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    process.stderr.write('armslength: the build failed; see the errors above.\n');
    process.exit(70);
  }
  // An unchanged source that was merely touched leaves the build info as it was: mark it fresh.
  if (fs.existsSync(buildInfo)) {
    const now = new Date();
    fs.utimesSync(buildInfo, now, now);
  }
}

if (webNeedsBuild()) {
  process.stderr.write('Building the web application (vite build)…\n');
  const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    process.stderr.write('armslength: the web application did not build; see the errors above.\n');
    process.exit(70);
  }
}

const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main([
  process.argv[0],
  path.join(root, 'bin', 'armslength.js'),
  'serve',
  ...process.argv.slice(2),
]);
