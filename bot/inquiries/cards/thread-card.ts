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
import type { Locale } from '../../platform/i18n';
import { inquiryActions } from '../card-actions';
import { FINAL_STATUSES, INQUIRY_LIMITS, type Inquiry } from '../model';
import { citationValue } from '../rules/answer-form';
import { ALLOWED_FROM } from '../rules/lifecycle';
import { fieldError, inquiryText, type InquiryMessageKey } from '../strings';
import { clarificationSection, questionSection, type InquiryNames } from './inquiry-facts';
import { citationInput, citationLine, similarCasesSection, type SimilarCasesView } from './similar-cases-section';

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
  /** The reader's language: Japanese in the channel, a person's own in their chat or refreshed view. */
  locale?: Locale;
  /** 同様の照会・判断事例, shown while the inquiry is open and on the answer form (one person's view only). */
  similar?: SimilarCasesView;
}

/** One person's view: 担当を外す only for the assignee, 担当変更 only for who may reassign. */
export interface ThreadViewer {
  mayAct: boolean;
  isAssignee?: boolean;
  mayReassign?: boolean;
}

export type ThreadCardMode =
  | { kind: 'view' }
  /** `cite`: the case これを引用して回答する chose ('ruling:…' / 'inquiry:…'). */
  | { kind: 'answerForm'; errors?: Record<string, string>; values?: Record<string, string>; cite?: string }
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
  const locale = view.locale ?? 'ja';
  const card = threadCardBody(inquiry, names, today, mode, approvalRequired, view.viewer, view.header, locale, view.similar);
  return withThreadRefresh(card, inquiry.number, view.refreshFor, locale);
}

/** A card that stands for the thread card in someone's view keeps refreshing as it does (verb inquiry.view). */
export function withThreadRefresh(card: AdaptiveCard, number: string, refreshFor: string[] | undefined, locale: Locale): AdaptiveCard {
  if (!refreshFor?.length) return card;
  return withRefresh(card, inquiryActions.view.button(inquiryText(locale, 'thread.refresh'), { number }), refreshFor);
}

function threadCardBody(
  inquiry: Inquiry,
  names: InquiryNames,
  today: IsoDate,
  mode: ThreadCardMode,
  approvalRequired: boolean,
  viewer: 'everyone' | ThreadViewer,
  header: string | undefined,
  locale: Locale,
  similar: SimilarCasesView | undefined,
): AdaptiveCard {
  const text = (key: InquiryMessageKey, params?: Record<string, string>) => inquiryText(locale, key, params);
  const body: CardElement[] = [
    textBlock(text('card.kind'), { isSubtle: true, size: 'Small' }),
    ...(header ? [textBlock(plainText(header), { weight: 'Bolder' })] : []),
    ...questionSection(inquiry, names, today, locale),
    ...clarificationSection(inquiry, locale),
  ];
  const ref = { number: inquiry.number };
  if (inquiry.returnComment && inquiry.status === 'returned')
    body.push(textBlock(plainText(text('thread.returnComment', { comment: inquiry.returnComment })), { color: 'Warning' }));
  if (inquiry.status === 'withdrawn' && inquiry.withdrawal)
    body.push(textBlock(plainText(text('withdraw.reasonShown', { reason: inquiry.withdrawal.reason })), { isSubtle: true }));
  if (inquiry.answer) {
    body.push(textBlock(text('answer.heading'), { weight: 'Bolder', spacing: 'Medium' }), textBlock(plainText(inquiry.answer.text)));
    if (inquiry.answer.citation) body.push(textBlock(plainText(citationLine(inquiry.answer.citation, locale)), { isSubtle: true }));
    if (inquiry.rulingId) body.push(successText(plainText(text('thread.shared', { id: inquiry.rulingId })), { weight: 'Default' }));
  } else if (inquiry.draft && mode.kind === 'view') {
    body.push(
      textBlock(text('draft.heading'), { weight: 'Bolder', spacing: 'Medium' }),
      textBlock(plainText(inquiry.draft.text), { isSubtle: true }),
    );
    if (inquiry.draft.citation) body.push(textBlock(plainText(citationLine(inquiry.draft.citation, locale)), { isSubtle: true }));
  }

  if (mode.kind === 'answerForm')
    return adaptiveCard(
      [...body, ...(similar ? similarCasesSection(similar, locale) : []), ...answerInputs(inquiry, mode, locale, similar)],
      answerActions(ref, approvalRequired, locale),
    );
  if (similar && mode.kind === 'view' && !FINAL_STATUSES.includes(inquiry.status)) {
    const mayAnswer = viewer !== 'everyone' && viewer.mayAct && ALLOWED_FROM.submitAnswer.includes(inquiry.status);
    body.push(...similarCasesSection(similar, locale, mayAnswer ? ref : undefined));
  }
  if (mode.kind === 'askForm') {
    body.push({
      type: 'Input.Text',
      id: 'question',
      label: text('thread.askLabel'),
      isMultiline: true,
      isRequired: true,
      errorMessage: text('thread.askMissing'),
      maxLength: INQUIRY_LIMITS.question,
      value: mode.value ?? '',
    });
    if (mode.error) body.push(attentionText(mode.error));
    return adaptiveCard(body, [
      inquiryActions.requestInfo.button(text('thread.askSend'), ref, { style: 'positive' }),
      inquiryActions.view.button(text('thread.cancel'), ref, { associatedInputs: 'none' }),
    ]);
  }
  if (mode.kind === 'reassignForm') return adaptiveCard([...body, ...reassignInputs(mode, locale)], reassignActions(ref, mode, locale));
  return adaptiveCard(body, viewActionsFor(viewer, inquiry, ref, locale));
}

