/**
 * Folds the ways staff write the same word into one form, applied alike to documents and
 * queries: NFKC (ＤＶ→dv, full-width digits), lower case, katakana→hiragana (ハンコ = はんこ),
 * kanji digits (第三子 = 第3子), and a single kana between two kanji (申し込み = 申込み,
 * 国保の喪失 = 国保喪失), which also drops particles between words.
 */
const KANJI_DIGITS: Record<string, string> = { 〇: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))
    .replace(/[〇一二三四五六七八九]/g, (ch) => KANJI_DIGITS[ch])
    .replace(/(\p{Script=Han})[\u3041-\u3096](?=\p{Script=Han})/gu, '$1');
}

/** Runs of letters and digits (any script); everything else separates words. */
export function wordRuns(normalized: string): string[] {
  return normalized.match(/[\p{L}\p{N}ー]+/gu) ?? [];
}

const ASCII_WORD = /^[a-z0-9]+$/;
const HIRAGANA_ONLY = /^[\u3041-\u3096ー]+$/u;

/**
 * Index terms of normalized text: ASCII words whole (dv, 2024), and overlapping character
 * bigrams for Japanese, which has no spaces (国民健康保険 → 国民 民健 健康 康保 保険). A
 * one-character run becomes a unigram unless it is a lone kana (a particle).
 */
export function searchTokens(normalized: string): string[] {
  const tokens: string[] = [];
  for (const run of wordRuns(normalized)) {
    if (ASCII_WORD.test(run)) {
      tokens.push(run);
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) {
      if (!HIRAGANA_ONLY.test(run)) tokens.push(run);
      continue;
    }
    for (let i = 0; i < chars.length - 1; i++) tokens.push(chars[i] + chars[i + 1]);
  }
  return tokens;
}
