import type { BackoffPolicy } from './backoff.js';

export interface ReporterTimings {
  /** Wait at most this long for `ready` after hello. Default 10000. */
  readonly loginTimeoutMs: number;
  /** Full report period (ping, latency, block, pending, stats). Default 15000. */
  readonly reportIntervalMs: number;
  /** A node-ping without node-pong for this long ends the session. Default 5000. */
  readonly pongTimeoutMs: number;
  /** At most one `pending` report per this period on new transactions. Default 1000. */
  readonly pendingThrottleMs: number;
  /** WebSocket handshake timeout. Default 5000. */
  readonly handshakeTimeoutMs: number;
  /** Largest inbound frame; bigger ones end the session. Default 15 MiB (geth's limit). */
  readonly maxPayload: number;
  /** Unsent bytes beyond which the server counts as not reading (session ends). Default 8 MiB. */
  readonly maxBufferedBytes: number;
  readonly backoff: BackoffPolicy;
}

export const defaultTimings: ReporterTimings = Object.freeze({
  loginTimeoutMs: 10_000,
  reportIntervalMs: 15_000,
  pongTimeoutMs: 5_000,
  pendingThrottleMs: 1_000,
  handshakeTimeoutMs: 5_000,
  maxPayload: 15 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  backoff: Object.freeze({ initialMs: 1_000, maxMs: 60_000 }),
});
