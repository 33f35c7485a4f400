import { readdir, readFile } from 'node:fs/promises';

/**
 * Processes (other than this one) whose command line or environment mentions `dir`: a geth or
 * bootnode still running on a test's data (command line), or an agent (its GETH_AGENT_DATA_DIR)
 * still running after it should have stopped. `pid: command line` for each, for messages.
 */
export async function leftoverProcesses(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    // Another user's environ is unreadable (then empty): only this user's processes count there.
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (cmdline.includes(dir) || environ.includes(dir)) found.push(`${entry}: ${cmdline.replaceAll('\0', ' ').slice(0, 120)}`);
  }
  return found;
}

/** The pid's process still exists (also when stopped). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resident memory of a process in MiB, now (VmRSS) and at its peak so far (VmHWM), read from
 * /proc/<pid>/status; undefined once the process is gone.
 */
export async function memoryMiB(pid: number): Promise<{ rss: number; peak: number } | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  if (status === undefined) return undefined;
  const kib = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}
