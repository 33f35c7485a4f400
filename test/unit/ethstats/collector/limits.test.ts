import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { admitNode, expiredIds, type RecordMeta } from '../../../../src/ethstats/collector/admit.js';
import { addressKey, createLoginSlots } from '../../../../src/ethstats/collector/limits.js';
import { fullBucket, takeBytes } from '../../../../src/ethstats/collector/rate.js';
import { applyReport, newRecord, relogin, viewOf } from '../../../../src/ethstats/collector/state.js';
import type { BlockStats, NodeInfo } from '../../../../src/ethstats/protocol/types.js';
import { sealedBlock } from '../geth-frames.js';

test('login slots: capped in total and per address, each refusal names its limit, a release counts once', () => {
  const slots = createLoginSlots({ maxLogins: 3, maxLoginsPerAddress: 2 });
  const a1 = slots.take('10.0.0.1');
  const a2 = slots.take('10.0.0.1');
  assert.ok(a1.ok && a2.ok);
  assert.deepEqual(slots.take('10.0.0.1'), { ok: false, limit: 'collector_connections_per_address' });
  const b1 = slots.take('10.0.0.2');
  assert.ok(b1.ok);
  assert.deepEqual(slots.take('10.0.0.3'), { ok: false, limit: 'collector_connections' });
  a1.release();
  a1.release();
  assert.equal(slots.size(), 2, 'a second release of one slot frees nothing more');
  assert.deepEqual(slots.take('10.0.0.2').ok, true);
  assert.deepEqual(slots.take('10.0.0.1'), { ok: false, limit: 'collector_connections' });
});

test('login slots: any sequence of takes and releases keeps the counts within the caps and back to 0', () => {
  const op = fc.oneof(fc.record({ take: fc.constantFrom('a', 'b', 'c', '::1') }), fc.record({ release: fc.nat(20) }));
  let refusedPerAddress = 0;
  let refusedTotal = 0;
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (ops, maxLogins, maxLoginsPerAddress) => {
      const slots = createLoginSlots({ maxLogins, maxLoginsPerAddress });
      const held: Array<{ address: string; release: () => void }> = [];
      for (const o of ops) {
        if ('take' in o) {
          const slot = slots.take(o.take);
          const mine = held.filter((h) => h.address === o.take).length;
          if (slot.ok) held.push({ address: o.take, release: slot.release });
          else if (slot.limit === 'collector_connections') {
            refusedTotal += 1;
            assert.equal(held.length, maxLogins);
          } else {
            refusedPerAddress += 1;
            assert.equal(mine, maxLoginsPerAddress);
          }
        } else held.splice(o.release % Math.max(1, held.length), 1)[0]?.release();
        assert.equal(slots.size(), held.length);
        assert.ok(held.length <= maxLogins);
      }
      for (const h of held) h.release();
      assert.equal(slots.size(), 0);
    }),
    {
      numRuns: 300,
      examples: [
        [[{ take: 'a' }, { take: 'a' }], 5, 1],
        [[{ take: 'a' }, { take: 'b' }], 1, 5],
      ],
    },
  );
  assert.ok(refusedPerAddress > 0 && refusedTotal > 0, 'both limits refused something');
});

test('address key: IPv4-mapped IPv6 is the IPv4 address', () => {
  assert.equal(addressKey('::ffff:127.0.0.1'), '127.0.0.1');
  assert.equal(addressKey('127.0.0.1'), '127.0.0.1');
  assert.equal(addressKey('::1'), '::1');
  assert.equal(addressKey(undefined), 'unknown');
});

const meta = (id: string, connected: boolean, lastSeen: number): RecordMeta => ({ id, connected, lastSeen });

test('node admission: expired records go, a known id fits, a new one takes the longest-disconnected place, never a connected one', () => {
  const limits = { maxNodes: 3, nodeTtlMs: 1000 };
  const records = [meta('a', true, 0), meta('b', false, 500), meta('c', false, 200)];
  assert.deepEqual(expiredIds(records, 1300, 1000), ['c']);
  assert.deepEqual(admitNode(records, 'd', 1300, limits), { ok: true, forget: ['c'] }, 'the expired record makes room');
  assert.deepEqual(admitNode(records, 'd', 900, limits), { ok: true, forget: ['c'] }, 'full: the longest-disconnected record makes room');
  assert.deepEqual(admitNode(records, 'b', 900, limits), { ok: true, forget: [] }, 'a known id keeps its place');
  const connected = [meta('a', true, 0), meta('b', true, 0), meta('c', true, 0)];
  assert.deepEqual(admitNode(connected, 'd', 10_000, limits), { ok: false }, 'every record connected: refused');
  assert.deepEqual(admitNode(connected, 'a', 10_000, limits), { ok: true, forget: [] });
});

