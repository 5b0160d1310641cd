export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * Requests per key (a user, an IP address) in a sliding window, in this process's memory: with
 * several instances each applies it on its own, which still stops one caller from flooding any
 * of them. The map's insertion order is kept as least-recently-used first (a key is moved to the
 * end on each request), so forgetting expired keys and, when full, the least recently used one
 * costs O(1) per request, and a flood of spoofed keys cannot push out a key in active use.
 */
export class RequestRateLimiter {
  private readonly hits = new Map<string, { times: number[]; lastSeen: number }>();

  constructor(
    private readonly rule: RateLimit,
    private readonly maxKeys = 50_000,
  ) {}

  /** Counts one request; when over the limit, the seconds until the next one would be allowed. */
  take(key: string, now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const windowMs = this.rule.windowSeconds * 1000;
    const entry = this.hits.get(key);
    const recent = (entry?.times ?? []).filter((at) => at > now - windowMs);
    if (entry) this.hits.delete(key);
    this.forgetStale(now - windowMs);
    const verdict =
      recent.length >= this.rule.limit
        ? {
            allowed: false as const,
            retryAfterSeconds: Math.max(1, Math.ceil((recent[recent.length - this.rule.limit] + windowMs - now) / 1000)),
          }
        : undefined;
    if (!verdict) recent.push(now);
    this.hits.set(key, { times: recent, lastSeen: now });
    return verdict ?? { allowed: true };
  }

  /** From the least recently seen: keys idle for a whole window, then (when full) the oldest one. */
  private forgetStale(horizon: number) {
    for (const [key, entry] of this.hits) {
      if (entry.lastSeen > horizon && this.hits.size < this.maxKeys) break;
      this.hits.delete(key);
    }
  }
}

/** "240/60" → 240 requests per 60 seconds. */
export function parseRateLimit(text: string): RateLimit {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1)
    throw new Error(`"${text}" は「回数/秒」の形で指定してください（例：240/60） (use requests/seconds, e.g. 240/60)`);
  return { limit: Number(match[1]), windowSeconds: Number(match[2]) };
}
