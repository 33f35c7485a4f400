import assert from 'node:assert/strict';
import { chmod, chown, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa, execaSync } from 'execa';
import { readDoc, splitFences } from '../../helpers/markdown.js';
import { tempDir } from '../../helpers/tmp.js';
import { toolTest } from '../../helpers/tools.js';

const USER = 1000;
const IMAGE_USER = 10001;
const expected = ['network-secret', 'ethstats-secret', 'operator-secret', 'sealer-1-password', 'sealer-2-password', 'sealer-3-password', ...['sealer-1', 'sealer-2', 'sealer-3', 'client-1', 'client-2'].map((n) => `${n}-ethstats`)];

const missing = ((): string | false => {
  if (process.getuid?.() !== 0) return 'needs root, to act as a normal user (setpriv) and as sudo';
  for (const tool of ['setpriv', 'openssl']) if (execaSync('sh', ['-c', `command -v ${tool}`], { reject: false }).exitCode !== 0) return `${tool} not installed`;
  return false;
})();

const as = (uid: number, command: string, cwd: string) =>
  execa('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', 'bash', '-euo', 'pipefail', '-c', command], { cwd, reject: false, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd }, extendEnv: false });

toolTest('the Compose secrets recipe in docs/deployment.md works for a normal user with sudo: files 0400 owned by the image user', { timeout: 60_000 }, missing, async (t) => {
  const block = splitFences(readDoc('docs/deployment.md')).fences.find((f) => /\bcompose-secrets\b/.test(f.info));
  assert.ok(block !== undefined, 'docs/deployment.md has a ```sh compose-secrets block');
  // The recipe makes every file the Compose file mounts.
  const mounted = [...readDoc('deploy/docker-compose.yml').matchAll(/\{ file: \.\/secrets\/([a-z0-9-]+) \}/g)].map((m) => m[1] as string);
  assert.deepEqual([...mounted].sort(), [...expected].sort(), 'deploy/docker-compose.yml mounts these secrets');
  const root = await tempDir(t, 'ga-sec-');
  await chmod(root, 0o755);
  await mkdir(join(root, 'deploy'));
  await chown(join(root, 'deploy'), USER, USER);
  // Each line is one command: `sudo ...` runs as root (what sudo does), everything else as the user.
  for (const line of block.body.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
    const result = line.startsWith('sudo ') ? await execa('bash', ['-euo', 'pipefail', '-c', line.slice(5)], { cwd: root, reject: false }) : await as(USER, line, root);
    assert.equal(result.exitCode, 0, `${line}\n${result.stderr}`);
  }
  const dir = join(root, 'deploy', 'secrets');
  assert.deepEqual((await readdir(dir)).sort(), [...expected].sort());
  for (const name of expected) {
    const info = await stat(join(dir, name));
    assert.equal(info.uid, IMAGE_USER, `${name} owner`);
    assert.equal(info.mode & 0o777, 0o400, `${name} mode`);
  }
  // The container's user reads them (compose bind-mounts each file: the folder's mode does not
  // apply there, so it is opened for traversal only to emulate that); other users cannot.
  await chmod(dir, 0o711);
  for (const name of expected) assert.equal((await as(IMAGE_USER, `cat ${name} > /dev/null`, dir)).exitCode, 0, `uid ${IMAGE_USER} reads ${name}`);
  assert.notEqual((await as(USER, 'cat network-secret > /dev/null', dir)).exitCode, 0, 'the user who made them no longer reads them');
  assert.match((await as(IMAGE_USER, 'cat sealer-1-ethstats', dir)).stdout, /^sealer-1:[0-9a-f]{64}@genesis:8080$/);
  // Why the order matters: once the files are the image user's, the user's own chmod is refused.
  assert.match((await as(USER, 'chmod 0400 network-secret', dir)).stderr, /Operation not permitted/);
});
