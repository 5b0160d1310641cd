// Shared by the benchmark scripts: a free port, and the built server started as its own process.
import { spawn } from 'node:child_process';
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
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', 'dist/bot/main.js'], {
    cwd: root,
    env: { ...process.env, APP_MODE: 'local', APP_DATA_DIR: dataDir, APP_DEMO_DATA: '0', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('READY')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { child, port };
}
