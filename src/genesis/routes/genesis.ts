import type { FastifyInstance } from 'fastify';
import type { GenesisService } from '../server/service.js';
import { errorSchema } from './schemas.js';

export interface GenesisRoutesOptions {
  readonly service: GenesisService;
  /** Retry-After while collecting registrations. */
  readonly retryAfterSeconds: number;
}

/** True when an If-None-Match header names this ETag (or `*`). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const tag = part.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** `GET /genesis.json` (the stored bytes, 503 until sealed) and `GET /genesis` (metadata). */
export async function genesisRoutes(app: FastifyInstance, options: GenesisRoutesOptions): Promise<void> {
  const { service } = options;
  const collecting = (needed: number, registered: number): { error: string } => ({
    error: `genesis not sealed yet: ${registered} of ${needed} sealers registered`,
  });

  // Response headers depend only on (sha256, block hash): built once, not per request.
  let cached: { key: string; headers: Record<string, string> } | undefined;
  const headersFor = (sha256: string, hash: string | undefined): Record<string, string> & { etag: string } => {
    const key = `${sha256}/${hash ?? ''}`;
    if (cached?.key !== key) {
      const headers: Record<string, string> = { 'content-type': 'application/json', etag: `"${sha256}"`, 'x-genesis-sha256': sha256, 'cache-control': 'no-cache' };
      if (hash !== undefined) headers['x-genesis-hash'] = hash;
      cached = { key, headers };
    }
    return cached.headers as Record<string, string> & { etag: string };
  };

  app.get('/genesis.json', {
    // 200 sends the stored Buffer as is (fastify never re-serializes a Buffer).
    schema: { response: { 200: { type: 'object', additionalProperties: true }, 304: { type: 'null' }, 503: errorSchema } },
    handler: async (request, reply) => {
      const snap = service.snapshot();
      const doc = snap.document;
      if (doc === undefined) {
        return reply.code(503).header('retry-after', String(options.retryAfterSeconds)).send(collecting(snap.needed, snap.signers.length));
      }
      const headers = headersFor(doc.sha256, snap.hash);
      if (etagMatches(request.headers['if-none-match'], headers.etag)) return reply.code(304).headers(headers).send();
      return reply.code(200).headers(headers).send(doc.bytes);
    },
  });

  app.get('/genesis', {
    schema: {
      response: {
        200: {
          type: 'object',
          properties: {
            sealed: { type: 'boolean' },
            sha256: { type: ['string', 'null'] },
            hash: { type: ['string', 'null'] },
            chainId: { type: ['integer', 'null'] },
            signers: { type: 'array', items: { type: 'string' } },
            needed: { type: 'integer' },
          },
          required: ['sealed', 'sha256', 'hash', 'signers', 'needed'],
        },
      },
    },
    handler: async () => {
      const snap = service.snapshot();
      return {
        sealed: snap.document !== undefined,
        sha256: snap.document?.sha256 ?? null,
        hash: snap.hash ?? null,
        chainId: snap.document?.chainId ?? null,
        signers: snap.signers,
        needed: snap.needed,
      };
    },
  });
}
