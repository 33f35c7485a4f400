import type { Env } from '../config/load.js';
import type { Logger } from '../log.js';

/** What provisioning hands the node runner (genesis + identity + boot nodes, from other modules). */
export interface ProvisionedNode {
  readonly genesis: { readonly path: string; readonly chainId: number };
  readonly identity: {
    readonly nodeKeyFile: string;
    /** Sealers: the signer account (keystore file, password file: paths only). */
    readonly account?: { readonly address: string; readonly passwordFile: string; readonly keystoreFile?: string } | undefined;
  };
  /** Boot nodes from the genesis server (`GET /bootnodes`); names allowed, resolved before each start. */
  readonly bootnodes: readonly string[];
  /** Fetches the boot nodes again; called before every (re)start so a moved boot node is found. */
  readonly refreshBootnodes?: () => Promise<readonly string[]>;
}

/** Provisions genesis and identity: what a node needs on disk before geth can start. */
export type Provision = (signal: AbortSignal) => Promise<ProvisionedNode>;

/**
 * Initializes geth's data dir with the genesis when it has no chain (the genesis guard; refuses a
 * different genesis). `genesis` is the very object `Provision` returned.
 */
export type InitChain = (options: {
  readonly gethBin: string;
  readonly dataDir: string;
  readonly genesis: ProvisionedNode['genesis'];
  readonly logger: Logger;
  readonly env: Env;
  readonly signal: AbortSignal;
}) => Promise<unknown>;
