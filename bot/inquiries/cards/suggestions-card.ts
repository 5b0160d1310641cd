import {
  adaptiveCard,
  factSet,
  openUrlAction,
  plainText,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from '../../platform/adaptive-card';
import { inquiryActions } from '../card-actions';
import type { Question } from '../rules/question-form';

export interface Suggestion {
  kind: 'ruling' | 'manual';
  id: string;
  title: string;
  excerpt: string;
  url: string;
}

/**
 * Before a question goes to HQ: the best matching rulings and manuals, so a question already
 * answered for another ward is settled at once (これで解決した) instead of asked again.
 */
export function suggestionsCard(
  question: Question,
  departmentName: string,
  suggestions: Suggestion[],
  requestId: string,
  noticeId?: string,
): AdaptiveCard {
  const data = { requestId, ...(noticeId ? { noticeId } : {}), ...question };
  const body: CardElement[] = [
    textBlock('送信前の確認', { size: 'Large', weight: 'Bolder', style: 'heading' }),
    factSet([
      { title: '宛先', value: plainText(departmentName) },
      { title: '件名', value: plainText(question.subject) },
      { title: '希望回答日', value: question.desiredAnswerDate },
    ]),
  ];
  if (suggestions.length === 0) body.push(textBlock('似た判断事例・マニュアルは見つかりませんでした。', { isSubtle: true }));
  else {
    body.push(
      textBlock('この質問に近い判断事例・マニュアルがあります。解決するか確認してください。', { weight: 'Bolder', spacing: 'Medium' }),
    );
    for (const s of suggestions) {
      body.push({
        type: 'Container',
        style: 'emphasis',
        spacing: 'Small',
        items: [
          textBlock(plainText(`${s.kind === 'ruling' ? '判断事例' : 'マニュアル'} ${s.id}　${s.title}`), { weight: 'Bolder' }),
          textBlock(plainText(s.excerpt), { isSubtle: true, maxLines: 3 }),
        ],
        selectAction: openUrlAction(s.title, s.url),
      });
    }
  }
  const actions = [
    ...(suggestions.length > 0
      ? [inquiryActions.deflect.button('これで解決した', { ...data, suggestionIds: suggestions.map((s) => s.id) })]
      : []),
    inquiryActions.submit.button('それでも質問する', data, { style: 'positive' }),
    inquiryActions.editQuestion.button('内容を直す', data),
  ];
  return adaptiveCard(body, actions);
}
