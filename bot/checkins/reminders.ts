import type { IsoDate } from '../platform/fiscal-calendar';
import type { Store } from '../store/ports';
import { formCardFor } from './cycle-opening';
import type { CheckInCycle, Initiative } from './model';
import { cardMessage, personConversation, reachablePeople } from '../platform/outbox/messages';
import { outboxKey } from './outbox-messages';

/**
 * Queues the reminder of one offset to every owner who has not answered; owners who answered
 * get nothing. The outbox key includes the offset, so repeating this changes nothing.
 */
export async function queueReminders(store: Store, cycle: CheckInCycle, offset: number, today: IsoDate): Promise<number> {
  return store.transaction(async (tx) => {
    const answered = new Set((await tx.checkIns.listForQuarter(cycle.fiscalYear, cycle.quarter)).map((c) => c.initiativeCode));
    const reachable = await reachablePeople(tx.conversations);
    let queued = 0;
    for (const initiative of await tx.initiatives.list()) {
      if (!initiative.ownerId || answered.has(initiative.code) || !reachable.has(initiative.ownerId)) continue;
      const owned = initiative as Initiative & { ownerId: string };
      const card = await formCardFor(tx, owned, cycle, today, true);
      if (!card) continue;
      if (await tx.outbox.enqueue(cardMessage(outboxKey.reminder(cycle, initiative.code, offset), personConversation(owned.ownerId), card.card, card.summary))) queued += 1;
    }
    return queued;
  });
}
