import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** True when `header` is `Bearer <secret>`; compared in constant time (over digests, so lengths leak nothing). */
export function bearerMatches(header: string | undefined, secret: string | undefined): boolean {
  if (secret === undefined || secret === '' || typeof header !== 'string') return false;
  const match = /^Bearer (.+)$/.exec(header);
  if (match?.[1] === undefined) return false;
  return timingSafeEqual(digest(match[1]), digest(secret));
}

/** A fastify onRequest hook refusing requests without the network secret (401 JSON). */
export function requireNetworkSecret(secret: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!bearerMatches(request.headers.authorization, secret)) {
      const error = secret === undefined ? 'this server has no network secret configured (GETH_AGENT_NETWORK_SECRET)' : 'missing or wrong network secret (Authorization: Bearer <secret>)';
      await reply.code(401).send({ error });
    }
  };
}

/**
 * A fastify onRequest hook for operator routes: only GETH_AGENT_OPERATOR_SECRET opens them, or,
 * with `alsoNetwork`, the network secret too (reading, for the sealers' agents).
 */
export function requireOperatorSecret(operatorSecret: string | undefined, alsoNetwork?: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    if (bearerMatches(header, operatorSecret) || (alsoNetwork !== undefined && bearerMatches(header, alsoNetwork))) return;
    const error =
      operatorSecret === undefined && alsoNetwork === undefined
        ? 'this server has no operator secret configured (GETH_AGENT_OPERATOR_SECRET)'
        : alsoNetwork === undefined
          ? 'missing or wrong operator secret (Authorization: Bearer <GETH_AGENT_OPERATOR_SECRET>)'
          : 'missing or wrong secret (the operator secret or the network secret)';
    await reply.code(401).send({ error });
  };
}
