import type { FastifyInstance } from 'fastify';

/** Called once per answer of a genesis-server route: method, route pattern, status code. */
export type ResponseObserver = (method: string, route: string, status: number) => void;

/**
 * Counts every answer of the routes registered in `app`'s scope (refusals by the auth hook and
 * schema validation included), so the handlers stay free of metrics.
 */
export function observeResponses(app: FastifyInstance, observe: ResponseObserver): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route !== undefined) observe(request.method, route, reply.statusCode);
  });
}
