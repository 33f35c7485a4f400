import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { lowestHead } from '../pods/chain.js';
import { podTest, startPods } from '../pods/pod-test.js';
import { waitFor } from '../pods/wait.js';
import { chainNodes, convergedNow } from '../soak/invariants.js';

const OUTAGE_MS = 60_000;

podTest('pods: the genesis container stopped for a minute: running nodes stay ready; a node started meanwhile waits and comes up when it is back', 420_000, async (t) => {
  const pods = await startPods(t, { sealers: 3, clients: 1 });
  const running = chainNodes(pods);
  const from = await lowestHead(pods, running);
  assert.equal(await pods.stop('genesis'), 0, 'the genesis agent stops cleanly');
  const t0 = Date.now();
  // A node started while the genesis server is away (a new client, as a scaled-up deployment adds one).
  let late: string | undefined;
  const notReady: string[] = [];
  while (Date.now() - t0 < OUTAGE_MS) {
    if (late === undefined && Date.now() - t0 > 10_000) late = (await pods.add('client')).name;
    const codes = await Promise.all(running.map((name) => pods.health(name)));
    running.forEach((name, i) => {
      if (codes[i] !== 200) notReady.push(`${name} ${codes[i]} at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    });
    await sleep(2_000);
  }
  assert.deepEqual(notReady, [], 'every running node stays ready while the genesis server is away');
  assert.ok((await lowestHead(pods, running)) >= from + 10, 'and the chain goes on');
  assert.ok(late !== undefined);
  const waiting = await pods.inspect(late, '{{.State.Status}}');
  assert.equal(waiting, 'running', `${late} waits (its container runs) while the genesis server is away`);
  assert.notEqual(await pods.health(late), 200, `${late} is not ready without a genesis`);
  assert.match(await pods.logs(late), /genesis not available yet; retrying|genesis server unreachable|getaddrinfo|ECONNREFUSED/);

  await pods.start('genesis');
  const t1 = Date.now();
  await pods.waitHealthcheck('genesis', 60_000);
  await waitFor(`${late} ready once the genesis server is back`, async () => (await pods.health(late)) === 200, { timeoutMs: 150_000 });
  t.diagnostic(`${late} ready ${((Date.now() - t1) / 1000).toFixed(1)} s after the genesis container started again`);
  let detail = '';
  const head = await lowestHead(pods, running);
  await waitFor('every head converged', async () => {
    const now = await convergedNow(pods, chainNodes(pods), head + 1);
    detail = now.detail;
    return now.ok;
  }, { timeoutMs: 90_000, detail: () => detail });
});
