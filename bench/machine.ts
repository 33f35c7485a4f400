/** The machine a benchmark run measured on (node:os, the node binary the benches run on, the installed geth). */
import { cpus, loadavg, release, totalmem, type as osType, arch } from 'node:os';
import { execa } from 'execa';
import type { Machine } from './results.js';

export async function describeMachine(gethBin: string, nodeBin: string = process.execPath): Promise<Machine> {
  const [version, node] = await Promise.all([execa(gethBin, ['version'], { reject: false }), execa(nodeBin, ['--version'], { reject: false })]);
  const geth = /^Version:\s*(\S+)/m.exec(String(version.stdout))?.[1] ?? 'unknown';
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: String(node.stdout).trim() || 'unknown',
    geth,
    os: `${osType()} ${release()} ${arch()}`,
    load1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
