import { dirname } from 'node:path';
import { ConfigError } from '../../errors.js';
import { formatEthstats, maskEthstats, type EthstatsTarget } from '../../config/ethstats-url.js';
import { translateLegacyFlags } from './legacy.js';
import { renderToml, type TomlSection } from './toml.js';
import type { ArgsInput, GeneratedToml, GethCommand } from './types.js';
import { rpcArgs } from './rpc.js';
import { gethMetricsAddress } from '../metrics-address.js';

/** How geth 1.13 joins host and port in a listen address. */
const joinHostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/**
 * The ethstats target goes to geth only when the operator picks geth's built-in reporter, and
 * then through the TOML `[Ethstats]` section (never `--ethstats`: argv is visible in ps).
 */
export function ethstatsForGeth(config: Pick<ArgsInput['config'], 'ethstats' | 'ethstatsMode'>): EthstatsTarget | undefined {
  return config.ethstatsMode === 'geth' ? config.ethstats : undefined;
}

const ethstatsSection = (url: string | undefined): readonly [string, TomlSection] => ['Ethstats', { URL: url }];

/** The TOML geth's built-in reporter reads (what mode `geth` writes; tests and benches reuse it). */
export const gethEthstatsToml = (target: EthstatsTarget): string => renderToml([ethstatsSection(formatEthstats(target))]);

function buildToml(input: ArgsInput, p2p: TomlSection, ethstats: EthstatsTarget | undefined): GeneratedToml | undefined {
  const sections = (url: string | undefined): ReadonlyArray<readonly [string, TomlSection]> => [['Node.P2P', p2p], ethstatsSection(url)];
  const content = renderToml(sections(ethstats === undefined ? undefined : formatEthstats(ethstats)));
  if (content === '') return undefined;
  // What `args` prints: the secret masked from the parsed target, never by pattern over the URL.
  const shown = ethstats === undefined ? content : renderToml(sections(maskEthstats(ethstats)));
  return { path: input.paths.gethToml, content, shown };
}

/** `bootnode` for role boot in mode `bootnode`: discovery only, stable key, no IPC. */
function bootnodeArgs(input: ArgsInput): GethCommand {
  const { config } = input;
  const args = ['-nodekey', input.nodeKeyFile, '-addr', joinHostPort(config.p2pListenHost ?? '', config.p2pPort)];
  // Always `-nat none`: bootnode 1.13.15 with `-nat extip:IP` signs a node record with IP and UDP
  // port 0 (ExtIP.AddMapping returns port 0), geth adopts that record at its first ENR request and
  // then drops the boot node as dead, so discovery ends after one revalidation round. With `none`
  // the record has no IP, geth rejects it and keeps the address from the enode URL we publish.
  args.push('-nat', 'none');
  if (config.netrestrict !== undefined && config.netrestrict.length > 0) args.push('-netrestrict', config.netrestrict.join(','));
  const warnings = config.gethArgs.length > 0 ? ['GETH_AGENT_GETH_ARGS is ignored by bootnode (set GETH_AGENT_BOOT_MODE=geth to run geth)'] : [];
  return { command: 'bootnode', args, warnings };
}

/**
 * geth 1.13.15 command line for a node role. Pure: same input, same output. Throws ConfigError
 * for refused combinations (unsafe API on a public listener, refused legacy flags).
 */
export function buildGethArgsV1_13(input: ArgsInput): GethCommand {
  const { config, role, paths } = input;
  if (role === 'boot' && config.bootMode === 'bootnode') return bootnodeArgs(input);
  const warnings: string[] = [];
  const args = ['--datadir', paths.dataDir, '--networkid', String(input.networkId), '--syncmode', 'full'];
  args.push('--nodekey', input.nodeKeyFile);
  const listenHost = config.p2pListenHost;
  // --port would override the TOML ListenAddr (and its host): with a listen host, only the TOML sets it.
  if (listenHost === undefined) args.push('--port', String(config.p2pPort));
  args.push('--authrpc.addr', '127.0.0.1', '--authrpc.port', String(config.authrpcPort));
  args.push('--nat', input.advertiseIp === undefined ? 'none' : `extip:${input.advertiseIp}`);
  if (config.netrestrict !== undefined && config.netrestrict.length > 0) args.push('--netrestrict', config.netrestrict.join(','));
  // No boot nodes at all means the MAINNET boot nodes: always ours, an explicitly empty list or
  // --nodiscover. A list goes to the TOML (`[Node.P2P] BootstrapNodes`, and the V5 list, which
  // --bootnodes would also set): one --bootnodes argument of ~1,800 enodes passes Linux's 128 KiB
  // per-argument limit and geth never starts (E2BIG). geth 1.13 applies its default list only
  // when neither the flag nor the TOML set one. A boot geth without other boot nodes keeps
  // discovery on with an explicitly empty list.
  const bootstrap = input.bootnodes.length > 0 ? input.bootnodes : undefined;
  if (bootstrap === undefined && role === 'boot') args.push('--bootnodes', '');
  else if (bootstrap === undefined) args.push('--nodiscover');

  const gcmode = config.gcmode ?? (role === 'sealer' ? 'archive' : undefined);
  if (gcmode !== undefined) args.push('--gcmode', gcmode);

  if (role === 'sealer') {
    if (input.account === undefined) throw new ConfigError(['role sealer needs an account (identity provisioning gave none)']);
    const { address, passwordFile } = input.account;
    args.push('--mine', '--miner.etherbase', address, '--unlock', address, '--password', passwordFile);
    const keystore = input.account.keystoreFile === undefined ? paths.keystoreDir : dirname(input.account.keystoreFile);
    if (keystore !== paths.keystoreDir) args.push('--keystore', keystore);
  }
  const rpc = rpcArgs(input);
  args.push(...rpc.args);
  warnings.push(...rpc.warnings);

  const metrics = gethMetricsAddress(config);
  if (metrics !== undefined) {
    args.push('--metrics', '--metrics.addr', metrics.host, '--metrics.port', String(metrics.port));
  }

  const p2p: TomlSection = {
    ListenAddr: listenHost === undefined ? undefined : joinHostPort(listenHost, config.p2pPort),
    BootstrapNodes: bootstrap,
    BootstrapNodesV5: bootstrap,
    StaticNodes: input.staticNodes ?? config.staticNodes,
    TrustedNodes: input.trustedNodes ?? config.trustedNodes,
  };
  const toml = buildToml(input, p2p, ethstatsForGeth(input.config));
  if (toml !== undefined) args.push('--config', toml.path);

  const extra = translateLegacyFlags(config.gethArgs);
  warnings.push(...extra.warnings);
  args.push(...extra.args);
  return toml === undefined ? { command: 'geth', args, warnings } : { command: 'geth', args, toml, warnings };
}
