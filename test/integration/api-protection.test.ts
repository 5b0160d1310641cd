import fs from 'node:fs';
import { apiRoutes } from '../../bot/api-routes';
import { startApp, type RunningApp } from '../../bot/app';
import { authorize, ROLE_ACTIONS, type RoleAction } from '../../bot/platform/authorization';
import { loadConfig, type Config } from '../../bot/platform/config';
import { resolveActorByPersonId, type Actor } from '../../bot/platform/identity';
import { silentLogger } from '../../bot/platform/logger';
import { RequestRateLimiter } from '../../bot/platform/request-rate-limit';
import type { RulingSearch } from '../../bot/rulings/search/ruling-search';
import type { ApiRoute } from '../../bot/server/api-route';
import { createServer } from '../../bot/server/create-server';
import type { Store } from '../../bot/store/ports';
import { jsonOf, tempDir } from '../support/processes';

describe('request rate limiter', () => {
  it('allows the limit within the window, then says how long to wait, per key', () => {
    const limiter = new RequestRateLimiter({ limit: 3, windowSeconds: 10 });
    expect([0, 1000, 2000].map((t) => limiter.take('a', t).allowed)).toEqual([true, true, true]);
    expect(limiter.take('a', 2500)).toEqual({ allowed: false, retryAfterSeconds: 8 });
    expect(limiter.take('b', 2500).allowed).toBe(true);
    expect(limiter.take('a', 10_001).allowed).toBe(true); // the first request left the window
  });

  it('forgets old keys so a flood of distinct keys cannot grow it without bound', () => {
    const limiter = new RequestRateLimiter({ limit: 1, windowSeconds: 1 }, 100);
    for (let i = 0; i < 10_000; i++) limiter.take(`ip-${i}`, i);
    expect((limiter as unknown as { hits: Map<string, number[]> }).hits.size).toBeLessThanOrEqual(100);
  });
});

