import { createECDH } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Wallet } from 'ethers';
import { buildCliqueGenesis, serializeGenesis } from '../../../src/genesis/build.js';

/**
 * A hostile genesis server: a valid genesis, and a `GET /bootnodes` listing whatever the attacker
 * likes (thousands of enodes, names, metadata addresses). What a node does with that list before
 * starting geth is the attack surface: resolution time, lookups made, the command line's size.
 */
export interface HostileDirectory {
  readonly url: string;
  readonly chainId: number;
  /** The sealer key the genesis names (a node can seal with it). */
  readonly signer: Wallet;
  /** Requests received, `METHOD /path`. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * `count` enodes mixing what a hostile list may hold: names (`localhost`, answered by the hosts
 * file, so no query leaves the machine), loopback IPs, link-local / multicast addresses, and
 * ids that are not public keys.
 * Each ~155 bytes: 1,600 of them fit the node's 256 KiB reply cap and exceed Linux's 128 KiB
 * limit for one command-line argument.
 */
export function hostileEnodes(count: number): string[] {
  const hosts = (i: number): string => (i % 4 === 0 ? 'localhost' : i % 4 === 1 ? `127.${1 + Math.floor(i / 60_000)}.${Math.floor(i / 250) % 240}.${1 + (i % 250)}` : i % 4 === 2 ? '169.254.169.254' : '224.0.0.1');
  // Every 8th id is not a secp256k1 public key: one of those in --bootnodes and geth refuses to start.
  const id = (i: number): string => {
    if (i % 8 === 7) return (i + 1).toString(16).padStart(128, 'c');
    const ecdh = createECDH('secp256k1');
    ecdh.generateKeys();
    return ecdh.getPublicKey('hex', 'uncompressed').slice(2);
  };
  return Array.from({ length: count }, (_, i) => `enode://${id(i)}@${hosts(i)}:${20_000 + (i % 40_000)}`);
}

export async function startHostileDirectory(options: { enodes: readonly string[]; chainId?: number }): Promise<HostileDirectory> {
  const signer = new Wallet(Wallet.createRandom().privateKey);
  const chainId = options.chainId ?? 6000 + Math.floor(Math.random() * 1000);
  const genesis = serializeGenesis(buildCliqueGenesis({ chainId, period: 1, epoch: 30_000, gasLimit: 30_000_000, signers: [signer.address], defaultBalance: '1000000000000000000' }));
  const list = Buffer.from(JSON.stringify({ bootnodes: options.enodes }));
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === '/genesis.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(genesis);
    if (req.url === '/bootnodes') return void res.writeHead(200, { 'content-type': 'application/json' }).end(list);
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    chainId,
    signer,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
