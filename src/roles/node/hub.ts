import { advertisedEnode, resolveAdvertiseHost } from '../../identity/advertise.js';
import type { GethEvent } from '../../geth/log-line.js';
import type { Logger } from '../../log.js';
import type { StateStore } from '../../state/store.js';
import type { Config } from '../../config/table.js';
import { provisionNode, type NodeProvisioned } from '../node-provision.js';
import type { Provision } from '../provisioned.js';
import type { NodeRole } from './context.js';

/**
 * Provisioning as the runner calls it (before geth's first start), writing what it settled into
 * the state: the genesis, the enode this node advertises (an unresolvable advertised name ends the
 * run, 78), the network id, the clique period, how long it took. `provisioned` gets the result.
 */
export function provisionIntoState(options: { config: Config; logger: Logger; role: NodeRole; store: StateStore }, provisioned: (p: NodeProvisioned) => void): Provision {
  const { config, logger, role, store } = options;
  return async (signal) => {
    const started = performance.now();
    const p = await provisionNode({ config, logger, signal });
    const genesisFetchSeconds = (performance.now() - started) / 1000;
    const host = await resolveAdvertiseHost(config.advertiseHost);
    const node = {
      enode: advertisedEnode({ role, host, port: config.p2pPort, enode: p.fullIdentity.enode }),
      networkId: String(config.networkId ?? p.genesis.chainId),
      chainId: p.genesis.chainId,
      cliquePeriod: p.genesis.genesis.config.clique.period,
      address: role === 'sealer' ? p.fullIdentity.account?.address : undefined,
      genesisFetchSeconds,
    };
    store.update(() => ({ genesis: { sha256: p.genesis.sha256, conflict: p.genesis.conflict }, node }));
    provisioned(p);
    return p;
  };
}

/** A state-carrying geth line into the state: a block this node sealed. */
export function recordGethEvent(store: StateStore, event: GethEvent, now: () => number): void {
  if (event.kind !== 'sealed') return;
  store.update((s) => ({ lastSealedAt: now(), sealed: { count: (s.sealed?.count ?? 0) + 1, number: event.number, hash: event.hash } }));
}