/** The JSON API's limits and headers on the real server. */
describe('API protection', () => {
  let app: RunningApp;
  let dataDir: string;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers });

  beforeAll(async () => {
    dataDir = tempDir('renkei-protection-');
    const config = loadConfig({
      APP_DATA_DIR: dataDir,
      API_RATE_PER_USER: '5/60',
      API_RATE_PER_IP: '12/60',
      CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
      INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
    });
    config.port = 0;
    app = await startApp(config, silentLogger);
  });
  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 429 with Retry-After to a user over their limit, without slowing another user', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get('/api/me', { Authorization: 'Demo p-ward-staff' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await get('/api/me', { Authorization: 'Demo p-ward-staff' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await jsonOf(refused)).error.code).toBe('TooManyRequests');
    expect((await get('/api/me', { Authorization: 'Demo p-pmo' })).status).toBe(200);
  });

  it('limits one address across users and anonymous routes, but never the bot endpoint or health', async () => {
    let status = 200;
    for (let i = 0; i < 12 && status !== 429; i++) status = (await get('/api/rulings?q=国保')).status;
    expect(status).toBe(429);
    expect((await get('/healthz')).status).toBe(200);
    const bot = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(bot.status).toBe(400); // judged on its content, not throttled
  });

  it('sends security headers everywhere and a strict CSP with Teams-only framing on the tab', async () => {
    const health = await get('/healthz');
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('referrer-policy')).toBe('no-referrer');
    expect(health.headers.get('access-control-allow-origin')).toBeNull(); // CORS closed
    const tab = await get('/tab/');
    const csp = tab.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
    expect(csp).not.toContain('*;');
    const preflight = await fetch(`${app.url}/api/me`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

/** Who may call each route is declared by the route and applied by the server, once. */
describe('declared route access', () => {
  let app: RunningApp;
  let dataDir: string;
  let config: Config;
  const DEMO_PEOPLE = ['p-ward-staff', 'p-ward-manager', 'p-hq-responder', 'p-hq-approver', 'p-pmo', 'p-admin'];
  const get = (path: string, personId?: string) =>
    fetch(`${app.url}${path}`, { headers: personId ? { Authorization: `Demo ${personId}` } : {} });
  /** The routes as the app builds them; building reads only the mode, so the store and search are never touched. */
  const routesIn = (mode: Config['mode']) =>
    apiRoutes({
      config: { ...config, mode },
      store: {} as Store,
      search: {} as RulingSearch,
      logger: silentLogger,
      now: () => new Date(),
      tabUrl: '',
      nudge: () => undefined,
    });
  const samplePath = (route: ApiRoute) => route.path.replace(':code', 'KK-01').replace(':number', 'Q-R8-0001').replace(':id', 'R-0001');

  beforeAll(async () => {
    dataDir = tempDir('renkei-route-access-');
    config = loadConfig({
      APP_DATA_DIR: dataDir,
      API_RATE_PER_USER: '3/60',
      API_RATE_PER_IP: '100000/60',
      CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
      INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
    });
    config.port = 0;
    app = await startApp(config, silentLogger);
  });
  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('has every route declare its access, anonymous only for the local sign-in picker', () => {
    for (const mode of ['local', 'production'] as const) {
      const routes = routesIn(mode);
      expect(routes.length).toBeGreaterThan(10);
      for (const route of routes) expect(['anonymous', 'optional-user', 'user', ...ROLE_ACTIONS]).toContain(route.auth);
      const open = routes.filter((route) => route.auth === 'anonymous' || route.auth === 'optional-user').map((route) => route.path);
      expect(open).toEqual(
        mode === 'local'
          ? [
              '/api/dev/people',
              '/api/rulings',
              '/api/rulings/search',
              '/api/rulings/facets',
              '/api/rulings/:id',
              '/api/manuals/search',
              '/api/manuals',
            ]
          : [],
      );
    }
  });

  it('refuses to serve a route that declares no access', () => {
    const undeclared = { method: 'get', path: '/api/undeclared', handle: async () => ({ secret: true }) } as unknown as ApiRoute;
    const deps = { routes: [undeclared], logger: silentLogger, tabDir: dataDir } as unknown as Parameters<typeof createServer>[0];
    expect(() => createServer(deps)).toThrow(/\/api\/undeclared declares no valid access/);
  });

  it('answers every signed-in route with 401 before its handler when nobody signs in', async () => {
    const signedIn = routesIn('local').filter((route) => route.auth !== 'anonymous' && route.auth !== 'optional-user');
    for (const route of signedIn) {
      const response = await fetch(`${app.url}${samplePath(route)}`, {
        method: route.method === 'del' ? 'DELETE' : route.method.toUpperCase(),
      });
      expect([route.path, response.status]).toEqual([route.path, 401]);
      expect(Object.keys(await jsonOf(response))).toEqual(['error']);
    }
  });

  it('limits per user a rulings reader who signs in (the rulings once authenticated themselves, unlimited)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/api/rulings?q=国保', 'p-hq-responder')).status);
    const refused = await get('/api/manuals', 'p-hq-responder'); // one budget per user across routes
    expect([...statuses, refused.status]).toEqual([200, 200, 200, 429]);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await jsonOf(refused)).error.code).toBe('TooManyRequests');
    expect((await get('/api/rulings/facets', 'p-hq-approver')).status).toBe(200); // another user is not slowed
    expect((await get('/api/rulings?q=国保')).status).toBe(200); // local mode: the demo rulings stay readable without signing in
    expect((await get('/api/rulings?q=国保', 'p-nobody')).status).toBe(401); // credentials sent are checked
  });

  it('refuses a role-declared route to any other role with 403 and nothing of the answer', async () => {
    const actors = new Map<string, Actor>();
    for (const id of DEMO_PEOPLE) {
      const resolution = await resolveActorByPersonId(app.store, id);
      if (resolution.kind !== 'known') throw new Error(`demo person ${id} missing`);
      actors.set(id, resolution.actor);
    }
    const roleRoutes = routesIn('local').filter((route): route is ApiRoute & { auth: RoleAction } =>
      (ROLE_ACTIONS as readonly string[]).includes(route.auth),
    );
    expect(roleRoutes.map((route) => route.path).sort()).toEqual([
      '/api/analytics',
      '/api/checkins/cycles',
      '/api/checkins/export',
      '/api/notices',
      '/api/outbox',
      '/api/surveys',
      '/api/synonyms/candidates',
      '/api/synonyms/decisions',
    ]);
    const uses = new Map<string, number>();
    for (const route of roleRoutes) {
      const refusedIds = DEMO_PEOPLE.filter((id) => !authorize(actors.get(id)!, route.auth).allowed);
      const allowedIds = DEMO_PEOPLE.filter((id) => authorize(actors.get(id)!, route.auth).allowed);
      expect(refusedIds.length).toBeGreaterThan(0);
      expect(allowedIds.length).toBeGreaterThan(0);
      // The people no earlier test here spent requests as (the two ward people, and the PMO where
      // refused) take turns, the least used first, staying under this app's 3-a-minute user limit.
      const candidates = refusedIds.filter((id) => id.startsWith('p-ward-') || id === 'p-pmo');
      expect(candidates.length).toBeGreaterThan(0);
      const refusedId = candidates.reduce((least, id) => ((uses.get(id) ?? 0) < (uses.get(least) ?? 0) ? id : least));
      uses.set(refusedId, (uses.get(refusedId) ?? 0) + 1);
      // Bad parameters too: the role is checked before the handler reads them.
      const refused = await fetch(`${app.url}${route.path}?fy=bad&q=9&format=exe&department=x`, {
        method: route.method.toUpperCase(),
        headers: { Authorization: `Demo ${refusedId}`, ...(route.method === 'post' ? { 'Content-Type': 'application/json' } : {}) },
        body: route.method === 'post' ? '{"kind":"bad"}' : undefined,
      });
      expect([route.path, refusedId, refused.status]).toEqual([route.path, refusedId, 403]);
      expect(refused.headers.get('content-disposition')).toBeNull();
      const body = await jsonOf(refused);
      expect(body).toEqual({ error: { code: 'Forbidden', message: expect.stringContaining('(forbidden)') } });
    }
    expect((await get('/api/outbox', 'p-admin')).status).toBe(200);
  });
});
