import type { CardActionResult } from '../../platform/bot-turn';
import type { IsoDate } from '../../platform/fiscal-calendar';
import { threadCard, type ThreadCardMode } from '../cards/thread-card';
import { loadInquiryContext, namesOf } from '../context';
import type { Inquiry } from '../model';
import type { InquiryHandlerDeps } from './deps';

/** The thread card of an inquiry as the store has it now, in the given mode. */
export async function threadCardResult(deps: InquiryHandlerDeps, inquiry: Inquiry, today: IsoDate, mode: ThreadCardMode = { kind: 'view' }): Promise<CardActionResult> {
  const context = await loadInquiryContext(deps.store, inquiry, deps.tabUrl);
  return { card: threadCard(inquiry, namesOf(inquiry, context), today, mode, context.department?.approvalRequired) };
}
