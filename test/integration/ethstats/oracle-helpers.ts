import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import Fastify from 'fastify';
import { createLogger } from '../../../src/log.js';
import { createCollector, type Collector } from '../../../src/ethstats/collector/collector.js';
import { registerCollector } from '../../../src/ethstats/collector/routes.js';
import { gethEthstatsToml } from '../../../src/geth/args/v1_13.js';
import type { ClientMessage } from '../../../src/ethstats/protocol/types.js';

export interface Received {
  readonly id: string;
  readonly message: ClientMessage;
  readonly at: number;
}

export interface TestCollector {
  readonly port: number;
  readonly collector: Collector;
  readonly received: Received[];
  /** Every accepted report frame as sent, before the collector normalised it. */
  readonly rawFrames: Array<{ readonly id: string; readonly raw: unknown }>;
  /** warn+ log lines of the collector (a dropped connection logs one). */
  readonly logLines: string[];
  waitFor(match: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
}

/** The collector on a real fastify listener (127.0.0.1, port 0 or the given one), closed by the test. */
export async function startTestCollector(t: TestContext, options: { port?: number; secret?: string; received?: Received[] } = {}): Promise<TestCollector> {
  const received = options.received ?? [];
  const logLines: string[] = [];
  const rawFrames: Array<{ readonly id: string; readonly raw: unknown }> = [];
  const logger = createLogger({ level: 'warn', destination: { write: (line: string) => void logLines.push(line) } });
  const collector = createCollector({
    secret: options.secret ?? 'sec',
    logger,
    onReport: (id, message, at) => received.push({ id, message, at }),
    onFrame: (id, raw) => rawFrames.push({ id, raw }),
  });
  const app = Fastify();
  await registerCollector(app, collector);
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= app.close());
  t.after(close);
  const waitFor = async (match: (r: Received) => boolean, timeoutMs = 20_000): Promise<Received> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = received.find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no matching report within ${timeoutMs} ms (${received.length} received)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { port: (app.server.address() as AddressInfo).port, collector, received, rawFrames, logLines, waitFor, close };
}

/** geth arguments enabling its built-in reporter through a TOML config (the way mode `geth` does). */
export async function gethReporterArgs(dir: string, name: string, secret: string, port: number): Promise<string[]> {
  const file = join(dir, `ethstats-${name}.toml`);
  await writeFile(file, gethEthstatsToml({ name, secret, host: `127.0.0.1:${port}` }), { mode: 0o600 });
  return ['--config', file];
}

export const blockOf = (r: Received) => (r.message.type === 'block' ? r.message.block : undefined);
