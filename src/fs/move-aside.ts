import { rename } from 'node:fs/promises';

/** Moves `path` aside to `<path>.reset-<timestamp>` (never deletes); returns the new name, or undefined if absent. */
export async function moveAside(path: string, now: Date): Promise<string | undefined> {
  const target = `${path}.reset-${now.toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(path, target);
    return target;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
