import type { Logger } from './logger';
import { runUnitOfWork } from './telemetry/instruments';

/**
 * Runs `work` now and then every `intervalSeconds` (0: never), one run at a time, and waits for
 * the run in progress on stop. The work must be idempotent: every instance runs it.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalSeconds: number,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.intervalSeconds === 0) return;
    const run = () => {
      this.running ??= runUnitOfWork('task', this.name, {}, () => this.work())
        .then(() => undefined)
        .catch((error) => this.logger.error(`${this.name} failed`, { error: (error as Error).message }))
        .finally(() => (this.running = undefined));
    };
    run();
    this.timer = setInterval(run, this.intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
