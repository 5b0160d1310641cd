import { ExpiringCache } from '../../bot/store/kit/expiring-cache';

describe('ExpiringCache (e.g. the directory kept between turns)', () => {
  it('reads once within its time, again after it, and at once after invalidate', async () => {
    let clock = 0;
    let reads = 0;
    const cache = new ExpiringCache<number>(60_000, () => clock);
    const load = async () => ++reads;
    expect(await cache.get(load)).toBe(1);
    clock = 59_000;
    expect(await cache.get(load)).toBe(1); // another instance's change is not seen yet
    clock = 60_001;
    expect(await cache.get(load)).toBe(2);
    cache.invalidate();
    expect(await cache.get(load)).toBe(3);
  });

  it('does not keep a failed read: the next lookup asks again', async () => {
    const cache = new ExpiringCache<string>(60_000, () => 0);
    await expect(cache.get(async () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect(await cache.get(async () => 'ok')).toBe('ok');
  });

  it('serves the last value read when a new read meets an outage, and only then', async () => {
    let clock = 0;
    const outage = (error: unknown) => (error as Error).message === '503';
    const cache = new ExpiringCache<string>(1_000, () => clock, outage);
    await expect(cache.get(async () => Promise.reject(new Error('503')))).rejects.toThrow('503'); // nothing read yet: nothing to serve
    expect(await cache.get(async () => 'roster v1')).toBe('roster v1');
    clock = 2_000;
    expect(await cache.get(async () => Promise.reject(new Error('503')))).toBe('roster v1');
    cache.invalidate();
    await expect(cache.get(async () => Promise.reject(new Error('400 bad request')))).rejects.toThrow('400'); // a refusal is not an outage
    expect(await cache.get(async () => 'roster v2')).toBe('roster v2');
  });
});
