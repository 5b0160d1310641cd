// Shared by the benchmark scripts: a free port, the built server started as its own process, and
// for the turn benchmarks (bench:checkin, bench:survey) the activities, their timing and percentiles.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/**
 * Starts dist/bot/main.js in local mode without demo data on `dataDir` and resolves once it
 * prints READY, with the child and its port. `env` adds or overrides variables.
 */
export async function startBuiltServer(dataDir, env = {}) {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the server's node only.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'dist/bot/main.js'], {
    cwd: root,
    env: { ...process.env, APP_MODE: 'local', APP_DATA_DIR: dataDir, APP_DEMO_DATA: '0', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  // BENCH_SERVER_LOG=FILE keeps the server's log lines (stdout) for a look afterwards.
  if (process.env.BENCH_SERVER_LOG) child.stdout.on('data', (chunk) => fs.appendFileSync(process.env.BENCH_SERVER_LOG, chunk));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('READY')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { child, port };
}

/**
 * Compiles the store with the test servers it is measured against (the Graph test server,
 * Azurite's starter) into dist/testkit, and returns a loader for its modules.
 */
export function compileTestkit() {
  const compiled = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.testkit.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (compiled.status !== 0) throw new Error('compiling dist/testkit failed');
  fs.cpSync(path.join(root, 'test/fixtures/graph'), path.join(root, 'dist/testkit/test/fixtures/graph'), { recursive: true });
  const require = createRequire(import.meta.url);
  return (file) => require(path.join(root, 'dist/testkit', file));
}

/** The Entra object id of bench person `i`, as the turn benchmarks seed them. */
export const benchOid = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** An activity from bench person `i` in their personal chat, as Teams sends it; `extra` gives its type and content. */
export function benchActivity(serviceUrl, i, extra) {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:bench-${i}`, aadObjectId: benchOid(i), name: `職員 ${i}` },
    recipient: { id: '28:bench-bot', name: 'bot' },
    conversation: { id: `a:bench-${i}`, conversationType: 'personal', tenantId: 'bench-tenant' },
    channelData: { tenant: { id: 'bench-tenant' } },
    locale: 'ja-JP',
    ...extra,
  };
}

/** The trivial turn a flow's turns are compared with: 「ping」, which replies through the connector simulator. */
export const echoActivity = (serviceUrl, i) => benchActivity(serviceUrl, i, { type: 'message', text: 'ping', textFormat: 'plain' });

/**
 * fetch, once more when the server had just closed the kept-alive connection the request went out
 * on (ECONNRESET before any answer: a client pool race after an idle wait, not the server's time).
 */
export async function post(url, init) {
  try {
    return { started: performance.now(), response: await fetch(url, init) };
  } catch (error) {
    if (error?.cause?.code !== 'ECONNRESET') throw error;
    return { started: performance.now(), response: await fetch(url, init) };
  }
}

/** POSTs `body` as JSON and times it to the last byte of the answer, which `check(text)` must accept; resolves to { ms, response }. */
export async function timedPost(url, body, check) {
  const { started, response } = await post(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok || !check(text)) throw new Error(`unexpected response ${response.status}: ${text.slice(0, 300)}`);
  return { ms, response };
}

/** The p-th percentile (nearest rank) of `values`. */
export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
export const round1 = (n) => Math.round(n * 10) / 10;

/** The connector simulator without Teams' rate limits, so the bot's own time is what is measured. */
export function startUnlimitedSimulator() {
  const { startConnectorSimulator } = createRequire(import.meta.url)('../test/support/connector-simulator.js');
  return startConnectorSimulator({
    port: 0,
    perConversation: [{ limit: 1e6, windowMs: 1000 }],
    perApp: [{ limit: 1e6, windowMs: 1000 }],
  });
}
