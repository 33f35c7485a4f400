import type { TestContext } from 'node:test';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentBin } from './cli.js';
import { toolPath } from './geth-bin.js';
import { spawnTestProcess, type TestProcess } from './geth-process.js';

/** A real `geth-agent run` process, stopped (SIGTERM, then SIGKILL) when the test ends. */
export function startAgent(t: TestContext, name: string, env: Record<string, string>): TestProcess & { name: string } {
  const agent = spawnTestProcess(process.execPath, [agentBin(), 'run'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', GETH_AGENT_GETH_BIN: toolPath('geth'), ...env },
  });
  t.after(async () => {
    await agent.stop(40_000);
    // GA_TEST_LOGS=<dir> keeps every agent's full output for diagnosis (e.g. a CI-only failure).
    const dir = process.env.GA_TEST_LOGS;
    if (dir !== undefined && dir !== '') {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${safeName(t.name)}.${name}.log`), `${agent.lines.join('\n')}\n`);
    }
  });
  return Object.assign(agent, { name });
}

/** Polls `url` until `accept(status, body)` holds; rejects after `timeoutMs` with the last answer. */
export async function waitForHttp(url: string, accept: (status: number, body: string) => boolean, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      last = `${response.status} ${body.slice(0, 400)}`;
      if (accept(response.status, body)) return body;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`${url}: condition not met within ${timeoutMs} ms; last: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** JSON-RPC over HTTP (a client node's RPC endpoint). */
export async function jsonRpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }), signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export const dataDirOf = (root: string, name: string): string => join(root, name);

const safeName = (name: string): string => name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
