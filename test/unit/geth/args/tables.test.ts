import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../../src/config/load.js';
import { ConfigError } from '../../../../src/errors.js';
import { buildGethArgs, translateLegacyFlags, type ArgsInput } from '../../../../src/geth/args/index.js';
import { isLoopback } from '../../../../src/geth/args/rpc.js';
import { agentPaths } from '../../../../src/paths.js';

// Literal tables of what an operator's old flags and RPC settings become: each entry is a line
// of the documented contract (README's legacy-flag table, the RPC guard), checked one by one.

test('legacy flags: every rename, with its value inline or next, and its warning', () => {
  const renames: Array<[string, string]> = [
    ['rpcaddr', '--http.addr'], ['rpcport', '--http.port'], ['rpcapi', '--http.api'], ['rpccorsdomain', '--http.corsdomain'],
    ['rpcvhosts', '--http.vhosts'], ['wsaddr', '--ws.addr'], ['wsport', '--ws.port'], ['wsapi', '--ws.api'], ['wsorigins', '--ws.origins'],
    ['etherbase', '--miner.etherbase'], ['gasprice', '--miner.gasprice'], ['targetgaslimit', '--miner.gaslimit'], ['miner.gastarget', '--miner.gaslimit'],
    ['extradata', '--miner.extradata'], ['gpoblocks', '--gpo.blocks'], ['gpopercentile', '--gpo.percentile'],
  ];
  for (const [old, now] of renames) {
    assert.deepEqual(translateLegacyFlags([`--${old}`, 'v1']), { args: [`${now}=v1`], warnings: [`geth flag --${old} was removed; translated to ${now}`] }, old);
    assert.deepEqual(translateLegacyFlags([`-${old}=v2`]).args, [`${now}=v2`], old);
    // A following flag is not the value.
    assert.deepEqual(translateLegacyFlags([`--${old}`, '--cache', '1']).args, [now, '--cache', '1'], old);
  }
  // --rpc takes no value: the next word stays an argument of its own.
  assert.deepEqual(translateLegacyFlags(['--rpc', 'word']).args, ['--http', 'word']);
  assert.deepEqual(translateLegacyFlags(['--rpcaddr']).args, ['--http.addr'], 'a flag at the end has no value');
  assert.deepEqual(translateLegacyFlags(['--rpcaddr=a=b']).args, ['--http.addr=a=b'], 'only the first = splits');
});

test('legacy flags: every drop names why, and swallows its value unless the flag takes none', () => {
  const drops: Array<[string, string]> = [
    ['minerthreads', 'clique sealing uses no miner threads'], ['miner.threads', 'clique sealing uses no miner threads'],
    ['ipcapi', 'IPC serves every namespace'], ['nousb', 'USB wallets are off unless --usb is given'],
  ];
  for (const [old, why] of drops) {
    const out = translateLegacyFlags([`--${old}`, 'x', '--cache', '1']);
    assert.deepEqual(out.warnings, [`geth flag --${old} was removed and is dropped (${why})`], old);
    assert.deepEqual(out.args, old === 'nousb' ? ['x', '--cache', '1'] : ['--cache', '1'], old);
  }
});

test('legacy flags: every refusal names the replacement; flags without a value keep the next word out', () => {
  const refusals: Array<[string, string]> = [
    ['testnet', 'nothing: geth-agent runs a private network (GETH_AGENT_NETWORK_ID)'], ['rinkeby', 'nothing: geth-agent runs a private network (GETH_AGENT_NETWORK_ID)'],
    ['ropsten', 'nothing: geth-agent runs a private network (GETH_AGENT_NETWORK_ID)'], ['goerli', 'nothing: geth-agent runs a private network (GETH_AGENT_NETWORK_ID)'],
    ['light', 'nothing: a clique client syncs in full mode'],
    ['nodekeyhex', 'the node key file the agent provisions (a key on the command line is visible to every process)'],
    ['ethstats', 'GETH_AGENT_ETHSTATS (the secret stays off the command line)'], ['password', 'the password file the agent provisions'],
    ['unlock', 'the sealer role, which unlocks its own account'], ['allow-insecure-unlock', 'GETH_AGENT_SEALER_RPC=true, which adds it with a warning'],
  ];
  const noValue = new Set(['testnet', 'rinkeby', 'ropsten', 'goerli', 'light', 'allow-insecure-unlock']);
  for (const [old, use] of refusals) {
    assert.throws(() => translateLegacyFlags([`--${old}`, 'word']), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      // A flag that takes no value leaves the next word as an argument: one problem only either way.
      assert.deepEqual(error.problems, [`GETH_AGENT_GETH_ARGS: --${old} is not accepted; use ${use}`], old);
      return true;
    });
    if (noValue.has(old)) assert.throws(() => translateLegacyFlags([`--${old}`, '--rpcaddr']), (e: unknown) => e instanceof ConfigError && e.problems.length === 1);
  }
  // Names are matched whole and lower case; other shapes pass through.
  for (const arg of ['--RPC', '--rpc2', '---rpc', '--rpc.x', 'rpc', '--', '-']) assert.deepEqual(translateLegacyFlags([arg]).args, [arg], arg);
  assert.deepEqual(translateLegacyFlags(['--rpc\nx']).args, ['--rpc\nx'], 'a newline does not end the name');
});

