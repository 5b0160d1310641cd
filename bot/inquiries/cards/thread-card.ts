import {
  adaptiveCard,
  attentionText,
  plainText,
  textBlock,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  successText,
  withRefresh,
} from '../../platform/adaptive-card';
import type { IsoDate } from '../../platform/fiscal-calendar';
import { inquiryActions } from '../card-actions';
import { INQUIRY_LIMITS, type Inquiry } from '../model';
import { inquiryText } from '../strings';
import { clarificationSection, questionSection, type InquiryNames } from './inquiry-facts';

/**
 * Who the card is drawn for. `everyone`: as posted in the channel (the buttons the status allows,
 * for clients that do not refresh). `actor`: a refresh for one person, with the buttons only if
 * they may act on it (their department's responders and approvers), else read-only.
 * `refreshFor`: the Teams user ids whose clients ask for their own view.
 */
export interface ThreadCardView {
  viewer: 'everyone' | ThreadViewer;
  refreshFor?: string[];
  /** A line above the question saying why this card came (e.g. 担当を引き継ぎました). */
  header?: string;
}

/** One person's view: 担当を外す only for the assignee, 担当変更 only for who may reassign. */
export interface ThreadViewer {
  mayAct: boolean;
  isAssignee?: boolean;
  mayReassign?: boolean;
}

export type ThreadCardMode =
  | { kind: 'view' }
  | { kind: 'answerForm'; errors?: Record<string, string>; values?: Record<string, string> }
  | { kind: 'askForm'; error?: string; value?: string }
  /** 担当変更: the department's people who may take it over (the approver chooses). */
  | { kind: 'reassignForm'; candidates: { id: string; name: string }[]; error?: string };

/**
 * The card in the HQ department's channel thread: the question, and what the department can
 * do next. 回答する and 質問者に確認 turn the same card into a form (Action.Execute replaces it).
 */
export function threadCard(
  inquiry: Inquiry,
  names: InquiryNames,
  today: IsoDate,
  mode: ThreadCardMode = { kind: 'view' },
  approvalRequired = false,
  view: ThreadCardView = { viewer: 'everyone' },
): AdaptiveCard {
  const card = threadCardBody(inquiry, names, today, mode, approvalRequired, view.viewer, view.header);
  return withThreadRefresh(card, inquiry.number, view.refreshFor);
}

/** A card that stands for the thread card in someone's view keeps refreshing as it does (verb inquiry.view). */
export function withThreadRefresh(card: AdaptiveCard, number: string, refreshFor: string[] | undefined): AdaptiveCard {
  if (!refreshFor?.length) return card;
  return withRefresh(card, inquiryActions.view.button('最新の状態', { number }), refreshFor);
}

function threadCardBody(
  inquiry: Inquiry,
  names: InquiryNames,
  today: IsoDate,
  mode: ThreadCardMode,
  approvalRequired: boolean,
  viewer: 'everyone' | ThreadViewer,
  header: string | undefined,
): AdaptiveCard {
  const body: CardElement[] = [
    textBlock('疑義照会', { isSubtle: true, size: 'Small' }),
    ...(header ? [textBlock(plainText(header), { weight: 'Bolder' })] : []),
    ...questionSection(inquiry, names, today),
    ...clarificationSection(inquiry),
  ];
  const ref = { number: inquiry.number };
  if (inquiry.returnComment && inquiry.status === 'returned')
    body.push(textBlock(plainText(`差戻しコメント：${inquiry.returnComment}`), { color: 'Warning' }));
  if (inquiry.status === 'withdrawn' && inquiry.withdrawal)
    body.push(textBlock(plainText(inquiryText('ja', 'withdraw.reasonShown', { reason: inquiry.withdrawal.reason })), { isSubtle: true }));
  if (inquiry.answer) {
    body.push(textBlock('回答', { weight: 'Bolder', spacing: 'Medium' }), textBlock(plainText(inquiry.answer.text)));
    if (inquiry.rulingId)
      body.push(successText(plainText(`判断事例 ${inquiry.rulingId} として全区に共有しました。`), { weight: 'Default' }));
  } else if (inquiry.draft && mode.kind === 'view') {
    body.push(textBlock('回答案', { weight: 'Bolder', spacing: 'Medium' }), textBlock(plainText(inquiry.draft.text), { isSubtle: true }));
  }

  if (mode.kind === 'answerForm') return adaptiveCard([...body, ...answerInputs(inquiry, mode)], answerActions(ref, approvalRequired));
  if (mode.kind === 'askForm') {
    body.push({
      type: 'Input.Text',
      id: 'question',
      label: '質問者に確認したいこと',
      isMultiline: true,
      isRequired: true,
      errorMessage: '確認したいことを入力してください。',
      maxLength: INQUIRY_LIMITS.question,
      value: mode.value ?? '',
    });
    if (mode.error) body.push(attentionText(mode.error));
    return adaptiveCard(body, [
      inquiryActions.requestInfo.button('質問者に送る', ref, { style: 'positive' }),
      inquiryActions.view.button('キャンセル', ref, { associatedInputs: 'none' }),
    ]);
  }
  if (mode.kind === 'reassignForm') return adaptiveCard([...body, ...reassignInputs(mode)], reassignActions(ref, mode));
  return adaptiveCard(body, viewActionsFor(viewer, inquiry, ref));
}

