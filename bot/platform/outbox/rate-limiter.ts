/**
 * Sliding-window limits as Teams documents them (e.g. per conversation 7 per 1 s, 8 per 2 s,
 * 60 per 30 s, 1,800 per hour): a send may go when, in every window, fewer than `limit`
 * sends happened in the last `windowMs`. One limiter instance tracks many keys.
 */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** A send counted by the limiter; settle it with the time its answer came back. */
export interface RecordedSend {
  at: number;
  inFlight: boolean;
}

export class SlidingWindowLimiter {
  private readonly sends = new Map<string, RecordedSend[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly longestWindowMs: number;

  /** marginMs keeps a little distance from each window's edge. */
  constructor(
    private readonly windows: RateWindow[],
    private readonly marginMs = 0,
  ) {
    this.longestWindowMs = Math.max(0, ...windows.map((w) => w.windowMs));
  }

  /**
   * The earliest time (ms) at or after `now` when a send for `key` may go. The service counts
   * a send when it arrives, somewhere between our dispatch and its answer; counting each send
   * at its answer (and one still in flight as now) keeps the service's spacing within limits.
   */
  nextAllowedAt(key: string, now: number): number {
    let earliest = Math.max(now, this.pausedUntil.get(key) ?? 0);
    const times = this.trimmed(key, now)
      .map((send) => (send.inFlight ? now : send.at))
      .sort((a, b) => a - b);
    for (const { limit, windowMs } of this.windows) {
      if (times.length >= limit) earliest = Math.max(earliest, times[times.length - limit] + windowMs + this.marginMs);
    }
    return earliest;
  }

  /** Counts a send dispatched at `at`; call settle() on the result when its answer arrives. */
  record(key: string, at: number): RecordedSend {
    const send = { at, inFlight: true };
    const log = this.sends.get(key);
    if (log) log.push(send);
    else this.sends.set(key, [send]);
    return send;
  }

  settle(send: RecordedSend, answeredAt: number): void {
    send.at = Math.max(send.at, answeredAt);
    send.inFlight = false;
  }

  /** Forgets a recorded send that never went out (the message had to wait for something else first). */
  cancel(key: string, send: RecordedSend): void {
    const log = this.sends.get(key);
    const index = log?.indexOf(send) ?? -1;
    if (log && index >= 0) log.splice(index, 1);
  }

  /** After a 429: nothing more for this key until `until` (the server's Retry-After). */
  pause(key: string, until: number): void {
    this.pausedUntil.set(key, Math.max(until, this.pausedUntil.get(key) ?? 0));
  }

  private trimmed(key: string, now: number): RecordedSend[] {
    const log = this.sends.get(key);
    if (!log) return [];
    const horizon = now - this.longestWindowMs - this.marginMs;
    const kept = log.filter((send) => send.inFlight || send.at > horizon);
    if (kept.length === 0) this.sends.delete(key);
    else if (kept.length !== log.length) this.sends.set(key, kept);
    if ((this.pausedUntil.get(key) ?? Infinity) < now) this.pausedUntil.delete(key);
    return kept;
  }
}

/** Parses "7/1,8/2,60/30,1800/3600" (sends per seconds) into windows. */
export function parseRateWindows(text: string): RateWindow[] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0)
      throw new RangeError(`"${part}" は「回数/秒数」ではありません (expected sends/seconds such as 7/1)`);
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
