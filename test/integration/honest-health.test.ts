import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { DATABASE_FILE_NAME, DatabaseFileError, openDatabase } from '../../bot/store/sqlite/database';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { GraphTestServer } from '../support/graph/graph-test-server';
import { CLEAN_SERVER_ENV, freePort, jsonOf, SERVER_MAIN, startNode, tempDir, type RunningProcess } from '../support/processes';
import { GRAPH_TEST_TOKEN, provisionedSite } from '../support/sharepoint-fixture';

/**
 * /healthz says what is wrong, without a crash loop and without leaking: a Graph outage at start
 * leaves the server up and "degraded" (also with demo data asked for), a damaged database file is
 * refused instead of being served or silently replaced, and the unauthenticated answer carries
 * reasons, never file paths or raw error texts.
 */
jest.setTimeout(90_000);

const PRODUCTION = {
  APP_MODE: 'production',
  MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: '66666666-7777-4888-9999-000000000000',
  HOST: '127.0.0.1',
  CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
  INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
};

/** Every text an unauthenticated caller reads: no path of this machine, no raw error. */
function expectNothingLeaked(body: unknown, secrets: string[]) {
  const text = JSON.stringify(body);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/fetch failed|ECONNREFUSED \d|Error: |\/tmp\/|\/home\/|\\\\|\.sqlite/);
}

describe('a Graph outage at start', () => {
  let server: RunningProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it.each([
    ['with demo data asked for', '1'],
    ['without demo data', '0'],
  ])('leaves production serving, degraded with a reason, %s', async (_name, demoData) => {
    const dataDir = tempDir('renkei-graph-down-');
    const graphPort = await freePort(); // nobody listens: every Graph call is refused
    const port = await freePort();
    server = startNode([SERVER_MAIN], {
      ...CLEAN_SERVER_ENV,
      ...PRODUCTION,
      RECORDS_STORE: 'sharepoint',
      SHAREPOINT_SITE_URL: 'https://sakura.sharepoint.com/sites/renkei',
      GRAPH_REDIRECT_TO: `http://127.0.0.1:${graphPort}`,
      GRAPH_TEST_ACCESS_TOKEN: 'test-token',
      GRAPH_MAX_RETRIES: '0',
      APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: '1',
      APP_DATA_DIR: dataDir,
      APP_DEMO_DATA: demoData,
      PORT: String(port),
    });
    await server.waitFor(/READY/, 60_000);
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body).toMatchObject({ status: 'degraded', mode: 'production', store: { reachable: true }, sharePoint: { reachable: false } });
    expect(body.degraded.join(' ')).toContain('SharePoint');
    if (demoData === '1') expect(body.degraded.join(' ')).toContain('demo data not loaded');
    expectNothingLeaked(body, [dataDir, String(graphPort)]);
    expect(server.child.exitCode).toBeNull();
  });
});

describe('health of the local store', () => {
  it('reports the store without its file path', async () => {
    const dataDir = tempDir('renkei-health-path-');
    const port = await freePort();
    const server = startNode([SERVER_MAIN], { ...CLEAN_SERVER_ENV, APP_DATA_DIR: dataDir, PORT: String(port), APP_DEMO_DATA: '0' });
    try {
      await server.waitFor(/READY/);
      const body = await jsonOf(fetch(`http://127.0.0.1:${port}/healthz`));
      expect(body).toMatchObject({ status: 'ok', store: { reachable: true } });
      expectNothingLeaked(body, [dataDir]);
    } finally {
      await server.stop();
    }
  });
});

