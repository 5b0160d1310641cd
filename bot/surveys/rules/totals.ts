/** HQ's totals over the answers that reached it: 合計・平均・最小・最大 per number question, counts per choice. */
import type { AnswerValues, SurveyQuestion } from '../model';

export type NumberTotals = { sum: number; mean: number | null; min: number | null; max: number | null; count: number };
export type ChoiceTotals = { counts: Record<string, number> };
export type SurveyTotals = Record<string, NumberTotals | ChoiceTotals>;

/** Sums of decimals (0.1 + 0.2) shown as people expect, without binary noise. */
const tidy = (value: number) => Math.round(value * 1e6) / 1e6;

export function totalsOf(questions: SurveyQuestion[], rows: AnswerValues[]): SurveyTotals {
  const totals: SurveyTotals = {};
  for (const question of questions) {
    const values = rows.map((row) => (Object.hasOwn(row, question.key) ? row[question.key] : undefined));
    if (question.type === 'number') {
      const numbers = values.filter((v): v is number => typeof v === 'number');
      const sum = numbers.reduce((total, v) => total + v, 0);
      totals[question.key] = {
        sum: tidy(sum),
        mean: numbers.length > 0 ? tidy(sum / numbers.length) : null,
        min: numbers.length > 0 ? Math.min(...numbers) : null,
        max: numbers.length > 0 ? Math.max(...numbers) : null,
        count: numbers.length,
      };
    } else if (question.type === 'choice') {
      const counts: Record<string, number> = Object.fromEntries((question.choices ?? []).map((c) => [c, 0]));
      for (const v of values) if (typeof v === 'string' && Object.hasOwn(counts, v)) counts[v] += 1;
      totals[question.key] = { counts };
    }
  }
  return totals;
}
