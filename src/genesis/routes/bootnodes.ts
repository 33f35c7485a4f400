import type { FastifyInstance } from 'fastify';
import { parseEnode, type BootnodeDirectory } from '../server/bootnodes.js';
import { requireNetworkSecret } from './auth.js';
import { bootnodeBodySchema, errorResponses } from './schemas.js';

export interface BootnodeRoutesOptions {
  readonly directory: BootnodeDirectory;
  readonly networkSecret: string | undefined;
}

/** `POST /bootnodes` (authenticated publication) and `GET /bootnodes` (the live ones). */
export async function bootnodeRoutes(app: FastifyInstance, options: BootnodeRoutesOptions): Promise<void> {
  const listSchema = { type: 'object', properties: { bootnodes: { type: 'array', items: { type: 'string' } } }, required: ['bootnodes'] };

  app.get('/bootnodes', { schema: { response: { 200: listSchema } }, handler: async () => ({ bootnodes: options.directory.live() }) });

  app.post<{ Body: { enode: string } }>('/bootnodes', {
    onRequest: requireNetworkSecret(options.networkSecret),
    schema: { body: bootnodeBodySchema, response: { 200: { type: 'object', properties: { enode: { type: 'string' } }, required: ['enode'] }, ...errorResponses } },
    handler: async (request, reply) => {
      const parsed = parseEnode(request.body.enode);
      if (!parsed.ok) return reply.code(400).send({ error: `enode: ${parsed.problem}` });
      options.directory.publish(parsed);
      request.log.info({ enode: parsed.enode }, 'boot node published');
      return { enode: parsed.enode };
    },
  });
}
