import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preloginFlood } from './attacks/collector-prelogin.js';
import { assertHealthy, assertHonest, loginFrom, pollHealth, refusals, startCollectorNetwork } from './collector-helpers.js';
import { showRss, watchRss } from './rss.js';

/** 50 MB, the growth the attacked agent is allowed. */
const allowedGrowthMiB = 50e6 / 2 ** 20;

test('collector, before login: 40 upgrades each sending a 15 MiB frame are refused or cut at the pre-login limit; RSS, /health, reporting and disk hold', { timeout: 180_000 }, async (t) => {
  const network = await startCollectorNetwork(t);
  const digest = await network.genesisDigest();
  const health = pollHealth(network);
  const rss = await watchRss(network.genesis.pid);

  const flood = await preloginFlood({ host: '127.0.0.1', port: network.genesis.port, connections: 40, frameBytes: 15 * 1024 * 1024, holdMs: 1000 });
  const figures = await rss.stop();
  const polled = await health.stop();
  const refused = await refusals(network);
  t.diagnostic(`${showRss(figures)}; flood ${JSON.stringify(flood)}; refusals ${JSON.stringify(refused)}; /health ${polled.polls - polled.failures.length}/${polled.polls}`);

  // Every connection was refused at the upgrade (a connection cap) or cut short by the pre-login
  // limit: none got to send its frame.
  assert.equal(flood.failed, 0, 'every connection got an answer');
  assert.equal(flood.refused + flood.cutShort, 40, `every connection refused or cut short: ${JSON.stringify(flood)}`);
  const counted = Object.values(refused).reduce((sum, n) => sum + n, 0);
  assert.equal(counted, 40, `each refusal counted once in /metrics: ${JSON.stringify(refused)}`);
  assert.equal((refused.collector_prelogin_bytes ?? 0) + (refused.collector_connections ?? 0) + (refused.collector_connections_per_address ?? 0), 40, 'under the pre-login limits');
  assert.ok(figures.max - figures.before <= allowedGrowthMiB, showRss(figures));
  assert.deepEqual(polled.failures, [], '/health answered throughout the attack');
  await assertHealthy(network);
  await assertHonest(network);
  assert.equal(await network.genesisDigest(), digest, 'the genesis on disk is unchanged');
});

test('collector, before login: one host holding upgraded connections open takes its own login slots only; a reporter from another address logs in at once', { timeout: 180_000 }, async (t) => {
  // Connections that upgrade and send nothing hold a login slot until the login timeout; the
  // per-address cap keeps them to 8 (127.0.0.1), so 127.0.0.2 is not affected.
  const network = await startCollectorNetwork(t, { GETH_AGENT_ETHSTATS_LOGIN_TIMEOUT_SECONDS: '2' });
  const rss = await watchRss(network.genesis.pid);
  const flooding = preloginFlood({ host: '127.0.0.1', port: network.genesis.port, connections: 200, frameBytes: 1024, sendBytes: 0, holdMs: 4000 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const started = Date.now();
  const ready = await loginFrom(`ws://127.0.0.1:${network.genesis.port}/api`, network.secret, 'reporter-elsewhere', '127.0.0.2');
  const loginMs = Date.now() - started;
  const flood = await flooding;
  const figures = await rss.stop();
  const refused = await refusals(network);
  t.diagnostic(`${showRss(figures)}; flood ${JSON.stringify(flood)}; login from 127.0.0.2 in ${loginMs} ms; refusals ${JSON.stringify(refused)}`);
  assert.equal(ready, true, 'the reporter from 127.0.0.2 got ready');
  assert.ok(loginMs < 1500, `it did not wait for the attacker's slots to time out: ${loginMs} ms`);
  // 8 slots at a time (more upgrade only as held ones time out, if connecting took that long).
  assert.equal(flood.upgraded + flood.refused, 200);
  assert.ok(flood.refused >= 150, `most refused at the upgrade: ${flood.refused}`);
  assert.equal(refused.collector_connections_per_address, flood.refused, 'every refusal counted');
  assert.equal(refused.collector_login_timeout, flood.upgraded, 'held connections closed at the login timeout');
  assert.ok(figures.max - figures.before <= allowedGrowthMiB, showRss(figures));
  await assertHealthy(network);
  await assertHonest(network);
});
