import { createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import type { NodePlan } from './plan.js';

export interface AgentProcess {
  readonly plan: NodePlan;
  readonly pid: number | undefined;
  readonly exited: Promise<number | undefined>;
  stop(graceMs: number): Promise<number | undefined>;
}

/** Lines worth showing on the devnet console (the full JSON log goes to the node's log file). */
export function consoleLine(name: string, line: string): string | undefined {
  let entry: { level?: string; msg?: string; component?: string; err?: { message?: string } };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return `[${name}] ${line}`;
  }
  // A stray `null` (or any non-object JSON) line is shown as text, like any other non-log line.
  if (typeof entry !== 'object' || entry === null) return `[${name}] ${line}`;
  const important = /sealer registered|genesis sealed|restarting|re-dialing|collector on/i;
  // geth's own warnings are routine on a clique devnet ("Block sealing failed" while another signer is in turn).
  const level = entry.component === 'geth' ? ['error', 'fatal'] : ['warn', 'error', 'fatal'];
  if (level.includes(entry.level ?? '') || (entry.component !== 'geth' && entry.component !== 'http' && important.test(entry.msg ?? ''))) {
    const err = entry.err?.message === undefined ? '' : `: ${entry.err.message}`;
    return `[${name}] ${entry.level ?? 'info'} ${entry.component ?? ''} ${entry.msg ?? ''}${err}`.replace(/\s+/g, ' ');
  }
  return undefined;
}

/**
 * Starts one `geth-agent run` child for a node of the devnet. It gets SIGTERM if the devnet
 * itself dies (parent-death signal), so no agent and no geth outlives it.
 */
export function startAgentProcess(options: { plan: NodePlan; agentBin: string; baseEnv: Record<string, string>; print: (line: string) => void }): AgentProcess {
  const { plan } = options;
  const setpriv = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'SIGTERM', '--'] : [];
  const [file, ...args] = [...setpriv, process.execPath, options.agentBin, 'run'];
  const child: ResultPromise = execa(file as string, args, {
    env: { ...options.baseEnv, ...plan.env },
    extendEnv: false,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    cleanup: false,
    // Own process group: Ctrl-C reaches only the devnet, which stops each agent with one SIGTERM.
    detached: setpriv.length > 0,
  });
  const log = createWriteStream(plan.log, { flags: 'a', mode: 0o600 });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      log.write(`${line}\n`);
      const shown = consoleLine(plan.name, line);
      if (shown !== undefined) options.print(shown);
    });
  }
  const exited = child.then((result) => {
    log.end();
    return result.exitCode;
  });
  let stopping: Promise<number | undefined> | undefined;
  return {
    plan,
    pid: child.pid,
    exited,
    stop(graceMs) {
      stopping ??= (async () => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      })();
      return stopping;
    },
  };
}
