import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startAgent } from '../../helpers/agents.js';
import { startFakeServer } from '../../helpers/ethstats-fakes.js';
import { toolPath } from '../../helpers/geth-bin.js';
import { provisionFixture } from '../../helpers/node-fixture.js';
import { freePorts } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';


test('a node whose geth never answers is still reported to ethstats, as active: false', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  // A "geth" that initializes and reports its version (the real one) but hangs at start: no IPC.
  const hanging = join(dir, 'geth-hangs');
  await writeFile(
    hanging,
    `#!/bin/sh\nfor a in "$@"; do case "$a" in init|version|db|dumpgenesis) exec '${toolPath('geth')}' "$@";; esac; done\necho "INFO [01-01|00:00:00.000] fake geth hanging at start"\nexec sleep 600\n`,
  );
  await chmod(hanging, 0o755);
  const server = await startFakeServer(t);
  const [listen] = (await freePorts(1)) as [number];
  // The cached genesis written by the fixture is used (the genesis server 127.0.0.1:9 is down).
  const fixture = await provisionFixture(dir, 'client', {
    GETH_AGENT_GETH_BIN: hanging,
    GETH_AGENT_LISTEN: `127.0.0.1:${listen}`,
    GETH_AGENT_BOOTNODE_WAIT_SECONDS: '0',
    GETH_AGENT_ETHSTATS: `client-x:s3cret@ws://127.0.0.1:${server.port}`,
  });
  const agent = startAgent(t, 'client', fixture.env);
  await agent.waitForLine(/fake geth hanging at start/, 30_000);
  const stats = await server.waitFor((f) => f.event === 'stats', 30_000);
  assert.equal((stats.payload as { id: string; stats: { active: boolean } }).stats.active, false);
  assert.equal((stats.payload as { id: string }).id, 'client-x');
  assert.ok(!agent.lines.some((line) => line.includes('s3cret')), 'the secret is never logged');
});
