import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { normalizeForSearch } from './normalize';
import { packageOf, preparedFile } from './prepared-cache';

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

/**
 * Sudachi's synonym dictionary (sudachi-synonyms-dictionary on npm, Apache-2.0, read from the
 * package: no network), as a lookup from a whole word to its synonyms. It widens what the
 * municipal file (bot/rulings/synonyms.txt) covers and never overrides it: a word the file
 * knows is expanded by the file alone. A word is left out when it is ambiguous (a member of
 * more than one group, such as 生保 = 生活保護 or 生命保険), marked as not expanding, or one character.
 */
export type GeneralSynonyms = ReadonlyMap<string, readonly string[]>;

interface SudachiGroup {
  items: { expandControl: number; midashi: string }[];
}

const MAX_GENERAL_EXPANSIONS = 8;

export function loadSudachiSynonyms(): GeneralSynonyms {
  // 14 MB of JSON, read once when search starts (the package exports only an async getter).
  const folder = path.dirname(require.resolve('sudachi-synonyms-dictionary'));
  // The lookup (2 MB) is prepared once and cached: building it folds every term, about half a second.
  // Its key covers the package and this folder's code (normalizeForSearch and sudachiLookup among it) and Unicode's version (NFKC).
  const key = [packageOf(folder), process.versions.unicode, searchCodeDigest()].join(':');
  const prepared = preparedFile('sudachi-lookup', key, () => {
    const groups = JSON.parse(fs.readFileSync(path.join(folder, 'sudachi-synonyms-dictionary.json'), 'utf8')) as SudachiGroup[];
    return Buffer.from(JSON.stringify([...sudachiLookup(groups)]));
  });
  return new Map(JSON.parse(prepared.toString('utf8')) as [string, string[]][]);
}

/** A digest of the search code's files (this folder), so a change to how terms are folded prepares the lookup again. */
function searchCodeDigest(): string {
  const hash = crypto.createHash('sha256');
  for (const entry of fs.readdirSync(__dirname).sort()) {
    const file = path.join(__dirname, entry);
    if (fs.statSync(file).isFile()) hash.update(entry).update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

export function sudachiLookup(groups: SudachiGroup[]): GeneralSynonyms {
  const memberships = new Map<string, number>();
  const normalized = groups.map((group) =>
    group.items
      .filter((item) => item.expandControl !== 2)
      .map((item) => ({ term: normalizeForSearch(item.midashi), triggers: item.expandControl === 0 })),
  );
  for (const items of normalized)
    for (const term of new Set(items.map((i) => i.term))) memberships.set(term, (memberships.get(term) ?? 0) + 1);
  const lookup = new Map<string, string[]>();
  for (const items of normalized) {
    const terms = [...new Set(items.map((i) => i.term).filter((t) => [...t].length > 1))];
    for (const { term, triggers } of items) {
      if (!triggers || [...term].length < 2 || memberships.get(term) !== 1) continue;
      lookup.set(term, terms.filter((t) => t !== term).slice(0, MAX_GENERAL_EXPANSIONS));
    }
  }
  return lookup;
}

/** The reading (hiragana) of every term of the municipal file, so ほいくえん finds the group of 保育園. */
export function termsByReading(groups: SynonymGroups, reading: (text: string) => string): Map<string, string> {
  const byReading = new Map<string, string>();
  for (const group of groups)
    for (const term of group) {
      const kana = normalizeForSearch(reading(term));
      if (kana !== term && !byReading.has(kana)) byReading.set(kana, term);
    }
  return byReading;
}
