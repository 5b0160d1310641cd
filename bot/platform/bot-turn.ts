import type { AdaptiveCard } from './adaptive-card';
import type { IsoDate } from './fiscal-calendar';
import type { Locale } from './i18n';
import type { Actor, ActorResolution } from './identity';

/**
 * What a command or card handler sees of a Teams turn. It carries no botbuilder types, so
 * handlers stay the same if the bot moves to another SDK (e.g. the Microsoft 365 Agents SDK).
 */
export interface BotTurn {
  actor: ActorResolution;
  locale: Locale;
  conversation: ConversationInfo;
  /** The message text without the bot's @mention, trimmed. */
  text: string;
  today: IsoDate;
  /** Sends a message into the turn's conversation; resolves to the new activity id. */
  reply(message: OutgoingMessage): Promise<string | undefined>;
}

export interface ConversationInfo {
  kind: 'personal' | 'groupChat' | 'channel';
  id: string;
  tenantId?: string;
  teamId?: string;
  channelId?: string;
}

export type OutgoingMessage = { text: string } | { card: AdaptiveCard; summary: string };

export interface CommandHelp {
  /** What the user types, e.g. ヘルプ */
  usage: Record<Locale, string>;
  description: Record<Locale, string>;
  /** Who sees it in the help card (the same check the command makes); absent: everyone. */
  shownTo?: (actor: Actor) => boolean;
}

export interface CommandHandler {
  /** First words that start the command, compared after normalisation (NFKC, lower case). */
  keywords: string[];
  /** Shown in the help card; omit for aliases and greetings. */
  help?: CommandHelp;
  handle(turn: BotTurn, argument: string): Promise<void>;
}

/** The result of an Action.Execute: the card that replaces the one the user clicked. */
export type CardActionResult = { card: AdaptiveCard } | { message: string };

export interface CardActionHandler {
  verb: string;
  handle(turn: BotTurn, data: Record<string, unknown>): Promise<CardActionResult>;
}

/**
 * A message extension's search command (Teams composeExtension/query and selectItem). The
 * answers are Teams' documented MessagingExtensionResult shapes, as plain JSON.
 */
export interface MessageExtensionHandler {
  /** The command id in the manifest's composeExtensions. */
  commandId: string;
  /** composeExtension/query: the text typed (the command's parameter) and the page asked for. */
  query(turn: BotTurn, request: { text: string; skip: number; count: number }): Promise<MessageExtensionResult>;
  /** composeExtension/selectItem: the card inserted into the compose box, from the preview's tap value. */
  selectItem(turn: BotTurn, value: Record<string, unknown>): Promise<MessageExtensionResult>;
}

export interface MessageExtensionAttachment {
  contentType: string;
  content: unknown;
  preview?: { contentType: string; content: unknown };
}

export type MessageExtensionResult =
  { type: 'result'; attachmentLayout: 'list'; attachments: MessageExtensionAttachment[] } | { type: 'message'; text: string };
