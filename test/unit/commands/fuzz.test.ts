import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runCli } from '../../../src/cli.js';

const KEY = `0x${'4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'}`;
const secrets = { GETH_AGENT_NETWORK_SECRET: 'net-secret-5f2e', GETH_AGENT_ETHSTATS: 'n:ethstats-secret-77a1@127.0.0.1:3000', GETH_AGENT_PRIVATE_KEY: KEY, GETH_AGENT_PASSWORD: 'pass-secret-0c3d' };
const shown = ['net-secret-5f2e', 'ethstats-secret-77a1', KEY.slice(2), 'pass-secret-0c3d'];
const base: Record<string, string> = {
  GETH_AGENT_ROLE: 'sealer', GETH_AGENT_DATA_DIR: '/nonexistent/cli-fuzz', GETH_AGENT_SIGNERS: `0x${'aa'.repeat(20)},0x${'bb'.repeat(20)}`,
  GETH_AGENT_NETWORK_ID: '4242', GETH_AGENT_PREFUND: `0x${'cc'.repeat(20)}=5`, GETH_AGENT_GAS_LIMIT: '30000000', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:1', ...secrets,
};
const values = fc.oneof(
  fc.constantFrom('', ' ', '0', '-1', '1e3', '9007199254740993', '0x', 'true', 'genesis', 'boot', 'client', 'sealer', `0x${'aa'.repeat(20)}=-1`, `0x${'aa'.repeat(20)}=1e99`, `0x${'aa'.repeat(20)},0x${'AA'.repeat(20)}`, 'x'.repeat(5000), '\u0000', '__proto__'),
  fc.string({ maxLength: 20 }),
);
const env = fc.array(fc.tuple(fc.constantFrom(...Object.keys(base), 'GETH_AGENT_ETHSTATS_MODE', 'GETH_AGENT_SEALER_COUNT', 'GETH_AGENT_PREFUND_BALANCE', 'GETH_AGENT_CLIQUE_PERIOD'), fc.option(values)), { maxLength: 3 }).map((edits) => {
  const out: Record<string, string> = { ...base };
  for (const [name, value] of edits) {
    if (value === null) delete out[name];
    else out[name] = value;
  }
  return out;
});

test('offline commands: any environment and arguments end in a documented exit code, never 70 or a secret (property)', async () => {
  const argv = fc.tuple(fc.constantFrom('check', 'genesis', 'args', 'help', '--version', 'nope', '--nope'), fc.array(fc.oneof(fc.constantFrom('--json', '-h', '--', '-', '--json=1', '--x'), fc.string({ maxLength: 8 })), { maxLength: 3 }));
  await fc.assert(
    fc.asyncProperty(argv, env, async ([command, args], environment) => {
      const out: string[] = [];
      const code = await runCli([command, ...args], { env: environment, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), signal: new AbortController().signal });
      const text = out.join('');
      assert.ok([0, 64, 65, 69, 78].includes(code), `exit ${code}: ${text.slice(0, 300)}`);
      for (const secret of shown) assert.ok(!text.includes(secret), `a secret in: ${text.slice(0, 300)}`);
    }),
    { numRuns: 300 },
  );
});
