import type { Ruling } from '../model';

/** A piece of text, marked when it is one of the words searched for. */
export interface Span {
  text: string;
  hit?: true;
}

const KANJI_DIGITS: Record<string, string> = { 〇: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
/** How long a snippet of the question or answer is, in characters. */
export const SNIPPET_LENGTH = 120;
/** How much of the text before the first match a snippet keeps. */
const LEAD = 30;

/** One character folded as search folds it (full width, case, katakana, kanji digits), so a normalized term can be found in the original. */
function foldChar(ch: string): string {
  return ch
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/[〇一二三四五六七八九]/g, (c) => KANJI_DIGITS[c]);
}

/** Which characters of text belong to an occurrence of any term (terms normalized as search normalizes). */
function marks(chars: string[], terms: string[]): boolean[] {
  let folded = '';
  const source: number[] = [];
  chars.forEach((ch, i) => {
    for (const f of foldChar(ch)) {
      folded += f;
      source.push(i);
    }
  });
  const marked = chars.map(() => false);
  for (const term of terms) {
    if (!term) continue;
    for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + 1))
      for (let k = at; k < at + term.length; k++) marked[source[k]] = true;
  }
  return marked;
}

function toSpans(chars: string[], marked: boolean[]): Span[] {
  const spans: Span[] = [];
  chars.forEach((ch, i) => {
    const last = spans[spans.length - 1];
    if (last && Boolean(last.hit) === marked[i]) last.text += ch;
    else spans.push(marked[i] ? { text: ch, hit: true } : { text: ch });
  });
  return spans;
}

/** The text cut into spans, the occurrences of the terms marked. */
export function highlight(text: string, terms: string[]): Span[] {
  const chars = [...text];
  return toSpans(chars, marks(chars, longestFirst(terms)));
}

/**
 * A snippet of the question or answer (whichever holds more of the terms), starting a little
 * before the first match, the terms marked; the question's beginning when neither holds any.
 */
export function snippet(ruling: Ruling, terms: string[], length = SNIPPET_LENGTH): Span[] {
  const ordered = longestFirst(terms);
  const candidates = [ruling.question, ruling.answer].map((text) => {
    const chars = [...text];
    const marked = marks(chars, ordered);
    return { chars, marked, hits: marked.filter(Boolean).length, first: marked.indexOf(true) };
  });
  const best = candidates[1].hits > candidates[0].hits ? candidates[1] : candidates[0];
  const start = best.first > LEAD ? best.first - LEAD : 0;
  const end = Math.min(best.chars.length, start + length);
  const spans = toSpans(best.chars.slice(start, end), best.marked.slice(start, end));
  if (start > 0) spans.unshift({ text: '…' });
  if (end < best.chars.length) spans.push({ text: '…' });
  return spans;
}

/** A snippet of one text (a manual's page or heading), starting a little before the first match, the terms marked. */
export function textSnippet(text: string, terms: string[], length = SNIPPET_LENGTH): Span[] {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  const marked = marks(chars, longestFirst(terms));
  const first = marked.indexOf(true);
  const start = first > LEAD ? first - LEAD : 0;
  const end = Math.min(chars.length, start + length);
  const spans = toSpans(chars.slice(start, end), marked.slice(start, end));
  if (start > 0) spans.unshift({ text: '…' });
  if (end < chars.length) spans.push({ text: '…' });
  return spans;
}

function longestFirst(terms: string[]): string[] {
  return [...new Set(terms)].filter((t) => [...t].length > 0).sort((a, b) => b.length - a.length);
}

/** The words to mark in a hit: the spellings it matched and the words typed. */
export function highlightTerms(matched: string[] | undefined, words: string[]): string[] {
  return [...new Set([...(matched ?? []), ...words])];
}
