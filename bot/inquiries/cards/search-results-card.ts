import { adaptiveCard, openUrlAction, plainText, textBlock, type AdaptiveCard, type CardElement } from '../../platform/adaptive-card';
import type { Span } from '../../rulings/search/highlight';
import type { Locale } from '../../platform/i18n';
import { inquiryActions } from '../card-actions';
import { inquiryText } from '../strings';

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
  /** A manual's page (PDF) or heading (docx) where the words were found. */
  location?: { page?: number; heading?: string };
}

/** 所管課・分野・番号, and for a manual the page or heading the words are on (「4ページ」). */
function whereLine(result: ChatSearchResult, locale: Locale): string {
  const where = inquiryText(locale, 'search.where', { department: result.department, category: result.category, id: result.id });
  const { page, heading } = result.location ?? {};
  const location =
    page !== undefined
      ? inquiryText(locale, 'search.page', { page: String(page) })
      : heading
        ? inquiryText(locale, 'search.heading', { heading })
        : undefined;
  return location ? inquiryText(locale, 'search.whereIn', { where, location }) : where;
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
  locale: Locale;
}): AdaptiveCard {
  const { query, results, locale } = input;
  const shownQuery = query.length > 60 ? `${[...query].slice(0, 60).join('')}…` : query;
  const body: CardElement[] = [
    textBlock(plainText(inquiryText(locale, 'search.title', { query: shownQuery })), {
      size: 'Medium',
      weight: 'Bolder',
      style: 'heading',
      wrap: true,
    }),
  ];
  if (results.length === 0) {
    body.push(textBlock(inquiryText(locale, 'search.none'), { weight: 'Bolder' }));
    const { didYouMean, categories } = input.suggestions ?? { didYouMean: null, categories: [] };
    if (didYouMean) body.push(textBlock(plainText(inquiryText(locale, 'search.didYouMean', { word: didYouMean }))));
    if (categories.length > 0)
      body.push(
        textBlock(plainText(inquiryText(locale, 'search.categories', { list: categories.join(inquiryText(locale, 'listSeparator')) }))),
      );
    body.push(textBlock(inquiryText(locale, 'search.hint'), { isSubtle: true }));
  }
  for (const result of results) {
    body.push({
      type: 'Container',
      style: 'emphasis',
      spacing: 'Small',
      items: [
        textBlock(
          inquiryText(locale, 'search.result', {
            kind: inquiryText(locale, result.kind === 'ruling' ? 'kind.ruling' : 'kind.manual'),
            title: spansToMarkdown(result.title),
          }),
          {
            weight: 'Bolder',
            wrap: true,
          },
        ),
        textBlock(plainText(whereLine(result, locale)), { isSubtle: true, spacing: 'None' }),
        textBlock(spansToMarkdown(result.snippet), { maxLines: 3, wrap: true }),
        { type: 'ActionSet', actions: [openUrlAction(inquiryText(locale, 'search.open'), result.url)] },
      ],
    });
  }
  const rulingIds = results.filter((r) => r.kind === 'ruling').map((r) => r.id);
  const query200 = query.slice(0, 200);
  return adaptiveCard(body, [
    ...(rulingIds.length > 0
      ? [inquiryActions.searchResolved.button(inquiryText(locale, 'search.resolved'), { query: query200, rulingIds })]
      : []),
    inquiryActions.searchAsk.button(inquiryText(locale, 'search.ask'), {
      query: query200,
      ...(rulingIds[0] ? { rulingId: rulingIds[0] } : {}),
    }),
  ]);
}
