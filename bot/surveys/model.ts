/**
 * 全区照会・意見照会 (本庁 → 区役所): an HQ department asks every ward section in an audience the
 * same questions (件数調査, 意見照会 on a draft manual, 実態調査); each section answers as an
 * organisation (its approver approves before the answer goes back), and HQ gets one table.
 */
import type { IsoDate } from '../platform/fiscal-calendar';
import type { WardAudience } from '../platform/ward-audience';

export const QUESTION_TYPES = ['text', 'number', 'choice', 'date'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface SurveyQuestion {
  /** The answer's key in `answers` and the export's column: a short ASCII name (`cases`, `opinion`). */
  key: string;
  label: string;
  type: QuestionType;
  required: boolean;
  /** number: shown after the input and accepted after the figure (件, 人, 円 …). */
  unit?: string;
  min?: number;
  max?: number;
  /** choice: the options, one of which is picked. */
  choices?: string[];
}

/** open: answers are taken; cancelled: HQ withdrew it (取消). */
export const SURVEY_STATUSES = ['open', 'cancelled'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export interface Survey {
  /** S-R8-0001: a number per fiscal year */
  id: string;
  fiscalYear: number;
  /** 件名 */
  title: string;
  /** 趣旨 */
  purpose: string;
  /** 回答期限 */
  dueOn: IsoDate;
  audience: WardAudience;
  /** 組織としての回答: the ward section's approver approves before the answer reaches HQ. */
  requiresWardApproval: boolean;
  questions: SurveyQuestion[];
  /** 意見照会 on a manual: the manual's id. */
  manualId: string | null;
  /** 意見照会: the draft's link (https), shown beside the manual. */
  draftUrl?: string;
  /** 意見照会結果: the notice that sent the opinions and HQ's responses back to the wards. */
  resultsNoticeId?: string;
  senderId: string;
  senderDepartmentId: string;
  status: SurveyStatus;
  /** The ward sections asked, fixed when it is sent (directory order). */
  sectionIds: string[];
  /** Minted by the form or the API caller, so a double press makes one survey. */
  requestId: string;
  /** ISO timestamps */
  createdAt: string;
  updatedAt: string;
}

/** A value as stored: text and choices as strings, numbers as numbers, dates as YYYY-MM-DD. */
export type AnswerValue = string | number;
export type AnswerValues = Record<string, AnswerValue>;

/**
 * pending: nothing saved yet; draft: saved, not sent; awaitingApproval: waiting for the
 * section's approver; returned: the approver sent it back with a comment; answered: sent to HQ;
 * unreachable: the bot has no way to the section (it may still answer in the tab).
 */
export const ANSWER_STATUSES = ['pending', 'draft', 'awaitingApproval', 'returned', 'answered', 'unreachable'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

/** A sent answer replaced by a reopened one (再提出), kept as it was. */
export interface AnswerVersion {
  version: number;
  answers: AnswerValues;
  answeredBy: string | null;
  approvedBy: string | null;
  answeredAt: string;
}

/** One ward section's answer to one survey (a row of HQ's table). */
export interface SurveyAnswer {
  surveyId: string;
  departmentId: string;
  status: AnswerStatus;
  answers: AnswerValues;
  /** Who last saved or submitted the answer. */
  answeredBy: string | null;
  approvedBy: string | null;
  /** ISO timestamp the current answer was sent to HQ (answered). */
  answeredAt: string | null;
  returnedBy: string | null;
  returnComment: string | null;
  /** 1 for the first answer sent; reopening and sending again adds one. */
  version: number;
  /** Earlier sent answers, oldest first. */
  history: AnswerVersion[];
  /** ISO timestamp; the optimistic-concurrency token of this row. */
  updatedAt: string;
}

/** HQ's response to a ward section's opinion (意見照会): 反映する or 反映しない, with the reason. */
export const RESPONSE_DECISIONS = ['adopt', 'reject'] as const;
export type ResponseDecision = (typeof RESPONSE_DECISIONS)[number];

/** HQ's response to one section's answer to one (text) question; one per survey, section and question. */
export interface OpinionResponse {
  surveyId: string;
  departmentId: string;
  questionKey: string;
  decision: ResponseDecision;
  /** Why (required for 反映しない); how, for 反映する. */
  reason: string;
  respondedBy: string;
  /** ISO timestamp */
  respondedAt: string;
}

/** Limits of the survey form and its answers, also enforced on the server. */
export const SURVEY_LIMITS = {
  title: 100,
  purpose: 4000,
  questions: 20,
  key: 40,
  label: 200,
  unit: 10,
  choices: 30,
  choice: 100,
  text: 2000,
  comment: 1000,
  draftUrl: 500,
  reason: 1000,
  /** A number's magnitude: beyond it no figure of a 件数調査 makes sense and floats lose digits. */
  number: 1e12,
} as const;
