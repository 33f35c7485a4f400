import type { SoakNetwork } from './net.js';
import type { AckedTx } from './traffic.js';
import { waitUntil } from './wait.js';

/** What the chain invariants read of a network: its nodes, and JSON-RPC over each node's IPC. */
export interface ChainNetwork {
  readonly nodes: ReadonlyArray<{ readonly name: string; readonly role: string }>;
  ipc<T>(name: string, method: string, params?: readonly unknown[]): Promise<T>;
}

/** The geth nodes (sealers and clients), except `except`. */
export const chainNodes = (net: ChainNetwork, except: readonly string[] = []): string[] =>
  net.nodes.filter((n) => (n.role === 'sealer' || n.role === 'client') && !except.includes(n.name)).map((n) => n.name);

interface Block {
  readonly number: string;
  readonly hash: string;
}

/** Whether `names` hold the same block at the lowest head among them, that height at least `minHeight`; what was seen. */
export async function convergedNow(net: ChainNetwork, names: readonly string[], minHeight: number): Promise<{ ok: boolean; detail: string }> {
  try {
    const heads = await Promise.all(names.map((name) => net.ipc<Block>(name, 'eth_getBlockByNumber', ['latest', false])));
    const height = Math.min(...heads.map((h) => Number(h.number)));
    const at = await Promise.all(names.map((name) => net.ipc<Block>(name, 'eth_getBlockByNumber', [`0x${height.toString(16)}`, false])));
    const hashes = new Set(at.map((b) => b.hash));
    return { ok: hashes.size === 1 && height >= minHeight, detail: `height ${height}, ${hashes.size} distinct hash(es), heads ${heads.map((h) => Number(h.number)).join('/')}` };
  } catch (error) {
    return { ok: false, detail: String(error) };
  }
}

/** Every node at the same hash at a common height, and that height past `minHeight`. */
export async function converged(net: ChainNetwork, minHeight: number, boundMs: number): Promise<{ ms: number | undefined; detail: string }> {
  let detail = 'no reading';
  const ms = await waitUntil(async () => {
    const now = await convergedNow(net, chainNodes(net), minHeight);
    detail = now.detail;
    return now.ok;
  }, boundMs, 1_000);
  return { ms, detail };
}

/** Acknowledged transactions missing from some node's chain (or in different blocks), after waiting up to `boundMs`. */
export async function missingTransactions(net: ChainNetwork, acked: readonly AckedTx[], boundMs: number): Promise<string[]> {
  let missing: string[] = [...acked.map((t) => t.hash)];
  await waitUntil(async () => {
    const still: string[] = [];
    for (const tx of acked.filter((t) => missing.includes(t.hash))) {
      const receipts = await Promise.all(chainNodes(net).map((name) => net.ipc<{ blockHash: string } | null>(name, 'eth_getTransactionReceipt', [tx.hash]).catch(() => null)));
      const blocks = new Set(receipts.map((r) => r?.blockHash ?? 'none'));
      if (blocks.has('none') || blocks.size !== 1) still.push(tx.hash);
    }
    missing = still;
    return missing.length === 0;
  }, boundMs, 2_000);
  return missing.map((hash) => {
    const tx = acked.find((t) => t.hash === hash);
    return `${hash} (acknowledged by ${tx?.client ?? '?'}, nonce ${tx?.nonce ?? '?'})`;
  });
}

/** Logs that contain a secret of the network (source and which secret, masked). */
export async function leakedSecrets(net: SoakNetwork): Promise<string[]> {
  const secrets = await net.secrets();
  const leaks: string[] = [];
  for (const { source, text } of await net.logs()) {
    for (const secret of secrets) if (text.includes(secret)) leaks.push(`${source}: ${secret.slice(0, 4)}...`);
  }
  return leaks;
}
