import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { toolTest } from '../helpers/tools.js';
import { podsUnavailable } from './available.js';
import { createPods, type Pods, type PodsOptions } from './pods.js';
import { waitReady } from './wait.js';

const unavailable = await podsUnavailable();

/**
 * A test on a pod network: skipped with the reason where pods cannot run (failed instead under
 * CI=true), bounded by `timeoutMs`. The network is removed when the test ends, whatever the
 * outcome, and the test fails if anything of it is left.
 */
export function podTest(name: string, timeoutMs: number, fn: (t: TestContext) => Promise<void>): void {
  toolTest(name, { timeout: timeoutMs }, unavailable === undefined ? false : `pods: ${unavailable}`, fn);
}

/** Creates the pod network of a test, removed (and checked gone) when it ends; every node ready. */
export async function startPods(t: TestContext, options: PodsOptions = {}, readyTimeoutMs = 240_000): Promise<Pods> {
  const started = Date.now();
  const pods = await createPods({ ...options, log: (line) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${line}`) });
  t.after(async () => {
    assert.deepEqual(await pods.close(), [], 'every container, volume and the network removed');
  });
  await pods.up();
  const ms = await waitReady(pods, pods.nodes.map((n) => n.name), readyTimeoutMs);
  t.diagnostic(`every node ready ${(ms / 1000).toFixed(1)} s after the last container started (${((Date.now() - started) / 1000).toFixed(1)} s in all)`);
  return pods;
}
