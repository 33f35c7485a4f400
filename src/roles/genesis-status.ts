import type { FastifyInstance } from 'fastify';
import { renderGenesisStatusPage, type GenesisStatusView } from '../http/genesis-status.js';
import type { GenesisMetrics } from '../metrics/genesis.js';

export interface GenesisStatusRoutesOptions {
  readonly metrics: GenesisMetrics;
  /** The `/status` document now (a snapshot: nothing waits). */
  readonly view: () => GenesisStatusView;
  /** Refresh period of the status page (seconds). */
  readonly refreshSeconds?: number;
}

/** `/metrics`, `/status` and the status page `/` of role genesis. */
export function genesisStatusRoutes(options: GenesisStatusRoutesOptions) {
  const { metrics } = options;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/metrics', async (_request, reply) => {
      const text = await metrics.registry.metrics();
      // The exposition format ends every line, the last one too (prom-client leaves it open).
      return reply.type(metrics.registry.contentType).send(text.endsWith('\n') ? text : `${text}\n`);
    });
    app.get('/status', async (_request, reply) => reply.header('cache-control', 'no-store').send(options.view()));
    app.get('/', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderGenesisStatusPage(options.view(), options.refreshSeconds ?? 5)),
    );
  };
}
