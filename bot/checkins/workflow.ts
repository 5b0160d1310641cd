import type { FiscalQuarter, IsoDate } from '../platform/fiscal-calendar';
import { installKeys } from '../platform/outbox/installation';
import { reachablePeople } from '../platform/outbox/messages';
import type { CheckInSaveOutcome, Store, StoreSession } from '../store/ports';
import { loadOwnerFormCard, loadRollUp } from './context';
import { formCardMessage, rollUpMessages, rollUpRecipients } from './effects';
import type { CheckIn, CheckInCycle, Initiative } from './model';
import type { Answer } from './rules/check-in-form';
import { editingClosed } from './rules/review-window';

/**
 * The check-in flow's steps. Each is one store transaction (the records, the audit entry and
 * every message it causes commit together, or nothing does) and returns what changed;
 * handlers, the scheduler and the CLI call these and nothing below them.
 */

export interface CycleOpening {
  /** False when the cycle was open already (by the scheduler, another instance or a PMO). */
  opened: boolean;
  cycle: CheckInCycle;
  /** Cards put in the outbox now. */
  sent: number;
  /** Owners with no personal chat with the bot: the PMO must reach them another way. */
  unreachableOwnerIds: string[];
  /** With TEAMS_APP_CATALOG_ID: owners without a chat whose cards wait while the app is installed for them. */
  installingOwnerIds: string[];
  /** Initiatives nobody owns. */
  withoutOwner: string[];
}

type OwnedInitiative = Initiative & { ownerId: string };

/**
 * Opens a quarter's check-in and queues one card per initiative for its owner: either the
 * cycle exists with every card queued, or nothing happened. Two instances opening it at the
 * same moment make one cycle (the store's open is insert-once).
 */
export async function openCycle(
  store: Store,
  request: {
    quarter: FiscalQuarter;
    opensOn: IsoDate;
    dueOn: IsoDate;
    openedBy: string;
    now: Date;
    /** TEAMS_APP_CATALOG_ID is set: a card to an owner without a chat goes too, after the app is installed (the outbox does it). */
    installsApp?: boolean;
  },
): Promise<CycleOpening> {
  return store.transaction(async (tx) => {
    const { quarter } = request;
    const existing = await tx.checkInCycles.get(quarter.fiscalYear, quarter.quarter);
    const initiatives = await tx.initiatives.list();
    const withoutOwner = initiatives.filter((i) => !i.ownerId).map((i) => i.code);
    const opening = { sent: 0, withoutOwner, installingOwnerIds: [] };
    if (existing) return { ...opening, opened: false, cycle: existing, unreachableOwnerIds: existing.unreachableOwnerIds };

    const chats = await reachablePeople(tx.conversations);
    const owned = initiatives.filter((i): i is OwnedInitiative => i.ownerId !== null);
    const withoutChat = [...new Set(owned.map((i) => i.ownerId).filter((id) => !chats.has(id)))].sort();
    const unreachableOwnerIds = request.installsApp ? await knownUnreachable(tx, withoutChat) : withoutChat;
    const installingOwnerIds = withoutChat.filter((id) => !unreachableOwnerIds.includes(id));
    const reachable = new Set([...chats, ...installingOwnerIds]);
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
      return { ...opening, opened: false, cycle: winner, unreachableOwnerIds: winner.unreachableOwnerIds };
    }
    let sent = 0;
    for (const initiative of owned) {
      if (!reachable.has(initiative.ownerId)) continue;
      const loaded = await loadOwnerFormCard(tx, { initiative, cycle, today: request.opensOn, reminder: false });
      // Whoever opened it hears about an owner the app turns out not to reach (the scheduler has the cycle's status).
      const reportTo = installingOwnerIds.includes(initiative.ownerId) && request.openedBy !== 'scheduler' ? request.openedBy : undefined;
      if (loaded && (await tx.outbox.enqueue(formCardMessage(loaded.owner, initiative, cycle, loaded.card, undefined, reportTo))))
        sent += 1;
    }
    await tx.audit.append({
      actorId: request.openedBy,
      action: 'checkin.cycle.open',
      objectType: 'checkInCycle',
      objectId: `${quarter.fiscalYear}Q${quarter.quarter}`,
      detail: { sent, unreachable: unreachableOwnerIds.length, installing: installingOwnerIds.length, dueOn: cycle.dueOn },
    });
    return { opened: true, cycle, sent, unreachableOwnerIds, installingOwnerIds, withoutOwner };
  });
}

