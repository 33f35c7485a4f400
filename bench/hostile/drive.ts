/**
 * Starts the attackers, each in its own process (bench/hostile/attacker.ts, on the node running
 * the bench, as the load generator), and stops them: an attacker reads its job from the first
 * line of its stdin, and the end of its stdin tells it to end its iteration and report. An
 * attacker that does not report in time is killed.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { packageRoot } from '../../src/version.js';
import { deathSignalPrefix } from '../../test/helpers/geth-bin.js';
import type { AttackerReport, AttackJob } from './attacks.js';

export interface Attackers {
  /** Tells every attacker to stop; resolves with their reports (rejects if one failed). */
  stop(): Promise<AttackerReport[]>;
}

function startOne(job: AttackJob): { started: Promise<void>; stop(graceMs: number): Promise<AttackerReport> } {
  const script = join(packageRoot(), 'dist', 'bench', 'hostile', 'attacker.js');
  // A parent-death signal as for every process a bench starts: no attacker outlives the bench.
  const [command = process.execPath, ...args] = [...deathSignalPrefix(), process.execPath, script];
  const child = execa(command, args, { stdin: 'pipe', stderr: 'pipe', buffer: false, reject: false, cleanup: true });
  // The job holds secrets: on stdin, never in argv (which every local user can read).
  child.stdin?.write(`${JSON.stringify(job)}\n`);
  const lines: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const exited = child.then((r) => r);
  // Resolved by the `attacking` line; an exit before it rejects (after it, rejecting is a no-op).
  const started = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line === 'attacking') resolve();
    });
    void exited.then(() => reject(new Error(`the ${job.attack} attacker exited before it started: ${stderr.slice(-5).join('\n')}`)));
  });
  return {
    started,
    async stop(graceMs) {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      const last = lines.at(-1);
      if (result.exitCode !== 0 || last === undefined || last === 'attacking') {
        throw new Error(`the ${job.attack} attacker ended without its report (exit ${result.exitCode ?? result.signal}): ${stderr.slice(-5).join('\n')}`);
      }
      return JSON.parse(last) as AttackerReport;
    },
  };
}

/** Starts one process per job; resolves once every one of them is attacking. */
export async function startAttackers(jobs: readonly AttackJob[], graceMs = 30_000): Promise<Attackers> {
  const running = jobs.map(startOne);
  const stopAll = (): Promise<PromiseSettledResult<AttackerReport>[]> => Promise.allSettled(running.map((a) => a.stop(graceMs)));
  try {
    await Promise.all(running.map((a) => a.started));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    async stop() {
      const settled = await stopAll();
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      return settled.map((s) => (s as PromiseFulfilledResult<AttackerReport>).value);
    },
  };
}
