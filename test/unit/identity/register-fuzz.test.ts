import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Wallet } from 'ethers';
import { AgentError } from '../../../src/errors.js';
import { registerSigner, type FetchLike } from '../../../src/identity/register.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { nastyJson, nearValid, reachCounter } from '../../helpers/fuzz.js';

const SECRET = 'register-fuzz-network-secret';
const wallet = new Wallet(Wallet.createRandom().privateKey);
const challengeBody = { challenge: `0x${'ab'.repeat(32)}`, expiresInSeconds: 300 };
const registrationBody = { address: wallet.address, registered: 1, needed: 2, sealed: false };

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly fails: boolean;
  /** Sent in this many chunks; `endless` never ends (a reply over the limit, read until the cap). */
  readonly chunks: 1 | 3 | 'endless';
}
const hostile: fc.Arbitrary<Answer> = fc.record({
  status: fc.constantFrom(200, 200, 200, 201, 204, 400, 401, 403, 404, 409, 429, 500, 503, 302),
  body: fc.oneof(nearValid(challengeBody), nearValid(registrationBody), nastyJson, fc.string({ maxLength: 50 })),
  fails: fc.boolean(),
  chunks: fc.constantFrom<1 | 3 | 'endless'>(1, 3, 'endless'),
});
/** What a sound server answers at each step, mixed with hostile answers, so every run is not a refusal. */
const answers = (sound: unknown): fc.Arbitrary<Answer[]> =>
  fc.array(fc.oneof({ weight: 2, arbitrary: fc.record({ status: fc.constantFrom(200, 201), body: fc.constant(JSON.stringify(sound)), fails: fc.constant(false), chunks: fc.constantFrom<1 | 3>(1, 3) }) }, { weight: 1, arbitrary: hostile }), { minLength: 1, maxLength: 3 });

async function* bodyOf(text: string, chunks: 1 | 3 | 'endless'): AsyncGenerator<Uint8Array> {
  if (chunks === 'endless') {
    for (;;) yield Buffer.alloc(16 * 1024, 0x20);
  }
  const bytes = Buffer.from(text);
  const size = Math.max(1, Math.ceil(bytes.length / chunks));
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

test('signer registration: any server reply ends in a Registration or an AgentError with its exit code, never the secret (property)', { timeout: 60_000 }, async () => {
  // Each step answers from its own script; past its end the server answers 404 (exit 78), so a
  // run ends as soon as its script is used up rather than at the deadline.
  const script = fc.record({ challenge: answers(challengeBody), register: answers(registrationBody), deadlineMs: fc.constantFrom(2000, 2000, 2000, 1) });
  const reached = reachCounter({ registered: 40, 'exit 78': 15, 'exit 65': 2, 'exit 69': 1, 'exit 70': 5, 'endless reply': 5 });
  await fc.assert(
    fc.asyncProperty(script, async ({ challenge, register, deadlineMs }) => {
      const served = { challenge: 0, register: 0 };
      let lastRegistration = '';
      const fetch: FetchLike = async (url) => {
        const step = url.endsWith('/challenge') ? 'challenge' : 'register';
        const next = (step === 'challenge' ? challenge : register)[served[step]++];
        if (next === undefined) return { status: 404, body: bodyOf('not found', 1) };
        if (next.fails) throw new Error('ECONNRESET');
        if (next.chunks === 'endless') reached.hit('endless reply');
        else if (step === 'register') lastRegistration = next.body;
        return { status: next.status, body: bodyOf(next.body, next.chunks) };
      };
      const { logger, lines } = captureLogger('debug');
      try {
        const reply = await registerSigner({ baseUrl: 'http://127.0.0.1:1', networkSecret: SECRET, address: wallet.address, sign: (m) => wallet.signMessage(m), logger, fetch, deadlineMs, retryDelayMs: 1 });
        // The registration is the one the server last answered (a hostile reply may be valid too).
        const answered = JSON.parse(lastRegistration) as Record<string, unknown>;
        assert.deepEqual(reply, { registered: answered['registered'], needed: answered['needed'], sealed: answered['sealed'] });
        reached.hit('registered');
      } catch (error) {
        assert.ok(error instanceof AgentError, String(error));
        assert.ok(error.exitCode > 0 && !error.message.includes(SECRET));
        reached.hit(`exit ${error.exitCode}`);
      }
      assert.ok(!lines.join('').includes(SECRET), 'the secret was logged');
    }),
    {
      numRuns: 150,
      examples: [
        [{ challenge: [{ status: 200, body: JSON.stringify(challengeBody), fails: false, chunks: 1 }], register: [{ status: 201, body: JSON.stringify(registrationBody), fails: false, chunks: 1 }], deadlineMs: 2000 }],
        [{ challenge: [{ status: 503, body: '', fails: false, chunks: 1 }], register: [], deadlineMs: 1 }],
        [{ challenge: [{ status: 200, body: '', fails: false, chunks: 'endless' }], register: [], deadlineMs: 2000 }],
        [{ challenge: [{ status: 200, body: JSON.stringify(challengeBody), fails: false, chunks: 1 }], register: [{ status: 409, body: 'sealed', fails: false, chunks: 1 }], deadlineMs: 2000 }],
        [{ challenge: [{ status: 200, body: JSON.stringify(challengeBody), fails: false, chunks: 1 }, { status: 200, body: JSON.stringify(challengeBody), fails: false, chunks: 1 }], register: [{ status: 403, body: 'no', fails: false, chunks: 1 }, { status: 403, body: 'no', fails: false, chunks: 1 }], deadlineMs: 2000 }],
      ],
    },
  );
  reached.assertReached();
});
