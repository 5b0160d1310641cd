import type { CardActionHandler, CommandHandler, CommandHelp, MessageExtensionHandler } from '../platform/bot-turn';

/** Folds width and case so 「ＨＥＬＰ」, 「help」 and 「Help！」 are the same command word. */
export function normalizeCommandWord(word: string): string {
  return word
    .normalize('NFKC')
    .toLowerCase()
    .trim()
    .replace(/[。、!！.]+$/u, '');
}

/**
 * Maps each command keyword and each card verb to exactly one handler, so every command or
 * verb lives in its own handler instead of one long if-chain. A command is the first word of
 * a message (words split by half- or full-width spaces); the rest is its argument, as typed.
 */
export class HandlerRegistry {
  private readonly commandsByKeyword = new Map<string, CommandHandler>();
  private readonly commandsInOrder: CommandHandler[] = [];
  private readonly cardActions = new Map<string, CardActionHandler>();
  private fallbackHandler: CommandHandler | undefined;
  private readonly messageExtensions = new Map<string, MessageExtensionHandler>();

  addCommand(handler: CommandHandler): this {
    for (const raw of handler.keywords) {
      const keyword = normalizeCommandWord(raw);
      if (/\s/.test(keyword)) throw new Error(`command keyword must be one word: ${raw}`);
      if (this.commandsByKeyword.has(keyword)) throw new Error(`command keyword registered twice: ${raw}`);
      this.commandsByKeyword.set(keyword, handler);
    }
    this.commandsInOrder.push(handler);
    return this;
  }

  addCardAction(handler: CardActionHandler): this {
    if (this.cardActions.has(handler.verb)) throw new Error(`card verb registered twice: ${handler.verb}`);
    this.cardActions.set(handler.verb, handler);
    return this;
  }

  /** The command a message starts with, and the rest of the message as its argument. */
  findCommand(text: string): { handler: CommandHandler; argument: string } | undefined {
    const match = /^(\S+)(?:\s+([\s\S]*))?$/u.exec(text.trim());
    if (!match) return undefined;
    const handler = this.commandsByKeyword.get(normalizeCommandWord(match[1]));
    return handler ? { handler, argument: (match[2] ?? '').trim() } : undefined;
  }

  /** What answers a message that is no command (chat search); the whole message is its argument. */
  setFallback(handler: CommandHandler): this {
    if (this.fallbackHandler) throw new Error('fallback registered twice');
    this.fallbackHandler = handler;
    return this;
  }

  get fallback(): CommandHandler | undefined {
    return this.fallbackHandler;
  }

  /** A message extension command (composeExtensions in the manifest). */
  addMessageExtension(handler: MessageExtensionHandler): this {
    if (this.messageExtensions.has(handler.commandId)) throw new Error(`message extension registered twice: ${handler.commandId}`);
    this.messageExtensions.set(handler.commandId, handler);
    return this;
  }

  findMessageExtension(commandId: string): MessageExtensionHandler | undefined {
    return this.messageExtensions.get(commandId);
  }

  findCardAction(verb: string): CardActionHandler | undefined {
    return this.cardActions.get(verb);
  }

  /** Help entries in registration order. */
  commandHelp(): CommandHelp[] {
    return this.commandsInOrder.flatMap((handler) => (handler.help ? [handler.help] : []));
  }
}
