import { Worker } from 'node:worker_threads';
import type { LoadJob, LoadResult } from './load-worker.js';

/** Shared helpers of the benchmarks: order statistics and the loopback load generator. */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export const quantile = (sorted: ArrayLike<number>, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

export const p95 = (xs: readonly number[]): number => quantile([...xs].sort((a, b) => a - b), 0.95);

/** Runs one load job in a worker thread (so the generator does not share the server's event loop). */
export function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: job });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
  });
}
