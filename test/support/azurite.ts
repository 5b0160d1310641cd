import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort, tempDir } from './processes';

/** Azurite's well-known development account (published in Microsoft's docs; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  connectionString: string;
  tableUrl: string;
  blobUrl: string;
  stop(): Promise<void>;
  /**
   * Only when started with `persistent`: stops the emulator (as an outage would) and starts it
   * again on the same ports with the same data; resolves once it accepts connections.
   */
  kill(): Promise<void>;
  restart(): Promise<void>;
}

// Found through Node's resolution, so this also works compiled outside test/ (bench:fanout).
const AZURITE_MAIN = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');

/**
 * Azurite 3.35's table service decodes each request body chunk on its own (issue
 * Azure/Azurite#2670, open), so a Japanese character that straddles a 64 KiB chunk boundary
 * is stored as U+FFFD; Azure itself is not affected. Preloaded into the emulator, this
 * re-cuts the table port's request chunks at character boundaries (still Buffers, so its batch
 * parser, which concatenates correctly, is unaffected). Harmless once Azurite is fixed.
 * The preload also ends the emulator when the test process is gone.
 */
const PRELOAD = `
// Exit with the test process that started us, even if it was killed before calling stop().
const parent = Number(process.env.RENKEI_AZURITE_PARENT_PID);
setInterval(() => {
  try { process.kill(parent, 0); } catch { process.exit(0); }
}, 1000).unref();

const http = require('node:http');
const tablePort = Number(process.env.RENKEI_AZURITE_TABLE_PORT);
const completeLength = (buf) => {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back];
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? buf.length - back : buf.length;
  }
  return buf.length;
};
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === 'request' && this.address() && this.address().port === tablePort) {
    const original = req.emit;
    let carry = Buffer.alloc(0);
    req.emit = function (name, chunk, ...more) {
      if (name === 'data' && Buffer.isBuffer(chunk)) {
        const joined = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        const cut = completeLength(joined);
        carry = joined.subarray(cut);
        return cut > 0 ? original.call(this, 'data', joined.subarray(0, cut)) : true;
      }
      if (name === 'end' && carry.length) {
        const rest = carry;
        carry = Buffer.alloc(0);
        original.call(this, 'data', rest);
      }
      return original.call(this, name, chunk, ...more);
    };
  }
  return emit.call(this, event, req, ...rest);
};
`;

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts Azurite (blob, queue and table) in memory on free loopback ports and resolves once
 * every service accepts connections. Run it once per test file (beforeAll) and stop it in afterAll.
 */
export async function startAzurite(timeoutMs = 30_000, options: { persistent?: boolean } = {}): Promise<RunningAzurite> {
  // A port found free may be taken before Azurite binds it: try again with new ones.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(timeoutMs, options.persistent ?? false);
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE/.test((error as Error).message)) throw error;
    }
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function startOnce(timeoutMs: number, persistent: boolean): Promise<RunningAzurite> {
  const [blobPort, queuePort, tablePort] = await distinctFreePorts(3);
  // In memory (--location is refused then), but run it in a temporary directory so that nothing it
  // might still write lands in the repository. Persistent: its data in that directory, kept across restart().
  const location = tempDir('renkei-azurite-');
  const patch = path.join(location, 'preload.cjs');
  fs.writeFileSync(patch, PRELOAD);
  let emulator = await launch();

  function launch() {
    const child = spawn(
      process.execPath,
      [
        '--require',
        patch,
        AZURITE_MAIN,
        ...(persistent ? ['--location', path.join(location, 'data')] : ['--inMemoryPersistence']),
        '--disableTelemetry',
        '--silent',
        // The SDK may speak a newer service version than this Azurite release knows.
        '--skipApiVersionCheck',
        '--blobHost',
        '127.0.0.1',
        '--blobPort',
        String(blobPort),
        '--queueHost',
        '127.0.0.1',
        '--queuePort',
        String(queuePort),
        '--tableHost',
        '127.0.0.1',
        '--tablePort',
        String(tablePort),
      ],
      // Its own process group, so stop() can end it and anything it started together.
      {
        cwd: location,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, RENKEI_AZURITE_TABLE_PORT: String(tablePort), RENKEI_AZURITE_PARENT_PID: String(process.pid) },
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const running = () => child.exitCode === null && child.signalCode === null;
    return waitUntilReady({ child, exited, running, output: () => output });
  }

  async function waitUntilReady(started: Emulator): Promise<Emulator> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!started.running()) {
        await end(started);
        throw new Error(`Azurite exited before it was ready:\n${started.output()}`);
      }
      const ready = await Promise.all([blobPort, queuePort, tablePort].map(canConnect));
      if (ready.every(Boolean)) return started;
      if (Date.now() > deadline) {
        await end(started);
        throw new Error(`Azurite was not ready within ${timeoutMs} ms:\n${started.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const stop = async () => {
    await end(emulator);
    fs.rmSync(location, { recursive: true, force: true });
  };
  const kill = async () => {
    if (!persistent) throw new Error('only a persistent Azurite keeps its data across a restart');
    await end(emulator);
  };
  const restart = async () => {
    await kill(); // nothing to do if kill() already ended it
    emulator = await launch();
  };

  const blobUrl = `http://127.0.0.1:${blobPort}/${AZURITE_ACCOUNT}`;
  const tableUrl = `http://127.0.0.1:${tablePort}/${AZURITE_ACCOUNT}`;
  const connectionString =
    [
      'DefaultEndpointsProtocol=http',
      `AccountName=${AZURITE_ACCOUNT}`,
      `AccountKey=${AZURITE_KEY}`,
      `BlobEndpoint=${blobUrl}`,
      `QueueEndpoint=http://127.0.0.1:${queuePort}/${AZURITE_ACCOUNT}`,
      `TableEndpoint=${tableUrl}`,
    ].join(';') + ';';
  return { connectionString, tableUrl, blobUrl, stop, kill, restart };
}

interface Emulator {
  child: ReturnType<typeof spawn>;
  exited: Promise<void>;
  running(): boolean;
  output(): string;
}

/** Ends the emulator's process group: SIGTERM, then SIGKILL after 5 s. */
async function end(emulator: Emulator): Promise<void> {
  if (!emulator.running()) return;
  try {
    process.kill(-emulator.child.pid!, 'SIGTERM');
  } catch {
    emulator.child.kill('SIGTERM');
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-emulator.child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 5000);
  await emulator.exited;
  clearTimeout(timer);
}
