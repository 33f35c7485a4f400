import { defineVar } from '../spec.js';
import { integer, list, seconds } from '../kinds.js';
import { accept, reject, type Parsed } from '../spec.js';

const group = 'HTTP, health and metrics';

/** Metric groups of geth's registry (Telegraf geth input names); `chain.inserts` narrows to one family prefix. */
export const gethMetricGroups = ['chain', 'db', 'discv5', 'eth', 'les', 'p2p', 'system', 'trie', 'txpool', 'rpc', 'vflux', 'state', 'core', 'miner', 'all'] as const;

export function parseMetricGroup(raw: string): Parsed<string> {
  const [head] = raw.split('.');
  if (!(gethMetricGroups as readonly string[]).includes(head ?? '') || !/^[a-z0-9]+(\.[a-z0-9_]+)*$/.test(raw)) {
    return reject(`a geth metric group (${gethMetricGroups.join(', ')}), optionally narrowed like chain.inserts`);
  }
  return accept(raw);
}

/** GETH_AGENT_* variables of the agent's HTTP listener: readiness thresholds, liveness, metrics. */
export const httpVars = {
  healthMaxBlocksBehind: defineVar(integer(0), {
    group,
    default: 2,
    doc: '`/health`: a syncing node is ready while at most this many blocks behind its peers (override per request: `?maxBlocksBehind=`).',
  }),
  healthMaxHeadAgeSeconds: defineVar(integer(0), {
    group,
    doc: '`/health`: the latest block may be at most this old (override: `?maxHeadAgeSeconds=`). Unset: 10 clique periods, at least 30 s; no head-age check when the clique period is 0.',
  }),
  healthMaxRpcAgeSeconds: defineVar(seconds(0.1), {
    group,
    default: 30,
    doc: '`/health`: the last successful IPC reading of geth may be at most this old.',
  }),
  healthMaxSealAgeSeconds: defineVar(integer(0), {
    group,
    doc: '`/health` on a sealer: it must have sealed a block within this window while the network seals. Unset: 3 x signers x clique period, at least 30 s; no check when the period is 0.',
  }),
  liveStallSeconds: defineVar(seconds(0.1), {
    group,
    default: 120,
    doc: '`/health/live` fails (503) when one of the agent\'s periodic loops (the observer reading geth, the watchdog) has not run for this long.',
  }),
  liveCrashLoopStarts: defineVar(integer(0), {
    group,
    default: 10,
    doc: '`/health/live` fails (503) once this many geth starts in a row have failed (the agent keeps retrying with backoff; the orchestrator then restarts the container). 0: never.',
  }),
  gethMetrics: defineVar(list(parseMetricGroup, 'comma-separated geth metric groups'), {
    group,
    doc: 'Re-export geth\'s own metrics in the agent\'s `/metrics`, these groups only (e.g. `chain,p2p,txpool`, `chain.inserts`, `all`; groups as in the Telegraf geth input). Turns on geth\'s metrics server at `GETH_AGENT_GETH_METRICS_ADDR` (default `127.0.0.1:6060`). Unset: off.',
  }),
  httpHeadersTimeoutSeconds: defineVar(seconds(0.1), {
    group,
    default: 10,
    doc: "The agent's listener (`GETH_AGENT_LISTEN`, not geth's JSON-RPC): a client must send its request headers within this long from the connection's start or its last request, else it gets 408 and the connection is closed (a slowloris client holds nothing). Capped at `GETH_AGENT_HTTP_REQUEST_TIMEOUT_SECONDS`.",
  }),
  httpRequestTimeoutSeconds: defineVar(seconds(0.1), {
    group,
    default: 30,
    doc: "The agent's listener: a whole request (headers and body) must arrive within this long, else 408 and the connection is closed.",
  }),
  httpKeepAliveTimeoutSeconds: defineVar(seconds(0.1), {
    group,
    default: 5,
    doc: "The agent's listener: an idle kept-alive connection is closed after this long. Behind a load balancer that reuses connections, set it above the balancer's idle timeout.",
  }),
  httpIdleTimeoutSeconds: defineVar(seconds(0.1), {
    group,
    default: 60,
    doc: "The agent's listener: a connection on which nothing moves (no byte received or sent) for this long is closed, e.g. a client that stops reading its response. WebSocket sessions of the ethstats collector have their own liveness checks instead.",
  }),
  httpMaxConnections: defineVar(integer(1), {
    group,
    default: 1024,
    doc: "The agent's listener: open connections at most (HTTP and the ethstats collector's WebSocket sessions together); one more is closed at once and counted in `geth_agent_limit_refusals_total{limit=\"http_connections\"}`.",
  }),
  gethMetricsIntervalSeconds: defineVar(seconds(0.1), {
    group,
    default: 10,
    doc: 'How often geth\'s metrics are fetched into the cache `/metrics` serves (a scrape never waits on geth).',
  }),
};
