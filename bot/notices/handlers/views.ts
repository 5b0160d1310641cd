import type { CardActionResult } from '../../platform/bot-turn';
import type { IsoDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { senderCard, type SenderCardMode } from '../cards/sender-cards';
import { loadNoticeContext, namesOf } from '../context';
import type { Notice } from '../model';
import type { NoticeWorkflowDeps } from '../workflow';

/** The sender's card of a notice as the store has it now, in the given mode. */
export async function senderCardResult(
  deps: NoticeWorkflowDeps,
  notice: Notice,
  today: IsoDate,
  locale: Locale,
  mode: SenderCardMode = { kind: 'view' },
): Promise<CardActionResult> {
  const context = await loadNoticeContext(deps.store, notice, deps.tabUrl);
  return { card: senderCard(notice, namesOf(context), today, locale, mode) };
}

/** Section names for a short answer (「北区役所 保険年金課、…」). */
export async function sectionNames(deps: NoticeWorkflowDeps, ids: string[]): Promise<string> {
  const departments = new Map((await deps.store.departments.list({ kind: 'ward' })).map((d) => [d.id, d]));
  return ids.map((id) => (departments.has(id) ? `${departments.get(id)?.office} ${departments.get(id)?.name}` : id)).join('、');
}
