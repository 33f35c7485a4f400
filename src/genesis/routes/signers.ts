import type { GenesisLimit } from '../../metrics/limits.js';
import type { FastifyInstance } from 'fastify';
import { verifyMessage } from 'ethers';
import { parseAddress } from '../../config/kinds.js';
import { signerRegistrationMessage } from '../registration-message.js';
import type { ChallengeStore, ConsumeResult } from '../server/challenges.js';
import type { GenesisService } from '../server/service.js';
import { requireNetworkSecret } from './auth.js';
import { errorResponses, registrationSchema, signerBodySchema } from './schemas.js';

export interface SignerRoutesOptions {
  readonly service: GenesisService;
  readonly challenges: ChallengeStore;
  readonly networkSecret: string | undefined;
  /** Counts a registration refused by a limit (`geth_agent_limit_refusals_total{limit}`). */
  readonly refused?: (limit: GenesisLimit) => void;
}

interface SignerBody {
  address: string;
  challenge: string;
  signature: string;
}

const recovers = (message: string, signature: string, address: string): boolean => {
  try {
    return verifyMessage(message, signature) === address;
  } catch {
    return false;
  }
};

/** `GET /signers/challenge`, `POST /signers` (authenticated, proof of key), `GET /signers`. */
export async function signerRoutes(app: FastifyInstance, options: SignerRoutesOptions): Promise<void> {
  const { service, challenges } = options;
  const auth = requireNetworkSecret(options.networkSecret);

  app.get('/signers', {
    schema: {
      response: {
        200: {
          type: 'object',
          properties: { signers: { type: 'array', items: { type: 'string' } }, needed: { type: 'integer' }, sealed: { type: 'boolean' } },
          required: ['signers', 'needed', 'sealed'],
        },
      },
    },
    handler: async () => {
      const snap = service.snapshot();
      return { signers: snap.signers, needed: snap.needed, sealed: snap.document !== undefined };
    },
  });

  app.get('/signers/challenge', {
    onRequest: auth,
    schema: {
      response: {
        200: { type: 'object', properties: { challenge: { type: 'string' }, expiresInSeconds: { type: 'integer' } }, required: ['challenge', 'expiresInSeconds'] },
        ...errorResponses,
      },
    },
    handler: async () => challenges.issue(),
  });

  app.post<{ Body: SignerBody }>('/signers', {
    onRequest: auth,
    schema: { body: signerBodySchema, response: { 200: registrationSchema, 201: registrationSchema, ...errorResponses } },
    handler: async (request, reply) => {
      const { challenge, signature } = request.body;
      const parsed = parseAddress(request.body.address);
      if (!parsed.ok) return reply.code(400).send({ error: `address: expected ${parsed.expected}` });
      const address = parsed.value;
      const challengeRefused = (verdict: ConsumeResult) => {
        if (verdict === 'full') {
          options.refused?.('challenges_used');
          return reply.code(429).header('retry-after', '10').send({ error: 'too many registrations within the challenge lifetime; retry later' });
        }
        return reply.code(403).send({ error: `challenge ${verdict === 'used' ? 'already used' : verdict === 'expired' ? 'expired' : 'unknown'}: GET /signers/challenge again` });
      };
      const verdict = challenges.check(challenge);
      if (verdict !== 'ok') return challengeRefused(verdict);
      if (!recovers(signerRegistrationMessage(challenge, address), signature, address)) {
        return reply.code(403).send({ error: 'signature does not prove the key of this address' });
      }
      // A refusal (sealed without this address) uses nothing up: only registrations by keys that
      // are or may become signers are remembered, so that memory cannot be flooded with new keys.
      const snap = service.snapshot();
      if (snap.document === undefined || snap.signers.some((s) => s.toLowerCase() === address.toLowerCase())) {
        const consumed = challenges.consume(challenge);
        if (consumed !== 'ok') return challengeRefused(consumed);
      }
      const result = await service.register(address);
      const body = { address, registered: result.registered, needed: result.needed, sealed: result.sealed };
      if (result.status === 409) {
        return reply.code(409).send({ error: `genesis already sealed without ${address}: adding a signer is a clique vote (clique_propose), not a new genesis` });
      }
      return reply.code(result.status).send(body);
    },
  });
}
