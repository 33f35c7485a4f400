import { readFile } from 'node:fs/promises';

/** CPU time and resident memory of one process, from Linux's /proc. */
export interface ProcessUsage {
  readonly cpuSeconds: number;
  readonly residentBytes: number;
}

/** Linux reports CPU times in clock ticks of USER_HZ, 100 on every architecture's user ABI. */
const TICKS_PER_SECOND = 100;

/** utime + stime of a /proc/PID/stat line (seconds); undefined when malformed. Pure. */
export function cpuSecondsFromStat(stat: string): number | undefined {
  // The command name (field 2) is in parentheses and may hold spaces or ')': fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) && fields.length > 12 ? (utime + stime) / TICKS_PER_SECOND : undefined;
}

/** VmRSS of a /proc/PID/status text (bytes); undefined when absent. Pure. */
export function residentBytesFromStatus(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match === null ? undefined : Number(match[1]) * 1024;
}

/** The usage of process `pid`, or undefined (no such process, not Linux, unreadable). Never throws. */
export async function readProcessUsage(pid: number, proc = '/proc'): Promise<ProcessUsage | undefined> {
  try {
    const [stat, status] = await Promise.all([readFile(`${proc}/${pid}/stat`, 'utf8'), readFile(`${proc}/${pid}/status`, 'utf8')]);
    const cpuSeconds = cpuSecondsFromStat(stat);
    const residentBytes = residentBytesFromStatus(status);
    return cpuSeconds === undefined || residentBytes === undefined ? undefined : { cpuSeconds, residentBytes };
  } catch {
    return undefined;
  }
}
