import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { execa } from 'execa';
import { Wallet, encryptKeystoreJsonSync, hexlify, randomBytes } from 'ethers';
import type { Logger } from 'pino';
import { createLogger } from '../../src/log.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/table.js';
import { agentPaths } from '../../src/paths.js';
import type { InitChain, ProvisionedNode } from '../../src/roles/provisioned.js';
import { oneSignerGenesis } from './clique-chain.js';
import { toolPath } from './geth-bin.js';

export interface NodeFixture {
  readonly env: Record<string, string>;
  readonly config: Config;
  readonly provisioned: ProvisionedNode;
  readonly signer: Wallet;
}

/** Test env for a node agent on loopback: ports from the OS, fast timings. */
export function nodeEnv(role: 'boot' | 'sealer' | 'client', dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GETH_AGENT_ROLE: role,
    GETH_AGENT_DATA_DIR: dataDir,
    GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9',
    GETH_AGENT_GETH_BIN: toolPath('geth'),
    GETH_AGENT_P2P_PORT: '0',
    GETH_AGENT_AUTHRPC_PORT: '0',
    GETH_AGENT_HTTP_PORT: '0',
    GETH_AGENT_WS_PORT: '0',
    GETH_AGENT_HTTP_ADDR: '127.0.0.1',
    GETH_AGENT_P2P_LISTEN_HOST: '127.0.0.1',
    GETH_AGENT_NETRESTRICT: '127.0.0.0/8',
    GETH_AGENT_STOP_GRACE_SECONDS: '20',
    GETH_AGENT_RESTART_INITIAL_SECONDS: '0.1',
    GETH_AGENT_IPC_WAIT_SECONDS: '20',
    ...extra,
  };
}

/**
 * Pre-provisions a data dir the way the genesis and identity modules will: one-signer clique
 * genesis (the node's own account signs), node key, keystore (fast scrypt) and password file.
 */
export async function provisionFixture(dir: string, role: 'boot' | 'sealer' | 'client', extra: Record<string, string> = {}, signerKey?: string): Promise<NodeFixture> {
  const dataDir = join(dir, 'd');
  const paths = agentPaths(dataDir);
  await mkdir(paths.agentDir, { recursive: true, mode: 0o700 });
  await mkdir(paths.keystoreDir, { recursive: true, mode: 0o700 });
  const signer = new Wallet(signerKey ?? Wallet.createRandom().privateKey);
  const networkId = 4000 + Math.floor(Math.random() * 10_000);
  await writeFile(paths.genesis, JSON.stringify(oneSignerGenesis(signer.address, networkId, 1)));
  await writeFile(paths.nodeKey, hexlify(randomBytes(32)).slice(2), { mode: 0o600 });
  await writeFile(paths.password, 'fixture-password', { mode: 0o600 });
  if (role === 'sealer') {
    const json = encryptKeystoreJsonSync({ address: signer.address, privateKey: signer.privateKey }, 'fixture-password', { scrypt: { N: 2 } });
    await writeFile(join(paths.keystoreDir, `UTC--fixture--${signer.address.slice(2).toLowerCase()}`), json, { mode: 0o600 });
  }
  const env = nodeEnv(role, dataDir, extra);
  const provisioned: ProvisionedNode = {
    genesis: { path: paths.genesis, chainId: networkId },
    identity: { nodeKeyFile: paths.nodeKey, account: role === 'sealer' ? { address: signer.address, passwordFile: paths.password } : undefined },
    bootnodes: [],
  };
  return { env, config: loadConfig(env).config, provisioned, signer };
}

/** The genesis guard stand-in: `geth init` only when the data dir has no chain. */
export const fixtureInitChain: InitChain = async ({ gethBin, dataDir, genesis }) => {
  if (existsSync(join(agentPaths(dataDir).chainDir, 'chaindata'))) return 'unchanged';
  await execa(gethBin, ['--datadir', dataDir, 'init', genesis.path], { stdin: 'ignore', timeout: 60_000 });
  return 'initialized';
};

/** A pino logger collecting JSON lines in memory (and nothing on stdout). */
export function memoryLogger(): { logger: Logger; lines: Array<Record<string, unknown>>; text: () => string } {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        raw.push(line);
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          /* not JSON */
        }
      }
      cb();
    },
  });
  return { logger: createLogger({ level: 'debug', destination: stream }), lines, text: () => raw.join('\n') };
}

/** Polls `check` every 50 ms until it returns a value other than undefined/false. */
export async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
