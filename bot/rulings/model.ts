/** 判断事例 (shared rulings) and マニュアル, the knowledge every ward reads. */

export const RULING_STATUSES = ['current', 'superseded'] as const;
export type RulingStatus = (typeof RULING_STATUSES)[number];

export interface Ruling {
  id: string;
  title: string;
  question: string;
  answer: string;
  /** 所管課 */
  department: string;
  /** 分野 */
  category: string;
  /** 根拠法令 */
  legalBasis: string;
  tags: string[];
  /** YYYY-MM-DD */
  publishedAt: string;
  status: RulingStatus;
  supersededBy: string | null;
  /** The 疑義照会 this ruling was shared from (e.g. Q-R8-0001), when it came from one. */
  sourceInquiryNumber?: string | null;
}

export interface Manual {
  id: string;
  title: string;
  /** 所管課 */
  department: string;
  /** 制度 */
  system: string;
  /** 版 */
  version: string;
  /** 最終改訂日 YYYY-MM-DD */
  lastRevisedAt: string;
  /** 次回見直し期限 YYYY-MM-DD */
  nextReviewDue: string;
  /** 管理者 (person id); null when the manual has no owner, which the tab flags. */
  ownerId: string | null;
  summary: string;
  /** Where the document lives (SharePoint in production). */
  url: string;
}
