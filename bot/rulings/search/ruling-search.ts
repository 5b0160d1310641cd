import type { RulingFilter, RulingStore } from '../../store/ports';
import type { Ruling } from '../model';
import { findCandidates } from './candidates';
import { rulingSearchText, type RulingSearchText } from './index-fields';
import { prepareQuery, type PreparedQuery, type QueryLanguage } from './prepare-query';
import type { SynonymGroups } from './synonyms';

export interface RulingSearchOptions extends Omit<RulingFilter, 'status'> {
  limit?: number;
  /** 状態: 'current' (default), 'superseded', or 'all' (current first). */
  status?: 'current' | 'superseded' | 'all';
}

export interface RulingHit {
  ruling: Ruling;
  score: number;
  /** The words of the query (or their synonyms) found in this ruling, for highlighting. */
  matched?: string[];
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;
/** How many BM25 candidates are re-ranked. */
const CANDIDATES = 100;
/** What a word found in the title adds beside its being found at all. */
const TITLE_WEIGHT = 0.6;
/** What the share of the query's character pairs found in the ruling adds (whole sentences lean on it). */
const PHRASE_WEIGHT = 0.4;
/** What the index's BM25 (relative to the best candidate's) adds. */
const BM25_WEIGHT = 0.15;
/** The relevance floor: a hit must cover this share of what was typed (weighted by rarity) … */
const MIN_COVERAGE = 0.3;
/** … and score at least this share of the best hit's score. */
const MIN_SHARE_OF_BEST = 0.35;

/**
 * Finds rulings the way ward staff ask: the index proposes candidates by BM25 over bigrams
 * (synonyms, abbreviations and kana readings expanded), then each candidate is re-ranked by how
 * much of each word typed it covers, rarer words weighing more and words in the title more, so a
 * ruling about 国保 and 喪失 beats one that only repeats 国保. Hits below the relevance floor are
 * cut (a query with one good answer shows one). Superseded rulings are hidden unless asked for,
 * and rank below current ones.
 */
export class RulingSearch {
  constructor(
    private readonly rulings: RulingStore,
    private readonly synonyms: SynonymGroups,
    /** The analyser and dictionaries, or how to load them when first needed. */
    private readonly language: QueryLanguage | (() => QueryLanguage) = {},
  ) {}

  /** The query as this search prepares it (its words, their synonyms and readings). */
  prepare(text: string): PreparedQuery {
    return prepareQuery(text, this.synonyms, typeof this.language === 'function' ? this.language() : this.language);
  }

  /**
   * Adds a group of synonyms (a learned pair an administrator accepted): the dictionary is read
   * at every query, so the next search uses it without a restart.
   */
  addSynonyms(group: string[]): void {
    const key = group.join('\u0000');
    if (group.length > 1 && !this.synonyms.some((g) => g.join('\u0000') === key)) this.synonyms.push(group);
  }

  /** The words of a query, and those of them some ruling contains (itself, a synonym or its reading). */
  async knownWords(text: string): Promise<{ words: string[]; known: string[] }> {
    const query = this.prepare(text);
    if (query.tokens.length === 0) return { words: query.words, known: [] };
    const frequency = await this.rulings.documentFrequencies(query.tokens);
    const present = (token: string) => (frequency.get(token) ?? 0) > 0;
    return {
      words: query.words,
      known: query.words.filter((word) => query.concepts.some((c) => c.source === word && c.tokens.some(present))),
    };
  }

  /** Did-you-mean and related 分野, for a search that found nothing. */
  suggest(text: string, options: RulingSearchOptions = {}): Promise<SearchSuggestions> {
    const status = options.status ?? 'current';
    return suggestionsFor(this.rulings, this.prepare(text), {
      department: options.department,
      category: options.category,
      fiscalYear: options.fiscalYear,
      status: status === 'all' ? undefined : status,
    });
  }

