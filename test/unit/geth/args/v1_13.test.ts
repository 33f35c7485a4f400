import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../../src/config/load.js';
import { ConfigError } from '../../../../src/errors.js';
import { buildGethArgs, type ArgsInput } from '../../../../src/geth/args/index.js';
import { agentPaths } from '../../../../src/paths.js';

const enode = (n: number): string => `enode://${String(n).repeat(128).slice(0, 128)}@10.0.0.${n}:30303`;
const signer = '0x00000000000000000000000000000000000000A1';

function input(role: 'boot' | 'sealer' | 'client', env: Record<string, string> = {}, patch: Partial<ArgsInput> = {}): ArgsInput {
  const { config } = loadConfig({ GETH_AGENT_ROLE: role, GETH_AGENT_GENESIS_URL: 'http://genesis:8080', GETH_AGENT_DATA_DIR: '/data', ...env });
  return {
    role, config, paths: agentPaths('/data'), nodeKeyFile: '/data/agent/nodekey', bootnodes: [enode(1)], networkId: 1337,
    ...(role === 'sealer' ? { account: { address: signer, passwordFile: '/data/agent/password' } } : {}),
    ...patch,
  };
}

/** The value following `flag` in args, or undefined; `true` for a flag present without value. */
const valueOf = (args: readonly string[], flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : (args[i + 1] ?? '');
};

const common: Array<[string, string]> = [['--datadir', '/data'], ['--networkid', '1337'], ['--syncmode', 'full'], ['--port', '30303'], ['--authrpc.port', '8551'], ['--nat', 'none'], ['--nodekey', '/data/agent/nodekey']];

const table: Array<{ name: string; input: ArgsInput; has: Array<[string, string | undefined]>; lacks: string[] }> = [
  {
    name: 'sealer: mines with its account, archive, no HTTP/WS, no insecure unlock',
    input: input('sealer'),
    has: [...common, ['--mine', '--miner.etherbase'], ['--miner.etherbase', signer], ['--unlock', signer], ['--password', '/data/agent/password'], ['--gcmode', 'archive'], ['--config', '/data/agent/geth.toml']],
    lacks: ['--http', '--ws', '--allow-insecure-unlock', '--nodiscover', '--bootnodes', '--ethstats', '--metrics'],
  },
  {
    name: 'sealer with RPC: loopback HTTP/WS and --allow-insecure-unlock',
    input: input('sealer', { GETH_AGENT_SEALER_RPC: 'true', GETH_AGENT_GCMODE: 'full' }),
    has: [['--http.addr', '127.0.0.1'], ['--ws.addr', '127.0.0.1'], ['--allow-insecure-unlock', undefined], ['--gcmode', 'full']],
    lacks: [],
  },
  {
    name: 'client: HTTP/WS on 0.0.0.0 with the default API, no mining, no gcmode',
    input: input('client', { GETH_AGENT_HTTP_CORS: 'https://app.example', GETH_AGENT_HTTP_VHOSTS: 'rpc.example' }),
    has: [...common, ['--http.addr', '0.0.0.0'], ['--http.api', 'eth,net,web3,txpool'], ['--ws.api', 'eth,net,web3,txpool'], ['--http.vhosts', 'rpc.example'], ['--http.corsdomain', 'https://app.example'], ['--ws.origins', 'https://app.example']],
    lacks: ['--mine', '--unlock', '--password', '--gcmode', '--allow-insecure-unlock'],
  },
  {
    name: 'client without boot nodes: --nodiscover (never mainnet boot nodes)',
    input: input('client', {}, { bootnodes: [] }),
    has: [['--nodiscover', undefined]],
    lacks: ['--bootnodes'],
  },
  {
    name: 'boot geth without boot nodes: discovery on with an explicitly empty list',
    input: input('boot', { GETH_AGENT_BOOT_MODE: 'geth' }, { bootnodes: [] }),
    has: [['--bootnodes', '']],
    lacks: ['--nodiscover', '--mine', '--http'],
  },
  {
    name: 'advertised IP, netrestrict, metrics, authrpc port',
    input: input('client', { GETH_AGENT_NETRESTRICT: '127.0.0.0/8,127.64.0.0/16', GETH_AGENT_GETH_METRICS_ADDR: '0.0.0.0:6061', GETH_AGENT_AUTHRPC_PORT: '8552' }, { advertiseIp: '127.4.2.3' }),
    has: [['--nat', 'extip:127.4.2.3'], ['--netrestrict', '127.0.0.0/8,127.64.0.0/16'], ['--metrics', '--metrics.addr'], ['--metrics.addr', '0.0.0.0'], ['--metrics.port', '6061'], ['--authrpc.port', '8552']],
    lacks: [],
  },
];

