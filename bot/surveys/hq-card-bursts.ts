/**
 * HQ's card shares one conversation, which Teams lets the bot write about twice a second. When
 * answers reach HQ in a burst (another within BURST_MS), an answer leaves HQ's card alone and the
 * survey is remembered here; refreshSenderCards (workflow.ts) draws the card once the burst is
 * over, instead of queueing one update per answer. Each instance keeps its own memory: it catches
 * up the cards it left behind. (Lost on a restart: the next answer redraws the card.)
 */
import type { SurveyAnswer } from './model';

export const BURST_MS = 2000;

/** Whether an answer other than `departmentId`'s reached HQ within BURST_MS before `now` (from the stored rows). */
export function inBurst(answers: SurveyAnswer[], departmentId: string, now: Date): boolean {
  return answers.some(
    (a) => a.departmentId !== departmentId && a.answeredAt !== null && now.getTime() - Date.parse(a.answeredAt) < BURST_MS,
  );
}

const lastAnswerAt = new Map<string, number>();
const leftBehind = new Set<string>();

export const hqCardBursts = {
  /** Records an answer reaching HQ now; true when this instance saw another within BURST_MS before it. */
  answered(surveyId: string, now: Date): boolean {
    const last = lastAnswerAt.get(surveyId);
    if (lastAnswerAt.size > 1000) for (const [id, at] of lastAnswerAt) if (now.getTime() - at >= BURST_MS) lastAnswerAt.delete(id);
    lastAnswerAt.set(surveyId, now.getTime());
    return last !== undefined && now.getTime() - last < BURST_MS;
  },
  /** HQ's card of this survey was not redrawn for an answer. */
  leave(surveyId: string): void {
    leftBehind.add(surveyId);
  },
  /** The surveys whose card this instance left behind. */
  leftBehind(): string[] {
    return [...leftBehind];
  },
  caughtUp(surveyId: string): void {
    leftBehind.delete(surveyId);
  },
};