describe('a damaged database file', () => {
  /** A real database of the app (schema and some rows), closed cleanly. */
  function realDatabase(): { dataDir: string; file: string } {
    const dataDir = tempDir('renkei-damaged-');
    const db = openDatabase(dataDir);
    db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)');
    const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
    for (let i = 0; i < 2_000; i++) insert.run(`行 ${i} ${'あ'.repeat(40)}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return { dataDir, file: path.join(dataDir, DATABASE_FILE_NAME) };
  }

  it('refuses pages overwritten anywhere past the header, instead of serving them', () => {
    const { dataDir, file } = realDatabase();
    const original = fs.readFileSync(file);
    const pageSize = original.readUInt16BE(16);
    const pages = original.length / pageSize;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: pages - 1 }),
        fc.uint8Array({ minLength: 64, maxLength: 512 }),
        fc.nat(pageSize - 64),
        (page, garbage, offset) => {
          fc.pre(garbage.some((byte) => byte !== 0));
          const damaged = Buffer.from(original);
          damaged.set(garbage.subarray(0, pageSize - offset), page * pageSize + offset);
          fc.pre(!damaged.equals(original));
          fs.writeFileSync(file, damaged);
          for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
          let refused: unknown;
          try {
            SqliteStore.open(dataDir);
          } catch (error) {
            refused = error;
          }
          // quick_check cannot see damage inside a row's text, only in the structure: that must be caught.
          if (!refused) {
            const db = new Database(file, { readonly: true });
            try {
              expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
            } finally {
              db.close();
            }
            return;
          }
          expect(refused).toBeInstanceOf(DatabaseFileError);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('does not take an existing empty file for a new database, and says what to do', async () => {
    const dataDir = tempDir('renkei-empty-');
    const file = path.join(dataDir, DATABASE_FILE_NAME);
    fs.writeFileSync(file, '');
    const server = startNode([SERVER_MAIN], { ...CLEAN_SERVER_ENV, APP_DATA_DIR: dataDir, PORT: String(await freePort()) });
    const { code } = await server.exited;
    expect(code).not.toBe(0);
    expect(server.output()).toMatch(/データベースファイル .* が壊れているか読めません: the file is empty .*バックアップから戻してください/);
    expect(server.output()).not.toMatch(/^\s+at /m); // a message, not a stack trace
    expect(fs.statSync(file).size).toBe(0); // left as found, for whoever restores it
  });
});

/**
 * Why this machine cannot give a process its own mount namespace with a tmpfs (undefined when it
 * can). The full-disk tests need one: as root (CI here) or with unprivileged user namespaces.
 */
function mountNamespaceProblem(): string | undefined {
  const dir = tempDir('renkei-unshare-probe-');
  const probe = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs "$PROBE_DIR"'], {
    env: { ...process.env, PROBE_DIR: dir },
    encoding: 'utf8',
  });
  fs.rmSync(dir, { recursive: true, force: true });
  if (probe.status === 0) return undefined;
  const code = probe.error && 'code' in probe.error ? String(probe.error.code) : undefined;
  const why = code === 'ENOENT' ? 'unshare not found' : (code ?? (probe.stderr.trim() || `exit ${probe.status}`));
  return (
    `This test fills a small tmpfs, mounted in a private mount namespace with \`unshare --user --map-root-user --mount\`, ` +
    `and this machine refused it (${why}). Run the tests as root (as CI does), or allow unprivileged user namespaces ` +
    `(sysctl kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu), and install util-linux for unshare.`
  );
}

/** Runs `node` in its own user and mount namespace, with a small tmpfs mounted on the folder env[mountOn] names. */
function startOnTmpfs(
  env: Record<string, string>,
  mountOn: 'APP_DATA_DIR' | 'SHAREPOINT_MIRROR_DIR',
): { child: ReturnType<typeof spawn>; output: () => string } {
  const problem = mountNamespaceProblem();
  if (problem) throw new Error(problem);
  const child = spawn(
    'unshare',
    [
      '--user',
      '--map-root-user',
      '--mount',
      'sh',
      '-c',
      `mount -t tmpfs -o size=32m tmpfs "$${mountOn}" && exec "${process.execPath}" ${SERVER_MAIN}`,
    ],
    {
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, ...CLEAN_SERVER_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Writes megabytes into `file` (a path on the server's tmpfs, seen through /proc/PID/root) until the disk is full. */
function fillUp(file: string) {
  const fd = fs.openSync(file, 'w');
  try {
    const block = Buffer.alloc(1024 * 1024, 1);
    for (;;) fs.writeSync(fd, block);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
}

async function waitForReady(server: { output: () => string }) {
  for (let i = 0; i < 600 && !server.output().includes('READY'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(server.output()).toContain('READY');
}

/** /healthz, answered fresh: the servers below run with HEALTH_CACHE_SECONDS=0, so no earlier probe is reused. */
async function freshHealth(port: number) {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: response.status, body: await jsonOf(response) };
}

describe('a data disk that fills up or turns read-only', () => {
  it('reports the store down with the reason while it lasts, and ok again after', async () => {
    const dataDir = tempDir('renkei-tmpfs-');
    const port = await freePort();
    const server = startOnTmpfs(
      {
        APP_DATA_DIR: dataDir,
        PORT: String(port),
        APP_DEMO_DATA: '1',
        CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
        INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
        HEALTH_CACHE_SECONDS: '0',
      },
      'APP_DATA_DIR',
    );
    try {
      await waitForReady(server);
      expect((await freshHealth(port)).body.status).toBe('ok');

      // The server's own view of the disk, through its mount namespace.
      const filler = `/proc/${server.child.pid}/root${dataDir}/filler`;
      fillUp(filler);
      const full = await freshHealth(port);
      expect(full.status).toBe(503);
      expect(full.body).toMatchObject({ status: 'down', store: { reachable: false } });
      expect(full.body.store.detail).toContain('data disk full');
      expectNothingLeaked(full.body, [dataDir]);

      fs.rmSync(filler);
      expect((await freshHealth(port)).body.status).toBe('ok');
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
  });
});

describe('a search mirror that cannot be written', () => {
  let graph: GraphTestServer;
  beforeAll(async () => {
    graph = await GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN] });
  });
  afterAll(() => graph?.close());

  it('reports degraded with the reason while its disk is full, keeps the store up, and ok again after', async () => {
    const { siteUrl } = await provisionedSite(graph);
    const dataDir = tempDir('renkei-mirror-data-');
    const mirrorDir = tempDir('renkei-mirror-tmpfs-');
    const port = await freePort();
    const server = startOnTmpfs(
      {
        RECORDS_STORE: 'sharepoint',
        SHAREPOINT_SITE_URL: siteUrl,
        GRAPH_REDIRECT_TO: graph.url,
        GRAPH_TEST_ACCESS_TOKEN: GRAPH_TEST_TOKEN,
        APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: '1',
        APP_DATA_DIR: dataDir,
        SHAREPOINT_MIRROR_DIR: mirrorDir,
        APP_DEMO_DATA: '0',
        PORT: String(port),
        CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
        INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
        HEALTH_CACHE_SECONDS: '0',
      },
      'SHAREPOINT_MIRROR_DIR',
    );
    try {
      await waitForReady(server);
      const before = await freshHealth(port);
      expect(before).toMatchObject({ status: 200, body: { status: 'ok', degraded: [] } });

      const filler = `/proc/${server.child.pid}/root${mirrorDir}/filler`;
      fillUp(filler);
      const full = await freshHealth(port);
      // Check-ins and questions still work (records are in SharePoint), so not down: degraded, and why.
      expect(full.status).toBe(200);
      expect(full.body).toMatchObject({ status: 'degraded', store: { reachable: true } });
      expect(full.body.degraded).toEqual([expect.stringMatching(/^検索用ミラーに書き込めません \(search mirror not writable: ENOSPC\)$/)]);
      expectNothingLeaked(full.body, [mirrorDir, dataDir]);

      fs.rmSync(filler);
      expect(await freshHealth(port)).toMatchObject({ status: 200, body: { status: 'ok', degraded: [] } });
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
  });
});
