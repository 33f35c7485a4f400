import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeClient, decodeServer, encodeClient, encodeServer, type BlockStats } from '../../../src/ethstats/protocol/index.js';
import { gethFrames, sealedBlock } from './geth-frames.js';

test('every frame geth 1.13.15 sends decodes without a validation error', () => {
  for (const [name, frame] of Object.entries(gethFrames)) {
    const decoded = decodeClient(frame);
    assert.ok(decoded.ok, `${name}: ${decoded.ok ? '' : decoded.error}`);
  }
  const hello = decodeClient(gethFrames.hello);
  assert.ok(hello.ok && hello.message.type === 'hello');
  assert.equal(hello.message.secret, 'sec');
  assert.equal(hello.message.info.protocol, 'eth/68, snap/1');
  const latency = decodeClient(gethFrames.latency);
  assert.deepEqual(latency, { ok: true, message: { type: 'latency', id: 'node-a', latency: 0 } });
});

test('other reporters\' spellings: decimal strings, hex quantities, JSON-RPC blocks, history gaps, primus frames', () => {
  const block = JSON.parse(gethFrames.genesisBlock).emit[1].block as Record<string, unknown>;
  const rpc = { ...block, number: '0x7', timestamp: '0x10', gasUsed: '0x0', gasLimit: '0x1c9c380', difficulty: '0x2', totalDifficulty: '0xf', miner: `0x${'c3'.repeat(20)}`, extraData: '0x', transactions: [`0x${'ab'.repeat(32)}`] };
  const decoded = decodeClient(JSON.stringify({ emit: ['history', { id: 'a', history: [false, rpc, null] }] }));
  assert.ok(decoded.ok && decoded.message.type === 'history', decoded.ok ? '' : decoded.error);
  assert.equal(decoded.message.history.length, 1, 'entries the reporter could not read (false, null) are skipped');
  assert.deepEqual(
    { ...decoded.message.history[0] },
    { ...(decodeClient(JSON.stringify({ emit: ['block', { id: 'a', block: { ...block, number: 7, timestamp: 16, gasLimit: 30_000_000, difficulty: '2', totalDifficulty: '15', miner: `0x${'c3'.repeat(20)}`, transactions: [{ hash: `0x${'ab'.repeat(32)}` }] } }] })) as { message: { block: BlockStats } }).message.block, minerIsCoinbase: true },
  );
  const stats = decodeClient('{"emit":["stats",{"id":"a","stats":{"active":true,"syncing":{"currentBlock":1},"peers":"2","gasPrice":"1875000000","uptime":99.5}}]}');
  assert.deepEqual(stats, { ok: true, message: { type: 'stats', id: 'a', stats: { active: true, syncing: true, mining: false, hashrate: 0, peers: 2, gasPrice: 1_875_000_000, uptime: 99.5 } } });
  assert.deepEqual(decodeClient('"primus::ping::1796679219391"'), { ok: true, message: { type: 'primus-ping', stamp: '1796679219391' } });
  assert.deepEqual(decodeClient('{"_latency":11}'), { ok: true, message: { type: 'primus-latency' } });
  assert.deepEqual(decodeClient('{"_latency":11,"x":1}').ok, false);
  assert.deepEqual(decodeClient('{"emit":["update",{"id":"a"}]}'), { ok: true, message: { type: 'unknown', event: 'update' } });
});

test('the block encoder produces exactly the shape geth sends', () => {
  const geth = JSON.parse(gethFrames.genesisBlock) as { emit: [string, { block: BlockStats }] };
  const ours = JSON.parse(encodeClient({ type: 'block', id: 'node-a', block: geth.emit[1].block }));
  assert.deepEqual(ours, geth);
  const text = encodeClient({ type: 'block', id: 'n', block: { ...sealedBlock, hash: sealedBlock.hash.toUpperCase().replace('0X', '0x') } });
  assert.match(text, /"hash":"0x(ab){32}"/, 'hex is lower-cased');
  assert.match(text, /"uncles":\[\]/);
  assert.match(text, /"number":7,/);
  assert.match(text, /"difficulty":"2"/);
});

