import { defineVar } from '../spec.js';
import { addresses, argv, host, hostPort, integer, list, oneOf, port, text, url } from '../kinds.js';
import { maskEthstats, parseEthstatsUrl } from '../ethstats-url.js';

export const roles = ['genesis', 'boot', 'sealer', 'client'] as const;
export type Role = (typeof roles)[number];

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const group = 'Core';
const net = 'Network and ports';

export const coreVars = {
  role: defineVar(oneOf(roles), {
    group,
    required: true,
    doc: 'What this agent runs: `genesis` (the genesis server, no geth), `boot` (boot node), `sealer` (geth --mine), `client` (geth serving JSON-RPC).',
  }),
  dataDir: defineVar(text('path'), {
    group,
    default: 'data',
    doc: "Directory for the node's chain, keys and cached genesis (geth --datadir). Keep it short: geth's IPC socket path must stay under ~107 characters.",
  }),
  listen: defineVar(hostPort(), {
    group,
    default: { host: '127.0.0.1', port: 8080 },
    doc: "The agent's HTTP listener (`/health`, `/metrics`, and the genesis routes in role `genesis`). The container image sets `0.0.0.0:8080`.",
  }),
  logLevel: defineVar(oneOf(logLevels), { group, default: 'info', doc: 'Agent log level (JSON lines on stdout).' }),
  genesisUrl: defineVar(url(), {
    group,
    doc: 'Base URL of the genesis server (`http://host:port`); a URL ending in `.json` is fetched as given. Required for roles boot, sealer and client.',
  }),
  networkSecret: defineVar(text('string'), {
    group,
    secret: true,
    doc: 'Shared secret of the network: authenticates sealer registration (`POST /signers`) and boot-node publication (`POST /bootnodes`) at the genesis server (sent as `Authorization: Bearer`).',
  }),
  networkId: defineVar(integer(1), {
    group: net,
    doc: 'Network and chain id. Required in role `genesis` (it becomes the genesis chainId); elsewhere it must match the fetched genesis when set.',
  }),
  cliquePeriod: defineVar(integer(0, 3600), {
    group: net,
    default: 5,
    doc: 'Clique block period in seconds (0 seals only when transactions are pending). Used when building the genesis.',
  }),
  signers: defineVar(addresses(), {
    group: net,
    doc: 'Static signer set for the genesis (comma-separated addresses). Mutually exclusive with `GETH_AGENT_SEALER_COUNT`.',
  }),
  sealerCount: defineVar(integer(1, 1000), {
    group: net,
    doc: 'Collect this many sealer registrations (`POST /signers`) before sealing the genesis. Mutually exclusive with `GETH_AGENT_SIGNERS`.',
  }),
  minPeers: defineVar(integer(0, 1000), {
    group: net,
    default: 1,
    doc: 'Fewest peers a healthy node has; fewer for longer than the decay window triggers re-dial, then restart.',
  }),
  advertiseHost: defineVar(host(), {
    group: net,
    doc: 'Host or IP other nodes use to reach this node (in its enode and `--nat extip:`). Names are resolved to an IP before use. Unset: `--nat none` and 127.0.0.1 in the enode.',
  }),
  p2pPort: defineVar(port(), { group: net, default: 30303, doc: 'geth/bootnode P2P port (TCP and UDP discovery).' }),
  httpPort: defineVar(port(), { group: net, default: 8545, doc: 'geth HTTP JSON-RPC port (clients; sealers only when RPC is enabled).' }),
  wsPort: defineVar(port(), { group: net, default: 8546, doc: 'geth WebSocket JSON-RPC port.' }),
  authrpcPort: defineVar(port(), {
    group: net,
    default: 8551,
    doc: "geth engine-API port (always opened by geth 1.13); nodes sharing a host need distinct ones.",
  }),
  httpApi: defineVar(list(), {
    group: 'geth',
    default: Object.freeze(['eth', 'net', 'web3', 'txpool']),
    doc: 'JSON-RPC namespaces served over HTTP/WS (geth --http.api / --ws.api).',
  }),
  gethBin: defineVar(text('path'), {
    group: 'geth',
    doc: 'geth executable. Unset: `.tools/bin/geth` of this package (scripts/install-geth.sh), then `PATH`. Must be geth 1.13.x (the last that seals Clique).',
  }),
  gethArgs: defineVar(argv(), {
    group: 'geth',
    default: Object.freeze([]),
    doc: 'Extra geth arguments, appended last; split like a shell would (quotes, backslashes) but never run through one.',
  }),
  ethstats: defineVar(
    { kind: 'name:secret@host:port', parse: parseEthstatsUrl, show: maskEthstats, mask: maskEthstats },
    {
      group: 'Ethstats',
      secret: true,
      doc: 'Report to an ethstats server, `nodename:secret@host:port` (geth --ethstats syntax). The secret is never printed.',
    },
  ),
};
