import { quarterLabel, type FiscalQuarter, type IsoDate } from '../platform/fiscal-calendar';
import type { StoreSession, Store } from '../store/ports';
import { buildFormCard } from './form-card-builder';
import type { CheckInCycle, Initiative } from './model';
import { cardMessage, personConversation, reachablePeople } from '../platform/outbox/messages';
import { outboxKey } from './outbox-messages';
import { ct } from './strings';

export interface CycleOpening {
  /** False when the cycle was open already (by the scheduler, another instance or a PMO). */
  opened: boolean;
  cycle: CheckInCycle;
  /** Cards put in the outbox now. */
  sent: number;
  /** Owners with no personal chat with the bot: the PMO must reach them another way. */
  unreachableOwnerIds: string[];
  /** Initiatives nobody owns. */
  withoutOwner: string[];
}

/**
 * Opens a quarter's check-in and queues one card per initiative for its owner, in one
 * transaction: either the cycle exists with every card queued, or nothing happened. Two
 * instances opening it at the same moment make one cycle (the store's open is insert-once).
 */
export async function openCycle(
  store: Store,
  request: { quarter: FiscalQuarter; opensOn: IsoDate; dueOn: IsoDate; openedBy: string; now: Date },
): Promise<CycleOpening> {
  return store.transaction(async (tx) => {
    const { quarter } = request;
    const existing = await tx.checkInCycles.get(quarter.fiscalYear, quarter.quarter);
    const initiatives = await tx.initiatives.list();
    const withoutOwner = initiatives.filter((i) => !i.ownerId).map((i) => i.code);
    if (existing) return { opened: false, cycle: existing, sent: 0, unreachableOwnerIds: existing.unreachableOwnerIds, withoutOwner };

    const reachable = await reachablePeople(tx.conversations);
    const owned = initiatives.filter((i): i is Initiative & { ownerId: string } => i.ownerId !== null);
    const unreachableOwnerIds = [...new Set(owned.map((i) => i.ownerId).filter((id) => !reachable.has(id)))].sort();
    const cycle: CheckInCycle = {
      fiscalYear: quarter.fiscalYear,
      quarter: quarter.quarter,
      opensOn: request.opensOn,
      dueOn: request.dueOn,
      openedAt: request.now.toISOString(),
      openedBy: request.openedBy,
      unreachableOwnerIds,
      closedAt: null,
    };
    if (!(await tx.checkInCycles.open(cycle))) {
      // Another instance opened it between our read and our write (its cards are its to send).
      const winner = (await tx.checkInCycles.get(quarter.fiscalYear, quarter.quarter)) ?? cycle;
      return { opened: false, cycle: winner, sent: 0, unreachableOwnerIds: winner.unreachableOwnerIds, withoutOwner };
    }
    let sent = 0;
    for (const initiative of owned) {
      if (!reachable.has(initiative.ownerId)) continue;
      const card = await formCardFor(tx, initiative, cycle, request.opensOn, false);
      if (card && (await tx.outbox.enqueue(cardMessage(outboxKey.card(quarter, initiative.code), personConversation(initiative.ownerId), card.card, card.summary)))) sent += 1;
    }
    await tx.audit.append({ actorId: request.openedBy, action: 'checkin.cycle.open', objectType: 'checkInCycle', objectId: `${quarter.fiscalYear}Q${quarter.quarter}`, detail: { sent, unreachable: unreachableOwnerIds.length, dueOn: cycle.dueOn } });
    return { opened: true, cycle, sent, unreachableOwnerIds, withoutOwner };
  });
}

/** The form card an owner receives (on opening or as a reminder), in the owner's language. */
export async function formCardFor(tx: StoreSession, initiative: Initiative & { ownerId: string }, cycle: CheckInCycle, today: IsoDate, reminder: boolean) {
  const owner = await tx.people.get(initiative.ownerId);
  if (!owner) return undefined;
  const card = await buildFormCard(tx, { locale: owner.locale, initiative, cycle, today, reminder });
  const summary = `${ct(owner.locale, 'card.title', { quarter: quarterLabel(cycle, owner.locale) })} ${initiative.code} ${initiative.title}`;
  return { card, summary };
}
