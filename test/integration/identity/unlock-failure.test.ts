import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { AgentError } from '../../../src/errors.js';
import { agentPaths } from '../../../src/paths.js';
import { createNodeRunner } from '../../../src/roles/node-runner.js';
import { fixtureInitChain, memoryLogger, provisionFixture } from '../../helpers/node-fixture.js';
import { tempDir } from '../../helpers/tmp.js';

// The agent skips its own keystore decryption while its proof matches, so geth can be the first to
// find that agent/password no longer opens the keystore: that must end clearly, not crash-loop.
test('geth failing to unlock the sealer account stops the agent with 65, once, and drops the proof', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const fixture = await provisionFixture(dir, 'sealer', { GETH_AGENT_RESTART_INITIAL_SECONDS: '0.05' });
  const paths = agentPaths(fixture.config.dataDir);
  await writeFile(paths.password, 'not-the-password', { mode: 0o600 });
  await writeFile(paths.keystoreProof, '{}', { mode: 0o600 });
  const log = memoryLogger();
  const controller = new AbortController();
  t.after(() => controller.abort());
  const runner = createNodeRunner({ config: fixture.config, logger: log.logger, env: process.env, provision: async () => fixture.provisioned, initChain: fixtureInitChain });
  await assert.rejects(runner.run(controller.signal), (error: unknown) => {
    assert.ok(error instanceof AgentError, String(error));
    assert.equal(error.exitCode, 65);
    assert.match(error.message, /geth could not unlock the sealer account \(Failed to unlock account 0x[0-9a-fA-F]{40} \(could not decrypt key with given password\)\): agent\/password does not open the keystore/);
    return true;
  });
  assert.equal(log.lines.filter((l) => l.msg === 'starting geth').length, 1, 'geth started once, not restarted');
  assert.equal(existsSync(paths.keystoreProof), false, 'the next start decrypts and names the cause');
  assert.ok(!log.text().includes('not-the-password'), 'the password is never logged');
});
