import { isIP } from 'node:net';
import { defineVar } from '../spec.js';
import { accept, reject, type Parsed } from '../spec.js';
import { flag, host, hostPort, integer, list, oneOf, seconds } from '../kinds.js';

const group = 'Running geth';
const rpc = 'geth JSON-RPC';

/** `a.b.c.d/n` or an IPv6 CIDR (geth --netrestrict syntax). */
export function parseCidr(raw: string): Parsed<string> {
  const match = /^([^/]+)\/([0-9]{1,3})$/.exec(raw);
  const ip = match?.[1] ?? '';
  const bits = Number(match?.[2]);
  const family = isIP(ip);
  if (family === 0 || !(bits >= 0 && bits <= (family === 4 ? 32 : 128))) return reject('a CIDR mask like 127.0.0.0/8');
  return accept(raw);
}

/** `enode://<128 hex>@host:port[?discport=n]` (the host may be a name; it is resolved before launch). */
export function parseEnode(raw: string): Parsed<string> {
  return /^enode:\/\/[0-9a-fA-F]{128}@(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}(\?discport=[0-9]{1,5})?$/.test(raw)
    ? accept(raw)
    : reject('an enode URL enode://<128 hex>@host:port');
}

export const superviseVars = {
  stopGraceSeconds: defineVar(seconds(0), {
    group,
    default: 120,
    doc: 'How long geth gets to shut down cleanly after the one SIGINT before it is killed (SIGKILL). Give the container at least this long (Kubernetes `terminationGracePeriodSeconds`).',
  }),
  restartInitialSeconds: defineVar(seconds(0), { group, default: 1, doc: 'First restart delay after geth exits; doubles on every further failure (with jitter).' }),
  restartMaxSeconds: defineVar(seconds(0), { group, default: 300, doc: 'Cap of the restart delay.' }),
  restartResetSeconds: defineVar(seconds(0), {
    group,
    default: 600,
    doc: 'A geth that ran this long before exiting restarts from the first delay again.',
  }),
  bootMode: defineVar(oneOf(['bootnode', 'geth'] as const), {
    group,
    default: 'bootnode',
    doc: 'Role boot runs `bootnode` (discovery only) or a non-mining geth with discovery on (also relays blocks).',
  }),
  gcmode: defineVar(oneOf(['full', 'archive'] as const), {
    group,
    doc: 'geth --gcmode. Unset: `archive` on sealers (every block\'s state is committed, so a crash never rewinds the chain), geth\'s default `full` elsewhere.',
  }),
  p2pListenHost: defineVar(host(), {
    group,
    doc: 'Bind geth\'s P2P listener (and bootnode) to this IP only (written to the generated geth TOML as `[Node.P2P] ListenAddr`). Unset: all interfaces.',
  }),
  netrestrict: defineVar(list(parseCidr, 'comma-separated CIDR masks'), {
    group,
    doc: 'geth/bootnode --netrestrict: only talk to peers in these networks. Boot nodes outside them are left out before geth starts; in role genesis, boot-node publications outside them are refused.',
  }),
  bootnodes: defineVar(list(parseEnode, 'comma-separated enode URLs'), {
    group,
    doc: 'Boot nodes used in addition to those the genesis server lists. Host names are resolved to IPs before every start.',
  }),
  bootnodesMax: defineVar(integer(1, 1000), {
    group,
    default: 16,
    doc: 'Most boot nodes taken from the genesis server\'s list (an untrusted list; `GETH_AGENT_BOOTNODES` are all kept); the rest are left out with a warning naming them.',
  }),
  resolveMaxNames: defineVar(integer(0, 1000), {
    group,
    default: 16,
    doc: 'Most host names resolved before a start (in boot, static and trusted nodes); enodes with further names are left out with a warning. 0: IP addresses only.',
  }),
  resolveTimeoutSeconds: defineVar(seconds(0.01), { group, default: 5, doc: 'Longest wait for one host name to resolve; an enode whose name does not answer in time is left out of that start.' }),
  resolveDeadlineSeconds: defineVar(seconds(0.01), {
    group,
    default: 15,
    doc: 'Longest time all name resolution before a start (or a re-dial) may take; names not resolved by then are left out of that start.',
  }),
  staticNodes: defineVar(list(parseEnode, 'comma-separated enode URLs'), {
    group,
    doc: 'Peers geth always keeps connected (TOML `StaticNodes`).',
  }),
  trustedNodes: defineVar(list(parseEnode, 'comma-separated enode URLs'), {
    group,
    doc: 'Peers geth accepts even above `--maxpeers` (TOML `TrustedNodes`).',
  }),
  gethMetricsAddr: defineVar(hostPort(), {
    group,
    doc: 'Address of geth\'s own metrics server (`--metrics --metrics.addr --metrics.port`), e.g. `127.0.0.1:6060`. Set alone, geth serves its metrics there for a direct scrape; with `GETH_AGENT_GETH_METRICS` it defaults to `127.0.0.1:6060`. Unset and no groups: off.',
  }),
  ipcWaitSeconds: defineVar(seconds(0), { group, default: 60, doc: 'How long a starting geth may take to open its IPC endpoint before it counts as failed and is restarted.' }),
  rpcTimeoutSeconds: defineVar(seconds(0), { group, default: 10, doc: 'Timeout of each IPC JSON-RPC call the agent makes to geth.' }),
  sealerRpc: defineVar(flag(), {
    group: rpc,
    default: false,
    doc: 'Serve HTTP/WS JSON-RPC on a sealer too. This needs geth\'s `--allow-insecure-unlock` (logged as a warning); the agent itself always uses IPC.',
  }),
  httpAddr: defineVar(host(), {
    group: rpc,
    doc: 'geth --http.addr. Unset: `0.0.0.0` on clients, `127.0.0.1` on a sealer with RPC enabled.',
  }),
  wsAddr: defineVar(host(), { group: rpc, doc: 'geth --ws.addr. Unset: same as the HTTP address.' }),
  httpVhosts: defineVar(list(), {
    group: rpc,
    default: Object.freeze(['*']),
    doc: 'geth --http.vhosts (Host headers accepted). `*` suits a node behind a Service name; list names to restrict.',
  }),
  httpCors: defineVar(list(), {
    group: rpc,
    doc: 'geth --http.corsdomain and --ws.origins (browser origins allowed). Unset: none (non-browser clients are not affected).',
  }),
  allowUnsafeApi: defineVar(flag(), {
    group: rpc,
    default: false,
    doc: 'Allow `admin`, `debug`, `personal` (and `miner`) in `GETH_AGENT_HTTP_API` on a non-loopback listener. Refused otherwise (exit 78).',
  }),
};
