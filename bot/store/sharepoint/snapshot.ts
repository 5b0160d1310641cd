/**
 * A whole small list read once and kept for a while. The directory (部署, 職員) is read on
 * every turn to know who is acting; reading it from Graph each time would put a SharePoint
 * round trip on every message. Writes through this instance clear it at once; changes made
 * elsewhere (another instance, a roster import) are seen within `ttlMs`.
 */
export class Snapshot<T> {
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

/** How long another instance's directory change may take to be seen here. */
export const DIRECTORY_SNAPSHOT_MS = 60_000;
