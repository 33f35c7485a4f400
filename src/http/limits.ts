import { httpVars } from '../config/vars/http.js';

/** What the agent's listener allows one client; every limit is configurable (GETH_AGENT_HTTP_*). */
export interface HttpLimits {
  /** From the connection's start (or the last request) to the end of the headers. */
  readonly headersTimeoutMs: number;
  /** From the connection's start (or the last request) to the end of the request. */
  readonly requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this long. */
  readonly keepAliveTimeoutMs: number;
  /** A connection on which no byte moves either way is closed after this long. */
  readonly idleTimeoutMs: number;
  /** Open connections at most; more are closed at once. */
  readonly maxConnections: number;
}

type LimitSettings = {
  readonly httpHeadersTimeoutSeconds: number;
  readonly httpRequestTimeoutSeconds: number;
  readonly httpKeepAliveTimeoutSeconds: number;
  readonly httpIdleTimeoutSeconds: number;
  readonly httpMaxConnections: number;
};

/** The limits from the configuration (Node refuses a headers timeout above the request timeout: capped). */
export function httpLimitsFromConfig(config: LimitSettings): HttpLimits {
  const requestTimeoutMs = config.httpRequestTimeoutSeconds * 1000;
  return {
    headersTimeoutMs: Math.min(config.httpHeadersTimeoutSeconds * 1000, requestTimeoutMs),
    requestTimeoutMs,
    keepAliveTimeoutMs: config.httpKeepAliveTimeoutSeconds * 1000,
    idleTimeoutMs: config.httpIdleTimeoutSeconds * 1000,
    maxConnections: config.httpMaxConnections,
  };
}

/** The limits when nothing is configured: the defaults of the configuration table. */
export const defaultHttpLimits = (): HttpLimits =>
  httpLimitsFromConfig({
    httpHeadersTimeoutSeconds: httpVars.httpHeadersTimeoutSeconds.default as number,
    httpRequestTimeoutSeconds: httpVars.httpRequestTimeoutSeconds.default as number,
    httpKeepAliveTimeoutSeconds: httpVars.httpKeepAliveTimeoutSeconds.default as number,
    httpIdleTimeoutSeconds: httpVars.httpIdleTimeoutSeconds.default as number,
    httpMaxConnections: httpVars.httpMaxConnections.default as number,
  });

/**
 * How often Node checks the header and request deadlines (its default, 30 s, would let a slow
 * client stay up to 30 s past them): a quarter of the headers timeout, between 0.1 and 1 s.
 */
export const deadlineCheckMs = (limits: HttpLimits): number => Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4)));
