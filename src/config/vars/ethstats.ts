import { defineVar } from '../spec.js';
import { flag, integer, oneOf, seconds, text } from '../kinds.js';

const group = 'Ethstats';

export const ethstatsModes = ['agent', 'geth', 'off'] as const;

/** GETH_AGENT_* variables of the ethstats concern (GETH_AGENT_ETHSTATS itself is in core.ts). */
export const ethstatsVars = {
  ethstatsMode: defineVar(oneOf(ethstatsModes), {
    group,
    default: 'agent',
    doc: "Who reports to `GETH_AGENT_ETHSTATS`: `agent` (the agent's reporter; survives geth restarts), `geth` (geth's built-in reporter, configured through geth's TOML config so the secret stays off the command line), `off`.",
  }),
  ethstatsCollector: defineVar(flag(), {
    group,
    default: false,
    doc: 'Role genesis: serve an ethstats collector at `/api` (WebSocket) and the network page at `/network`. Needs `GETH_AGENT_ETHSTATS_SECRET`.',
  }),
  ethstatsSecret: defineVar(text('string'), {
    group,
    secret: true,
    doc: "The collector's secret: reporters presenting another one in `hello` are refused.",
  }),
  ethstatsLoginTimeoutSeconds: defineVar(seconds(0.1), {
    group,
    default: 10,
    doc: 'Reporter: wait this long for the server\'s `ready` after `hello`; collector: for a `hello` after connect.',
  }),
  ethstatsReportIntervalSeconds: defineVar(seconds(0.1), {
    group,
    default: 15,
    doc: 'Reporter: period of the full report (node-ping with a 5 s pong timeout, latency, block, pending, stats).',
  }),
  ethstatsBackoffInitialSeconds: defineVar(seconds(0.01), {
    group,
    default: 1,
    doc: 'Reporter: first reconnect delay (after a broken session or a failed login), jittered uniformly between half and all of it; doubles per further failed attempt in a row up to the maximum, forever.',
  }),
  ethstatsBackoffMaxSeconds: defineVar(seconds(0.01), { group, default: 60, doc: 'Reporter: longest reconnect delay.' }),
  ethstatsMaxFrameBytes: defineVar(integer(1024, 1024 * 1024 * 1024), {
    group,
    default: 15 * 1024 * 1024,
    doc: 'Reporter: largest WebSocket frame read from the server (geth\'s limit); a bigger one ends the session. The collector has its own, `GETH_AGENT_ETHSTATS_COLLECTOR_MAX_FRAME_BYTES`.',
  }),
  ethstatsCollectorMaxFrameBytes: defineVar(integer(4096, 1024 * 1024 * 1024), {
    group,
    default: 256 * 1024,
    doc: 'Collector: largest WebSocket frame a logged-in reporter may send (a bigger one closes the connection, 1009). A block report of a full 30M-gas block of transfers is ~110 KB (75 bytes per transaction); raise it for gas limits above ~70M. Parsing a hostile frame costs up to ~40 times its size in memory.',
  }),
  ethstatsCollectorBytesPerSecond: defineVar(integer(1024, 1024 * 1024 * 1024), {
    group,
    default: 256 * 1024,
    doc: 'Collector: sustained bytes per second read from one logged-in reporter (bursts up to the frame limit); a faster one is paused, not dropped (TCP backpressure). A chain of full 30M-gas 1 s blocks needs ~0.11 MB/s.',
  }),
  ethstatsCollectorLoginMaxBytes: defineVar(integer(512, 1024 * 1024), {
    group,
    default: 8 * 1024,
    doc: 'Collector: most bytes a connection may send before its `hello` is accepted (the `hello` frame with its framing; geth\'s is under 1 KiB); one more and the socket is destroyed, so a peer that has not logged in never has more than this plus one socket read (64 KiB) buffered.',
  }),
  ethstatsCollectorMaxLogins: defineVar(integer(1, 100_000), {
    group,
    default: 64,
    doc: 'Collector: most connections at once that have not logged in yet (from upgrade to accepted `hello`, at most the login timeout); further upgrades get HTTP 503.',
  }),
  ethstatsCollectorMaxLoginsPerAddress: defineVar(integer(1, 100_000), {
    group,
    default: 8,
    doc: 'Collector: the same, per source address (one host cannot take every login slot).',
  }),
  ethstatsCollectorMaxNodes: defineVar(integer(1, 100_000), {
    group,
    default: 500,
    doc: 'Collector: most node records (connected or not). When full, the record disconnected longest is forgotten for a new id; when every record is a connected node, a new id is refused (close 1013), never a connected node evicted.',
  }),
  ethstatsCollectorNodeTtlSeconds: defineVar(seconds(1), {
    group,
    default: 3600,
    doc: 'Collector: a disconnected node\'s record (shown as offline on `/network`) is forgotten this long after it was last seen.',
  }),
};
