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
//   - @azure/msal-browser: @azure/identity depends on it for its browser build only; its Node
//     build never requires it (it signs in through its own copy of @azure/msal-node)
// Run it on the platform the server runs on (the Dockerfile's prod-deps stage, the deploy
// staging on Linux x64): the better-sqlite3 binary it keeps is the one this machine would load.
//
//   node scripts/prune-production.mjs <folder with node_modules>
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NEVER_LOADED = /\.(?:map|d\.ts|d\.mts|d\.cts|md|markdown)$/i;
const UNUSED_FOLDERS = ['botbuilder/vendors/chai', 'botframework-streaming/vendors/chai', 'exceljs/dist', '@azure/msal-browser', 'better-sqlite3/deps', 'better-sqlite3/src'];

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

/** Prunes <root>/node_modules; returns the bytes freed. */
export function pruneProduction(root) {
  const nodeModules = path.join(root, 'node_modules');
  if (!fs.existsSync(nodeModules)) throw new Error(`${nodeModules} がありません (no node_modules: run npm ci --omit=dev first)`);
  let freed = pruneSqlitePrebuilds(nodeModules);
  for (const folder of UNUSED_FOLDERS) freed += removeFolder(path.join(nodeModules, folder));
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
