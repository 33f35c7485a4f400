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
});

test('signer registration: any server reply ends in a Registration or an AgentError with its exit code, never the secret (property)', { timeout: 60_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 4 }), async (answers) => {
      let i = 0;
      const fetch: FetchLike = async () => {
        const next = answers[Math.min(i++, answers.length - 1)] as (typeof answers)[number];
        if (next.fails && i > 1) throw new Error('ECONNRESET');
        return { status: next.status, text: async () => next.body };
      };
      const { logger, lines } = captureLogger('debug');
      try {
        const reply = await registerSigner({ baseUrl: 'http://127.0.0.1:1', networkSecret: SECRET, address: wallet.address, sign: (m) => wallet.signMessage(m), logger, fetch, deadlineMs: 5, retryDelayMs: 1 });
        assert.ok(Number.isSafeInteger(reply.registered) && typeof reply.sealed === 'boolean');
      } catch (error) {
        assert.ok(error instanceof AgentError, String(error));
        assert.ok(error.exitCode > 0 && !error.message.includes(SECRET));
      }
      assert.ok(!lines.join('').includes(SECRET), 'the secret was logged');
    }),
    { numRuns: 150 },
  );
});
