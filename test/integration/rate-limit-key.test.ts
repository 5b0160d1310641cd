import fs from 'node:fs';
import fc from 'fast-check';
import type { Request } from 'restify';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { RequestRateLimiter } from '../../bot/platform/request-rate-limit';
import { clientAddress } from '../../bot/server/client-address';
import { tempDir } from '../support/processes';

/**
 * Behind App Service's front end the caller's address is the X-Forwarded-For entry the front end
 * appended: the last one. Everything before it is whatever the client sent, so keying the per-IP
 * limit on the first entry let one client pick a fresh key for every request.
 */

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
const ipv6 = fc.ipV6();
const port = fc.integer({ min: 1, max: 65535 });
/** What a proxy appends (App Service adds the client port) and the address it stands for. */
const appended = fc.oneof(
  ipv4.map((ip) => ({ entry: ip, address: ip })),
  fc.tuple(ipv4, port).map(([ip, p]) => ({ entry: `${ip}:${p}`, address: ip })),
  ipv6.map((ip) => ({ entry: ip, address: ip })),
  fc.tuple(ipv6, port).map(([ip, p]) => ({ entry: `[${ip}]:${p}`, address: ip })),
);
/** Anything a client may put in front: addresses, junk, empty entries. */
const clientChosen = fc.array(
  fc.oneof(
    ipv4,
    ipv6,
    fc.string({ maxLength: 30 }).map((s) => s.replace(/,/g, '')),
  ),
  { maxLength: 5 },
);

const requestWith = (forwardedFor: string | undefined, remoteAddress = '10.0.0.9') =>
  ({
    header: (name: string) => (name.toLowerCase() === 'x-forwarded-for' ? forwardedFor : undefined),
    socket: { remoteAddress },
  }) as unknown as Request;

describe('the caller’s address for the per-IP limit', () => {
  it('is the entry the trusted proxy appended, whatever the client put before it', () => {
    fc.assert(
      fc.property(clientChosen, appended, fc.constantFrom(',', ', ', ' , '), (chosen, last, separator) => {
        expect(clientAddress(requestWith([...chosen, last.entry].join(separator)), true)).toBe(last.address);
      }),
    );
  });

  it('is the socket’s address when forwarding is not trusted or the header is absent', () => {
    fc.assert(
      fc.property(clientChosen, appended, (chosen, last) => {
        expect(clientAddress(requestWith([...chosen, last.entry].join(',')), false)).toBe('10.0.0.9');
      }),
    );
    expect(clientAddress(requestWith(undefined), true)).toBe('10.0.0.9');
    expect(clientAddress(requestWith(' '), true)).toBe('10.0.0.9');
  });
});

describe('request rate limiter at its key limit', () => {
  it('keeps counting a key in use while a flood of other keys fills the table (least recently used go first)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 1, max: 5 }), (maxKeys, limit) => {
        const limiter = new RequestRateLimiter({ limit, windowSeconds: 60 }, maxKeys);
        let now = 0;
        for (let i = 0; i < limit; i++) expect(limiter.take('abuser', now++).allowed).toBe(true);
        // Between its own requests the abuser sends from fresh keys, fewer than the table holds, so
        // its key is never the least recently used; over the rounds the table fills many times over.
        for (let round = 0; round < 10; round++) {
          for (let i = 0; i < maxKeys - 1; i++) limiter.take(`spoofed-${round}-${i}`, now++);
          expect(limiter.take('abuser', now++).allowed).toBe(false);
        }
        expect((limiter as unknown as { hits: Map<string, unknown> }).hits.size).toBeLessThanOrEqual(maxKeys);
      }),
    );
  });

  it('forgets a key once its window has passed', () => {
    const limiter = new RequestRateLimiter({ limit: 1, windowSeconds: 1 }, 10);
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 500).allowed).toBe(false);
    expect(limiter.take('a', 1001).allowed).toBe(true);
  });
});

describe('per-IP limit behind a trusted proxy (real server)', () => {
  let app: RunningApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir('renkei-xff-');
    const config = loadConfig({
      APP_DATA_DIR: dataDir,
      API_RATE_PER_IP: '5/60',
      TRUST_X_FORWARDED_FOR: '1',
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

  it('counts one caller once however it varies the entries before the proxy’s', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await fetch(`${app.url}/api/me`, {
        headers: { Authorization: 'Demo p-ward-staff', 'X-Forwarded-For': `198.51.100.${i}, 203.0.113.7:5${i}123` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // Another caller behind the same proxy is not slowed down.
    expect(
      (
        await fetch(`${app.url}/api/me`, {
          headers: { Authorization: 'Demo p-ward-staff', 'X-Forwarded-For': '198.51.100.1, 203.0.113.8:1234' },
        })
      ).status,
    ).toBe(200);
  });
});
