import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runAgent } from '../../helpers/cli.js';
import { toolPath } from '../../helpers/geth-bin.js';
import { dockerfileEnv, execForm, parseDockerfile, parseEnvFile, readRepoFile } from '../../helpers/deploy-files.js';
import { containerEnv, loadKustomization, workloads, type Container } from '../../helpers/k8s-manifests.js';
import { tempDir } from '../../helpers/tmp.js';

const dockerfile = parseDockerfile(readRepoFile('Dockerfile'));
const imageEnv = dockerfileEnv(dockerfile);
const SECRET = 'deploy-entrypoint-secret-4d1f';
// `check` runs the geth it would start (version 1.13.x, else 78): outside the image that is this
// checkout's geth, not the image's /usr/local/bin/geth. `args` only prints the image's path.
const outsideImage = { GETH_AGENT_GETH_BIN: toolPath('geth') };

/** Replaces every *_FILE path by a temp file holding a test secret (the mounted secret stand-in). */
async function withSecretFiles(env: Record<string, string>, dir: string): Promise<Record<string, string>> {
  const out = { ...env };
  for (const [name] of Object.entries(env).filter(([n]) => n.endsWith('_FILE'))) {
    const file = join(dir, name.toLowerCase());
    // The operator secret must differ from the network secret (every node holds the latter).
    const value = name === 'GETH_AGENT_OPERATOR_SECRET_FILE' ? `${SECRET}-operator` : SECRET;
    await writeFile(file, name === 'GETH_AGENT_ETHSTATS_FILE' ? `node-0:${SECRET}@genesis:8080\n` : `${value}\n`, { mode: 0o600 });
    out[name] = file;
  }
  return out;
}

test('the image CMD (`run`) and the image ENV are what the CLI accepts', () => {
  assert.deepEqual(execForm(dockerfile.filter((i) => i.keyword === 'CMD').at(-1)?.args ?? ''), ['run']);
  assert.equal(imageEnv.GETH_AGENT_LISTEN, '0.0.0.0:8080');
});

test('entrypoint outside Docker: `check` and `args` with each config/*.env plus the image ENV exit 0', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  await Promise.all(
    ['genesis', 'boot', 'sealer', 'client'].map(async (role) => {
      const env = await withSecretFiles({ ...imageEnv, ...parseEnvFile(readRepoFile('config', `${role}.env`)) }, dir);
      const check = await runAgent(['check'], { ...env, ...outsideImage });
      assert.equal(check.code, 0, `${role} check: ${check.stderr}${check.stdout}`);
      assert.match(check.stdout, new RegExp(`configuration OK \\(role ${role}\\)`));
      assert.ok(!check.stdout.includes(SECRET) && !check.stderr.includes(SECRET), `${role}: secret printed`);
      if (role === 'genesis') return;
      const args = await runAgent(['args'], env);
      assert.equal(args.code, 0, `${role} args: ${args.stderr}${args.stdout}`);
      assert.match(args.stdout, role === 'boot' ? /bootnode/ : /\/usr\/local\/bin\/geth/);
      assert.ok(!args.stdout.includes(SECRET), `${role}: secret in the command line`);
    }),
  );
});

test('entrypoint outside Docker: `check` with every Kubernetes pod environment exits 0', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const { kustomization, objects } = await loadKustomization();
  await Promise.all(
    workloads(objects).map(async (w) => {
      const agent = (w.spec.template.spec.containers as Container[]).find((c) => c.name === 'agent') as Container;
      const podEnv = containerEnv(agent, `${w.metadata.name}-0`, kustomization.namespace ?? 'default');
      const env = await withSecretFiles({ ...imageEnv, ...podEnv }, dir);
      const check = await runAgent(['check'], { ...env, ...outsideImage });
      assert.equal(check.code, 0, `${w.metadata.name} check: ${check.stderr}${check.stdout}`);
      assert.ok(!check.stdout.includes(SECRET));
    }),
  );
});
