import type { NewOutboxMessage } from '../../platform/outbox/model';
import type { ConversationReferenceStore, OutboxStore, Store, StoreSession } from '../../store/ports';

/**
 * The store as the CLI's `as` turns see it: the real one (so every write is the bot's own), with
 * two differences. Messages the turn queued in the outbox are noted in `queued` (once their
 * transaction committed), to show the operator what the running server will deliver. And the
 * turn never saves a conversation reference: the CLI is not a Teams chat, and saving one would
 * replace where the bot reaches that person in Teams (or the Playground).
 */
export function cliSessionStore(store: Store): { store: Store; queued: NewOutboxMessage[] } {
  const queued: NewOutboxMessage[] = [];
  const transaction: Store['transaction'] = async (work) => {
    const pending: NewOutboxMessage[] = [];
    const result = await store.transaction((tx) => work(session(tx, pending)));
    queued.push(...pending);
    return result;
  };
  const wrapped = session(store, queued, { transaction });
  return { store: wrapped, queued };
}

function session<S extends StoreSession>(inner: S, sink: NewOutboxMessage[], overrides: Record<string, unknown> = {}): S {
  const outbox: OutboxStore = bound(inner.outbox, {
    async enqueue(message: NewOutboxMessage) {
      const added = await inner.outbox.enqueue(message);
      if (added) sink.push(message);
      return added;
    },
  });
  const conversations: ConversationReferenceStore = bound(inner.conversations, { async save() {} });
  return bound(inner, { ...overrides, outbox, conversations });
}

/** `target` with some members replaced; the others still called on `target` itself. */
function bound<T extends object>(target: T, replaced: Record<string, unknown>): T {
  return new Proxy(target, {
    get(object, property) {
      if (typeof property === 'string' && property in replaced) return replaced[property];
      const value = Reflect.get(object, property, object) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
