import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hijackBootnode, idOfEnode, listedBootnodes } from './attacks/directory.js';
import { healthStatus, rssGrowth, rssOf, startDirectoryNetwork } from './directory-helpers.js';

test('a secret holder cannot re-point a boot node it does not own (real genesis and boot agents)', { timeout: 120_000 }, async (t) => {
  const net = await startDirectoryNetwork(t);
  const victim = net.bootEnode as string;
  assert.ok(victim !== undefined, 'the boot agent published its signed enode');
  const before = await rssOf(net.pid);

  const { attempts } = await hijackBootnode(net.target, victim, ['127.0.0.66', '169.254.169.254']);
  assert.deepEqual(attempts['127.0.0.66'], { status: 403, form: 'signed' }, 'signed with another key than the id\'s');
  assert.deepEqual(attempts['169.254.169.254'], { status: 422, form: 'signed' }, 'the metadata address is refused outright');
  const unsigned = await fetch(`${net.target.url}/bootnodes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${net.target.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ enode: `enode://${idOfEnode(victim)}@127.0.0.66:0?discport=30399` }),
  });
  assert.equal(unsigned.status, 400);
  assert.match(((await unsigned.json()) as { error: string }).error, /unsigned publication refused.*\{enode, network, timestamp, signature\}/);

  assert.deepEqual(await listedBootnodes(net.target.url), [victim], 'the directory still points at the real boot node');
  assert.deepEqual(await net.storedEnodes(), [victim], 'and so does the file on disk');
  assert.equal(await healthStatus(net.target.url), 200);
  const memory = await rssGrowth(net.pid, before);
  assert.ok(memory.growth < 50, `RSS +${memory.growth.toFixed(1)} MiB`);
  t.diagnostic(`attempts ${JSON.stringify(attempts)}; RSS before ${before.toFixed(1)} MiB, peak ${memory.peak.toFixed(1)} MiB`);
});
