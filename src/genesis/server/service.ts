import type { Logger } from '../../log.js';
import { RefusedDataError, describeError } from '../../errors.js';
import { buildCliqueGenesis, serializeGenesis, type GenesisSpec } from '../build.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { moveAside } from '../../fs/move-aside.js';
import { readIfExists } from '../../fs/read-if-exists.js';
import { parseGenesisBytes, sha256Hex } from '../validate.js';
import type { GenesisDocument } from '../types.js';
import { genesisDifferences } from './diff.js';
import { parseSignersFile, signersPath, signersFileBytes } from './signers-file.js';

export type SignerMode = { readonly kind: 'static'; readonly signers: readonly string[] } | { readonly kind: 'collected'; readonly needed: number };

export interface GenesisServiceOptions {
  /** Where the sealed genesis lives (agentPaths(dataDir).genesis). */
  readonly genesisPath: string;
  readonly mode: SignerMode;
  /** Everything the genesis is built from but the signers. */
  readonly spec: Omit<GenesisSpec, 'signers'>;
  /** GETH_AGENT_GENESIS_RESET: the sha256 of the stored genesis to move aside (nothing happens for another one). */
  readonly reset?: string | undefined;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Genesis block hash of a genesis (e.g. geth offline); undefined result or throw = unknown. */
  readonly computeHash?: (bytes: Buffer) => Promise<string | undefined>;
}

export interface RegisterResult {
  /** 201 new, 200 known, 409 refused (sealed, or not in a static set). */
  readonly status: 201 | 200 | 409;
  readonly registered: number;
  readonly needed: number;
  readonly sealed: boolean;
}

export interface GenesisSnapshot {
  readonly document: GenesisDocument | undefined;
  readonly hash: string | undefined;
  readonly signers: readonly string[];
  readonly needed: number;
}

export interface GenesisService {
  /** Loads (or builds and writes) the genesis. Refuses (65) a stored genesis that is not valid. */
  init(): Promise<void>;
  register(address: string): Promise<RegisterResult>;
  snapshot(): GenesisSnapshot;
  /** Waits for background work (the hash computation). */
  close(): Promise<void>;
}

/** Write-once genesis of the genesis role: built once, then the stored bytes forever (until an explicit reset). */
export function createGenesisService(options: GenesisServiceOptions): GenesisService {
  const { logger, mode } = options;
  const now = options.now ?? (() => new Date());
  const needed = mode.kind === 'static' ? mode.signers.length : mode.needed;
  let document: GenesisDocument | undefined;
  let hash: string | undefined;
  let registered: string[] = mode.kind === 'static' ? [...mode.signers] : [];
  let pending: Promise<void> = Promise.resolve();
  let hashing: Promise<void> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = pending.then(fn);
    pending = run.then(() => undefined, () => undefined);
    return run;
  };

  const startHash = (doc: GenesisDocument): void => {
    if (options.computeHash === undefined) return;
    const compute = options.computeHash;
    hashing = (async () => {
      try {
        hash = await compute(doc.bytes);
        if (hash !== undefined) logger.info({ sha256: doc.sha256, hash }, 'genesis block hash computed');
      } catch (error) {
        logger.warn({ err: describeError(error) }, 'cannot compute the genesis block hash (served without X-Genesis-Hash)');
      }
    })();
  };

  const seal = async (signers: readonly string[]): Promise<void> => {
    const bytes = serializeGenesis(buildCliqueGenesis({ ...options.spec, signers }));
    const parsed = parseGenesisBytes(bytes);
    if (!parsed.ok) throw new Error(`built genesis fails validation: ${parsed.problem}`);
    await writeFileAtomic(options.genesisPath, bytes);
    document = parsed.document;
    logger.info({ sha256: document.sha256, signers: document.signers, chainId: document.chainId }, 'genesis sealed and stored');
    startHash(document);
  };

  const init = async (): Promise<void> => {
    if (options.reset !== undefined) await resetIfNamed(options.reset);
    const stored = await readIfExists(options.genesisPath);
    if (stored !== undefined) {
      const parsed = parseGenesisBytes(stored);
      if (!parsed.ok) {
        throw new RefusedDataError(`stored genesis ${options.genesisPath} is invalid (${parsed.problem}); refusing to replace it. Fix the file, or set GETH_AGENT_GENESIS_RESET to its sha256 to move it aside and start a new chain`);
      }
      document = parsed.document;
      registered = [...document.signers];
      compareWithConfig(document);
      logger.info({ sha256: document.sha256, signers: document.signers }, 'serving the stored genesis');
      startHash(document);
      return;
    }
    if (mode.kind === 'static') return seal(mode.signers);
    const saved = await readIfExists(signersPath(options.genesisPath));
    if (saved !== undefined) registered = parseSignersFile(saved);
    logger.info({ registered: registered.length, needed }, 'collecting sealer registrations');
    if (registered.length >= needed) await seal(registered);
  };

  const resetIfNamed = async (sha256: string): Promise<void> => {
    const stored = await readIfExists(options.genesisPath);
    if (stored === undefined || sha256Hex(stored) !== sha256) {
      logger.info({ reset: sha256 }, 'GETH_AGENT_GENESIS_RESET does not name the stored genesis: nothing reset (unset it)');
      return;
    }
    for (const path of [options.genesisPath, signersPath(options.genesisPath)]) {
      const moved = await moveAside(path, now());
      if (moved !== undefined) logger.warn({ from: path, to: moved }, 'GETH_AGENT_GENESIS_RESET: moved aside; a NEW chain starts and existing nodes will refuse it');
    }
  };

  const compareWithConfig = (doc: GenesisDocument): void => {
    const signers = mode.kind === 'static' ? mode.signers : doc.signers;
    let expected: unknown;
    try {
      expected = buildCliqueGenesis({ ...options.spec, signers });
    } catch (error) {
      logger.warn({ err: describeError(error) }, 'the current configuration cannot build a genesis; serving the stored one');
      return;
    }
    const differences = genesisDifferences(doc.genesis, expected);
    if (mode.kind === 'collected' && mode.needed !== doc.signers.length) differences.push('GETH_AGENT_SEALER_COUNT');
    if (differences.length > 0) {
      logger.warn({ differences, sha256: doc.sha256 }, 'configuration differs from the stored genesis; still serving the stored genesis (GETH_AGENT_GENESIS_RESET=<its sha256> starts a new chain)');
    }
  };

  const register = (address: string): Promise<RegisterResult> =>
    serial(async () => {
      const known = registered.some((s) => s.toLowerCase() === address.toLowerCase());
      const result = (status: RegisterResult['status']): RegisterResult => ({ status, registered: registered.length, needed, sealed: document !== undefined });
      if (known) return result(200);
      if (document !== undefined || mode.kind === 'static') return result(409);
      const next = [...registered, address];
      await writeFileAtomic(signersPath(options.genesisPath), signersFileBytes(next));
      registered = next;
      logger.info({ address, registered: registered.length, needed }, 'sealer registered');
      if (registered.length >= needed) await seal(registered);
      return result(201);
    });

  return {
    init,
    register,
    snapshot: () => ({ document, hash, signers: Object.freeze([...(document?.signers ?? registered)]), needed }),
    close: async () => {
      await pending;
      await hashing;
    },
  };
}
