import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageEnv, loadCompose, readComposeEnvFile } from '../../helpers/compose.js';
import { parseDockerfile, readRepoFile } from '../../helpers/deploy-files.js';
import { unreachableForOthers } from '../../pods/available.js';
import { imageProcess, planPods, scaleServices, secretContent } from '../../pods/plan.js';

const plan = async (sealers: number, clients: number) =>
  planPods(await loadCompose(), { sealers, clients }, { image: imageEnv(), readEnvFile: readComposeEnvFile, overrides: (_name, role): Record<string, string> => (role === 'genesis' ? { GETH_AGENT_SEALER_COUNT: String(sealers) } : { GETH_AGENT_POLL_SECONDS: '1' }) });

test('pods plan: the Compose services in start order, each with its env files, environment, secrets, volume, health check and stop grace', async () => {
  const plans = await plan(3, 2);
  assert.deepEqual(plans.map((p) => `${p.name}:${p.role}`), ['genesis:genesis', 'boot:boot', 'sealer-1:sealer', 'sealer-2:sealer', 'sealer-3:sealer', 'client-1:client', 'client-2:client']);
  const sealer = plans.find((p) => p.name === 'sealer-2');
  assert.equal(sealer?.env.GETH_AGENT_ADVERTISE_HOST, 'sealer-2');
  assert.equal(sealer?.env.GETH_AGENT_GENESIS_URL, 'http://genesis:8080');
  assert.equal(sealer?.env.GETH_AGENT_DATA_DIR, '/data');
  assert.equal(sealer?.env.GETH_AGENT_PASSWORD_FILE, '/run/secrets/keystore-password');
  assert.equal(sealer?.env.GETH_AGENT_POLL_SECONDS, '1', 'the harness overrides come last');
  assert.equal(sealer?.env.NODE_ENV, 'production', 'the image ENV comes first');
  assert.deepEqual(sealer?.secrets, [
    { source: 'network-secret', target: 'network-secret' },
    { source: 'sealer-2-password', target: 'keystore-password' },
    { source: 'sealer-2-ethstats', target: 'ethstats-target' },
  ]);
  assert.deepEqual(sealer?.volume, { name: 'sealer-2-data', target: '/data' });
  assert.equal(sealer?.stopGraceSeconds, 150);
  assert.equal(sealer?.stopSignal, 'SIGTERM');
  assert.equal(sealer?.restart, 'on-failure:5');
  assert.deepEqual(sealer?.dependsOn, { genesis: 'service_healthy', boot: 'service_started' });
  assert.deepEqual(sealer?.healthcheck?.test.slice(0, 2), ['CMD', 'node']);
  assert.equal(sealer?.healthcheck?.intervalSeconds, 30);
  assert.equal(plans[0]?.env.GETH_AGENT_SEALER_COUNT, '3');
});

test('pods plan: more sealers and clients than the Compose file are copies of its last ones, renamed; fewer leave the last ones out', async () => {
  const plans = await plan(5, 1);
  assert.deepEqual(plans.filter((p) => p.role !== 'genesis' && p.role !== 'boot').map((p) => p.name), ['sealer-1', 'sealer-2', 'sealer-3', 'sealer-4', 'sealer-5', 'client-1']);
  const fifth = plans.find((p) => p.name === 'sealer-5');
  assert.equal(fifth?.env.GETH_AGENT_ADVERTISE_HOST, 'sealer-5');
  assert.deepEqual(fifth?.secrets.map((s) => s.source), ['network-secret', 'sealer-5-password', 'sealer-5-ethstats']);
  assert.equal(fifth?.volume.name, 'sealer-5-data');
  // A name that merely starts like the template's is not renamed.
  const services = scaleServices({ 'sealer-1': { environment: { A: 'sealer-1', B: 'sealer-10', C: 'my-sealer-1' } }, 'client-1': {} }, { sealers: 2, clients: 1 });
  assert.deepEqual(services['sealer-2']?.environment, { A: 'sealer-2', B: 'sealer-10', C: 'my-sealer-1' });
});

test('pods plan: secret files hold the ethstats target of their node, the shared ethstats secret, or a fresh value', () => {
  let n = 0;
  const random = (): string => `r${++n}`;
  assert.equal(secretContent('client-2-ethstats', 'S', random), 'client-2:S@genesis:8080');
  assert.equal(secretContent('ethstats-secret', 'S', random), 'S');
  assert.equal(secretContent('network-secret', 'S', random), 'r1');
  assert.equal(secretContent('sealer-1-password', 'S', random), 'r2');
});

test("pods plan: the image's process (tini -> node -> bin/geth-agent run, uid 10001) with this Node and this checkout", () => {
  const proc = imageProcess(parseDockerfile(readRepoFile('Dockerfile')), { node: '/opt/node/bin/node', appRoot: '/src/app' });
  assert.deepEqual(proc, { user: '10001:10001', argv: ['/usr/bin/tini', '--', '/opt/node/bin/node', '/src/app/bin/geth-agent', 'run'] });
});

test('pods: a checkout or Node the containers\' uid cannot reach is named; the folders above them do not matter', async (t) => {
  // A private parent, as a CI clone under `mktemp -d` has: the checkout is mounted, not reached through it.
  const parent = await mkdtemp(join(tmpdir(), 'ga-reach-'));
  t.after(() => rm(parent, { recursive: true, force: true }));
  await chmod(parent, 0o700);
  const root = join(parent, 'checkout');
  await mkdir(root, { mode: 0o755 });
  await mkdir(join(root, 'open'), { mode: 0o755 });
  await mkdir(join(root, 'closed'), { mode: 0o700 });
  await writeFile(join(root, 'open', 'cli.mjs'), '', { mode: 0o644 });
  await writeFile(join(root, 'open', 'node'), '', { mode: 0o755 });
  await writeFile(join(root, 'open', 'private'), '', { mode: 0o600 });
  await writeFile(join(root, 'closed', 'cli.mjs'), '', { mode: 0o644 });
  assert.equal(unreachableForOthers(root, [join(root, 'open', 'cli.mjs')], [join(root, 'open', 'node')]), undefined);
  assert.equal(unreachableForOthers(root, [join(root, 'closed', 'cli.mjs')], []), `${join(root, 'closed')} (mode 700)`);
  assert.equal(unreachableForOthers(root, [join(root, 'open', 'private')], []), `${join(root, 'open', 'private')} (mode 600)`);
  assert.equal(unreachableForOthers(root, [], [join(root, 'open', 'cli.mjs')]), `${join(root, 'open', 'cli.mjs')} (mode 644)`, 'an executable needs x');
  await chmod(root, 0o700);
  assert.equal(unreachableForOthers(root, [join(root, 'open', 'cli.mjs')], []), `${root} (mode 700)`, 'the mounted folder itself counts');
});
