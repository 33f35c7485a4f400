import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { floodDirectory, listedBootnodes } from './attacks/directory.js';
import { healthStatus, refusalsCounted, rssGrowth, rssOf, startDirectoryNetwork } from './directory-helpers.js';

test('300 new ids from a secret holder evict no listed boot node: the directory refuses new ids when full (real agents)', { timeout: 180_000 }, async (t) => {
  // A TTL well above the flood's duration (9 s seen on a loaded machine): no flood entry expires
  // during it, so exactly the free places are taken.
  const net = await startDirectoryNetwork(t, { ttlSeconds: 45 });
  const legit = net.bootEnode as string;
  const before = await rssOf(net.pid);

  const flood = await floodDirectory(net.target, { count: 300, concurrency: 16 });
  t.diagnostic(`flood: ${JSON.stringify(flood.statuses)} in ${flood.ms} ms`);
  const accepted = flood.statuses['201 signed'] ?? 0;
  const refused = flood.statuses['507 signed'] ?? 0;
  assert.equal(accepted + refused, 300, JSON.stringify(flood.statuses));
  assert.ok(accepted <= 255, `at most the 255 free places were taken (${accepted})`);
  assert.ok(refused >= 45, `the rest was refused (${refused})`);

  const listed = await listedBootnodes(net.target.url);
  assert.ok(listed.length <= 256);
  assert.equal(listed[0], legit, 'the legitimate boot node is still listed, first (longest-standing)');
  assert.equal(await refusalsCounted(net.port, 'directory_full'), refused, 'every refusal counted in /metrics');
  assert.equal(await healthStatus(net.target.url), 200);

  // The boot agent keeps refreshing its own entry (every 15 s) while the flood's entries sit
  // there: the file on disk records its next publication.
  const floodEnded = Date.now();
  const deadline = floodEnded + 30_000;
  while (((await net.storedSeen(legit)) ?? 0) < floodEnded && Date.now() < deadline) await sleep(500);
  assert.ok(((await net.storedSeen(legit)) ?? 0) >= floodEnded, 'the boot agent republished after the flood, and the file on disk keeps it');
  assert.ok(!net.bootLines().some((l) => l.includes('cannot publish')), 'no publication of the boot agent was refused');
  const memory = await rssGrowth(net.pid, before);
  assert.ok(memory.growth < 50, `RSS +${memory.growth.toFixed(1)} MiB`);
  t.diagnostic(`listed ${listed.length}; RSS before ${before.toFixed(1)} MiB, peak ${memory.peak.toFixed(1)} MiB, now ${memory.now.toFixed(1)} MiB`);
});
