import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../adaptive-card';
import type { ConversationReferenceStore } from '../../store/ports';
import type { NewOutboxMessage, OutboxPayload } from './model';

/** Conversation keys of the stored references (see ConversationReferenceStore). */
export const personConversation = (personId: string) => `person:${personId}`;
export const channelConversation = (channelId: string) => `channel:${channelId}`;

/** An outbox message carrying a card (`summary` is what notifications and chat lists show). */
export function cardMessage(
  key: string,
  conversationKey: string,
  card: AdaptiveCard,
  summary: string,
  extra: Omit<Partial<OutboxPayload>, 'activity'> = {},
): NewOutboxMessage {
  return {
    key,
    conversationKey,
    payload: {
      activity: { type: 'message', summary, attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] },
      ...extra,
    },
  };
}

/** An outbox message carrying plain text (shown as typed: no Markdown). */
export function textMessage(
  key: string,
  conversationKey: string,
  text: string,
  extra: Omit<Partial<OutboxPayload>, 'activity'> = {},
): NewOutboxMessage {
  return { key, conversationKey, payload: { activity: { type: 'message', text, textFormat: 'plain' }, ...extra } };
}

/**
 * The people a flow may write to in personal chat: those with a chat (they have opened the bot),
 * and with TEAMS_APP_CATALOG_ID (`installsApp`) everyone in the directory, as the outbox installs
 * the app for the others first (and reports who it cannot reach, with the reason).
 */
export async function deliverablePeople(
  conversations: Pick<ConversationReferenceStore, 'listKeys'>,
  people: { id: string; entraObjectId: string }[],
  installsApp = false,
): Promise<{ reachable: Set<string>; installing: Set<string> }> {
  const chats = await reachablePeople(conversations);
  const installing = new Set(installsApp ? people.filter((p) => p.entraObjectId && !chats.has(p.id)).map((p) => p.id) : []);
  return { reachable: new Set([...chats, ...installing]), installing };
}

/** The people the bot can reach in personal chat (they have opened it once). */
export async function reachablePeople(conversations: Pick<ConversationReferenceStore, 'listKeys'>): Promise<Set<string>> {
  return new Set((await conversations.listKeys('person:')).map((key) => key.slice('person:'.length)));
}
