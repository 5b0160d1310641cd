import { normalizeForSearch, searchTokens } from '../../rulings/search/normalize';
import type { Suggestion } from '../cards/suggestions-card';
import type { Question } from '../rules/question-form';
import type { InquiryHandlerDeps } from './deps';

const SHOWN = 3;
/** A suggestion must share at least this share of the question's title tokens to be worth showing. */
const MANUAL_MIN_OVERLAP = 0.3;

/**
 * The three best matches for a question among current rulings (the search index, synonyms
 * included) and manuals (few, so compared directly by the subject's bigrams).
 */
export async function suggestFor(deps: Pick<InquiryHandlerDeps, 'search' | 'store' | 'tabUrl'>, question: Question): Promise<Suggestion[]> {
  const query = `${question.subject} ${question.category}`.slice(0, 200);
  const rulings = await deps.search.search(query, { limit: SHOWN });
  const suggestions: (Suggestion & { score: number })[] = rulings.map((hit) => ({
    kind: 'ruling',
    id: hit.ruling.id,
    title: hit.ruling.title,
    excerpt: hit.ruling.answer.slice(0, 120),
    url: `${deps.tabUrl}#/rulings/${encodeURIComponent(hit.ruling.id)}`,
    score: hit.score,
  }));
  const wanted = new Set(searchTokens(normalizeForSearch(question.subject)));
  if (wanted.size > 0) {
    for (const manual of await deps.store.manuals.list()) {
      const have = new Set(searchTokens(normalizeForSearch(`${manual.title} ${manual.system} ${manual.summary}`)));
      const overlap = [...wanted].filter((token) => have.has(token)).length / wanted.size;
      if (overlap >= MANUAL_MIN_OVERLAP)
        suggestions.push({
          kind: 'manual',
          id: manual.id,
          title: manual.title,
          excerpt: manual.summary.slice(0, 120),
          url: manual.url,
          score: overlap,
        });
    }
  }
  // Rulings answer the question itself; a manual is shown only where no ruling fills the slot.
  return suggestions.slice(0, SHOWN).map(({ score: _score, ...s }) => s);
}
