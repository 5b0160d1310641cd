import type { Ruling } from '../model';
import { rulingSearchText } from '../search/index-fields';
import { normalizeForSearch } from '../search/normalize';
import type { PreparedQuery } from '../search/prepare-query';

/**
 * Synonyms learned from the staff. A search that ended well (これで解決した in chat, or a ruling
 * opened from the tab's results) pairs the words typed with the ruling that answered them. A
 * word the ruling does not contain, not even through a synonym (亡くなった when the ruling says
 * 死亡), is a candidate synonym of the ruling's own terms, for an administrator to accept or reject.
 */

/** One search that ended at a ruling: the query and the ruling it settled on. */
export interface SearchSignal {
  query: string;
  rulingId: string;
  /** ISO timestamp */
  at: string;
}

export interface SynonymCandidate {
  /** The word typed, normalized as the search reads it (katakana as hiragana: ろすと). */
  word: string;
  /** The word as someone typed it (ロスト), for showing; the normalized word when the query does not contain it as such (a verb's dictionary form). */
  typed: string;
  rulingId: string;
  rulingTitle: string;
  /** The ruling's own terms the word may stand for: its tags, then the content words of its title. */
  terms: string[];
  /** Up to three of the queries the word came from, newest first. */
  queries: string[];
  /** How many searches ended at this ruling with this word missing from it. */
  count: number;
  /** ISO timestamp of the newest such search. */
  lastSeen: string;
}

const MAX_TERMS = 8;
const MAX_QUERIES = 3;

/** The key of a candidate: a word and the ruling it was missing from. */
export const candidateKey = (word: string, rulingId: string) => `${word}\u0000${rulingId}`;

/**
 * The candidates the signals give, most frequent first (then newest), leaving out those already
 * decided (`decided`: candidate keys). `prepare` is the search's own query preparation, so the
 * words are cut and expanded exactly as a search would.
 */
export function synonymCandidates(
  signals: SearchSignal[],
  rulings: ReadonlyMap<string, Ruling>,
  prepare: (text: string) => PreparedQuery,
  decided: ReadonlySet<string>,
): SynonymCandidate[] {
  const byKey = new Map<string, SynonymCandidate>();
  const prepared = memo(prepare);
  const termsOf = memo((id: string) => rulingTerms(rulings.get(id) as Ruling, prepared));
  for (const signal of signals) {
    const ruling = rulings.get(signal.rulingId);
    if (!ruling) continue;
    for (const word of missingWords(prepared(signal.query), ruling)) {
      const key = candidateKey(word, ruling.id);
      if (decided.has(key)) continue;
      const terms = termsOf(ruling.id).filter((term) => term !== word);
      if (terms.length === 0) continue;
      const seen = byKey.get(key);
      if (!seen) {
        byKey.set(key, {
          word,
          typed: asTyped(word, signal.query),
          rulingId: ruling.id,
          rulingTitle: ruling.title,
          terms,
          queries: [signal.query],
          count: 1,
          lastSeen: signal.at,
        });
        continue;
      }
      seen.count += 1;
      if (signal.at > seen.lastSeen) seen.lastSeen = signal.at;
      if (!seen.queries.includes(signal.query)) seen.queries.push(signal.query);
    }
  }
  return [...byKey.values()]
    .map((c) => ({ ...c, queries: c.queries.slice(0, MAX_QUERIES) }))
    .sort((a, b) => b.count - a.count || b.lastSeen.localeCompare(a.lastSeen) || a.word.localeCompare(b.word));
}

/** The words of the query that the ruling contains in no spelling the search knows (the word, a synonym, a reading). */
export function missingWords(query: PreparedQuery, ruling: Ruling): string[] {
  const text = rulingSearchText(ruling).all;
  return query.words.filter((word) => [...word].length > 1 && !query.concepts.some((c) => c.source === word && text.includes(c.text)));
}

/** The part of the query that normalizes to the word (ロスト for ろすと), or the word itself. */
function asTyped(word: string, query: string): string {
  const chars = [...query];
  const length = [...word].length;
  for (let start = 0; start + length <= chars.length; start++) {
    const part = chars.slice(start, start + length).join('');
    if (normalizeForSearch(part) === word) return part;
  }
  return word;
}

/** The ruling's tags, then its title's content words, each once. */
function rulingTerms(ruling: Ruling, prepare: (text: string) => PreparedQuery): string[] {
  const tags = ruling.tags.map((tag) => tag.trim()).filter(Boolean);
  return [...new Set([...tags, ...prepare(ruling.title).words])].filter((term) => [...term].length > 1).slice(0, MAX_TERMS);
}

/** The same query comes back from many people: it is prepared once per listing. */
function memo<T>(f: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, f(key));
    return seen.get(key) as T;
  };
}
