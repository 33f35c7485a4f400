import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Wallet } from 'ethers';
import { AgentError } from '../../../src/errors.js';
import { registerSigner, type FetchLike } from '../../../src/identity/register.js';
import { registerSealer } from '../../../src/identity/sealer-registration.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { identityConfig, provisionForTest } from '../../helpers/identity.js';
import { tempDir } from '../../helpers/tmp.js';
import { genesisServer, SECRET } from './helpers.js';
import { signerRegistrationMessage } from '../../../src/genesis/registration-message.js';

test('the registration message names the checksummed address and the challenge', () => {
  const challenge = `0x${'ab'.repeat(32)}`;
  const address = '0x52908400098527886e0f7030069857d2e4169ee7';
  assert.equal(
    signerRegistrationMessage(challenge, address),
    `geth-agent signer registration\naddress: 0x52908400098527886E0F7030069857D2E4169EE7\nchallenge: ${challenge}`,
  );
  assert.throws(() => signerRegistrationMessage(challenge, '0x1234'));
});

/** registerSigner's fetch, answered by the genesis app in process (app.inject). */
const injecting = (app: FastifyInstance): FetchLike => async (url, init) => {
  const res = await app.inject({ method: init.method as 'GET' | 'POST', url: new URL(url).pathname, headers: init.headers, ...(init.body === undefined ? {} : { payload: init.body }) });
  return { status: res.statusCode, body: (async function* () { yield Buffer.from(res.body); })() };
};

test('EIP-191 through our code: the sealer signs with its provisioned account, the genesis server recovers it; another key is refused', { timeout: 20_000 }, async (t) => {
  const { app } = await genesisServer(t, { kind: 'collected', needed: 2 });
  const dir = await tempDir(t);
  const { logger } = captureLogger();
  const env = { GETH_AGENT_NETWORK_SECRET: SECRET, GETH_AGENT_GENESIS_URL: 'http://genesis:8080' };
  const identity = await provisionForTest(join(dir, 'd'), logger, env);
  const config = identityConfig(join(dir, 'd'), env);
  const reply = await registerSealer({ config, identity, logger, fetch: injecting(app), deadlineMs: 2_000 });
  assert.deepEqual(reply, { registered: 1, needed: 2, sealed: false });
  assert.deepEqual((await app.inject({ method: 'GET', url: '/signers' })).json<{ signers: string[] }>().signers, [identity.account?.address]);

  // A holder of the network secret signing for an address whose key it does not have: 403 twice, exit 65.
  const forger = Wallet.createRandom();
  const victim = Wallet.createRandom().address;
  await assert.rejects(
    registerSigner({ baseUrl: 'http://genesis:8080', networkSecret: SECRET, address: victim, sign: (m) => forger.signMessage(m), logger, fetch: injecting(app), deadlineMs: 2_000, retryDelayMs: 1 }),
    (error: unknown) => error instanceof AgentError && error.exitCode === 65 && /rejected the signature/.test(error.message),
  );
  assert.equal((await app.inject({ method: 'GET', url: '/signers' })).json<{ signers: string[] }>().signers.length, 1);
});
