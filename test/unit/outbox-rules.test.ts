import { classifyDeliveryError, DeliveryError, parseRetryAfter, retryDelayMs } from '../../bot/platform/outbox/delivery';
import { minimumDurationMs, parseRateWindows, SlidingWindowLimiter } from '../../bot/platform/outbox/rate-limiter';

const TEAMS = parseRateWindows('7/1,8/2,60/30,1800/3600');

describe('sliding-window limiter', () => {
  it('allows 7 sends in a second, then the 8th after the 1-second window, then waits for the 2-second window', () => {
    const limiter = new SlidingWindowLimiter(TEAMS);
    for (let i = 0; i < 7; i++) {
      expect(limiter.nextAllowedAt('c', 0)).toBe(0);
      limiter.settle(limiter.record('c', 0), 0);
    }
    expect(limiter.nextAllowedAt('c', 0)).toBe(1000);
    limiter.settle(limiter.record('c', 1000), 1000);
    expect(limiter.nextAllowedAt('c', 1000)).toBe(2000); // 8 per 2 s
    expect(limiter.nextAllowedAt('other', 1000)).toBe(1000); // keys are independent
  });

  it('counts a send at its answer, and one still in flight as now', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, windowMs: 1000 }]);
    const send = limiter.record('c', 0);
    expect(limiter.nextAllowedAt('c', 500)).toBe(1500); // in flight: as if sent at 500
    limiter.settle(send, 300);
    expect(limiter.nextAllowedAt('c', 500)).toBe(1300);
  });

  it('keeps the margin from the window edge and honours a pause', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, windowMs: 1000 }], 25);
    limiter.settle(limiter.record('c', 0), 0);
    expect(limiter.nextAllowedAt('c', 10)).toBe(1025);
    limiter.pause('c', 5000);
    expect(limiter.nextAllowedAt('c', 2000)).toBe(5000);
    expect(limiter.nextAllowedAt('c', 6000)).toBe(6000);
  });

  it('forgets sends older than the longest window', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 2, windowMs: 1000 }]);
    limiter.settle(limiter.record('c', 0), 0);
    limiter.settle(limiter.record('c', 0), 0);
    expect(limiter.nextAllowedAt('c', 999)).toBe(1000);
    expect(limiter.nextAllowedAt('c', 1001)).toBe(1001);
  });

  it('computes the theoretical minimum for sends to one conversation', () => {
    expect(minimumDurationMs(7, TEAMS)).toBe(0);
    expect(minimumDurationMs(8, TEAMS)).toBe(1000);
    expect(minimumDurationMs(9, TEAMS)).toBe(2000);
    expect(minimumDurationMs(60, TEAMS)).toBe(14000); // 8 per 2 s after the first burst
    expect(minimumDurationMs(61, TEAMS)).toBe(30000);
    expect(minimumDurationMs(2000, parseRateWindows('50/1'))).toBe(39000);
  });

  it('parses rate settings and names a bad one', () => {
    expect(parseRateWindows('50/1')).toEqual([{ limit: 50, windowMs: 1000 }]);
    expect(parseRateWindows(' 60 / 30 , 1800/3600')).toEqual([
      { limit: 60, windowMs: 30000 },
      { limit: 1800, windowMs: 3600000 },
    ]);
    expect(() => parseRateWindows('fast')).toThrow('"fast"');
    expect(() => parseRateWindows('0/1')).toThrow();
  });
});

describe('what to do after a failed send', () => {
  it.each([
    [429, 'throttled'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [408, 'retry'],
    [401, 'retry'],
    [403, 'dead'],
    [404, 'dead'],
    [400, 'dead'],
    [413, 'dead'],
  ])('HTTP %i → %s', (status, kind) => {
    expect(classifyDeliveryError(new DeliveryError('x', status)).kind).toBe(kind);
  });

  it('retries network errors and honours the server’s Retry-After', () => {
    expect(classifyDeliveryError(new Error('ECONNRESET'))).toMatchObject({ kind: 'retry', reason: expect.stringContaining('ECONNRESET') });
    expect(classifyDeliveryError(new DeliveryError('slow down', 429, 7000))).toMatchObject({ kind: 'throttled', retryAfterMs: 7000 });
    expect(classifyDeliveryError(new DeliveryError('slow down', 429))).toMatchObject({ retryAfterMs: 1000 });
    expect(
      classifyDeliveryError(new DeliveryError('gone', 404)).kind === 'dead' && classifyDeliveryError(new DeliveryError('gone', 404)),
    ).toMatchObject({ reason: expect.stringContaining('会話が見つかりません') });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter('Mon, 23 Nov 2026 00:00:10 GMT', Date.parse('2026-11-23T00:00:00Z'))).toBe(10000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped', () => {
    const options = { baseMs: 1000, capMs: 60_000 };
    expect(retryDelayMs(1, options, () => 0)).toBe(500);
    expect(retryDelayMs(1, options, () => 1)).toBe(1000);
    expect(retryDelayMs(3, options, () => 1)).toBe(4000);
    expect(retryDelayMs(20, options, () => 1)).toBe(60_000);
    expect(retryDelayMs(20, options, () => 0)).toBe(30_000);
  });
});
