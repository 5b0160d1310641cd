import {
  adaptiveCard,
  attentionText,
  plainText,
  textBlock,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  successText,
} from '../../platform/adaptive-card';
import type { IsoDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { noticeActions } from '../card-actions';
import { NOTICE_LIMITS, type Notice } from '../model';
import { confirmationSummary } from '../rules';
import { noticeText, statusName } from '../strings';
import { noticeSection, type NoticeNames } from './notice-facts';

export type SenderCardMode =
  { kind: 'view' } | { kind: 'correctForm'; errors?: { title?: string; body?: string }; values?: { title: string; body: string } };

/**
 * The sender's card (in the HQ department's channel, or the sender's personal chat): the notice
 * with its live count 「確認 x/y」, the sections still missing and those the bot cannot reach;
 * 訂正する turns it into the correction form.
 */
export function senderCard(
  notice: Notice,
  names: NoticeNames,
  today: IsoDate,
  locale: Locale,
  mode: SenderCardMode = { kind: 'view' },
): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(noticeText(locale, 'sender.header'), { isSubtle: true, size: 'Small' }),
    ...noticeSection(notice, names, locale),
  ];
  body.push(
    textBlock(noticeText(locale, 'sender.status', { status: statusName(locale, notice.status) }), { weight: 'Bolder', spacing: 'Medium' }),
  );
  if (notice.status === 'returned' && notice.returnComment) {
    body.push(
      textBlock(
        plainText(noticeText(locale, 'sender.returned', { name: names.person(notice.approvedBy ?? ''), comment: notice.returnComment })),
        { color: 'Warning' },
      ),
    );
  }
  if (notice.status === 'sent') {
    const summary = confirmationSummary(notice, today);
    const list = (ids: string[]) => ids.map((id) => names.department(id)).join('、');
    body.push(
      textBlock(noticeText(locale, 'sender.count', { confirmed: summary.confirmed, total: summary.total }), {
        size: 'ExtraLarge',
        weight: 'Bolder',
      }),
    );
    if (summary.complete) body.push(successText(noticeText(locale, 'sender.complete')));
    const pending = summary.missing.filter((id) => !summary.unreachable.includes(id));
    if (pending.length > 0) body.push(textBlock(plainText(noticeText(locale, 'sender.missing', { names: list(pending) }))));
    if (summary.unreachable.length > 0)
      body.push(
        textBlock(plainText(noticeText(locale, 'sender.unreachable', { names: list(summary.unreachable) })), { color: 'Attention' }),
      );
    if (summary.overdue) body.push(textBlock(noticeText(locale, 'sender.overdue'), { color: 'Attention', weight: 'Bolder' }));
  }
  const ref = { noticeId: notice.id };
  if (mode.kind === 'correctForm') {
    const values = mode.values ?? { title: notice.title, body: notice.body };
    const errors = mode.errors ?? {};
    body.push(
      textBlock(noticeText(locale, notice.status === 'sent' ? 'sender.correctHint' : 'compose.approvalNote'), {
        isSubtle: true,
        spacing: 'Medium',
      }),
      {
        type: 'Input.Text',
        id: 'title',
        label: noticeText(locale, 'sender.correctTitle'),
        isRequired: true,
        maxLength: NOTICE_LIMITS.title,
        value: values.title,
      },
      ...(errors.title ? [attentionText(errors.title)] : []),
      {
        type: 'Input.Text',
        id: 'body',
        label: noticeText(locale, 'sender.correctBody'),
        isMultiline: true,
        isRequired: true,
        maxLength: NOTICE_LIMITS.body,
        value: values.body,
      },
      ...(errors.body ? [attentionText(errors.body)] : []),
    );
    const submit = noticeText(locale, notice.status === 'sent' ? 'sender.correctSubmit' : 'sender.resubmit');
    return adaptiveCard(body, [
      noticeActions.correct.button(submit, { ...ref, revision: notice.revision }, { style: 'positive' }),
      noticeActions.view.button(noticeText(locale, 'sender.cancel'), ref, { associatedInputs: 'none' }),
    ]);
  }
  const actions: CardAction[] =
    notice.status === 'awaitingApproval'
      ? []
      : [noticeActions.correctForm.button(noticeText(locale, 'sender.correct'), ref, { associatedInputs: 'none' })];
  return adaptiveCard(body, actions);
}

/** To the sending department's approvers: the notice as it would go out, 承認して送信 or 差戻し with a reason. */
export function approvalCard(notice: Notice, names: NoticeNames, sectionCount: number, locale: Locale, error?: string): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(noticeText(locale, 'approval.header'), { size: 'Medium', weight: 'Bolder', color: 'Accent' }),
    textBlock(plainText(noticeText(locale, 'approval.by', { name: names.person(notice.senderId) })), { isSubtle: true }),
    ...noticeSection(notice, names, locale, [
      { title: noticeText(locale, 'card.to'), value: noticeText(locale, 'approval.audience', { count: sectionCount }) },
    ]),
    {
      type: 'Input.Text',
      id: 'comment',
      label: noticeText(locale, 'approval.comment'),
      isMultiline: true,
      maxLength: NOTICE_LIMITS.comment,
    },
  ];
  if (error) body.push(attentionText(error));
  const ref = { noticeId: notice.id, version: notice.updatedAt };
  return adaptiveCard(body, [
    noticeActions.approve.button(noticeText(locale, 'approval.approve'), ref, { style: 'positive', associatedInputs: 'none' }),
    noticeActions.return.button(noticeText(locale, 'approval.return'), ref, { style: 'destructive' }),
  ]);
}

/** A short card that replaces an action's card when it is done. */
export function doneCard(title: string, detail?: string): AdaptiveCard {
  return adaptiveCard([successText(plainText(title)), ...(detail ? [textBlock(plainText(detail))] : [])]);
}
