import fs from 'node:fs';
import path from 'node:path';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { freePort, jsonOf, ROOT, startNode, tempDir } from '../support/processes';

/** The built server and CLI as separate processes, the way operators run them. */
const MAIN = 'dist/bot/main.js';
const CLI = 'dist/bot/cli/main.js';
const PRODUCTION_CREDENTIALS = {
  APP_MODE: 'production',
  MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: '66666666-7777-4888-9999-000000000000',
  // These tests are about the process and its auth; the SharePoint store has its own tests.
  RECORDS_STORE: 'sqlite',
};
const CLEAN_ENV = {
  APP_MODE: undefined,
  MicrosoftAppId: undefined,
  MicrosoftAppPassword: undefined,
  MicrosoftAppType: undefined,
  MicrosoftAppTenantId: undefined,
  SHAREPOINT_SITE_URL: undefined,
  PORT: undefined,
};

describe('server process', () => {
  it('refuses to start in production without credentials, naming every missing setting', async () => {
    const dataDir = tempDir();
    const server = startNode([MAIN], { ...CLEAN_ENV, APP_MODE: 'production', APP_DATA_DIR: dataDir, PORT: String(await freePort()) });
    const { code } = await server.exited;
    expect(code).toBe(78);
    for (const name of [
      'MicrosoftAppId',
      'MicrosoftAppPassword',
      'MicrosoftAppType',
      'MicrosoftAppTenantId',
      'SHAREPOINT_SITE_URL',
      'GRAPH_CLIENT_CERTIFICATE_PATH',
    ]) {
      expect(server.output()).toContain(`${name}:`);
    }
    expect(server.output()).not.toContain('server listening');
    expect(fs.existsSync(path.join(dataDir, 'renkei.sqlite'))).toBe(false);
  });

  it('starts in production while SharePoint is unreachable, says so, and authenticates every activity', async () => {
    const port = await freePort();
    const server = startNode([MAIN], {
      ...CLEAN_ENV,
      ...PRODUCTION_CREDENTIALS,
      SHAREPOINT_SITE_URL: `https://127.0.0.1:${await freePort()}/sites/renkei`,
      APP_DATA_DIR: tempDir(),
      APP_DEMO_DATA: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    try {
      await server.waitFor(/READY/);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const body = await jsonOf(health);
      expect(body).toMatchObject({ status: 'degraded', mode: 'production', store: { reachable: true }, sharePoint: { reachable: false } });
      expect(body.degraded[0]).toContain('SharePoint');

      const activity = {
        type: 'message',
        text: 'こんにちは',
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/jp/',
        conversation: { id: 'a:1' },
        from: { id: '29:1' },
        recipient: { id: '28:bot' },
      };
      const unsigned = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(activity),
      });
      expect(unsigned.status).toBe(401);
      const forged = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' },
        body: JSON.stringify(activity),
      });
      expect(forged.status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/api/me`, { headers: { Authorization: 'Demo p-admin' } })).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/api/dev/people`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it('stops on SIGTERM and on SIGINT: exit 0, store closed with its log folded in', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const dataDir = tempDir();
      const port = await freePort();
      const server = startNode([MAIN], { ...CLEAN_ENV, APP_DATA_DIR: dataDir, PORT: String(port) });
      await server.waitFor(/READY/);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const { code } = await server.stop(signal);
      expect(code).toBe(0);
      expect(server.output()).toContain('server stopped');
      const wal = path.join(dataDir, 'renkei.sqlite-wal');
      expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    }
  });

  it('says which port is taken instead of a stack trace', async () => {
    const port = await freePort();
    const first = startNode([MAIN], { ...CLEAN_ENV, APP_DATA_DIR: tempDir(), PORT: String(port) });
    await first.waitFor(/READY/);
    const second = startNode([MAIN], { ...CLEAN_ENV, APP_DATA_DIR: tempDir(), PORT: String(port) });
    const { code } = await second.exited;
    await first.stop();
    expect(code).toBe(1);
    expect(second.output()).toContain(`ポート ${port} は使用中です`);
  });
});

describe('store durability', () => {
  it('loses nothing committed when the writer is killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const writer = startNode([
      '-e',
      `
      const { SqliteStore } = require('./dist/bot/store/sqlite/sqlite-store.js');
      const store = SqliteStore.open(process.argv[1]);
      (async () => {
        // Bounded, so a writer orphaned by a failing test can never fill the disk.
        for (let i = 1; i <= 200000; i++) {
          await store.audit.append({ actorId: 'p-1', action: 'test.write', objectType: 'test', objectId: String(i), detail: {} });
          process.stdout.write('committed ' + i + '\\n');
        }
      })();
    `,
      dataDir,
    ]);
    try {
      // Killed mid-stream once it has committed a few dozen: every commit is synced to disk, which on a
      // busy CI machine can take 100 ms each, so a count in the hundreds measured the disk, not durability.
      await writer.waitFor(/committed 50\n/, 60_000);
    } finally {
      writer.child.kill('SIGKILL');
      await writer.exited;
    }
    const lastReported = Math.max(...[...writer.output().matchAll(/committed (\d+)/g)].map((m) => Number(m[1])));
    const store = SqliteStore.open(dataDir);
    const [newest] = await store.audit.list({ limit: 1 });
    await store.close();
    expect(Number(newest.objectId)).toBeGreaterThanOrEqual(lastReported);
  });
});

