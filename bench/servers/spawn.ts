/** Starts a bench server script in its own process (on the node under measurement) and waits for `listening <port>`. */
import { join } from 'node:path';
import { packageRoot } from '../../src/version.js';
import { benchNode } from '../agent-bin.js';
import { spawnTestProcess, type TestProcess } from '../../test/helpers/geth-process.js';

export async function startServer(name: string, args: readonly string[] = []): Promise<{ url: string; process: TestProcess }> {
  const child = spawnTestProcess(benchNode(), [join(packageRoot(), 'dist', 'bench', 'servers', `${name}.js`), ...args]);
  try {
    const [, port] = await child.waitForLine(/^listening (\d+)$/, 30_000);
    return { url: `http://127.0.0.1:${port}`, process: child };
  } catch (error) {
    await child.stop(5000);
    throw error;
  }
}
