import pRetry, { AbortError } from 'p-retry';
import type { Config } from '../config/table.js';
import type { Logger } from '../log.js';
import { agentPaths } from '../paths.js';
import { ConfigError, RefusedDataError, UnavailableError, describeError } from '../errors.js';
import { fetchGenesisOnce, genesisUrlFor, type FetchLike } from './fetch.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readIfExists } from '../fs/read-if-exists.js';
import { parseGenesisBytes } from './validate.js';
import type { CliqueGenesis, GenesisDocument } from './types.js';

export interface ProvisionedGenesis {
  /** agentPaths(dataDir).genesis: the cached copy geth is initialized from. */
  readonly path: string;
  readonly sha256: string;
  readonly genesis: CliqueGenesis;
  readonly chainId: number;
  readonly signers: readonly string[];
  /** Set when the server now serves another genesis than the cached one (the node keeps its own). */
  readonly conflict?: { readonly servedSha256: string };
}

export interface ProvisionOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  readonly fetch?: FetchLike;
}

/** Refusals that do not go away by retrying: a pin or chain id the served genesis contradicts. */
export function refusal(doc: GenesisDocument, config: Config, source: string): RefusedDataError | undefined {
  if (config.genesisSha256 !== undefined && doc.sha256 !== config.genesisSha256) {
    return new RefusedDataError(`${source} genesis has sha256 ${doc.sha256}, but GETH_AGENT_GENESIS_SHA256 pins ${config.genesisSha256}; refusing it`);
  }
  if (config.networkId !== undefined && doc.chainId !== config.networkId) {
    return new RefusedDataError(`${source} genesis has chainId ${doc.chainId}, but GETH_AGENT_NETWORK_ID is ${config.networkId}; refusing it`);
  }
  return undefined;
}

const provisioned = (path: string, doc: GenesisDocument, conflict?: { servedSha256: string }): ProvisionedGenesis =>
  Object.freeze({ path, sha256: doc.sha256, genesis: doc.genesis, chainId: doc.chainId, signers: doc.signers, ...(conflict === undefined ? {} : { conflict }) });

/**
 * The genesis this node uses. No cache: fetch with exponential backoff + jitter until the deadline
 * (then UnavailableError, exit 69), validate, cache atomically. With a cache: one fetch to compare;
 * server down -> the cache; server serving another genesis -> the cache plus `conflict`.
 */
