import fs from 'node:fs';
import { normalizeForSearch } from './normalize';

/**
 * The synonym and abbreviation dictionary (bot/rulings/synonyms.txt, edited by staff): one
 * group of words meaning the same per line, the formal term first.
 */
export type SynonymGroups = string[][];

export function parseSynonyms(text: string): SynonymGroups {
  const groups: SynonymGroups = [];
  for (const line of text.split(/\r?\n/)) {
    const content = line.replace(/#.*$/, '').trim();
    if (!content) continue;
    const terms = [
      ...new Set(
        content
          .split(/[,、，]/)
          .map((t) => normalizeForSearch(t.trim()))
          .filter(Boolean),
      ),
    ];
    if (terms.length > 1) groups.push(terms);
  }
  return groups;
}

export function loadSynonyms(file: string): SynonymGroups {
  return fs.existsSync(file) ? parseSynonyms(fs.readFileSync(file, 'utf8')) : [];
}

/**
 * Every other member of each group one of whose members appears in the query: 国保 brings
 * 国民健康保険, 車 brings 自動車. Single-character members only count as a whole word.
 */
export function expandWithSynonyms(normalizedQuery: string, words: string[], groups: SynonymGroups): string[] {
  const expansions: string[] = [];
  for (const group of groups) {
    const present = group.some((term) => ([...term].length === 1 ? words.includes(term) : normalizedQuery.includes(term)));
    if (present) for (const term of group) if (!normalizedQuery.includes(term)) expansions.push(term);
  }
  return expansions;
}
