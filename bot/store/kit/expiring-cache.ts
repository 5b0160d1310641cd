/**
 * One value read once and kept for `ttlMs`, e.g. a whole small list that is read on every
 * turn (SharePoint's 部署 and 職員, to know who is acting) and would otherwise cost a round
 * trip each time. Writes through this instance call invalidate() at once; changes made
 * elsewhere (another instance, a roster import) are seen within `ttlMs`. A failed read is not
 * kept; but when `staleOnError` says the failure is an outage (SharePoint down or throttled),
 * the last value read is served instead for another `ttlMs`, so people can still be told who
 * they are and their answers queued while SharePoint is away.
 */
export class ExpiringCache<T> {
  private cached?: { at: number; value: Promise<T> };
  private lastGood?: { value: T };

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly staleOnError: (error: unknown) => boolean = () => false,
  ) {}

  get(load: () => Promise<T>): Promise<T> {
    if (!this.cached || this.now() - this.cached.at > this.ttlMs) {
      const previous = this.lastGood;
      const value = load().then(
        (loaded) => {
          this.lastGood = { value: loaded };
          return loaded;
        },
        (error: unknown) => {
          if (previous && this.staleOnError(error)) return previous.value;
          throw error;
        },
      );
      const entry = { at: this.now(), value };
      this.cached = entry;
      value.catch(() => {
        if (this.cached === entry) this.cached = undefined; // an outage is not remembered
      });
    }
    return this.cached.value;
  }

  /**
   * The next get() reads again. `written` applies this instance's own write to the last value,
   * so what is served during an outage still shows it.
   */
  invalidate(written?: (last: T) => T): void {
    this.cached = undefined;
    if (this.lastGood && written) this.lastGood = { value: written(this.lastGood.value) };
  }
}
