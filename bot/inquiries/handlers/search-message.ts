import { randomUUID } from 'node:crypto';
import { ensureAllowed } from '../../platform/authorization';
import type { BotTurn, CardActionHandler, CommandHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { excerpt, t } from '../../platform/i18n';
import { typedText } from '../../platform/typed-text';
import { highlight, highlightTerms, snippet, textSnippet } from '../../rulings/search/highlight';
import { ManualSearch, type ManualHit } from '../../rulings/search/manual-search';
import { inquiryActions } from '../card-actions';
import { askFormCard } from '../cards/ask-form-card';
import { doneCard } from '../cards/asker-cards';
import { searchResultsCard, type ChatSearchResult } from '../cards/search-results-card';
import { INQUIRY_LIMITS } from '../model';
import { recordSearchResolved } from '../workflow';
import { askableDepartments } from './askable-departments';
import type { InquiryHandlerDeps } from './deps';
import { inquiryText } from '../strings';

/** How many results a chat search shows. */
const SHOWN = 3;

/**
 * Any message that is not a command: searched in the rulings and manuals, answered with the
 * best three as a card. A message nothing matches is answered as before, in plain text, so
 * the person learns that the bot did not understand it and how to see the commands.
 */
export function searchMessageHandler(deps: InquiryHandlerDeps): CommandHandler {
  return {
    keywords: [],
    async handle(turn, text) {
      const query = typedText(text).trim().slice(0, 200);
      const notUnderstood = () => turn.reply({ text: t(turn.locale, 'unknownCommand', { text: excerpt(text, 40) }) });
      // Rulings are searched only when most of the words are in some ruling (not a mistyped command or a greeting);
      // manuals have their own floor (most of the words in one manual's metadata and page or heading).
      const { words: typed, known } = await deps.search.knownWords(query);
      const hits = known.length * 2 > typed.length ? await deps.search.search(query, { limit: SHOWN }) : [];
      const words = deps.search.prepare(query).words;
      const results: ChatSearchResult[] = hits.map((hit) => {
        const terms = highlightTerms(hit.matched, words);
        return {
          kind: 'ruling',
          id: hit.ruling.id,
          title: highlight(hit.ruling.title, terms),
          department: hit.ruling.department,
          category: hit.ruling.category,
          snippet: snippet(hit.ruling, terms),
          url: `${deps.tabUrl}#/rulings/${encodeURIComponent(hit.ruling.id)}`,
        };
      });
      if (results.length < SHOWN) results.push(...(await matchingManuals(deps, query, SHOWN - results.length)));
      if (results.length === 0) return void (await notUnderstood());
      await turn.reply({
        card: searchResultsCard({ query, results, locale: turn.locale }),
        summary: inquiryText(turn.locale, 'search.summary', { query: excerpt(query, 20) }),
      });
    },
  };
}

/** Manuals whose metadata or text hold the words, with the page or heading where they were found. */
async function matchingManuals(
  deps: Pick<InquiryHandlerDeps, 'store' | 'search'>,
  query: string,
  limit: number,
): Promise<ChatSearchResult[]> {
  const hits = await new ManualSearch(deps.store.manuals, (text) => deps.search.prepare(text)).search(query, { limit });
  const words = deps.search.prepare(query).words;
  return hits.map((hit) => manualResult(hit, highlightTerms(hit.matched, words)));
}

function manualResult({ manual, section }: ManualHit, terms: string[]): ChatSearchResult {
  return {
    kind: 'manual',
    id: manual.id,
    title: highlight(manual.title, terms),
    department: manual.department,
    category: manual.system,
    snippet: section ? textSnippet(section.text, terms) : highlight(manual.summary.slice(0, 120), terms),
    url: manual.url,
    ...(section ? { location: { page: section.page, heading: section.heading } } : {}),
  };
}

/** これで解決した: recorded once per person and query, for the rulings that exist; nothing is sent. */
export function searchResolvedAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.searchResolved, async (turn, data) => {
    if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
    const outcome = await recordSearchResolved(deps, turn.actor.actor, data.query, data.rulingIds);
    if (outcome === 'unknown') return { message: inquiryText(turn.locale, 'search.gone') };
    return {
      card: doneCard(inquiryText(turn.locale, 'resolved.title'), inquiryText(turn.locale, 'resolved.searchHint')),
    };
  });
}

/** 質問する: the 疑義照会 form, its 件名 from the query and 分野・宛先 from the best ruling (read again from the store). */
export function searchAskAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.searchAsk, async (turn: BotTurn, data) => {
    if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
    ensureAllowed(turn.actor.actor, 'inquiry.ask');
    if (turn.conversation.kind !== 'personal') return { message: inquiryText(turn.locale, 'ask.personalOnly') };
    const departments = await askableDepartments(deps.store);
    if (departments.length === 0) return { message: inquiryText(turn.locale, 'ask.noDepartments') };
    const ruling = data.rulingId ? await deps.store.rulings.get(data.rulingId) : undefined;
    const department = ruling ? departments.find((d) => d.name === ruling.department) : undefined;
    return {
      card: askFormCard({
        departments,
        today: turn.today,
        locale: turn.locale,
        requestId: randomUUID(),
        values: {
          subject: data.query.slice(0, INQUIRY_LIMITS.subject),
          category: ruling?.category.slice(0, INQUIRY_LIMITS.category) ?? '',
          targetDepartmentId: department?.id ?? '',
          legalBasis: ruling?.legalBasis.slice(0, INQUIRY_LIMITS.legalBasis) ?? '',
        },
      }),
    };
  });
}
