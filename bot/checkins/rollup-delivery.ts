import type { FiscalQuarter } from '../platform/fiscal-calendar';
import { quarterLabel } from '../platform/fiscal-calendar';
import type { Locale } from '../platform/i18n';
import type { StoreSession } from '../store/ports';
import { rollUpCard } from './cards/rollup-card';
import { computeRollUp } from './rollup';
import { cardMessage, channelConversation, personConversation } from '../platform/outbox/messages';
import { outboxKey } from './outbox-messages';
import { ct } from './strings';

/** The roll-up card of a quarter, computed from the store as it is now. */
export async function rollUpCardFor(store: StoreSession, quarter: FiscalQuarter, locale: Locale) {
  const cycle = await store.checkInCycles.get(quarter.fiscalYear, quarter.quarter);
  const initiatives = await store.initiatives.list();
  const checkIns = await store.checkIns.listForQuarter(quarter.fiscalYear, quarter.quarter);
  const rollUp = computeRollUp(quarter, initiatives, checkIns, cycle?.dueOn);
  const ownerNames = new Map((await store.people.list()).map((p) => [p.id, p.displayName]));
  return { rollUp, card: rollUpCard(rollUp, ownerNames, locale), summary: ct(locale, 'rollup.title', { quarter: quarterLabel(quarter, locale) }) };
}

/**
 * Queues the closing roll-up for the PMO: to the PMO channel when one is configured, else to
 * each PMO member's personal chat. Keyed per quarter and recipient, so it goes once. Run it
 * in the transaction that closes the cycle, so a crash cannot close without a roll-up.
 */
export async function queueRollUp(tx: StoreSession, quarter: FiscalQuarter, options: { pmoChannelId?: string }): Promise<number> {
  const recipients: { conversationKey: string; locale: Locale }[] = [];
  if (options.pmoChannelId) recipients.push({ conversationKey: channelConversation(options.pmoChannelId), locale: 'ja' });
  else for (const person of await tx.people.list({ role: 'pmo' })) recipients.push({ conversationKey: personConversation(person.id), locale: person.locale });
  let queued = 0;
  for (const recipient of recipients) {
    const { card, summary } = await rollUpCardFor(tx, quarter, recipient.locale);
    if (await tx.outbox.enqueue(cardMessage(outboxKey.rollUp(quarter, recipient.conversationKey), recipient.conversationKey, card, summary))) queued += 1;
  }
  return queued;
}
