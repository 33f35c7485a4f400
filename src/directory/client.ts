import fetch from 'node-fetch';
import type { Logger } from '../log.js';
import { parseEnode } from '../config/vars/supervise.js';
import { signBootnodePublication } from './publication.js';

export interface DirectoryOptions {
  /** The genesis server's base URL (http://host:port). */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly fetchImpl?: typeof fetch;
}

const MAX_BODY = 256 * 1024;

/**
 * The live boot nodes the genesis server knows (`GET /bootnodes`). The reply is untrusted: only
 * enode URLs GETH_AGENT_BOOTNODES would accept are kept (a host like `a,b` breaks geth's list and
 * the launch), the body is capped, and any failure is an error to handle (the caller falls back
 * to configured boot nodes).
 */
export async function fetchBootnodes(options: DirectoryOptions): Promise<string[]> {
  const doFetch = options.fetchImpl ?? fetch;
  const response = await doFetch(new URL('bootnodes', withSlash(options.baseUrl)).toString(), {
    signal: AbortSignal.timeout(options.timeoutMs),
    size: MAX_BODY,
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`GET /bootnodes answered ${response.status}`);
  const body = (await response.json()) as { bootnodes?: unknown };
  if (!Array.isArray(body?.bootnodes)) throw new Error('GET /bootnodes: no "bootnodes" list in the reply');
  return body.bootnodes.filter((e): e is string => typeof e === 'string' && parseEnode(e).ok);
}

export interface PublishOptions extends DirectoryOptions {
  readonly networkSecret: string;
  readonly enode: string;
  /** The network id the publication is signed for. */
  readonly network: number;
  /** The node key (0x + 64 hex) of the enode: the signature proves this node owns its id. */
  readonly nodeKey: string;
  /** Clock for the signed timestamp (ms). */
  readonly now?: () => number;
}

/**
 * Publishes this boot node's enode (`POST /bootnodes`): authenticated with the network secret
 * and signed with the node key over the enode, the network id and the time. A refusal carries
 * the server's reason (the body's `error`).
 */
export async function publishBootnode(options: PublishOptions): Promise<void> {
  const doFetch = options.fetchImpl ?? fetch;
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  const publication = await signBootnodePublication(options.nodeKey, { enode: options.enode, network: options.network, timestamp });
  const response = await doFetch(new URL('bootnodes', withSlash(options.baseUrl)).toString(), {
    method: 'POST',
    signal: AbortSignal.timeout(options.timeoutMs),
    size: MAX_BODY,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.networkSecret}` },
    body: JSON.stringify(publication),
  });
  if (!response.ok) {
    const reason = response.status === 401 ? ' (check GETH_AGENT_NETWORK_SECRET)' : await errorOf(response);
    throw new Error(`POST /bootnodes answered ${response.status}${reason}`);
  }
}

/** The `error` of a JSON refusal, for the log (bounded; empty when there is none). */
async function errorOf(response: { text(): Promise<string> }): Promise<string> {
  try {
    const error = (JSON.parse(await response.text()) as { error?: unknown }).error;
    return typeof error === 'string' ? `: ${error.slice(0, 300)}` : '';
  } catch {
    return '';
  }
}

/** Republishes every `intervalMs` until stopped (boot nodes expire from the directory otherwise). */
export function startPublishing(options: PublishOptions & { intervalMs: number; logger: Logger }): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failing: string | undefined;
  const tick = async (): Promise<void> => {
    try {
      await publishBootnode(options);
      if (failing !== undefined) options.logger.info('boot node published again');
      else options.logger.debug('boot node published');
      failing = undefined;
    } catch (error) {
      // Each new reason is logged once (a refusal that changes, e.g. full then stale, is news).
      const reason = error instanceof Error ? error.message : String(error);
      if (failing !== reason) options.logger.warn({ err: error }, 'cannot publish the boot node to the genesis server; retrying');
      failing = reason;
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs);
  };
  void tick();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);
