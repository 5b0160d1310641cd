/** 疑義照会: a ward's question to an HQ department, answered by the department as an organisation. */

export const INQUIRY_STATUSES = ['open', 'claimed', 'drafted', 'returned', 'approved', 'answered', 'withdrawn'] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

export const URGENCIES = ['通常', '至急'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface Inquiry {
  /** Q-R8-0001: a number per fiscal year */
  number: string;
  fiscalYear: number;
  askerId: string;
  askerDepartmentId: string;
  targetDepartmentId: string;
  category: string;
  subject: string;
  body: string;
  legalBasis: string;
  /** 希望回答日, YYYY-MM-DD */
  desiredAnswerDate: string;
  urgency: Urgency;
  status: InquiryStatus;
  assigneeId: string | null;
  draftAnswer: string | null;
  answer: string | null;
  shareWithAllWards: boolean;
  /** ISO timestamps */
  createdAt: string;
  updatedAt: string;
}
