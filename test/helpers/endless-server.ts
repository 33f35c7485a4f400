import type { TestContext } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EndlessServerOptions {
  /** Written first, then `chunk` again and again. */
  readonly head?: string;
  readonly chunk: Buffer;
  /** Stop after this many bytes per reply (a test must not eat the machine when the client reads all). */
  readonly maxBytes: number;
  readonly contentType?: string;
  /** While it returns a body, that body is the whole (normal) reply. */
  readonly normal?: () => string | undefined;
  /** Awaited before the first byte of each endless reply. */
  readonly beforeReply?: () => Promise<unknown>;
}

export interface EndlessServer {
  readonly port: number;
  /** Bytes each endless reply got out before its connection closed. */
  readonly sent: number[];
  /** Endless replies started. */
  replies(): number;
}

/**
 * A hostile HTTP server on 127.0.0.1:0: every reply is as long as the client keeps reading (up to
 * `maxBytes`), written as fast as the client reads it. Closed, connections included, when the test ends.
 */
export async function startEndlessServer(t: TestContext, options: EndlessServerOptions): Promise<EndlessServer> {
  const sent: number[] = [];
  let replies = 0;
  const server = createServer((_req, res) => {
    const normal = options.normal?.();
    if (normal !== undefined) return void res.end(normal);
    replies++;
    void (options.beforeReply?.() ?? Promise.resolve()).then(() => {
      let bytes = 0;
      res.writeHead(200, { 'content-type': options.contentType ?? 'application/json' });
      if (options.head !== undefined) res.write(options.head);
      const pump = (): void => {
        while (!res.destroyed && bytes < options.maxBytes) {
          bytes += options.chunk.length;
          if (!res.write(options.chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      res.on('close', () => sent.push(bytes));
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Kept-alive connections of an agent still running would hold close() open.
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { port: (server.address() as AddressInfo).port, sent, replies: () => replies };
}
