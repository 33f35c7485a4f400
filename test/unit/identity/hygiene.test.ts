import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { captureLogger } from '../../helpers/capture-log.js';
import { identityConfig, provisionForTest } from '../../helpers/identity.js';
import { shouldRegister, registerSealer } from '../../../src/identity/sealer-registration.js';
import { tempDir } from '../../helpers/tmp.js';

test('secret-bearing log fields are redacted by the agent logger', () => {
  const { logger, lines } = captureLogger();
  const key = Wallet.createRandom().privateKey;
  logger.info({ privateKey: key, mnemonic: 'word word', password: 'pw-x', nodeKey: key, nested: { password: 'pw-y' } }, 'attempted leak');
  const text = lines.join('');
  for (const secret of [key, 'word word', 'pw-x', 'pw-y']) assert.ok(!text.includes(secret));
  assert.match(text, /\[redacted\]/);
});

test('neither JSON nor util.inspect of an identity reveals the key or the password', async (t) => {
  const dir = await tempDir(t);
  const { logger, lines } = captureLogger();
  const key = Wallet.createRandom().privateKey;
  const identity = await provisionForTest(join(dir, 'd'), logger, { GETH_AGENT_PRIVATE_KEY: key, GETH_AGENT_PASSWORD: 'hunter2-secret' });
  logger.info({ identity }, 'identity as an object');
  for (const text of [JSON.stringify(identity), inspect(identity, { depth: 10, showHidden: true }), lines.join('')]) {
    assert.ok(!text.includes(key.slice(2)));
    assert.ok(!text.includes('hunter2-secret'));
  }
});

test('a sealer registers only when it can authenticate; clients and boot nodes never', async (t) => {
  const dir = await tempDir(t);
  assert.equal(shouldRegister(identityConfig(dir, { GETH_AGENT_NETWORK_SECRET: 's' })), true);
  assert.equal(shouldRegister(identityConfig(dir)), false);
  assert.equal(shouldRegister(identityConfig(dir, { GETH_AGENT_ROLE: 'client', GETH_AGENT_NETWORK_SECRET: 's' })), false);
  const { logger } = captureLogger();
  const identity = await provisionForTest(join(dir, 'd'), logger, {}, false);
  assert.equal(await registerSealer({ config: identityConfig(dir), identity, logger }), undefined);
});
