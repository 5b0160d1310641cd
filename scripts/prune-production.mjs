#!/usr/bin/env node
// Removes from a production node_modules (after `npm ci --omit=dev`) what Node never loads at
// run time, so the image and the App Service package stay small:
//   - source maps (*.map) and type declarations (*.d.ts, *.d.mts, *.d.cts): for debuggers and
//     the compiler; the server runs without --enable-source-maps
//   - Markdown files (READMEs, changelogs)
//   - better-sqlite3's C sources (deps/, src/: only for compiling at install) and its prebuilt
//     binaries for other platforms (it loads the one for this platform, or a compiled one)
//   - the chai test library botbuilder and botframework-streaming ship under vendors/ (their
//     lib/ never requires it; with a bundled eslint config it is 17 MB each)
//   - exceljs' browser bundles (dist/); Node loads excel.js → lib/
//   - kuromoji's tests, demo, browser build and examples (Node loads src/ and dict/)
//   - @azure/msal-browser: @azure/identity depends on it for its browser build only; its Node
//     build never requires it (it signs in through its own copy of @azure/msal-node)
//   - bundler-only builds (build/esm, build/esnext, as OpenTelemetry ships them): removed only
//     where neither `main` nor an exports condition Node resolves (node, import, require,
//     default) points into them; their `module` and `esnext` conditions are for bundlers
// Run it on the platform the server runs on (the Dockerfile's prod-deps stage, the deploy
// staging on Linux x64): the better-sqlite3 binary it keeps is the one this machine would load.
//
//   node scripts/prune-production.mjs <folder with node_modules>
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NEVER_LOADED = /\.(?:map|d\.ts|d\.mts|d\.cts|md|markdown)$/i;
const UNUSED_FOLDERS = [
  'botbuilder/vendors/chai',
  'botframework-streaming/vendors/chai',
  'exceljs/dist',
  '@azure/msal-browser',
  'better-sqlite3/deps',
  'better-sqlite3/src',
  // kuromoji loads src/ and dict/ only: its tests (with a second copy of the dictionary), demo,
  // browser build and examples are for its own development
  'kuromoji/test',
  'kuromoji/demo',
  'kuromoji/build',
  'kuromoji/example',
];

/** Deletes matching files under dir (following no links); returns the bytes freed. */
function pruneFiles(dir) {
  let freed = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) freed += pruneFiles(full);
    else if (entry.isFile() && NEVER_LOADED.test(entry.name)) {
      freed += fs.statSync(full).size;
      fs.rmSync(full);
    }
  }
  return freed;
}

function folderBytes(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : entry.isFile() ? fs.statSync(full).size : 0;
  }
  return total;
}

function removeFolder(dir) {
  if (!fs.existsSync(dir)) return 0;
  const bytes = folderBytes(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  return bytes;
}

/** Keeps only the better-sqlite3 binary this machine loads (a compiled one wins, as in its binding.js). */
function pruneSqlitePrebuilds(nodeModules) {
  const packageDir = path.join(nodeModules, 'better-sqlite3');
  const prebuilds = path.join(packageDir, 'prebuilds');
  if (!fs.existsSync(prebuilds)) return 0;
  const compiled = ['Debug', 'Release'].some((kind) => fs.existsSync(path.join(packageDir, 'build', kind, 'better_sqlite3.node')));
  const keep = compiled ? null : createRequire(import.meta.url)(path.join(packageDir, 'lib', 'binding.js')).getPrebuildPath();
  if (!compiled && !keep) return 0; // no binary for this platform: leave it as installed
  let freed = 0;
  for (const name of fs.readdirSync(prebuilds)) {
    const full = path.join(prebuilds, name);
    if (full === keep) continue;
    freed += fs.statSync(full).size;
    fs.rmSync(full);
  }
  return freed;
}

const BUNDLER_ONLY_BUILDS = ['build/esm', 'build/esnext'];
const NODE_CONDITIONS = new Set(['node', 'import', 'require', 'default']);

/** Every path Node may load through a package's `main` or its exports under Node's conditions. */
function nodeEntryPoints(manifest) {
  const found = [];
  const walk = (value, key) => {
    if (typeof value === 'string') {
      if (key === undefined || key.startsWith('.') || NODE_CONDITIONS.has(key)) found.push(value);
    } else if (Array.isArray(value)) value.forEach((item) => walk(item, key));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) if (k.startsWith('.') || NODE_CONDITIONS.has(k)) walk(v, k);
  };
  if (typeof manifest.main === 'string') found.push(manifest.main);
  walk(manifest.exports, undefined);
  return found.map((entry) => entry.replace(/^\.\//, ''));
}

/** Removes build/esm and build/esnext of every package whose Node entry points never lead there. */
function pruneBundlerBuilds(nodeModules) {
  let freed = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        visit(full);
        continue;
      }
      const manifestPath = path.join(full, 'package.json');
      if (fs.existsSync(manifestPath)) {
        const entries = nodeEntryPoints(JSON.parse(fs.readFileSync(manifestPath, 'utf8')));
        for (const build of BUNDLER_ONLY_BUILDS) {
          if (entries.some((target) => target === build || target.startsWith(`${build}/`))) continue;
          freed += removeFolder(path.join(full, build));
        }
      }
      if (fs.existsSync(path.join(full, 'node_modules'))) visit(path.join(full, 'node_modules'));
    }
  };
  visit(nodeModules);
  return freed;
}

/** Prunes <root>/node_modules; returns the bytes freed. */
export function pruneProduction(root) {
  const nodeModules = path.join(root, 'node_modules');
  if (!fs.existsSync(nodeModules)) throw new Error(`${nodeModules} がありません (no node_modules: run npm ci --omit=dev first)`);
  let freed = pruneSqlitePrebuilds(nodeModules);
  for (const folder of UNUSED_FOLDERS) freed += removeFolder(path.join(nodeModules, folder));
  freed += pruneBundlerBuilds(nodeModules);
  return freed + pruneFiles(nodeModules);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? '.');
  try {
    const freed = pruneProduction(root);
    process.stdout.write(`pruned ${(freed / 1048576).toFixed(0)} MB from ${path.join(root, 'node_modules')}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
