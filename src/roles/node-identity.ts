import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { IdentityView } from '../http/status-view.js';

export interface NodeIdentityOptions {
  /** The ethstats name when the node reports, else undefined (the host name is shown). */
  readonly name: string | undefined;
  readonly networkId: number | undefined;
  readonly agentVersion: string;
  readonly gethVersion: () => string | undefined;
  /** The genesis marker `geth init` leaves in the data dir (`{sha256, hash}`), read once it exists. */
  readonly markerFile: string;
}

export interface NodeIdentity {
  /** Once provisioned: the chain id, the genesis file's sha256 and, for a sealer, its address. */
  provisioned(facts: { readonly chainId: number; readonly sha256: string; readonly address: string | undefined }): void;
  /** What `/status` shows of the node (never a secret: the address is public, the key is not here). */
  view(): IdentityView;
}

/**
 * Who a node is, for its status page: name, chain, genesis block hash, versions. The genesis block
 * hash comes from the marker `geth init` leaves (read in the background until found), so showing
 * it costs no geth call.
 */
export function nodeIdentity(options: NodeIdentityOptions): NodeIdentity {
  let facts: { chainId: number; sha256: string; address: string | undefined } | undefined;
  let genesisHash: string | undefined;
  let reading = false;
  const readMarker = (): void => {
    if (reading || genesisHash !== undefined || facts === undefined) return;
    reading = true;
    void readFile(options.markerFile, 'utf8')
      .then((text) => {
        const marker = JSON.parse(text) as { sha256?: unknown; hash?: unknown };
        if (marker.sha256 === facts?.sha256 && typeof marker.hash === 'string' && /^0x[0-9a-f]{64}$/.test(marker.hash)) genesisHash = marker.hash;
      })
      .catch(() => undefined)
      .finally(() => {
        reading = false;
      });
  };
  return {
    provisioned: (next) => {
      facts = { ...next };
    },
    view: () => {
      readMarker();
      return {
        name: options.name === undefined || options.name === '' ? hostname() : options.name,
        address: facts?.address ?? null,
        chainId: facts?.chainId ?? null,
        networkId: options.networkId ?? facts?.chainId ?? null,
        genesisHash: genesisHash ?? null,
        genesisSha256: facts?.sha256 ?? null,
        versions: { agent: options.agentVersion, geth: options.gethVersion() ?? null, node: process.version },
      };
    },
  };
}
