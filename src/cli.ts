import { AgentError, describeError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { commands } from './commands/index.js';
import type { CommandEntry } from './commands/index.js';
import type { Command, CommandContext } from './commands/types.js';
import { agentVersion } from './version.js';
import { installStopSignals } from './signals.js';

export type CliContext = Omit<CommandContext, 'args'>;

function helpText(all: readonly Command[]): string {
  const width = Math.max(...all.map((c) => c.name.length));
  return [
    'geth-agent: sidecar and supervisor for geth nodes of a private Clique network.',
    '',
    'Usage: geth-agent [command] [options]     (configured by GETH_AGENT_* environment variables)',
    '',
    'Commands:',
    ...all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     Show this help (or `geth-agent <command> --help`)',
    '  -V, --version  Print the version, and the geth found (GETH_AGENT_GETH_BIN, .tools/bin, PATH)',
    '',
    'Exit codes: 0 clean stop, 64 bad command line, 65 refused data, 69 genesis server unreachable,',
    '            70 internal error, 78 bad configuration, otherwise geth\'s own exit status.',
    '',
  ].join('\n');
}

/** Runs one CLI invocation and returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const all = commands();
  try {
    const [first, ...rest] = argv;
    if (first === undefined) return await dispatch(all, 'run', [], ctx);
    if (first === '--help' || first === '-h' || first === 'help') {
      ctx.stdout(helpText(await Promise.all(all.map((entry) => entry.load()))));
      return ExitCode.ok;
    }
    if (first === '--version' || first === '-V') {
      // The geth this environment would run: the first thing to know when a node will not start.
      const { describeGeth } = await import('./geth/verify.js');
      const configured = ctx.env.GETH_AGENT_GETH_BIN?.trim();
      const gethLine = await describeGeth({ ...(configured ? { configured } : {}), ...(ctx.env.PATH === undefined ? {} : { pathEnv: ctx.env.PATH }) });
      ctx.stdout(`geth-agent ${agentVersion()}\n${gethLine}\n`);
      return ExitCode.ok;
    }
    return await dispatch(all, first, rest, ctx);
  } catch (error) {
    if (error instanceof AgentError) {
      ctx.stderr(`geth-agent: ${error.message}\n`);
      return error.exitCode;
    }
    ctx.stderr(`geth-agent: internal error: ${describeError(error)}\n`);
    return ExitCode.internal;
  }
}

async function dispatch(all: readonly CommandEntry[], name: string, args: readonly string[], ctx: CliContext): Promise<number> {
  const entry = all.find((c) => c.name === name);
  if (entry === undefined) {
    const what = name.startsWith('-') ? `unknown option ${JSON.stringify(name)}` : `unknown command ${JSON.stringify(name)}`;
    ctx.stderr(`geth-agent: ${what}. Commands: ${all.map((c) => c.name).join(', ')}. See geth-agent --help.\n`);
    return ExitCode.usage;
  }
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    ctx.stdout(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return ExitCode.ok;
  }
  return command.run({ ...ctx, args });
}

/** Process entry point used by bin/geth-agent: wires real stdio, env and signals. */
export async function main(): Promise<void> {
  const controller = new AbortController();
  // A closed pipe (`geth-agent check | head -1`) ends the output quietly, never with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  const removeSignals = installStopSignals(controller, (text) => process.stderr.write(text));
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    signal: controller.signal,
  });
  removeSignals();
  process.exitCode = code;
}
