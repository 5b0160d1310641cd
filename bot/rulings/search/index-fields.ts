import type { Ruling } from '../model';
import { japaneseAnalyser } from './japanese-analyser';
import { normalizeForSearch, searchTokens } from './normalize';

/**
 * The three weighted fields of a ruling's index entry, as space-separated tokens. The title and
 * the keywords also carry the bigrams of their reading in hiragana (保育所 → ほい いく くし しょ),
 * so a query typed in kana (ほいくしょ) finds them.
 */
export function rulingIndexFields(ruling: Ruling): { title: string; keywords: string; body: string } {
  const tokens = (text: string) => searchTokens(normalizeForSearch(text)).join(' ');
  const withReading = (text: string) => `${tokens(text)} ${tokens(japaneseAnalyser().reading(text))}`.trim();
  return {
    title: withReading(ruling.title),
    keywords: withReading(keywordText(ruling)),
    body: tokens(`${ruling.question} ${ruling.answer}`),
  };
}

/** A stretch of a manual's text as index tokens: the same bigrams and words as a ruling's body. */
export function manualSectionTokens(text: string): string {
  return searchTokens(normalizeForSearch(text)).join(' ');
}

/** What a ruling's words are checked against when it is re-ranked: the title, and everything. */
export interface RulingSearchText {
  /** The title and its reading, normalized. */
  title: string;
  /** All searchable text and the readings of the title and keywords, normalized. */
  all: string;
}

/** The texts of recently re-ranked rulings: the same rulings come back query after query, and folding them costs more than the ranking. */
const recentTexts = new Map<string, RulingSearchText>();
const RECENT_TEXTS = 5000;
/** The same, by the ruling object: the store hands out the same frozen ruling while it is unchanged, so its text needs no key. */
const textsOfFrozen = new WeakMap<Ruling, RulingSearchText>();

export function rulingSearchText(ruling: Ruling): RulingSearchText {
  const known = textsOfFrozen.get(ruling);
  if (known) return known;
  const text = rulingSearchTextByContent(ruling);
  if (Object.isFrozen(ruling)) textsOfFrozen.set(ruling, text);
  return text;
}

function rulingSearchTextByContent(ruling: Ruling): RulingSearchText {
  // Keyed by everything the text is made of, so an edited ruling is folded again.
  const key = [ruling.id, ruling.title, keywordText(ruling), ruling.question, ruling.answer].join('\u0000');
  let text = recentTexts.get(key);
  if (!text) {
    if (recentTexts.size >= RECENT_TEXTS) recentTexts.clear();
    text = foldRulingText(ruling);
    recentTexts.set(key, text);
  }
  return text;
}

function foldRulingText(ruling: Ruling): RulingSearchText {
  const analyser = japaneseAnalyser();
  const title = normalizeForSearch(`${ruling.title}\n${analyser.reading(ruling.title)}`);
  const keywords = keywordText(ruling);
  return {
    title,
    all: `${title}\n${normalizeForSearch([keywords, analyser.reading(keywords), ruling.question, ruling.answer].join('\n'))}`,
  };
}

function keywordText(ruling: Ruling): string {
  return [ruling.category, ruling.department, ruling.legalBasis, ...ruling.tags].join(' ');
}
