import type { Env } from '../../config/load.js';
import type { Config } from '../../config/table.js';
import { ConfigError } from '../../errors.js';
import { gethBooleanFlags, gethCommands, gethEnvName, isServiceLink } from './geth-flags.js';
import { booleanLegacy, legacyFlags, translateLegacyFlags } from './legacy.js';
import { ownedFlags, type ArgsBuilder, type OwnedFlag } from './owned.js';
import { isLoopback } from './rpc.js';

const otherChain = 'nothing: geth-agent runs the chain of the genesis at GETH_AGENT_GENESIS_URL';

/** Flags that put geth on another chain than the network's genesis (`--networkid` is owned too). */
const chainFlags: Readonly<Record<string, string>> = {
  mainnet: otherChain, sepolia: otherChain, holesky: otherChain, goerli: otherChain, dev: otherChain,
  'override.cancun': 'nothing: the fork schedule is the genesis (clique seals no Cancun block)',
  'override.verkle': 'nothing: the fork schedule is the genesis',
};

/** Flags the agent relies on without passing them. */
const reliedOn: Readonly<Record<string, string>> = {
  ipcpath: 'nothing: geth-agent watches geth over <data dir>/geth.ipc',
  ipcdisable: 'nothing: geth-agent watches geth over <data dir>/geth.ipc',
  nodekeyhex: 'GETH_AGENT_NODE_KEY (a key on the command line is visible to every process)',
  'discovery.port': 'GETH_AGENT_P2P_PORT (the published enode has one port for TCP and UDP discovery)',
  ethstats: 'GETH_AGENT_ETHSTATS (the secret stays off the command line)',
};

/** Flags that open something only on loopback unless GETH_AGENT_ALLOW_UNSAFE_API=true, and what they open. */
const loopbackOnly: Readonly<Record<string, string>> = { 'pprof.addr': "geth's profiler (memory, goroutines, CPU)" };

type Verdict = { readonly kind: 'owned' | 'chain'; readonly use: string } | undefined;

function verdictFor(name: string, owned: ReadonlyMap<string, OwnedFlag>): Verdict {
  if (Object.hasOwn(chainFlags, name)) return { kind: 'chain', use: chainFlags[name] as string };
  const flag = owned.get(name);
  if (flag !== undefined) return { kind: name === 'networkid' ? 'chain' : 'owned', use: flag.use };
  if (Object.hasOwn(reliedOn, name)) return { kind: 'owned', use: reliedOn[name] as string };
  return undefined;
}

/** "is set by geth-agent: use GETH_AGENT_X instead", or why it has no variable (advice `nothing: why`). */
function describe(verdict: NonNullable<Verdict>): string {
  const reason = verdict.use.startsWith('nothing: ') ? verdict.use.slice('nothing: '.length) : undefined;
  const what = verdict.kind === 'chain' ? 'would put geth on another chain' : 'is set by geth-agent';
  return reason === undefined ? `${what}: use ${verdict.use} instead` : `${what}: remove it (${reason})`;
}

const unsafeOn = (name: string, value: string, config: Config): string | undefined =>
  Object.hasOwn(loopbackOnly, name) && !config.allowUnsafeApi && !isLoopback(value.trim() === '' ? '127.0.0.1' : value.trim())
    ? `opens ${loopbackOnly[name]} on a non-loopback address: listen on 127.0.0.1, or set GETH_AGENT_ALLOW_UNSAFE_API=true`
    : undefined;

/** `--name=value`, `-name value`... -> name and inline value; undefined for a word that is not a flag. */
function parseFlag(arg: string): { name: string; inline?: string } | undefined {
  const match = /^--?([A-Za-z0-9][A-Za-z0-9._-]*)(?:=(.*))?$/s.exec(arg);
  if (match === null) return undefined;
  return match[2] === undefined ? { name: match[1] as string } : { name: match[1] as string, inline: match[2] };
}

/**
 * Problems with GETH_AGENT_GETH_ARGS (pure): flags the agent owns (derived from what `builder`
 * emits), flags that select another chain, flags it relies on, loopback-only listeners on other
 * addresses, geth commands, and the refused 2018-era flags. geth accepts `-flag` and `--flag`,
 * `=value` or the next word, so all are read; a legacy name counts as its 1.13 name.
 */
