import type { RulingStore } from '../../store/ports';
import { japaneseAnalyser } from './japanese-analyser';
import type { QueryLanguage } from './prepare-query';
import { RulingSearch } from './ruling-search';
import { loadSudachiSynonyms, loadSynonyms, termsByReading } from './synonyms';

/**
 * Ruling search as the app, the CLI and the tests run it: the municipal synonym file (staff
 * edit it; read at start), Sudachi's synonyms behind it, and the analyser for kana readings
 * and for cutting whole sentences into words.
 */
export function createRulingSearch(rulings: RulingStore, synonymsFile: string): RulingSearch {
  const synonyms = loadSynonyms(synonymsFile);
  // Loaded at the first search (about 4 s and 300 MB together), so a CLI command that never searches does not wait for them.
  let language: QueryLanguage | undefined;
  return new RulingSearch(rulings, synonyms, () => {
    if (!language) {
      const analyser = japaneseAnalyser();
      language = { analyser, general: loadSudachiSynonyms(), readings: termsByReading(synonyms, (text) => analyser.reading(text)) };
    }
    return language;
  });
}
