import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import { startApp, type RunningApp } from '../../bot/app';
import { ConfigError, loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { ROOT, tempDir } from '../support/processes';

/**
 * Local mode signs nobody in (the demo picker) and checks no Bot Framework token, so it must only
 * be reachable from the developer's own computer: loopback only, JSON only on the bot endpoint
 * (a cross-site form POST once approved an inquiry), and Host/Origin checked against DNS
 * rebinding and cross-site requests from a page in the developer's browser.
 */

const PRODUCTION = {
  APP_MODE: 'production',
  MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppPassword: 'secret',
  MicrosoftAppTenantId: '66666666-7777-4888-9999-000000000000',
  SHAREPOINT_SITE_URL: 'https://sakura.sharepoint.com/sites/renkei',
  GRAPH_USE_MANAGED_IDENTITY: 'true',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1', '[::1]'];
/** Addresses and names that reach beyond this computer. */
const networkHost = fc.oneof(
  fc.constant('0.0.0.0'),
  fc.constant('::'),
  fc
    .tuple(
      fc.integer({ min: 1, max: 223 }).filter((n) => n !== 127),
      fc.nat(255),
      fc.nat(255),
      fc.nat(255),
    )
    .map((parts) => parts.join('.')),
  fc.domain().filter((name) => name !== 'localhost'),
);

describe('local mode configuration', () => {
  it('refuses to start on any address reachable from the network, naming HOST', () => {
    fc.assert(
      fc.property(networkHost, (host) => {
        const problems = problemsOf({ HOST: host });
        expect(problems).toEqual([expect.stringMatching(/^HOST: .*(loopback only|127\.0\.0\.1)/)]);
      }),
    );
    for (const host of LOOPBACK) expect(problemsOf({ HOST: host })).toEqual([]);
  });

  it('lets production listen on the network', () => {
    expect(problemsOf({ ...PRODUCTION, HOST: '0.0.0.0' }).filter((problem) => problem.startsWith('HOST'))).toEqual([]);
    expect(loadConfig(PRODUCTION).host).toBe('0.0.0.0');
  });

  it('loads the demo data by default only in local mode', () => {
    expect(loadConfig({}).demoData).toBe(true);
    expect(loadConfig(PRODUCTION).demoData).toBe(false);
    expect(loadConfig({ ...PRODUCTION, APP_DEMO_DATA: '1' }).demoData).toBe(true);
  });
});

describe('the container image', () => {
  it('runs production mode by default, so publishing its port never exposes local mode', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const env = runtime.match(/^ENV [\s\S]*?[^\\]$/m)?.[0] ?? '';
    expect(env).toMatch(/\bAPP_MODE=production\b/);
    expect(dockerfile).not.toMatch(/APP_MODE=local/);
    expect(dockerfile).not.toMatch(/^ENV [^\n]*HOST=0\.0\.0\.0/m);
  });
});

describe('local mode server', () => {
  let app: RunningApp;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    dataDir = tempDir('renkei-local-network-');
    const config = loadConfig({ APP_DATA_DIR: dataDir, CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' });
    config.port = 0;
    app = await startApp(config, silentLogger);
    port = Number(new URL(app.url).port);
  });
  afterAll(async () => {
    await app?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A request with exactly these headers (fetch would set Host itself). */
  function send(method: string, urlPath: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port, path: urlPath, method, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      request.once('error', reject);
      request.end(body);
    });
  }
  const local = () => ({ Host: `127.0.0.1:${port}` });

  it('accepts only JSON on /api/messages: a form post is refused before any turn', async () => {
    const forms = fc.record({
      contentType: fc.constantFrom(
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/jsonx',
      ),
      verb: fc.constantFrom('inquiry.approve', 'inquiry.list', 'checkin.submit'),
    });
    await fc.assert(
      fc.asyncProperty(forms, async ({ contentType, verb }) => {
        const body = `type=invoke&name=adaptiveCard%2Faction&serviceUrl=http%3A%2F%2Fevil.example&value%5Baction%5D%5Bverb%5D=${verb}&conversation%5Bid%5D=x`;
        const response = await send('POST', '/api/messages', { ...local(), 'Content-Type': contentType }, body);
        expect(response.status).toBe(415);
        expect(JSON.parse(response.body).error.message).toContain('JSON');
      }),
      { numRuns: 20 },
    );
    const json = await send('POST', '/api/messages', { ...local(), 'Content-Type': 'application/json; charset=utf-8' }, '{}');
    expect(json.status).toBe(400); // judged on its content
  });

  it('refuses a Host header naming another site (DNS rebinding) on every path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.domain().filter((name) => name !== 'localhost'),
        fc.constantFrom('/healthz', '/api/me', '/api/dev/people', '/tab/', '/api/messages'),
        fc.boolean(),
        async (name, urlPath, withPort) => {
          const response = await send(
            urlPath === '/api/messages' ? 'POST' : 'GET',
            urlPath,
            { Host: withPort ? `${name}:${port}` : name, Authorization: 'Demo p-admin', 'Content-Type': 'application/json' },
            urlPath === '/api/messages' ? '{}' : '',
          );
          expect(response.status).toBe(403);
          expect(JSON.parse(response.body).error.code).toBe('HostNotAllowed');
        },
      ),
      { numRuns: 30 },
    );
    for (const host of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]']) {
      expect((await send('GET', '/api/me', { Host: `${host}:${port}`, Authorization: 'Demo p-admin' })).status).toBe(200);
    }
  });

  it('refuses an API request sent from another site’s page (Origin), but not the app’s own', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.webUrl({ validSchemes: ['http', 'https'] }).map((url) => new URL(url).origin),
          fc.constant('null'),
        ),
        async (origin) => {
          fc.pre(!['localhost', '127.0.0.1', '[::1]'].includes(origin === 'null' ? '' : new URL(origin).hostname));
          const response = await send('POST', '/api/messages', { ...local(), Origin: origin, 'Content-Type': 'application/json' }, '{}');
          expect(response.status).toBe(403);
          expect(JSON.parse(response.body).error.code).toBe('OriginNotAllowed');
          expect((await send('GET', '/api/me', { ...local(), Origin: origin, Authorization: 'Demo p-admin' })).status).toBe(403);
        },
      ),
      { numRuns: 30 },
    );
    expect((await send('GET', '/api/me', { ...local(), Origin: `http://localhost:${port}`, Authorization: 'Demo p-admin' })).status).toBe(
      200,
    );
    expect((await send('GET', '/api/me', { ...local(), Authorization: 'Demo p-admin' })).status).toBe(200);
  });
});
