import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ConfigError } from '../../../../src/errors.js';
import { translateLegacyFlags } from '../../../../src/geth/args/index.js';

test('legacy: 2018 names become 1.13 names with a warning each', () => {
  const out = translateLegacyFlags(['--rpc', '--rpcaddr', '0.0.0.0', '--rpcapi=eth,net', '-wsport', '8546', '--etherbase', '0xabc', '--targetgaslimit', '8000000', '--cache', '512']);
  assert.deepEqual(out.args, ['--http', '--http.addr=0.0.0.0', '--http.api=eth,net', '--ws.port=8546', '--miner.etherbase=0xabc', '--miner.gaslimit=8000000', '--cache', '512']);
  assert.equal(out.warnings.length, 6);
});

test('legacy: flags without effect are dropped with their value', () => {
  const out = translateLegacyFlags(['--minerthreads', '4', '--ipcapi', 'admin,eth', '--maxpeers', '50']);
  assert.deepEqual(out.args, ['--maxpeers', '50']);
  assert.equal(out.warnings.length, 2);
});

test('legacy: unsafe or conflicting flags are refused naming the replacement', () => {
  assert.throws(() => translateLegacyFlags(['--nodekeyhex', 'aa', '--ethstats', 'a:b@c']), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems.length, 2);
    assert.match(error.message, /GETH_AGENT_ETHSTATS/);
    assert.ok(!error.message.includes('a:b@c'), 'the refused value is not echoed');
    return true;
  });
  assert.throws(() => translateLegacyFlags(['--allow-insecure-unlock']), /GETH_AGENT_SEALER_RPC/);
});

test('legacy: current 1.13 flags pass through unchanged (property)', () => {
  const current = fc.constantFrom('--http', '--http.api', '--cache', '--maxpeers', '--verbosity', '--txpool.pricelimit', '--miner.gaslimit', 'value', '42');
  fc.assert(fc.property(fc.array(current, { maxLength: 12 }), (args) => {
    const out = translateLegacyFlags(args);
    assert.deepEqual(out.args, args);
    assert.equal(out.warnings.length, 0);
  }));
});
