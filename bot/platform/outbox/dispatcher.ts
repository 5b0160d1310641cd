import type { ConversationReferenceStore, OutboxStore } from '../../store/ports';
import type { Logger } from '../logger';
import { runUnitOfWork, telemetryMetrics } from '../telemetry/instruments';
import { classifyDeliveryError, DeliveryError, retryDelayMs, type ProactiveSender } from './delivery';
import { APP_INSTALLS, GRAPH_INSTALL_LIMITS, type ProactiveInstallation } from './installation';
import { textMessage } from './messages';
import { RECORD_WRITES, type ClaimedOutboxMessage, type RecordWrite, type RecordWriteOutcome } from './model';
import { SlidingWindowLimiter, type RateWindow } from './rate-limiter';
import { resolveTarget } from './targets';

export interface DispatcherOptions {
  /** Teams' per-conversation limits (documented: 7/1 s, 8/2 s, 60/30 s, 1,800/hour). */
  perConversation: RateWindow[];
  /** The per-app limit across conversations (documented: about 50 per second per tenant). */
  perApp: RateWindow[];
  /** Distance kept from each window's edge, for network jitter. */
  marginMs: number;
  /** Sends in flight at once; also the most that can be sent twice after a crash. */
  maxInFlight: number;
  /** How long a claim holds a message; a sender that dies loses it after this. */
  leaseSeconds: number;
  /** Failed attempts (5xx, network) before a message is given up as dead. */
  maxAttempts: number;
  backoff: { baseMs: number; capMs: number };
  /** A send that takes longer is treated as a network error. */
  sendTimeoutMs: number;
  /** Longest sleep when there is nothing to do (new messages also wake the dispatcher). */
  pollIntervalMs: number;
  /** How many due messages one pass looks at. */
  scanSize: number;
}

/** How long a reply or update waits before looking again for the message it refers to. */
const WAIT_FOR_RELATED_MS = 1000;
/** How long a message for someone being installed waits before looking again (an installation takes a few Graph calls). */
const WAIT_FOR_INSTALL_MS = 2000;

export const TEAMS_LIMITS: Pick<DispatcherOptions, 'perConversation' | 'perApp'> = {
  perConversation: [
    { limit: 7, windowMs: 1000 },
    { limit: 8, windowMs: 2000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1800, windowMs: 3_600_000 },
  ],
  perApp: [{ limit: 50, windowMs: 1000 }],
};

const APP_KEY = 'app';

/**
 * Delivers the outbox: sends every due message as fast as Teams' limits allow, one claim
 * per message so several server instances never send the same one, retries what can be
 * retried and gives up, with the reason, on what cannot.
 *
 * Guarantee: a message is sent again only if the process died after the connector accepted
 * it and before markSent was recorded; at most `maxInFlight` messages are in that window.
 */
