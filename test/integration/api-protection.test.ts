import fs from 'node:fs';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { RequestRateLimiter } from '../../bot/platform/request-rate-limit';
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
    const config = loadConfig({ APP_DATA_DIR: dataDir, API_RATE_PER_USER: '5/60', API_RATE_PER_IP: '12/60', CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' });
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
    const preflight = await fetch(`${app.url}/api/me`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
