/** A body that went past its limit; nothing more of it was read. */
export class BodyTooLargeError extends Error {
  readonly limit: number;

  constructor(limit: number, announced?: number) {
    super(announced === undefined ? `body larger than ${limit} bytes` : `body of ${announced} bytes announced, more than ${limit}`);
    this.name = 'BodyTooLargeError';
    this.limit = limit;
  }
}

/** The Content-Length a response announces, when it is a plain number. */
export function announcedLength(headers: { get(name: string): string | null } | undefined): number | undefined {
  const value = headers?.get('content-length');
  return value !== null && value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/**
 * Reads a body from another service as it streams, at most `maxBytes`: at the first byte over the
 * limit the stream is abandoned (leaving a for-await destroys a Node stream and cancels a web
 * stream, which closes the connection) and BodyTooLargeError thrown, so a hostile or broken
 * server never makes the agent hold more than the limit. Node streams and fetch bodies both fit.
 */
export async function readCapped(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    // A view, not a copy: the chunk is this reader's alone.
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(chunks, size);
}