function reassignInputs(mode: { candidates: { id: string; name: string }[]; error?: string }, locale: Locale): CardElement[] {
  if (mode.candidates.length === 0) return [attentionText(inquiryText(locale, 'reassign.noOne'))];
  return [
    textBlock(inquiryText(locale, 'reassign.title'), { weight: 'Bolder', spacing: 'Medium' }),
    {
      type: 'Input.ChoiceSet',
      id: 'assignee',
      label: inquiryText(locale, 'reassign.to'),
      isRequired: true,
      errorMessage: inquiryText(locale, 'reassign.missing'),
      style: 'compact',
      choices: mode.candidates.map((c) => ({ title: c.name, value: c.id })),
    },
    ...(mode.error ? [attentionText(mode.error)] : []),
  ];
}

function reassignActions(ref: { number: string }, mode: { candidates: unknown[] }, locale: Locale): CardAction[] {
  const cancel = inquiryActions.view.button(inquiryText(locale, 'reassign.cancel'), ref, { associatedInputs: 'none' });
  if (mode.candidates.length === 0) return [cancel];
  return [inquiryActions.reassign.button(inquiryText(locale, 'reassign.submit'), ref, { style: 'positive' }), cancel];
}

function viewActionsFor(viewer: 'everyone' | ThreadViewer, inquiry: Inquiry, ref: { number: string }, locale: Locale): CardAction[] {
  const all = viewActions(inquiry, ref, locale);
  if (viewer === 'everyone') return all;
  if (!viewer.mayAct && !viewer.mayReassign) return [];
  return all.filter((action) => {
    const verb = action.verb;
    if (verb === inquiryActions.release.verb) return viewer.isAssignee === true;
    if (verb === inquiryActions.reassignForm.verb) return viewer.mayReassign === true;
    return viewer.mayAct;
  });
}

