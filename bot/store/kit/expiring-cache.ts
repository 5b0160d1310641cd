/**
 * One value read once and kept for `ttlMs`, e.g. a whole small list that is read on every
 * turn (SharePoint's 部署 and 職員, to know who is acting) and would otherwise cost a round
 * trip each time. Writes through this instance call invalidate() at once; changes made
 * elsewhere (another instance, a roster import) are seen within `ttlMs`. A failed read is not kept.
 */
export class ExpiringCache<T> {
  private cached?: { at: number; value: Promise<T> };

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  get(load: () => Promise<T>): Promise<T> {
    if (!this.cached || this.now() - this.cached.at > this.ttlMs) {
      const value = load();
      const entry = { at: this.now(), value };
      this.cached = entry;
      value.catch(() => {
        if (this.cached === entry) this.cached = undefined; // an outage is not remembered
      });
    }
    return this.cached.value;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
