import type { RulingStore } from '../../store/ports';
import { japaneseAnalyser } from './japanese-analyser';
import { RulingSearch } from './ruling-search';
import { loadSudachiSynonyms, loadSynonyms, termsByReading } from './synonyms';

/**
 * Ruling search as the app, the CLI and the tests run it: the municipal synonym file (staff
 * edit it; read at start), Sudachi's synonyms behind it, and the analyser for kana readings
 * and for cutting whole sentences into words.
 */
export function createRulingSearch(rulings: RulingStore, synonymsFile: string): RulingSearch {
  const synonyms = loadSynonyms(synonymsFile);
  const analyser = japaneseAnalyser();
  return new RulingSearch(rulings, synonyms, {
    analyser,
    general: loadSudachiSynonyms(),
    readings: termsByReading(synonyms, (text) => analyser.reading(text)),
  });
}
