import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageEnv, loadCompose, readComposeEnvFile } from '../../helpers/compose.js';
import { containerEnv, imageMounts, parseTop, runArgs } from '../../pods/container.js';
import { planPods } from '../../pods/plan.js';

const sealer = async () => {
  const plans = planPods(await loadCompose(), { sealers: 3, clients: 2 }, { image: imageEnv(), readEnvFile: readComposeEnvFile, overrides: () => ({}) });
  const plan = plans.find((p) => p.name === 'sealer-1');
  assert.ok(plan !== undefined);
  return plan;
};

test('pods container: podman run as the Compose service says, --rootfs and the command last', async () => {
  const args = runArgs({
    plan: await sealer(), container: 'run-sealer-1', network: 'run', label: 'geth-agent-pods=run', ip: '10.89.0.250', volume: 'run-sealer-1-data',
    user: '10001:10001', argv: ['/usr/bin/tini', '--', '/node', '/app/bin/geth-agent', 'run'],
    secrets: [{ file: '/s/network-secret', target: 'network-secret' }, { file: '/s/sealer-1-password', target: 'keystore-password' }], envFile: '/r/sealer-1.env',
    mounts: [{ source: '/tmp/tmp.x/repo', target: '/app' }],
  });
  const value = (flag: string): string | undefined => args[args.indexOf(flag) + 1];
  assert.deepEqual(args.slice(-7), ['--rootfs', '/:O', '/usr/bin/tini', '--', '/node', '/app/bin/geth-agent', 'run'], 'every option before --rootfs');
  assert.equal(value('--hostname'), 'sealer-1');
  assert.equal(value('--network-alias'), 'sealer-1');
  assert.equal(value('--ip'), '10.89.0.250');
  assert.equal(value('--user'), '10001:10001');
  assert.equal(value('--stop-signal'), 'SIGTERM');
  assert.equal(value('--stop-timeout'), '150');
  assert.equal(value('--restart'), 'on-failure:5');
  assert.deepEqual(JSON.parse(value('--health-cmd') ?? '[]').slice(0, 2), ['node', '-e'], 'the exec-form health check as a JSON array');
  const volumes = args.flatMap((a, i) => (a === '--volume' ? [args[i + 1]] : []));
  assert.deepEqual(volumes, ['run-sealer-1-data:/data:U', '/s/network-secret:/run/secrets/network-secret:ro', '/s/sealer-1-password:/run/secrets/keystore-password:ro', '/tmp/tmp.x/repo:/app:ro']);
  assert.ok(!args.some((a) => a.includes('GETH_AGENT_')), 'the environment goes through the env file, not argv');
});

test('pods container: the environment adds PATH (this Node first, for the health check) and HOME (the data dir)', async () => {
  const env = containerEnv(await sealer(), '/opt/node24/bin/node');
  assert.match(env.PATH ?? '', /^\/opt\/node24\/bin:/);
  assert.equal(env.HOME, '/data');
  assert.equal(env.GETH_AGENT_ROLE, 'sealer');
});

test('pods container: podman top output', () => {
  const out = 'PID  HPID  USER   COMMAND\n1    7513  10001  /usr/bin/tini -- /node /app/bin/geth-agent run\n34   8202  10001  /x/geth --datadir /data --mine \n';
  assert.deepEqual(parseTop(out), [
    { pid: 1, hpid: 7513, user: '10001', args: '/usr/bin/tini -- /node /app/bin/geth-agent run' },
    { pid: 34, hpid: 8202, user: '10001', args: '/x/geth --datadir /data --mine' },
  ]);
});

test('pods container: this checkout at /app and this Node at /opt/node, paths under them mapped, others kept', () => {
  const host = imageMounts({ appRoot: '/tmp/tmp.x/repo', node: '/tmp/tmp.x/repo/.tools/node-24/bin/node' });
  assert.deepEqual(host.mounts, [{ source: '/tmp/tmp.x/repo', target: '/app' }, { source: '/tmp/tmp.x/repo/.tools/node-24', target: '/opt/node' }]);
  assert.equal(host.node, '/app/.tools/node-24/bin/node', 'under the checkout: reached through its mount');
  assert.equal(host.inContainer('/tmp/tmp.x/repo/.tools/bin/geth'), '/app/.tools/bin/geth');
  assert.equal(host.inContainer('/tmp/tmp.x/repo'), '/app');
  assert.equal(host.inContainer('/tmp/tmp.x/repo-other/x'), '/tmp/tmp.x/repo-other/x', 'a sibling with the same prefix is not under it');
  assert.equal(imageMounts({ appRoot: '/work/app', node: '/work/node24/package/bin/node' }).node, '/opt/node/bin/node');
});
