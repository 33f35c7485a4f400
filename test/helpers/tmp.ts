import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/**
 * A fresh directory under the OS temp dir, removed when the test ends. Short on purpose: geth's
 * IPC socket path must stay under ~107 characters.
 */
export async function tempDir(t: TestContext | { after: (fn: () => Promise<void>) => void }, prefix = 'ga-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
