import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { JsonRpcProvider, Network, Wallet, parseEther } from 'ethers';
import { pino } from 'pino';
import { connectIpc } from '../../src/geth/rpc/ipc-client.js';
import { agentBin } from '../helpers/cli.js';
import { toolPath } from '../helpers/geth-bin.js';
import { spawnTestProcess } from '../helpers/geth-process.js';
import { alive, leftoverProcesses } from '../helpers/processes.js';
import { tempDir } from '../helpers/tmp.js';

interface Endpoints {
  networkId: number;
  devAccount: { address: string; keyFile: string };
  nodes: Array<{ name: string; role: string; rpc?: string; health: string; metrics: string; agentPid?: number }>;
}

const devnetEnv = (extra: Record<string, string> = {}): Record<string, string> => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', GETH_AGENT_GETH_BIN: toolPath('geth'), ...extra });

/**
 * Ctrl-C on a running devnet: exit 0, "stopped cleanly", every agent recorded in endpoints.json
 * (`agents` of them) gone, and no geth, bootnode or agent process left on the folder.
 */
async function stopCleanly(devnet: ReturnType<typeof spawnTestProcess>, dir: string, agents: number): Promise<void> {
  const pids = (JSON.parse(await readFile(join(dir, 'endpoints.json'), 'utf8')) as Endpoints).nodes.map((n) => n.agentPid);
  const recorded = pids.filter((pid): pid is number => pid !== undefined && pid > 0);
  assert.equal(recorded.length, agents, 'every agent pid recorded');
  const exit = await devnet.stop(120_000);
  assert.equal(exit.exitCode, 0);
  assert.ok(devnet.lines.some((l) => l.includes('devnet: stopped cleanly')), devnet.lines.slice(-5).join('\n'));
  assert.deepEqual(await leftoverProcesses(dir), [], 'no process of this devnet is left');
  assert.deepEqual(recorded.filter((pid) => alive(pid)), [], 'every agent exited');
}

const headOverIpc = async (ipc: string): Promise<{ number: number; hash: string }> => {
  const client = await connectIpc({ path: ipc, timeoutMs: 3_000, logger: pino({ level: 'silent' }) });
  try {
    const block = await client.call<{ number: string; hash: string }>('eth_getBlockByNumber', ['latest', false]);
    return { number: Number(block.number), hash: block.hash };
  } finally {
    client.close();
  }
};

const txOverIpc = async (ipc: string, hash: string): Promise<unknown> => {
  const client = await connectIpc({ path: ipc, timeoutMs: 3_000, logger: pino({ level: 'silent' }) });
  try {
    return await client.call('eth_getTransactionReceipt', [hash]);
  } finally {
    client.close();
  }
};

