// Shared by the benchmark scripts: a free port, and the built server started as its own process.
import { spawn, spawnSync } from 'node:child_process';
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
