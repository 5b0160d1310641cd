import type { Locale } from './locale';

/**
 * The one word for each 疑義照会 status and for an inquiry nobody has taken, shown alike in the
 * bot's cards and the tab (a ward clerk who reads 「受付待ち」 in chat finds the same word in the tab).
 * Keyed by the statuses of bot/inquiries/model.ts; both sides type it as Record<InquiryStatus, …>,
 * so a status without its words does not compile.
 */
export const INQUIRY_STATUS_WORDS = {
  submitted: { ja: '受付待ち', en: 'Waiting to be taken' },
  claimed: { ja: '対応中', en: 'In progress' },
  awaitingInfo: { ja: '質問者に確認中', en: 'Asked the asker' },
  drafted: { ja: '回答作成中', en: 'Drafting' },
  awaitingApproval: { ja: '承認待ち', en: 'Awaiting approval' },
  returned: { ja: '差戻し', en: 'Returned' },
  answered: { ja: '回答済', en: 'Answered' },
  shared: { ja: '回答済（全区共有）', en: 'Answered (shared)' },
  withdrawn: { ja: '取下げ', en: 'Withdrawn' },
} as const satisfies Record<string, Record<Locale, string>>;

/** No one has taken the inquiry yet (担当する not pressed). */
export const UNASSIGNED_WORD: Record<Locale, string> = { ja: '担当者未定', en: 'Unassigned' };
