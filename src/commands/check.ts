import { loadConfig } from '../config/load.js';
import { describeConfig } from '../config/render.js';
import { ExitCode } from '../exit-codes.js';
import { refuseGethOverridesFor } from '../geth/args/index.js';
import { verifyRoleBinary } from '../geth/verify.js';
import type { Command } from './types.js';
import { parseCommandArgs } from './parse-args.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Validate the configuration and the geth binary; print the variables the role reads, secrets masked (exit 0, or 78 listing every problem).',
  usage: 'geth-agent check [--all] [--json]     (--all: every variable, also those the role does not read)',
  run: async (ctx) => {
    const { values } = parseCommandArgs(ctx.args, { json: { type: 'boolean' }, all: { type: 'boolean' } }, 'check');
    const { config, sources } = loadConfig(ctx.env);
    refuseGethOverridesFor(config, ctx.env);
    // Before anything is printed: a check that passes means `run` finds a geth it can start.
    const binary = await verifyRoleBinary(config, ctx.env.PATH === undefined ? {} : { pathEnv: ctx.env.PATH });
    const described = describeConfig(config, sources);
    const lines = values.all === true ? described : described.filter((l) => l.roles === undefined || l.roles.includes(config.role));
    if (values.json === true) {
      ctx.stdout(`${JSON.stringify(Object.fromEntries(lines.map((l) => [l.name, { value: l.value, source: l.source }])), null, 2)}\n`);
      return ExitCode.ok;
    }
    const width = Math.max(...lines.map((l) => l.name.length));
    ctx.stdout(`configuration OK (role ${config.role})\n`);
    if (binary !== undefined) ctx.stdout(`${binary.name === 'geth' ? `geth ${binary.version}` : 'bootnode'}: ${binary.bin}\n`);
    for (const line of lines) {
      if (line.source === 'unset') continue;
      ctx.stdout(`${line.name.padEnd(width)}  ${line.value}${line.source === 'env' ? '' : `  (${line.source})`}\n`);
    }
    const ignored = described.filter((l) => !lines.includes(l) && (l.source === 'env' || l.source === 'file')).map((l) => l.name);
    if (ignored.length > 0) ctx.stdout(`note: set but not read in role ${config.role}: ${ignored.join(', ')}\n`);
    return ExitCode.ok;
  },
};
