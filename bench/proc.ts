import { readFileSync } from 'node:fs';

/** RSS (MB, VmRSS) and CPU time used so far (utime + stime, in clock ticks) of one process. */
export function processSample(pid: number): { rssMb: number; ticks: number } {
  const rssMb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return { rssMb, ticks: Number(fields[11]) + Number(fields[12]) };
}
