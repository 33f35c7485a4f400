import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readCliqueSnapshot, readGasPrice, readHead, readPeerLinks, readPeers, readSyncing, readTxpool, type Check } from '../../../src/watchdog/readings.js';
import { nastyJson, nearValid, reachCounter } from '../../helpers/fuzz.js';

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

const reached = reachCounter({ 'head read': 2, 'peers read': 50, 'syncing read': 4, 'txpool read': 1, 'snapshot read': 2, 'gasPrice read': 50, 'failed reading': 2000 });

const assertCheck = (name: string, check: Check<unknown>): void => {
  reached.hit(check.ok ? `${name} read` : 'failed reading');
  if (check.ok) assertNumbers(check.value);
  else assert.ok(typeof check.reason === 'string' && check.reason.length > 0);
};

test('geth replies: every reading is typed numbers or a failed reading with a reason (property)', () => {
  const replies = fc.oneof(nastyJson, fc.constantFrom(...valid).chain(([, v]) => nearValid(v)), fc.constantFrom('"0xffffffffffffff"', '"0x20000000000000"', '"0x1fffffffffffff"', '"0x"', '"0X10"', '"10"'));
  fc.assert(
    fc.property(replies, fc.option(fc.nat()), (text, head) => {
      const reply = JSON.parse(text) as unknown;
      const checks = { head: readHead(reply), peers: readPeers(reply), syncing: readSyncing(reply, head ?? undefined), txpool: readTxpool(reply), snapshot: readCliqueSnapshot(reply), gasPrice: readGasPrice(reply) };
      for (const [name, check] of Object.entries(checks)) assertCheck(name, check);
      const links = readPeerLinks(reply);
      assert.ok(links.outbound.every((e) => typeof e === 'string') && links.inbound.every(({ key, ip }) => /^[0-9a-f]{128}$/.test(key) && typeof ip === 'string'));
    }),
    { numRuns: 1000, examples: valid.map(([, v]) => [JSON.stringify(v), 16] as [string, number]) },
  );
  reached.assertReached();
});
