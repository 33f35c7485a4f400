import type { FastifyInstance } from 'fastify';
import { verifyMessage } from 'ethers';
import { parseAddress } from '../../config/kinds.js';
import type { SignerRegistry } from '../../signers/registry.js';
import { parseSignerReport, signerReportMessage } from '../../signers/report.js';
import { requireNetworkSecret, requireOperatorSecret } from './auth.js';
import { errorResponses } from './schemas.js';
import { membershipViewSchema, operatorResultSchema } from './membership-schemas.js';

export interface MembershipRoutesOptions {
  readonly registry: SignerRegistry;
  readonly networkSecret: string | undefined;
  readonly operatorSecret: string | undefined;
  /** The sealed genesis' chain id (reports name their network); undefined while collecting. */
  readonly chainId: () => number | undefined;
  /** A report's timestamp must be within this of the server's clock. */
  readonly reportWindowMs: number;
  readonly now?: () => number;
}

/** Largest signed report accepted (a report of 256 signers and votes is ~40 KiB). */
const REPORT_MAX_CHARS = 64 * 1024;

const recovered = (message: string, signature: string): string | undefined => {
  try {
    return verifyMessage(message, signature);
  } catch {
    return undefined;
  }
};

/**
 * The elastic signer set's routes: `GET /signers/changes` (operator or network secret: the
 * sealers' agents read what to vote for), `POST /signers/approve` and `POST /signers/remove`
 * (operator secret), `POST /signers/report` (network secret and the reporter's signature).
 */
export async function membershipRoutes(app: FastifyInstance, options: MembershipRoutesOptions): Promise<void> {
  const { registry } = options;
  const now = options.now ?? Date.now;
  const operator = requireOperatorSecret(options.operatorSecret);
  const sealed = async (_request: unknown, reply: { code(c: number): { send(b: unknown): unknown } }): Promise<void> => {
    if (!registry.ready) await reply.code(503).send({ error: 'the genesis is not sealed yet: the signer set is still being collected' });
  };

  app.get('/signers/changes', {
    onRequest: [requireOperatorSecret(options.operatorSecret, options.networkSecret), sealed],
    schema: { response: { 200: membershipViewSchema, ...errorResponses } },
    handler: async (_request, reply) => reply.header('cache-control', 'no-store').send(registry.view()),
  });

  for (const action of ['approve', 'remove'] as const) {
    app.post<{ Body: { address: string } }>(`/signers/${action}`, {
      onRequest: [operator, sealed],
      schema: {
        body: { type: 'object', properties: { address: { type: 'string', maxLength: 42 } }, required: ['address'], additionalProperties: false },
        response: { 200: operatorResultSchema, 201: operatorResultSchema, ...errorResponses },
      },
      handler: async (request, reply) => {
        const parsed = parseAddress(request.body.address);
        if (!parsed.ok) return reply.code(400).send({ error: `address: expected ${parsed.expected}` });
        const outcome = action === 'approve' ? await registry.approve(parsed.value) : await registry.remove(parsed.value);
        if (outcome.status === 404 || outcome.status === 409) return reply.code(outcome.status).send({ error: outcome.message });
        return reply.code(outcome.status).send({ address: parsed.value, result: outcome.message, ...(outcome.change === undefined ? {} : { change: outcome.change.id }) });
      },
    });
  }

  app.post<{ Body: { report: string; signature: string } }>('/signers/report', {
    onRequest: [requireNetworkSecret(options.networkSecret), sealed],
    schema: {
      body: {
        type: 'object',
        properties: { report: { type: 'string', maxLength: REPORT_MAX_CHARS }, signature: { type: 'string', pattern: '^0x[0-9a-fA-F]{130}$' } },
        required: ['report', 'signature'],
        additionalProperties: false,
      },
      response: { 200: { type: 'object', properties: { accepted: { type: 'boolean' } }, required: ['accepted'] }, ...errorResponses },
    },
    handler: async (request, reply) => {
      const parsed = parseSignerReport(request.body.report);
      if (!parsed.ok) return reply.code(400).send({ error: parsed.problem });
      const { report } = parsed;
      if (recovered(signerReportMessage(request.body.report), request.body.signature)?.toLowerCase() !== report.address.toLowerCase()) {
        return reply.code(403).send({ error: 'signature does not prove the key of the reporting address' });
      }
      if (report.network !== options.chainId()) return reply.code(403).send({ error: `report for network ${report.network}, this server serves ${options.chainId()}` });
      if (Math.abs(report.timestamp - now()) > options.reportWindowMs) {
        return reply.code(403).send({ error: `report timestamp is more than ${Math.round(options.reportWindowMs / 1000)} s away from this server's clock` });
      }
      const verdict = await registry.report(report);
      if (verdict === 'unknown') return reply.code(403).send({ error: `${report.address} is neither a signer nor a candidate here` });
      if (verdict === 'stale') return reply.code(409).send({ error: 'an equal or newer report from this sealer was received already' });
      return { accepted: true };
    },
  });
}
