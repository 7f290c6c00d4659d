/**
 * Percentiles by the nearest-rank method: the p-th percentile of n sorted values is the value at
 * rank ⌈p/100 · n⌉ (1-based). It is always one of the observed values (no interpolation), so a
 * "p95 of 3 working days" is a duration some application actually took. Empty input gives null.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100]: ${p}`);
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}

/**
 * The same nearest-rank percentile over a histogram (value → how many): the value at rank
 * ⌈p/100 · n⌉ when the buckets are taken in order. Equal to `percentile` over the values it counts.
 */
export function histogramPercentile(buckets: ReadonlyMap<number, number>, p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100]: ${p}`);
  let n = 0;
  for (const k of buckets.values()) n += k;
  if (n === 0) return null;
  const rank = Math.ceil((p / 100) * n);
  let seen = 0;
  for (const value of [...buckets.keys()].sort((a, b) => a - b)) {
    seen += buckets.get(value) as number;
    if (seen >= rank) return value;
  }
  return null;
}
