import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../../src/cli.js';
import { tempDir } from '../../helpers/tmp.js';

async function run(env: Record<string, string>, args: string[] = []): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['args', ...args], { env, stdout: (t) => (out += t), stderr: (t) => (err += t), signal: new AbortController().signal });
  return { code, out, err };
}

const base = { GETH_AGENT_GENESIS_URL: 'http://genesis:8080', GETH_AGENT_GETH_BIN: '/usr/local/bin/geth' };

test('args command: sealer, offline, address from the keystore, secrets only as paths', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'keystore'), { recursive: true });
  await writeFile(join(dir, 'keystore', 'UTC--x'), JSON.stringify({ address: 'ab'.repeat(20), crypto: {} }));
  const { code, out } = await run({ ...base, GETH_AGENT_ROLE: 'sealer', GETH_AGENT_DATA_DIR: dir, GETH_AGENT_ETHSTATS: 'n:topsecret@stats:3000' });
  assert.equal(code, 0);
  assert.match(out, new RegExp(`--unlock 0x${'ab'.repeat(20)} --password ${dir}/agent/password`));
  assert.match(out, /--config .*\/agent\/geth\.toml/);
  assert.match(out, /BootstrapNodes = \["<from genesis server>"\]/);
  assert.match(out, /--gcmode archive/);
  assert.ok(!out.includes('topsecret'));
});

test('args command: client with TOML shown, --json; boot runs bootnode; genesis refused', async () => {
  const client = await run({ ...base, GETH_AGENT_ROLE: 'client', GETH_AGENT_NETWORK_ID: '1337', GETH_AGENT_P2P_LISTEN_HOST: '127.3.0.5' }, ['--json']);
  assert.equal(client.code, 0);
  const parsed = JSON.parse(client.out) as { command: string; args: string[]; toml: { content: string } };
  assert.equal(parsed.command, '/usr/local/bin/geth');
  assert.ok(parsed.args.includes('--http'));
  assert.match(parsed.toml.content, /ListenAddr = "127\.3\.0\.5:30303"/);
  const boot = await run({ ...base, GETH_AGENT_ROLE: 'boot' });
  assert.match(boot.out, /bootnode -nodekey data\/agent\/nodekey -addr :30303 -nat none/);
  const genesis = await run({ GETH_AGENT_ROLE: 'genesis', GETH_AGENT_NETWORK_ID: '5', GETH_AGENT_SEALER_COUNT: '1', GETH_AGENT_NETWORK_SECRET: 'x' });
  assert.equal(genesis.code, 64);
  const unsafe = await run({ ...base, GETH_AGENT_ROLE: 'client', GETH_AGENT_HTTP_API: 'eth,admin' });
  assert.equal(unsafe.code, 78);
  assert.match(unsafe.err, /GETH_AGENT_ALLOW_UNSAFE_API/);
});

test('args and check: an ethstats name/secret holding ":" and "@" is masked from the parsed target, the secret never shown', async () => {
  // geth's rules: host after the last '@', secret after the last ':' before it (it may hold '@').
  const cases = [
    { value: 'a:b@c:topsecret@stats:3000', shown: 'a:b@c:********@stats:3000' },
    { value: 'a:b@c:top@secret@stats:3000', shown: 'a:b@c:********@stats:3000' },
    { value: 'node@x:topsecret@ws://stats:3000', shown: 'node@x:********@ws://stats:3000' },
  ];
  for (const { value, shown } of cases) {
    const env = { ...base, GETH_AGENT_ROLE: 'client', GETH_AGENT_ETHSTATS: value, GETH_AGENT_ETHSTATS_MODE: 'geth' };
    const text = await run(env);
    assert.equal(text.code, 0, text.err);
    assert.ok(text.out.includes(`URL = "${shown}"`), text.out);
    const json = await run(env, ['--json']);
    assert.match((JSON.parse(json.out) as { toml: { content: string } }).toml.content, new RegExp(`\\n\\[Ethstats\\]\\nURL = "${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\n$`));
    let checked = '';
    const code = await runCli(['check'], { env, stdout: (t) => (checked += t), stderr: (t) => (checked += t), signal: new AbortController().signal });
    assert.equal(code, 0, checked);
    assert.match(checked, new RegExp(`GETH_AGENT_ETHSTATS\\s+${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    for (const out of [text.out, text.err, json.out, json.err, checked]) {
      assert.ok(!out.includes('topsecret') && !out.includes('top@secret') && !out.includes('secret@'), out);
    }
  }
});
