import { normalizeForSearch, searchTokens, wordRuns } from './normalize';
import { expandWithSynonyms, type SynonymGroups } from './synonyms';

/** A query ready for an index: each concept the user typed, with the tokens that express it. */
export interface PreparedQuery {
  /** One entry per word the user typed (or per synonym expansion), each a set of index tokens. */
  concepts: { text: string; tokens: string[]; expansion: boolean; source: string }[];
  /** One group per word typed: its own tokens and its synonyms', any of which may match; capped. */
  groups: string[][];
  /** Every distinct token of the groups. */
  tokens: string[];
}

const MAX_QUERY_CHARS = 200;
const MAX_TOKENS = 64;

export function prepareQuery(raw: string, synonyms: SynonymGroups): PreparedQuery {
  const words = wordRuns(normalizeForSearch(raw.slice(0, MAX_QUERY_CHARS)));
  const concepts = words
    .flatMap((word) => [
      { text: word, tokens: searchTokens(word), expansion: false, source: word },
      ...expandWithSynonyms(word, [word], synonyms).map((text) => ({ text, tokens: searchTokens(text), expansion: true, source: word })),
    ])
    .filter((concept) => concept.tokens.length > 0);
  // The cap applies to what reaches the index, so a pasted novel cannot slow it down.
  let budget = MAX_TOKENS;
  const groups = words
    .map((word) => [...new Set(concepts.filter((c) => c.source === word).flatMap((c) => c.tokens))])
    .map((group) => {
      const kept = group.slice(0, Math.max(0, budget));
      budget -= kept.length;
      return kept;
    })
    .filter((group) => group.length > 0);
  return { concepts, groups, tokens: [...new Set(groups.flat())] };
}
