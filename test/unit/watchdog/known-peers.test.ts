import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../../src/config/load.js';
import { createRedial } from '../../../src/roles/node-redial.js';
import { createKnownPeers, mergeKnownPeers, movedPeers, parseKnownPeers } from '../../../src/watchdog/known-peers.js';
import { readPeerLinks } from '../../../src/watchdog/readings.js';
import { nodeId } from '../../helpers/node-id.js';
import { tempDir } from '../../helpers/tmp.js';

const logger = pino({ level: 'silent' });
const enode = (c: string, host: string): string => `enode://${c.repeat(128)}@${host}:30303`;

test('known peers: the peers seen last first, one per node id (a new address replaces the old), at most 32', () => {
  const known = [enode('a', '10.0.0.1'), enode('b', '10.0.0.2')];
  assert.deepEqual(mergeKnownPeers(known, [enode('b', '10.0.0.9'), enode('c', '10.0.0.3')]), [enode('b', '10.0.0.9'), enode('c', '10.0.0.3'), enode('a', '10.0.0.1')]);
  const many = Array.from({ length: 40 }, (_, i) => `enode://${i.toString(16).padStart(128, '0')}@10.0.1.${i}:30303`);
  assert.equal(mergeKnownPeers([], many).length, 32);
  assert.deepEqual(parseKnownPeers('{"peers":["nope",7,"' + enode('d', 'x.example') + '"]}'), [enode('d', 'x.example')]);
  for (const junk of ['', 'null', '[]', '{"peers":{}}', '{']) assert.deepEqual(parseKnownPeers(junk), []);
});

test("known peers: the enodes of geth's own dials; of a peer that dialled in, only its key and IP (its port is a source port)", () => {
  const reply = [
    { enode: enode('a', '10.0.0.1'), network: { inbound: false } },
    { enode: `enode://${'b'.repeat(128)}@10.0.0.2:41234`, network: { inbound: true } },
    { enode: 5, network: { inbound: false } },
    { enode: enode('c', '10.0.0.3') },
    null,
  ];
  assert.deepEqual(readPeerLinks(reply), { outbound: [enode('a', '10.0.0.1')], inbound: [{ key: 'b'.repeat(128), ip: '10.0.0.2' }] });
  assert.deepEqual(readPeerLinks('nope'), { outbound: [], inbound: [] });
});

test('known peers: a remembered peer that dials in from a new address moved there, keeping its port', () => {
  const known = [enode('a', '10.0.0.1'), `enode://${'b'.repeat(128)}@10.0.0.2:30311`];
  assert.deepEqual(movedPeers(known, [{ key: 'b'.repeat(128), ip: '10.0.0.9' }, { key: 'a'.repeat(128), ip: '10.0.0.1' }, { key: 'c'.repeat(128), ip: '10.0.0.3' }]), [`enode://${'b'.repeat(128)}@10.0.0.9:30311`]);
});

test('known peers: kept across runs in a 0600 file; a broken file is an empty list', async (t) => {
  const dir = await tempDir(t, 'ga-known-');
  const file = join(dir, 'agent', 'peers.json');
  const first = createKnownPeers({ file, logger, listenPort: 30303 });
  await first.load();
  first.record({ outbound: [enode('a', '10.0.0.1')], inbound: [] });
  await first.flush();
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const second = createKnownPeers({ file, logger, listenPort: 30303 });
  await second.load();
  assert.deepEqual(second.list(), [enode('a', '10.0.0.1')]);
  // It dials in from where it moved: remembered there.
  second.record({ outbound: [], inbound: [{ key: 'a'.repeat(128), ip: '10.0.0.7' }] });
  assert.deepEqual(second.list(), [enode('a', '10.0.0.7')]);
  // One only ever seen dialling in: kept at this node's own P2P port, after the confirmed ones.
  second.record({ outbound: [], inbound: [{ key: 'e'.repeat(128), ip: '10.0.0.8' }] });
  assert.deepEqual(second.list(), [enode('a', '10.0.0.7'), enode('e', '10.0.0.8')]);
  await second.flush();
  await writeFile(file, '{"peers": [');
  const third = createKnownPeers({ file, logger, listenPort: 30303 });
  await third.load();
  assert.deepEqual(third.list(), []);
  third.record({ outbound: [], inbound: [] });
  await third.flush();
  assert.equal(await readFile(file, 'utf8'), '{"peers": [', 'nothing new: nothing written');
});

test('re-dial: the boot nodes, then the peers this node last dialled out to, each handed to admin_addPeer', async () => {
  const added: string[] = [];
  // Real public keys: the re-dial drops an id geth would refuse.
  const boot = `enode://${nodeId(1)}@10.0.0.5:0?discport=30301`;
  const known = `enode://${nodeId(2)}@10.0.0.1:30303`;
  const { config } = loadConfig({ GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://genesis:8080' });
  const redial = createRedial({
    config,
    logger,
    rpc: () => ({ call: async <T>(_method: string, params?: readonly unknown[]): Promise<T> => (added.push(String(params?.[0])), true as T) }),
    bootnodes: async () => [boot],
    // A remembered peer at an address no peer can be at (a tampered peers.json) is left out.
    knownPeers: () => [known, `enode://${nodeId(3)}@169.254.169.254:30303`],
    resolveHost: async (host) => host,
  });
  assert.deepEqual(await redial(), [boot, known]);
  assert.deepEqual(added, [boot, known]);
});
