import type { ManualSectionMatch, ManualStore } from '../../store/ports';
import type { ManualSection } from '../manual-text/model';
import type { Manual } from '../model';
import { normalizeForSearch } from './normalize';
import type { PreparedQuery } from './prepare-query';

export interface ManualHit {
  manual: Manual;
  score: number;
  /** The spellings of the words typed (or their synonyms) found, for highlighting. */
  matched: string[];
  /** Where in the document the words were found, when its text (not only its title or summary) holds them. */
  section?: ManualSection;
}

/** A manual must hold this share of the words typed (its metadata and one page or heading's text together). */
const MIN_COVERAGE = 0.5;
/** What a word found in the title adds beside its being found at all. */
const TITLE_WEIGHT = 0.6;
/** How many stretches of text the index proposes. */
const SECTION_CANDIDATES = 200;

/**
 * Manuals found by their metadata (title, 制度, 所管課, summary) and their documents' text, the
 * query prepared as for rulings (content words, synonyms, readings). Each manual is scored
 * with its best page or heading: the share of the words typed it holds, the title's counted
 * again; that page or heading comes with the hit when it holds any of the words.
 */
export class ManualSearch {
  constructor(
    private readonly manuals: Pick<ManualStore, 'list' | 'matchText'>,
    private readonly prepare: (text: string) => PreparedQuery,
  ) {}

  /** `among`: the manuals the reader may see (SharePoint trims them per person); all of them by default. */
  async search(text: string, options: { limit?: number; among?: Manual[] } = {}): Promise<ManualHit[]> {
    const query = this.prepare(text);
    if (query.words.length === 0 || query.tokens.length === 0) return [];
    const [manuals, sections] = await Promise.all([
      options.among ?? this.manuals.list(),
      this.manuals.matchText(query.tokens, SECTION_CANDIDATES),
    ]);
    const byManual = new Map<string, ManualSectionMatch[]>();
    for (const section of sections) byManual.set(section.manualId, [...(byManual.get(section.manualId) ?? []), section]);
    const hits: ManualHit[] = [];
    for (const manual of manuals) {
      const meta = normalizeForSearch([manual.title, manual.system, manual.department, manual.summary].join('\n'));
      const title = normalizeForSearch(manual.title);
      const titleShare = coverage(query, title).share;
      const metaOnly = coverage(query, meta);
      let best: { score: number; cover: number; matched: string[]; section?: ManualSectionMatch } = {
        score: metaOnly.share + TITLE_WEIGHT * titleShare,
        cover: metaOnly.share,
        matched: metaOnly.matched,
      };
      for (const section of byManual.get(manual.id) ?? []) {
        const all = coverage(query, `${meta}\n${normalizeForSearch(section.text)}`);
        // A page or heading that adds nothing to what the metadata holds is not where the words are.
        if (all.share <= metaOnly.share) continue;
        const score = all.share + TITLE_WEIGHT * titleShare + section.bm25 * 1e-4;
        if (score > best.score) best = { score, cover: all.share, matched: all.matched, section };
      }
      // Numbers alone (「1」「2」 of a mistyped command) are in every manual: a hit needs a word of letters found whole.
      if (best.cover >= MIN_COVERAGE && best.matched.some((term) => /\p{L}/u.test(term))) {
        const hit: ManualHit = { manual, score: Math.round(best.score * 1000) / 1000, matched: best.matched };
        if (best.section) {
          const { page, heading, text: sectionText } = best.section;
          hit.section = { ...(page !== undefined ? { page } : {}), ...(heading !== undefined ? { heading } : {}), text: sectionText };
        }
        hits.push(hit);
      }
    }
    return hits.sort((a, b) => b.score - a.score || a.manual.id.localeCompare(b.manual.id)).slice(0, options.limit ?? 10);
  }
}

/**
 * The share of the words typed that a text holds, each by its best spelling (itself or a
 * synonym): found whole it counts 1, else the square of the share of its tokens found.
 */
function coverage(query: PreparedQuery, haystack: string): { share: number; matched: string[] } {
  let found = 0;
  const matched: string[] = [];
  for (const word of query.words) {
    const variants = query.concepts.filter((c) => c.source === word);
    const strength = Math.max(
      0,
      ...variants.map((v) =>
        haystack.includes(v.text) ? 1 : v.tokens.length ? (v.tokens.filter((t) => haystack.includes(t)).length / v.tokens.length) ** 2 : 0,
      ),
    );
    found += strength;
    matched.push(...variants.filter((v) => haystack.includes(v.text)).map((v) => v.text));
  }
  return { share: query.words.length ? found / query.words.length : 0, matched: [...new Set(matched)] };
}
