import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listedBootnodes, publishSpecialAddresses, SPECIAL_HOSTS } from './attacks/directory.js';
import { healthStatus, refusalsCounted, startDirectoryNetwork } from './directory-helpers.js';

test('metadata, link-local, multicast and unspecified addresses are refused; GETH_AGENT_NETRESTRICT limits the directory (real genesis agent)', { timeout: 120_000 }, async (t) => {
  const net = await startDirectoryNetwork(t, { boot: false, genesisEnv: { GETH_AGENT_NETRESTRICT: '127.0.0.0/8' } });
  const special = await publishSpecialAddresses(net.target);
  t.diagnostic(JSON.stringify(special));
  for (const host of SPECIAL_HOSTS) assert.equal(special[host], 422, host);
  assert.equal(await refusalsCounted(net.port, 'directory_address'), SPECIAL_HOSTS.length);

  const restricted = await publishSpecialAddresses(net.target, ['10.0.0.7', '192.168.1.20', '[fd00::1]', '127.0.0.55']);
  assert.deepEqual(restricted, { '10.0.0.7': 422, '192.168.1.20': 422, '[fd00::1]': 422, '127.0.0.55': 201 });
  assert.equal(await refusalsCounted(net.port, 'directory_netrestrict'), 3);
  const listed = await listedBootnodes(net.target.url);
  assert.equal(listed.length, 1);
  assert.match(listed[0] as string, /@127\.0\.0\.55:0\?discport=30301$/);
  assert.equal(await healthStatus(net.target.url), 200);
});