test('devnet: 3 sealers and 2 clients; a transaction reaches every node; a killed sealer geth comes back and catches up; nothing left after stop; --data restarts the same chain', { timeout: 420_000 }, async (t) => {
  const root = await tempDir(t, 'ga-dn-');
  const dir = join(root, 'n');
  const devnet = spawnTestProcess(process.execPath, [agentBin(), 'devnet', '--sealers', '3', '--clients', '2', '--period', '1', '--data', dir], { env: devnetEnv() });
  t.after(() => devnet.stop(120_000));
  await devnet.waitForLine(/devnet: up in/, 180_000);
  const endpoints = JSON.parse(await readFile(join(dir, 'endpoints.json'), 'utf8')) as Endpoints;
  const clients = endpoints.nodes.filter((n) => n.role === 'client');
  const sealers = endpoints.nodes.filter((n) => n.role === 'sealer');
  assert.equal(clients.length, 2);
  assert.equal(sealers.length, 3);

  // A signed transaction from the prefunded dev account, through client-1's RPC.
  const dev = JSON.parse(await readFile(endpoints.devAccount.keyFile, 'utf8')) as { privateKey: string };
  const network = Network.from(endpoints.networkId);
  const provider = new JsonRpcProvider(clients[0]?.rpc, network, { staticNetwork: network });
  t.after(() => provider.destroy());
  const wallet = new Wallet(dev.privateKey, provider);
  const to = Wallet.createRandom().address;
  const tx = await wallet.sendTransaction({ to, value: parseEther('1.5') });
  const receipt = await tx.wait(1, 60_000);
  assert.equal(receipt?.status, 1);
  // Visible on every node: the other client over HTTP, every sealer over its IPC socket.
  const other = new JsonRpcProvider(clients[1]?.rpc, network, { staticNetwork: network });
  t.after(() => other.destroy());
  for (let i = 0; i < 60 && (await other.getBalance(to)) !== parseEther('1.5'); i++) await sleep(500);
  assert.equal(await other.getBalance(to), parseEther('1.5'));
  for (const sealer of sealers) {
    let seen: unknown = null;
    for (let i = 0; i < 60 && seen === null; i++) {
      seen = await txOverIpc(join(dir, sealer.name, 'geth.ipc'), tx.hash);
      if (seen === null) await sleep(500);
    }
    assert.ok(seen !== null, `${sealer.name} has the transaction`);
  }

  // SIGKILL one sealer's geth: the others keep sealing (2 of 3), the agent restarts it and it catches up.
  const victim = sealers[0]?.name as string;
  const { stdout } = await execa('pgrep', ['-f', '--', `--datadir ${join(dir, victim)} `], { reject: false });
  const pid = Number(stdout.trim().split('\n')[0]);
  assert.ok(pid > 0, 'found the sealer geth');
  const before = (await headOverIpc(join(dir, sealers[1]?.name as string, 'geth.ipc'))).number;
  process.kill(pid, 'SIGKILL');
  await sleep(4_000);
  const during = (await headOverIpc(join(dir, sealers[1]?.name as string, 'geth.ipc'))).number;
  assert.ok(during > before, `the network kept sealing without ${victim} (${before} -> ${during})`);
  let caughtUp = false;
  for (let i = 0; i < 120 && !caughtUp; i++) {
    await sleep(500);
    const a = await headOverIpc(join(dir, victim, 'geth.ipc')).catch(() => undefined);
    const b = await headOverIpc(join(dir, sealers[1]?.name as string, 'geth.ipc')).catch(() => undefined);
    caughtUp = a !== undefined && b !== undefined && Math.abs(a.number - b.number) <= 1;
  }
  assert.ok(caughtUp, `${victim} came back and caught up`);
  const metrics = await (await fetch(sealers[0]?.metrics as string)).text();
  assert.match(metrics, /geth_agent_restarts_total\{reason="crash"\} 1/);

  // Ctrl-C: every node stops gracefully, nothing is left running: no geth or bootnode on the
  // folder, no agent (their pids are in endpoints.json; their environment names the folder).
  const headBefore = await provider.getBlockNumber();
  await stopCleanly(devnet, dir, 7);
  assert.ok(existsSync(join(dir, 'endpoints.json')), '--data keeps the folder');

  // The same --data again, without options (the saved ones apply): the same chain comes back,
  // with the transaction, and seals on from where it stopped.
  const again = spawnTestProcess(process.execPath, [agentBin(), 'devnet', '--data', dir], { env: devnetEnv() });
  t.after(() => again.stop(120_000));
  await again.waitForLine(/devnet: up in/, 180_000);
  assert.ok(again.lines.some((l) => /3 sealers, 2 clients, clique period 1 s, network id \d+ \(restarting/.test(l)), again.lines.slice(0, 3).join('\n'));
  const rerun = new JsonRpcProvider(clients[0]?.rpc, network, { staticNetwork: network });
  t.after(() => rerun.destroy());
  const headAfter = await rerun.getBlockNumber();
  assert.ok(headAfter >= headBefore, `head kept across the rerun (${headBefore} -> ${headAfter})`);
  assert.equal(await rerun.getBalance(to), parseEther('1.5'));
  assert.equal((await rerun.getTransactionReceipt(tx.hash))?.status, 1);
  await stopCleanly(again, dir, 7);
});

test('devnet without --data: 1 sealer and no client seal on their own; the temporary folder is removed on stop', { timeout: 180_000 }, async (t) => {
  // TMPDIR: the devnet's temporary folder lands in this test's folder (removed even on failure).
  const root = await tempDir(t, 'ga-dt-');
  const devnet = spawnTestProcess(process.execPath, [agentBin(), 'devnet', '--sealers', '1', '--clients', '0', '--period', '1'], { env: devnetEnv({ TMPDIR: root }) });
  t.after(() => devnet.stop(60_000));
  const dir = (await devnet.waitForLine(/devnet: folder (\S+) \(removed on exit/, 30_000))[1] as string;
  assert.ok(dir.startsWith(root), dir);
  await devnet.waitForLine(/devnet: up in [\d.]+ s, head [1-9]/, 150_000);
  await stopCleanly(devnet, dir, 3);
  assert.equal(existsSync(dir), false, 'the temporary folder is gone');
});
