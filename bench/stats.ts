/** Order statistics of the benchmarks (pure). Quantiles are nearest-rank: a value that was measured. */

const sorted = (xs: readonly number[]): number[] => xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);

/** Nearest-rank quantile of ascending values: the smallest value with at least q of them at or below it. */
export function quantileSorted(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const rank = Math.ceil(q * values.length);
  return values[Math.min(values.length - 1, Math.max(0, rank - 1))] as number;
}

export const quantile = (xs: readonly number[], q: number): number => quantileSorted(sorted(xs), q);

/** The middle value, or the mean of the two middle values (NaN for none). */
export function median(xs: readonly number[]): number {
  const s = sorted(xs);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export const p95 = (xs: readonly number[]): number => quantile(xs, 0.95);
export const p99 = (xs: readonly number[]): number => quantile(xs, 0.99);
export const max = (xs: readonly number[]): number => (sorted(xs).at(-1) ?? Number.NaN);
export const min = (xs: readonly number[]): number => (sorted(xs)[0] ?? Number.NaN);

/** a[i] - b[i] for each pair measured together (runs alternated): the overhead per pair. */
export function pairedDeltas(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`paired samples differ in count: ${a.length} vs ${b.length}`);
  return a.map((x, i) => x - (b[i] as number));
}
