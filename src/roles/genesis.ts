import { once } from 'node:events';
import { hostname } from 'node:os';
import { agentPaths } from '../paths.js';
import { createHttpApp } from '../http/app.js';
import { httpLimitsFromConfig } from '../http/limits.js';
import { childEnv } from '../geth/child-env.js';
import { locateExecutable } from '../geth/locate.js';
import { AgentError, describeError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { computeGenesisHash } from '../genesis/block-hash.js';
import { genesisSpecFromConfig, signerModeFromConfig } from '../genesis/from-config.js';
import { genesisServerRoutes } from '../genesis/routes/index.js';
import { createBootnodeDirectory } from '../genesis/server/bootnodes.js';
import { bootnodeFileWriter, readBootnodeFile } from '../genesis/server/bootnode-store.js';
import { createChallengeStore } from '../genesis/server/challenges.js';
import { enodeRefusal, publicationRules } from '../genesis/server/publication-check.js';
import { createGenesisService } from '../genesis/server/service.js';
import { collectorSettings, createCollector, registerCollector } from '../ethstats/index.js';
import { genesisStatusView } from '../http/genesis-status.js';
import { createGenesisMetrics } from '../metrics/genesis.js';
import { networkView } from '../network/view.js';
import { renderFullNetworkPage } from '../network/page.js';
import { createRecentBlocks } from '../network/recent-blocks.js';
import { agentVersion } from '../version.js';
import { genesisStatusRoutes } from './genesis-status.js';
import type { RoleContext } from './types.js';

/** Role genesis: build (once) and serve the genesis, collect sealers and boot nodes, until ctx.signal. */
export async function runGenesisRole(ctx: RoleContext): Promise<number> {
  const { config } = ctx.loaded;
  const logger = ctx.logger.child({ component: 'genesis' });
  const gethBin = locateExecutable('geth', { configured: config.gethBin });
  if (gethBin === undefined) logger.warn('geth not found: the genesis block hash will not be served (X-Genesis-Hash)');
  const env = childEnv(ctx.env);

  const service = createGenesisService({
    genesisPath: agentPaths(config.dataDir).genesis,
    mode: signerModeFromConfig(config),
    spec: genesisSpecFromConfig(config),
    reset: config.genesisReset,
    logger,
    computeHash: gethBin === undefined ? undefined : (bytes) => computeGenesisHash(bytes, { gethBin, env }),
  });
  await service.init();
  const directoryFile = agentPaths(config.dataDir).bootnodeDirectory;
  const directoryWriter = bootnodeFileWriter(directoryFile, logger);
  const publication = publicationRules(config);
  const bootnodes = createBootnodeDirectory({
    ttlMs: config.bootnodeTtlSeconds * 1000,
    cap: config.bootnodeDirectoryMax,
    restore: await readBootnodeFile(directoryFile, logger),
    acceptRestored: (entry) => enodeRefusal(entry.enode, publication.policy).ok,
    onChange: (entries) => directoryWriter.write(entries),
  });
  const name = hostname();
  // Blocks any reporter sent, with their sealer: the network page's signer set and quorum.
  const recent = createRecentBlocks();
  const collector = config.ethstatsCollector
    ? createCollector({
        ...collectorSettings(config),
        logger: ctx.logger,
        onRefusal: (limit) => metrics.limitRefusals.inc({ limit }),
        onLoginRefused: (reason) => metrics.collectorRefusedLogins?.inc({ reason }),
        onReport: (_id, message) => {
          metrics.collectorFrames?.inc({ type: message.type });
          if (message.type === 'block') recent.add([message.block]);
          else if (message.type === 'history') recent.add(message.history);
        },
      })
    : undefined;
  const collectorCounts = () => {
    const nodes = collector?.nodes() ?? [];
    const connected = nodes.filter((n) => n.connected).length;
    return { connected, disconnected: nodes.length - connected };
  };
  const metrics = createGenesisMetrics({
    read: {
      genesis: () => {
        const snap = service.snapshot();
        return { sealed: snap.document !== undefined, registered: snap.signers.length, needed: snap.needed };
      },
      bootnodes: () => bootnodes.live().length,
      ...(collector === undefined ? {} : { collector: collectorCounts }),
    },
  });
  metrics.info.set({ role: 'genesis', network_id: String(config.networkId ?? ''), geth_version: '', enode: '' }, 1);
  const statusView = () => {
    const snap = service.snapshot();
    const counts = collector === undefined ? undefined : collectorCounts();
    return genesisStatusView({
      now: Date.now(),
      name,
      chainId: snap.document?.chainId ?? null,
      networkId: config.networkId ?? snap.document?.chainId ?? null,
      genesisHash: snap.hash ?? null,
      genesisSha256: snap.document?.sha256 ?? null,
      versions: { agent: agentVersion(), geth: null, node: process.version },
      sealed: snap.document !== undefined,
      registered: snap.signers,
      needed: snap.needed,
      bootnodes: bootnodes.live(),
      collector: counts === undefined ? undefined : { nodes: counts.connected + counts.disconnected, connected: counts.connected },
    });
  };

  const app = createHttpApp({
    logger: ctx.logger,
    role: 'genesis',
    // Like a node agent: a closing server answers 503 for a moment so load balancers notice.
    drainMs: 1000,
    limits: httpLimitsFromConfig(config),
    onLimit: (limit) => metrics.limitRefusals.inc({ limit }),
    checks: {
      genesis: () => {
        const snap = service.snapshot();
        const sealed = snap.document !== undefined;
        return {
          ok: sealed,
          value: sealed ? 'sealed' : 'collecting',
          threshold: snap.needed,
          detail: sealed ? 'genesis sealed and stored' : `waiting for sealer registrations (${snap.signers.length} of ${snap.needed})`,
          sealed,
          sha256: snap.document?.sha256 ?? null,
          hash: snap.hash ?? null,
          registered: snap.signers.length,
          needed: snap.needed,
        };
      },
    },
  });
  app.addHook('onClose', async () => metrics.close());
  await app.register(genesisStatusRoutes({ metrics, view: statusView }));
  await app.register(genesisServerRoutes, {
    service,
    challenges: createChallengeStore({ ttlMs: config.signerChallengeTtlSeconds * 1000 }),
    bootnodes,
    networkSecret: config.networkSecret,
    publication,
    refused: (limit) => metrics.limitRefusals.inc({ limit }),
    retryAfterSeconds: 5,
    onResponse: (method, route, status) => metrics.response(method, route, status),
  });
  if (collector !== undefined) {
    // The ethstats collector at /api and the network page (GET /network) for small deployments.
    const network = () => {
      const snap = service.snapshot();
      return networkView({
        now: Date.now(),
        self: { name },
        networkId: config.networkId,
        genesis: { sealed: snap.document !== undefined, sha256: snap.document?.sha256, hash: snap.hash, chainId: snap.document?.chainId, signers: snap.document?.signers ?? [] },
        registered: snap.signers,
        bootnodes: bootnodes.live(),
        reporting: collector.nodes(),
        recent: recent.list(),
      });
    };
    await registerCollector(app, collector, '/api', { json: network, html: () => renderFullNetworkPage(network(), Date.now()) });
    logger.info('ethstats collector on /api, network page on /network');
  }
  if (!ctx.signal.aborted) {
    try {
      const address = await app.listen({ host: config.listen.host, port: config.listen.port, backlog: 1024 });
      logger.info({ address }, 'genesis server listening');
    } catch (error) {
      await app.close().catch(() => undefined);
      await service.close();
      throw new AgentError(`cannot listen on ${config.listen.host}:${config.listen.port}: ${describeError(error)}`, ExitCode.config, { cause: error });
    }
    if (!ctx.signal.aborted) await once(ctx.signal, 'abort');
  }
  logger.info('stopping genesis server');
  await app.close();
  await directoryWriter.flush();
  await service.close();
  return ExitCode.ok;
}
