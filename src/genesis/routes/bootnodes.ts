import type { GenesisLimit } from '../../metrics/limits.js';
import type { FastifyInstance } from 'fastify';
import type { BootnodeDirectory } from '../server/bootnodes.js';
import { checkPublication, type PublicationRules } from '../server/publication-check.js';
import { requireNetworkSecret } from './auth.js';
import { bootnodeBodySchema, errorResponses } from './schemas.js';

export interface BootnodeRoutesOptions {
  readonly directory: BootnodeDirectory;
  readonly networkSecret: string | undefined;
  readonly rules: PublicationRules;
  /** Counts a publication refused by a limit (`geth_agent_limit_refusals_total{limit}`). */
  readonly refused?: (limit: GenesisLimit) => void;
}

const published = { type: 'object', properties: { enode: { type: 'string' }, status: { type: 'string' } }, required: ['enode', 'status'] } as const;

/** `POST /bootnodes` (secret + signed by the node key) and `GET /bootnodes` (the live ones). */
export async function bootnodeRoutes(app: FastifyInstance, options: BootnodeRoutesOptions): Promise<void> {
  const { directory } = options;
  const listSchema = { type: 'object', properties: { bootnodes: { type: 'array', items: { type: 'string' } } }, required: ['bootnodes'] };

  app.get('/bootnodes', { schema: { response: { 200: listSchema } }, handler: async () => ({ bootnodes: directory.live() }) });

  app.post<{ Body: Record<string, unknown> }>('/bootnodes', {
    onRequest: requireNetworkSecret(options.networkSecret),
    schema: { body: bootnodeBodySchema, response: { 200: published, 201: published, ...errorResponses } },
    handler: async (request, reply) => {
      const checked = checkPublication(request.body, options.rules);
      if (!checked.ok) {
        if (checked.limit !== undefined) options.refused?.(checked.limit);
        return reply.code(checked.status).send({ error: checked.error });
      }
      const result = directory.publish(checked);
      if (result.status === 'stale') {
        return reply.code(409).send({ error: `stale publication: one signed at ${new Date(result.signedAt).toISOString()} was accepted for this node id; sign a fresh one` });
      }
      if (result.status === 'full') {
        options.refused?.('directory_full');
        // Counted, logged at debug only: a flood of new ids must not become a flood of log lines.
        request.log.debug({ enode: checked.enode, cap: result.cap }, 'boot node directory full: new node id refused');
        return reply
          .code(507)
          .header('retry-after', String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))))
          .send({ error: `boot node directory full (${result.cap} live node ids, GETH_AGENT_BOOTNODE_DIRECTORY_MAX): a new node id is listed once an entry expires` });
      }
      if (result.status !== 'refreshed') request.log.info({ enode: checked.enode, status: result.status }, 'boot node published');
      return reply.code(result.status === 'added' ? 201 : 200).send({ enode: checked.enode, status: result.status });
    },
  });
}