export function gethArgsProblems(config: Config, builder: ArgsBuilder): string[] {
  const args = config.gethArgs;
  if (args.length === 0) return [];
  const owned = ownedFlags(config, builder);
  const problems: string[] = [];
  const where = 'GETH_AGENT_GETH_ARGS';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      problems.push(`${where}: "--" ends geth's flags; what follows would be a geth command: ${where} holds flags only`);
      break;
    }
    const flag = parseFlag(arg);
    if (flag === undefined) {
      problems.push(gethCommands.has(arg)
        ? `${where}: ${JSON.stringify(arg)} would run the geth command ${arg} instead of the node: ${where} holds flags only (a value that is a command's name goes as --flag=${arg})`
        : `${where}: ${JSON.stringify(arg.slice(0, 40))} is not a flag nor the value of one: ${where} holds flags only`);
      continue;
    }
    const legacy = Object.hasOwn(legacyFlags, flag.name) ? legacyFlags[flag.name] : undefined;
    const name = legacy?.action === 'rename' ? legacy.to.replace(/^--/, '') : flag.name;
    const shown = name === flag.name ? `-${arg.startsWith('--') ? '-' : ''}${flag.name}` : `--${flag.name} (geth 1.13: --${name})`;
    const boolean = gethBooleanFlags.has(name) || booleanLegacy.has(flag.name) || owned.get(name)?.boolean === true;
    // The next word is this flag's value unless the flag takes none, has one inline, or the word is a flag.
    const next = args[i + 1];
    const value = flag.inline ?? (boolean || next === undefined || parseFlag(next) !== undefined ? undefined : next);
    if (flag.inline === undefined && value !== undefined) i++;
    if (legacy?.action === 'refuse' || legacy?.action === 'drop') continue;
    const verdict = verdictFor(name, owned);
    if (verdict !== undefined) problems.push(`${where}: ${shown} ${describe(verdict)}`);
    const unsafe = value === undefined ? undefined : unsafeOn(name, value, config);
    if (unsafe !== undefined) problems.push(`${where}: ${shown} ${JSON.stringify(value?.slice(0, 60))} ${unsafe}`);
  }
  try {
    translateLegacyFlags(args);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  return problems;
}

/**
 * Problems with geth's own GETH_<FLAG> variables in the agent's environment (pure): geth 1.13 reads
 * every flag from one, and they pass through to it, so the same flags are refused there. Values are
 * never echoed (a GETH_ETHSTATS holds a secret). Kubernetes service links (GETH_PORT=tcp://...)
 * are not geth configuration: childEnv leaves them out.
 */
export function gethEnvProblems(config: Config, env: Env, builder: ArgsBuilder): string[] {
  const names = Object.keys(env).filter((name) => name.startsWith('GETH_') && !name.startsWith('GETH_AGENT_'));
  if (names.length === 0) return [];
  const owned = ownedFlags(config, builder);
  const byEnv = new Map<string, string>();
  for (const flag of [...owned.keys(), ...Object.keys(chainFlags), ...Object.keys(reliedOn), ...Object.keys(loopbackOnly)]) byEnv.set(gethEnvName(flag), flag);
  const problems: string[] = [];
  for (const name of names.sort()) {
    const value = env[name];
    const flag = byEnv.get(name);
    if (value === undefined || flag === undefined || isServiceLink(name, value)) continue;
    const verdict = verdictFor(flag, owned);
    if (verdict !== undefined) problems.push(`${name} (geth reads it as --${flag}) ${describe(verdict)}`);
    const unsafe = unsafeOn(flag, value, config);
    if (unsafe !== undefined) problems.push(`${name} (geth reads it as --${flag}) ${unsafe}`);
  }
  return problems;
}

/** Throws ConfigError (exit 78) listing every extra argument or GETH_* variable refused. */
export function refuseGethOverrides(config: Config, env: Env, builder: ArgsBuilder): void {
  const problems = [...gethArgsProblems(config, builder), ...gethEnvProblems(config, env, builder)];
  if (problems.length > 0) throw new ConfigError(problems);
}
