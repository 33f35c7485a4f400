import type { Config } from '../../config/table.js';
import { agentPaths } from '../../paths.js';
import type { ArgsInput, GethCommand, NodeRole } from './types.js';

export type ArgsBuilder = (input: ArgsInput) => GethCommand;

const sealerKeys = 'GETH_AGENT_ROLE=sealer with GETH_AGENT_PRIVATE_KEY or GETH_AGENT_MNEMONIC (geth-agent provisions, unlocks and mines with the account)';

/**
 * What an operator sets instead of each flag the args builder emits. The set of owned flags is
 * derived from the builder (ownedFlags); this table only words the advice, and a test keeps the two
 * in step (every emitted flag has an entry, every entry is emitted).
 */
export const ownedFlagUse: Readonly<Record<string, string>> = Object.freeze({
  datadir: 'GETH_AGENT_DATA_DIR',
  networkid: 'GETH_AGENT_NETWORK_ID',
  syncmode: 'nothing: a clique node syncs in full mode',
  nodekey: 'GETH_AGENT_NODE_KEY (or GETH_AGENT_NODE_KEY_FILE)',
  port: 'GETH_AGENT_P2P_PORT',
  'authrpc.addr': 'nothing: the engine API stays on 127.0.0.1',
  'authrpc.port': 'GETH_AGENT_AUTHRPC_PORT',
  nat: 'GETH_AGENT_ADVERTISE_HOST (--nat extip:IP; unset: --nat none)',
  netrestrict: 'GETH_AGENT_NETRESTRICT',
  bootnodes: 'GETH_AGENT_BOOTNODES',
  nodiscover: 'GETH_AGENT_BOOTNODES (a node without boot nodes gets --nodiscover)',
  gcmode: 'GETH_AGENT_GCMODE',
  mine: sealerKeys,
  'miner.etherbase': sealerKeys,
  unlock: sealerKeys,
  password: 'GETH_AGENT_PASSWORD (or GETH_AGENT_PASSWORD_FILE)',
  keystore: 'GETH_AGENT_DATA_DIR (the keystore is <data dir>/keystore)',
  http: 'GETH_AGENT_HTTP_ADDR (clients; sealers with GETH_AGENT_SEALER_RPC=true)',
  'http.addr': 'GETH_AGENT_HTTP_ADDR',
  'http.port': 'GETH_AGENT_HTTP_PORT',
  'http.api': 'GETH_AGENT_HTTP_API (admin, debug, personal, miner only on loopback unless GETH_AGENT_ALLOW_UNSAFE_API=true)',
  'http.vhosts': 'GETH_AGENT_HTTP_VHOSTS',
  'http.corsdomain': 'GETH_AGENT_HTTP_CORS',
  ws: 'GETH_AGENT_WS_ADDR (clients; sealers with GETH_AGENT_SEALER_RPC=true)',
  'ws.addr': 'GETH_AGENT_WS_ADDR',
  'ws.port': 'GETH_AGENT_WS_PORT',
  'ws.api': 'GETH_AGENT_HTTP_API (admin, debug, personal, miner only on loopback unless GETH_AGENT_ALLOW_UNSAFE_API=true)',
  'ws.origins': 'GETH_AGENT_HTTP_CORS',
  'rpc.enabledeprecatedpersonal': 'GETH_AGENT_HTTP_API with personal',
  'allow-insecure-unlock': 'GETH_AGENT_SEALER_RPC=true',
  metrics: 'GETH_AGENT_GETH_METRICS_ADDR (or GETH_AGENT_GETH_METRICS)',
  'metrics.addr': 'GETH_AGENT_GETH_METRICS_ADDR',
  'metrics.port': 'GETH_AGENT_GETH_METRICS_ADDR',
  config: 'GETH_AGENT_P2P_LISTEN_HOST, GETH_AGENT_STATIC_NODES, GETH_AGENT_TRUSTED_NODES (geth-agent writes the TOML geth reads)',
});

const enode = `enode://${'0'.repeat(127)}1@127.0.0.1:30303`;

/**
 * Inputs that make the builder emit every flag it can: each role, with and without boot nodes and
 * a P2P listen host, and every optional feature on (sealer RPC with `personal`, CORS, metrics,
 * netrestrict, gcmode, an advertised IP, a keystore elsewhere).
 */
function richInputs(config: Config): ArgsInput[] {
  const rich: Config = {
    ...config,
    bootMode: 'geth',
    sealerRpc: true,
    httpAddr: '127.0.0.1',
    httpApi: ['eth', 'personal'],
    httpCors: ['https://app.example'],
    allowUnsafeApi: true,
    gethMetricsAddr: { host: '127.0.0.1', port: 6060 },
    netrestrict: ['127.0.0.0/8'],
    gcmode: 'full',
    gethArgs: [],
  };
  const paths = agentPaths(config.dataDir);
  const inputs: ArgsInput[] = [];
  for (const role of ['boot', 'sealer', 'client'] as NodeRole[]) {
    for (const bootnodes of [[], [enode]]) {
      for (const p2pListenHost of [undefined, '127.0.0.1']) {
        inputs.push({
          role, config: { ...rich, p2pListenHost }, paths, nodeKeyFile: paths.nodeKey, bootnodes, networkId: 1, advertiseIp: '127.0.0.1',
          account: { address: `0x${'0'.repeat(39)}1`, passwordFile: paths.password, keystoreFile: '/elsewhere/keystore/UTC--x' },
        });
      }
    }
  }
  return inputs;
}

export interface OwnedFlag {
  /** Takes no value (the builder passes it alone). */
  readonly boolean: boolean;
  /** What to set instead. */
  readonly use: string;
}

/** Every flag the builder can emit (`--name`, without dashes), and what to set instead. */
export function ownedFlags(config: Config, builder: ArgsBuilder): ReadonlyMap<string, OwnedFlag> {
  const owned = new Map<string, OwnedFlag>();
  for (const input of richInputs(config)) {
    const { args } = builder(input);
    args.forEach((arg, i) => {
      if (!arg.startsWith('--')) return;
      const name = arg.slice(2).split('=')[0] as string;
      const next = args[i + 1];
      const boolean = !arg.includes('=') && (next === undefined || next.startsWith('--'));
      owned.set(name, { boolean, use: ownedFlagUse[name] ?? 'nothing: geth-agent sets it itself' });
    });
  }
  return owned;
}
