import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Wallet } from 'ethers';
import { connectIpc, type IpcClient } from '../../src/geth/rpc/ipc-client.js';
import { createLogger } from '../../src/log.js';
import { agentPaths } from '../../src/paths.js';
import { runAgent } from './cli.js';

export const OPERATOR = 'e2e-operator-secret-5d1e';

/** `geth-agent signers ...` as the operator runs it. */
export const signersCli = (genesisUrl: string, args: readonly string[], secret = OPERATOR) =>
  runAgent(['signers', ...args], { GETH_AGENT_GENESIS_URL: genesisUrl, GETH_AGENT_OPERATOR_SECRET: secret });

export interface Membership {
  block: number;
  signers: Array<{ address: string; live: boolean; sealing: boolean }>;
  candidates: Array<{ address: string; state: string; live: boolean }>;
  changes: Array<{ id: number; address: string; action: string; state: string; doneBlock?: number; votes: string[] }>;
}

/** GET /signers/changes with the operator secret. */
export async function membership(genesisUrl: string): Promise<Membership> {
  const response = await fetch(`${genesisUrl}/signers/changes`, { headers: { authorization: `Bearer ${OPERATOR}` }, signal: AbortSignal.timeout(3000) });
  if (response.status !== 200) throw new Error(`GET /signers/changes: ${response.status} ${await response.text()}`);
  return (await response.json()) as Membership;
}

/** Polls the membership view until `accept` holds. */
export async function waitForMembership(genesisUrl: string, accept: (m: Membership) => boolean, timeoutMs: number, what: string): Promise<Membership> {
  const deadline = Date.now() + timeoutMs;
  let last: Membership | string;
  for (;;) {
    try {
      const m = await membership(genesisUrl);
      last = m;
      if (accept(m)) return m;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms; last: ${JSON.stringify(last).slice(0, 1500)}`);
    await sleep(250);
  }
}

export const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export const newWallet = (): Wallet => new Wallet(Wallet.createRandom().privateKey);

/** An IPC client of the geth an agent runs in `dataDir`, closed when the test ends. */
export async function gethIpc(t: TestContext, dataDir: string): Promise<IpcClient> {
  const client = await connectIpc({ path: agentPaths(dataDir).ipc, timeoutMs: 5000, logger: createLogger({ level: 'silent' }) });
  t.after(() => client.close());
  return client;
}

export interface ChainBlock {
  number: number;
  timestamp: number;
  signer: string;
}

/** Blocks `from`..head with their clique signer. */
export async function blocks(rpc: IpcClient, from: number): Promise<ChainBlock[]> {
  const head = Number(await rpc.call<string>('eth_blockNumber'));
  const out: ChainBlock[] = [];
  for (let n = Math.max(1, from); n <= head; n++) {
    const hex = `0x${n.toString(16)}`;
    const block = await rpc.call<{ timestamp: string }>('eth_getBlockByNumber', [hex, false]);
    const signer = await rpc.call<string>('clique_getSigner', [hex]);
    out.push({ number: n, timestamp: Number(block.timestamp), signer });
  }
  return out;
}
