import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readCliqueSnapshot, readGasPrice, readHead, readPeers, readSyncing, readTxpool, type Check } from '../../../src/watchdog/readings.js';
import { nastyJson, nearValid } from '../../helpers/fuzz.js';

const hash = `0x${'ab'.repeat(32)}`;
const valid: Array<[string, unknown]> = [
  ['head', { number: '0x10', hash, timestamp: '0x6560f0a0', parentHash: hash }],
  ['syncing', { currentBlock: '0x10', highestBlock: '0x20', startingBlock: '0x0' }],
  ['txpool', { pending: '0x3', queued: '0x0' }],
  ['snapshot', { number: 16, hash, signers: { [`0x${'aa'.repeat(20)}`]: {}, [`0x${'BB'.repeat(20)}`]: {} }, recents: { '16': `0x${'aa'.repeat(20)}` }, votes: [], tally: {} }],
  ['peers', [{ id: 'x' }]],
  ['gasPrice', '0x3b9aca00'],
];

/** Every number in a reading is a non-negative integer: never NaN or Infinity (above 2^53 geth's own quantities round). */
function assertNumbers(value: unknown): void {
  if (typeof value === 'number') assert.ok(Number.isInteger(value) && value >= 0, String(value));
  else if (Array.isArray(value)) value.forEach(assertNumbers);
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach(assertNumbers);
}

const assertCheck = (check: Check<unknown>): void => {
  if (check.ok) assertNumbers(check.value);
  else assert.ok(typeof check.reason === 'string' && check.reason.length > 0);
};

test('geth replies: every reading is typed numbers or a failed reading with a reason (property)', () => {
  const replies = fc.oneof(nastyJson, fc.constantFrom(...valid).chain(([, v]) => nearValid(v)), fc.constantFrom('"0xffffffffffffff"', '"0x20000000000000"', '"0x1fffffffffffff"', '"0x"', '"0X10"', '"10"'));
  fc.assert(
    fc.property(replies, fc.option(fc.nat()), (text, head) => {
      const reply = JSON.parse(text) as unknown;
      for (const check of [readHead(reply), readPeers(reply), readSyncing(reply, head ?? undefined), readTxpool(reply), readCliqueSnapshot(reply), readGasPrice(reply)]) assertCheck(check);
    }),
    { numRuns: 1000 },
  );
});
