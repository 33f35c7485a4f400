import { loadConfig } from '../config/load.js';
import { argv } from '../config/kinds.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { buildGethArgs, refuseGethOverridesFor } from '../geth/args/index.js';
import { locateExecutable } from '../geth/locate.js';
import { agentPaths } from '../paths.js';
import type { Command } from './types.js';
import { parseCommandArgs } from './parse-args.js';
import { keystoreAddress } from '../identity/keystore-address.js';

const quote = (args: readonly string[]): string => argv().show?.(args) ?? args.join(' ');

export const argsCommand: Command = {
  name: 'args',
  summary: 'Print the geth (or bootnode) command line and generated TOML for the configured role, offline.',
  usage: 'geth-agent args [--json]',
  run: async (ctx) => {
    const { values } = parseCommandArgs(ctx.args, { json: { type: 'boolean' } }, 'args');
    const { config } = loadConfig(ctx.env);
    if (config.role === 'genesis') throw new UsageError('args: role genesis runs no geth (set GETH_AGENT_ROLE to boot, sealer or client)');
    refuseGethOverridesFor(config, ctx.env);
    const paths = agentPaths(config.dataDir);
    const command = buildGethArgs({
      role: config.role,
      config,
      paths,
      nodeKeyFile: paths.nodeKey,
      ...(config.role === 'sealer' ? { account: { address: keystoreAddress(paths.keystoreDir) ?? '<sealer address>', passwordFile: paths.password } } : {}),
      bootnodes: [...(config.bootnodes ?? []), '<from genesis server>'],
      ...(config.advertiseHost === undefined ? {} : { advertiseIp: config.advertiseHost }),
      networkId: config.networkId ?? '<genesis chainId>',
    });
    const bin = command.command === 'bootnode' ? (locateExecutable('bootnode') ?? 'bootnode') : (config.gethBin ?? locateExecutable('geth') ?? 'geth');
    if (values.json === true) {
      ctx.stdout(`${JSON.stringify({ command: bin, args: command.args, toml: command.toml === undefined ? null : { path: command.toml.path, content: command.toml.shown }, warnings: command.warnings }, null, 2)}\n`);
      return ExitCode.ok;
    }
    ctx.stdout(`# role ${config.role}: ${command.command} command line (secrets appear only as file paths; <...> is filled in at launch)\n`);
    ctx.stdout(`${quote([bin, ...command.args])}\n`);
    for (const warning of command.warnings) ctx.stdout(`# warning: ${warning}\n`);
    if (command.toml !== undefined) ctx.stdout(`# ${command.toml.path} (written at launch, mode 0600):\n${command.toml.shown}`);
    return ExitCode.ok;
  },
};
