import type { Ruling } from '../model';
import { normalizeForSearch, searchTokens } from './normalize';

/** The three weighted fields of a ruling's index entry, as space-separated tokens. */
export function rulingIndexFields(ruling: Ruling): { title: string; keywords: string; body: string } {
  const tokens = (text: string) => searchTokens(normalizeForSearch(text)).join(' ');
  return {
    title: tokens(ruling.title),
    keywords: tokens([ruling.category, ruling.department, ruling.legalBasis, ...ruling.tags].join(' ')),
    body: tokens(`${ruling.question} ${ruling.answer}`),
  };
}

/** All of a ruling's searchable text, normalized, for checking which query tokens it contains. */
export function rulingSearchText(ruling: Ruling): string {
  return normalizeForSearch(
    [ruling.title, ruling.category, ruling.department, ruling.legalBasis, ...ruling.tags, ruling.question, ruling.answer].join('\n'),
  );
}