  async search(text: string, options: RulingSearchOptions = {}): Promise<RulingHit[]> {
    const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
    const status = options.status ?? 'current';
    const filter: RulingFilter = {
      department: options.department,
      category: options.category,
      fiscalYear: options.fiscalYear,
      status: status === 'all' ? undefined : status,
    };
    const query = this.prepare(text);
    if (query.tokens.length === 0) {
      const listed =
        status === 'all'
          ? [
              ...(await this.rulings.list({ ...filter, status: 'current' }, limit)),
              ...(await this.rulings.list({ ...filter, status: 'superseded' }, limit)),
            ]
          : await this.rulings.list(filter, limit);
      return listed.slice(0, limit).map((ruling) => ({ ruling, score: 0 }));
    }
    const frequency = await this.rulings.documentFrequencies(query.tokens);
    const candidates = await findCandidates(this.rulings, query.groups, filter, Math.max(CANDIDATES, limit), frequency);
    const weights = wordWeights(query, frequency);
    const variants = variantsByWord(query, weights);
    const bestBm25 = Math.max(1e-9, ...candidates.map((c) => c.bm25));
    const scored = candidates.map(({ ruling, bm25 }) => {
      const text = rulingSearchText(ruling);
      const cover = coverage(variants, text);
      const score =
        (cover.all + TITLE_WEIGHT * cover.title + PHRASE_WEIGHT * phraseShare(query, text) + BM25_WEIGHT * (bm25 / bestBm25)) *
        (ruling.status === 'current' ? 1 : 0.5);
      return { ruling, score: round(score), coverage: cover.all, matched: cover.matched };
    });
    const best = Math.max(0, ...scored.map((s) => s.score));
    return scored
      .filter((s) => s.coverage >= MIN_COVERAGE && s.score >= MIN_SHARE_OF_BEST * best * (s.ruling.status === 'current' ? 1 : 0.5))
      .sort((a, b) => b.score - a.score || currentFirst(a.ruling, b.ruling))
      .slice(0, limit)
      .map(({ ruling, score, matched }) => ({ ruling: structuredClone(ruling), score, matched })); // the store's rulings are shared and frozen
  }
}

export interface SearchSuggestions {
  /** The query without the words nothing contains, when some words do match: 「国保 ぴよ」 → 「国保」. */
  didYouMean: string | null;
  /** The 分野 of the rulings that match any word, most frequent first (at most 3). */
  categories: string[];
}

/** What to offer when a search finds nothing above the floor. */
export async function suggestionsFor(rulings: RulingStore, query: PreparedQuery, filter: RulingFilter): Promise<SearchSuggestions> {
  if (query.tokens.length === 0) return { didYouMean: null, categories: [] };
  const frequency = await rulings.documentFrequencies(query.tokens);
  const present = (token: string) => (frequency.get(token) ?? 0) > 0;
  const known = query.words.filter((word) => query.concepts.some((c) => c.source === word && c.tokens.some(present)));
  const tokens = query.tokens.filter(present);
  const loose = tokens.length > 0 ? await findCandidates(rulings, [tokens], filter, 30, frequency) : [];
  const counts = new Map<string, number>();
  for (const { ruling } of loose) counts.set(ruling.category, (counts.get(ruling.category) ?? 0) + 1);
  return {
    didYouMean: known.length > 0 && known.length < query.words.length ? known.join(' ') : null,
    categories: [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([category]) => category),
  };
}

/**
 * How much each word typed weighs: rarer words say more about which ruling is meant. A word's
 * frequency is its most common spelling's (a synonym's), each spelling counted by its rarest token.
 */
function wordWeights(query: PreparedQuery, frequency: ReadonlyMap<string, number>): Map<string, number> {
  const weights = new Map<string, number>();
  for (const concept of query.concepts) {
    const present = concept.tokens.map((t) => frequency.get(t) ?? 0).filter((n) => n > 0);
    if (present.length === 0) continue;
    const df = Math.min(...present);
    const weight = 1 / Math.log2(2 + df);
    weights.set(concept.source, Math.min(weights.get(concept.source) ?? Infinity, weight));
  }
  return weights;
}

type WeightedVariants = { weight: number; variants: PreparedQuery['concepts'] }[];

/** Each weighed word with its spellings (itself, synonyms, readings), worked out once per query rather than once per candidate. */
function variantsByWord(query: PreparedQuery, weights: Map<string, number>): WeightedVariants {
  return [...weights].map(([source, weight]) => ({ weight, variants: query.concepts.filter((c) => c.source === source) }));
}

/**
 * The weighted share of the words typed that the ruling contains (each by its best spelling:
 * a spelling found whole counts 1, else the square of the share of its tokens found, so half a
 * word counts a quarter), over all its text and over its title.
 */
function coverage(words: WeightedVariants, text: RulingSearchText) {
  let total = 0;
  let all = 0;
  let title = 0;
  const matched: string[] = [];
  for (const { weight, variants } of words) {
    const strength = (haystack: string) =>
      Math.max(
        ...variants.map((v) =>
          haystack.includes(v.text) ? 1 : (v.tokens.filter((t) => haystack.includes(t)).length / v.tokens.length) ** 2,
        ),
      );
    total += weight;
    const inAll = strength(text.all);
    all += weight * inAll;
    title += weight * strength(text.title);
    if (inAll >= 0.5) matched.push(...variants.filter((v) => text.all.includes(v.text)).map((v) => v.text));
  }
  if (total === 0) return { all: 0, title: 0, matched };
  return { all: all / total, title: title / total, matched: [...new Set(matched)] };
}

/** The share of the character pairs of the words typed that the ruling contains, the title's counted again. */
function phraseShare(query: PreparedQuery, text: RulingSearchText): number {
  const pairs = new Set(query.words.flatMap((w) => [...w].slice(0, -1).map((c, i) => c + [...w][i + 1])));
  if (pairs.size === 0) return 0;
  let found = 0;
  for (const pair of pairs) found += Number(text.all.includes(pair)) + Number(text.title.includes(pair));
  return found / (2 * pairs.size);
}

function currentFirst(a: Ruling, b: Ruling): number {
  return Number(b.status === 'current') - Number(a.status === 'current');
}

const round = (n: number) => Math.round(n * 1000) / 1000;