function input(role: 'sealer' | 'client', env: Record<string, string>): ArgsInput {
  const { config } = loadConfig({ GETH_AGENT_ROLE: role, GETH_AGENT_GENESIS_URL: 'http://genesis:8080', GETH_AGENT_DATA_DIR: '/data', ...env });
  return { role, config, paths: agentPaths('/data'), nodeKeyFile: '/data/agent/nodekey', bootnodes: [], networkId: 7, ...(role === 'sealer' ? { account: { address: '0xA1', passwordFile: '/data/agent/password' } } : {}) };
}
const rpcPart = (args: readonly string[]): string[] => args.slice(args.indexOf('--http'));

test('RPC flags: the exact HTTP/WS command line of a client, CORS, personal, and a sealer with RPC', () => {
  const client = buildGethArgs(input('client', { GETH_AGENT_HTTP_PORT: '8600', GETH_AGENT_WS_PORT: '8601' }));
  assert.deepEqual(rpcPart(client.args), ['--http', '--http.addr', '0.0.0.0', '--http.port', '8600', '--http.api', 'eth,net,web3,txpool', '--http.vhosts', '*', '--ws', '--ws.addr', '0.0.0.0', '--ws.port', '8601', '--ws.api', 'eth,net,web3,txpool']);
  assert.deepEqual(client.warnings, []);
  const cors = buildGethArgs(input('client', { GETH_AGENT_HTTP_CORS: 'https://a.example,https://b.example', GETH_AGENT_HTTP_ADDR: '127.0.0.1', GETH_AGENT_HTTP_API: 'eth,personal' }));
  assert.deepEqual(rpcPart(cors.args).slice(-5), ['--http.corsdomain', 'https://a.example,https://b.example', '--ws.origins', 'https://a.example,https://b.example', '--rpc.enabledeprecatedpersonal']);
  const sealer = buildGethArgs(input('sealer', { GETH_AGENT_SEALER_RPC: 'true' }));
  assert.deepEqual(sealer.warnings, ['GETH_AGENT_SEALER_RPC=true: the sealer serves HTTP/WS JSON-RPC with its account unlocked (--allow-insecure-unlock)']);
  assert.ok(sealer.args.includes('--allow-insecure-unlock'));
  assert.ok(!buildGethArgs(input('sealer', {})).args.includes('--http'));
});

test('RPC guard: each unsafe namespace on a public listener is refused, named, unless allowed (then a warning)', () => {
  for (const api of ['admin', 'debug', 'personal', 'miner']) {
    assert.throws(() => buildGethArgs(input('client', { GETH_AGENT_HTTP_API: `eth,${api}` })), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, [`GETH_AGENT_HTTP_API includes ${api} on the non-loopback listener 0.0.0.0: remove them, listen on 127.0.0.1, or set GETH_AGENT_ALLOW_UNSAFE_API=true`]);
      return true;
    });
  }
  const allowed = buildGethArgs(input('client', { GETH_AGENT_HTTP_API: 'eth,admin,debug', GETH_AGENT_ALLOW_UNSAFE_API: 'true' }));
  assert.deepEqual(allowed.warnings, ['serving admin, debug on 0.0.0.0 (GETH_AGENT_ALLOW_UNSAFE_API=true)']);
  // Loopback listeners may serve them; a public WS listener alone is enough to refuse.
  assert.doesNotThrow(() => buildGethArgs(input('client', { GETH_AGENT_HTTP_API: 'eth,admin', GETH_AGENT_HTTP_ADDR: '127.0.0.1' })));
  assert.throws(() => buildGethArgs(input('client', { GETH_AGENT_HTTP_API: 'eth,admin', GETH_AGENT_HTTP_ADDR: '127.0.0.1', GETH_AGENT_WS_ADDR: '10.0.0.1' })), /listener 10\.0\.0\.1/);
});

test('isLoopback: localhost, ::1 and 127.0.0.0/8 only', () => {
  for (const host of ['localhost', '::1', '127.0.0.1', '127.255.3.4']) assert.equal(isLoopback(host), true, host);
  for (const host of ['0.0.0.0', '10.0.0.1', '128.0.0.1', 'x127.0.0.1', '127.0.0.1.nip.io', '127.0.0', '127.0.0.1234', '127.a.0.1', 'localhost.', '::', '::2', 'Localhost']) assert.equal(isLoopback(host), false, host);
});
