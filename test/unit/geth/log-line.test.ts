import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_LINE, parseGethLine, recognize } from '../../../src/geth/log-line.js';

const enode = `enode://${'ab'.repeat(64)}@127.0.0.1:30303?discport=0`;

test('log-line: level, time, padded message and key=values (quoted and plain)', () => {
  const line = parseGethLine(`INFO [11-22|02:23:47.171] Started P2P networking                   self="${enode}"`);
  assert.deepEqual(line, { level: 'info', time: '11-22|02:23:47.171', msg: 'Started P2P networking', fields: { self: enode } });
  const sealed = parseGethLine('INFO [11-22|02:23:49.002] Successfully sealed new block            number=12 sealhash=abcd..ef01 hash=1234..5678 elapsed=1.000s');
  assert.equal(sealed.fields.number, '12');
  assert.deepEqual(recognize(sealed), { kind: 'sealed', number: 12, hash: '1234..5678' });
  const warn = parseGethLine('WARN [11-22|02:23:50.000] Unclean shutdown detected                booted=2026-11-22T02:34:37+0000 age=2s');
  assert.equal(warn.level, 'warn');
  assert.deepEqual(recognize(warn), { kind: 'unclean-shutdown' });
  const quoted = parseGethLine('ERROR[11-22|02:23:51.000] Something failed                         err="a \\"quoted\\" value\\nnext" n=1,024');
  assert.equal(quoted.level, 'error');
  assert.equal(quoted.fields.err, 'a "quoted" value\nnext');
  assert.equal(quoted.fields.n, '1,024');
  const long = parseGethLine(`INFO [11-22|02:23:51.000] A message longer than forty characters, with a=b inside it x=1`);
  assert.equal(long.msg, 'A message longer than forty characters, with a=b inside it');
  assert.deepEqual(long.fields, { x: '1' });
});

test('log-line: recognizes the state lines', () => {
  const kinds = [
    ['INFO [01-01|00:00:00.000] IPC endpoint opened                      url=/d/geth.ipc', 'ipc-opened'],
    ['INFO [01-01|00:00:00.000] Imported new chain segment               number=5 hash=ab..cd', 'imported'],
    ['INFO [01-01|00:00:00.000] Looking for peers                        peercount=0 tried=0 static=0', 'looking-for-peers'],
    ['Fatal: Failed to register the Ethereum service: incompatible genesis', 'fatal'],
    ['CRIT [01-01|00:00:00.000] Something fatal', 'fatal'],
    [enode, 'p2p-started'],
  ];
  for (const [raw, kind] of kinds) assert.equal(recognize(parseGethLine(raw as string))?.kind, kind, raw);
  assert.deepEqual(recognize(parseGethLine('INFO [01-01|00:00:00.000] Looking for peers peercount=3')), { kind: 'looking-for-peers', peers: 3 });
  assert.equal(recognize(parseGethLine('INFO [01-01|00:00:00.000] Chain head was updated number=1')), undefined);
});

test('log-line: lines without a header are info (banners), overlong lines are cut', () => {
  assert.deepEqual(parseGethLine('Note: you are using cmd/bootnode'), { level: 'info', msg: 'Note: you are using cmd/bootnode', fields: {} });
  assert.ok(parseGethLine(`INFO [01-01|00:00:00.000] x ${'y'.repeat(100_000)}`).msg.length <= MAX_LINE);
});

test('log-line: never throws, whatever the line (property)', () => {
  const pieces = fc.constantFrom('INFO [11-22|02:23:47.171] ', 'WARN [', '] ', ' ', '=', '"', '\\', 'k=', 'v', 'msg', '\\x4', '\\u12', '\n', '\r');
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.array(pieces, { maxLength: 60 }).map((a) => a.join(''))), (raw) => {
    const line = parseGethLine(raw);
    assert.equal(typeof line.msg, 'string');
    recognize(line);
  }), { numRuns: 2000 });
});

test('log-line: a pathological line parses in bounded time', () => {
  const start = Date.now();
  parseGethLine(`INFO [01-01|00:00:00.000] m ${' a="'.repeat(2000)}`);
  parseGethLine(`INFO [01-01|00:00:00.000] m ${' a=b c'.repeat(1500)}`);
  assert.ok(Date.now() - start < 500);
});
