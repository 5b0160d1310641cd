import type { CheckInConfig } from '../platform/config';
import { japanDateOf } from '../platform/fiscal-calendar';
import type { Logger } from '../platform/logger';
import { PeriodicTask } from '../platform/periodic-task';
import type { Store } from '../store/ports';
import { planSchedulerWork } from './rules/scheduler-plan';
import { closeCycle, openCycle, queueReminders } from './workflow';

export interface CheckInSchedulerDeps {
  store: Store;
  settings: CheckInConfig;
  /** TEAMS_APP_CATALOG_ID is set: cards also go to owners without a chat, after the app is installed for them. */
  installsApp?: boolean;
  logger: Logger;
  /** Tells the outbox dispatcher there is new work, so cards go out without waiting for its poll. */
  nudge: () => void;
  now?: () => Date;
}

/**
 * Looks at the calendar every few minutes (rules/scheduler-plan.ts decides) and runs the
 * workflow's steps: opens cycles, queues reminders and closes with the roll-up. It keeps no
 * state of its own: every step is idempotent in the store, so
 * several instances (or a restart mid-step) never send anything twice.
 */
export class CheckInScheduler {
  private readonly task: PeriodicTask;

  constructor(private readonly deps: CheckInSchedulerDeps) {
    this.task = new PeriodicTask('check-in scheduler', deps.settings.schedulerIntervalSeconds, () => this.tick(), deps.logger);
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One look at the calendar; returns what it did (for tests and logs). */
  async tick(): Promise<{ opened: string[]; reminders: number; closed: string[] }> {
    const { store, settings, logger } = this.deps;
    const now = (this.deps.now ?? (() => new Date()))();
    const today = japanDateOf(now);
    const plan = planSchedulerWork(today, await store.checkInCycles.list(), settings);
    const done = { opened: [] as string[], reminders: 0, closed: [] as string[] };
    for (const { quarter, opensOn, dueOn } of plan.open) {
      const result = await openCycle(store, { quarter, opensOn, dueOn, openedBy: 'scheduler', now, installsApp: this.deps.installsApp });
      if (result.opened) {
        done.opened.push(`${quarter.fiscalYear}Q${quarter.quarter}`);
        logger.info('check-in cycle opened', {
          quarter: `${quarter.fiscalYear}Q${quarter.quarter}`,
          sent: result.sent,
          unreachable: result.unreachableOwnerIds.length,
        });
      }
    }
    for (const { cycle, offset } of plan.remind)
      done.reminders += await queueReminders(store, cycle, offset, today, { installsApp: this.deps.installsApp });
    for (const cycle of plan.close) {
      // Only the instance that closes the cycle posts the roll-up.
      if (!(await closeCycle(store, cycle, { now, pmoChannelId: settings.pmoChannelId }))) continue;
      done.closed.push(`${cycle.fiscalYear}Q${cycle.quarter}`);
      logger.info('check-in cycle closed', { quarter: `${cycle.fiscalYear}Q${cycle.quarter}` });
    }
    if (done.opened.length + done.reminders + done.closed.length > 0) this.deps.nudge();
    return done;
  }
}
