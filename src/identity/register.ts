import nodeFetch from 'node-fetch';
import pRetry, { AbortError } from 'p-retry';
import { AgentError, RefusedDataError, UnavailableError, describeError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Logger } from '../log.js';
import { signerRegistrationMessage } from '../genesis/registration-message.js';
import { announcedLength, BodyTooLargeError, readCapped } from '../http/read-capped.js';

/** The part of a fetch Response this module reads (node-fetch's and the global fetch's both fit). */
export interface ReplyLike {
  readonly status: number;
  readonly headers?: { get(name: string): string | null };
  readonly body: AsyncIterable<Uint8Array> | null;
}

/** The part of fetch this module uses (node-fetch by default; injectable for tests). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<ReplyLike>;

/** Largest reply read: a challenge or a registration is under 200 bytes, an error message a few hundred. */
export const MAX_REPLY_BYTES = 64 * 1024;

export interface RegisterOptions {
  /** genesisServerBase(config.genesisUrl). */
  readonly baseUrl: string;
  readonly networkSecret: string;
  /** Checksummed. */
  readonly address: string;
  /** EIP-191 personal_sign of the message. */
  readonly sign: (msg: string) => Promise<string>;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** Give up after this long (network errors and 5xx are retried until then). Default 5 min. */
  readonly deadlineMs?: number;
  /** Per-request timeout. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /** First retry delay (doubles, capped at 10x). Default 1 s. */
  readonly retryDelayMs?: number;
  readonly fetch?: FetchLike;
  /** Largest reply read (streamed: a longer one is abandoned, never buffered). Default MAX_REPLY_BYTES. */
  readonly maxReplyBytes?: number;
}

export interface Registration {
  readonly registered: number;
  readonly needed: number;
  readonly sealed: boolean;
}

/** A failed attempt that a new attempt may fix (network error, 5xx, one rejected signature). */
class Retryable extends Error {}

const short = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}...` : text);

/** The reply's text, read with a cap (BodyTooLargeError past it, announced or actual). */
async function replyText(response: ReplyLike, maxBytes: number): Promise<string> {
  const announced = announcedLength(response.headers);
  if (announced !== undefined && announced > maxBytes) throw new BodyTooLargeError(maxBytes, announced);
  return response.body === null ? '' : (await readCapped(response.body, maxBytes)).toString('utf8');
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Validates the challenge reply; undefined when it is not `{challenge: 0x<64 hex>}`. */
export function parseChallenge(body: unknown): string | undefined {
  const challenge = (body as { challenge?: unknown } | null)?.challenge;
  return typeof challenge === 'string' && /^0x[0-9a-fA-F]{64}$/.test(challenge) ? challenge : undefined;
}

/** Validates the registration reply. */
export function parseRegistration(body: unknown): Registration | undefined {
  const b = body as Partial<Record<keyof Registration, unknown>> | null;
  if (b === null || typeof b !== 'object') return undefined;
  const { registered, needed, sealed } = b;
  if (!Number.isSafeInteger(registered) || !Number.isSafeInteger(needed) || typeof sealed !== 'boolean') return undefined;
  return { registered: registered as number, needed: needed as number, sealed };
}

/** What one HTTP status means for registration; fatal ones become AgentErrors with their exit code. */
export function classifyStatus(step: 'challenge' | 'register', status: number, body: string, url: string, address: string): AgentError | Retryable | undefined {
  if (status === 200 || status === 201) return undefined;
  if (status === 401) return new AgentError(`the genesis server ${url} rejected GETH_AGENT_NETWORK_SECRET (401): set the network's shared secret`, ExitCode.config);
  if (status === 409 && step === 'register') {
    return new RefusedDataError(`${address} is not in the signer set: the genesis at ${url} was sealed without it (409); this sealer could never seal`);
  }
  if (status === 403 && step === 'register') return new Retryable(`signature or challenge rejected (403): ${short(body)}`);
  if (status >= 500 || status === 429 || status === 408) return new Retryable(`HTTP ${status}`);
  if (status === 404) return new AgentError(`${url} answered 404: is GETH_AGENT_GENESIS_URL a geth-agent genesis server?`, ExitCode.config);
  return new AgentError(`${url} refused the request (HTTP ${status}): ${short(body)}`, ExitCode.internal);
}

