import { typedText } from '../../platform/typed-text';
import { inquiryText } from '../strings';
import type { InquiryDraft } from '../model';
import { INQUIRY_LIMITS, INQUIRY_NUMBER, type InquiryCitation } from '../model';

export type AnswerDraft = Omit<InquiryDraft, 'draftedBy' | 'draftedAt'>;

/** What the form's 引用する事例 names; the server looks it up (it must exist and be visible) before it is kept. */
export type CitationRef = Pick<InquiryCitation, 'kind' | 'id'>;

/** The choice's value: 'ruling:R-2024-001', 'inquiry:Q-R8-0001', or '' for none (the form's 引用しない sends 'none'). */
export function citationValue(ref: CitationRef | null | undefined): string {
  return ref ? `${ref.kind}:${ref.id}` : '';
}

/** 引用しない: a choice needs a non-empty value. */
export const NO_CITATION = 'none';

/** Reads a choice's value back; undefined when it is neither empty nor a well-formed reference. */
export function parseCitationValue(value: string): CitationRef | null | undefined {
  if (value === '' || value === NO_CITATION) return null;
  const match = /^(ruling|inquiry):(.{1,64})$/u.exec(value);
  if (!match) return undefined;
  const [, kind, id] = match;
  if (kind === 'inquiry' && !INQUIRY_NUMBER.test(id)) return undefined;
  if (kind === 'ruling' && !/^[\w.-]+$/u.test(id)) return undefined;
  return { kind: kind as CitationRef['kind'], id };
}

/** 回答する's inputs as typed, for showing the form again. */
export function answerFormValues(data: Record<string, unknown>): Record<string, string> {
  const text = (key: string) => typedText(data[key]);
  return {
    answer: text('answer'),
    share: text('share') === 'true' ? 'true' : 'false',
    rulingTitle: text('rulingTitle'),
    rulingCategory: text('rulingCategory'),
    rulingTags: text('rulingTags'),
    cite: text('cite').trim(),
  };
}

/**
 * Reads and checks 回答する's inputs on the server; values are returned as typed for re-showing.
 * `cite` is the case chosen under 引用する事例, still to be looked up (it must exist and be visible).
 */
export function validateAnswerForm(
  data: Record<string, unknown>,
): { draft: AnswerDraft; cite?: CitationRef } | { errors: Record<string, string>; values: Record<string, string> } {
  const values = answerFormValues(data);
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
  const cite = parseCitationValue(values.cite);
  if (cite === undefined) errors.cite = inquiryText('ja', 'cite.invalid');
  if (Object.keys(errors).length > 0) return { errors, values };
  return {
    draft: { text: answer, shareWithAllWards: share, ruling: share ? { title, category, tags } : null },
    ...(cite ? { cite } : {}),
  };
}
