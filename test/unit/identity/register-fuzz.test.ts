import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Wallet } from 'ethers';
import { AgentError } from '../../../src/errors.js';
import { registerSigner, type FetchLike } from '../../../src/identity/register.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { nastyJson, nearValid } from '../../helpers/fuzz.js';

const SECRET = 'register-fuzz-network-secret';
const wallet = new Wallet(Wallet.createRandom().privateKey);
const answer = fc.record({
  status: fc.constantFrom(200, 200, 200, 201, 204, 400, 401, 403, 404, 409, 429, 500, 503, 302),
  body: fc.oneof(nearValid({ challenge: `0x${'ab'.repeat(32)}`, expiresInSeconds: 300 }), nearValid({ address: wallet.address, registered: 1, needed: 2, sealed: false }), nastyJson, fc.string({ maxLength: 50 })),
  fails: fc.boolean(),
  /** Sent in this many chunks; `endless` never ends (a reply over the limit, read until the cap). */
  chunks: fc.constantFrom<1 | 3 | 'endless'>(1, 3, 'endless'),
});

async function* bodyOf(text: string, chunks: 1 | 3 | 'endless'): AsyncGenerator<Uint8Array> {
  if (chunks === 'endless') {
    for (;;) yield Buffer.alloc(16 * 1024, 0x20);
  }
  const bytes = Buffer.from(text);
  const size = Math.ceil(bytes.length / chunks);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

test('signer registration: any server reply ends in a Registration or an AgentError with its exit code, never the secret (property)', { timeout: 60_000 }, async () => {
  let endless = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 4 }), async (answers) => {
      let i = 0;
      const fetch: FetchLike = async () => {
        const next = answers[Math.min(i++, answers.length - 1)] as (typeof answers)[number];
        if (next.fails && i > 1) throw new Error('ECONNRESET');
        return { status: next.status, body: bodyOf(next.body, next.chunks) };
      };
      const { logger, lines } = captureLogger('debug');
      if (answers.some((a) => a.chunks === 'endless')) endless++;
      try {
        const reply = await registerSigner({ baseUrl: 'http://127.0.0.1:1', networkSecret: SECRET, address: wallet.address, sign: (m) => wallet.signMessage(m), logger, fetch, deadlineMs: 5, retryDelayMs: 1 });
        assert.ok(Number.isSafeInteger(reply.registered) && typeof reply.sealed === 'boolean');
      } catch (error) {
        assert.ok(error instanceof AgentError, String(error));
        assert.ok(error.exitCode > 0 && !error.message.includes(SECRET));
      }
      assert.ok(!lines.join('').includes(SECRET), 'the secret was logged');
    }),
    { numRuns: 150, examples: [[[{ status: 200, body: '', fails: false, chunks: 'endless' }]]] },
  );
  assert.ok(endless > 0, 'the sweep reached a reply over the limit');
});
