import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCliqueChain } from '../../helpers/clique-chain.js';
import { restartCliqueGeth } from '../../helpers/clique-restart.js';
import { watchGeth } from '../../helpers/geth-watch.js';
import { createReporter } from '../../../src/ethstats/reporter/reporter.js';
import { blockOf, startTestCollector, type Received } from './oracle-helpers.js';
import { fastTimings, quiet } from './reporter-helpers.js';

test('(e) the reporter keeps reporting across a geth restart and a collector restart', { timeout: 60_000 }, async (t) => {
  const received: Received[] = [];
  let stats = await startTestCollector(t, { received });
  const port = stats.port;
  const chain = await startCliqueChain(t, { period: 1 });
  const watch = watchGeth({ ipcPath: chain.ipcPath, logger: quiet, callTimeoutMs: 1000, reconnectDelayMs: 200 });
  t.after(() => watch.close());
  const { source } = watch;
  const reporter = createReporter({
    target: { name: 'agent', secret: 'sec', host: `ws://127.0.0.1:${port}` },
    source, logger: quiet, timings: { ...fastTimings, reportIntervalMs: 500, backoff: { initialMs: 100, maxMs: 400 } },
  });
  reporter.start();
  t.after(() => reporter.stop());
  const since = (at: number) => (r: Received) => r.at > at;
  const activeStats = (active: boolean) => (r: Received) => r.message.type === 'stats' && r.message.stats.active === active;

  const first = await stats.waitFor((r) => (blockOf(r)?.number ?? 0) >= 2);
  const headBefore = blockOf(first)?.number ?? 0;

  // geth goes down: the session stays up and says so.
  await chain.stop();
  const down = await stats.waitFor(activeStats(false), 10_000);
  assert.equal(reporter.status().connected, true, 'still connected while geth is down');
  assert.equal(stats.collector.nodes()[0]?.active, false);

  // geth comes back on the same datadir: blocks flow again without a reconnect.
  const reconnectsBefore = reporter.status().reconnects;
  await restartCliqueGeth(t, chain);
  const back = await stats.waitFor((r) => since(down.at)(r) && (blockOf(r)?.number ?? 0) > headBefore, 20_000);
  await stats.waitFor((r) => since(back.at)(r) && activeStats(true)(r), 10_000);
  assert.equal(reporter.status().reconnects, reconnectsBefore, 'the ethstats session survived the geth restart');

  // The collector restarts on the same port: the reporter logs in again and resumes.
  await stats.close();
  const closedAt = Date.now();
  stats = await startTestCollector(t, { port, received });
  const resumed = await stats.waitFor((r) => r.at > closedAt && blockOf(r) !== undefined, 15_000);
  assert.ok((blockOf(resumed)?.number ?? 0) >= (blockOf(back)?.number ?? 0));
  assert.ok(reporter.status().reconnects > reconnectsBefore);
  assert.equal(stats.collector.nodes()[0]?.connected, true);
});