export class OutboxDispatcher {
  private readonly conversationLimiter: SlidingWindowLimiter;
  private readonly appLimiter: SlidingWindowLimiter;
  /** Graph's limit on installedApps requests, shared by every installation this instance runs. */
  private readonly installLimiter = new SlidingWindowLimiter(GRAPH_INSTALL_LIMITS, 10);
  private readonly inFlight = new Map<string, Promise<void>>();
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly deps: {
      outbox: OutboxStore;
      conversations: ConversationReferenceStore;
      sender: ProactiveSender;
      /** With TEAMS_APP_CATALOG_ID: installs the app for people and teams the bot cannot reach yet (APP_INSTALLS). */
      installation?: ProactiveInstallation;
      /** Applies a write to the city's records the outbox holds (SharePoint mode); see RECORD_WRITES. */
      applyRecordWrite?: (write: RecordWrite) => Promise<RecordWriteOutcome>;
      logger: Logger;
      options: DispatcherOptions;
      now?: () => number;
    },
  ) {
    this.conversationLimiter = new SlidingWindowLimiter(deps.options.perConversation, deps.options.marginMs);
    this.appLimiter = new SlidingWindowLimiter(deps.options.perApp, deps.options.marginMs);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Stops taking new messages and waits for the sends in flight to be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loopDone;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Looks at the outbox now instead of at the next poll (call after enqueueing). */
  nudge(): void {
    this.wakeUp?.();
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let waitMs = this.deps.options.pollIntervalMs;
      try {
        waitMs = await this.dispatchDue();
      } catch (error) {
        this.deps.logger.error('outbox pass failed', { error });
      }
      if (this.running) await this.sleep(waitMs);
    }
  }

  /** One pass: starts every send the limits allow now; returns how long to wait before the next pass. */
  private async dispatchDue(): Promise<number> {
    const { options, outbox } = this.deps;
    if (this.inFlight.size >= options.maxInFlight) return options.pollIntervalMs; // a finishing send wakes us
    const due = await outbox.listDue(new Date(this.now()).toISOString(), options.scanSize + this.inFlight.size);
    let waitMs = options.pollIntervalMs;
    for (const message of due) {
      if (!this.running || this.inFlight.size >= options.maxInFlight) break;
      if (this.inFlight.has(message.key)) continue;
      if (message.conversationKey.startsWith(RECORD_WRITES)) {
        // SharePoint, not Teams: none of Teams' limits apply (Graph's are the store's business).
        const claimed = await outbox.claim(message.key, new Date(this.now()).toISOString(), options.leaseSeconds);
        if (claimed)
          this.track(
            message.key,
            runUnitOfWork('outbox', 'outbox record write', { 'outbox.key': claimed.key }, () => this.applyRecordWrite(claimed)),
          );
        continue;
      }
      if (message.conversationKey.startsWith(APP_INSTALLS)) {
        // Graph, not Teams: the installation's own limit (Graph's for installedApps).
        const now = this.now();
        const slot = this.installLimiter.nextAllowedAt(APP_KEY, now);
        if (slot > now) {
          waitMs = Math.min(waitMs, slot - now);
          continue;
        }
        const claimed = await outbox.claim(message.key, new Date(now).toISOString(), options.leaseSeconds);
        if (!claimed) continue;
        const counted = this.installLimiter.record(APP_KEY, now);
        this.track(
          message.key,
          runUnitOfWork('outbox', 'outbox app installation', { 'outbox.key': claimed.key }, () =>
            this.install(claimed).finally(() => this.installLimiter.settle(counted, this.now())),
          ),
        );
        continue;
      }
      const now = this.now();
      const appSlot = this.appLimiter.nextAllowedAt(APP_KEY, now);
      if (appSlot > now) {
        waitMs = Math.min(waitMs, appSlot - now);
        break; // nothing else may go before the app-wide slot either
      }
      const conversationSlot = this.conversationLimiter.nextAllowedAt(message.conversationKey, now);
      if (conversationSlot > now) {
        waitMs = Math.min(waitMs, conversationSlot - now);
        continue;
      }
      const claimed = await outbox.claim(message.key, new Date(now).toISOString(), options.leaseSeconds);
      if (!claimed) continue; // another instance took it
      const counted = [this.conversationLimiter.record(message.conversationKey, now), this.appLimiter.record(APP_KEY, now)] as const;
      this.track(
        message.key,
        // Its own correlation id: the log lines, the connector call and the span of this send share it.
        runUnitOfWork('outbox', 'outbox send', { 'outbox.key': claimed.key, 'outbox.attempts': claimed.attempts }, () =>
          this.deliver(
            claimed,
            () => {
              this.conversationLimiter.settle(counted[0], this.now());
              this.appLimiter.settle(counted[1], this.now());
            },
            () => {
              this.conversationLimiter.cancel(message.conversationKey, counted[0]);
              this.appLimiter.cancel(APP_KEY, counted[1]);
            },
          ),
        ),
      );
    }
    return Math.max(1, waitMs);
  }

  private track(key: string, work: Promise<void>): void {
    this.inFlight.set(
      key,
      work.finally(() => {
        this.inFlight.delete(key);
        this.wakeUp?.();
      }),
    );
  }

  /**
   * A write SharePoint could not take when it was made. An outage is waited out (backoff, not
   * counted as a failure); a write that can no longer apply is kept as dead with the reason.
   */
  private async applyRecordWrite(message: ClaimedOutboxMessage): Promise<void> {
    const { outbox, logger, options } = this.deps;
    try {
      const write = message.payload.recordWrite;
      const outcome: RecordWriteOutcome = !write
        ? { giveUp: 'no write in the message' }
        : this.deps.applyRecordWrite
          ? await this.deps.applyRecordWrite(write)
          : { retry: 'この構成では SharePoint に書き込めません (no records store to apply it)' };
      const now = this.now();
      if (outcome === 'done') await outbox.markSent(message, null, new Date(now).toISOString());
      else if ('retry' in outcome)
        await outbox.markRetry(
          message,
          outcome.retry,
          new Date(now + retryDelayMs(message.attempts + 1, options.backoff)).toISOString(),
          true,
        );
      else {
        logger.error('a queued SharePoint write could not be applied', { key: message.key, reason: outcome.giveUp });
        telemetryMetrics.outboxDead('recordWrite');
        await outbox.markDead(message, outcome.giveUp);
      }
    } catch (error) {
      logger.error('a queued SharePoint write could not be recorded', { key: message.key, error });
    }
  }

  /**
   * One installation (Graph): its outcome is recorded on its own outbox message, which the
   * messages waiting for it read. 429 pauses every installation of this instance, as Graph's
   * limit is per app and tenant.
   */
  private async install(message: ClaimedOutboxMessage): Promise<void> {
    const { outbox, logger, options, installation } = this.deps;
    try {
      if (!installation) {
        await outbox.markRetry(message, 'TEAMS_APP_CATALOG_ID が未設定です (installation is not configured)', this.later(60_000), false);
        return;
      }
      const outcome = await installation.run(message);
      const now = this.now();
      if (outcome.kind === 'done') await outbox.markSent(message, outcome.detail, new Date(now).toISOString());
      else if (outcome.kind === 'throttled') {
        this.installLimiter.pause(APP_KEY, now + outcome.retryAfterMs);
        await outbox.markRetry(message, outcome.reason, new Date(now + outcome.retryAfterMs).toISOString(), false);
      } else if (outcome.kind === 'retry' && message.attempts + 1 < options.maxAttempts)
        await outbox.markRetry(
          message,
          outcome.reason,
          new Date(now + retryDelayMs(message.attempts + 1, options.backoff)).toISOString(),
          true,
        );
      else {
        logger.warn('app installation given up: the recipient stays unreachable', { key: message.key, reason: outcome.reason });
        await outbox.markDead(message, outcome.reason);
      }
      this.wakeUp?.();
    } catch (error) {
      logger.error('app installation could not be recorded', { key: message.key, error });
    }
  }

  /** Tells whoever asked (the message names them) that its recipient cannot be reached, with the reason; once per message. */
  private async reportUnreachable(message: ClaimedOutboxMessage, reason: string): Promise<void> {
    const to = message.payload.reportUnreachableTo;
    if (!to) return;
    await this.deps.outbox.enqueue(
      textMessage(
        `unreachable:${message.key}`,
        to.conversationKey,
        `${to.what} に届けられませんでした (could not be delivered)。${reason}`,
      ),
    );
  }

  private later(ms: number): string {
    return new Date(this.now() + ms).toISOString();
  }

  private async deliver(message: ClaimedOutboxMessage, answered: () => void, notSent: () => void): Promise<void> {
    const { outbox, conversations, sender, logger, options, installation } = this.deps;
    try {
      if (installation && !(await conversations.get(message.conversationKey))) {
        const prepared = await installation.prepare(message.conversationKey);
        if (prepared?.kind === 'dead') {
          notSent();
          logger.warn('outbox message dead', { key: message.key, reason: prepared.reason });
          telemetryMetrics.outboxDead('message');
          // The report first: queued once (its key), so it is never lost between the two writes.
          await this.reportUnreachable(message, prepared.reason);
          await outbox.markDead(message, prepared.reason);
          return;
        }
        if (prepared?.kind === 'wait') {
          notSent(); // nothing went to Teams: its slots stay free for messages that can go
          await outbox.markRetry(message, prepared.reason, this.later(WAIT_FOR_INSTALL_MS), false);
          this.wakeUp?.();
          return;
        }
      }
      const target = await resolveTarget(message, { outbox, conversations });
      if (target.kind === 'dead') {
        notSent();
        logger.warn('outbox message dead', { key: message.key, reason: target.reason });
        telemetryMetrics.outboxDead('message');
        await outbox.markDead(message, target.reason);
        return;
      }
      if (target.kind === 'wait') {
        notSent();
        // Not a failure: the thread's first post or the card to update is still on its way.
        await outbox.markRetry(message, target.reason, new Date(this.now() + WAIT_FOR_RELATED_MS).toISOString(), false);
        return;
      }
      let activityId: string | null;
      try {
        ({ activityId } = await withTimeout(sender.send(target.reference, target.payload), options.sendTimeoutMs));
      } catch (error) {
        answered();
        await this.recordFailure(message, error);
        return;
      }
      answered();
      if (!(await outbox.markSent(message, activityId, new Date(this.now()).toISOString()))) {
        logger.warn('outbox claim lost after a send: another instance may send it again', { key: message.key });
      }
    } catch (error) {
      // The store failed: the lease runs out and the message is retried, never lost.
      logger.error('outbox delivery could not be recorded', { key: message.key, error });
    } finally {
      answered(); // idempotent; also covers the paths that never sent
    }
  }

  private async recordFailure(message: ClaimedOutboxMessage, error: unknown): Promise<void> {
    const { outbox, logger, options } = this.deps;
    const outcome = classifyDeliveryError(error);
    const now = this.now();
    if (outcome.kind === 'throttled') {
      this.conversationLimiter.pause(message.conversationKey, now + outcome.retryAfterMs);
      await outbox.markRetry(message, outcome.reason, new Date(now + outcome.retryAfterMs).toISOString(), false);
      return;
    }
    const attempts = message.attempts + 1;
    if (outcome.kind === 'dead' || attempts >= options.maxAttempts) {
      const reason =
        outcome.kind === 'dead'
          ? outcome.reason
          : `${attempts} 回失敗したため送信を中止しました (gave up after ${attempts} attempts): ${outcome.reason}`;
      logger.warn('outbox message dead', { key: message.key, reason });
      telemetryMetrics.outboxDead('message');
      await outbox.markDead(message, reason);
      return;
    }
    await outbox.markRetry(message, outcome.reason, new Date(now + retryDelayMs(attempts, options.backoff)).toISOString(), true);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeliveryError(`${ms} ms 以内に応答がありません (timed out)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