/**
 * Queues the reminder of one offset to every owner who has not answered; owners who answered
 * get nothing. The outbox key includes the offset, so repeating this changes nothing.
 * Returns how many were queued.
 */
export async function queueReminders(
  store: Store,
  cycle: CheckInCycle,
  offset: number,
  today: IsoDate,
  options: { installsApp?: boolean } = {},
): Promise<number> {
  return store.transaction(async (tx) => {
    const answered = new Set((await tx.checkIns.listForQuarter(cycle.fiscalYear, cycle.quarter)).map((c) => c.initiativeCode));
    const chats = await reachablePeople(tx.conversations);
    // Owners the app could not be installed for stay out; the others get the reminder (after installation if need be).
    const unreachable = options.installsApp ? new Set(cycle.unreachableOwnerIds) : undefined;
    const reachable = { has: (id: string) => chats.has(id) || (unreachable !== undefined && !unreachable.has(id)) };
    let queued = 0;
    for (const initiative of await tx.initiatives.list()) {
      if (!initiative.ownerId || answered.has(initiative.code) || !reachable.has(initiative.ownerId)) continue;
      const owned = initiative as OwnedInitiative;
      const loaded = await loadOwnerFormCard(tx, { initiative: owned, cycle, today, reminder: true });
      if (loaded && (await tx.outbox.enqueue(formCardMessage(loaded.owner, owned, cycle, loaded.card, offset)))) queued += 1;
    }
    return queued;
  });
}

/** Of the owners without a chat, those an earlier installation already found unreachable (its outbox message is dead). */
async function knownUnreachable(tx: StoreSession, ownerIds: string[]): Promise<string[]> {
  const dead: string[] = [];
  for (const id of ownerIds) if ((await tx.outbox.get(installKeys.person(id)))?.status === 'dead') dead.push(id);
  return dead;
}

/**
 * Closes a cycle and queues the roll-up for the PMO in the same transaction, so a crash cannot
 * close without a roll-up. Only the caller that closes it posts the roll-up (close() is
 * compare-and-set); false when someone else closed it first.
 */
export async function closeCycle(store: Store, cycle: CheckInCycle, request: { now: Date; pmoChannelId?: string }): Promise<boolean> {
  return store.transaction(async (tx) => {
    if (!(await tx.checkInCycles.close(cycle.fiscalYear, cycle.quarter, request.now.toISOString()))) return false;
    const recipients = rollUpRecipients(request.pmoChannelId, request.pmoChannelId ? [] : await tx.people.list({ role: 'pmo' }));
    for (const message of rollUpMessages(cycle, await loadRollUp(tx, cycle), recipients)) await tx.outbox.enqueue(message);
    return true;
  });
}

export interface CheckInSubmission {
  /** The answer's submission and the person who pressed 提出する; the answer is already validated (rules/check-in-form.ts). */
  answer: Answer;
  initiative: Initiative;
  cycle: CheckInCycle;
  by: string;
  /** The revision this press creates (1, or the stored one + 1 for a 修正) and its id, from the card. */
  revision: number;
  submissionId: string;
  today: IsoDate;
}

export type CheckInSubmitResult =
  { outcome: CheckInSaveOutcome | 'closed'; checkIn: CheckIn } | { outcome: 'cycleClosed'; checkIn: CheckIn | undefined };

/** The name a deferred check-in answer is queued under (see replaySubmitCheckIn). */
export const SUBMIT_CHECK_IN_STEP = 'checkins.submit';

/**
 * Stores an answer as the next revision with its audit entry. `cycleClosed`: the cycle was
 * closed (its roll-up sent), so no answer, first or 修正, changes it any more; `closed`: a 修正
 * after the due date, refused; `conflict`: someone saved another revision first; `replayed`:
 * the same press again, nothing new stored. Returns the stored answer (none for `cycleClosed`
 * when the owner never answered). With SharePoint out, the whole step is queued and
 * WriteDeferredError thrown (replaySubmitCheckIn).
 */
