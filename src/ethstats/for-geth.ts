import type { EthstatsTarget } from './url.js';

export interface EthstatsGethConfig {
  readonly ethstats: EthstatsTarget | undefined;
  readonly ethstatsMode: 'agent' | 'geth' | 'off';
}

/** A TOML basic string (quotes, backslashes and control characters escaped). */
export const tomlString = (value: string): string =>
  `"${[...value].map((c) => (c === '\\' || c === '"' ? `\\${c}` : c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('')}"`;

/**
 * In mode `geth`, geth's built-in reporter gets the ethstats URL. Not as `--ethstats` (that would
 * put the secret on geth's command line, visible in ps): as the `[Ethstats]` section of the TOML
 * file the args builder passes with `--config` (mode 0600). Undefined in other modes or unset.
 */
export function ethstatsForGeth(config: EthstatsGethConfig): { readonly toml: string } | undefined {
  if (config.ethstatsMode !== 'geth' || config.ethstats === undefined) return undefined;
  const { name, secret, host } = config.ethstats;
  return { toml: `[Ethstats]\nURL = ${tomlString(`${name}:${secret}@${host}`)}\n` };
}

/** Whether the agent's own reporter should run. */
export const agentReports = (config: EthstatsGethConfig): boolean => config.ethstatsMode === 'agent' && config.ethstats !== undefined;
