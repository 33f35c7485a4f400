import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { runAgent } from '../../helpers/cli.js';
import { runCli } from '../../../src/cli.js';
import { agentVersion } from '../../../src/version.js';

test('--help and --version exit 0', async () => {
  const help = await runAgent(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Commands:\n[\s\S]*check/);
  assert.match(help.stdout, /78 bad configuration/);
  const version = await runAgent(['--version']);
  assert.equal(version.code, 0);
  assert.equal(version.stdout.trim(), `geth-agent ${agentVersion()}`);
  assert.equal((await runAgent(['check', '--help'])).code, 0);
});

test('an unknown command or flag is exit 64 with a clear message', async () => {
  const command = await runAgent(['frobnicate']);
  assert.equal(command.code, 64);
  assert.match(command.stderr, /unknown command "frobnicate"/);
  const flag = await runAgent(['--frob']);
  assert.equal(flag.code, 64);
  assert.match(flag.stderr, /unknown option "--frob"/);
  const commandFlag = await runAgent(['check', '--nope'], { GETH_AGENT_ROLE: 'client' });
  assert.equal(commandFlag.code, 64);
  assert.match(commandFlag.stderr, /check: Unknown option '--nope'/);
});

test('check with a bad environment prints every problem and exits 78, no stack trace', async () => {
  const result = await runAgent(['check'], {
    GETH_AGENT_ROLE: 'bogus',
    GETH_AGENT_P2P_PORT: 'abc',
    GETH_AGENT_GENESIS_URL: 'not a url',
    GETH_AGENT_SIGNERS: '0x00000000000000000000000000000000000000aa',
    GETH_AGENT_SEALER_COUNT: '2',
    GETH_AGENT_NETWORK_SECRET_FILE: '/nonexistent/secret',
  });
  assert.equal(result.code, 78);
  assert.match(result.stderr, /invalid configuration \(5 problems\)/);
  for (const name of ['GETH_AGENT_ROLE', 'GETH_AGENT_P2P_PORT', 'GETH_AGENT_GENESIS_URL', 'GETH_AGENT_SEALER_COUNT', 'GETH_AGENT_NETWORK_SECRET_FILE']) {
    assert.ok(result.stderr.includes(name), `${name} reported`);
  }
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(result.stdout, '');
});

test('check prints the resolved config with secrets masked', async () => {
  const result = await runAgent(['check'], {
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:8080',
    GETH_AGENT_NETWORK_SECRET: 'correct-horse-battery',
    GETH_AGENT_ETHSTATS: 'sealer-1:hunter2hunter2@127.0.0.1:3000',
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /configuration OK \(role sealer\)/);
  assert.match(result.stdout, /GETH_AGENT_NETWORK_SECRET\s+\*{8}/);
  assert.match(result.stdout, /GETH_AGENT_ETHSTATS\s+sealer-1:\*{8}@127\.0\.0\.1:3000/);
  assert.match(result.stdout, /GETH_AGENT_P2P_PORT\s+30303\s+\(default\)/);
  assert.ok(!result.stdout.includes('correct-horse-battery') && !result.stdout.includes('hunter2'));
  const json = await runAgent(['check', '--json'], { GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:1', GETH_AGENT_NETWORK_SECRET: 'zzzsecretzzz' });
  const parsed = JSON.parse(json.stdout) as Record<string, { value: string; source: string }>;
  assert.equal(parsed.GETH_AGENT_ROLE?.value, 'client');
  assert.ok(!json.stdout.includes('zzzsecretzzz'));
});

test('runCli never throws: an unexpected error becomes one line and exit 70', async () => {
  let err = '';
  const code = await runCli(['check'], {
    env: new Proxy({}, { ownKeys: () => { throw new Error('boom'); } }),
    stdout: () => undefined,
    stderr: (text) => (err += text),
    signal: new AbortController().signal,
  });
  assert.equal(code, 70);
  assert.equal(err, 'geth-agent: internal error: boom\n');
});

test('a closed stdout pipe ends the output quietly (no EPIPE stack trace)', async () => {
  const { spawn } = await import('node:child_process');
  const { agentBin } = await import('../../helpers/cli.js');
  // The reading end is closed before the agent has started, so its first write meets EPIPE for
  // certain (a `| head -c 10` only races the writer, and a short output fits the pipe buffer).
  for (const args of [['check'], ['--help']]) {
    const child = spawn(process.execPath, [agentBin(), ...args], {
      env: { PATH: process.env.PATH ?? '', GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    assert.doesNotMatch(stderr, /EPIPE|\n\s+at /, `${args.join(' ')}: ${stderr}`);
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, `${args.join(' ')}: ${stderr}`);
  }
});
