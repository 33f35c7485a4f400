/** The machine a benchmark run measured on (node:os plus the installed geth's version). */
import { cpus, loadavg, release, totalmem, type as osType, arch } from 'node:os';
import { execa } from 'execa';
import type { Machine } from './results.js';

export async function describeMachine(gethBin: string): Promise<Machine> {
  const version = await execa(gethBin, ['version'], { reject: false });
  const geth = /^Version:\s*(\S+)/m.exec(String(version.stdout))?.[1] ?? 'unknown';
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    geth,
    os: `${osType()} ${release()} ${arch()}`,
    load1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
