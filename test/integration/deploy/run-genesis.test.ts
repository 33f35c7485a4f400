import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { agentBin } from '../../helpers/cli.js';
import { dockerfileEnv, execForm, parseDockerfile, parseEnvFile, readRepoFile } from '../../helpers/deploy-files.js';
import { toolPath } from '../../helpers/geth-bin.js';
import { spawnTestProcess } from '../../helpers/geth-process.js';
import { freePorts } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';

const dockerfile = parseDockerfile(readRepoFile('Dockerfile'));

test('`run` as the image starts it (genesis role): the HEALTHCHECK command passes, SIGTERM stops with 0', { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const [port] = await freePorts(1);
  await writeFile(join(dir, 'network-secret'), 'deploy-run-secret\n', { mode: 0o600 });
  const env = {
    ...dockerfileEnv(dockerfile),
    ...parseEnvFile(readRepoFile('config', 'genesis.env')),
    // Only what differs outside the container: paths and a loopback port.
    GETH_AGENT_DATA_DIR: join(dir, 'data'),
    GETH_AGENT_LISTEN: `127.0.0.1:${port}`,
    GETH_AGENT_GETH_BIN: toolPath('geth'),
    GETH_AGENT_NETWORK_SECRET_FILE: join(dir, 'network-secret'),
    PATH: process.env.PATH ?? '',
  };
  const [cmd] = execForm(dockerfile.filter((i) => i.keyword === 'CMD').at(-1)?.args ?? '') ?? [];
  const agent = spawnTestProcess('node', [agentBin(), cmd as string], { env });
  t.after(() => agent.stop(5_000));
  await agent.waitForLine(/genesis server listening/, 15_000);

  const healthcheck = /CMD (\[.*\])$/.exec(dockerfile.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '')?.[1] ?? '';
  const [bin, ...args] = (execForm(healthcheck) ?? []).map((a) => a.replace('127.0.0.1:8080', `127.0.0.1:${port}`));
  const probe = await execa(bin as string, args, { reject: false, timeout: 10_000 });
  assert.equal(probe.exitCode, 0, `HEALTHCHECK: ${probe.stderr}`);
  const ready = await fetch(`http://127.0.0.1:${port}/health`);
  assert.equal(ready.status, 503, 'not ready while collecting sealers');

  process.kill(agent.pid, 'SIGTERM');
  const exit = await agent.exited;
  assert.equal(exit.exitCode, 0);
  assert.ok(!agent.lines.join('\n').includes('deploy-run-secret'));
});
