import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createNodeRunner } from '../../../src/roles/node-runner.js';
import { packageRoot } from '../../../src/version.js';
import { spawnTestProcess } from '../../helpers/geth-process.js';
import { memoryLogger, provisionFixture, until } from '../../helpers/node-fixture.js';
import { tempDir } from '../../helpers/tmp.js';
import { alive } from '../../helpers/processes.js';
import { assertCleanGethShutdown } from '../../helpers/geth-shutdown.js';

const fixtures = join(packageRoot(), 'test', 'fixtures');

test('a geth that ignores SIGINT is killed at the grace deadline, not before', { timeout: 20_000 }, async (t) => {
  const dir = await tempDir(t);
  const fixture = await provisionFixture(dir, 'client', {
    GETH_AGENT_GETH_BIN: join(fixtures, 'geth-ignores-sigint'),
    GETH_AGENT_STOP_GRACE_SECONDS: '1',
  });
  const log = memoryLogger();
  const controller = new AbortController();
  const runner = createNodeRunner({ config: fixture.config, logger: log.logger, env: process.env, provision: async () => fixture.provisioned, initChain: async () => 'unchanged' });
  const done = runner.run(controller.signal);
  t.after(() => controller.abort());
  await until(() => log.lines.some((l) => String(l.msg).includes('fake geth ignoring SIGINT')), 10_000, 'fake geth started');
  const pid = runner.snapshot().pid as number;
  const stopAt = Date.now();
  controller.abort();
  const status = await done;
  const took = Date.now() - stopAt;
  assert.equal(status, 137, 'exit status of a SIGKILLed geth');
  assert.ok(took >= 950 && took < 5000, `killed at the 1 s deadline (took ${took} ms)`);
  assert.ok(log.lines.some((l) => l.msg === 'geth did not stop within the grace period: SIGKILL'));
  assert.ok(!alive(pid));
});

test('agent process: a second SIGTERM is not forwarded, exit 0; SIGKILL of the agent leaves no orphan geth', { timeout: 40_000 }, async (t) => {
  const dir = await tempDir(t);
  const agent = spawnTestProcess(process.execPath, [join(fixtures, 'run-node.mjs'), 'sealer', dir]);
  t.after(() => agent.stop(5000));
  const pid = Number((await agent.waitForLine(/READY pid=(\d+)/, 20_000))[1]);
  assert.ok(alive(pid));
  process.kill(agent.pid, 'SIGTERM');
  await agent.waitForLine(/"msg":"stopping geth"/, 5000);
  process.kill(agent.pid, 'SIGTERM');
  const exit = await agent.exited;
  assert.equal(exit.exitCode, 0);
  assert.equal(agent.lines.filter((l) => l.includes('"msg":"stopping geth"')).length, 1, 'one stop, one SIGINT');
  assert.ok(agent.lines.some((l) => l.includes('received again')), 'the second signal is reported, not forwarded');
  assertCleanGethShutdown(agent.lines, 'client');
  assert.ok(!alive(pid));

  const dir2 = await tempDir(t);
  const victim = spawnTestProcess(process.execPath, [join(fixtures, 'run-node.mjs'), 'client', dir2]);
  t.after(() => victim.stop(5000));
  const gethPid = Number((await victim.waitForLine(/READY pid=(\d+)/, 20_000))[1]);
  process.kill(victim.pid, 'SIGKILL');
  await victim.exited;
  await until(() => !alive(gethPid), 10_000, `geth ${gethPid} to exit after its agent was SIGKILLed`);
});
