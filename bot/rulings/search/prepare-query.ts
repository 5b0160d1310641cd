import type { JapaneseAnalyser, Morpheme } from './japanese-analyser';
import { normalizeForSearch, searchTokens, wordRuns } from './normalize';
import { expandWithSynonyms, type GeneralSynonyms, type SynonymGroups } from './synonyms';

/** A query ready for an index: each concept the user typed, with the tokens that express it. */
export interface PreparedQuery {
  /** One entry per word the user typed (or per synonym expansion), each a set of index tokens. */
  concepts: { text: string; tokens: string[]; expansion: boolean; source: string }[];
  /** One group per word typed: its own tokens and its synonyms', any of which may match; capped. */
  groups: string[][];
  /** Every distinct token of the groups. */
  tokens: string[];
  /** The words kept from what was typed (content words, article numbers), normalized: for highlighting and the phrase score. */
  words: string[];
}

/** What prepares a query beyond the municipal synonym file: the analyser and the general dictionary. */
export interface QueryLanguage {
  analyser?: JapaneseAnalyser;
  general?: GeneralSynonyms;
  /** Reading (hiragana) → a term of the municipal file: こくほ → 国保. */
  readings?: ReadonlyMap<string, string>;
}

const MAX_QUERY_CHARS = 200;
const MAX_TOKENS = 64;
const MAX_GROUP_TOKENS = 16;
/** A word longer than this, or mixing kana with kanji, is a phrase the analyser cuts into words. */
const SHORT_WORD = 6;

/** Chat filler and words every question has: they say nothing about which ruling is meant. */
const FILLER = new Set(
  [
    'する',
    'いる',
    'ある',
    'なる',
    'できる',
    'いう',
    '言う',
    'いく',
    '行く',
    'くる',
    '来る',
    '思う',
    'おる',
    'もらう',
    'くれる',
    'しまう',
    'みる',
    'よい',
    'いい',
    'ない',
    'だめ',
    '大丈夫',
    'すみません',
    'すいません',
    'お願い',
    'よろしい',
    'わかる',
    '分かる',
    '聞く',
    '教える',
    'こと',
    'もの',
    'ため',
    'よう',
    'そう',
    'ところ',
    'とき',
    '時',
    '際',
    '場合',
    '方',
    '人',
    'さん',
    '件',
    '感じ',
    'どう',
    'なに',
    '何',
    'いつ',
    'どこ',
    'だれ',
    '誰',
    'どれ',
    'どちら',
    'どっち',
    'なん',
    'これ',
    'それ',
    'あれ',
    'ここ',
    'そこ',
    '今',
    '今回',
    '話',
    '中',
    'どうすれば',
    'いける',
    '出す',
    '入れる',
    '取る',
    '必要',
    '可能',
    '対応',
    '手続',
    '手続き',
    '相談',
    '問合せ',
    '問い合わせ',
    '連絡',
  ].map((w) => normalizeForSearch(w)),
);
const ARTICLE = /第?([0-9]+)条(?:の([0-9]+))?/g;
const HIRAGANA_WORD = /^[\u3041-\u3096ー]+$/u;

export function prepareQuery(raw: string, synonyms: SynonymGroups, language: QueryLanguage = {}): PreparedQuery {
  const parts = new Map<string, string[]>();
  const words = queryWords(raw.slice(0, MAX_QUERY_CHARS), language.analyser, parts);
  const concepts = words
    .flatMap((word) => [
      { text: word, tokens: searchTokens(word), expansion: false, source: word },
      ...expansionsOf(word, synonyms, language, parts.get(word) ?? []).map((text) => ({
        text,
        tokens: searchTokens(text),
        expansion: true,
        source: word,
      })),
    ])
    .filter((concept) => concept.tokens.length > 0);
  // The cap applies to what reaches the index, so a pasted novel cannot slow it down.
  let budget = MAX_TOKENS;
  const groups = words
    .map((word) => [...new Set(concepts.filter((c) => c.source === word).flatMap((c) => c.tokens))].slice(0, MAX_GROUP_TOKENS))
    .map((group) => {
      const kept = group.slice(0, Math.max(0, budget));
      budget -= kept.length;
      return kept;
    })
    .filter((group) => group.length > 0);
  return { concepts, groups, tokens: [...new Set(groups.flat())], words };
}

