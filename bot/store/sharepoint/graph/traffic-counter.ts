import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** Counts every HTTP attempt the retry handler makes, so operators and benchmarks see the real traffic. */
export class GraphTraffic implements Middleware {
  requests = 0;
  throttled = 0;
  private next?: Middleware;

  async execute(context: Context): Promise<void> {
    this.requests += 1;
    await this.next!.execute(context);
    const status = context.response?.status;
    if (status === 429 || status === 503 || status === 504) this.throttled += 1;
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
