/**
 * Whether the SharePoint site answers at all. Any HTTP answer (401/403 without a token is
 * normal) means it is reachable; a network error or timeout means it is not. The result is
 * cached so health probes do not hammer the tenant.
 */
export interface ReachabilityProbe {
  check(): Promise<Reachability>;
}

/** `detail` may be shown to anyone; `cause` (the raw error) only to operators. */
export interface Reachability {
  reachable: boolean;
  detail: string;
  cause?: string;
}

export function sharePointProbe(siteUrl: string, options: { timeoutMs?: number; cacheMs?: number } = {}): ReachabilityProbe {
  const timeoutMs = options.timeoutMs ?? 3000;
  return cachedProbe(async () => {
    try {
      const response = await fetch(siteUrl, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      return { reachable: true, detail: `HTTP ${response.status}` };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      // The error's name and code (TimeoutError, ECONNREFUSED) say enough; its text goes to operators only.
      return { reachable: false, detail: `${(error as Error).name}${cause ? ` ${cause}` : ''}`, cause: (error as Error).message };
    }
  }, options.cacheMs);
}

/** Remembers a probe's answer for a while, so health probes do not hammer the tenant. */
export function cachedProbe(check: () => Promise<Reachability>, cacheMs = 30_000): ReachabilityProbe {
  let cached: { at: number; result: Reachability } | undefined;
  return {
    async check() {
      if (cached && Date.now() - cached.at < cacheMs) return cached.result;
      const result = await check();
      cached = { at: Date.now(), result };
      return result;
    },
  };
}
