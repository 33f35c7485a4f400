import { loadConfig } from '../config/load.js';
import { describeConfig } from '../config/render.js';
import { ExitCode } from '../exit-codes.js';
import { refuseGethOverridesFor } from '../geth/args/index.js';
import type { Command } from './types.js';
import { parseCommandArgs } from './parse-args.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Validate the configuration and print it, secrets masked (exit 0, or 78 listing every problem).',
  usage: 'geth-agent check [--json]',
  run: async (ctx) => {
    const { values } = parseCommandArgs(ctx.args, { json: { type: 'boolean' } }, 'check');
    const { config, sources } = loadConfig(ctx.env);
    refuseGethOverridesFor(config, ctx.env);
    const lines = describeConfig(config, sources);
    if (values.json === true) {
      ctx.stdout(`${JSON.stringify(Object.fromEntries(lines.map((l) => [l.name, { value: l.value, source: l.source }])), null, 2)}\n`);
      return ExitCode.ok;
    }
    const width = Math.max(...lines.map((l) => l.name.length));
    ctx.stdout(`configuration OK (role ${config.role})\n`);
    for (const line of lines) {
      if (line.source === 'unset') continue;
      ctx.stdout(`${line.name.padEnd(width)}  ${line.value}${line.source === 'env' ? '' : `  (${line.source})`}\n`);
    }
    return ExitCode.ok;
  },
};
