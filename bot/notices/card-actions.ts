import { z } from 'zod';
import { cardField, defineCardAction } from '../platform/card-action';

/** N-R8-0001: N, the 令和 year of the fiscal year, a four-digit counter. */
export const NOTICE_ID = /^N-R\d{1,3}-\d{4}$/;

/** Which notice a button is about: the store is asked again for everything else. */
const noticeRef = { noticeId: z.string().regex(NOTICE_ID) };
/** Approval buttons are about one submitted version: a press after it changed does nothing. */
const version = { version: z.string().max(40) };

/**
 * The お知らせ flow's card verbs: what each button writes and what its handler reads. Verb and
 * field names are the wire format (cards already in chats carry them): never rename them.
 * What a person types (the compose form, a comment, a correction) arrives as the form's
 * inputs beside this data and is checked by the rules.
 */
export const noticeActions = {
  /** 送信する / 承認を依頼する on the compose form. */
  compose: defineCardAction('notice.compose', { requestId: cardField.id(64) }),
  /** 確認しました: one section's confirmation of one revision. */
  confirm: defineCardAction('notice.confirm', { ...noticeRef, sectionId: cardField.id(64), revision: cardField.integer(1, 1000) }),
  /** 質問する: the 疑義照会 ask form, prefilled with the notice, in the person's personal chat. */
  ask: defineCardAction('notice.ask', noticeRef),
  /** 承認して送信 */
  approve: defineCardAction('notice.approve', { ...noticeRef, ...version }),
  /** 差戻し; the reason arrives as the input `comment`. */
  return: defineCardAction('notice.return', { ...noticeRef, ...version }),
  /** 訂正する: the sender's card becomes the correction form. */
  correctForm: defineCardAction('notice.correctForm', noticeRef),
  /** 訂正して再送する (or, returned, 修正して承認を依頼する); title and body arrive as inputs. */
  correct: defineCardAction('notice.correct', { ...noticeRef, revision: cardField.integer(1, 1000) }),
  /** キャンセル: the sender's card as it is. */
  view: defineCardAction('notice.view', noticeRef),
  /** A section's card as one person sees it (Universal Actions refresh in the section's channel). */
  sectionView: defineCardAction('notice.sectionView', { ...noticeRef, sectionId: cardField.id(64) }),
};
