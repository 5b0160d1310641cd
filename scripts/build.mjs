// Builds what the server needs: the bot (TypeScript -> dist/bot, with shared/ -> dist/shared) and
// the tab (Vite -> dist/tab).
// Each part is rebuilt only when a source file is newer than its last build, so `npm start`
// after the first run is quick.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PARTS = {
  bot: {
    sources: ['bot', 'shared', 'tsconfig.json', 'tsconfig.build.json', 'package.json'],
    stamp: 'dist/.bot-built',
    // TypeScript 7 (the native compiler, installed as `typescript7`): the same JavaScript as TypeScript 6's
    // tsc, in about a third of the CPU time. `typescript` (6) stays for ESLint, which needs its JS API.
    command: [process.execPath, [path.join(root, 'node_modules/typescript7/bin/tsc'), '-p', 'tsconfig.build.json']],
  },
  tab: {
    sources: ['tab', 'shared', 'package.json'],
    stamp: 'dist/.tab-built',
    command: [
      process.execPath,
      [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'tab/vite.config.mts', '--logLevel', 'warn'],
    ],
  },
};

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(full)) {
    if (child === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Builds the named parts if stale (or always with force); returns the parts it built. */
export function build({ parts = Object.keys(PARTS), force = false, quiet = false } = {}) {
  const built = [];
  for (const name of parts) {
    const part = PARTS[name];
    const stamp = path.join(root, part.stamp);
    const stampTime = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
    if (!force && stampTime > Math.max(...part.sources.map(newestMtime))) continue;
    if (!quiet) process.stdout.write(`building ${name}...\n`);
    const started = Date.now();
    const [cmd, args] = part.command;
    // Always the production build: jest sets NODE_ENV=test, which would make Vite bundle React's
    // development build into the tab that the tests and benchmarks load.
    const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (result.status !== 0) {
      throw new Error(`build of ${name} failed (exit ${result.status ?? result.signal})`);
    }
    fs.mkdirSync(path.dirname(stamp), { recursive: true });
    fs.writeFileSync(stamp, new Date().toISOString());
    if (!quiet) process.stdout.write(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    built.push(name);
  }
  return built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    build({ force: process.argv.includes('--force') });
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
