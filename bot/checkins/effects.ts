import type { Person } from '../directory/model';
import type { AdaptiveCard } from '../platform/adaptive-card';
import { quarterLabel, type FiscalQuarter } from '../platform/fiscal-calendar';
import type { Locale } from '../platform/i18n';
import { cardMessage, channelConversation, personConversation } from '../platform/outbox/messages';
import type { NewOutboxMessage } from '../platform/outbox/model';
import { rollUpCard } from './cards/rollup-card';
import type { CheckInCycle, Initiative } from './model';
import { checkInOutboxKey } from './outbox-keys';
import type { RollUp } from './rules/rollup';
import { checkInText } from './strings';

/** The messages the check-in steps put in the outbox; pure, so each is tested without a store. */

/** The form card to its owner's personal chat: the first one, or the reminder of one offset (each once). */
export function formCardMessage(
  owner: Person,
  initiative: Initiative,
  cycle: CheckInCycle,
  card: AdaptiveCard,
  reminderOffset?: number,
  /** The person told, with the reason, if the app cannot be installed for the owner. */
  reportUnreachableTo?: string,
): NewOutboxMessage {
  const key =
    reminderOffset === undefined
      ? checkInOutboxKey.card(cycle, initiative.code)
      : checkInOutboxKey.reminder(cycle, initiative.code, reminderOffset);
  const summary = `${checkInText(owner.locale, 'card.title', { quarter: quarterLabel(cycle, owner.locale) })} ${initiative.code} ${initiative.title}`;
  const report = reportUnreachableTo && {
    reportUnreachableTo: {
      conversationKey: personConversation(reportUnreachableTo),
      what: `${owner.displayName}（${initiative.code} ${initiative.title}）`,
    },
  };
  return cardMessage(key, personConversation(owner.id), card, summary, report || {});
}

export interface RollUpRecipient {
  conversationKey: string;
  locale: Locale;
}

/** The closing roll-up goes to the PMO channel when one is configured, else to each PMO member's personal chat. */
export function rollUpRecipients(pmoChannelId: string | undefined, pmo: Person[]): RollUpRecipient[] {
  if (pmoChannelId) return [{ conversationKey: channelConversation(pmoChannelId), locale: 'ja' }];
  return pmo.map((person) => ({ conversationKey: personConversation(person.id), locale: person.locale }));
}

/** One roll-up card per recipient, in the recipient's language, keyed so each goes once per quarter. */
export function rollUpMessages(
  quarter: FiscalQuarter,
  view: { rollUp: RollUp; ownerNames: Map<string, string> },
  recipients: RollUpRecipient[],
): NewOutboxMessage[] {
  return recipients.map(({ conversationKey, locale }) =>
    cardMessage(
      checkInOutboxKey.rollUp(quarter, conversationKey),
      conversationKey,
      rollUpCard(view.rollUp, view.ownerNames, locale),
      checkInText(locale, 'rollup.title', { quarter: quarterLabel(quarter, locale) }),
    ),
  );
}