export async function provisionGenesis(options: ProvisionOptions): Promise<ProvisionedGenesis> {
  const { config, signal } = options;
  const logger = options.logger.child({ component: 'genesis' });
  if (config.genesisUrl === undefined) throw new ConfigError(['GETH_AGENT_GENESIS_URL is required to fetch the genesis']);
  const url = genesisUrlFor(config.genesisUrl);
  const path = agentPaths(config.dataDir).genesis;
  // How long the download that succeeded took (request to validated body), for the log and benches.
  let fetchMs: number | undefined;
  const fetchOnce = async (timeoutMs: number): Promise<GenesisDocument> => {
    const started = performance.now();
    const doc = await fetchGenesisOnce({ url, fetch: options.fetch, timeoutMs, maxBytes: config.genesisMaxBytes, signal });
    fetchMs = Math.round((performance.now() - started) * 100) / 100;
    return doc;
  };

  const cachedBytes = await readIfExists(path);
  if (cachedBytes !== undefined) {
    const cached = parseGenesisBytes(cachedBytes);
    if (!cached.ok) throw new RefusedDataError(`cached genesis ${path} is invalid (${cached.problem}); it was not changed. Move it away to fetch the genesis again`);
    const refused = refusal(cached.document, config, 'the cached');
    if (refused !== undefined) throw refused;
    let served: GenesisDocument;
    try {
      served = await fetchOnce(config.genesisFetchTimeoutSeconds * 1000);
    } catch (error) {
      logger.warn({ url, sha256: cached.document.sha256, err: describeError(error) }, 'genesis server unavailable; using the cached genesis');
      return provisioned(path, cached.document);
    }
    if (served.sha256 !== cached.document.sha256) {
      logger.error(
        { url, cachedSha256: cached.document.sha256, servedSha256: served.sha256 },
        'the genesis server now serves a DIFFERENT genesis; keeping the cached one and this chain (nothing deleted). Reported unhealthy.',
      );
      return provisioned(path, cached.document, { servedSha256: served.sha256 });
    }
    logger.info({ sha256: cached.document.sha256, fetchMs }, 'cached genesis matches the server');
    return provisioned(path, cached.document);
  }

  const deadlineMs = config.genesisDeadlineSeconds * 1000;
  let attempts = 0;
  let document: GenesisDocument;
  try {
    document = await pRetry(
      async () => {
        attempts += 1;
        // Every attempt gets its full timeout (the deadline can overshoot by at most one), so
        // the last error reported is a real answer of the server, not a clipped attempt.
        const doc = await fetchOnce(config.genesisFetchTimeoutSeconds * 1000);
        const refused = refusal(doc, config, 'the served');
        if (refused !== undefined) throw new AbortError(refused);
        return doc;
      },
      {
        retries: Number.POSITIVE_INFINITY,
        factor: 2,
        minTimeout: config.genesisRetryMinSeconds * 1000,
        maxTimeout: config.genesisRetryMaxSeconds * 1000,
        randomize: true,
        maxRetryTime: deadlineMs,
        signal,
        onFailedAttempt: ({ error, attemptNumber }) => {
          logger.warn({ url, attempt: attemptNumber, err: describeError(error) }, 'genesis not available yet; retrying');
        },
      },
    );
  } catch (error) {
    if (error instanceof RefusedDataError) throw error;
    if (signal?.aborted === true) throw error;
    throw new UnavailableError(
      `genesis server ${url} did not serve a valid genesis within ${config.genesisDeadlineSeconds} s (${attempts} attempts; last: ${describeError(error)}). Check GETH_AGENT_GENESIS_URL and that the genesis server is up and sealed.`,
      { cause: error },
    );
  }
  await writeFileAtomic(path, document.bytes);
  logger.info({ url, sha256: document.sha256, chainId: document.chainId, signers: document.signers, fetchMs }, 'genesis fetched and cached');
  return provisioned(path, document);
}

/** The signer set of the cached genesis, when one is cached and valid (no network, never throws). */
export async function cachedGenesisSigners(config: Pick<Config, 'dataDir'>): Promise<readonly string[] | undefined> {
  const bytes = await readIfExists(agentPaths(config.dataDir).genesis).catch(() => undefined);
  if (bytes === undefined) return undefined;
  const cached = parseGenesisBytes(bytes);
  return cached.ok ? cached.document.signers : undefined;
}

export type ServedCheck =
  | { readonly status: 'same' }
  | { readonly status: 'different'; readonly servedSha256: string }
  | { readonly status: 'unavailable'; readonly reason: string };

/**
 * The genesis health state after a re-check: a conflict is set while the server serves another
 * genesis and cleared once it serves ours again; an unreachable server changes nothing.
 */
export function genesisStateAfterCheck(sha256: string, result: ServedCheck): { readonly sha256: string; readonly conflict?: { readonly servedSha256: string } } | undefined {
  if (result.status === 'different') return { sha256, conflict: { servedSha256: result.servedSha256 } };
  if (result.status === 'same') return { sha256 };
  return undefined;
}

/**
 * One later comparison of what the server serves with the genesis this node uses (for a periodic
 * health re-check): never changes anything on disk.
 */
export async function checkServedGenesis(options: ProvisionOptions & { readonly sha256: string }): Promise<ServedCheck> {
  const { config } = options;
  if (config.genesisUrl === undefined) return { status: 'unavailable', reason: 'GETH_AGENT_GENESIS_URL is not set' };
  try {
    const served = await fetchGenesisOnce({ url: genesisUrlFor(config.genesisUrl), fetch: options.fetch, timeoutMs: config.genesisFetchTimeoutSeconds * 1000, maxBytes: config.genesisMaxBytes, signal: options.signal });
    if (served.sha256 === options.sha256) return { status: 'same' };
    options.logger.error({ component: 'genesis', cachedSha256: options.sha256, servedSha256: served.sha256 }, 'the genesis server serves a DIFFERENT genesis; keeping ours');
    return { status: 'different', servedSha256: served.sha256 };
  } catch (error) {
    return { status: 'unavailable', reason: describeError(error) };
  }
}
