import type { FastifyInstance, FastifyReply } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Collector } from './collector.js';
import { renderNetworkPage } from './page.js';

const wantsHtml = (accept: string | undefined): boolean => {
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]?.trim());
  return types.includes('text/html');
};

/** What the network routes serve: the JSON document and the page (both from the same snapshot). */
export interface NetworkPages {
  json(): unknown;
  html(): string;
}

/** The collector's own network pages: its reporting nodes. */
export const collectorPages = (collector: Collector, now: () => number = Date.now): NetworkPages => ({
  json: () => ({ nodes: collector.nodes() }),
  html: () => renderNetworkPage(collector.nodes(), now()),
});

/**
 * `GET /network`: the JSON document, or the HTML page when the client asks for text/html
 * (browsers); `GET /network.html`: always the page; `GET /network.json` and
 * `GET /network?format=json`: always JSON (what a browser can open).
 */
export function networkRoutes(collector: Collector, now: () => number = Date.now, pages: NetworkPages = collectorPages(collector, now)): (app: FastifyInstance) => Promise<void> {
  const html = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(pages.html());
  return async (app) => {
    app.get('/network', async (request, reply) => {
      if ((request.query as { format?: unknown }).format !== 'json' && wantsHtml(request.headers.accept)) return html(reply);
      return reply.header('cache-control', 'no-store').send(pages.json());
    });
    app.get('/network.json', async (_request, reply) => reply.header('cache-control', 'no-store').send(pages.json()));
    app.get('/network.html', async (_request, reply) => html(reply));
  };
}

/**
 * The path of a request target without its query string and one trailing slash; undefined for
 * one URL cannot parse (`//`: an upgrade listener must not throw). The classic Node.js reporter
 * (a primus 4 client) dials `/api/?_primuscb=<id>` (a cache-busting query after a slash), and
 * eth-netstats' primus server serves that path too.
 */
export const collectorPathOf = (target: string | undefined): string | undefined => {
  try {
    const path = new URL(target ?? '/', 'http://x').pathname;
    return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  } catch {
    return undefined;
  }
};

/**
 * Mounts the collector on a fastify app: WebSocket upgrades on `path` (default `/api`; also
 * `/api/`, with any query string), the
 * network routes (`pages`, default the collector's own), and collector.close() on app close. Call before app.listen().
 */
export async function registerCollector(app: FastifyInstance, collector: Collector, path = '/api', pages?: NetworkPages): Promise<void> {
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (collectorPathOf(req.url) === path) collector.handleUpgrade(req, socket, head);
    else if (app.server.listenerCount('upgrade') === 1) socket.destroy();
  };
  app.server.on('upgrade', onUpgrade);
  app.addHook('preClose', async () => {
    app.server.off('upgrade', onUpgrade);
    await collector.close();
  });
  await app.register(networkRoutes(collector, Date.now, pages));
}
