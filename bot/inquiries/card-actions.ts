import { z } from 'zod';
import { cardField, defineCardAction } from '../platform/card-action';
import { INQUIRY_NUMBER } from './model';

/** Which inquiry a button is about: the store is asked again for everything else. */
const inquiryRef = { number: z.string().regex(INQUIRY_NUMBER) };

/** Minted by the ask form, so one form makes one inquiry however often it is sent. */
const requestId = cardField.id(64);

/** The お知らせ a question is about (質問する on a notice card); checked again against the store on submit. */
const noticeId = z
  .string()
  .regex(/^N-R\d{1,3}-\d{4}$/)
  .optional();

/**
 * The question the suggestions card carries to its buttons. Each field is checked again by
 * rules/question-form.ts (with messages on the form), so here only its type: absent is empty.
 */
const question = {
  targetDepartmentId: z.string().default(''),
  category: z.string().default(''),
  subject: z.string().default(''),
  body: z.string().default(''),
  legalBasis: z.string().default(''),
  desiredAnswerDate: z.string().default(''),
  /** Written for the record; the due date is computed again from 希望回答日. */
  dueOn: z.string().optional(),
  urgency: z.string().default(''),
};

/**
 * The 疑義照会 flow's card verbs: what each button writes and what its handler reads. The
 * verb names and field names are the wire format (cards already in chats carry them).
 */
export const inquiryActions = {
  /** 確認して次へ on the ask form; the question arrives as the form's inputs. */
  preview: defineCardAction('inquiry.preview', { requestId, noticeId }),
  /** それでも質問する */
  submit: defineCardAction('inquiry.submit', { requestId, noticeId, ...question }),
  /** これで解決した: the suggestions shown (ids only). */
  deflect: defineCardAction('inquiry.deflect', { requestId, ...question, suggestionIds: z.array(cardField.id(40)).max(5) }),
  /** 内容を直す */
  editQuestion: defineCardAction('inquiry.editQuestion', { requestId, noticeId, ...question }),
  /** 担当する */
  claim: defineCardAction('inquiry.claim', inquiryRef),
  /**
   * 回答する: the thread card becomes the answer form. `cite` (これを引用して回答する under a
   * similar case, 'ruling:R-…' or 'inquiry:Q-…') preselects it; it is checked again when the answer is sent.
   */
  answerForm: defineCardAction('inquiry.answerForm', { ...inquiryRef, cite: z.string().max(80).optional() }),
  /** 回答を送る (承認を依頼する) or 下書き保存; the answer arrives as the form's inputs. */
  answer: defineCardAction('inquiry.answer', { ...inquiryRef, decision: z.enum(['submit', 'draft']) }),
  /** 質問者に確認: the thread card becomes a one-question form. */
  askForm: defineCardAction('inquiry.askForm', inquiryRef),
  /** 質問者に送る; the question arrives as the input `question`. */
  requestInfo: defineCardAction('inquiry.requestInfo', inquiryRef),
  /** キャンセル: the thread card as it is. */
  view: defineCardAction('inquiry.view', inquiryRef),
  /** 承認 and 差戻し are about one draft: a press after it changed does nothing. */
  approve: defineCardAction('inquiry.approve', { ...inquiryRef, draftedAt: z.string().max(40) }),
  /** 差戻し; the comment arrives as the input `comment`. */
  return: defineCardAction('inquiry.return', { ...inquiryRef, draftedAt: z.string().max(40) }),
  /** 所管課に返信する; the reply arrives as the input `reply`. */
  reply: defineCardAction('inquiry.reply', { ...inquiryRef, clarification: z.number().int().min(0).optional() }),
  /**
   * 取り下げる: without `confirm` (the status card's button, and cards already in chats) the
   * card asks for the reason; with it, the reason arrives as the input `reason`.
   */
  withdraw: defineCardAction('inquiry.withdraw', { ...inquiryRef, confirm: z.boolean().optional() }),
  /** キャンセル on the withdraw form: the asker's status card as it is. */
  status: defineCardAction('inquiry.status', inquiryRef),
  /** 取下げを取り消す: while nobody has taken it on. */
  restore: defineCardAction('inquiry.restore', inquiryRef),
  /** 担当を外す: the assignee gives it back to the department's queue. */
  release: defineCardAction('inquiry.release', inquiryRef),
  /** 担当変更: the thread card becomes a choice of the department's responders (approvers only). */
  reassignForm: defineCardAction('inquiry.reassignForm', inquiryRef),
  /** 担当を変更する; the new responder's person id arrives as the input `assignee`. */
  reassign: defineCardAction('inquiry.reassign', inquiryRef),
  /** これで解決した under a chat search's results: the query and the rulings shown (ids only). */
  searchResolved: defineCardAction('inquiry.searchResolved', {
    query: z.string().max(200),
    rulingIds: z.array(cardField.id(40)).max(3),
  }),
  /** 質問する under a chat search's results: the ask form, prefilled from the query and the best ruling. */
  searchAsk: defineCardAction('inquiry.searchAsk', { query: z.string().max(200), rulingId: cardField.id(40).optional() }),
};
