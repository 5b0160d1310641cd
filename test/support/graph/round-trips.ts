/**
 * How many Graph round trips a unit of work waited for one after another: the longest chain of
 * its requests in which each one started only after the one before it was answered. Requests
 * sent side by side (Promise.all) overlap and count once; a $batch is one request.
 */
export function sequentialRoundTrips(timings: readonly { startMs: number; endMs: number }[]): number {
  const byEnd = [...timings].sort((a, b) => a.endMs - b.endMs);
  const chain: number[] = [];
  let longest = 0;
  for (let i = 0; i < byEnd.length; i++) {
    let before = 0;
    for (let j = 0; j < i; j++) if (byEnd[j].endMs <= byEnd[i].startMs) before = Math.max(before, chain[j]);
    chain[i] = before + 1;
    longest = Math.max(longest, chain[i]);
  }
  return longest;
}
