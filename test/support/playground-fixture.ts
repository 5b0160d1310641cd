import { cardOf, cardText, LocalStack, type PlaygroundEvent } from './local-stack';

/** A new card in `conversation` (or a thread of it) that says `text`. */
export const created = (conversation: string, text: string) => (e: PlaygroundEvent) =>
  e.action === 'createMessage' && e.actionConversationId.startsWith(conversation) && cardText(cardOf(e)).includes(text);

/** Message `messageId` updated in place to a card that says `text`. */
export const updated = (messageId: string, text: string) => (e: PlaygroundEvent) =>
  e.action === 'updateMessage' && e.message.messageId === messageId && cardText(cardOf(e)).includes(text);

/** A card posted in a channel starts a thread; the Playground keeps the card in that thread's conversation. */
export const threadOf = (e: PlaygroundEvent) => e.message.postConversationId ?? e.actionConversationId;

/**
 * A describe block's Playground: the built server and Microsoft's Playground (LocalStack) started
 * once before its tests and stopped after them, and a wait for the bot's events.
 */
export function usePlaygroundStack() {
  let started: LocalStack | undefined;

  beforeAll(async () => {
    started = await LocalStack.start();
    await started.connect();
  }, 60_000);

  afterAll(async () => {
    await started?.stop();
  });

  const stack = (): LocalStack => {
    if (!started) throw new Error('the Playground is not started: use it inside a test');
    return started;
  };

  /** The first bot event at or after `since` that matches (events of every conversation arrive on one stream). */
  const eventAfter = (
    since: number,
    predicate: (e: PlaygroundEvent) => boolean,
    what: string,
    timeoutMs = 10_000,
  ): Promise<PlaygroundEvent> =>
    new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const poll = () => {
        const { events } = stack();
        const found = events.slice(since).find(predicate);
        if (found) return resolve(found);
        if (Date.now() > deadline)
          return reject(
            new Error(
              `no ${what} within ${timeoutMs} ms; got ${JSON.stringify(events.slice(since).map((e) => [e.action, e.actionConversationId, cardText(cardOf(e)).slice(0, 60) || e.message.text]))}`,
            ),
          );
        setTimeout(poll, 50);
      };
      poll();
    });

  return {
    get stack() {
      return stack();
    },
    eventAfter,
  };
}
