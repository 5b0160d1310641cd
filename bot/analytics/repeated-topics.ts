import type { Department } from '../directory/model';
import type { Inquiry } from '../inquiries/model';
import {
  caseText,
  compileWords,
  MIN_SIMILARITY,
  SUBJECT_SHARE,
  weightsBy,
  type CaseWords,
  type CompiledWords,
} from '../inquiries/rules/similar';
import { fiscalYearOf, japanDateOf } from '../platform/fiscal-calendar';
import type { AnalyticsFilter } from './metrics';

/**
 * 繰り返し寄せられる照会 (効果検証): topics several inquiries asked without a shared ruling,
 * candidates for a new 判断事例 or a manual fix. Within each HQ department, two inquiries are
 * alike when each is at least MIN_SIMILARITY like the other (同様の照会's similarity, both ways);
 * a topic is a group joined by such pairs, of two inquiries or more. A topic is settled when
 * one of its inquiries was shared as a ruling (全区共有) or its answer cites a ruling.
 */
export interface RepeatedTopic {
  /** The HQ department asked. */
  departmentId: string;
  department: string;
  /** 分野: the one most of its inquiries name (the first asked's on a tie). */
  category: string;
  /** The topic in the words of its first inquiry. */
  subject: string;
  /** Its inquiries' numbers, oldest first. */
  inquiries: string[];
  /** How many ward sections asked it. */
  wards: number;
  /** How many of its inquiries have an answer. */
  answered: number;
}

export interface RepeatedTopicCount {
  /** A 分野, or an HQ department's name. */
  key: string;
  topics: number;
  inquiries: number;
}

export interface RepeatedTopicsFigure {
  /** Topics without a shared ruling, most inquiries first. */
  topics: RepeatedTopic[];
  byCategory: RepeatedTopicCount[];
  byDepartment: RepeatedTopicCount[];
  /** What was counted: the honest denominators beside the list. */
  basis: {
    /** Inquiries compared: in the period and department filter, not withdrawn. */
    inquiriesCompared: number;
    /** Topics asked twice or more, settled by a ruling or not. */
    topicsFound: number;
    /** Of those, the ones a ruling settled (left out of `topics`). */
    topicsWithRuling: number;
    /** Inquiries in the topics listed. */
    inquiriesInTopics: number;
    minSimilarity: number;
  };
}

/** Whether the topic's answer was shared as a ruling, or cites one. */
function settledByRuling(inquiry: Inquiry): boolean {
  return inquiry.rulingId !== null || inquiry.answer?.citation?.kind === 'ruling';
}

export function computeRepeatedTopics(
  all: readonly Inquiry[],
  wordsOf: (inquiry: Inquiry) => CaseWords,
  departments: readonly Department[],
  filter: AnalyticsFilter = {},
): RepeatedTopicsFigure {
  const inquiries = all.filter(
    (i) =>
      i.status !== 'withdrawn' &&
      (filter.fiscalYear === undefined || fiscalYearOf(japanDateOf(new Date(i.createdAt))) === filter.fiscalYear) &&
      (!filter.departmentId || i.targetDepartmentId === filter.departmentId),
  );
  const names = new Map(departments.map((d) => [d.id, `${d.office} ${d.name}`]));
  const groups: Inquiry[][] = [];
  for (const departmentId of new Set(inquiries.map((i) => i.targetDepartmentId)))
    groups.push(
      ...topicsOf(
        inquiries.filter((i) => i.targetDepartmentId === departmentId),
        wordsOf,
      ),
    );
  const found = groups.filter((g) => g.length >= 2);
  const open = found.filter((g) => !g.some(settledByRuling));
  const topics = open
    .map((group): RepeatedTopic => {
      const sorted = [...group].sort((a, b) =>
        a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.number.localeCompare(b.number),
      );
      return {
        departmentId: sorted[0].targetDepartmentId,
        department: names.get(sorted[0].targetDepartmentId) ?? sorted[0].targetDepartmentId,
        category: mostNamed(sorted.map((i) => i.category)),
        subject: sorted[0].subject,
        inquiries: sorted.map((i) => i.number),
        wards: new Set(sorted.map((i) => i.askerDepartmentId)).size,
        answered: sorted.filter((i) => i.answer).length,
      };
    })
    .sort((a, b) => b.inquiries.length - a.inquiries.length || a.inquiries[0].localeCompare(b.inquiries[0]));
  return {
    topics,
    byCategory: countBy(topics, (t) => t.category),
    byDepartment: countBy(topics, (t) => t.department),
    basis: {
      inquiriesCompared: inquiries.length,
      topicsFound: found.length,
      topicsWithRuling: found.length - open.length,
      inquiriesInTopics: topics.reduce((n, t) => n + t.inquiries.length, 0),
      minSimilarity: MIN_SIMILARITY,
    },
  };
}

/**
 * Which of a fixed list of texts contain a string, worked out once per string: comparing every
 * pair asks the same few thousand words and character pairs of the same texts again and again.
 */
