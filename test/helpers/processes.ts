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
