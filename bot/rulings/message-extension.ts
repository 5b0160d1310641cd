import { ADAPTIVE_CARD_CONTENT_TYPE } from '../platform/adaptive-card';
import type { MessageExtensionAttachment, MessageExtensionHandler } from '../platform/bot-turn';
import { typedText } from '../platform/typed-text';
import type { Store } from '../store/ports';
import type { Ruling } from './model';
import { rulingCard } from './ruling-card';
import { highlight, highlightTerms, snippet, type Span } from './search/highlight';
import type { RulingSearch } from './search/ruling-search';

/** The manifest's composeExtensions command (「判断事例を検索」). */
export const RULING_SEARCH_COMMAND = 'searchRulings';
/** Teams asks for 25 at a time; more are not worth scrolling in a compose box. */
const MAX_RESULTS = 25;
const THUMBNAIL = 'application/vnd.microsoft.card.thumbnail';

/**
 * 「判断事例を検索」 in the compose box: each hit as a preview (title and snippet, the words found
 * in bold), and the ruling card inserted when one is chosen (the id is read again from the store).
 */
export function rulingMessageExtension(deps: {
  search: RulingSearch;
  store: Pick<Store, 'rulings'>;
  tabUrl: string;
}): MessageExtensionHandler {
  return {
    commandId: RULING_SEARCH_COMMAND,
    async query(_turn, { text, skip, count }) {
      const query = typedText(text).trim().slice(0, 200);
      const wanted = Math.min(MAX_RESULTS, skip + Math.max(1, count));
      const hits = skip >= MAX_RESULTS ? [] : await deps.search.search(query, { limit: wanted });
      if (hits.length === 0 && query)
        return { type: 'message', text: '該当する判断事例は見つかりませんでした。言葉を変えて検索してください。' };
      const words = deps.search.prepare(query).words;
      return {
        type: 'result',
        attachmentLayout: 'list',
        attachments: hits.slice(skip).map((hit) => {
          const terms = highlightTerms(hit.matched, words);
          return attachment(hit.ruling, deps.tabUrl, highlight(hit.ruling.title, terms), snippet(hit.ruling, terms, 80));
        }),
      };
    },
    async selectItem(_turn, value) {
      const id = typeof value.rulingId === 'string' ? value.rulingId.slice(0, 64) : '';
      const ruling = id ? await deps.store.rulings.get(id) : undefined;
      if (!ruling) return { type: 'message', text: 'この判断事例は見つかりませんでした。もう一度検索してください。' };
      return {
        type: 'result',
        attachmentLayout: 'list',
        attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: rulingCard(ruling, deps.tabUrl) }],
      };
    },
  };
}

/** A hit: the ruling card to insert, and the preview the list shows (tapping it asks for selectItem). */
function attachment(ruling: Ruling, tabUrl: string, title: Span[], text: Span[]): MessageExtensionAttachment {
  // Thumbnail cards render a little HTML: the words found in <b>, everything else escaped.
  const html = (spans: Span[]) => spans.map((s) => (s.hit ? `<b>${escapeHtml(s.text)}</b>` : escapeHtml(s.text))).join('');
  return {
    contentType: ADAPTIVE_CARD_CONTENT_TYPE,
    content: rulingCard(ruling, tabUrl),
    preview: {
      contentType: THUMBNAIL,
      content: {
        title: html(title),
        subtitle: escapeHtml(
          `${ruling.department}・${ruling.category}・${ruling.id}${ruling.status === 'superseded' ? '（改正済み）' : ''}`,
        ),
        text: html(text),
        tap: { type: 'invoke', value: { commandId: RULING_SEARCH_COMMAND, rulingId: ruling.id } },
      },
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
