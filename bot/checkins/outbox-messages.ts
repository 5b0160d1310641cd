import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../platform/adaptive-card';
import type { NewOutboxMessage } from '../platform/outbox/model';
import type { FiscalQuarter } from '../platform/fiscal-calendar';

/** Outbox keys: one card, one reminder per offset and one roll-up per quarter, however often they are asked for. */
export const outboxKey = {
  card: (q: FiscalQuarter, code: string) => `checkin:${q.fiscalYear}Q${q.quarter}:${code}:card`,
  reminder: (q: FiscalQuarter, code: string, offset: number) => `checkin:${q.fiscalYear}Q${q.quarter}:${code}:reminder:${offset}`,
  rollUp: (q: FiscalQuarter, recipient: string) => `checkin:${q.fiscalYear}Q${q.quarter}:rollup:${recipient}`,
};

export function cardMessage(key: string, conversationKey: string, card: AdaptiveCard, summary: string): NewOutboxMessage {
  return {
    key,
    conversationKey,
    payload: { activity: { type: 'message', summary, attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] } },
  };
}

export const personConversation = (personId: string) => `person:${personId}`;
export const channelConversation = (channelId: string) => `channel:${channelId}`;
