/**
 * A token bucket for the bytes a logged-in reporter sends: `burst` bytes at once (one frame at
 * the frame limit), `rate` bytes per second sustained. Parsing a frame allocates several times
 * its size, so what bounds the collector's memory under a flood is the rate, not only the size.
 */
export interface Bucket {
  readonly tokens: number;
  readonly at: number;
}

export interface RateLimit {
  /** Bytes per second. */
  readonly rate: number;
  /** Bucket size in bytes. */
  readonly burst: number;
}

export const fullBucket = (limit: RateLimit, now: number): Bucket => ({ tokens: limit.burst, at: now });

/**
 * Takes `bytes` from the bucket (pure): the new bucket, and how long to stop reading (0: go on)
 * until the debt is paid back at `rate`.
 */
export function takeBytes(bucket: Bucket, bytes: number, now: number, limit: RateLimit): { readonly bucket: Bucket; readonly waitMs: number } {
  const refilled = Math.min(limit.burst, bucket.tokens + (Math.max(0, now - bucket.at) * limit.rate) / 1000);
  const tokens = refilled - bytes;
  return { bucket: { tokens, at: now }, waitMs: tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / limit.rate) };
}
