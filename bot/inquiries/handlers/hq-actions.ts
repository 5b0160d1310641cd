import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { typedText } from '../../platform/typed-text';
import { inquiryActions } from '../card-actions';
import type { ThreadCardMode } from '../cards/thread-card';
import { loadInquiryContext } from '../context';
import { INQUIRY_LIMITS, type Inquiry } from '../model';
import { answerFormValues, validateAnswerForm } from '../rules/answer-form';
import { ALLOWED_FROM } from '../rules/lifecycle';
import { resolveCitation } from '../similar-cases';
import { fieldError, inquiryText, refusalText } from '../strings';
import { applyInquiryEvent } from '../workflow';
import { accessInquiry } from './access';
import type { InquiryHandlerDeps } from './deps';
import { threadCardResult } from './thread-view';

/** 担当する: a department member takes the inquiry; the card shows who. */
export function claimAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.claim, async (turn, data) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.claim');
    if ('message' in access) return access;
    const result = await applyInquiryEvent(deps, access.inquiry.number, { type: 'claim', by: access.actor.person.id });
    if ('error' in result) return { message: refusalText(turn.locale, result.error) };
    return threadCardResult(deps, access.actor, result.inquiry, turn);
  });
}

/** 回答する: the thread card becomes the answer form (回答内容, 全区共有, 判断事例の表題・分野・タグ). */
export function answerFormAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.answerForm, async (turn, data) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.draft');
    if ('message' in access) return access;
    if (!ALLOWED_FROM.submitAnswer.includes(access.inquiry.status)) return threadCardResult(deps, access.actor, access.inquiry, turn);
    return threadCardResult(deps, access.actor, access.inquiry, turn, { kind: 'answerForm', cite: data.cite });
  });
}

/** 下書き保存 / 回答を送る (承認を依頼する): saves the draft, or submits it for approval or delivery. */
export function answerAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.answer, async (turn, data, inputs) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.draft');
    if ('message' in access) return access;
    const form = validateAnswerForm(inputs);
    if ('errors' in form)
      return threadCardResult(deps, access.actor, access.inquiry, turn, {
        kind: 'answerForm',
        errors: form.errors,
        values: form.values,
      });
    // The cited case is looked up again here: it must exist and be one this person may open.
    const citation = form.cite ? await resolveCitation(deps, access.actor, access.inquiry, form.cite) : null;
    if (citation && 'error' in citation)
      return threadCardResult(deps, access.actor, access.inquiry, turn, {
        kind: 'answerForm',
        errors: { cite: citation.error },
        values: answerFormValues(inputs),
      });
    const draft = { ...form.draft, citation };
    const by = access.actor.person.id;
    const department = await deps.store.departments.get(access.inquiry.targetDepartmentId);
    const event =
      data.decision === 'draft'
        ? ({ type: 'saveDraft', by, draft } as const)
        : ({ type: 'submitAnswer', by, draft, approvalRequired: department?.approvalRequired ?? true } as const);
    const result = await applyInquiryEvent(deps, access.inquiry.number, event);
    if ('error' in result) return { message: refusalText(turn.locale, result.error) };
    return threadCardResult(deps, access.actor, result.inquiry, turn);
  });
}

/** 質問者に確認: the thread card becomes a one-question form. */
export function askFormAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.askForm, async (turn, data) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.draft');
    if ('message' in access) return access;
    if (!ALLOWED_FROM.requestInfo.includes(access.inquiry.status)) return threadCardResult(deps, access.actor, access.inquiry, turn);
    return threadCardResult(deps, access.actor, access.inquiry, turn, { kind: 'askForm' });
  });
}

/** 質問者に送る: the question goes to the asker's personal chat and into the thread. */
export function requestInfoAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.requestInfo, async (turn, data, inputs) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.draft');
    if ('message' in access) return access;
    const question = typedText(inputs.question).trim();
    if (!question || [...question].length > INQUIRY_LIMITS.question) {
      const error = question
        ? fieldError(turn.locale, 'question', `確認したいことは ${INQUIRY_LIMITS.question} 字以内にしてください。`)
        : inquiryText(turn.locale, 'thread.askMissing');
      return threadCardResult(deps, access.actor, access.inquiry, turn, {
        kind: 'askForm',
        error,
        value: question.slice(0, INQUIRY_LIMITS.question),
      });
    }
    const result = await applyInquiryEvent(deps, access.inquiry.number, { type: 'requestInfo', by: access.actor.person.id, question });
    if ('error' in result) return { message: refusalText(turn.locale, result.error) };
    return threadCardResult(deps, access.actor, result.inquiry, turn);
  });
}

/** キャンセル: back to the card as it is. */
export function viewAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.view, async (turn, data) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.view');
    if ('message' in access) return access;
    return threadCardResult(deps, access.actor, access.inquiry, turn);
  });
}

/** 担当を外す: the assignee gives the inquiry back to the department's queue (the lifecycle checks it is theirs). */
export function releaseAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.release, async (turn, data) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.release');
    if ('message' in access) return access;
    const result = await applyInquiryEvent(deps, access.inquiry.number, { type: 'release', by: access.actor.person.id });
    if ('error' in result) return { message: refusalText(turn.locale, result.error) };
    return threadCardResult(deps, access.actor, result.inquiry, turn);
  });
}

/** 担当変更: the approver's choice of the department's responders, in place of the thread card. */
export function reassignFormAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.reassignForm, async (turn, data) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.reassign');
    if ('message' in access) return access;
    if (!ALLOWED_FROM.reassign.includes(access.inquiry.status)) return threadCardResult(deps, access.actor, access.inquiry, turn);
    return threadCardResult(deps, access.actor, access.inquiry, turn, await reassignMode(deps, access.inquiry));
  });
}

/** 担当を変更する: hands the inquiry to the chosen responder (checked again against the directory). */
export function reassignAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.reassign, async (turn, data, inputs) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.reassign');
    if ('message' in access) return access;
    const to = typedText(inputs.assignee).trim();
    if (!to)
      return threadCardResult(deps, access.actor, access.inquiry, turn, {
        ...(await reassignMode(deps, access.inquiry)),
        error: inquiryText(turn.locale, 'reassign.missing'),
      });
    const result = await applyInquiryEvent(deps, access.inquiry.number, { type: 'reassign', by: access.actor.person.id, to });
    if ('error' in result) return { message: refusalText(turn.locale, result.error) };
    return threadCardResult(deps, access.actor, result.inquiry, turn);
  });
}

/** Who may take the inquiry over: the department's responders and approvers other than its assignee. */
async function reassignMode(deps: InquiryHandlerDeps, inquiry: Inquiry): Promise<ThreadCardMode & { kind: 'reassignForm' }> {
  const context = await loadInquiryContext(deps.store, inquiry, deps.tabUrl);
  const candidates = context.responders.filter((p) => p.id !== inquiry.assigneeId).map((p) => ({ id: p.id, name: p.displayName }));
  return { kind: 'reassignForm', candidates };
}
