import nodeFetch from 'node-fetch';
import { describeError } from '../errors.js';
import { BodyTooLargeError, readCapped } from '../http/read-capped.js';
import { parseGenesisBytes } from './validate.js';
import type { GenesisDocument } from './types.js';

/** The part of a fetch Response the agent uses (node-fetch and the global fetch both fit). */
export interface ResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: AsyncIterable<Uint8Array> | null;
}
export type FetchLike = (url: string, init: { signal: AbortSignal; headers: Record<string, string>; redirect?: 'follow' | 'error' }) => Promise<ResponseLike>;

/** node-fetch 3, as the default fetch of the genesis client. */
export const defaultFetch: FetchLike = (url, init) => nodeFetch(url, init) as unknown as Promise<ResponseLike>;

/** `http://host:port` -> `http://host:port/genesis.json`; a URL whose path ends in `.json` is used as given. */
export function genesisUrlFor(base: string): string {
  const url = new URL(base);
  if (url.pathname.endsWith('.json')) return url.toString();
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/genesis.json`;
  return url.toString();
}

export type FetchFailure = 'unreachable' | 'timeout' | 'status' | 'too-large' | 'invalid';

/** One failed genesis fetch; `kind` says what went wrong (all are retried until the deadline). */
export class GenesisFetchError extends Error {
  readonly kind: FetchFailure;
  constructor(kind: FetchFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GenesisFetchError';
    this.kind = kind;
  }
}

export interface FetchOnceOptions {
  readonly url: string;
  readonly fetch?: FetchLike;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

/**
 * One GET of the genesis: bounded in time (connect to last byte) and size, parsed and validated
 * as a clique genesis. Throws GenesisFetchError; never returns unvalidated data.
 */
export async function fetchGenesisOnce(options: FetchOnceOptions): Promise<GenesisDocument> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new GenesisFetchError('timeout', `no complete answer within ${options.timeoutMs} ms`)), options.timeoutMs);
  const onOuterAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    let response: ResponseLike;
    try {
      response = await (options.fetch ?? defaultFetch)(options.url, { signal: controller.signal, headers: { accept: 'application/json' }, redirect: 'follow' });
    } catch (error) {
      throw timedOut(controller) ?? new GenesisFetchError('unreachable', `cannot reach ${options.url}: ${describeError(error)}`, { cause: error });
    }
    if (response.status !== 200) {
      const retryAfter = response.headers.get('retry-after');
      discard(response);
      throw new GenesisFetchError('status', `HTTP ${response.status}${response.status === 503 ? ' (genesis not sealed yet?)' : ''}${retryAfter === null ? '' : `, retry-after ${retryAfter.slice(0, 20)}`}`);
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(length) && length > options.maxBytes) {
      discard(response);
      throw new GenesisFetchError('too-large', `response announces ${length} bytes, more than ${options.maxBytes} (GETH_AGENT_GENESIS_MAX_BYTES)`);
    }
    if (response.body === null) throw new GenesisFetchError('invalid', 'empty response');
    let bytes: Buffer;
    try {
      bytes = await readCapped(response.body, options.maxBytes);
    } catch (error) {
      if (error instanceof GenesisFetchError) throw error;
      if (error instanceof BodyTooLargeError) throw new GenesisFetchError('too-large', `response larger than ${options.maxBytes} bytes (GETH_AGENT_GENESIS_MAX_BYTES)`);
      throw timedOut(controller) ?? new GenesisFetchError('unreachable', `connection failed mid-body: ${describeError(error)}`, { cause: error });
    }
    const parsed = parseGenesisBytes(bytes);
    if (!parsed.ok) throw new GenesisFetchError('invalid', parsed.problem);
    return parsed.document;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

const timedOut = (controller: AbortController): GenesisFetchError | undefined =>
  controller.signal.aborted && controller.signal.reason instanceof GenesisFetchError ? controller.signal.reason : undefined;

/** Stops reading a body we do not want (node streams: destroy; web streams: cancel). */
function discard(response: ResponseLike): void {
  const body = response.body as { destroy?: () => void; cancel?: () => Promise<void> } | null;
  if (body === null) return;
  if (typeof body.destroy === 'function') body.destroy();
  else if (typeof body.cancel === 'function') body.cancel().catch(() => undefined);
}
