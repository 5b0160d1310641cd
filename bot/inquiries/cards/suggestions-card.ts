import {
  adaptiveCard,
  factSet,
  openUrlAction,
  plainText,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from '../../platform/adaptive-card';
import type { Locale } from '../../platform/i18n';
import { inquiryActions } from '../card-actions';
import type { Question } from '../rules/question-form';
import { inquiryText } from '../strings';

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
  locale: Locale,
  noticeId?: string,
): AdaptiveCard {
  const data = { requestId, ...(noticeId ? { noticeId } : {}), ...question };
  const body: CardElement[] = [
    textBlock(inquiryText(locale, 'suggest.title'), { size: 'Large', weight: 'Bolder', style: 'heading' }),
    factSet([
      { title: inquiryText(locale, 'fact.target'), value: plainText(departmentName) },
      { title: inquiryText(locale, 'fact.subject'), value: plainText(question.subject) },
      { title: inquiryText(locale, 'fact.due'), value: question.desiredAnswerDate },
    ]),
  ];
  if (suggestions.length === 0) body.push(textBlock(inquiryText(locale, 'suggest.none'), { isSubtle: true }));
  else {
    body.push(textBlock(inquiryText(locale, 'suggest.some'), { weight: 'Bolder', spacing: 'Medium' }));
    for (const s of suggestions) {
      const kind = inquiryText(locale, s.kind === 'ruling' ? 'kind.ruling' : 'kind.manual');
      body.push({
        type: 'Container',
        style: 'emphasis',
        spacing: 'Small',
        items: [
          textBlock(plainText(inquiryText(locale, 'suggest.item', { kind, id: s.id, title: s.title })), { weight: 'Bolder' }),
          textBlock(plainText(s.excerpt), { isSubtle: true, maxLines: 3 }),
        ],
        selectAction: openUrlAction(s.title, s.url),
      });
    }
  }
  const actions = [
    ...(suggestions.length > 0
      ? [inquiryActions.deflect.button(inquiryText(locale, 'suggest.resolved'), { ...data, suggestionIds: suggestions.map((s) => s.id) })]
      : []),
    inquiryActions.submit.button(inquiryText(locale, 'suggest.askAnyway'), data, { style: 'positive' }),
    inquiryActions.editQuestion.button(inquiryText(locale, 'suggest.edit'), data),
  ];
  return adaptiveCard(body, actions);
}
