import assert from 'node:assert/strict';
import { chmod, cp, mkdir } from 'node:fs/promises';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../../../src/version.js';
import { snapshotTree } from '../../helpers/tree.js';
import { tempDir } from '../../helpers/tmp.js';
import { toolTest } from '../../helpers/tools.js';

/**
 * A read-only data dir: a real EACCES. Root ignores permission bits, so as root the agent runs as
 * an unprivileged user (65534, through setpriv). That user may not reach the checkout (a clone
 * under a 0700 home), so the test runs a copy of the installed CLI (bin/ and the self-contained
 * dist/bundle) from a temporary folder every user can read: it runs in CI as root too.
 * Exit 78, a message naming the path, nothing written.
 */
const asRoot = process.getuid?.() === 0;
const setpriv = '/usr/bin/setpriv';

/** Every folder above `path` lets others through, and the file itself is readable and executable by them. */
function othersCanRun(path: string): boolean {
  if ((statSync(path).mode & 0o005) !== 0o005) return false;
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) if ((statSync(dir).mode & 0o001) === 0) return false;
  return true;
}

const missing = !asRoot
  ? false
  : !existsSync(setpriv)
    ? `${setpriv} not installed (Debian: util-linux): needed to drop root for a real EACCES`
    : false;

toolTest('a read-only data dir is a clear configuration error (78) and nothing changes', { timeout: 30_000 }, missing, async (t) => {
  const dir = await tempDir(t);
  await chmod(dir, 0o755);
  const installed = join(dir, 'pkg');
  await mkdir(join(installed, 'dist'), { recursive: true });
  await cp(join(packageRoot(), 'bin'), join(installed, 'bin'), { recursive: true });
  await cp(join(packageRoot(), 'dist', 'bundle'), join(installed, 'dist', 'bundle'), { recursive: true });
  await cp(join(packageRoot(), 'package.json'), join(installed, 'package.json'));
  // The node running the tests may sit where the unprivileged user cannot reach it (a checkout in
  // a private folder, its .tools/node-24): that user then runs a copy.
  const node = othersCanRun(process.execPath) ? process.execPath : join(installed, 'node');
  if (node !== process.execPath) await cp(process.execPath, node);
  await execa('chmod', ['-R', 'a+rX', installed]);
  const dataDir = join(dir, 'ro');
  await mkdir(dataDir, { mode: 0o555 });
  await chmod(dataDir, 0o555);
  const before = await snapshotTree(dir);
  const asUser = asRoot ? [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
  const [file, ...args] = [...asUser, node, join(installed, 'bin', 'geth-agent'), 'enode'];
  const result = await execa(file as string, args, {
    env: { PATH: process.env.PATH ?? '', GETH_AGENT_ROLE: 'sealer', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9', GETH_AGENT_DATA_DIR: dataDir },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: 20_000,
  });
  // The check really ran unprivileged: that user cannot write the folder.
  if (!asRoot) assert.throws(() => accessSync(dataDir, constants.W_OK));
  assert.equal(result.exitCode, 78, result.stderr);
  assert.match(result.stderr, new RegExp(`cannot create the folder ${dataDir}/agent \\(EACCES\\): GETH_AGENT_DATA_DIR must be a writable directory`));
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.deepEqual(await snapshotTree(dir), before);
});
