import type { FastifyInstance } from 'fastify';

/** One readiness check: `ok` plus whatever detail helps an operator (never a secret). */
export interface HealthCheck {
  readonly ok: boolean;
  readonly [detail: string]: unknown;
}

export interface HealthRoutesOptions {
  readonly role: string;
  readonly checks: Readonly<Record<string, () => HealthCheck>>;
}

/** `GET /health/live` (process up) and `GET /health` (every check ok -> 200, else 503). */
export async function healthRoutes(app: FastifyInstance, options: HealthRoutesOptions): Promise<void> {
  app.get('/health/live', {
    schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] } } },
    handler: async () => ({ status: 'UP' }),
  });

  const healthSchema = {
    type: 'object',
    properties: { status: { type: 'string' }, role: { type: 'string' }, checks: { type: 'object', additionalProperties: true } },
    required: ['status', 'role', 'checks'],
  };
  app.get('/health', {
    schema: { response: { 200: healthSchema, 503: healthSchema } },
    handler: async (_request, reply) => {
      const checks: Record<string, HealthCheck> = {};
      for (const [name, check] of Object.entries(options.checks)) {
        try {
          checks[name] = check();
        } catch (error) {
          checks[name] = { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      }
      const ok = Object.values(checks).every((c) => c.ok);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'UP' : 'DOWN', role: options.role, checks });
    },
  });
}
