import type { NodeState } from '../state/node-state.js';
import type { StateStore } from '../state/store.js';
import type { RpcCaller } from '../watchdog/observer.js';
import { blockStatsFromRpc, zeroAddress } from './geth-block.js';
import { isObject } from './protocol/check.js';
import type { BlockStats } from './protocol/types.js';
import type { EthstatsSource, SourceHead, SourceNodeInfo, SourceStats } from './source.js';

export interface NodeSourceOptions {
  /** The node agent's state: stats, pending and heads are read from it (the observer keeps it). */
  readonly store: Pick<StateStore, 'get' | 'subscribe'>;
  /** The node's one IPC client (undefined while geth is down): node info and blocks are read through it. */
  readonly rpc: () => RpcCaller | undefined;
}

export interface NodeSource extends EthstatsSource {
  /** Ends every subscription; later calls reject. */
  close(): void;
}

/** Protocol versions geth 1.13.15 runs, by admin_nodeInfo protocol name. */
const protocolVersions: Record<string, string> = { eth: 'eth/68', snap: 'snap/1' };

/** geth is up and answering: a reading of it is in the snapshot. */
const answering = (state: NodeState): boolean => state.geth.state === 'running' && state.rpc.okAt !== undefined;

/**
 * EthstatsSource over the node agent's state and its IPC client: peers, gas price, sync, pending
 * and new heads are what the observer last read (no second poller beside it); the node info and
 * blocks (the head's, history) are read through the shared client when a report needs them.
 * Every method rejects at once while geth is down; subscriptions survive geth restarts (the
 * state outlives them).
 */
export function createNodeSource(options: NodeSourceOptions): NodeSource {
  const { store } = options;
  const unsubscribes = new Set<() => void>();
  let closed = false;

  const client = (): RpcCaller => {
    if (closed) throw new Error('source closed');
    const rpc = options.rpc();
    if (rpc === undefined) throw new Error('geth is not running');
    return rpc;
  };
  const state = (): NodeState => {
    if (closed) throw new Error('source closed');
    const current = store.get();
    if (!answering(current)) throw new Error('geth is not running');
    return current;
  };

  const author = async (rpc: RpcCaller, hash: string, number: unknown): Promise<string | undefined> => {
    if (number === '0x0') return zeroAddress;
    try {
      return await rpc.call<string>('clique_getSigner', [hash]);
    } catch {
      return undefined;
    }
  };

  const blockBy = async (method: string, id: unknown, hash?: string): Promise<BlockStats | undefined> => {
    const rpc = client();
    const [raw, signer] = await Promise.all([rpc.call<unknown>(method, [id, false]), hash === undefined ? undefined : author(rpc, hash, undefined)]);
    if (raw === null || raw === undefined) return undefined;
    const rawHash = isObject(raw) ? raw.hash : undefined;
    const resolved = signer ?? (typeof rawHash === 'string' ? await author(rpc, rawHash, isObject(raw) ? raw.number : undefined) : undefined);
    return blockStatsFromRpc(raw, resolved);
  };

  /** Calls `listener` each time `pick` of the state changes (compared with ===). */
  const watch = <T>(pick: (state: NodeState) => T, listener: (value: T) => void): (() => void) => {
    if (closed) return () => undefined;
    let last = pick(store.get());
    const unsubscribe = store.subscribe((next) => {
      const value = pick(next);
      if (value === last) return;
      last = value;
      listener(value);
    });
    unsubscribes.add(unsubscribe);
    return () => {
      unsubscribe();
      unsubscribes.delete(unsubscribe);
    };
  };

  return {
    async nodeInfo(): Promise<SourceNodeInfo> {
      const info = await client().call<unknown>('admin_nodeInfo');
      if (!isObject(info) || !isObject(info.protocols) || !isObject(info.ports)) throw new Error('admin_nodeInfo reply is malformed');
      const eth = info.protocols.eth;
      return {
        name: typeof info.name === 'string' ? info.name : '',
        port: typeof info.ports.listener === 'number' ? info.ports.listener : 0,
        networkId: isObject(eth) && typeof eth.network === 'number' ? String(eth.network) : '',
        protocols: Object.keys(info.protocols).map((name) => protocolVersions[name] ?? name),
      };
    },
    headBlock: async () => blockBy('eth_getBlockByNumber', 'latest'),
    block: async (id) => (typeof id === 'string' ? blockBy('eth_getBlockByHash', id, id) : blockBy('eth_getBlockByNumber', `0x${id.toString(16)}`)),
    async pending(): Promise<number> {
      const txpool = state().txpool;
      if (txpool === undefined) throw new Error('no txpool reading yet');
      return txpool.value.pending;
    },
    async stats(): Promise<SourceStats> {
      const s = state();
      // A sealer's geth runs with --mine: it mines whenever it runs (eth_mining is true).
      return { active: true, syncing: s.sync?.value.syncing ?? false, mining: s.role === 'sealer', peers: s.peers?.value ?? 0, gasPrice: s.gasPrice?.value ?? 0 };
    },
    onHead(listener: (head: SourceHead) => void) {
      return watch(
        (s) => s.head?.value.hash,
        () => {
          const head = store.get().head?.value;
          if (head !== undefined) listener({ number: head.number, hash: head.hash.toLowerCase() });
        },
      );
    },
    onPendingTx(listener: () => void) {
      return watch((s) => s.txpool?.value.pending, () => listener());
    },
    close() {
      closed = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
      unsubscribes.clear();
    },
  };
}