export async function submitCheckIn(deps: { store: Store; now: () => Date }, submission: CheckInSubmission): Promise<CheckInSubmitResult> {
  const { initiative, cycle } = submission;
  const submittedAt = deps.now().toISOString();
  const deferAs = { step: SUBMIT_CHECK_IN_STEP, id: submission.submissionId, args: { submission, submittedAt } };
  return deps.store.transaction(
    async (tx): Promise<CheckInSubmitResult> => {
      // Read again inside the step: the cycle the card's handler read may have closed since.
      const latest = await tx.checkInCycles.get(cycle.fiscalYear, cycle.quarter);
      if (!latest || latest.closedAt)
        return { outcome: 'cycleClosed', checkIn: await tx.checkIns.get(initiative.code, cycle.fiscalYear, cycle.quarter) };
      if (submission.revision > 1 && editingClosed(cycle, submission.today)) {
        const current = await tx.checkIns.get(initiative.code, cycle.fiscalYear, cycle.quarter);
        if (current) return { outcome: 'closed' as const, checkIn: current };
      }
      const checkIn: CheckIn = {
        ...submission.answer,
        initiativeCode: initiative.code,
        fiscalYear: cycle.fiscalYear,
        quarter: cycle.quarter,
        submittedBy: submission.by,
        submittedAt,
        revision: submission.revision,
        submissionId: submission.submissionId,
      };
      const saved = await tx.checkIns.submit(checkIn);
      const audited =
        saved.outcome === 'created' ||
        saved.outcome === 'updated' ||
        (saved.outcome === 'replayed' && !(await revisionAudited(tx, saved.checkIn, submission.submissionId)));
      if (audited) {
        const action = saved.outcome === 'replayed' ? (saved.checkIn.revision === 1 ? 'created' : 'updated') : saved.outcome;
        await tx.audit.append({
          actorId: submission.by,
          action: `checkin.${action}`,
          objectType: 'checkIn',
          objectId: `${initiative.code}:${cycle.fiscalYear}Q${cycle.quarter}`,
          detail: { revision: checkIn.revision, weather: checkIn.weather, direction: checkIn.direction },
        });
      }
      return saved;
    },
    { deferAs },
  );
}

/**
 * Whether this press's revision has its audit entry. Without one, an earlier attempt stored the
 * answer in SharePoint and was cut off before the operational store committed (an outage, a
 * crash): the replay writes it now, so every stored answer is audited once.
 */
async function revisionAudited(tx: StoreSession, stored: CheckIn, submissionId: string): Promise<boolean> {
  if (stored.submissionId !== submissionId) return true; // a later revision is current: this one was audited with its own step
  const objectId = `${stored.initiativeCode}:${stored.fiscalYear}Q${stored.quarter}`;
  const entries = await tx.audit.list({ objectType: 'checkIn', objectId, actions: ['checkin.created', 'checkin.updated'], limit: 1000 });
  return entries.some((e) => (e.detail as { revision?: unknown } | undefined)?.revision === stored.revision);
}

/** Runs a queued check-in answer again (the dispatcher, once SharePoint answers), at the time it was pressed. */
export async function replaySubmitCheckIn(store: Store, args: Record<string, unknown>): Promise<'done' | { giveUp: string }> {
  const { submission, submittedAt } = args as { submission: CheckInSubmission; submittedAt: string };
  const saved = await submitCheckIn({ store, now: () => new Date(submittedAt) }, submission);
  if (saved.outcome === 'conflict')
    return { giveUp: `他の回答が先に保存されました (conflict: revision ${saved.checkIn.revision} was saved first)` };
  if (saved.outcome === 'closed') return { giveUp: '修正の期限を過ぎていました (editing closed)' };
  if (saved.outcome === 'cycleClosed') return { giveUp: 'チェックインは締め切られていました (cycle closed)' };
  return 'done';
}
