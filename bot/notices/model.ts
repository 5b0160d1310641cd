/**
 * お知らせ (本庁 → 区役所): an HQ department tells ward sections of a 制度改正, a 事務連絡 or a
 * マニュアル改正, and each section confirms that it has read it (確認しました). HQ sees who has not.
 */
import type { IsoDate } from '../platform/fiscal-calendar';
import type { WardAudience } from '../platform/ward-audience';

export const NOTICE_KINDS = ['制度改正', '事務連絡', 'マニュアル改正'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * Who receives it: chosen ward sections, every ward section that handles a 分野 (e.g. every
 * 区役所 保険年金課 for 国民健康保険), or every ward section of the city.
 */
export type NoticeAudience = WardAudience;

/**
 * awaitingApproval: written, waiting for the department's approver (when the department sends
 * as an organisation); returned: the approver sent it back with a comment; sent: delivered.
 */
export const NOTICE_STATUSES = ['awaitingApproval', 'returned', 'sent'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** pending: not yet confirmed; confirmed: someone of the section pressed 確認しました; unreachable: the bot has no way to the section. */
export const SECTION_STATUSES = ['pending', 'confirmed', 'unreachable'] as const;
export type SectionStatus = (typeof SECTION_STATUSES)[number];

/** One ward section's state for the notice's current revision. */
export interface NoticeSection {
  departmentId: string;
  status: SectionStatus;
  confirmedBy: string | null;
  /** ISO timestamp */
  confirmedAt: string | null;
}

/** A 訂正: what the notice said before it was corrected, and who confirmed that version. */
export interface NoticeRevision {
  revision: number;
  title: string;
  body: string;
  correctedBy: string;
  /** ISO timestamp of the correction that replaced this revision */
  correctedAt: string;
  sections: NoticeSection[];
}

export interface Notice {
  /** N-R8-0001: a number per fiscal year */
  id: string;
  fiscalYear: number;
  kind: NoticeKind;
  /** 件名 */
  title: string;
  /** 本文 */
  body: string;
  /** 施行日 or 適用日 */
  effectiveOn: IsoDate | null;
  /** 確認期限 */
  confirmBy: IsoDate;
  audience: NoticeAudience;
  /** 判断事例 it changes; those in supersedesRulingIds are replaced by it. */
  rulingIds: string[];
  supersedesRulingIds: string[];
  manualIds: string[];
  senderId: string;
  senderDepartmentId: string;
  status: NoticeStatus;
  approvedBy: string | null;
  /** The approver who returned it (差戻し), with returnComment. */
  returnedBy?: string | null;
  returnComment: string | null;
  /** 1 for the notice as first sent; each 訂正 adds one and resets the confirmations. */
  revision: number;
  sections: NoticeSection[];
  /** Earlier revisions, oldest first, with who had confirmed each. */
  history: NoticeRevision[];
  /** Minted by the compose form or the API caller, so a double press makes one notice. */
  requestId: string;
  /** ISO timestamps */
  createdAt: string;
  sentAt: string | null;
  updatedAt: string;
}

/** Limits of the compose form, also enforced on the server. */
export const NOTICE_LIMITS = { title: 100, body: 8000, links: 20, sections: 500, category: 50, comment: 1000, idLength: 64 } as const;

/** Business days from sending to the 確認期限 when the sender gives none. */
export const DEFAULT_CONFIRM_BUSINESS_DAYS = 5;
