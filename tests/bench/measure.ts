/** The value at fraction `p` of the sorted values (0.5: the median, upper of the two middle ones). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Seconds since a `performance.now()` reading. */
export function secondsSince(since: number): number {
  return (performance.now() - since) / 1000;
}
