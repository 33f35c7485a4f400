import { readFileSync } from 'node:fs';

/** kB (what /proc reports, i.e. KiB) to MiB. */
export const kibToMiB = (kib: number): number => kib / 1024;

/** Parses /proc/<pid>/status: resident memory now (VmRSS) and its peak since start (VmHWM), in MiB. */
export function parseStatusMemory(status: string): { rssMiB: number; peakMiB: number } {
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kibToMiB(kib('VmRSS')), peakMiB: kibToMiB(kib('VmHWM')) };
}

/** CPU time used so far (utime + stime, clock ticks) from /proc/<pid>/stat text. */
export function parseStatTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return Number(fields[11]) + Number(fields[12]);
}

/** RSS and peak RSS (MiB) and CPU ticks of one process; undefined once it is gone. */
export function processSample(pid: number): { rssMiB: number; peakMiB: number; ticks: number } | undefined {
  try {
    return { ...parseStatusMemory(readFileSync(`/proc/${pid}/status`, 'utf8')), ticks: parseStatTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) };
  } catch {
    return undefined;
  }
}

/**
 * /proc/<pid>/schedstat of the process's main thread (its JavaScript thread): nanoseconds it ran
 * on a CPU, and nanoseconds it was runnable but waited for one (the machine's contention).
 */
export function parseSchedstat(text: string): { runNs: number; waitNs: number } {
  const [run, wait] = text.trim().split(/\s+/).map(Number);
  return { runNs: run ?? Number.NaN, waitNs: wait ?? Number.NaN };
}

/** The main thread's schedstat; undefined once the process is gone (or without schedstats). */
export function schedSample(pid: number): { runNs: number; waitNs: number } | undefined {
  try {
    return parseSchedstat(readFileSync(`/proc/${pid}/schedstat`, 'utf8'));
  } catch {
    return undefined;
  }
}