describe('operator CLI', () => {
  it('seeds demo data, refuses to overwrite without --reset, and reloads with it', async () => {
    const dataDir = tempDir();
    const env = { ...CLEAN_ENV, APP_DATA_DIR: dataDir };
    const first = startNode([CLI, 'seed'], env);
    expect((await first.exited).code).toBe(0);
    expect(first.output()).toMatch(/rulings: 20/);
    const second = startNode([CLI, 'seed'], env);
    expect((await second.exited).code).toBe(0);
    expect(second.output()).toContain('--reset');
    const store = SqliteStore.open(dataDir);
    await store.rulings.upsert({ ...(await store.rulings.get('R-0001'))!, title: '書き換えたタイトル' });
    await store.close();
    const reset = startNode([CLI, 'seed', '--reset'], env);
    expect((await reset.exited).code).toBe(0);
    const reopened = SqliteStore.open(dataDir);
    expect((await reopened.rulings.get('R-0001'))?.title).not.toBe('書き換えたタイトル');
    expect(await reopened.people.list()).toHaveLength(6);
    await reopened.close();
  });

  it('doctor checks configuration, store, ports and build', async () => {
    const doctor = startNode([CLI, 'doctor'], {
      ...CLEAN_ENV,
      APP_DATA_DIR: tempDir(),
      PORT: String(await freePort()),
      PLAYGROUND_PORT: String(await freePort()),
    });
    const { code } = await doctor.exited;
    expect(doctor.output()).toMatch(/✓ 設定/);
    expect(doctor.output()).toMatch(/✓ データベース/);
    expect(doctor.output()).toMatch(/✓ PORT \d+/);
    expect(doctor.output()).toMatch(/✓ タブのビルド/);
    expect(code).toBe(0);
  });

  it('doctor fails and names the problem when configuration is wrong', async () => {
    const doctor = startNode([CLI, 'doctor'], { ...CLEAN_ENV, APP_MODE: 'production', APP_DATA_DIR: tempDir() });
    expect((await doctor.exited).code).toBe(1);
    expect(doctor.output()).toMatch(/✗ 設定.*MicrosoftAppId/);
  });

  it('outbox shows counts and dead messages; ping queues a test notice for a known person only', async () => {
    const dataDir = tempDir();
    const env = { ...CLEAN_ENV, APP_DATA_DIR: dataDir };
    expect((await startNode([CLI, 'seed'], env).exited).code).toBe(0);
    const ping = startNode([CLI, 'outbox', 'ping', 'p-ward-staff'], env);
    expect((await ping.exited).code).toBe(0);
    expect(ping.output()).toMatch(/ping:p-ward-staff:/);
    const unknown = startNode([CLI, 'outbox', 'ping', 'p-nobody'], env);
    expect((await unknown.exited).code).toBe(1);
    const store = SqliteStore.open(dataDir);
    const [key] = await store.outbox.listDue(new Date(Date.now() + 1000).toISOString(), 10).then((due) => due.map((d) => d.key));
    const claim = await store.outbox.claim(key, new Date().toISOString(), 60);
    await store.outbox.markDead(claim!, '404 会話が見つかりません (test)');
    await store.close();
    const status = startNode([CLI, 'outbox'], env);
    expect((await status.exited).code).toBe(0);
    expect(status.output()).toMatch(/送信不能\s+dead\s+1/);
    expect(status.output()).toContain('404 会話が見つかりません (test)');
    const json = startNode([CLI, 'outbox', '--json'], env);
    await json.exited;
    expect(JSON.parse(json.output().trim().split('\n').at(-1)!)).toMatchObject({
      counts: { dead: 1 },
      dead: [{ conversationKey: 'person:p-ward-staff' }],
    });
  });

  it('rejects an unknown command with usage', async () => {
    const cli = startNode([CLI, 'frobnicate'], CLEAN_ENV);
    expect((await cli.exited).code).toBe(2);
    expect(cli.output()).toContain('不明なコマンド: frobnicate');
    expect(cli.output()).toContain('seed');
  });
});

afterAll(() => {
  // temp dirs live under the OS temp folder; nothing to clean in the repository
  expect(fs.existsSync(path.join(ROOT, 'dist', 'bot', 'main.js'))).toBe(true);
});
