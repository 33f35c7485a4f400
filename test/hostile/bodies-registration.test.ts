import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAgent } from '../helpers/agents.js';
import { startEndlessServer } from '../helpers/endless-server.js';
import { fastNodeEnv, nodePorts, portEnv } from '../helpers/network.js';
import { memoryMiB } from '../helpers/processes.js';
import { tempDir } from '../helpers/tmp.js';

/** At most this much per reply: enough to show an unbounded read, bounded so a test never eats the machine. */
const PER_REPLY = 256 * 1024 * 1024;

test('a hostile genesis server answering the signer challenge with an endless reply: the sealer reads 64 KiB of each, RSS stays within 50 MB, exit 69 naming the limit', { timeout: 120_000 }, async (t) => {
  const root = await tempDir(t);
  let agentPid = 0;
  /** The agent's memory when its first request arrives, before any reply was read: the baseline. */
  let baseline: Promise<{ rss: number } | undefined> | undefined;
  const hostile = await startEndlessServer(t, {
    head: '{"challenge":"0x',
    chunk: Buffer.alloc(1024 * 1024, 0x61),
    maxBytes: PER_REPLY,
    beforeReply: () => (baseline ??= memoryMiB(agentPid)),
  });
  const ports = await nodePorts();
  const agent = startAgent(t, 'sealer', {
    ...fastNodeEnv(`http://127.0.0.1:${hostile.port}`, { GETH_AGENT_ROLE: 'sealer', GETH_AGENT_DATA_DIR: join(root, 's'), ...portEnv(ports) }),
    GETH_AGENT_NETWORK_SECRET: 'hostile-test-secret',
    GETH_AGENT_GENESIS_DEADLINE_SECONDS: '8',
  });
  agentPid = agent.pid;
  await agent.waitForLine(/signer registration failed, retrying/, 30_000);
  const before = await baseline;
  assert.ok(before !== undefined);
  let peak = Math.max(before.rss, (await memoryMiB(agent.pid))?.rss ?? 0);
  while (agent.isRunning()) {
    peak = Math.max(peak, (await memoryMiB(agent.pid))?.rss ?? peak);
    await sleep(100);
  }
  const exit = await agent.exited;
  assert.equal(exit.exitCode, 69, agent.lines.slice(-5).join('\n'));
  assert.ok(agent.lines.some((l) => /cannot register .* reply over 65536 bytes/.test(l)), 'the exit names the limit');
  assert.ok(hostile.replies() >= 2, `${hostile.replies()} replies: retried until the deadline`);
  const sentTotal = hostile.sent.reduce((a, b) => a + b, 0);
  t.diagnostic(`${hostile.replies()} endless replies; the server got ${(sentTotal / 1048576).toFixed(1)} MiB out in all; agent RSS ${before.rss.toFixed(1)} -> peak ${peak.toFixed(1)} MiB`);
  assert.ok(peak - before.rss < 50, `RSS grew by ${(peak - before.rss).toFixed(1)} MiB`);
});
