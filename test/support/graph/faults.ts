/**
 * Injected throttling and outages. Draws come from a seeded PRNG (mulberry32), one draw per request
 * whatever the rates, so a run with the same seed and the same request sequence fails the same
 * requests: a flaky benchmark can be replayed.
 */

export interface FaultSettings {
  /** Share (0..1) of requests answered 429; every $batch step counts, and so does the envelope. */
  throttleRate: number;
  /** Share (0..1) of requests answered 503. */
  unavailableRate: number;
  /** Retry-After sent with injected 429/503 (may be 0). */
  retryAfterSeconds: number;
}

export interface Fault {
  status: number;
  /** Undefined: send no Retry-After (failNext without one, for a status other than 429/503). */
  retryAfterSeconds?: number;
}

/** mulberry32: small, fast, good enough for fault draws; never Math.random. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  readonly settings: FaultSettings = { throttleRate: 0, unavailableRate: 0, retryAfterSeconds: 1 };
  /** Queued outcomes of the next requests: a fault, or 'pass' (let one through). */
  private readonly queue: (Fault | 'pass')[] = [];
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  /** After letting `after` requests through, the next `count` fail with `status`; queued faults come before random ones. */
  failNext(count: number, status: number, retryAfterSeconds?: number, after = 0): void {
    for (let i = 0; i < after; i++) this.queue.push('pass');
    for (let i = 0; i < count; i++) this.queue.push({ status, retryAfterSeconds });
  }

  /** The fault for the request being handled now, if any. */
  next(): Fault | undefined {
    const draw = this.random();
    const queued = this.queue.shift();
    if (queued === 'pass') return undefined;
    if (queued) {
      const retry =
        queued.retryAfterSeconds ?? (queued.status === 429 || queued.status === 503 ? this.settings.retryAfterSeconds : undefined);
      return { status: queued.status, retryAfterSeconds: retry };
    }
    const { throttleRate, unavailableRate, retryAfterSeconds } = this.settings;
    if (draw < throttleRate) return { status: 429, retryAfterSeconds };
    if (draw < throttleRate + unavailableRate) return { status: 503, retryAfterSeconds };
    return undefined;
  }
}