test('recorded geth frames (sealed block with transactions, history) decode, and re-encode to the same JSON', () => {
  for (const frame of [gethFrames.sealedBlock, gethFrames.history]) {
    const decoded = decodeClient(frame);
    assert.ok(decoded.ok, decoded.ok ? '' : decoded.error);
    // Same document (only the envelope's "id" comes first in ours; key order of a JSON object is not significant).
    assert.deepEqual(JSON.parse(encodeClient(decoded.message)), JSON.parse(frame));
  }
  const block = decodeClient(gethFrames.sealedBlock);
  assert.ok(block.ok && block.message.type === 'block');
  assert.equal(block.message.block.transactions.length, 3);
  assert.notEqual(block.message.block.miner, `0x${'00'.repeat(20)}`, 'geth reports the clique signer');
  const history = decodeClient(gethFrames.history);
  assert.ok(history.ok && history.message.type === 'history');
  assert.deepEqual(history.message.history.map((b) => b.number), [3, 2, 1]);
});

test('encoders: pending, stats, history, hello and the primus pong', () => {
  assert.equal(encodeClient({ type: 'pending', id: 'a', pending: 3 }), '{"emit":["pending",{"id":"a","stats":{"pending":3}}]}');
  const stats = { active: false, syncing: false, mining: true, hashrate: 0, peers: 2, gasPrice: 1, uptime: 50 };
  assert.deepEqual(JSON.parse(encodeClient({ type: 'stats', id: 'a', stats })), { emit: ['stats', { id: 'a', stats }] });
  assert.equal(encodeClient({ type: 'primus-pong', stamp: '42' }), '"primus::pong::42"');
  assert.equal(encodeServer({ type: 'ready' }), '{"emit":["ready"]}');
  assert.equal(encodeServer({ type: 'history-request', list: undefined }), '{"emit":["history",false]}');
  assert.equal(encodeServer({ type: 'history-request', list: [3, 4] }), '{"emit":["history",{"max":4,"min":3,"list":[3,4]}]}');
  const history = JSON.parse(encodeClient({ type: 'history', id: 'a', history: [sealedBlock] }));
  assert.deepEqual(history.emit[1].history[0].uncles, []);
});

test('server frames: ready, node-pong, history list and false, primus heartbeats', () => {
  assert.deepEqual(decodeServer('{"emit":["ready"]}'), { ok: true, message: { type: 'ready' } });
  assert.deepEqual(decodeServer('{"emit":["node-pong",{"clientTime":5,"serverTime":9}]}'), {
    ok: true,
    message: { type: 'node-pong', clientTime: 5, serverTime: 9 },
  });
  assert.deepEqual(decodeServer('{"emit":["history",{"max":3,"min":1,"list":[3,1,2,2]}]}'), {
    ok: true,
    message: { type: 'history-request', list: [1, 2, 3] },
  });
  assert.deepEqual(decodeServer('{"emit":["history",false]}'), { ok: true, message: { type: 'history-request', list: undefined } });
  const many = Array.from({ length: 80 }, (_, i) => i);
  const capped = decodeServer(JSON.stringify({ emit: ['history', { list: many }] }));
  assert.ok(capped.ok && capped.message.type === 'history-request');
  assert.deepEqual(capped.message.list, many.slice(30));
  assert.deepEqual(decodeServer('"primus::ping::1700000000000"'), { ok: true, message: { type: 'primus-ping', stamp: '1700000000000' } });
  assert.deepEqual(decodeServer('"primus::server::close"'), { ok: true, message: { type: 'primus-close' } });
  assert.deepEqual(decodeServer('{"emit":["client-latency",{}]}'), { ok: true, message: { type: 'unknown', event: 'client-latency' } });
});

