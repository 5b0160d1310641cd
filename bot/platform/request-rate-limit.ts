export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * Requests per key (a user, an IP address) in a sliding window, in this process's memory: with
 * several instances each applies it on its own, which still stops one caller from flooding any
 * of them. Keys are swept once their window has passed, so spoofed keys cannot grow it forever.
 */
export class RequestRateLimiter {
  private readonly hits = new Map<string, number[]>();
  private taken = 0;

  constructor(private readonly rule: RateLimit, private readonly maxKeys = 50_000) {}

  /** Counts one request; when over the limit, the seconds until the next one would be allowed. */
  take(key: string, now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const windowMs = this.rule.windowSeconds * 1000;
    if (++this.taken % 1000 === 0 || this.hits.size >= this.maxKeys) this.sweep(now - windowMs);
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - windowMs);
    if (recent.length >= this.rule.limit) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[recent.length - this.rule.limit] + windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true };
  }

  private sweep(horizon: number) {
    for (const [key, times] of this.hits) if ((times.at(-1) ?? 0) <= horizon) this.hits.delete(key);
    // Still full (a flood of distinct keys): forget the oldest keys rather than grow without bound.
    for (const key of this.hits.keys()) {
      if (this.hits.size < this.maxKeys) break;
      this.hits.delete(key);
    }
  }
}

/** "240/60" → 240 requests per 60 seconds. */
export function parseRateLimit(text: string): RateLimit {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new Error(`"${text}" は「回数/秒」の形で指定してください（例：240/60） (use requests/seconds, e.g. 240/60)`);
  return { limit: Number(match[1]), windowSeconds: Number(match[2]) };
}
