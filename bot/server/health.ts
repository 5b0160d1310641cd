import type { Config } from '../platform/config';
import type { ReachabilityProbe } from '../platform/sharepoint-probe';
import type { Store } from '../store/ports';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  version: string;
  mode: Config['mode'];
  store: { reachable: boolean; detail: string };
  sharePoint?: { reachable: boolean; detail: string };
  degraded: string[];
}

/**
 * /healthz: down (503) when the store cannot be read or written; degraded (200) when SharePoint is
 * unreachable or start-up could not finish something (e.g. loading demo data). Unauthenticated, so
 * it gives reasons only: the raw errors (`cause`) go to the log, never into the answer.
 */
export async function healthReport(deps: {
  config: Config;
  store: Store;
  version: string;
  sharePoint?: ReachabilityProbe;
  startupProblems?: readonly string[];
}): Promise<HealthReport> {
  const [store, sharePoint] = await Promise.all([deps.store.health(), deps.sharePoint?.check()]);
  const degraded: string[] = [...(deps.startupProblems ?? []), ...(store.degraded ?? [])];
  if (sharePoint && !sharePoint.reachable) degraded.push('SharePoint に接続できません (SharePoint unreachable)');
  const status = !store.reachable ? 'down' : degraded.length > 0 ? 'degraded' : 'ok';
  return {
    status,
    version: deps.version,
    mode: deps.config.mode,
    store: { reachable: store.reachable, detail: store.detail },
    ...(sharePoint ? { sharePoint: { reachable: sharePoint.reachable, detail: sharePoint.detail } } : {}),
    degraded,
  };
}
