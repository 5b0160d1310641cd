import type { KpiTrend } from '../api';

/**
 * Every quarter from the first actual to the last, in order; a quarter without an actual is
 * null, so the line breaks there instead of joining its neighbours as if it had been measured.
 */
export function quarterSeries(points: KpiTrend['points']): { fiscalYear: number; quarter: number; actual: number | null }[] {
  if (points.length === 0) return [];
  const index = (p: { fiscalYear: number; quarter: number }) => p.fiscalYear * 4 + (p.quarter - 1);
  const byIndex = new Map(points.map((p) => [index(p), p.actual]));
  const sorted = [...byIndex.keys()].sort((a, b) => a - b);
  const series = [];
  for (let i = sorted[0]; i <= sorted[sorted.length - 1]; i += 1)
    series.push({ fiscalYear: Math.floor(i / 4), quarter: (i % 4) + 1, actual: byIndex.get(i) ?? null });
  return series;
}
