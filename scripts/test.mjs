#!/usr/bin/env node
// `npm test`: the type checks and linters (`npm run typecheck && npm run lint`) and jest, at the
// same time. Each of them is one busy process for most of its run, and jest's files run in
// parallel workers, so on two cores nothing waits for a core that idles. The checks' output is
// held and printed as one block when they finish; jest's is live. Everything runs to the end and
// the exit code is non-zero if anything failed.
//
//   npm test                       # everything
//   npm test -- test/unit          # the checks, and jest over test/unit only (arguments go to jest)
//   npm test -- --runInBand        # jest in one process (your --maxWorkers/--runInBand wins)
//   TEST_SKIP_CHECKS=1 npm test    # jest only: CI checks once, on its first Node line (they do not depend on Node)
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jestArgs = process.argv.slice(2);

// V8's compiled code for every Node process the run starts (the built server and CLI dozens of
// times, the Playground, tsc, ESLint), reused from the second start on; keyed by each file's content.
const env = {
  ...process.env,
  NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? path.join(root, 'node_modules/.cache/node-compile-cache'),
};

// Jest picks cores - 1 workers, which on two cores means one; the checks need little more than one
// core between them, so two workers keep both cores busy without starving the checks.
const workerChoice = jestArgs.some((arg) => /^(--maxWorkers|-w|--runInBand|-i$)/.test(arg));
const workers = Math.max(2, os.availableParallelism() - 1);

/** Runs a command; resolves with its exit code and (if held) its output. */
function run(command, args, { hold }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, env, stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (hold) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n`, seconds: 0 }));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 }));
  });
}

// npm_execpath is the npm that runs this script (npm test); fall back to the one on PATH.
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
const npmRun = (script) => run(npm[0], [...npm[1], 'run', '--silent', script], { hold: true });

const skipChecks = process.env.TEST_SKIP_CHECKS === '1';

async function checks() {
  if (skipChecks) return { code: 0, seconds: 0 };
  const results = [];
  for (const script of ['typecheck', 'lint']) {
    const result = await npmRun(script);
    results.push({ script, ...result });
    if (result.code !== 0) break;
  }
  const failed = results.find((r) => r.code !== 0);
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  process.stdout.write(`\n── typecheck, lint: ${failed ? `FAILED in ${failed.script}` : 'ok'} (${seconds.toFixed(0)} s) ──\n`);
  for (const r of results) if (r.output.trim()) process.stdout.write(`${r.output.trimEnd()}\n`);
  return { code: failed ? 1 : 0, seconds };
}

const jest = run(
  process.execPath,
  [path.join(root, 'node_modules/jest/bin/jest.js'), ...(workerChoice ? [] : [`--maxWorkers=${workers}`]), ...jestArgs],
  { hold: false },
);
const [checked, tested] = await Promise.all([checks(), jest]);
const checksLine = skipChecks
  ? 'skipped (TEST_SKIP_CHECKS=1)'
  : `${checked.code === 0 ? 'ok' : 'FAILED'} (${checked.seconds.toFixed(0)} s)`;
process.stdout.write(
  `\n── typecheck, lint: ${checksLine}; jest: ${tested.code === 0 ? 'ok' : 'FAILED'} (${tested.seconds.toFixed(0)} s) ──\n`,
);
process.exit(checked.code || tested.code);