test('node admission: records stay within the cap and connected nodes are never forgotten (property)', () => {
  const record = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), connected: fc.boolean(), lastSeen: fc.nat(5000) });
  let refused = 0;
  let evicted = 0;
  fc.assert(
    fc.property(fc.uniqueArray(record, { selector: (r) => r.id, maxLength: 6 }), fc.constantFrom('a', 'f', 'g'), fc.integer({ min: 1, max: 6 }), fc.nat(6000), (records, id, maxNodes, now) => {
      // The collector never holds more records than the cap: only such states are reachable.
      fc.pre(records.length <= maxNodes);
      const limits = { maxNodes, nodeTtlMs: 1000 };
      const admission = admitNode(records, id, now, limits);
      const known = records.some((r) => r.id === id);
      if (!admission.ok) {
        refused += 1;
        assert.ok(!known);
        assert.ok(records.filter((r) => r.connected).length >= maxNodes, 'refused only when connected nodes fill the cap');
        return;
      }
      for (const gone of admission.forget) assert.equal(records.find((r) => r.id === gone)?.connected, false, 'a connected node was forgotten');
      const after = records.filter((r) => !admission.forget.includes(r.id)).length + (known && !admission.forget.includes(id) ? 0 : 1);
      assert.ok(after <= maxNodes, `${after} records after admission`);
      if (admission.forget.some((gone) => now - (records.find((r) => r.id === gone)?.lastSeen ?? 0) < 1000)) evicted += 1;
    }),
    {
      numRuns: 500,
      examples: [
        [[{ id: 'a', connected: true, lastSeen: 0 }], 'g', 1, 0],
        [[{ id: 'a', connected: false, lastSeen: 0 }, { id: 'b', connected: true, lastSeen: 0 }], 'g', 2, 10],
      ],
    },
  );
  assert.ok(refused > 0 && evicted > 0, 'both the refusal and the eviction branch were reached');
});

const info: NodeInfo = { name: 'n', node: 'Geth', port: 1, net: '1', protocol: 'eth/68', api: 'No', os: 'linux', os_v: 'x64', client: '0.1.1', canUpdateHistory: true };
const withTxs = (number: number, txs: number): BlockStats => ({
  ...(sealedBlock as BlockStats),
  number,
  transactions: Array.from({ length: txs }, (_, i) => ({ hash: `0x${i.toString(16).padStart(64, '0')}` })),
});

test('node state keeps transaction counts and at most 50 block summaries, whatever the reports hold', () => {
  let record = newRecord('n', info, 0);
  record = applyReport(record, { type: 'block', id: 'n', block: withTxs(2000, 5000) }, 1);
  record = applyReport(record, { type: 'history', id: 'n', history: Array.from({ length: 1000 }, (_, i) => withTxs(1000 + i, 3)) }, 2);
  assert.equal(record.blocks.length, 50);
  assert.equal(record.blocks[0]?.number, 2000);
  assert.equal(record.blocks[1]?.number, 1999);
  assert.equal(viewOf(record).head?.transactions, 5000);
  assert.ok(JSON.stringify(record).length < 20_000, `record of ${JSON.stringify(record).length} bytes`);
  assert.equal(relogin({ ...record, historyAsked: true, connected: false }, info, 5).historyAsked, false);
});

test('rate: a full bucket passes a burst, then the debt is paid back at the rate', () => {
  const limit = { rate: 1000, burst: 2000 };
  let bucket = fullBucket(limit, 0);
  let taken = takeBytes(bucket, 1500, 0, limit);
  assert.equal(taken.waitMs, 0);
  taken = takeBytes(taken.bucket, 1500, 0, limit);
  assert.equal(taken.waitMs, 1000, '1000 bytes over: 1 s at 1000 B/s');
  assert.equal(takeBytes(taken.bucket, 0, 500, limit).waitMs, 500, 'half paid back after 0.5 s');
  assert.equal(takeBytes(taken.bucket, 0, 1000, limit).waitMs, 0);
  bucket = takeBytes(taken.bucket, 0, 60_000, limit).bucket;
  assert.equal(bucket.tokens, 2000, 'refills up to the burst, no further');
});

test('rate: over any sequence, what passes without waiting never exceeds burst + rate x elapsed (property)', () => {
  let waited = 0;
  fc.assert(
    fc.property(fc.array(fc.record({ bytes: fc.nat(5000), gapMs: fc.nat(2000) }), { maxLength: 40 }), (reads) => {
      const limit = { rate: 1000, burst: 4000 };
      let bucket = fullBucket(limit, 0);
      let now = 0;
      let total = 0;
      for (const read of reads) {
        now += read.gapMs;
        const taken = takeBytes(bucket, read.bytes, now, limit);
        bucket = taken.bucket;
        total += read.bytes;
        if (taken.waitMs > 0) {
          waited += 1;
          // The reader stops until the debt is paid: time moves on by the wait.
          now += taken.waitMs;
        }
        assert.ok(total <= limit.burst + (limit.rate * now) / 1000 + 1, `${total} bytes by ${now} ms`);
      }
    }),
    { numRuns: 300, examples: [[[{ bytes: 5000, gapMs: 0 }, { bytes: 5000, gapMs: 0 }]]] },
  );
  assert.ok(waited > 0, 'the waiting branch was reached');
});
