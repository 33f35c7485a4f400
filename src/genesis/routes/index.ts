import type { GenesisLimit } from '../../metrics/limits.js';
import type { FastifyInstance } from 'fastify';
import type { BootnodeDirectory } from '../server/bootnodes.js';
import type { ChallengeStore } from '../server/challenges.js';
import type { PublicationRules } from '../server/publication-check.js';
import type { GenesisService } from '../server/service.js';
import { bootnodeRoutes } from './bootnodes.js';
import { genesisRoutes } from './genesis.js';
import { observeResponses, type ResponseObserver } from './observe.js';
import { signerRoutes } from './signers.js';

export interface GenesisServerRoutesOptions {
  readonly service: GenesisService;
  readonly challenges: ChallengeStore;
  readonly bootnodes: BootnodeDirectory;
  readonly networkSecret: string | undefined;
  /** What a boot-node publication must satisfy (network, address rules, timestamp window). */
  readonly publication: PublicationRules;
  /** Counts an input refused by a limit (`geth_agent_limit_refusals_total{limit}`). */
  readonly refused?: (limit: GenesisLimit) => void;
  readonly retryAfterSeconds?: number;
  /** Counts each answer (the genesis role's metrics). */
  readonly onResponse?: ResponseObserver;
}

/** Every route of role genesis, as one fastify plugin. */
export async function genesisServerRoutes(app: FastifyInstance, options: GenesisServerRoutesOptions): Promise<void> {
  if (options.onResponse !== undefined) observeResponses(app, options.onResponse);
  await app.register(genesisRoutes, { service: options.service, retryAfterSeconds: options.retryAfterSeconds ?? 5 });
  const refused = options.refused === undefined ? {} : { refused: options.refused };
  await app.register(signerRoutes, { service: options.service, challenges: options.challenges, networkSecret: options.networkSecret, ...refused });
  await app.register(bootnodeRoutes, { directory: options.bootnodes, networkSecret: options.networkSecret, rules: options.publication, ...refused });
}
