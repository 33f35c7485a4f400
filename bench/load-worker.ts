/**
 * Loopback HTTP load generator, run in a worker thread so the server keeps its own core:
 * `connections` keep-alive connections each issuing GETs back to back for `seconds`.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly non200: number;
  readonly elapsedMs: number;
  /** Latencies in ms, sorted ascending. */
  readonly latencies: Float64Array;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const url = new URL(job.url);
  const latencies: number[] = [];
  let errors = 0;
  let non200 = 0;
  const started = performance.now();
  const end = started + job.seconds * 1000;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, agent, method: 'GET' }, (res) => {
        if (res.statusCode !== 200) non200++;
        res.on('data', () => undefined);
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const loop = async (): Promise<void> => {
    while (performance.now() < end) await one();
  };
  await Promise.all(Array.from({ length: job.connections }, loop));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return { requests: latencies.length, errors, non200, elapsedMs, latencies: sorted };
}

if (parentPort !== null) {
  const result = await run(workerData as LoadJob);
  parentPort.postMessage(result, [result.latencies.buffer as ArrayBuffer]);
}
