import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/table.js';
import type { Logger } from '../log.js';
import { fetchBootnodes } from '../directory/client.js';
import { cachedGenesisSigners, provisionGenesis, type ProvisionedGenesis } from '../genesis/provision.js';
import { needsAccount, provisionIdentity, type Identity } from '../identity/provision.js';
import { registerSealer } from '../identity/sealer-registration.js';
import { genesisServerBase } from '../identity/server-base.js';
import { assertSignerInGenesis } from '../identity/signer-set.js';
import type { ProvisionedNode } from './provisioned.js';

export interface NodeProvisioned extends ProvisionedNode {
  readonly genesis: ProvisionedGenesis;
  readonly fullIdentity: Identity;
}

/**
 * Everything a node needs before geth can start, in the order that makes the invariants hold:
 * keys first (so a sealer can prove its address), registration, then the genesis (which may wait
 * until every sealer registered), then the check that this sealer is in the signer set (a sealer
 * that can never seal exits 65 instead of running), then the boot nodes as they are now.
 */
export async function provisionNode(options: { config: Config; logger: Logger; signal: AbortSignal }): Promise<NodeProvisioned> {
  const { config, signal } = options;
  // Each step names its own component (a child of a child would repeat the `component` key).
  const logger = options.logger;
  const identity = await provisionIdentity({ config, logger, needAccount: needsAccount(config) });
  signal.throwIfAborted();
  const deadlineMs = config.genesisDeadlineSeconds * 1000;
  // A sealer of the cached genesis has nothing to register: that genesis never changes and lists
  // it already. Registering would sign, and signing decrypts the keystore (scrypt, ~0.5 s).
  const address = identity.account?.address.toLowerCase();
  const registered = address !== undefined && (await cachedGenesisSigners(config))?.some((s) => s.toLowerCase() === address) === true;
  if (registered) logger.child({ component: 'register' }).debug({ address: identity.account?.address }, 'a signer of the cached genesis already: not registering again');
  const registration = registered ? undefined : await registerSealer({ config, identity, logger, signal, deadlineMs });
  if (registration !== undefined) logger.child({ component: 'register' }).info({ ...registration }, 'sealer registered with the genesis server');
  const genesis = await provisionGenesis({ config, logger, signal });
  if (config.role === 'sealer' && identity.account !== undefined) assertSignerInGenesis(identity.account.address, genesis.signers);
  const directory = logger.child({ component: 'directory' });
  const refreshBootnodes = bootnodeSource(config, directory);
  return {
    genesis,
    fullIdentity: identity,
    identity: {
      nodeKeyFile: identity.nodeKeyFile,
      account: identity.account === undefined ? undefined : { address: identity.account.address, passwordFile: identity.account.passwordFile, keystoreFile: identity.account.keystoreFile },
    },
    bootnodes: await firstBootnodes(config, refreshBootnodes, directory, signal),
    refreshBootnodes,
  };
}

/**
 * The boot nodes as the genesis server lists them now; on failure the last list that worked
 * (configured GETH_AGENT_BOOTNODES are added by the args builder either way).
 */
export function bootnodeSource(config: Config, logger: Logger): () => Promise<readonly string[]> {
  let last: readonly string[] = [];
  return async () => {
    if (config.genesisUrl === undefined) return last;
    try {
      last = await fetchBootnodes({ baseUrl: genesisServerBase(config.genesisUrl), timeoutMs: config.genesisFetchTimeoutSeconds * 1000 });
    } catch (error) {
      logger.warn({ err: error, kept: last.length }, 'cannot fetch boot nodes from the genesis server; using the last known list');
    }
    return last;
  };
}

/**
 * The boot nodes for the first start. Boot agents publish once the genesis is sealed, like every
 * node fetches it: a node may ask before they did. Without boot nodes geth runs `--nodiscover`
 * (never the mainnet ones), so wait a bounded time for the directory to list one, unless boot
 * nodes are configured or no genesis server is used.
 */
async function firstBootnodes(config: Config, refresh: () => Promise<readonly string[]>, logger: Logger, signal: AbortSignal): Promise<readonly string[]> {
  const deadline = Date.now() + config.bootnodeWaitSeconds * 1000;
  let bootnodes = await refresh();
  if (bootnodes.length > 0 || (config.bootnodes ?? []).length > 0 || config.role === 'boot') return bootnodes;
  if (config.bootnodeWaitSeconds > 0) logger.info({ waitSeconds: config.bootnodeWaitSeconds }, 'the genesis server lists no boot node yet; waiting for one');
  while (bootnodes.length === 0 && Date.now() < deadline && !signal.aborted) {
    await sleep(Math.min(1000, Math.max(0, deadline - Date.now())), undefined, { signal }).catch(() => undefined);
    bootnodes = await refresh();
  }
  if (bootnodes.length === 0) logger.warn('no boot node known: starting without discovery (--nodiscover) until the next restart');
  return bootnodes;
}
