import fs from 'node:fs';
import path from 'node:path';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { jsonOf, ROOT, tempDir } from '../support/processes';

/** The real server in-process on a free port with a real SQLite file and the built tab. */
describe('HTTP server', () => {
  let app: RunningApp;
  let dataDir: string;
  const url = (p: string) => `${app.url}${p}`;
  const demo = (personId: string) => ({ Authorization: `Demo ${personId}` });

  beforeAll(async () => {
    dataDir = tempDir('renkei-server-');
    const config = loadConfig({ APP_DATA_DIR: dataDir });
    config.port = 0; // let the OS choose
    app = await startApp(config, silentLogger);
  });

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports health with version and store status', async () => {
    const response = await fetch(url('/healthz'));
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(body).toMatchObject({ status: 'ok', version, mode: 'local', store: { reachable: true }, degraded: [] });
    expect(JSON.stringify(body)).not.toContain(dataDir); // unauthenticated: reasons, never paths (issue 18)
  });

  it('loads the demo data on first start', async () => {
    const body = await jsonOf(fetch(url('/api/dev/people')));
    expect(body.people).toHaveLength(6);
    expect(body.people.map((p: { id: string }) => p.id)).toContain('p-ward-staff');
    // The sign-in picker lists HQ before the wards, each office and section together.
    expect(body.people.map((p: { department: string }) => p.department)).toEqual([
      '健康福祉局 保険年金課',
      '健康福祉局 保険年金課',
      '総務局 DX推進課',
      '総務局 DX推進課',
      '北区役所 保険年金課',
      '北区役所 保険年金課',
    ]);
  });

  it('resolves the caller from the demo sign-in and refuses everyone else', async () => {
    const me = await jsonOf(fetch(url('/api/me'), { headers: demo('p-hq-approver') }));
    expect(me).toMatchObject({
      person: { displayName: '高橋 直子' },
      department: { id: 'hq-hoken-nenkin', kind: 'hq' },
      roles: ['staff', 'responder', 'approver'],
    });
    // The initiatives she owns, which the tab links under 担当施策.
    expect(me.initiatives.map((i: { code: string }) => i.code).sort()).toEqual(['A1-3', 'B1-5a']);
    for (const headers of [{}, demo('nobody'), { Authorization: 'Bearer abc.def.ghi' }, { Authorization: 'Demo ../../etc' }]) {
      const response = await fetch(url('/api/me'), { headers });
      expect(response.status).toBe(401);
      expect((await jsonOf(response)).error.code).toMatch(/Unauthenticated|UnknownPerson/);
    }
  });

  it('lists departments for a signed-in user', async () => {
    const body = await jsonOf(fetch(url('/api/departments'), { headers: demo('p-ward-staff') }));
    expect(body.departments.length).toBeGreaterThanOrEqual(10);
    expect(body.departments.some((d: { kind: string }) => d.kind === 'ward')).toBe(true);
    // Every department says which 分野 it handles (the お知らせ form's 分野 audience), [] when none.
    expect(body.departments.every((d: { categories: unknown }) => Array.isArray(d.categories))).toBe(true);
    expect(body.departments.find((d: { id: string }) => d.id === 'ward-kita-hoken-nenkin').categories).toContain('国民健康保険');
  });

  it.each([
    ['not JSON', 'application/json', '{"type": "message"', 400],
    ['an array', 'application/json', '[]', 400],
    ['an activity without type', 'application/json', '{"text":"hi"}', 400],
    ['a non-object conversation', 'application/json', '{"type":"message","conversation":"x"}', 400],
    ['plain text', 'text/plain', 'hello', 415],
  ])('answers a malformed activity (%s) with a clear 4xx and keeps serving', async (_name, contentType, body, status) => {
    const response = await fetch(url('/api/messages'), { method: 'POST', headers: { 'Content-Type': contentType }, body });
    expect(response.status).toBe(status);
    const error = (await jsonOf(response)).error;
    expect(error.message.length).toBeGreaterThan(5);
    expect((await fetch(url('/healthz'))).status).toBe(200);
  });

  it('refuses a body over the size limit with 413', async () => {
    const body = JSON.stringify({ type: 'message', text: 'あ'.repeat(600_000) });
    const response = await fetch(url('/api/messages'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(response.status).toBe(413);
    expect((await jsonOf(response)).error.message).toContain('大きすぎます');
  });

  it('serves the built tab under /tab/ and never a file outside it', async () => {
    const page = await fetch(url('/tab/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors');
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    const script = /src="(\/tab\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(url(script as string));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(url('/tab/some/route'))).status).toBe(200); // the tab's own routes get index.html
    for (const sneaky of [
      '/tab/..%2fpackage.json',
      '/tab/%2e%2e/%2e%2e/package.json',
      '/tab/assets/..%2f..%2f..%2fpackage.json',
      '/tab/assets/missing.js',
    ]) {
      const response = await fetch(url(sneaky));
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('"dependencies"');
    }
  });

  it('shows the outbox to the PMO and refuses ward staff', async () => {
    const report = await jsonOf(fetch(url('/api/outbox'), { headers: demo('p-pmo') }));
    expect(report.counts).toEqual({ pending: 0, sending: 0, sent: 0, failed: 0, dead: 0 });
    expect(report.dead).toEqual([]);
    const refused = await fetch(url('/api/outbox'), { headers: demo('p-ward-staff') });
    expect(refused.status).toBe(403);
    expect((await jsonOf(refused)).error.message).toContain('PMO');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const response = await fetch(url('/api/nothing-here'));
    expect(response.status).toBe(404);
    expect((await jsonOf(response)).error.message).toContain('見つかりません');
  });
});
