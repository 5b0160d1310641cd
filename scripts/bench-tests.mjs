#!/usr/bin/env node
// `npm run bench:tests`: how long `npm test` takes on this machine (issue #16's goal: at most 180 s
// on two cores), and how much CPU it used. Run it on an otherwise quiet machine: the CPU figure is
// the whole machine's busy time from /proc/stat (every process the run starts, Chromium included),
// so anything else running is counted too, and the load average at the start is printed to show it.
//
//   npm run bench:tests              # as a developer runs it, with whatever caches are there
//   npm run bench:tests -- --cold    # as CI does after `npm ci`: no dist/, no node_modules/.cache, no jest cache
//
// npm test's output goes to test-results/bench-tests.log; the last line is JSON:
//   {"wallSeconds":…,"machineCpuSeconds":…,"cores":2,"tests":…,"passed":true,"checksSeconds":…,"jestSeconds":…,"cold":false,"targetSeconds":180}
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cold = process.argv.includes('--cold');
const TARGET_SECONDS = 180;

/** Busy and total CPU time of the whole machine so far, in seconds (Linux; null elsewhere). */
function machineCpu() {
  try {
    const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
    const ticks = 100; // USER_HZ: 100 on Linux for every architecture Node supports
    return { busy: (user + nice + system + irq + softirq + steal) / ticks, idle: (idle + iowait) / ticks };
  } catch {
    return null;
  }
}

if (cold) {
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  fs.rmSync(path.join(root, 'node_modules', '.cache'), { recursive: true, force: true });
  spawnSync(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), '--clearCache'], { cwd: root, stdio: 'ignore' });
}

const logFile = path.join(root, 'test-results', 'bench-tests.log');
fs.mkdirSync(path.dirname(logFile), { recursive: true });
const log = fs.createWriteStream(logFile);
process.stdout.write(`npm test${cold ? ' (cold)' : ''}, load average ${os.loadavg()[0].toFixed(2)} at the start; output in ${logFile}\n`);

const before = machineCpu();
const started = process.hrtime.bigint();
// CI's NODE_COMPILE_CACHE or TEST_SKIP_CHECKS would change what is measured: npm test as a developer runs it.
const env = { ...process.env, TEST_SKIP_CHECKS: undefined, NODE_COMPILE_CACHE: undefined };
const child = spawn(process.execPath, [path.join(root, 'scripts', 'test.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
for (const stream of [child.stdout, child.stderr])
  stream.on('data', (chunk) => {
    output += chunk;
    log.write(chunk);
  });
const code = await new Promise((resolve) => child.on('close', (exitCode) => resolve(exitCode ?? 1)));
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const after = machineCpu();
log.end();

const summary = /typecheck, lint: (?:ok|FAILED) \((\d+) s\); jest: (?:ok|FAILED) \((\d+) s\)/.exec(output);
const tests = /^Tests:\s+(?:.*?(\d+) failed, )?(?:.*?(\d+) passed, )?(\d+) total/m.exec(output);
const result = {
  wallSeconds: Math.round(wallSeconds),
  machineCpuSeconds: before && after ? Math.round(after.busy - before.busy) : null,
  cores: os.availableParallelism(),
  tests: tests ? Number(tests[3]) : null,
  passed: code === 0,
  checksSeconds: summary ? Number(summary[1]) : null,
  jestSeconds: summary ? Number(summary[2]) : null,
  cold,
  targetSeconds: TARGET_SECONDS,
};
if (!result.passed) process.stdout.write(`npm test failed (exit ${code}); see ${logFile}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(result.passed ? 0 : 1);
