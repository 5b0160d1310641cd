import type { BotTurn, CardActionResult } from '../../platform/bot-turn';
import { checkInSummaryCard } from '../cards/check-in-summary-card';
import type { CheckIn, CheckInCycle, Initiative } from '../model';
import type { CheckInHandlerDeps } from './deps';

/** The read-only summary of a stored answer, as the card that replaces the form. */
export async function summaryCardFor(
  deps: CheckInHandlerDeps,
  turn: BotTurn,
  initiative: Initiative,
  cycle: CheckInCycle,
  checkIn: CheckIn,
  notice?: string,
): Promise<CardActionResult> {
  const submitterName = (await deps.store.people.get(checkIn.submittedBy))?.displayName ?? checkIn.submittedBy;
  return { card: checkInSummaryCard({ locale: turn.locale, initiative, checkIn, cycle, today: turn.today, submitterName, notice }) };
}
