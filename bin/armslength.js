#!/usr/bin/env node
// The `armslength` command. The code is TypeScript compiled to dist/ by `npm run build`
// (npm install runs it through the "prepare" script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('armslength: not built yet: run npm install (it builds) or npm run build\n');
  process.exit(70);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
