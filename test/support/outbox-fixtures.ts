import type { Store } from '../../bot/store/ports';

/**
 * Registers `count` personal conversations at a connector (the simulator) and enqueues one
 * message to each (or all to one conversation), as a check-in fan-out would.
 */
export async function enqueueFanOut(
  store: Store,
  options: { serviceUrl: string; count: number; prefix?: string; oneConversation?: boolean },
): Promise<string[]> {
  const prefix = options.prefix ?? 'm';
  const keys: string[] = [];
  await store.transaction(async (tx) => {
    for (let i = 0; i < options.count; i++) {
      const person = options.oneConversation ? `${prefix}-thread` : `${prefix}-${i}`;
      if (i === 0 || !options.oneConversation) {
        await tx.conversations.save(`person:${person}`, {
          serviceUrl: options.serviceUrl,
          channelId: 'msteams',
          conversation: { id: `a:${person}`, conversationType: 'personal' },
          bot: { id: '28:bot', name: 'bot' },
          user: { id: `29:${person}` },
        });
      }
      const key = `${prefix}:${i}`;
      keys.push(key);
      await tx.outbox.enqueue({ key, conversationKey: `person:${person}`, payload: { activity: { type: 'message', text: key } } });
    }
  });
  return keys;
}

/** Polls until `check` is true or the time runs out. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** How often each text arrived at the connector. */
export function deliveryCounts(delivered: { text: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { text } of delivered) counts.set(text, (counts.get(text) ?? 0) + 1);
  return counts;
}
