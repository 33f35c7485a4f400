import { setTimeout as sleep } from 'node:timers/promises';
import type { Pods } from './pods.js';

/**
 * Polls `check` every `intervalMs` until it returns true; the elapsed ms. Rejects after
 * `timeoutMs` with `what` and the last `detail()` (what the test was waiting for, and what it saw).
 */
export async function waitFor(what: string, check: () => Promise<boolean>, options: { timeoutMs: number; intervalMs?: number; detail?: () => string; signal?: AbortSignal }): Promise<number> {
  const started = Date.now();
  for (;;) {
    options.signal?.throwIfAborted();
    if (await check()) return Date.now() - started;
    if (Date.now() - started > options.timeoutMs) throw new Error(`${what}: not within ${options.timeoutMs / 1000} s${options.detail === undefined ? '' : `; last: ${options.detail()}`}`);
    await sleep(options.intervalMs ?? 1_000);
  }
}

/** Waits until every named node's /health answers 200; the elapsed ms. */
export async function waitReady(pods: Pods, names: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<number> {
  const last = new Map<string, number>();
  return waitFor(
    `${names.join(', ')} ready`,
    async () => {
      const codes = await Promise.all(names.map((name) => pods.health(name)));
      names.forEach((name, i) => last.set(name, codes[i] as number));
      return codes.every((code) => code === 200);
    },
    { timeoutMs, detail: () => [...last].map(([n, c]) => `${n} ${c}`).join(', '), ...(signal === undefined ? {} : { signal }) },
  );
}
