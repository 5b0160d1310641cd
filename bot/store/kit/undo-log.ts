/**
 * For a records store without transactions across items (SharePoint lists): a store transaction applies each write at once
 * (so conditional writes answer at once) and records how to undo it; if the work fails, the
 * writes are undone newest first. An undo that fails is logged, not thrown: the work's own
 * error is what the caller must see.
 */
export class UndoLog {
  private readonly steps: { what: string; run: () => Promise<unknown> }[] = [];

  record(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  async rollback(onFailure: (what: string, error: unknown) => void): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        onFailure(step.what, error);
      }
    }
  }
}
