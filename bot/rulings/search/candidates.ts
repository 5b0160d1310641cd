import type { IndexFieldWeights, RulingCandidate, RulingFilter, RulingStore } from '../../store/ports';

/** A match in the title counts most, then 分野・所管課・根拠法令・tags, then 質問・回答. */
export const FIELD_WEIGHTS: IndexFieldWeights = { title: 8, keywords: 3, body: 1 };
/** Enough rulings matching every word that the looser any-word search is not needed. */
export const FULL_PAGE = 10;
/** How many of a concept's tokens are sent to the index: its rarest ones. */
export const TELLING_TOKENS = 3;

/** What candidate search asks of a store: its index's document frequencies and matches. */
export type RulingIndex = Pick<RulingStore, 'documentFrequencies' | 'matchIndex'>;

/**
 * Each concept's most telling tokens: its rarest ones in the collection (at most 3), which
 * say the most and cost the least to read. Tokens absent from the index are dropped, and so
 * is a concept left with none (it cannot match anything).
 */
export function tellingGroups(concepts: string[][], frequency: ReadonlyMap<string, number>): string[][] {
  const count = (token: string) => frequency.get(token) ?? 0;
  return concepts
    .map((tokens) =>
      [...new Set(tokens)]
        .filter((t) => count(t) > 0)
        .sort((a, b) => count(a) - count(b))
        .slice(0, TELLING_TOKENS),
    )
    .filter((tokens) => tokens.length > 0);
}

/**
 * The index's candidates for a query split into concepts (each a list of tokens, any of which
 * may match), best BM25 first: first the rulings that match every concept; only if too few
 * do, after them those matching any.
 */
export async function findCandidates(
  index: RulingIndex,
  concepts: string[][],
  filter: RulingFilter,
  limit: number,
  /** The documents frequencies of the concepts' tokens, when the caller already has them. */
  known?: ReadonlyMap<string, number>,
): Promise<RulingCandidate[]> {
  const groups = tellingGroups(concepts, known ?? (await index.documentFrequencies([...new Set(concepts.flat())])));
  if (groups.length === 0) return [];
  const match = (allOf: string[][]) => index.matchIndex({ allOf, filter, limit, weights: FIELD_WEIGHTS });
  const hits = await match(groups);
  if (hits.length >= Math.min(limit, FULL_PAGE) || groups.length === 1) return hits;
  const seen = new Set(hits.map((h) => h.ruling.id));
  const loose = await match([[...new Set(groups.flat())]]);
  return [...hits, ...loose.filter((h) => !seen.has(h.ruling.id))].slice(0, limit);
}
