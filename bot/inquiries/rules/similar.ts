import { normalizeForSearch } from '../../rulings/search/normalize';
import type { PreparedQuery } from '../../rulings/search/prepare-query';
import type { Inquiry, InquiryCitation, InquiryStatus } from '../model';

/**
 * 同様の照会・判断事例: which earlier inquiries ask what this one asks. Each inquiry's 件名 and
 * 内容 are prepared by the ruling search's analyser (content words, synonyms, readings); an
 * earlier inquiry is similar by the weighted share of those words its own 件名・内容 contain,
 * the 件名's words counting more, and rarer words more than common ones (a word every inquiry
 * of the department uses says little).
 */

/** An inquiry's words as the search analyser prepares them: its 件名 and its 内容 apart. */
export interface CaseWords {
  subject: PreparedQuery;
  body: PreparedQuery;
}

/** What the 件名's words weigh against the 内容's in the similarity. */
export const SUBJECT_SHARE = 0.6;
/** Below this similarity an earlier inquiry is not shown (nor joined into a repeated topic). */
export const MIN_SIMILARITY = 0.4;
/** How many of each kind the card and the tab show. */
export const SHOWN_PER_KIND = 3;

/** A similar ruling or inquiry as the card, the tab and the API show it. */
export interface SimilarCase {
  kind: 'ruling' | 'inquiry';
  /** Ruling id or inquiry number. */
  id: string;
  title: string;
  /** 分野 */
  category: string;
  /** The ruling's answer, or the inquiry's delivered answer; null while unanswered. */
  answer: string | null;
  /** A ruling's status (current / superseded) or an inquiry's. */
  status: 'current' | 'superseded' | InquiryStatus;
  /** The ward section that asked (inquiries only). */
  askerDepartmentId?: string;
  /** Whether an answer may cite it: a current ruling, or an inquiry that was answered. */
  citable: boolean;
  /** Similarity as ranked (the search's score for rulings, 0–1 for inquiries). */
  score: number;
}

/** The text an inquiry is compared by: its 件名 and 内容, folded as the search folds documents. */
export function caseText(inquiry: Pick<Inquiry, 'subject' | 'body'>): string {
  return normalizeForSearch(`${inquiry.subject}\n${inquiry.body}`);
}

/**
 * What each word weighs: 1 / log2(2 + df), df the number of `texts` that contain it (as typed
 * or as one of its synonyms), so a word no other inquiry uses weighs 1 and one in six weighs 1/3.
 */
export function wordWeights(words: CaseWords, texts: readonly string[]): Map<string, number> {
  return weightsBy(words, (spellings) => texts.filter((text) => spellings.some((s) => text.includes(s))).length);
}

/** wordWeights with the document frequency told by the caller (the repeated-topics figure indexes its texts once). */
export function weightsBy(words: CaseWords, documentFrequency: (spellings: string[]) => number): Map<string, number> {
  const weights = new Map<string, number>();
  for (const query of [words.subject, words.body]) {
    for (const source of sourcesOf(query)) {
      if (weights.has(source)) continue;
      const spellings = query.concepts.filter((c) => c.source === source).map((c) => c.text);
      weights.set(source, 1 / Math.log2(2 + documentFrequency(spellings)));
    }
  }
  return weights;
}

/**
 * How much of `words` the text contains: per part (件名, 内容) the weighted share of its words
 * found (a word found whole, or as one of its synonyms, counts 1; else the square of the share
 * of its character pairs found), the 件名 weighing SUBJECT_SHARE. An empty part gives its share
 * to the other.
 */
export function similarity(words: CaseWords, text: string, weights: ReadonlyMap<string, number>): number {
  return scoreCompiled(
    compileWords(words, weights, (part) => part),
    (part) => text.includes(part),
  );
}

/**
 * An inquiry's words grouped for scoring many texts: per part, each word with its weight and its
 * spellings, each spelling and its character pairs turned into a probe once (the text itself,
 * or where the repeated-topics figure keeps which texts contain it).
 */
export interface CompiledWords<P> {
  parts: { weight: number; spellings: { whole: P; pairs: P[] }[] }[][];
}

