import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { fullBucket, takeBytes, type Bucket, type RateLimit } from './rate.js';

export interface MeterOptions {
  /** Bytes the peer may send before its hello is accepted. */
  readonly loginMaxBytes: number;
  /** Read rate once logged in. */
  readonly rate: RateLimit;
  readonly now: () => number;
  /** The peer sent more than loginMaxBytes before logging in (the socket is then destroyed). */
  readonly onPreloginExceeded: () => void;
  /** Reading from a logged-in peer stops for `waitMs` (it sent faster than the rate). */
  readonly onThrottled: (waitMs: number) => void;
}

/**
 * Meters what one upgraded connection sends, on its raw socket. Before login: at most
 * loginMaxBytes, then the socket is destroyed; ws's maxPayload is one per server (the full
 * frame limit, for logged-in reporters), so this is what keeps an unauthenticated peer's cost
 * small. ws reads each chunk before this listener (attached after ws's own), so at most
 * loginMaxBytes plus one socket read (64 KiB) is ever buffered for such a peer, and a hello
 * arriving in a chunk is accepted before that chunk is counted. After login: a token bucket;
 * a peer sending faster than the rate is paused (TCP backpressure) until it is back in budget.
 */
export function meterConnection(socket: Duplex, ws: WebSocket, options: MeterOptions): { loggedIn(): void; exceeded(): void } {
  let received = 0;
  let bucket: Bucket | undefined;
  let resumeTimer: NodeJS.Timeout | undefined;
  let refused = false;

  /** The pre-login limit refuses this peer: counted once, the socket destroyed. */
  const exceeded = (): void => {
    socket.off('data', prelogin);
    if (refused || bucket !== undefined) return;
    refused = true;
    options.onPreloginExceeded();
    socket.destroy();
  };

  const prelogin = (chunk: Buffer): void => {
    received += chunk.length;
    if (received > options.loginMaxBytes) exceeded();
  };

  const resumeWhenPaidBack = (): void => {
    resumeTimer = undefined;
    if (bucket === undefined) return;
    const { waitMs } = takeBytes(bucket, 0, options.now(), options.rate);
    if (waitMs > 0) resumeTimer = setTimeout(resumeWhenPaidBack, waitMs);
    else ws.resume();
  };

  const loggedIn = (chunk: Buffer): void => {
    if (bucket === undefined) return;
    const taken = takeBytes(bucket, chunk.length, options.now(), options.rate);
    bucket = taken.bucket;
    if (taken.waitMs === 0 || resumeTimer !== undefined) return;
    options.onThrottled(taken.waitMs);
    ws.pause();
    resumeTimer = setTimeout(resumeWhenPaidBack, taken.waitMs);
  };

  socket.on('data', prelogin);
  socket.once('close', () => clearTimeout(resumeTimer));
  return {
    /** Called when ws refused a frame header over its limit before login: the same refusal. */
    exceeded,
    loggedIn() {
      socket.off('data', prelogin);
      bucket = fullBucket(options.rate, options.now());
      socket.on('data', loggedIn);
    },
  };
}
