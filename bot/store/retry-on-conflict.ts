import { ConcurrencyConflictError } from './ports';

/**
 * Runs a step again (up to `attempts` times) while it loses an optimistic-concurrency race: the
 * step reads what it changes afresh each time, so another writer's change is kept under ours.
 */
export async function retryOnConflict<T>(step: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError) || attempt >= attempts) throw error;
    }
  }
}
