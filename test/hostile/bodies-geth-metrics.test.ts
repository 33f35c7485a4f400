import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAgent } from '../helpers/agents.js';
import { startEndlessServer } from '../helpers/endless-server.js';
import { fastNodeEnv, metric, nodePorts, portEnv, startStaticGenesis, waitForMetrics } from '../helpers/network.js';
import { memoryMiB } from '../helpers/processes.js';
import { tempDir } from '../helpers/tmp.js';

const PER_REPLY = 512 * 1024 * 1024;

test('a process holding geth\'s metrics port first serves an endless body: the agent reads 1 MiB of each, RSS stays within 50 MB, /metrics and /health keep answering', { timeout: 120_000 }, async (t) => {
  const root = await tempDir(t);
  const genesis = await startStaticGenesis(t, root, [`0x${'11'.repeat(20)}`]);
  const sample = '# TYPE p2p_peers gauge\np2p_peers 1\n';
  // Well-behaved until the attack starts (once the agent is up and measured), endless after.
  // Bound first: real geth then fails to bind its metrics server (a logged error, not fatal).
  let attacking = false;
  const hostile = await startEndlessServer(t, { chunk: Buffer.from(sample.repeat(30_000)), maxBytes: PER_REPLY, contentType: 'text/plain', normal: () => (attacking ? undefined : sample) });
  const ports = await nodePorts();
  const agent = startAgent(t, 'client', {
    ...fastNodeEnv(genesis, { GETH_AGENT_ROLE: 'client', GETH_AGENT_DATA_DIR: join(root, 'c'), GETH_AGENT_HTTP_PORT: '0', GETH_AGENT_WS_PORT: '0', GETH_AGENT_HTTP_ADDR: '127.0.0.1', ...portEnv(ports) }),
    GETH_AGENT_GETH_METRICS: 'p2p,chain',
    GETH_AGENT_GETH_METRICS_ADDR: `127.0.0.1:${hostile.port}`,
    // Fetched every second, each fetch given a second (the interval) to read its 1 MiB.
    GETH_AGENT_GETH_METRICS_INTERVAL_SECONDS: '1',
  });
  await agent.waitForLine(/"component":"geth".*IPC endpoint opened/, 60_000);
  await waitForMetrics(ports.http, (m) => metric(m, 'geth_agent_geth_up') === 1, 30_000, 'geth up');
  const before = await memoryMiB(agent.pid);
  assert.ok(before !== undefined);
  let peak = before.rss;
  let scrapes = 0;
  attacking = true;
  for (const started = Date.now(); Date.now() - started < 6_000; ) {
    const [metrics, live] = await Promise.all([
      fetch(`http://127.0.0.1:${ports.http}/metrics`, { signal: AbortSignal.timeout(3_000) }),
      fetch(`http://127.0.0.1:${ports.http}/health/live`, { signal: AbortSignal.timeout(3_000) }),
    ]);
    assert.equal(metrics.status, 200);
    assert.equal(live.status, 200);
    assert.match(await metrics.text(), /geth_agent_geth_up 1/);
    await live.arrayBuffer();
    scrapes++;
    peak = Math.max(peak, (await memoryMiB(agent.pid))?.rss ?? peak);
    await sleep(200);
  }
  assert.ok(hostile.replies() >= 4, `${hostile.replies()} fetches of geth's metrics during the attack`);
  // Each reply was abandoned after the cap (plus what socket buffers hold), never read to its end.
  assert.ok(hostile.sent.length >= 4 && hostile.sent.every((sent) => sent < 24 * 1024 * 1024), `MiB sent per reply: ${hostile.sent.map((b) => (b / 1048576).toFixed(0)).join(' ')}`);
  const sentTotal = hostile.sent.reduce((a, b) => a + b, 0);
  assert.ok(agent.lines.some((l) => l.includes('cannot read geth metrics')), 'the failure is logged');
  t.diagnostic(`${hostile.replies()} endless metrics replies, ${(sentTotal / 1048576).toFixed(0)} MiB sent in all; ${scrapes} scrapes answered; agent RSS ${before.rss.toFixed(1)} -> peak ${peak.toFixed(1)} MiB`);
  assert.ok(peak - before.rss < 50, `RSS grew by ${(peak - before.rss).toFixed(1)} MiB`);
});
