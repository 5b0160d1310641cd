/**
 * 意見照会: HQ's response to each ward section's opinion (反映する / 反映しない + 理由), and the
 * table of opinions and responses sent back to every ward as a notice (意見照会結果).
 */
import { RESPONSE_DECISIONS, SURVEY_LIMITS, type OpinionResponse, type ResponseDecision, type Survey, type SurveyAnswer } from '../model';
import { CONTROL_CHARACTERS } from './definition';
import { sentAnswerOf } from './sections';

/** One opinion: a section's sent answer to a text question, not empty. */
export interface Opinion {
  departmentId: string;
  questionKey: string;
  text: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every opinion HQ has received: text answers that reached HQ, in the survey's section and question order. */
export function opinionsOf(survey: Survey, answers: SurveyAnswer[]): Opinion[] {
  const byId = new Map(answers.map((a) => [a.departmentId, a]));
  const textKeys = survey.questions.filter((q) => q.type === 'text').map((q) => q.key);
  return survey.sectionIds.flatMap((departmentId) => {
    const answer = byId.get(departmentId);
    const sent = answer ? sentAnswerOf(answer) : null;
    if (!sent) return [];
    return textKeys.flatMap((questionKey) => {
      const value = Object.hasOwn(sent.answers, questionKey) ? sent.answers[questionKey] : undefined;
      return typeof value === 'string' && value.trim() !== '' ? [{ departmentId, questionKey, text: value }] : [];
    });
  });
}

export type ResponseErrors = Record<string, string>;

/**
 * A response as HQ sent it (`{"questionKey","decision","reason"}`), checked: the question must be
 * an opinion this section sent, 反映しない needs its reason, the reason fits and has no control characters.
 */
export function validateResponse(
  survey: Survey,
  departmentId: string,
  opinions: Opinion[],
  input: unknown,
): { response: { questionKey: string; decision: ResponseDecision; reason: string } } | { errors: ResponseErrors } {
  const data = isRecord(input) ? input : {};
  const errors: ResponseErrors = {};
  const questionKey = typeof data.questionKey === 'string' ? data.questionKey : '';
  const question = survey.questions.find((q) => q.key === questionKey);
  if (!question) errors.questionKey = '質問（questionKey）を、この照会の質問の key で指定してください。';
  else if (!opinions.some((o) => o.departmentId === departmentId && o.questionKey === questionKey))
    errors.questionKey = `この課から「${question.label.slice(0, 40)}」への意見は届いていません（回答済みの文章の質問にだけ対応を記録できます）。`;
  const decision = RESPONSE_DECISIONS.find((d) => d === data.decision);
  if (!decision) errors.decision = '対応（decision）は adopt（反映する）か reject（反映しない）です。';
  const reason = typeof data.reason === 'string' ? data.reason.trim() : data.reason === undefined || data.reason === null ? '' : undefined;
  if (reason === undefined) errors.reason = '理由（reason）は文字列で入力してください。';
  else if ([...reason].length > SURVEY_LIMITS.reason)
    errors.reason = `理由は ${SURVEY_LIMITS.reason} 字以内にしてください（${[...reason].length} 字）。`;
  else if (CONTROL_CHARACTERS.test(reason)) errors.reason = '理由に制御文字は使えません。';
  else if (decision === 'reject' && reason === '') errors.reason = '反映しないときは、その理由を入力してください。';
  if (Object.keys(errors).length > 0 || !decision || reason === undefined) return { errors };
  return { response: { questionKey, decision, reason } };
}

/** The opinions still without HQ's response (the results are sent once there are none). */
export function unanswered(opinions: Opinion[], responses: OpinionResponse[]): Opinion[] {
  const done = new Set(responses.map((r) => `${r.departmentId}\u0000${r.questionKey}`));
  return opinions.filter((o) => !done.has(`${o.departmentId}\u0000${o.questionKey}`));
}

const DECISION_WORDS: Record<ResponseDecision, string> = { adopt: '反映する', reject: '反映しない' };

/** An opinion in the notice: long ones are clipped (the whole text stays in the survey's table). */
const OPINION_IN_NOTICE = 400;
const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max).join('')}…` : text);

/**
 * The 意見照会結果 notice's body: for each question, each section's opinion and HQ's response,
 * then where the full table is. Kept within `limit` characters: opinions beyond it are counted,
 * not silently dropped, and the survey's page has every one.
 */
export function resultsBody(
  survey: Survey,
  opinions: Opinion[],
  responses: OpinionResponse[],
  sectionName: (id: string) => string,
  surveyLink: string,
  limit: number,
): string {
  const responseOf = new Map(responses.map((r) => [`${r.departmentId}\u0000${r.questionKey}`, r]));
  const head = `照会「${survey.title}」（${survey.id}）でお寄せいただいた御意見と、本庁の対応をお知らせします。御協力ありがとうございました。`;
  const tail = `\n\n全文と回答の一覧: ${surveyLink}`;
  let body = head;
  let left = 0;
  for (const question of survey.questions) {
    // The question's heading goes in with its first opinion that fits.
    let heading = `\n\n■ ${question.label}`;
    for (const opinion of opinions.filter((o) => o.questionKey === question.key)) {
      const response = responseOf.get(`${opinion.departmentId}\u0000${opinion.questionKey}`);
      const entry =
        `\n\n【${sectionName(opinion.departmentId)}】\n御意見: ${clip(opinion.text, OPINION_IN_NOTICE)}` +
        `\n対応: ${response ? DECISION_WORDS[response.decision] : '検討中'}` +
        (response?.reason ? `\n理由: ${response.reason}` : '');
      const piece = heading + entry;
      // Room is kept for the tail and the 「ほか N 件」 line.
      if ([...body].length + [...piece].length + [...tail].length + 60 > limit) {
        left += 1;
        continue;
      }
      body += piece;
      heading = '';
    }
  }
  if (left > 0) body += `\n\nほか ${left} 件の御意見と対応は、照会のページで御覧ください。`;
  return body + tail;
}