for (const row of table) {
  test(`args: ${row.name}`, () => {
    const { command, args } = buildGethArgs(row.input);
    assert.equal(command, 'geth');
    for (const [flag, value] of row.has) {
      assert.ok(args.includes(flag), `${flag} present in ${args.join(' ')}`);
      if (value !== undefined) assert.equal(valueOf(args, flag), value, flag);
    }
    for (const flag of row.lacks) assert.ok(!args.includes(flag), `${flag} absent`);
  });
}

test('args: boot role runs bootnode with the stable key, -nat none (bootnode 1.13.15 breaks its record with extip) and netrestrict', () => {
  const result = buildGethArgs(input('boot', { GETH_AGENT_NETRESTRICT: '127.0.0.0/8', GETH_AGENT_P2P_PORT: '30301' }, { advertiseIp: '127.3.0.9' }));
  assert.equal(result.command, 'bootnode');
  assert.deepEqual(result.args, ['-nodekey', '/data/agent/nodekey', '-addr', ':30301', '-nat', 'none', '-netrestrict', '127.0.0.0/8']);
});

test('args: a P2P listen host goes to the TOML (and --port is not passed: it would override it)', () => {
  const result = buildGethArgs(input('client', { GETH_AGENT_P2P_LISTEN_HOST: '127.3.0.5', GETH_AGENT_STATIC_NODES: enode(2), GETH_AGENT_TRUSTED_NODES: enode(3) }));
  assert.ok(!result.args.includes('--port'));
  assert.equal(valueOf(result.args, '--config'), '/data/agent/geth.toml');
  assert.equal(
    result.toml?.content,
    `[Node.P2P]\nListenAddr = "127.3.0.5:30303"\nBootstrapNodes = ["${enode(1)}"]\nBootstrapNodesV5 = ["${enode(1)}"]\nStaticNodes = ["${enode(2)}"]\nTrustedNodes = ["${enode(3)}"]\n`,
  );
});

test('args: unsafe APIs on a public listener are refused unless allowed; loopback is fine', () => {
  assert.throws(() => buildGethArgs(input('client', { GETH_AGENT_HTTP_API: 'eth,admin' })), (error: unknown) => error instanceof ConfigError && /admin.*0\.0\.0\.0/.test(error.message));
  assert.doesNotThrow(() => buildGethArgs(input('client', { GETH_AGENT_HTTP_API: 'eth,debug', GETH_AGENT_HTTP_ADDR: '127.0.0.1' })));
  const allowed = buildGethArgs(input('client', { GETH_AGENT_HTTP_API: 'eth,personal', GETH_AGENT_ALLOW_UNSAFE_API: 'true' }));
  assert.ok(allowed.args.includes('--rpc.enabledeprecatedpersonal'));
  assert.match(allowed.warnings.join('\n'), /personal/);
});

test('args: ethstats reaches geth only in mode geth, through the 0600 TOML, never argv', () => {
  const env = { GETH_AGENT_ETHSTATS: 'node1:s3cret@stats:3000' };
  assert.doesNotMatch(buildGethArgs(input('client', env)).toml?.content ?? '', /Ethstats|s3cret/, 'mode agent (default): nothing for geth');
  const base = input('client', env);
  const withMode = { ...base, config: { ...base.config, ethstatsMode: 'geth' } } as ArgsInput;
  const result = buildGethArgs(withMode);
  assert.ok(!result.args.join(' ').includes('s3cret'));
  assert.ok(!result.args.includes('--ethstats'));
  assert.match(result.toml?.content ?? '', /\[Ethstats\]\nURL = "node1:s3cret@stats:3000"/);
  assert.ok(!(result.toml?.shown ?? '').includes('s3cret'));
});

test('args: GETH_AGENT_GETH_ARGS are appended last, legacy names translated', () => {
  const result = buildGethArgs(input('client', { GETH_AGENT_GETH_ARGS: '--gasprice 2000000000 --cache 512' }));
  assert.deepEqual(result.args.slice(-3), ['--miner.gasprice=2000000000', '--cache', '512']);
  assert.match(result.warnings.join('\n'), /--gasprice.*--miner\.gasprice/);
});

test('args: boot nodes go to the TOML, V4 and V5 lists, never one huge --bootnodes argument (E2BIG)', () => {
  const many = Array.from({ length: 2000 }, (_, i) => `enode://${i.toString(16).padStart(128, 'a')}@127.0.${(i >> 8) & 255}.${i & 255}:30303`);
  const result = buildGethArgs(input('sealer', {}, { bootnodes: many }));
  assert.ok(!result.args.includes('--bootnodes'));
  assert.ok(Math.max(...result.args.map((a) => Buffer.byteLength(a))) < 4096, 'every argument stays short');
  const list = `[${many.map((e) => `"${e}"`).join(', ')}]`;
  assert.ok(result.toml?.content.includes(`BootstrapNodes = ${list}\nBootstrapNodesV5 = ${list}\n`));
  assert.ok(Buffer.byteLength(result.toml?.content ?? '') > 128 * 1024 * 2, 'the list itself is far over the per-argument limit');
});

