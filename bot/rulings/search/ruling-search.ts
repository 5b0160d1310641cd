import type { RulingFilter, RulingStore } from '../../store/ports';
import type { Ruling } from '../model';
import { findCandidates } from './candidates';
import { rulingSearchText } from './index-fields';
import { normalizeForSearch } from './normalize';
import { prepareQuery, type PreparedQuery } from './prepare-query';
import type { SynonymGroups } from './synonyms';

export interface RulingSearchOptions extends Omit<RulingFilter, 'status'> {
  limit?: number;
  /** 状態: 'current' (default), 'superseded', or 'all' (current first). */
  status?: 'current' | 'superseded' | 'all';
}

export interface RulingHit {
  ruling: Ruling;
  score: number;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;
/** How much words found in the title add, so a title match leads even among unscored candidates. */
const TITLE_WEIGHT = 2;
/** How many BM25 candidates are re-ranked. */
const CANDIDATES = 60;

/**
 * Finds rulings the way ward staff ask: the index proposes candidates by BM25 over bigrams
 * (synonyms and abbreviations expanded), then each candidate is re-ranked by how much of each
 * thing the user typed it covers, so a ruling about 国保 and 喪失 beats one that only repeats 国保.
 * Superseded rulings are hidden unless asked for, and rank below current ones.
 */
export class RulingSearch {
  constructor(
    private readonly rulings: RulingStore,
    private readonly synonyms: SynonymGroups,
  ) {}

  async search(text: string, options: RulingSearchOptions = {}): Promise<RulingHit[]> {
    const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
    const status = options.status ?? 'current';
    const filter: RulingFilter = {
      department: options.department,
      category: options.category,
      fiscalYear: options.fiscalYear,
      status: status === 'all' ? undefined : status,
    };
    const query = prepareQuery(text, this.synonyms);
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
    const candidates = await findCandidates(this.rulings, query.groups, filter, Math.max(CANDIDATES, limit));
    return (
      candidates
        // +1: in a small collection BM25's IDF is near zero; coverage must still order the hits.
        .map(({ ruling, bm25: score }) => ({
          ruling,
          score: round(
            ((score + 1) * (0.2 + coverage(query, rulingSearchText(ruling))) +
              TITLE_WEIGHT * coverage(query, normalizeForSearch(ruling.title))) *
              (ruling.status === 'current' ? 1 : 0.5),
          ),
        }))
        .sort((a, b) => b.score - a.score || currentFirst(a.ruling, b.ruling))
        .slice(0, limit)
    );
  }
}

/** The mean, over the words typed, of the best share of a word's tokens (or a synonym's) found in the text. */
function coverage(query: PreparedQuery, text: string): number {
  const typed = query.concepts.filter((c) => !c.expansion);
  if (typed.length === 0) return 1;
  const share = (tokens: string[]) => tokens.filter((t) => text.includes(t)).length / tokens.length;
  const total = typed.reduce((sum, concept) => {
    const variants = [concept, ...query.concepts.filter((c) => c.expansion && c.source === concept.text)];
    return sum + Math.max(...variants.map((v) => share(v.tokens)));
  }, 0);
  return total / typed.length;
}

function currentFirst(a: Ruling, b: Ruling): number {
  return Number(b.status === 'current') - Number(a.status === 'current');
}

const round = (n: number) => Math.round(n * 1000) / 1000;