function expansionsOf(word: string, synonyms: SynonymGroups, language: QueryLanguage, parts: string[]): string[] {
  // A word typed in kana that reads as a term of the municipal file stands for that term (こくほ → 国保).
  const term = HIRAGANA_WORD.test(word) ? language.readings?.get(word) : undefined;
  const curated = expandWithSynonyms(word, [word], synonyms);
  const viaReading = term ? [term, ...expandWithSynonyms(term, [term], synonyms)].filter((t) => t !== word) : [];
  if (curated.length > 0 || viaReading.length > 0) return [...new Set([...curated, ...viaReading])];
  const general = language.general?.get(word);
  if (general) return [...general];
  // A compound the dictionaries do not know (葬式代) is found through its parts' synonyms (葬式 → 葬儀).
  return [...new Set(parts.filter((p) => [...p].length > 1 && p !== word).flatMap((p) => language.general?.get(p) ?? []))];
}

/**
 * The words of a query, normalized. Short words and words typed apart are kept as typed; a
 * phrase or a whole chat sentence is cut by the analyser into content words (runs of nouns as
 * one compound, verbs by their dictionary form), dropping particles, auxiliaries and filler.
 * Article numbers (第13条の3) are kept whole.
 */
function queryWords(text: string, analyser: JapaneseAnalyser | undefined, parts: Map<string, string[]>): string[] {
  const words: string[] = [];
  const folded = text.normalize('NFKC').replace(/[〇一二三四五六七八九十百]+(?=条)|(?<=条の)[〇一二三四五六七八九十百]+/g, kanjiNumber);
  const rest = folded.replace(ARTICLE, (_match, article: string, sub: string | undefined) => {
    words.push(sub ? `${article}条の${sub}` : `${article}条`);
    return ' ';
  });
  for (const chunk of rest.split(/[\s\p{P}\p{S}]+/u).filter(Boolean)) {
    const normalized = normalizeForSearch(chunk);
    if (!analyser || !isPhrase(chunk, normalized)) {
      words.push(...wordRuns(normalized));
      continue;
    }
    for (const word of contentWords(analyser.morphemes(chunk))) {
      words.push(word.text);
      if (word.parts.length > 1) parts.set(word.text, word.parts);
    }
  }
  return [...new Set(words.filter((w) => w && !FILLER.has(w)))];
}

function isPhrase(chunk: string, normalized: string): boolean {
  if (HIRAGANA_WORD.test(normalized) || /^[a-z0-9]+$/.test(normalized)) return false;
  return [...normalized].length > SHORT_WORD || /[\p{Script=Han}\p{Script=Katakana}][\u3041-\u3096]{2,}/u.test(chunk);
}

const JOINS_NOUNS = new Set(['接尾', '数']);

function contentWords(morphemes: Morpheme[]): { text: string; parts: string[] }[] {
  const words: { text: string; parts: string[] }[] = [];
  let compound: string[] = [];
  const flush = () => {
    if (compound.length > 0) words.push({ text: normalizeForSearch(compound.join('')), parts: compound.map((p) => normalizeForSearch(p)) });
    compound = [];
  };
  for (const m of morphemes) {
    const noun = m.pos === '名詞' && m.detail !== '非自立' && m.detail !== '代名詞';
    if (noun || (compound.length > 0 && m.pos === '名詞' && JOINS_NOUNS.has(m.detail))) {
      compound.push(m.surface);
      continue;
    }
    if (m.pos === '接頭詞' && /[^\u3041-\u3096]/u.test(m.surface)) {
      flush();
      compound = [m.surface];
      continue;
    }
    flush();
    // Verbs and adjectives by their dictionary form (辞め → 辞める); one written in kana alone (かかる, ほしい) is too vague to search.
    if ((m.pos === '動詞' || m.pos === '形容詞') && m.detail === '自立' && !HIRAGANA_WORD.test(m.base))
      words.push({ text: normalizeForSearch(m.base), parts: [] });
  }
  flush();
  // A lone kana word left from a verb or a particle misread as a noun says nothing.
  return words.filter((w) => !/^[\u3041-\u3096ー]$/u.test(w.text));
}

const KANJI_DIGIT = '〇一二三四五六七八九';

/** 十三 → 13, 百十六 → 116, 二〇 → 20: the numbers of articles as laws and staff write them. */
function kanjiNumber(kanji: string): string {
  if (!/[十百]/.test(kanji)) return [...kanji].map((c) => String(KANJI_DIGIT.indexOf(c))).join('');
  let total = 0;
  let digit = 0;
  for (const c of kanji) {
    if (c === '百' || c === '十') {
      total += (digit || 1) * (c === '百' ? 100 : 10);
      digit = 0;
    } else digit = KANJI_DIGIT.indexOf(c);
  }
  return String(total + digit);
}