test('args: invariant 4, geth never falls back to the mainnet boot nodes and never probes for NAT (every role and variant)', () => {
  for (const role of ['boot', 'sealer', 'client'] as const) {
    for (const bootnodes of [[], [enode(1)], [enode(1), enode(2)]]) {
      for (const env of [{}, { GETH_AGENT_P2P_LISTEN_HOST: '127.0.0.1' }, { GETH_AGENT_ETHSTATS: 'n:s@h:1', GETH_AGENT_ETHSTATS_MODE: 'geth' }] as Array<Record<string, string>>) {
        const result = buildGethArgs(input(role, { GETH_AGENT_BOOT_MODE: 'geth', ...env }, { bootnodes }));
        const where = `${role} ${bootnodes.length} boot nodes ${JSON.stringify(env)}: ${result.args.join(' ')}`;
        const toml = result.toml?.content ?? '';
        const inToml = /^BootstrapNodes = \[(.+)\]$/m.exec(toml)?.[1];
        const inTomlV5 = /^BootstrapNodesV5 = \[(.+)\]$/m.exec(toml)?.[1];
        const flag = valueOf(result.args, '--bootnodes');
        if (bootnodes.length > 0) {
          assert.equal(inToml, bootnodes.map((e) => `"${e}"`).join(', '), where);
          assert.equal(inTomlV5, inToml, `the V5 list too (--bootnodes would set both): ${where}`);
          assert.equal(valueOf(result.args, '--config'), '/data/agent/geth.toml', where);
          assert.equal(flag, undefined, `a --bootnodes flag would override the TOML list: ${where}`);
        } else {
          assert.ok((role === 'boot' && flag === '') || (role !== 'boot' && result.args.includes('--nodiscover')), where);
          assert.equal(inToml, undefined, where);
        }
        assert.match(valueOf(result.args, '--nat') ?? '', /^(none|extip:.+)$/, where);
      }
    }
  }
});

test('args: a sealer without an account is refused; an unknown geth version has no builder', () => {
  assert.throws(() => buildGethArgs(input('sealer', {}, { account: undefined })), ConfigError);
  assert.throws(() => buildGethArgs(input('client'), { major: 1, minor: 14 }), /no args builder for geth 1\.14/);
});

test('args: a keystore outside <datadir>/keystore is passed with --keystore', () => {
  const moved = buildGethArgs(input('sealer', {}, { account: { address: signer, passwordFile: '/p', keystoreFile: '/keys/UTC--x' } }));
  assert.equal(valueOf(moved.args, '--keystore'), '/keys');
  const usual = buildGethArgs(input('sealer', {}, { account: { address: signer, passwordFile: '/p', keystoreFile: '/data/keystore/UTC--x' } }));
  assert.ok(!usual.args.includes('--keystore'));
});

test('args: no secret of the configuration reaches argv, warnings or the printable TOML, in any role and reporter mode', () => {
  const nodeKey = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
  const accountKey = '8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f';
  const secrets = ['args-net-secret-1a', 'args-stats-secret-2b', 'args-collector-secret-3c', 'args-password-4d', nodeKey, accountKey];
  const env = {
    GETH_AGENT_NETWORK_SECRET: 'args-net-secret-1a',
    GETH_AGENT_ETHSTATS: 'node1:args-stats-secret-2b@stats:3000',
    GETH_AGENT_ETHSTATS_SECRET: 'args-collector-secret-3c',
    GETH_AGENT_PASSWORD: 'args-password-4d',
    GETH_AGENT_NODE_KEY: nodeKey,
    GETH_AGENT_PRIVATE_KEY: accountKey,
    GETH_AGENT_GETH_ARGS: '--cache 512',
  };
  let built = 0;
  for (const role of ['boot', 'sealer', 'client'] as const) {
    for (const extra of [{}, { GETH_AGENT_ETHSTATS_MODE: 'geth' }, { GETH_AGENT_BOOT_MODE: 'geth' }, { GETH_AGENT_SEALER_RPC: 'true' }] as Array<Record<string, string>>) {
      const command = buildGethArgs(input(role, { ...env, ...extra }));
      const shown = [...command.args, ...command.warnings, command.toml?.shown ?? ''].join('\n');
      for (const secret of secrets) assert.ok(!shown.includes(secret), `${role} ${JSON.stringify(extra)}: a secret in ${shown}`);
      built++;
    }
  }
  assert.equal(built, 12);
});
