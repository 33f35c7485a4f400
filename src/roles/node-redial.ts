import type { Config } from '../config/table.js';
import type { Logger } from '../log.js';
import type { RpcCaller } from '../watchdog/observer.js';
import { droppedSummary, resolutionBounds, resolveLists, type ResolveHost } from './resolve.js';

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
    const bounds = resolutionBounds(config);
    // The operator's boot and static nodes are all tried; the genesis server's list is capped.
    const configured = [...(config.bootnodes ?? []), ...(config.staticNodes ?? [])];
    const lists = await resolveLists(
      {
        configured: { enodes: configured, maxNodes: Number.MAX_SAFE_INTEGER },
        served: { enodes: (await options.bootnodes()).filter((e) => !configured.includes(e)), maxNodes: bounds.maxNodes },
        // Kept by this agent (IP literals, at most 32): the same address rules, no cap of their own.
        known: { enodes: options.knownPeers?.() ?? [], maxNodes: Number.MAX_SAFE_INTEGER },
      },
      options.resolveHost,
      bounds,
    );
    const dropped = [...lists.configured.dropped, ...lists.served.dropped, ...lists.known.dropped];
    if (dropped.length > 0) options.logger.warn(droppedSummary(dropped), 're-dial: left out');
    const tried: string[] = [];
    for (const enode of new Set([...lists.configured.kept, ...lists.served.kept, ...lists.known.kept])) {
      try {
        await rpc.call('admin_addPeer', [enode]);
        tried.push(enode);
      } catch (error) {
        options.logger.warn({ err: error, enode: enode.slice(0, 60) }, 're-dial: cannot add this peer');
      }
    }
    return tried;
  };
}