export function compileWords<P>(words: CaseWords, weights: ReadonlyMap<string, number>, probe: (part: string) => P): CompiledWords<P> {
  return {
    parts: [words.subject, words.body].map((query) =>
      sourcesOf(query).map((source) => ({
        weight: weights.get(source) ?? 1,
        spellings: query.concepts.filter((c) => c.source === source).map((c) => ({ whole: probe(c.text), pairs: c.tokens.map(probe) })),
      })),
    ),
  };
}

/** similarity() over compiled words, `found` telling whether the text contains a probe. */
function scoreCompiled<P>(compiled: CompiledWords<P>, found: (probe: P) => boolean): number {
  const [subject, body] = compiled.parts.map((part) => coverage(part, found));
  if (subject === null && body === null) return 0;
  if (subject === null) return round(body ?? 0);
  if (body === null) return round(subject);
  return round(SUBJECT_SHARE * subject + (1 - SUBJECT_SHARE) * body);
}

/**
 * The earlier inquiries most like `target` (at most `limit`, most similar first, then the
 * newest): other inquiries asked before it, not withdrawn, at or above MIN_SIMILARITY.
 * `candidates` are the ones the viewer may see (the caller filters by the policy).
 */
export function similarInquiries(target: Inquiry, words: CaseWords, candidates: readonly Inquiry[], limit = SHOWN_PER_KIND): SimilarCase[] {
  const earlier = candidates.filter((c) => c.number !== target.number && c.status !== 'withdrawn' && c.createdAt <= target.createdAt);
  const texts = earlier.map(caseText);
  const weights = wordWeights(words, texts);
  return earlier
    .map((inquiry, i) => ({ inquiry, score: similarity(words, texts[i], weights) }))
    .filter((s) => s.score >= MIN_SIMILARITY)
    .sort((a, b) => b.score - a.score || (a.inquiry.createdAt < b.inquiry.createdAt ? 1 : -1))
    .slice(0, limit)
    .map(({ inquiry, score }) => inquiryCase(inquiry, score));
}

function inquiryCase(inquiry: Inquiry, score: number): SimilarCase {
  return {
    kind: 'inquiry',
    id: inquiry.number,
    title: inquiry.subject,
    category: inquiry.category,
    answer: inquiry.answer?.text ?? null,
    status: inquiry.status,
    askerDepartmentId: inquiry.askerDepartmentId,
    citable: inquiry.answer !== null,
    score,
  };
}

/**
 * Rulings first (the shared answer is what every ward should get), then inquiries; an inquiry
 * whose answer was shared as one of the rulings shown is that ruling already, so it is dropped.
 */
export function sameCases(rulings: SimilarCase[], inquiries: SimilarCase[], sharedAs: ReadonlyMap<string, string>): SimilarCase[] {
  const shown = new Set(rulings.map((r) => r.id));
  return [...rulings, ...inquiries.filter((i) => !shown.has(sharedAs.get(i.id) ?? ''))];
}

/** The answers that cite a ruling or an inquiry (its 「引用した回答」), oldest first. */
export function citationsOf(inquiries: readonly Inquiry[], cited: Pick<InquiryCitation, 'kind' | 'id'>): Inquiry[] {
  return inquiries
    .filter((i) => i.answer?.citation?.kind === cited.kind && i.answer.citation.id === cited.id)
    .sort((a, b) => ((a.answer?.answeredAt ?? '') < (b.answer?.answeredAt ?? '') ? -1 : 1));
}

function sourcesOf(query: PreparedQuery): string[] {
  return [...new Set(query.concepts.map((c) => c.source))];
}

function coverage<P>(part: CompiledWords<P>['parts'][number], found: (probe: P) => boolean): number | null {
  let total = 0;
  let sum = 0;
  for (const { weight, spellings } of part) {
    let strength = 0;
    for (const { whole, pairs } of spellings) {
      if (found(whole)) {
        strength = 1;
        break;
      }
      let hits = 0;
      for (const pair of pairs) if (found(pair)) hits += 1;
      strength = Math.max(strength, (hits / Math.max(1, pairs.length)) ** 2);
    }
    total += weight;
    sum += weight * strength;
  }
  return total === 0 ? null : sum / total;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
