import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Collector } from './collector.js';
import { renderNetworkPage } from './page.js';

const wantsHtml = (accept: string | undefined): boolean => {
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]?.trim());
  return types.includes('text/html');
};

/**
 * `GET /network`: JSON `{nodes: NodeView[]}`, or the HTML page when the client asks for
 * text/html (browsers); `GET /network.html`: always the page.
 */
export function networkRoutes(collector: Collector, now: () => number = Date.now): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    app.get('/network', async (request, reply) => {
      if (wantsHtml(request.headers.accept)) return reply.type('text/html; charset=utf-8').send(renderNetworkPage(collector.nodes(), now()));
      return { nodes: collector.nodes() };
    });
    app.get('/network.html', async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderNetworkPage(collector.nodes(), now())));
  };
}

/** The path of a request target; undefined for one URL cannot parse (`//`: an upgrade listener must not throw). */
const pathOf = (target: string | undefined): string | undefined => {
  try {
    return new URL(target ?? '/', 'http://x').pathname;
  } catch {
    return undefined;
  }
};

/**
 * Mounts the collector on a fastify app: WebSocket upgrades on `path` (default `/api`), the
 * network routes, and collector.close() on app close. Call before app.listen().
 */
export async function registerCollector(app: FastifyInstance, collector: Collector, path = '/api'): Promise<void> {
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathOf(req.url) === path) collector.handleUpgrade(req, socket, head);
    else if (app.server.listenerCount('upgrade') === 1) socket.destroy();
  };
  app.server.on('upgrade', onUpgrade);
  app.addHook('preClose', async () => {
    app.server.off('upgrade', onUpgrade);
    await collector.close();
  });
  await app.register(networkRoutes(collector));
}
