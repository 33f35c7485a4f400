import { readdir, readFile } from 'node:fs/promises';

/**
 * Processes (other than this one) whose command line mentions `dir`: a geth or bootnode still
 * running on a test's data after its agent stopped. `pid: command line` for each, for messages.
 */
export async function leftoverProcesses(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(dir)) found.push(`${entry}: ${cmdline.replaceAll('\0', ' ').slice(0, 120)}`);
  }
  return found;
}
