import fetch from 'node-fetch';

/** Largest reply read from the genesis server's signer routes. */
const MAX_REPLY_BYTES = 1024 * 1024;

export interface ServerReply {
  readonly status: number;
  /** Parsed JSON, or undefined when the body is not JSON. */
  readonly body: unknown;
}

export interface SignerServerOptions {
  /** The genesis server's base URL (genesisServerBase(GETH_AGENT_GENESIS_URL)). */
  readonly baseUrl: string;
  /** The network secret (agents) or the operator secret (the `signers` command). */
  readonly secret: string;
  readonly timeoutMs: number;
  readonly fetchImpl?: typeof fetch;
}

export interface SignerServerClient {
  /** `GET /signers/changes`. */
  changes(signal?: AbortSignal): Promise<ServerReply>;
  /** `POST /signers/approve|remove` (operator secret). */
  act(action: 'approve' | 'remove', address: string): Promise<ServerReply>;
  /** `POST /signers/report`: the report's JSON text and its signature. */
  report(report: string, signature: string, signal?: AbortSignal): Promise<ServerReply>;
}

/** The signer routes of the genesis server over HTTP; network failures throw, every answer resolves. */
export function createSignerServerClient(options: SignerServerOptions): SignerServerClient {
  const doFetch = options.fetchImpl ?? fetch;
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const request = async (method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<ServerReply> => {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const response = await doFetch(new URL(path, base).toString(), {
      method,
      signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal]),
      size: MAX_REPLY_BYTES,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${options.secret}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed };
  };
  return {
    changes: (signal) => request('GET', 'signers/changes', undefined, signal),
    act: (action, address) => request('POST', `signers/${action}`, { address }),
    report: (report, signature, signal) => request('POST', 'signers/report', { report, signature }, signal),
  };
}

/** The server's error message in a reply body, or a stand-in. */
export const replyError = (reply: ServerReply): string => {
  const error = (reply.body as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' ? error.slice(0, 500) : `HTTP ${reply.status}`;
};
