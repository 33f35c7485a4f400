import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildCliqueGenesis, serializeGenesis } from '../../../src/genesis/build.js';
import { fetchGenesisOnce, GenesisFetchError, type FetchLike } from '../../../src/genesis/fetch.js';
import { nastyJson, nearValid, reachCounter } from '../../helpers/fuzz.js';
import { baseSpec } from './helpers.js';

const genesis = JSON.parse(serializeGenesis(buildCliqueGenesis({ ...baseSpec, signers: [`0x${'aa'.repeat(20)}`] })).toString()) as unknown;
const MAX = 64 * 1024;

const hostile = fc.record({
  status: fc.oneof({ weight: 3, arbitrary: fc.constant(200) }, { weight: 2, arbitrary: fc.constantFrom(204, 301, 404, 500, 503, 0, 999) }),
  length: fc.constantFrom(null, '0', '-1', 'abc', '1e9', String(MAX + 1), '99999999999999999999', ' 12 '),
  retryAfter: fc.constantFrom(null, '5', 'x'.repeat(10_000), '-1'),
  body: fc.oneof({ weight: 4, arbitrary: nearValid(genesis) }, { weight: 2, arbitrary: fc.constant(JSON.stringify(genesis)) }, nastyJson, fc.string({ maxLength: 100 }), fc.constant(null)),
  chunk: fc.integer({ min: 1, max: 4096 }),
  // fc.option would make 5 of 6 replies fail before the body: most runs must reach validation.
  breakAfter: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat({ max: 3 }) }),
  reject: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('ECONNREFUSED', 'socket hang up') }),
});
const valid = JSON.stringify(genesis);
/**
 * A reply a sound server sends: 200, the genesis, an honest or absent length, any chunking. The
 * hostile generator alone reaches acceptance in about 1 run of 60 (status, headers, body, breaks and
 * rejects must all line up), so a 500-run sweep missed it now and then: this keeps a fixed share.
 */
const sound = fc.record({
  status: fc.constant(200),
  length: fc.constantFrom(null, String(Buffer.byteLength(valid))),
  retryAfter: fc.constant(null),
  body: fc.constant(valid),
  chunk: fc.integer({ min: 1, max: 4096 }),
  breakAfter: fc.constant(null),
  reject: fc.constant(null),
});
const replies = fc.oneof({ weight: 4, arbitrary: hostile }, { weight: 1, arbitrary: sound });

/** A fetch answering `reply`: its body in chunks, maybe failing mid-body, maybe not at all. */
type Reply = typeof replies extends fc.Arbitrary<infer R> ? R : never;

const fetchFor = (reply: Reply): FetchLike => async () => {
  if (reply.reject !== null) throw new Error(reply.reject);
  const bytes = reply.body === null ? null : Buffer.from(reply.body);
  return {
    status: reply.status,
    headers: { get: (name: string) => (name === 'content-length' ? reply.length : name === 'retry-after' ? reply.retryAfter : null) },
    body: bytes === null ? null : (async function* chunks() {
      for (let i = 0, n = 0; i < bytes.length; i += reply.chunk, n++) {
        if (reply.breakAfter !== null && n === reply.breakAfter) throw new Error('aborted');
        yield bytes.subarray(i, i + reply.chunk);
      }
    })(),
  };
};

test('genesis fetch: any reply is a validated genesis or a GenesisFetchError (property)', async () => {
  const reached = reachCounter({ accepted: 40, status: 40, invalid: 30, unreachable: 20, 'too-large': 30 });
  const soundReply: Reply = { status: 200, length: null, retryAfter: null, body: valid, chunk: 7, breakAfter: null, reject: null };
  await fc.assert(
    fc.asyncProperty(replies, async (reply) => {
      try {
        const doc = await fetchGenesisOnce({ url: 'http://127.0.0.1:1/genesis.json', fetch: fetchFor(reply), timeoutMs: 5000, maxBytes: MAX });
        assert.equal(reply.status, 200);
        assert.ok(doc.bytes.length <= MAX && doc.signers.length > 0 && Number.isSafeInteger(doc.chainId));
        reached.hit('accepted');
      } catch (error) {
        if (!(error instanceof GenesisFetchError)) throw error;
        assert.ok(error.message.length < 600, `${error.message.length} characters`);
        reached.hit(error.kind);
      }
    }),
    {
      numRuns: 500,
      examples: [
        [soundReply],
        [{ ...soundReply, length: String(MAX + 1) }],
        [{ ...soundReply, status: 503, retryAfter: 'x'.repeat(10_000) }],
        [{ ...soundReply, breakAfter: 2 }],
        [{ ...soundReply, body: '{}' }],
      ],
    },
  );
  reached.assertReached();
});