function viewActions(inquiry: Inquiry, ref: { number: string }, locale: Locale): CardAction[] {
  switch (inquiry.status) {
    case 'submitted':
      return [
        inquiryActions.claim.button(inquiryText(locale, 'thread.claim'), ref, { style: 'positive' }),
        inquiryActions.reassignForm.button(inquiryText(locale, 'reassign.button'), ref, { associatedInputs: 'none' }),
      ];
    case 'claimed':
    case 'drafted':
    case 'returned':
      return [
        inquiryActions.answerForm.button(inquiryText(locale, 'thread.answer'), ref, { style: 'positive' }),
        inquiryActions.askForm.button(inquiryText(locale, 'thread.ask'), ref),
        inquiryActions.release.button(inquiryText(locale, 'release.button'), ref, { associatedInputs: 'none' }),
        inquiryActions.reassignForm.button(inquiryText(locale, 'reassign.button'), ref, { associatedInputs: 'none' }),
      ];
    case 'awaitingInfo':
      return [inquiryActions.reassignForm.button(inquiryText(locale, 'reassign.button'), ref, { associatedInputs: 'none' })];
    default:
      return [];
  }
}

function answerInputs(
  inquiry: Inquiry,
  mode: { errors?: Record<string, string>; values?: Record<string, string>; cite?: string },
  locale: Locale,
  similar: SimilarCasesView | undefined,
): CardElement[] {
  const cited = similar?.cases.find((c) => citationValue(c) === mode.cite);
  const values = mode.values ?? {
    // これを引用して回答する starts the answer from the cited one's, unless a draft is already written.
    answer: inquiry.draft?.text ?? cited?.answer ?? '',
    cite: mode.cite ?? citationValue(inquiry.draft?.citation),
    share: inquiry.draft?.shareWithAllWards ? 'true' : 'false',
    rulingTitle: inquiry.draft?.ruling?.title ?? inquiry.subject,
    rulingCategory: inquiry.draft?.ruling?.category ?? inquiry.category,
    rulingTags: inquiry.draft?.ruling?.tags.join(inquiryText(locale, 'listSeparator')) ?? '',
  };
  const errors = mode.errors ?? {};
  const withError = (element: CardElement): CardElement[] => {
    const message = errors[String(element.id)];
    return message ? [element, attentionText(fieldError(locale, String(element.id), message))] : [element];
  };
  return [
    ...withError({
      type: 'Input.Text',
      id: 'answer',
      label: inquiryText(locale, 'form.answer'),
      isMultiline: true,
      isRequired: true,
      errorMessage: inquiryText(locale, 'form.answerMissing'),
      maxLength: INQUIRY_LIMITS.answer,
      value: values.answer,
      spacing: 'Medium',
    }),
    ...withError({
      type: 'Input.Toggle',
      id: 'share',
      title: inquiryText(locale, 'form.share'),
      valueOn: 'true',
      valueOff: 'false',
      value: values.share,
    }),
    ...withError({
      type: 'Input.Text',
      id: 'rulingTitle',
      label: inquiryText(locale, 'form.rulingTitle'),
      maxLength: INQUIRY_LIMITS.rulingTitle,
      value: values.rulingTitle,
    }),
    ...withError({
      type: 'Input.Text',
      id: 'rulingCategory',
      label: inquiryText(locale, 'form.rulingCategory'),
      maxLength: INQUIRY_LIMITS.category,
      value: values.rulingCategory,
    }),
    ...withError({
      type: 'Input.Text',
      id: 'rulingTags',
      label: inquiryText(locale, 'form.rulingTags'),
      maxLength: 300,
      value: values.rulingTags,
    }),
    ...(similar || values.cite
      ? withError(
          citationInput(
            similar ?? { cases: [], departmentNames: {}, tabUrl: '' },
            values.cite ?? '',
            locale,
            inquiry.draft?.citation && citationValue(inquiry.draft.citation) === values.cite ? inquiry.draft.citation.title : undefined,
          ),
        )
      : []),
  ];
}

function answerActions(ref: { number: string }, approvalRequired: boolean, locale: Locale): CardAction[] {
  const text = (key: InquiryMessageKey) => inquiryText(locale, key);
  return [
    inquiryActions.answer.button(
      text(approvalRequired ? 'form.askApproval' : 'form.send'),
      { ...ref, decision: 'submit' },
      { style: 'positive' },
    ),
    inquiryActions.answer.button(text('form.saveDraft'), { ...ref, decision: 'draft' }),
    inquiryActions.view.button(text('thread.cancel'), ref, { associatedInputs: 'none' }),
  ];
}
