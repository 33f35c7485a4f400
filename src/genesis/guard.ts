import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Logger } from '../log.js';
import { agentPaths } from '../paths.js';
import { childEnv } from '../geth/child-env.js';
import { RefusedDataError, describeError } from '../errors.js';
import { computeGenesisHash, readChainGenesisHash } from './block-hash.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readIfExists } from '../fs/read-if-exists.js';
import type { ProvisionedGenesis } from './provision.js';

export interface InitChainOptions {
  readonly gethBin: string;
  readonly dataDir: string;
  readonly genesis: ProvisionedGenesis;
  readonly logger: Logger;
  /** Environment for geth (filtered through childEnv: no GETH_AGENT_* reaches geth). */
  readonly env?: Record<string, string | undefined>;
}

/** What agentPaths(dataDir).genesisMarker records about the genesis a chain was initialized with. */
export interface GenesisMarker {
  readonly sha256: string;
  readonly hash?: string;
  readonly initializedAt?: string;
}

function parseMarker(bytes: Buffer, path: string): GenesisMarker {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Partial<GenesisMarker>;
    if (typeof value.sha256 === 'string' && /^[0-9a-f]{64}$/.test(value.sha256)) {
      return { sha256: value.sha256, ...(typeof value.hash === 'string' ? { hash: value.hash.slice(0, 80) } : {}) };
    }
  } catch {
    // reported below
  }
  throw new RefusedDataError(`genesis marker ${path} is unreadable; nothing was changed. Restore it, or remove it to let the agent re-check the chain against the genesis with geth`);
}

const show = (sha256: string, hash: string | undefined): string => `sha256 ${sha256}${hash === undefined ? '' : `, block hash ${hash}`}`;

/**
 * Before geth starts: initializes an empty datadir with the genesis (`geth init`), or verifies an
 * existing chain holds this genesis. A different genesis is refused (65) and the datadir is left
 * byte-for-byte untouched: geth init never runs on an existing chain; checks use read-only `geth db get`.
 */
export async function initChain(options: InitChainOptions): Promise<'initialized' | 'unchanged'> {
  const logger = options.logger.child({ component: 'genesis' });
  const paths = agentPaths(options.dataDir);
  const env = childEnv(options.env ?? process.env);
  const tool = { gethBin: options.gethBin, env };
  const { genesis } = options;
  const chainExists = existsSync(join(paths.chainDir, 'chaindata'));
  const markerBytes = await readIfExists(paths.genesisMarker);

  if (!chainExists) {
    const init = await execa(options.gethBin, ['--datadir', options.dataDir, 'init', genesis.path], { stdin: 'ignore', env, extendEnv: false, cleanup: false, reject: false, timeout: 120_000 });
    if (init.exitCode !== 0) {
      const reason = init.stderr.trim().split('\n').at(-1)?.slice(0, 300) ?? `exit ${init.exitCode}`;
      throw new RefusedDataError(`geth init refused the genesis ${genesis.sha256}: ${reason}`);
    }
    const hash = await readChainGenesisHash(options.dataDir, tool).catch(() => undefined);
    await writeFileAtomic(paths.genesisMarker, Buffer.from(`${JSON.stringify({ sha256: genesis.sha256, hash, initializedAt: new Date().toISOString() }, null, 2)}\n`));
    logger.info({ sha256: genesis.sha256, hash }, 'chain initialized with the genesis');
    return 'initialized';
  }

  if (markerBytes !== undefined) {
    const marker = parseMarker(markerBytes, paths.genesisMarker);
    if (marker.sha256 === genesis.sha256) return 'unchanged';
    const newHash = await computeGenesisHash(await readFile(genesis.path), tool).catch(() => undefined);
    throw new RefusedDataError(
      `the chain in ${options.dataDir} was initialized with genesis ${show(marker.sha256, marker.hash)}, but the genesis now is ${show(genesis.sha256, newHash)}; ` +
        'refusing to start (nothing was changed or deleted). Use the original genesis, or move the data dir away to join the new chain.',
    );
  }

  // A chain made outside the agent: compare its block-0 hash (read-only) with this genesis' hash.
  let chainHash: string | undefined;
  let newHash: string;
  try {
    chainHash = await readChainGenesisHash(options.dataDir, tool);
    newHash = await computeGenesisHash(await readFile(genesis.path), tool);
  } catch (error) {
    throw new RefusedDataError(`cannot verify the existing chain in ${options.dataDir} against the genesis (${describeError(error)}); nothing was changed`, { cause: error });
  }
  if (chainHash === undefined || chainHash !== newHash) {
    throw new RefusedDataError(
      `the chain in ${options.dataDir} (not initialized by geth-agent) holds genesis block hash ${chainHash ?? 'none'}, but the genesis ${genesis.sha256} has block hash ${newHash}; ` +
        'refusing to start (nothing was changed or deleted). Use the matching genesis, or move the data dir away.',
    );
  }
  await writeFileAtomic(paths.genesisMarker, Buffer.from(`${JSON.stringify({ sha256: genesis.sha256, hash: chainHash, adoptedAt: new Date().toISOString() }, null, 2)}\n`));
  logger.info({ sha256: genesis.sha256, hash: chainHash }, 'existing chain matches the genesis; marker recorded');
  return 'unchanged';
}
