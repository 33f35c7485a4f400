import { readFile } from 'node:fs/promises';
import type { Logger } from '../../log.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import type { BootnodeEntry } from './bootnodes.js';

/** The persisted directory as read from disk: undefined when missing or not JSON (a fresh start). */
export async function readBootnodeFile(path: string, logger: Logger): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    logger.warn({ path }, 'the kept boot node directory is not JSON; starting with an empty one');
    return undefined;
  }
}

/**
 * A writer for the directory file: atomic writes, one at a time, the latest entries win (a burst
 * of publications costs at most one extra write). Failures are logged, never thrown: the
 * directory keeps working in memory.
 */
export function bootnodeFileWriter(path: string, logger: Logger): { write(entries: readonly BootnodeEntry[]): void; flush(): Promise<void> } {
  let pending: readonly BootnodeEntry[] | undefined;
  let running: Promise<void> | undefined;
  const drain = async (): Promise<void> => {
    while (pending !== undefined) {
      const entries = pending;
      pending = undefined;
      await writeFileAtomic(path, Buffer.from(`${JSON.stringify(entries.map((e) => ({ enode: e.enode, seen: e.seen, since: e.since, signedAt: e.signedAt })))}\n`), { mode: 0o644 }).catch((error: unknown) => {
        logger.warn({ err: error, path }, 'cannot keep the boot node directory on disk');
      });
    }
    running = undefined;
  };
  return {
    write(entries) {
      pending = entries;
      running ??= drain();
    },
    flush: async () => {
      await running;
    },
  };
}
