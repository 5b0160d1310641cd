/**
 * Sliding-window limits as Teams documents them (e.g. per conversation 7 per 1 s, 8 per 2 s,
 * 60 per 30 s, 1,800 per hour): a send may go when, in every window, fewer than `limit`
 * sends happened in the last `windowMs`. One limiter instance tracks many keys.
 */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export class SlidingWindowLimiter {
  private readonly sends = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly longestWindowMs: number;

  /** marginMs keeps a little distance from each window's edge to absorb network jitter. */
  constructor(private readonly windows: RateWindow[], private readonly marginMs = 0) {
    this.longestWindowMs = Math.max(0, ...windows.map((w) => w.windowMs));
  }

  /** The earliest time (ms) at or after `now` when a send for `key` may go. */
  nextAllowedAt(key: string, now: number): number {
    let earliest = Math.max(now, this.pausedUntil.get(key) ?? 0);
    const log = this.trimmed(key, now);
    for (const { limit, windowMs } of this.windows) {
      if (log.length >= limit) earliest = Math.max(earliest, log[log.length - limit] + windowMs + this.marginMs);
    }
    return earliest;
  }

  record(key: string, at: number): void {
    const log = this.sends.get(key);
    if (log) log.push(at);
    else this.sends.set(key, [at]);
  }

  /** After a 429: nothing more for this key until `until` (the server's Retry-After). */
  pause(key: string, until: number): void {
    this.pausedUntil.set(key, Math.max(until, this.pausedUntil.get(key) ?? 0));
  }

  private trimmed(key: string, now: number): number[] {
    const log = this.sends.get(key);
    if (!log) return [];
    let drop = 0;
    while (drop < log.length && log[drop] <= now - this.longestWindowMs - this.marginMs) drop += 1;
    if (drop > 0) log.splice(0, drop);
    if (log.length === 0) this.sends.delete(key);
    if ((this.pausedUntil.get(key) ?? Infinity) < now) this.pausedUntil.delete(key);
    return log;
  }
}

/** Parses "7/1,8/2,60/30,1800/3600" (sends per seconds) into windows. */
export function parseRateWindows(text: string): RateWindow[] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) throw new RangeError(`"${part}" は「回数/秒数」ではありません (expected sends/seconds such as 7/1)`);
    return { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 };
  });
}

/**
 * The shortest time in which `count` sends to one key can go under the windows, sending
 * each as early as the windows allow: the benchmark's theoretical minimum.
 */
export function minimumDurationMs(count: number, windows: RateWindow[]): number {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    let t = i === 0 ? 0 : times[i - 1];
    for (const { limit, windowMs } of windows) if (i >= limit) t = Math.max(t, times[i - limit] + windowMs);
    times.push(t);
  }
  return times.at(-1) ?? 0;
}
