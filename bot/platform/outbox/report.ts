import type { AuditLogStore, OutboxStore } from '../../store/ports';
import { APP_INSTALLS } from './installation';
import type { OutboxStatus } from './model';

export interface OutboxReport {
  counts: Record<OutboxStatus, number>;
  dead: { key: string; conversationKey: string; attempts: number; reason: string | null; createdAt: string }[];
  /**
   * Proactive installation (TEAMS_APP_CATALOG_ID): installations made, found already made (409), and
   * people or teams the app cannot reach, each with the reason (from the audit log and the dead installations).
   */
  installations: {
    installed: number;
    alreadyInstalled: number;
    unreachable: number;
    unreachableReasons: { key: string; reason: string }[];
  };
}

/** How many installation outcomes the report counts at most (the audit log's own limit). */
const AUDIT_SCAN = 100_000;

/** What operators and the PMO dashboard see of the outbox: counts by status and why messages died. */
export async function outboxReport(outbox: OutboxStore, audit: Pick<AuditLogStore, 'list'>, deadLimit = 100): Promise<OutboxReport> {
  const [counts, dead, outcomes] = await Promise.all([
    outbox.countByStatus(),
    outbox.listDead(deadLimit),
    audit.list({ actions: ['reach.install.installed', 'reach.install.alreadyInstalled', 'reach.install.unreachable'], limit: AUDIT_SCAN }),
  ]);
  const count = (action: string) => outcomes.filter((entry) => entry.action === action).length;
  // Each installation is one outbox message: dead ones are those Teams refused for good (a person
  // found unreachable once is not tried again, so the audit's count and the dead ones agree).
  const unreachableReasons = dead
    .filter((m) => m.key.startsWith(APP_INSTALLS))
    .map((m) => ({ key: m.key.slice(APP_INSTALLS.length), reason: m.lastError ?? '' }));
  return {
    counts,
    dead: dead.map((m) => ({
      key: m.key,
      conversationKey: m.conversationKey,
      attempts: m.attempts,
      reason: m.lastError,
      createdAt: m.createdAt,
    })),
    installations: {
      installed: count('reach.install.installed'),
      alreadyInstalled: count('reach.install.alreadyInstalled'),
      unreachable: count('reach.install.unreachable'),
      unreachableReasons,
    },
  };
}
