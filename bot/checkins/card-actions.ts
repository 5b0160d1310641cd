import { z } from 'zod';
import { cardField, defineCardAction, type CardDataOf } from '../platform/card-action';

/** Which answer a button is about: the store is asked again for the initiative and the cycle. */
const answerRef = {
  initiativeCode: cardField.id(40),
  // Cycles exist from R1年度 (2019); a year outside the calendar's range is a forged card, not a quarter.
  fiscalYear: cardField.integer(2019, 2100),
  quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
};

/**
 * The check-in flow's card verbs: what each button writes and what its handler reads. The
 * verb names and field names are the wire format (cards already in chats carry them).
 */
export const checkInActions = {
  /** 提出する: the form's inputs arrive beside this data (see rules/check-in-form.ts). */
  submit: defineCardAction('checkin.submit', {
    ...answerRef,
    /** The revision this press creates: 1 for a first answer, stored + 1 for a 修正. */
    revision: z.number().int().min(1),
    /** Minted when the card is drawn, so a double press or a replay is stored once. */
    submissionId: cardField.id(100),
  }),
  /** 修正する on the summary card. */
  edit: defineCardAction('checkin.edit', answerRef),
  /** 回答する in the 「チェックイン」 list. */
  open: defineCardAction('checkin.open', answerRef),
};

export type AnswerRef = CardDataOf<typeof checkInActions.open>;
