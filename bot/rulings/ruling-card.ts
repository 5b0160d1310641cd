import { adaptiveCard, factSet, openUrlAction, plainText, textBlock, type AdaptiveCard, type CardElement } from '../platform/adaptive-card';
import type { Ruling } from './model';

/** How much of the question and the answer a ruling card quotes. */
const QUOTE = 200;

/**
 * A 判断事例 as a card anyone in a chat or channel can read (HQ citing a ruling in a thread):
 * title, 所管課・分野・公開日, the question and the answer (quoted), 根拠法令, and 開く into the tab.
 */
export function rulingCard(ruling: Ruling, tabUrl: string): AdaptiveCard {
  const quote = (text: string) => plainText([...text].length > QUOTE ? `${[...text].slice(0, QUOTE).join('')}…` : text);
  const body: CardElement[] = [
    textBlock(plainText(`判断事例 ${ruling.id}`), { isSubtle: true, size: 'Small' }),
    textBlock(plainText(ruling.title), { size: 'Medium', weight: 'Bolder', style: 'heading' }),
  ];
  if (ruling.status === 'superseded')
    body.push(
      textBlock(plainText(`この判断事例は改正されています${ruling.supersededBy ? `（新しい判断事例：${ruling.supersededBy}）` : ''}。`), {
        color: 'Warning',
      }),
    );
  body.push(
    factSet([
      { title: '所管課', value: plainText(ruling.department) },
      { title: '分野', value: plainText(ruling.category) },
      { title: '公開日', value: ruling.publishedAt },
      { title: '根拠法令', value: plainText(ruling.legalBasis) },
    ]),
    textBlock('質問', { weight: 'Bolder', spacing: 'Medium' }),
    textBlock(quote(ruling.question)),
    textBlock('回答', { weight: 'Bolder', spacing: 'Medium' }),
    textBlock(quote(ruling.answer)),
  );
  return adaptiveCard(body, [openUrlAction('開く', `${tabUrl}#/rulings/${encodeURIComponent(ruling.id)}`)]);
}
