import type { Locale } from '../../shared/locale';

/** The city's organisation: HQ departments (本庁), ward-office sections (区役所) and their people. */

export type DepartmentKind = 'hq' | 'ward';

export interface Department {
  id: string;
  /** 課名, e.g. 保険年金課 */
  name: string;
  /** The 局 for HQ (健康福祉局) or the 区役所 for a ward section (青葉区役所). */
  office: string;
  kind: DepartmentKind;
  /** HQ: whether an answer needs an approver (組織としての判断) before it is sent. */
  approvalRequired: boolean;
  /** HQ: the Teams channel where its 疑義照会 threads are posted. */
  inquiryChannelId: string | null;
  /** Ward: the Teams channel where shared rulings are announced. */
  noticeChannelId: string | null;
  /**
   * The Teams team (its Microsoft 365 group id) its channels belong to: with TEAMS_APP_CATALOG_ID the
   * app is installed there before the bot first posts to one of them.
   */
  teamId?: string | null;
  /** 分野 the section handles (国民健康保険, 戸籍 ...): a notice to a 分野 reaches every ward section listing it. */
  categories?: string[];
}

export const ROLES = ['staff', 'responder', 'approver', 'pmo', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Person {
  id: string;
  /** Entra ID object id (aadObjectId in Teams activities). */
  entraObjectId: string;
  displayName: string;
  email: string;
  departmentId: string;
  /** 役職, shown on cards (e.g. 係長). */
  title: string;
  roles: Role[];
  locale: Locale;
}
