import type { ConversationReferenceStore, OutboxStore, StoredConversationReference } from '../../store/ports';
import type { OutboxMessage, OutboxPayload } from './model';

export type DeliveryTarget =
  | { kind: 'ready'; reference: StoredConversationReference; payload: OutboxPayload }
  | { kind: 'wait'; reason: string }
  | { kind: 'dead'; reason: string };

/** A Teams channel thread's conversation id: the channel id with the root post's id. */
export function threadConversationId(channelConversationId: string, rootActivityId: string): string {
  return `${channelConversationId.split(';')[0]};messageid=${rootActivityId}`;
}

/**
 * Where and what to send: the stored conversation reference (for a channel the bot has not
 * heard in, one made from another conversation of the same tenant, as Teams allows posting to
 * any channel of a team the bot is in), then a reply in a thread or an update of an earlier card,
 * once the message it refers to has been sent.
 */
export async function resolveTarget(
  message: Pick<OutboxMessage, 'conversationKey' | 'payload'>,
  deps: { outbox: Pick<OutboxStore, 'get'>; conversations: Pick<ConversationReferenceStore, 'get' | 'listKeys'> },
): Promise<DeliveryTarget> {
  const reference =
    (await deps.conversations.get(message.conversationKey)) ??
    (await channelReferenceFromSibling(message.conversationKey, deps.conversations));
  if (!reference) {
    return {
      kind: 'dead',
      reason: `宛先 ${message.conversationKey} の会話が登録されていません。本人がボットを一度開く必要があります (no conversation reference)`,
    };
  }
  const { payload } = message;
  const relatedKey = payload.updateOf ?? payload.replyInThreadOf;
  if (!relatedKey) return { kind: 'ready', reference, payload };
  const related = await deps.outbox.get(relatedKey);
  if (!related || related.status === 'dead') {
    return {
      kind: 'dead',
      reason: `元のメッセージ ${relatedKey} が送れなかったため送信できません (the message it refers to was not delivered)`,
    };
  }
  if (related.status !== 'sent' || !related.sentActivityId)
    return { kind: 'wait', reason: `元のメッセージ ${relatedKey} の送信待ち (waiting for the message it refers to)` };
  if (payload.updateOf) return { kind: 'ready', reference, payload: { ...payload, activityId: related.sentActivityId } };
  const conversation = (reference.conversation ?? {}) as Record<string, unknown>;
  return {
    kind: 'ready',
    reference: {
      ...reference,
      conversation: {
        ...conversation,
        id: threadConversationId(typeof conversation.id === 'string' ? conversation.id : '', related.sentActivityId),
      },
    },
    payload,
  };
}

async function channelReferenceFromSibling(key: string, conversations: Pick<ConversationReferenceStore, 'get' | 'listKeys'>) {
  if (!key.startsWith('channel:')) return undefined;
  // Another channel's reference first; any conversation in the tenant has the same service URL.
  const [sibling] = [...(await conversations.listKeys('channel:')), ...(await conversations.listKeys())];
  const reference = sibling ? await conversations.get(sibling) : undefined;
  if (!reference) return undefined;
  const channelId = key.slice('channel:'.length);
  const conversation = (reference.conversation ?? {}) as Record<string, unknown>;
  return { ...reference, conversation: { ...conversation, id: channelId, conversationType: 'channel', isGroup: true } };
}
