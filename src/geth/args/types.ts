import type { Config } from '../../config/table.js';
import type { AgentPaths } from '../../paths.js';

export type NodeRole = 'boot' | 'sealer' | 'client';

/** Everything the args builder needs; host names already resolved (boot nodes, advertised IP). */
export interface ArgsInput {
  readonly role: NodeRole;
  readonly config: Config;
  readonly paths: AgentPaths;
  /** The node key file (`--nodekey` / bootnode `-nodekey`). */
  readonly nodeKeyFile: string;
  /** Sealers: the signer account; the password only as a file path. */
  readonly account?: { readonly address: string; readonly passwordFile: string; readonly keystoreFile?: string };
  /** Boot nodes as enode URLs with IPs (resolved before launch). */
  readonly bootnodes: readonly string[];
  /** Static/trusted nodes, resolved; default: the configured ones. */
  readonly staticNodes?: readonly string[];
  readonly trustedNodes?: readonly string[];
  /** The advertised IP (`--nat extip:IP`); undefined: `--nat none`. */
  readonly advertiseIp?: string;
  /** Network id; default config.networkId, else the genesis chain id. */
  readonly networkId: number | string;
}

/** A generated geth TOML: `content` is written to a 0600 file, `shown` is safe to print. */
export interface GeneratedToml {
  readonly path: string;
  readonly content: string;
  readonly shown: string;
}

export interface GethCommand {
  readonly command: 'geth' | 'bootnode';
  readonly args: readonly string[];
  readonly toml?: GeneratedToml;
  readonly warnings: readonly string[];
}
