/** The part of autocannon (a CommonJS module without types) the benches use. */
import { createRequire } from 'node:module';

export interface RoundResult {
  /** Encoded HDR histogram of every request's latency (ms), as autocannon keeps it. */
  readonly latencies: string;
  readonly requests: string;
  readonly throughput: string;
  readonly totalCompletedRequests: number;
  readonly totalRequests: number;
  readonly totalBytes: number;
  readonly samples: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly mismatches: number;
  readonly non2xx: number;
  readonly resets: number;
  readonly duration: number;
  readonly statusCodeStats: Record<string, { count: number }>;
  readonly [key: string]: unknown;
}

export interface Aggregated {
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number; readonly totalCount: number };
  readonly requests: { readonly average: number };
}

export interface Autocannon {
  (options: Record<string, unknown>, done: (error: Error | null, result: RoundResult) => void): unknown;
  aggregateResult(results: readonly RoundResult[], options?: Record<string, unknown>): Aggregated;
}

export const loadAutocannon = (): Autocannon => createRequire(import.meta.url)('autocannon') as Autocannon;