function reassignInputs(mode: { candidates: { id: string; name: string }[]; error?: string }): CardElement[] {
  if (mode.candidates.length === 0) return [attentionText(inquiryText('ja', 'reassign.noOne'))];
  return [
    textBlock(inquiryText('ja', 'reassign.title'), { weight: 'Bolder', spacing: 'Medium' }),
    {
      type: 'Input.ChoiceSet',
      id: 'assignee',
      label: inquiryText('ja', 'reassign.to'),
      isRequired: true,
      errorMessage: inquiryText('ja', 'reassign.missing'),
      style: 'compact',
      choices: mode.candidates.map((c) => ({ title: c.name, value: c.id })),
    },
    ...(mode.error ? [attentionText(mode.error)] : []),
  ];
}

function reassignActions(ref: { number: string }, mode: { candidates: unknown[] }): CardAction[] {
  const cancel = inquiryActions.view.button(inquiryText('ja', 'reassign.cancel'), ref, { associatedInputs: 'none' });
  if (mode.candidates.length === 0) return [cancel];
  return [inquiryActions.reassign.button(inquiryText('ja', 'reassign.submit'), ref, { style: 'positive' }), cancel];
}

function viewActionsFor(viewer: 'everyone' | ThreadViewer, inquiry: Inquiry, ref: { number: string }): CardAction[] {
  const all = viewActions(inquiry, ref);
  if (viewer === 'everyone') return all;
  if (!viewer.mayAct && !viewer.mayReassign) return [];
  return all.filter((action) => {
    const verb = action.verb;
    if (verb === inquiryActions.release.verb) return viewer.isAssignee === true;
    if (verb === inquiryActions.reassignForm.verb) return viewer.mayReassign === true;
    return viewer.mayAct;
  });
}

function viewActions(inquiry: Inquiry, ref: { number: string }): CardAction[] {
  switch (inquiry.status) {
    case 'submitted':
      return [
        inquiryActions.claim.button('担当する', ref, { style: 'positive' }),
        inquiryActions.reassignForm.button(inquiryText('ja', 'reassign.button'), ref, { associatedInputs: 'none' }),
      ];
    case 'claimed':
    case 'drafted':
    case 'returned':
      return [
        inquiryActions.answerForm.button('回答する', ref, { style: 'positive' }),
        inquiryActions.askForm.button('質問者に確認', ref),
        inquiryActions.release.button(inquiryText('ja', 'release.button'), ref, { associatedInputs: 'none' }),
        inquiryActions.reassignForm.button(inquiryText('ja', 'reassign.button'), ref, { associatedInputs: 'none' }),
      ];
    case 'awaitingInfo':
      return [inquiryActions.reassignForm.button(inquiryText('ja', 'reassign.button'), ref, { associatedInputs: 'none' })];
    default:
      return [];
  }
}

function answerInputs(inquiry: Inquiry, mode: { errors?: Record<string, string>; values?: Record<string, string> }): CardElement[] {
  const values = mode.values ?? {
    answer: inquiry.draft?.text ?? '',
    share: inquiry.draft?.shareWithAllWards ? 'true' : 'false',
    rulingTitle: inquiry.draft?.ruling?.title ?? inquiry.subject,
    rulingCategory: inquiry.draft?.ruling?.category ?? inquiry.category,
    rulingTags: inquiry.draft?.ruling?.tags.join('、') ?? '',
  };
  const errors = mode.errors ?? {};
  const withError = (element: CardElement): CardElement[] => {
    const message = errors[String(element.id)];
    return message ? [element, attentionText(message)] : [element];
  };
  return [
    ...withError({
      type: 'Input.Text',
      id: 'answer',
      label: '回答内容',
      isMultiline: true,
      isRequired: true,
      errorMessage: '回答内容を入力してください。',
      maxLength: INQUIRY_LIMITS.answer,
      value: values.answer,
      spacing: 'Medium',
    }),
    ...withError({
      type: 'Input.Toggle',
      id: 'share',
      title: '全区共有（判断事例として全区役所に共有する）',
      valueOn: 'true',
      valueOff: 'false',
      value: values.share,
    }),
    ...withError({
      type: 'Input.Text',
      id: 'rulingTitle',
      label: '判断事例の表題（全区共有のとき）',
      maxLength: INQUIRY_LIMITS.rulingTitle,
      value: values.rulingTitle,
    }),
    ...withError({
      type: 'Input.Text',
      id: 'rulingCategory',
      label: '分野',
      maxLength: INQUIRY_LIMITS.category,
      value: values.rulingCategory,
    }),
    ...withError({ type: 'Input.Text', id: 'rulingTags', label: 'タグ（読点・カンマ区切り）', maxLength: 300, value: values.rulingTags }),
  ];
}

function answerActions(ref: { number: string }, approvalRequired: boolean): CardAction[] {
  return [
    inquiryActions.answer.button(approvalRequired ? '承認を依頼する' : '回答を送る', { ...ref, decision: 'submit' }, { style: 'positive' }),
    inquiryActions.answer.button('下書き保存', { ...ref, decision: 'draft' }),
    inquiryActions.view.button('キャンセル', ref, { associatedInputs: 'none' }),
  ];
}
