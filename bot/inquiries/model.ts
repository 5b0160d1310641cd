/** 疑義照会: a ward's question to an HQ department, answered by the department as an organisation. */

/**
 * submitted: waiting for someone to take it; claimed: a responder owns it; awaitingInfo: the
 * asker was asked for more; drafted: an answer is being written; awaitingApproval: the draft
 * waits for the department's approver; returned: the approver sent it back with a comment;
 * answered: delivered to the asker; shared: delivered and published to every ward as a ruling;
 * withdrawn: the asker took it back.
 */
export const INQUIRY_STATUSES = [
  'submitted',
  'claimed',
  'awaitingInfo',
  'drafted',
  'awaitingApproval',
  'returned',
  'answered',
  'shared',
  'withdrawn',
] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

/** Where an inquiry has ended: nothing changes it any more. */
export const FINAL_STATUSES: readonly InquiryStatus[] = ['answered', 'shared', 'withdrawn'];

export const URGENCIES = ['通常', '至急'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** An answer being written, and how it is to be shared. */
export interface InquiryDraft {
  text: string;
  /** 全区共有: publish the answer to every ward as a 判断事例. */
  shareWithAllWards: boolean;
  /** The ruling to create when shared (判断事例として登録). */
  ruling: { title: string; category: string; tags: string[] } | null;
  /** The earlier answer this one cites (同様の照会・判断事例); checked on the server when pressed. */
  citation?: InquiryCitation | null;
  draftedBy: string;
  /** ISO timestamp */
  draftedAt: string;
}

/**
 * A ruling or an earlier inquiry an answer cites, so the same question gets the same answer.
 * Kept inside the inquiry's record (every store layout keeps the whole record), with the title as
 * it was when cited; the ruling's 「引用した回答」 list is read back from the inquiries.
 */
export interface InquiryCitation {
  kind: 'ruling' | 'inquiry';
  /** A ruling id, or an inquiry number (Q-R8-0001). */
  id: string;
  title: string;
}

/** 質問者に確認: HQ asks the asker for more, the asker replies. */
export interface Clarification {
  question: string;
  askedBy: string;
  askedAt: string;
  reply: string | null;
  repliedAt: string | null;
}

export interface InquiryAnswer {
  text: string;
  answeredBy: string;
  /** Null where the department needs no approval. */
  approvedBy: string | null;
  answeredAt: string;
  /** The ruling or earlier inquiry this answer cites (the asker's card links it). */
  citation?: InquiryCitation | null;
}

export interface Inquiry {
  /** Q-R8-0001: a number per fiscal year */
  number: string;
  fiscalYear: number;
  askerId: string;
  askerDepartmentId: string;
  targetDepartmentId: string;
  /** 分野 */
  category: string;
  /** 件名 */
  subject: string;
  /** 内容 */
  body: string;
  /** 根拠法令 */
  legalBasis: string;
  /** 希望回答日, YYYY-MM-DD */
  desiredAnswerDate: string;
  /** The date the answer is due (the 希望回答日, or the default number of business days). */
  dueOn: string;
  urgency: Urgency;
  status: InquiryStatus;
  assigneeId: string | null;
  draft: InquiryDraft | null;
  /** The approver's comment when a draft was returned (差戻し). */
  returnComment: string | null;
  answer: InquiryAnswer | null;
  clarifications: Clarification[];
  /** Why and when the asker took it back (取り下げる); cleared when the withdrawal is undone. */
  withdrawal?: { reason: string; by: string; at: string } | null;
  /** The shared ruling made from the answer (全区共有). */
  rulingId: string | null;
  /** The お知らせ this question is about (質問する on a notice card), N-R8-0001. */
  noticeId?: string | null;
  /** Minted by the ask form, so pressing 「それでも質問する」 twice makes one inquiry. */
  requestId?: string;
  /** ISO timestamps */
  createdAt: string;
  updatedAt: string;
}

/** Q-R8-0001: Q, the 令和 year of the fiscal year, a four-digit counter. */
export const INQUIRY_NUMBER = /^Q-R\d{1,3}-\d{4}$/;

/** Limits of the ask form, also enforced on the server. */
export const INQUIRY_LIMITS = {
  subject: 100,
  body: 4000,
  legalBasis: 200,
  category: 50,
  answer: 4000,
  comment: 1000,
  question: 2000,
  tags: 10,
  tag: 30,
  rulingTitle: 100,
  withdrawReason: 500,
} as const;
