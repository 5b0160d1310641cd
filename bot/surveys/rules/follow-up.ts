/** What HQ's follow-up decides: who is reminded when, and whether a new 回答期限 may be set. */
import { addBusinessDays, isValidIsoDate, nextBusinessDay, type IsoDate } from '../../platform/fiscal-calendar';
import type { Survey, SurveyAnswer } from '../model';
import { sentAnswerOf } from './sections';

export type FollowUpKind = 'beforeDeadline' | 'overdue';

/** Sections HQ is still waiting for: no answer has reached it (unreachable ones cannot be reminded by the bot). */
export function sectionsWithoutAnswer(answers: SurveyAnswer[]): string[] {
  return answers.filter((a) => a.status !== 'unreachable' && sentAnswerOf(a) === null).map((a) => a.departmentId);
}

/**
 * On the business day before the 回答期限 the sections without a sent answer are reminded; after
 * it they are reminded again and their managers told. Outbox keys (per survey, deadline,
 * section and kind) make each happen once; an extension starts them over.
 */
export function followUpFor(survey: Survey, answers: SurveyAnswer[], today: IsoDate): { kind: FollowUpKind; sections: string[] } | null {
  if (survey.status !== 'open') return null;
  const waiting = sectionsWithoutAnswer(answers);
  if (waiting.length === 0) return null;
  if (today > survey.dueOn) return { kind: 'overdue', sections: waiting };
  if (addBusinessDays(survey.dueOn, -1) <= today) return { kind: 'beforeDeadline', sections: waiting };
  return null;
}

/** 回答期限の延長: a real date after the current deadline, and no earlier than the next business day. */
export function checkExtension(survey: Survey, dueOn: unknown, today: IsoDate): { dueOn: IsoDate } | { error: string } {
  if (survey.status !== 'open') return { error: `照会 ${survey.id} は取り消されているため、回答期限を延長できません。` };
  if (typeof dueOn !== 'string' || !isValidIsoDate(dueOn.trim()))
    return { error: '新しい回答期限（dueOn）は日付（例：2026-12-14）で入力してください。' };
  const date = dueOn.trim();
  if (date <= survey.dueOn) return { error: `新しい回答期限は今の回答期限（${survey.dueOn}）より後の日にしてください。` };
  const earliest = nextBusinessDay(today);
  if (date < earliest) return { error: `新しい回答期限は翌営業日（${earliest}）以降にしてください。` };
  return { dueOn: date };
}