test('malformed server frames are reported, never thrown', () => {
  for (const bad of ['not json', '{', '42', 'null', '"hello"', '{"emit":[]}', '{"emit":[7]}', '{"foo":1}',
    '{"emit":["history",{"list":[1,"2"]}]}', '{"emit":["history",{"list":[1.5]}]}', '{"emit":["history",{"list":[-1]}]}',
    '{"emit":["history",{"list":"1,2"}]}', '{"emit":["history",{"list":[null]}]}', '{"emit":["history",{}]}']) {
    const decoded = decodeServer(bad);
    assert.equal(decoded.ok, false, bad);
  }
});

test('malformed client frames: garbage, hello without secret, bad block fields', () => {
  const block = JSON.parse(gethFrames.genesisBlock).emit[1].block;
  const cases: Array<[string, RegExp]> = [
    ['garbage', /not JSON/],
    ['{"emit":["hello",{"id":"a","info":{}}]}', /without a secret/],
    ['{"emit":["hello",{"info":{},"secret":"s"}]}', /without an id/],
    ['{"emit":["block",{"id":"a","block":null}]}', /not an object/],
    [JSON.stringify({ emit: ['block', { id: 'a', block: { ...block, uncles: null } }] }), /uncles/],
    [JSON.stringify({ emit: ['block', { id: 'a', block: { ...block, number: '1.5' } }] }), /number/],
    [JSON.stringify({ emit: ['block', { id: 'a', block: { ...block, number: '-1' } }] }), /number/],
    [JSON.stringify({ emit: ['block', { id: 'a', block: { ...block, number: '9'.repeat(81) } }] }), /number/],
    [JSON.stringify({ emit: ['block', { id: 'a', block: { ...block, number: '0x' } }] }), /number/],
    [JSON.stringify({ emit: ['block', { id: 'a', block: { ...block, difficulty: 1 } }] }), /difficulty/],
    [JSON.stringify({ emit: ['block', { id: 'a', block: { ...block, transactions: [null] } }] }), /transactions/],
    ['{"emit":["stats",{"id":"a","stats":{"active":"yes"}}]}', /active/],
    ['{"emit":["pending",{"id":"a","stats":{}}]}', /pending/],
    ['{"emit":["latency",{"id":"a","latency":"fast"}]}', /latency/],
    ['{"emit":["stats",{"id":"a","stats":{"active":true,"syncing":false,"peers":1,"gasPrice":"1e9","uptime":100}}]}', /gasPrice/],
    ['"hello"', /unexpected string/],
    [JSON.stringify(`primus::ping::${'1'.repeat(65)}`), /stamp of 65/],
  ];
  for (const [frame, reason] of cases) {
    const decoded = decodeClient(frame);
    assert.ok(!decoded.ok, frame);
    assert.match(decoded.error, reason, frame);
  }
});

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`);
const arbBlock: fc.Arbitrary<BlockStats> = fc.record({
  number: fc.nat(), hash: hex(32), parentHash: hex(32), timestamp: fc.nat(), miner: hex(20), gasUsed: fc.nat(), gasLimit: fc.nat(),
  difficulty: fc.bigInt({ min: 0n, max: 2n ** 128n }).map(String), totalDifficulty: fc.bigInt({ min: 0n, max: 2n ** 128n }).map(String),
  transactions: fc.array(hex(32).map((hash) => ({ hash })), { maxLength: 5 }), transactionsRoot: hex(32), stateRoot: hex(32), uncles: fc.constant([]),
});

test('property: every encoded block decodes back to itself', () => {
  fc.assert(
    fc.property(arbBlock, (block) => {
      const decoded = decodeClient(encodeClient({ type: 'block', id: 'x', block }));
      assert.ok(decoded.ok && decoded.message.type === 'block');
      assert.deepEqual(decoded.message.block, JSON.parse(JSON.stringify(block)));
    }),
  );
});

test('property: decoders never throw on arbitrary text or JSON', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ emit: ['history', v] })),
      fc.jsonValue().map((v) => JSON.stringify({ emit: ['block', { id: 'a', block: v }] }))), (text) => {
      assert.equal(typeof decodeServer(text).ok, 'boolean');
      assert.equal(typeof decodeClient(text).ok, 'boolean');
    }),
    { numRuns: 500 },
  );
});
