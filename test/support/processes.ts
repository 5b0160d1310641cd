import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export function tempDir(prefix = 'renkei-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node <args>` from the repository root (or cwd) with extra environment, capturing output. */
export function startNode(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): RunningProcess {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            cleanup();
            resolve(match[0]);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`process exited before ${pattern}; output:\n${output}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The built server, as `npm run serve` and the Dockerfile start it. */
export const SERVER_MAIN = 'dist/bot/main.js';

/**
 * Settings a developer's shell (or CI) may carry that decide the server's mode, store, address and
 * logging; a test starts from none of them and sets the ones it is about.
 */
export const CLEAN_SERVER_ENV: Record<string, undefined> = {
  APP_MODE: undefined,
  MicrosoftAppId: undefined,
  MicrosoftAppPassword: undefined,
  MicrosoftAppType: undefined,
  MicrosoftAppTenantId: undefined,
  SHAREPOINT_SITE_URL: undefined,
  RECORDS_STORE: undefined,
  PORT: undefined,
  HOST: undefined,
  LOG_LEVEL: undefined,
};

export interface RunningServer extends RunningProcess {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  dataDir: string;
}

/**
 * The built server as a process: a clean environment plus `env`, on a free port with a fresh data
 * folder unless `env` names them, resolved once its output matches `ready` (READY by default,
 * within 60 s).
 * A server that does not get there is stopped, and the error carries its output.
 */
export async function startServer(
  env: Record<string, string | undefined> = {},
  options: { ready?: RegExp; timeoutMs?: number; cwd?: string } = {},
): Promise<RunningServer> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const dataDir = env.APP_DATA_DIR ?? tempDir();
  const server = startNode([SERVER_MAIN], { ...CLEAN_SERVER_ENV, ...env, APP_DATA_DIR: dataDir, PORT: String(port) }, options.cwd);
  try {
    // Generous: a loaded CI machine (or two jest workers beside the linters) can take a while to start three servers.
    await server.waitFor(options.ready ?? /READY/, options.timeoutMs ?? 60_000);
  } catch (error) {
    await server.stop('SIGKILL');
    throw error;
  }
  return Object.assign(server, { port, url: `http://127.0.0.1:${port}`, dataDir });
}

/** Several servers with the same settings, started at once; if one fails, the others are stopped too. */
export async function startServers(count: number, env: Record<string, string | undefined> = {}): Promise<RunningServer[]> {
  const results = await Promise.allSettled(Array.from({ length: count }, () => startServer(env)));
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((server) => server.stop('SIGKILL')));
    throw failed.reason;
  }
  return started;
}

/** A response body as JSON, typed loosely for assertions (fetch's json() is `unknown`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function jsonOf(response: Response | Promise<Response>): Promise<any> {
  return (await response).json();
}
