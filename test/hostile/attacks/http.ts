import { Agent, request } from 'node:http';

export interface Reply {
  readonly status: number;
  readonly body: string;
}

/** One HTTP client per source address (loopback aliases 127.x.y.z), keep-alive, bounded sockets. */
export interface SourcedClient {
  send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Reply>;
  close(): void;
}

/**
 * An HTTP/1.1 client whose requests leave from `localAddress` (any 127.0.0.0/8 address on Linux),
 * so one attacker process looks like many sources. Replies are read whole but capped at 64 KiB.
 */
export function sourcedClient(localAddress = '127.0.0.1', maxSockets = 16): SourcedClient {
  const agent = new Agent({ keepAlive: true, maxSockets, localAddress });
  return {
    send: (url, init) =>
      new Promise((resolve, reject) => {
        const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent, timeout: 30_000 }, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= 65_536) chunks.push(chunk);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`${url}: no answer within 30 s`)));
        req.on('error', reject);
        req.end(init.body);
      }),
    close: () => agent.destroy(),
  };
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at once; counts outcomes by key. */
export async function pooled(count: number, concurrency: number, task: (i: number) => Promise<string>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const key = await task(i).catch((error: unknown) => `error: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`);
      counts[key] = (counts[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return counts;
}
