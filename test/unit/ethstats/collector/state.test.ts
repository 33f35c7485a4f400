import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyReport, missingHistory, newRecord, roleOf, viewOf } from '../../../../src/ethstats/collector/state.js';
import { escapeHtml, renderNetworkPage } from '../../../../src/ethstats/collector/page.js';
import type { NodeInfo } from '../../../../src/ethstats/protocol/types.js';
import { sealedBlock } from '../geth-frames.js';

const info: NodeInfo = { name: 'sealer-1', node: 'Geth/v1.13.15', port: 30303, net: '4242', protocol: 'eth/68', api: 'No', os: 'linux', os_v: 'amd64', client: '0.1.1', canUpdateHistory: true };

test('reports fold into the latest state; the view derives block time from the parent', () => {
  let record = newRecord('a', info, 1000);
  record = applyReport(record, { type: 'block', id: 'a', block: { ...sealedBlock, number: 0 } }, 1001);
  assert.equal(record.blocks.length, 0, 'genesis blocks are dropped, like eth-netstats');
  record = applyReport(record, { type: 'block', id: 'a', block: sealedBlock }, 2000);
  record = applyReport(record, { type: 'history', id: 'a', history: [{ ...sealedBlock, number: 6, timestamp: sealedBlock.timestamp - 5 }] }, 2001);
  record = applyReport(record, { type: 'stats', id: 'a', stats: { active: true, syncing: false, mining: true, hashrate: 0, peers: 3, gasPrice: 1, uptime: 99 } }, 2002);
  record = applyReport(record, { type: 'latency', id: 'a', latency: 4 }, 2003);
  record = applyReport(record, { type: 'pending', id: 'a', pending: 2 }, 2004);
  const view = viewOf(record);
  assert.equal(view.head?.number, 7);
  assert.equal(view.blockTime, 5);
  assert.equal(view.peers, 3);
  assert.equal(view.latency, 4);
  assert.equal(view.pending, 2);
  assert.equal(view.role, 'sealer');
  assert.equal(view.lastSeen, new Date(2004).toISOString());
  assert.deepEqual(missingHistory(record, 7), [5], 'the newest missing block below the head');
  assert.deepEqual(missingHistory(record, 6), [5]);
  assert.deepEqual(missingHistory(record, 8), [5], 'blocks already held are not asked again');
  assert.deepEqual(missingHistory(newRecord('b', info, 0), 1), [], 'nothing below block 1');
});

test('role: info.role when sent, else guessed from the name', () => {
  assert.equal(roleOf({ ...info, role: 'client' }), 'client');
  assert.equal(roleOf({ ...info, name: 'Boot-2' }), 'boot');
  assert.equal(roleOf({ ...info, name: 'node7' }), 'unknown');
});

test('the network page escapes every value', () => {
  assert.equal(escapeHtml('<a href="x">&\''), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  const view = viewOf(newRecord('<script>alert(1)</script>', { ...info, name: '<img src=x onerror=alert(1)>' }, 0));
  const html = renderNetworkPage([view], 5000);
  assert.ok(!html.includes('<img src=x'));
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(html, /5 s ago/);
});
