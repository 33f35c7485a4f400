import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../../../src/version.js';
import { snapshotTree } from '../../helpers/tree.js';
import { tempDir } from '../../helpers/tmp.js';

/**
 * A read-only data dir: a real EACCES (the check runs as an unprivileged user when the tests run
 * as root, since root ignores permission bits). Exit 78, a message naming the path, nothing written.
 */
/** The unprivileged user can reach the compiled code (not so in a clone under a 0700 folder). */
function reachableByOthers(path: string): boolean {
  for (let dir = path; dir !== dirname(dir); dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
  }
  return true;
}
const asRoot = process.getuid?.() === 0;
const skip = asRoot && !reachableByOthers(packageRoot()) ? `the checkout is not reachable by the unprivileged user the check runs as (${packageRoot()})` : false;

test('a read-only data dir is a clear configuration error (78) and nothing changes', { timeout: 20_000, skip }, async (t) => {
  const dir = await tempDir(t);
  await chmod(dir, 0o755);
  const dataDir = join(dir, 'ro');
  await mkdir(dataDir, { mode: 0o555 });
  await chmod(dataDir, 0o555);
  const before = await snapshotTree(dir);
  const script = `
    const { provisionIdentity } = await import(${JSON.stringify(join(packageRoot(), 'dist/src/identity/provision.js'))});
    const { loadConfig } = await import(${JSON.stringify(join(packageRoot(), 'dist/src/config/load.js'))});
    const { createLogger } = await import(${JSON.stringify(join(packageRoot(), 'dist/src/log.js'))});
    const { config } = loadConfig({ GETH_AGENT_ROLE: 'sealer', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9', GETH_AGENT_DATA_DIR: ${JSON.stringify(dataDir)} });
    try { await provisionIdentity({ config, logger: createLogger({ level: 'silent' }), needAccount: true, kdf: { scryptN: 16 } }); console.log('no error'); }
    catch (e) { console.log(JSON.stringify({ exitCode: e.exitCode, message: e.message })); }`;
  const asUser = asRoot ? ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
  const [file, ...args] = [...asUser, process.execPath, '--input-type=module', '-e', script];
  const { stdout } = await execa(file as string, args, { timeout: 15_000 });
  const result = JSON.parse(stdout) as { exitCode: number; message: string };
  assert.equal(result.exitCode, 78);
  assert.match(result.message, new RegExp(`cannot create the folder ${dataDir}/agent \\(EACCES\\): GETH_AGENT_DATA_DIR must be a writable directory`));
  assert.deepEqual(await snapshotTree(dir), before);
});
