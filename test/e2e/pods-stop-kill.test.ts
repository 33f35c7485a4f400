import assert from 'node:assert/strict';
import { alive } from '../helpers/processes.js';
import { lowestHead } from '../pods/chain.js';
import { podTest, startPods } from '../pods/pod-test.js';
import { podTimings, type Pods } from '../pods/pods.js';
import { waitFor } from '../pods/wait.js';
import { chainNodes, convergedNow } from '../soak/invariants.js';

const linesOf = (log: string, pattern: RegExp): string[] => log.split('\n').filter((l) => pattern.test(l));

/** The node is ready again with the same enode id and account, and its head converges with the others'. */
async function rejoins(pods: Pods, name: string, id: string, account: string): Promise<void> {
  await waitFor(`${name} ready again`, async () => (await pods.health(name)) === 200, { timeoutMs: 150_000 });
  assert.equal((await pods.ipc<{ id: string }>(name, 'admin_nodeInfo')).id, id, `${name}: same enode id`);
  assert.equal(await pods.ipc<string>(name, 'eth_coinbase'), account, `${name}: same account`);
  const head = await lowestHead(pods, chainNodes(pods));
  let detail = '';
  await waitFor(`${name} rejoined: every head converged`, async () => {
    const now = await convergedNow(pods, chainNodes(pods), head + 1);
    detail = now.detail;
    return now.ok;
  }, { timeoutMs: 90_000, detail: () => detail });
}

podTest('pods: podman stop of a sealer is one SIGTERM and a clean geth stop (exit 0); podman kill -s KILL leaves no geth; both come back with the same enode and account', 480_000, async (t) => {
  const pods = await startPods(t, { sealers: 3, clients: 1 });
  const name = 'sealer-1';
  const { id } = await pods.ipc<{ id: string }>(name, 'admin_nodeInfo');
  const account = await pods.ipc<string>(name, 'eth_coinbase');
  const headBefore = (await pods.status(name))?.head?.number ?? 0;

  const started = Date.now();
  assert.equal(await pods.stop(name), 0, 'the container exits 0');
  const stopMs = Date.now() - started;
  t.diagnostic(`podman stop took ${(stopMs / 1000).toFixed(1)} s`);
  assert.ok(stopMs < Number(podTimings.GETH_AGENT_STOP_GRACE_SECONDS) * 1000, 'geth stopped within the agent grace (no SIGKILL)');
  const log = await pods.logs(name);
  assert.deepEqual(linesOf(log, /received again/), [], 'one signal reached the agent');
  assert.equal(linesOf(log, /"msg":"stopping geth"/).length, 1, 'the agent stopped geth once');
  assert.match(linesOf(log, /"msg":"node stopped"/)[0] ?? '', /"exitCode":0,.*"status":0/, 'geth exited 0 on its one SIGINT');
  assert.equal(linesOf(log, /Blockchain stopped/).length, 1, 'geth shut its chain down cleanly');

  await pods.start(name);
  await rejoins(pods, name, id, account);
  assert.deepEqual(linesOf(await pods.logs(name), /Unclean shutdown detected/), [], 'the clean stop left nothing to recover');
  assert.ok(((await pods.status(name))?.head?.number ?? 0) >= headBefore, 'no block lost');

  const procs = await pods.processes(name);
  const geth = procs.filter((p) => /\/geth --datadir/.test(p.args));
  assert.equal(geth.length, 1, 'one geth in the container');
  const headBeforeKill = (await pods.status(name))?.head?.number ?? 0;
  await pods.kill(name, 'KILL');
  await waitFor(`${name} exited`, async () => (await pods.inspect(name, '{{.State.Status}}')) === 'exited', { timeoutMs: 30_000 });
  assert.equal(await pods.inspect(name, '{{.State.ExitCode}}'), '137');
  for (const p of procs) assert.equal(alive(p.hpid), false, `${p.args.slice(0, 40)} (pid ${p.hpid} here) is gone`);

  await pods.start(name);
  await rejoins(pods, name, id, account);
  assert.ok(((await pods.status(name))?.head?.number ?? 0) >= headBeforeKill, 'the archive sealer lost no block to the kill');
});
