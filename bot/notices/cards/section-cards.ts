import {
  adaptiveCard,
  successText,
  openUrlAction,
  plainText,
  textBlock,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  withRefresh,
} from '../../platform/adaptive-card';
import { formatDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { noticeActions } from '../card-actions';
import type { Notice } from '../model';
import { noticeText } from '../strings';
import { formatTimestamp, noticeSection, noticeUrl, type NoticeNames } from './notice-facts';

export type FollowUpKind = 'beforeDeadline' | 'overdue';

/**
 * The card a ward section receives (in its notice channel or each person's chat): the notice,
 * and 確認しました until someone of the section has confirmed; then who and when. A reminder
 * is the same card with the deadline called out.
 */
export function sectionCard(
  notice: Notice,
  sectionId: string,
  names: NoticeNames,
  locale: Locale,
  options: {
    tabUrl?: string;
    reminder?: FollowUpKind;
    /** False: drawn for someone outside the section (a refresh in its channel), read-only. */
    mayAct?: boolean;
    /** Teams user ids of the section's members, whose clients refresh the card into their own view (in a channel). */
    refreshFor?: string[];
  } = {},
): AdaptiveCard {
  const section = notice.sections.find((s) => s.departmentId === sectionId);
  const body: CardElement[] = [];
  if (options.reminder) {
    const key = options.reminder === 'overdue' ? 'reminder.overdue' : 'reminder.beforeDeadline';
    body.push(
      textBlock(noticeText(locale, key, { date: formatDate(notice.confirmBy, locale) }), {
        color: options.reminder === 'overdue' ? 'Attention' : 'Warning',
        weight: 'Bolder',
      }),
    );
  }
  body.push(...noticeSection(notice, names, locale, [{ title: noticeText(locale, 'card.to'), value: names.department(sectionId) }]));
  const confirmed = section?.status === 'confirmed';
  if (confirmed && section.confirmedBy && section.confirmedAt) {
    body.push(
      successText(
        plainText(
          noticeText(locale, 'card.confirmedBy', {
            name: names.person(section.confirmedBy),
            at: formatTimestamp(section.confirmedAt, locale),
          }),
        ),
      ),
    );
  } else body.push(textBlock(noticeText(locale, 'card.askPending'), { isSubtle: true }));
  const actions: CardAction[] = [];
  const mayAct = options.mayAct ?? true;
  if (!confirmed && mayAct)
    actions.push(
      noticeActions.confirm.button(
        noticeText(locale, 'card.confirm'),
        { noticeId: notice.id, sectionId, revision: notice.revision },
        { style: 'positive' },
      ),
    );
  if (mayAct) actions.push(noticeActions.ask.button(noticeText(locale, 'card.ask'), { noticeId: notice.id }));
  if (options.tabUrl) actions.push(openUrlAction(noticeText(locale, 'card.openTab'), noticeUrl(options.tabUrl, notice.id)));
  const card = adaptiveCard(body, actions);
  if (!options.refreshFor?.length) return card;
  return withRefresh(
    card,
    noticeActions.sectionView.button(noticeText(locale, 'card.refresh'), { noticeId: notice.id, sectionId }),
    options.refreshFor,
  );
}

/** To the ward section's manager (approver) once the deadline has passed with the section unconfirmed. */
export function escalationCard(notice: Notice, sectionId: string, names: NoticeNames, locale: Locale): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(noticeText(locale, 'escalation.title'), { weight: 'Bolder', color: 'Attention', size: 'Medium' }),
      textBlock(plainText(noticeText(locale, 'escalation.body', { section: names.department(sectionId) }))),
      ...noticeSection(notice, names, locale),
    ],
    [
      noticeActions.confirm.button(
        noticeText(locale, 'card.confirm'),
        { noticeId: notice.id, sectionId, revision: notice.revision },
        { style: 'positive' },
      ),
    ],
  );
}
