import { adaptiveCard, openUrlAction, plainText, textBlock, type AdaptiveCard, type CardElement } from '../../platform/adaptive-card';
import type { Span } from '../../rulings/search/highlight';
import { inquiryActions } from '../card-actions';

/** One result of a chat search, as the card shows it. */
export interface ChatSearchResult {
  kind: 'ruling' | 'manual';
  id: string;
  title: Span[];
  /** 所管課 */
  department: string;
  /** 分野 (rulings) or 制度 (manuals) */
  category: string;
  snippet: Span[];
  /** 開く: the ruling in the tab, or the manual's document. */
  url: string;
}

/** Spans as card markdown: the words found in bold, the text itself never read as markdown. */
export function spansToMarkdown(spans: Span[]): string {
  return spans.map((s) => (s.hit ? `**${plainText(s.text)}**` : plainText(s.text))).join('');
}

/**
 * The answer to a chat message that is not a command: the best rulings and manuals for it
 * (title, 所管課, a snippet with the words found in bold, 開く), then これで解決した and 質問する
 * (the 疑義照会 form, prefilled). With nothing found: says so, with what to try.
 */
export function searchResultsCard(input: {
  query: string;
  results: ChatSearchResult[];
  suggestions?: { didYouMean: string | null; categories: string[] };
}): AdaptiveCard {
  const { query, results } = input;
  const shownQuery = query.length > 60 ? `${[...query].slice(0, 60).join('')}…` : query;
  const body: CardElement[] = [
    textBlock(plainText(`「${shownQuery}」の検索結果`), { size: 'Medium', weight: 'Bolder', style: 'heading', wrap: true }),
  ];
  if (results.length === 0) {
    body.push(textBlock('該当する判断事例は見つかりませんでした。', { weight: 'Bolder' }));
    const { didYouMean, categories } = input.suggestions ?? { didYouMean: null, categories: [] };
    if (didYouMean) body.push(textBlock(plainText(`もしかして：${didYouMean}`)));
    if (categories.length > 0) body.push(textBlock(plainText(`関連する分野：${categories.join('、')}`)));
    body.push(
      textBlock('言葉を変えて送るか、「質問する」で所管課に疑義照会してください。「ヘルプ」と送ると、使えるコマンドを表示します。', {
        isSubtle: true,
      }),
    );
  }
  for (const result of results) {
    body.push({
      type: 'Container',
      style: 'emphasis',
      spacing: 'Small',
      items: [
        textBlock(`${result.kind === 'ruling' ? '判断事例' : 'マニュアル'}　${spansToMarkdown(result.title)}`, {
          weight: 'Bolder',
          wrap: true,
        }),
        textBlock(plainText(`${result.department}・${result.category}・${result.id}`), { isSubtle: true, spacing: 'None' }),
        textBlock(spansToMarkdown(result.snippet), { maxLines: 3, wrap: true }),
        { type: 'ActionSet', actions: [openUrlAction('開く', result.url)] },
      ],
    });
  }
  const rulingIds = results.filter((r) => r.kind === 'ruling').map((r) => r.id);
  const query200 = query.slice(0, 200);
  return adaptiveCard(body, [
    ...(rulingIds.length > 0 ? [inquiryActions.searchResolved.button('これで解決した', { query: query200, rulingIds })] : []),
    inquiryActions.searchAsk.button('質問する', { query: query200, ...(rulingIds[0] ? { rulingId: rulingIds[0] } : {}) }),
  ]);
}
