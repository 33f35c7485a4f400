import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `check` every `intervalMs` until it holds; the elapsed ms, or undefined after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 250): Promise<number | undefined> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) return undefined;
    await sleep(intervalMs);
  }
}