/**
 * Registers this sealer's address with the genesis server: challenge, EIP-191 signature, POST
 * /signers. Network errors and 5xx are retried (p-retry) until the deadline (then exit 69); a
 * rejected signature is retried once with a new challenge (then exit 65); 401 exits 78; 409
 * (genesis sealed without this address) exits 65.
 */
export async function registerSigner(options: RegisterOptions): Promise<Registration> {
  const { baseUrl, networkSecret, address, sign, signal } = options;
  const logger = options.logger.child({ component: 'register' });
  const fetch = options.fetch ?? (nodeFetch as unknown as FetchLike);
  const deadlineMs = options.deadlineMs ?? 300_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const maxReplyBytes = options.maxReplyBytes ?? MAX_REPLY_BYTES;
  const headers = { authorization: `Bearer ${networkSecret}`, accept: 'application/json' };
  let rejectedSignatures = 0;

  const request = async (step: 'challenge' | 'register', url: string, body?: string): Promise<unknown> => {
    // Aborted too when the reply is dropped, so what is left of it is never read.
    const dropReply = new AbortController();
    const requestSignal = AbortSignal.any([dropReply.signal, AbortSignal.timeout(requestTimeoutMs), ...(signal === undefined ? [] : [signal])]);
    let response: Awaited<ReturnType<FetchLike>>;
    let text: string;
    try {
      const init = body === undefined ? { method: 'GET', headers } : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body };
      response = await fetch(url, { ...init, signal: requestSignal });
      text = await replyText(response, maxReplyBytes);
    } catch (error) {
      dropReply.abort();
      if (signal?.aborted === true) throw new AbortError(error instanceof Error ? error : String(error));
      // A reply over the limit is not read further: a broken or hostile server, tried again until the deadline.
      if (error instanceof BodyTooLargeError) throw new Retryable(`${url} answered with a reply over ${maxReplyBytes} bytes: ${error.message}`);
      throw new Retryable(describeError(error));
    }
    const verdict = classifyStatus(step, response.status, text, url, address);
    if (verdict instanceof Retryable && response.status === 403) {
      rejectedSignatures += 1;
      if (rejectedSignatures > 1) throw new AbortError(new RefusedDataError(`the genesis server ${url} rejected the signature of ${address} twice (403): ${short(text)}`));
    }
    if (verdict instanceof Retryable) throw verdict;
    if (verdict !== undefined) throw new AbortError(verdict);
    return parseJson(text);
  };

  const attempt = async (): Promise<Registration> => {
    const challengeUrl = `${baseUrl}/signers/challenge`;
    const challenge = parseChallenge(await request('challenge', challengeUrl));
    if (challenge === undefined) throw new Retryable(`${challengeUrl} answered without a valid challenge`);
    const signature = await sign(signerRegistrationMessage(challenge, address));
    const url = `${baseUrl}/signers`;
    const reply = parseRegistration(await request('register', url, JSON.stringify({ address, challenge, signature })));
    if (reply === undefined) throw new AbortError(new AgentError(`${url} answered with an unexpected body (expected {registered, needed, sealed})`, ExitCode.internal));
    return reply;
  };

  try {
    const result = await pRetry(attempt, {
      retries: Number.POSITIVE_INFINITY,
      maxRetryTime: deadlineMs,
      minTimeout: retryDelayMs,
      maxTimeout: retryDelayMs * 10,
      signal,
      shouldRetry: ({ error }) => error instanceof Retryable,
      onFailedAttempt: ({ error, attemptNumber }) => {
        if (error instanceof Retryable) logger.warn({ attempt: attemptNumber, reason: error.message, baseUrl }, 'signer registration failed, retrying');
      },
    });
    logger.info({ address, ...result }, 'signer registered with the genesis server');
    return result;
  } catch (error) {
    if (error instanceof AgentError || signal?.aborted === true) throw error;
    throw new UnavailableError(`cannot register ${address} with the genesis server ${baseUrl} within ${Math.round(deadlineMs / 1000)} s: ${describeError(error)}`, { cause: error });
  }
}
