import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeClient, decodeServer, encodeClient, encodeServer, type Decoded } from '../../../../src/ethstats/protocol/index.js';
import { deepArray, nastyJson, nearValid, protoObject, reachCounter } from '../../../helpers/fuzz.js';
import { gethFrames, sealedBlock } from '../geth-frames.js';

const SECRET = 'fuzz-secret-7f3a9c1e';
const frame = (event: string, payload: unknown): unknown => ({ emit: [event, payload] });
const clientFrames: unknown[] = [
  ...Object.values(gethFrames).map((text) => JSON.parse(text) as unknown),
  frame('hello', { id: 'n', secret: SECRET, info: { name: 'n', node: 'Geth', port: 1, net: '1', protocol: 'eth/68', api: 'No', os: 'linux', os_v: 'x', client: '0.1', canUpdateHistory: true, role: 'sealer' } }),
  frame('block', { id: 'n', block: sealedBlock }),
  frame('history', { id: 'n', history: [sealedBlock, { ...sealedBlock, number: 6 }] }),
];
const serverFrames: string[] = [
  encodeServer({ type: 'ready' }),
  encodeServer({ type: 'node-pong', clientTime: '2026-01-01 00:00:00', serverTime: 1 }),
  encodeServer({ type: 'history-request', list: [1, 2, 3] }),
  encodeServer({ type: 'history-request', list: undefined }),
  encodeServer({ type: 'primus-ping', stamp: '123' }),
];

/** Anything a peer can send: garbage, nasty JSON, emits with nasty payloads, near-valid frames. */
const inbound = (valid: unknown[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 200 }),
    nastyJson,
    fc.tuple(fc.constantFrom('hello', 'node-ping', 'latency', 'block', 'pending', 'stats', 'history', 'ready', 'node-pong', 'x'), nastyJson).map(([e, p]) => `{"emit":[${JSON.stringify(e)},${p}]}`),
    { weight: 4, arbitrary: fc.constantFrom(...valid).chain(nearValid) },
  );

/** As sent on the wire (-0 is 0 there). */
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const assertShape = (decoded: Decoded<unknown>): void => {
  assert.equal(typeof decoded.ok, 'boolean');
  if (!decoded.ok) {
    assert.equal(typeof decoded.error, 'string');
    assert.ok(decoded.error.length < 600, `error of ${decoded.error.length} characters`);
  }
};

test('decodeClient: any frame decodes or names its problem; accepted frames re-encode to themselves', () => {
  const reached = reachCounter({ accepted: 40, refused: 200 });
  fc.assert(
    fc.property(inbound(clientFrames), (text) => {
      const decoded = decodeClient(text);
      assertShape(decoded);
      reached.hit(decoded.ok ? 'accepted' : 'refused');
      if (!decoded.ok) return assert.ok(!decoded.error.includes(SECRET), 'the hello secret is echoed');
      // node-ping's clientTime is opaque (echoed in node-pong): a string or a number, as JSON.
      if (decoded.message.type === 'node-ping') return assert.ok(['string', 'number'].includes(typeof decoded.message.clientTime));
      assert.deepEqual(json(decodeClient(encodeClient(decoded.message))), json(decoded));
    }),
    { numRuns: 1000 },
  );
  reached.assertReached();
});

test('decodeServer: any frame decodes or names its problem; accepted frames re-encode to themselves', () => {
  const reached = reachCounter({ accepted: 40, refused: 200 });
  fc.assert(
    fc.property(inbound(serverFrames.map((t) => JSON.parse(t) as unknown)), (text) => {
      const decoded = decodeServer(text);
      assertShape(decoded);
      reached.hit(decoded.ok ? 'accepted' : 'refused');
      // node-pong's clientTime is opaque (the reporter ignores it), so it need not re-encode.
      if (!decoded.ok || decoded.message.type === 'unknown' || decoded.message.type === 'node-pong') return;
      if (decoded.message.type === 'history-request') {
        const list = decoded.message.list ?? [];
        assert.ok(list.length <= 50 && list.every((n) => Number.isSafeInteger(n) && n >= 0));
      }
      assert.deepEqual(json(decodeServer(encodeServer(decoded.message))), json(decoded));
    }),
    { numRuns: 1000 },
  );
  reached.assertReached();
});

test('the frames that broke the decoders (regressions)', () => {
  const deep = deepArray();
  // RangeError: the error message stringified the whole (deep) value.
  assert.equal(decodeServer(`{"emit":["history",{"list":${deep}}]}`).ok, false);
  assert.equal(decodeServer(`{"emit":["history",{"list":[${deep}]}]}`).ok, false);
  assert.equal(decodeClient(`{"emit":["latency",{"id":"a","latency":${deep}}]}`).ok, false);
  // TypeError: String() of an object whose own toString is not a function.
  const ping = decodeClient(`{"emit":["node-ping",{"id":"a","clientTime":${protoObject}}]}`);
  assert.ok(ping.ok && ping.message.type === 'node-ping' && typeof ping.message.clientTime === 'string');
});
