import { z } from 'zod';
import { cardField, defineCardAction } from '../platform/card-action';

/** S-R8-0001: S, the 令和 year of the fiscal year, a counter. */
export const SURVEY_ID = /^S-R\d{1,3}-\d{4,6}$/;

const surveyRef = { surveyId: z.string().regex(SURVEY_ID) };
/** A section's answer as the card showed it: `version` is the answer's updatedAt, so a press on an older card is noticed. */
const answerRef = { ...surveyRef, sectionId: cardField.id(64), version: z.string().max(40) };

/**
 * The 照会 flow's card verbs: what each button writes and what its handler reads. Verb and field
 * names are the wire format (cards already in chats carry them): never rename them. The answers
 * (inputs `answer.<key>`), the 差戻し comment and the new 回答期限 arrive as the card's inputs
 * beside this data and are checked by the rules.
 */
export const surveyActions = {
  /** 下書き保存 */
  save: defineCardAction('survey.save', answerRef),
  /** 承認依頼 (or 本庁へ回答 when no section approval is required). */
  submit: defineCardAction('survey.submit', answerRef),
  /** 承認して本庁へ送付: the section's approver. */
  approve: defineCardAction('survey.approve', answerRef),
  /** 差戻し with the input `comment`: the section's approver. */
  return: defineCardAction('survey.return', answerRef),
  /** 回答を修正する: the answer card as a form again (nothing changes until it is saved). */
  edit: defineCardAction('survey.edit', { ...surveyRef, sectionId: cardField.id(64) }),
  /** 回答期限を延長 on HQ's card; the new date arrives as the input `dueOn`. */
  extend: defineCardAction('survey.extend', surveyRef),
  /** 照会を取り消す: `confirmed` false asks first, true cancels. */
  cancel: defineCardAction('survey.cancel', { ...surveyRef, confirmed: z.boolean() }),
  /** HQ's card as it is now (やめる). */
  view: defineCardAction('survey.view', surveyRef),
};

/** Input ids of the answer card: one per question, prefixed so they cannot collide with the button's data. */
export const answerInputId = (key: string) => `answer.${key}`;
