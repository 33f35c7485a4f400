/**
 * Facts about geth 1.13.15's command line that the extra-argument guard needs, as `geth --help`
 * prints them: which flags take no value, which words are commands, how flags map to variables.
 */

/**
 * Flags shown without `value` (booleans): `--flag word` leaves `word` to geth as a positional
 * argument, which geth reads as a command. Aliases included (`--discv5`, `-h`, `-v`).
 */
export const gethBooleanFlags: ReadonlySet<string> = new Set([
  'allow-insecure-unlock', 'lightkdf', 'usb', 'log.debug', 'nousb', 'v5disc', 'graphql', 'http', 'ipcdisable',
  'rpc.allow-unprotected-txs', 'rpc.enabledeprecatedpersonal', 'ws', 'dev', 'exitwhensynced', 'goerli', 'holesky',
  'mainnet', 'sepolia', 'snapshot', 'light.nopruning', 'light.nosyncserve', 'log.compress', 'log.rotate',
  'nocompaction', 'pprof', 'metrics', 'metrics.expensive', 'metrics.influxdb', 'metrics.influxdbv2', 'mine', 'help',
  'h', 'version', 'v', 'discovery.v4', 'discv4', 'discovery.v5', 'discv5', 'nodiscover', 'cache.noprefetch',
  'cache.preimages', 'txpool.nolocals', 'vmdebug',
]);

/** geth's commands: one of these as a positional argument runs it instead of the node. */
export const gethCommands: ReadonlySet<string> = new Set([
  'account', 'attach', 'console', 'db', 'dump', 'dumpconfig', 'dumpgenesis', 'export', 'export-history', 'import',
  'import-history', 'import-preimages', 'init', 'js', 'license', 'removedb', 'show-deprecated-flags', 'snapshot',
  'verkle', 'version', 'version-check', 'wallet', 'help', 'h',
]);

/** The variable geth 1.13 reads a flag from (its first name; dots and dashes become `_`). */
export const gethEnvName = (flag: string): string => `GETH_${flag.toUpperCase().replace(/[.-]/g, '_')}`;

/**
 * Kubernetes injects `GETH_PORT=tcp://10.0.0.1:8545`, `GETH_SERVICE_HOST`... for a Service named
 * `geth` in the namespace: addresses of that Service, not configuration meant for geth (which would
 * read GETH_PORT as `--port` and fail to parse it).
 */
export function isServiceLink(name: string, value: string): boolean {
  if (/^GETH_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)$/.test(name)) return true;
  return name === 'GETH_PORT' && /^(tcp|udp|sctp):\/\//.test(value);
}
