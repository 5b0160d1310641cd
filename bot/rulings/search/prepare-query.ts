import { normalizeForSearch, searchTokens, wordRuns } from './normalize';
import { expandWithSynonyms, type SynonymGroups } from './synonyms';

/** A query ready for an index: each concept the user typed, with the tokens that express it. */
export interface PreparedQuery {
  /** One entry per word the user typed (or per synonym expansion), each a set of index tokens. */
  concepts: { text: string; tokens: string[]; expansion: boolean; source: string }[];
  /** Every distinct token, capped so a pasted novel cannot slow the index down. */
  tokens: string[];
}

const MAX_QUERY_CHARS = 200;
const MAX_TOKENS = 64;

export function prepareQuery(raw: string, synonyms: SynonymGroups): PreparedQuery {
  const words = wordRuns(normalizeForSearch(raw.slice(0, MAX_QUERY_CHARS)));
  const concepts = words.flatMap((word) => [
    { text: word, tokens: searchTokens(word), expansion: false, source: word },
    ...expandWithSynonyms(word, [word], synonyms).map((text) => ({ text, tokens: searchTokens(text), expansion: true, source: word })),
  ]).filter((concept) => concept.tokens.length > 0);
  const tokens = [...new Set(concepts.flatMap((c) => c.tokens))].slice(0, MAX_TOKENS);
  return { concepts, tokens };
}
