import { defineVar } from '../spec.js';
import { flag, integer, oneOf, seconds, text } from '../kinds.js';
import type { Rule } from '../rules.js';
import { envName } from '../spec.js';

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
    doc: 'Largest WebSocket frame the reporter and the collector read; a bigger one ends the connection.',
  }),
};

export const ethstatsRules: Rule[] = [
  (config) =>
    config.ethstatsCollector && config.ethstatsSecret === undefined
      ? [`${envName('ethstatsCollector')}=on needs ${envName('ethstatsSecret')}`]
      : [],
  (config) =>
    config.ethstatsCollector && config.role !== 'genesis' ? [`${envName('ethstatsCollector')} is only served in role genesis`] : [],
  (config) =>
    config.ethstatsBackoffMaxSeconds < config.ethstatsBackoffInitialSeconds
      ? [`${envName('ethstatsBackoffMaxSeconds')} must be >= ${envName('ethstatsBackoffInitialSeconds')}`]
      : [],
];
