/** Nearest-rank percentile (p in 0..100) of a list; null when it is empty. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A share in percent with one decimal; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Durations in business days summarised the way the PMO reads them. */
export interface DurationSummary {
  n: number;
  median: number | null;
  p90: number | null;
}

export function summarise(days: number[]): DurationSummary {
  return { n: days.length, median: percentile(days, 50), p90: percentile(days, 90) };
}
