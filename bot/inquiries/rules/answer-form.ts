import { typedText } from '../../platform/typed-text';
import type { InquiryDraft } from '../model';
import { INQUIRY_LIMITS } from '../model';

export type AnswerDraft = Omit<InquiryDraft, 'draftedBy' | 'draftedAt'>;

/** Reads and checks 回答する's inputs on the server; values are returned as typed for re-showing. */
export function validateAnswerForm(
  data: Record<string, unknown>,
): { draft: AnswerDraft } | { errors: Record<string, string>; values: Record<string, string> } {
  const text = (key: string) => typedText(data[key]);
  const values = {
    answer: text('answer'),
    share: text('share') === 'true' ? 'true' : 'false',
    rulingTitle: text('rulingTitle'),
    rulingCategory: text('rulingCategory'),
    rulingTags: text('rulingTags'),
  };
  const errors: Record<string, string> = {};
  const answer = values.answer.trim();
  if (!answer) errors.answer = '回答内容を入力してください。';
  else if ([...answer].length > INQUIRY_LIMITS.answer)
    errors.answer = `回答内容は ${INQUIRY_LIMITS.answer.toLocaleString('ja-JP')} 字以内で入力してください（現在 ${[...answer].length} 字）。`;
  const share = values.share === 'true';
  const title = values.rulingTitle.trim();
  const category = values.rulingCategory.trim();
  const tags = [
    ...new Set(
      values.rulingTags
        .split(/[、,，\s]+/u)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  if (share && !title) errors.rulingTitle = '全区共有するときは、判断事例の表題を入力してください。';
  if ([...title].length > INQUIRY_LIMITS.rulingTitle)
    errors.rulingTitle = `表題は ${INQUIRY_LIMITS.rulingTitle} 字以内で入力してください。`;
  if ([...category].length > INQUIRY_LIMITS.category)
    errors.rulingCategory = `分野は ${INQUIRY_LIMITS.category} 字以内で入力してください。`;
  if (tags.length > INQUIRY_LIMITS.tags || tags.some((t) => [...t].length > INQUIRY_LIMITS.tag)) {
    errors.rulingTags = `タグは ${INQUIRY_LIMITS.tags} 個まで、1 つ ${INQUIRY_LIMITS.tag} 字以内にしてください。`;
  }
  if (Object.keys(errors).length > 0) return { errors, values };
  return { draft: { text: answer, shareWithAllWards: share, ruling: share ? { title, category, tags } : null } };
}
