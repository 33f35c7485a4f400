import { once } from 'node:events';
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
import { createGenesisService } from '../genesis/server/service.js';
import { collectorSettings, createCollector, registerCollector } from '../ethstats/index.js';
import { createGenesisMetrics } from '../metrics.js';
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
  const metrics = createGenesisMetrics();
  const directoryFile = agentPaths(config.dataDir).bootnodeDirectory;
  const directoryWriter = bootnodeFileWriter(directoryFile, logger);

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
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  await app.register(genesisServerRoutes, {
    service,
    challenges: createChallengeStore({ ttlMs: config.signerChallengeTtlSeconds * 1000 }),
    bootnodes: createBootnodeDirectory({ ttlMs: config.bootnodeTtlSeconds * 1000, restore: await readBootnodeFile(directoryFile, logger), onChange: (entries) => directoryWriter.write(entries) }),
    networkSecret: config.networkSecret,
    retryAfterSeconds: 5,
  });
  if (config.ethstatsCollector) {
    // The ethstats collector at /api and the network page (GET /network) for small deployments.
    const collector = createCollector({ ...collectorSettings(config), logger: ctx.logger, onRefusal: (limit) => metrics.limitRefusals.inc({ limit }) });
    await registerCollector(app, collector);
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
