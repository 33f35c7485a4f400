import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { runDevnet } from '../devnet/run.js';
import { runAddSealer } from '../devnet/add-sealer.js';
import { packageRoot } from '../version.js';
import { parseCommandArgs } from './parse-args.js';
import type { Command } from './types.js';

/** An option's value; undefined when not given (a new network takes the default, a `--data` rerun its saved value). */
const count = (name: string, raw: string | undefined, min: number, max: number): number | undefined => {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || value < min || value > max) throw new UsageError(`devnet: --${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
};

export const devnetCommand: Command = {
  name: 'devnet',
  summary: 'Run the reference topology on this machine (loopback only): genesis, boot, sealers, clients; Ctrl-C stops it.',
  usage: 'geth-agent devnet [--sealers 3] [--clients 2] [--period 2] [--data DIR] | devnet --data DIR --add-sealer',
  run: async (ctx) => {
    const { values } = parseCommandArgs(ctx.args, { sealers: { type: 'string' }, clients: { type: 'string' }, period: { type: 'string' }, data: { type: 'string' }, 'add-sealer': { type: 'boolean' } }, 'devnet');
    const baseEnv: Record<string, string> = { PATH: ctx.env.PATH ?? '/usr/bin:/bin', HOME: ctx.env.HOME ?? tmpdir() };
    if (ctx.env.GETH_AGENT_GETH_BIN !== undefined) baseEnv.GETH_AGENT_GETH_BIN = ctx.env.GETH_AGENT_GETH_BIN;
    const agentBin = join(packageRoot(), 'bin', 'geth-agent');
    if (values['add-sealer'] === true) {
      // One more sealer next to a devnet running from that folder: its topology is the saved one.
      if (values.data === undefined) throw new UsageError('devnet --add-sealer needs --data DIR: the folder of the running devnet');
      if (values.sealers !== undefined || values.clients !== undefined || values.period !== undefined) throw new UsageError('devnet --add-sealer takes only --data DIR');
      return runAddSealer({ dir: resolve(values.data), agentBin, baseEnv, print: (line) => ctx.stdout(`${line}\n`), signal: ctx.signal });
    }
    const sealers = count('sealers', values.sealers, 1, 16);
    const clients = count('clients', values.clients, 0, 16);
    const period = count('period', values.period, 0, 60);
    // Short folder names: geth's IPC socket path must stay under ~107 characters.
    const dir = values.data === undefined ? await mkdtemp(join(tmpdir(), 'devnet-')) : resolve(values.data);
    return runDevnet({
      // Options not given are undefined: a --data rerun then keeps its saved ones.
      options: { dir, sealers, clients, period },
      keep: values.data !== undefined,
      agentBin,
      baseEnv,
      print: (line) => ctx.stdout(`${line}\n`),
      signal: ctx.signal,
    });
  },
};
