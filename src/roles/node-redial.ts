import type { Config } from '../config/table.js';
import type { Logger } from '../log.js';
import type { RpcCaller } from '../watchdog/observer.js';
import { resolveEnode, type ResolveHost } from './resolve.js';

/**
 * The watchdog's first remedy for peer decay: the boot nodes as the genesis server lists them
 * now, the configured boot and static nodes, and the peers this node last dialled out to, names
 * resolved again, each handed to admin_addPeer. Returns what was tried (logged as evidence).
 */
export function createRedial(options: {
  config: Config;
  logger: Logger;
  rpc: () => RpcCaller | undefined;
  bootnodes: () => Promise<readonly string[]>;
  knownPeers?: () => readonly string[];
  resolveHost: ResolveHost;
}): () => Promise<readonly string[]> {
  return async () => {
    const rpc = options.rpc();
    if (rpc === undefined) return [];
    const { config } = options;
    const candidates = [...new Set([...(await options.bootnodes()), ...(config.bootnodes ?? []), ...(config.staticNodes ?? []), ...(options.knownPeers?.() ?? [])])];
    const tried: string[] = [];
    for (const enode of candidates) {
      try {
        const resolved = await resolveEnode(enode, options.resolveHost);
        await rpc.call('admin_addPeer', [resolved]);
        tried.push(resolved);
      } catch (error) {
        options.logger.warn({ err: error, enode: enode.slice(0, 60) }, 're-dial: cannot add this peer');
      }
    }
    return tried;
  };
}
