import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startAgent, waitForHttp } from '../helpers/agents.js';
import { fastNodeEnv, nodePorts, portEnv, startStaticGenesis } from '../helpers/network.js';
import { memoryMiB } from '../helpers/processes.js';
import { tempDir } from '../helpers/tmp.js';
import { packageRoot } from '../../src/version.js';

const FLOOD_BYTES = 300_000_000;

test('a geth printing 300 MB without a newline: the agent cuts the line while reading, RSS stays within 50 MB, /health keeps answering', { timeout: 120_000 }, async (t) => {
  const root = await tempDir(t);
  const genesis = await startStaticGenesis(t, root, [`0x${'11'.repeat(20)}`]);
  const ports = await nodePorts();
  const agent = startAgent(t, 'client', {
    ...fastNodeEnv(genesis, { GETH_AGENT_ROLE: 'client', GETH_AGENT_DATA_DIR: join(root, 'c'), ...portEnv(ports) }),
    // The fake answers `version` and `init` like geth 1.13.15, then floods (it never opens IPC).
    GETH_AGENT_GETH_BIN: join(packageRoot(), 'test', 'fixtures', 'geth-floods-no-newline'),
    GETH_AGENT_IPC_WAIT_SECONDS: '100',
    FLOOD_BYTES: String(FLOOD_BYTES),
  });
  await agent.waitForLine(/flood starts in one second/, 30_000);
  await waitForHttp(`http://127.0.0.1:${ports.http}/health/live`, (status) => status === 200, 10_000);
  const before = await memoryMiB(agent.pid);
  assert.ok(before !== undefined, 'the agent runs');

  // /health answers during the flood, not only after it.
  let answered = 0;
  const probing = (async () => {
    while (!agent.lines.some((l) => l.includes('flood done'))) {
      const response = await fetch(`http://127.0.0.1:${ports.http}/health/live`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) answered++;
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  await agent.waitForLine(/flood done/, 90_000);
  await probing;
  const after = await memoryMiB(agent.pid);
  assert.ok(after !== undefined, 'the agent survived the flood');
  t.diagnostic(`agent RSS before ${before.rss.toFixed(1)} MiB (peak ${before.peak.toFixed(1)}), after ${after.rss.toFixed(1)} MiB (peak ${after.peak.toFixed(1)}); /health answered ${answered} times during the flood`);
  assert.ok(after.peak - before.peak < 50, `peak RSS grew by ${(after.peak - before.peak).toFixed(1)} MiB`);
  assert.ok(after.rss - before.rss < 50, `RSS grew by ${(after.rss - before.rss).toFixed(1)} MiB`);
  assert.ok(answered > 0, '/health/live answered during the flood');

  // The flood is one log entry, cut to 8 KiB and marked; the line after it is read normally.
  const flood = agent.lines.filter((l) => l.includes('"component":"geth"') && l.includes('flood xxx'));
  assert.equal(flood.length, 1, 'one entry for the whole 300 MB line');
  const entry = JSON.parse(flood[0] as string) as { msg: string; cut?: boolean };
  assert.equal(entry.cut, true);
  assert.ok(entry.msg.length <= 8192, `entry of ${entry.msg.length} characters`);
});
