import type { IpcSocketProvider } from 'ethers';
import type { Logger } from '../log.js';
import type { BlockStats } from './protocol/types.js';
import type { EthstatsSource, SourceHead, SourceNodeInfo, SourceStats } from './source.js';
import { blockStatsFromRpc, zeroAddress } from './geth-block.js';
import { isObject } from './protocol/check.js';
import { withTimeout } from './timeout.js';
import { openIpc, subscribeRaw } from './geth-ipc.js';

export interface GethSourceOptions {
  readonly ipcPath: string;
  readonly logger: Logger;
  /** Every IPC call (and the connect) fails after this long instead of hanging. Default 5000. */
  readonly callTimeoutMs?: number;
  /** Pause between reconnect attempts while subscribed and geth is down. Default 1000. */
  readonly reconnectDelayMs?: number;
}

export interface GethSource extends EthstatsSource {
  close(): void;
}

/** Protocol versions geth 1.13.15 runs, by admin_nodeInfo protocol name. */
const protocolVersions: Record<string, string> = { eth: 'eth/68', snap: 'snap/1' };

/**
 * EthstatsSource over geth's IPC socket (ethers IpcSocketProvider). Connects lazily, drops the
 * connection on any socket error, close or timeout, and re-subscribes to newHeads and
 * newPendingTransactions after geth restarts while anyone listens.
 */
export function createGethSource(options: GethSourceOptions): GethSource {
  const { ipcPath, callTimeoutMs = 5000, reconnectDelayMs = 1000 } = options;
  const logger = options.logger.child({ component: 'ethstats-source' });
  const heads = new Set<(head: SourceHead) => void>();
  const txs = new Set<() => void>();
  let provider: IpcSocketProvider | undefined;
  let connecting: Promise<IpcSocketProvider> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const dead = new WeakSet<IpcSocketProvider>();
  const drop = (lost: IpcSocketProvider, err?: unknown): void => {
    if (provider === lost) provider = undefined;
    if (dead.has(lost)) return;
    dead.add(lost);
    lost.destroy();
    if (err !== undefined) logger.debug({ err }, 'geth IPC connection lost');
    scheduleRetry();
  };

  const scheduleRetry = (): void => {
    if (closed || retry !== undefined || (heads.size === 0 && txs.size === 0)) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch(() => scheduleRetry());
    }, reconnectDelayMs);
  };

  const open = async (): Promise<IpcSocketProvider> => {
    const p = await openIpc(ipcPath, callTimeoutMs, (lost, err) => drop(lost, err));
    try {
      await subscribeRaw(p, 'newHeads', callTimeoutMs, (message) => {
        if (isObject(message) && typeof message.number === 'string' && typeof message.hash === 'string') {
          const head = { number: Number(message.number), hash: message.hash.toLowerCase() };
          for (const listener of heads) listener(head);
        }
      });
      await subscribeRaw(p, 'newPendingTransactions', callTimeoutMs, () => {
        for (const listener of txs) listener();
      });
    } catch (err) {
      drop(p);
      throw err;
    }
    if (closed) {
      drop(p);
      throw new Error('source closed');
    }
    provider = p;
    return p;
  };

  const connect = (): Promise<IpcSocketProvider> => {
    if (closed) return Promise.reject(new Error('source closed'));
    if (provider !== undefined) return Promise.resolve(provider);
    connecting ??= open().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  const call = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const p = await connect();
    try {
      return (await withTimeout(p.send(method, params) as Promise<T>, callTimeoutMs, method)) as T;
    } catch (err) {
      if (err instanceof Error && /timed out/.test(err.message)) drop(p, err);
      throw err;
    }
  };

  const author = async (hash: string, number: unknown): Promise<string | undefined> => {
    if (number === '0x0') return zeroAddress;
    try {
      return await call<string>('clique_getSigner', [hash]);
    } catch {
      return undefined;
    }
  };

  const blockBy = async (method: string, id: unknown, hash?: string): Promise<BlockStats | undefined> => {
    const [raw, signer] = await Promise.all([call<unknown>(method, [id, false]), hash === undefined ? undefined : author(hash, undefined)]);
    if (raw === null || raw === undefined) return undefined;
    const rawHash = isObject(raw) ? raw.hash : undefined;
    const resolved = signer ?? (typeof rawHash === 'string' ? await author(rawHash, isObject(raw) ? raw.number : undefined) : undefined);
    return blockStatsFromRpc(raw, resolved);
  };

  return {
    async nodeInfo(): Promise<SourceNodeInfo> {
      const info = await call<unknown>('admin_nodeInfo');
      if (!isObject(info) || !isObject(info.protocols) || !isObject(info.ports)) throw new Error('admin_nodeInfo reply is malformed');
      const eth = info.protocols.eth;
      return {
        name: typeof info.name === 'string' ? info.name : '',
        port: typeof info.ports.listener === 'number' ? info.ports.listener : 0,
        networkId: isObject(eth) && typeof eth.network === 'number' ? String(eth.network) : '',
        protocols: Object.keys(info.protocols).map((name) => protocolVersions[name] ?? name),
      };
    },
    headBlock: () => blockBy('eth_getBlockByNumber', 'latest'),
    block: (id) =>
      typeof id === 'string' ? blockBy('eth_getBlockByHash', id, id) : blockBy('eth_getBlockByNumber', `0x${id.toString(16)}`),
    async pending(): Promise<number> {
      const status = await call<unknown>('txpool_status');
      if (!isObject(status) || typeof status.pending !== 'string' || !/^0x[0-9a-f]{1,16}$/i.test(status.pending)) throw new Error('txpool_status reply is malformed');
      return Number(BigInt(status.pending));
    },
    async stats(): Promise<SourceStats> {
      const [syncing, mining, peers, gasPrice] = await Promise.all([
        call<unknown>('eth_syncing'),
        call<unknown>('eth_mining'),
        call<unknown>('net_peerCount'),
        call<unknown>('eth_gasPrice'),
      ]);
      const hex = (value: unknown): number => (typeof value === 'string' && /^0x[0-9a-f]+$/i.test(value) ? Number(BigInt(value)) : 0);
      return { active: true, syncing: syncing !== false, mining: mining === true, peers: hex(peers), gasPrice: hex(gasPrice) };
    },
    onHead(listener) {
      heads.add(listener);
      connect().catch(() => scheduleRetry());
      return () => heads.delete(listener);
    },
    onPendingTx(listener) {
      txs.add(listener);
      connect().catch(() => scheduleRetry());
      return () => txs.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(retry);
      retry = undefined;
      heads.clear();
      txs.clear();
      provider?.destroy();
      provider = undefined;
    },
  };
}
