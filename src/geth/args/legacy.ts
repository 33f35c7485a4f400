import { ConfigError } from '../../errors.js';

/** What happens to a 2018-era (pre-1.10) flag: renamed, dropped (no effect any more) or refused. */
export type LegacyRule =
  | { readonly action: 'rename'; readonly to: string }
  | { readonly action: 'drop'; readonly why: string }
  | { readonly action: 'refuse'; readonly use: string };

const rename = (to: string): LegacyRule => ({ action: 'rename', to });
const drop = (why: string): LegacyRule => ({ action: 'drop', why });
const refuse = (use: string): LegacyRule => ({ action: 'refuse', use });

/** Old flag name (without dashes) -> what geth 1.13.15 needs instead. Documented in the README. */
export const legacyFlags: Readonly<Record<string, LegacyRule>> = Object.freeze({
  rpc: rename('--http'),
  rpcaddr: rename('--http.addr'),
  rpcport: rename('--http.port'),
  rpcapi: rename('--http.api'),
  rpccorsdomain: rename('--http.corsdomain'),
  rpcvhosts: rename('--http.vhosts'),
  wsaddr: rename('--ws.addr'),
  wsport: rename('--ws.port'),
  wsapi: rename('--ws.api'),
  wsorigins: rename('--ws.origins'),
  etherbase: rename('--miner.etherbase'),
  gasprice: rename('--miner.gasprice'),
  targetgaslimit: rename('--miner.gaslimit'),
  'miner.gastarget': rename('--miner.gaslimit'),
  extradata: rename('--miner.extradata'),
  gpoblocks: rename('--gpo.blocks'),
  gpopercentile: rename('--gpo.percentile'),
  minerthreads: drop('clique sealing uses no miner threads'),
  'miner.threads': drop('clique sealing uses no miner threads'),
  ipcapi: drop('IPC serves every namespace'),
  nousb: drop('USB wallets are off unless --usb is given'),
  testnet: refuse('nothing: geth-agent runs a private network (GETH_AGENT_NETWORK_ID)'),
  rinkeby: refuse('nothing: geth-agent runs a private network (GETH_AGENT_NETWORK_ID)'),
  ropsten: refuse('nothing: geth-agent runs a private network (GETH_AGENT_NETWORK_ID)'),
  goerli: refuse('nothing: geth-agent runs a private network (GETH_AGENT_NETWORK_ID)'),
  light: refuse('nothing: a clique client syncs in full mode'),
  nodekeyhex: refuse('the node key file the agent provisions (a key on the command line is visible to every process)'),
  ethstats: refuse('GETH_AGENT_ETHSTATS (the secret stays off the command line)'),
  password: refuse('the password file the agent provisions'),
  unlock: refuse('the sealer role, which unlocks its own account'),
  'allow-insecure-unlock': refuse('GETH_AGENT_SEALER_RPC=true, which adds it with a warning'),
});

/** Flags that take no value (so the next argument is not theirs). */
export const booleanLegacy: ReadonlySet<string> = new Set(['rpc', 'nousb', 'testnet', 'rinkeby', 'ropsten', 'goerli', 'light', 'allow-insecure-unlock']);

export interface Translated {
  readonly args: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * Translates 2018-era geth flags in extra arguments to their 1.13 names (with a warning each),
 * drops the ones without effect, and refuses unsafe ones (ConfigError naming the replacement).
 * Pure; accepts `-flag`, `--flag`, `--flag=value` and `--flag value`.
 */
export function translateLegacyFlags(args: readonly string[]): Translated {
  const out: string[] = [];
  const warnings: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const match = /^--?([a-z][a-z0-9.-]*)(=.*)?$/s.exec(arg);
    const name = match?.[1];
    // Own keys only: `--constructor` is not a legacy flag (Object.prototype has one).
    const rule = name === undefined || !Object.hasOwn(legacyFlags, name) ? undefined : legacyFlags[name];
    if (rule === undefined || name === undefined) {
      out.push(arg);
      continue;
    }
    const inline = match?.[2];
    const takesNext = inline === undefined && !booleanLegacy.has(name) && i + 1 < args.length && !(args[i + 1] as string).startsWith('-');
    const value = inline !== undefined ? [inline.slice(1)] : takesNext ? [args[i + 1] as string] : [];
    if (takesNext) i++;
    if (rule.action === 'rename') {
      out.push(value.length > 0 ? `${rule.to}=${value[0]}` : rule.to);
      warnings.push(`geth flag --${name} was removed; translated to ${rule.to}`);
    } else if (rule.action === 'drop') {
      warnings.push(`geth flag --${name} was removed and is dropped (${rule.why})`);
    } else {
      problems.push(`GETH_AGENT_GETH_ARGS: --${name} is not accepted; use ${rule.use}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { args: out, warnings };
}
