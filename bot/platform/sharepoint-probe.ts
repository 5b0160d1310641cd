/**
 * Whether the SharePoint site answers at all. Any HTTP answer (401/403 without a token is
 * normal) means it is reachable; a network error or timeout means it is not. The result is
 * cached so health probes do not hammer the tenant.
 */
export interface ReachabilityProbe {
  check(): Promise<{ reachable: boolean; detail: string }>;
}

export function sharePointProbe(siteUrl: string, options: { timeoutMs?: number; cacheMs?: number } = {}): ReachabilityProbe {
  const timeoutMs = options.timeoutMs ?? 3000;
  return cachedProbe(async () => {
    try {
      const response = await fetch(siteUrl, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      return { reachable: true, detail: `HTTP ${response.status}` };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { reachable: false, detail: `${(error as Error).name}${cause ? ` ${cause}` : ''}: ${(error as Error).message}` };
    }
  }, options.cacheMs);
}

/** Remembers a probe's answer for a while, so health probes do not hammer the tenant. */
export function cachedProbe(check: () => Promise<{ reachable: boolean; detail: string }>, cacheMs = 30_000): ReachabilityProbe {
  let cached: { at: number; result: { reachable: boolean; detail: string } } | undefined;
  return {
    async check() {
      if (cached && Date.now() - cached.at < cacheMs) return cached.result;
      const result = await check();
      cached = { at: Date.now(), result };
      return result;
    },
  };
}