class TextIndex {
  private readonly found = new Map<string, Uint8Array>();
  constructor(private readonly texts: readonly string[]) {}

  containing(part: string): Uint8Array {
    let hits = this.found.get(part);
    if (!hits) {
      hits = Uint8Array.from(this.texts, (text) => Number(text.includes(part)));
      this.found.set(part, hits);
    }
    return hits;
  }

  private readonly anyOf = new Map<string, { rows: Uint8Array[]; count: number }>();

  /** How many texts other than `except` contain any of the spellings. */
  frequency(spellings: string[], except: number): number {
    const key = spellings.join('\u0000');
    let entry = this.anyOf.get(key);
    if (!entry) {
      const rows = spellings.map((s) => this.containing(s));
      let count = 0;
      for (let i = 0; i < this.texts.length; i++) if (rows.some((row) => row[i] === 1)) count += 1;
      entry = { rows, count };
      this.anyOf.set(key, entry);
    }
    return entry.count - Number(entry.rows.some((row) => row[except] === 1));
  }
}

/** One department's inquiries grouped: pairs alike both ways joined (union-find). */
function topicsOf(inquiries: Inquiry[], wordsOf: (inquiry: Inquiry) => CaseWords): Inquiry[][] {
  const index = new TextIndex(inquiries.map(caseText));
  const words = inquiries.map(wordsOf);
  // Each inquiry's words weighed against the others of its department, as 同様の照会 weighs them.
  const weights = inquiries.map((_, i) => weightsBy(words[i], (spellings) => index.frequency(spellings, i)));
  // Each inquiry's words as rows of the index, scored against every text at once.
  const alike = inquiries.map((_, i) => {
    const scores = scoreEveryText(
      compileWords(words[i], weights[i], (part) => index.containing(part)),
      inquiries.length,
    );
    return Uint8Array.from(scores, (score) => Number(score >= MIN_SIMILARITY));
  });
  const parent = inquiries.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (let i = 0; i < inquiries.length; i++)
    for (let j = i + 1; j < inquiries.length; j++) if (alike[i][j] === 1 && alike[j][i] === 1) parent[root(j)] = root(i);
  const byRoot = new Map<number, Inquiry[]>();
  inquiries.forEach((inquiry, i) => byRoot.set(root(i), [...(byRoot.get(root(i)) ?? []), inquiry]));
  return [...byRoot.values()];
}

/**
 * scoreCompiled() of one inquiry's words against every text of the index at once (text j's
 * score at j): the same rule, in loops over the index's rows rather than a call per pair, which
 * is what makes a department's thousand inquiries take a second rather than many.
 */
export function scoreEveryText(compiled: CompiledWords<Uint8Array>, texts: number): Float64Array {
  const coverageOf = (part: CompiledWords<Uint8Array>['parts'][number]): Float64Array | null => {
    if (part.length === 0) return null;
    const sum = new Float64Array(texts);
    const strength = new Float64Array(texts);
    const hits = new Float64Array(texts);
    let total = 0;
    for (const { weight, spellings } of part) {
      strength.fill(0);
      for (const { whole, pairs } of spellings) {
        // Half a word counts the square of the share of its character pairs found; the whole word 1.
        hits.fill(0);
        for (const row of pairs) for (let j = 0; j < texts; j++) hits[j] += row[j];
        const count = Math.max(1, pairs.length);
        for (let j = 0; j < texts; j++) {
          const share = whole[j] === 1 ? 1 : (hits[j] / count) ** 2;
          if (share > strength[j]) strength[j] = share;
        }
      }
      total += weight;
      for (let j = 0; j < texts; j++) sum[j] += weight * strength[j];
    }
    for (let j = 0; j < texts; j++) sum[j] /= total;
    return sum;
  };
  const [subject, body] = compiled.parts.map(coverageOf);
  const scores = new Float64Array(texts);
  for (let j = 0; j < texts; j++) {
    const value = subject && body ? SUBJECT_SHARE * subject[j] + (1 - SUBJECT_SHARE) * body[j] : subject ? subject[j] : body ? body[j] : 0;
    scores[j] = Math.round(value * 1000) / 1000;
  }
  return scores;
}

function mostNamed(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] ?? '';
  for (const v of values) if ((counts.get(v) ?? 0) > (counts.get(best) ?? 0)) best = v;
  return best;
}

function countBy(topics: RepeatedTopic[], key: (t: RepeatedTopic) => string): RepeatedTopicCount[] {
  const counts = new Map<string, RepeatedTopicCount>();
  for (const t of topics) {
    const k = key(t);
    const c = counts.get(k) ?? { key: k, topics: 0, inquiries: 0 };
    c.topics += 1;
    c.inquiries += t.inquiries.length;
    counts.set(k, c);
  }
  return [...counts.values()].sort((a, b) => b.inquiries - a.inquiries || a.key.localeCompare(b.key));
}
