import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type Env } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';

// Each cross-variable rule through the loader, on both sides of its condition, message exact.
const signer = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const genesis = { GETH_AGENT_ROLE: 'genesis', GETH_AGENT_NETWORK_ID: '4242', GETH_AGENT_SIGNERS: signer };
const client = { GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:8080' };

function problemsOf(env: Env): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  return [];
}

test('role genesis needs a network id and a signer set, static or collected, not both', () => {
  assert.deepEqual(problemsOf(genesis), []);
  assert.deepEqual(problemsOf({ ...genesis, GETH_AGENT_NETWORK_ID: '' }), ['GETH_AGENT_NETWORK_ID is required in role genesis']);
  assert.deepEqual(problemsOf({ ...genesis, GETH_AGENT_SIGNERS: '' }), [
    'role genesis needs a signer set: set GETH_AGENT_SIGNERS (static) or GETH_AGENT_SEALER_COUNT (collected)',
  ]);
  assert.deepEqual(problemsOf({ ...genesis, GETH_AGENT_SIGNERS: '', GETH_AGENT_SEALER_COUNT: '3', GETH_AGENT_NETWORK_SECRET: 's' }), []);
  assert.deepEqual(problemsOf({ ...genesis, GETH_AGENT_SEALER_COUNT: '3', GETH_AGENT_NETWORK_SECRET: 's' }), [
    'GETH_AGENT_SIGNERS and GETH_AGENT_SEALER_COUNT are mutually exclusive: set one of them',
  ]);
  // Other roles need neither.
  assert.deepEqual(problemsOf(client), []);
});

test('collecting signers needs the network secret they authenticate with', () => {
  const collecting = { ...genesis, GETH_AGENT_SIGNERS: '', GETH_AGENT_SEALER_COUNT: '2' };
  assert.deepEqual(problemsOf(collecting), [
    'GETH_AGENT_NETWORK_SECRET (or _FILE) is required in role genesis with GETH_AGENT_SEALER_COUNT: sealers authenticate with it',
  ]);
  // A static signer set needs no secret, nor does another role with a sealer count.
  assert.deepEqual(problemsOf(genesis), []);
  assert.deepEqual(problemsOf({ ...client, GETH_AGENT_SEALER_COUNT: '2' }), []);
});

test('every role but genesis needs the genesis URL', () => {
  for (const role of ['boot', 'sealer', 'client']) {
    assert.deepEqual(problemsOf({ GETH_AGENT_ROLE: role }), [`GETH_AGENT_GENESIS_URL is required in role ${role}`], role);
    assert.deepEqual(problemsOf({ GETH_AGENT_ROLE: role, GETH_AGENT_GENESIS_URL: 'http://g:1' }), [], role);
  }
  assert.deepEqual(problemsOf({ ...genesis, GETH_AGENT_GENESIS_URL: '' }), []);
});

test('the ethstats collector: role genesis only, with its secret', () => {
  assert.deepEqual(problemsOf({ ...genesis, GETH_AGENT_ETHSTATS_COLLECTOR: 'on', GETH_AGENT_ETHSTATS_SECRET: 'pw' }), []);
  assert.deepEqual(problemsOf({ ...genesis, GETH_AGENT_ETHSTATS_COLLECTOR: 'on' }), ['GETH_AGENT_ETHSTATS_COLLECTOR=on needs GETH_AGENT_ETHSTATS_SECRET']);
  assert.deepEqual(problemsOf({ ...client, GETH_AGENT_ETHSTATS_COLLECTOR: 'on', GETH_AGENT_ETHSTATS_SECRET: 'pw' }), [
    'GETH_AGENT_ETHSTATS_COLLECTOR is only served in role genesis',
  ]);
  // Off, neither matters.
  assert.deepEqual(problemsOf({ ...client, GETH_AGENT_ETHSTATS_COLLECTOR: 'off', GETH_AGENT_ETHSTATS_SECRET: 'pw' }), []);
  assert.deepEqual(problemsOf({ ...genesis, GETH_AGENT_ETHSTATS_COLLECTOR: 'off' }), []);
});

test('the reporter backoff maximum may equal the initial delay, not undercut it', () => {
  const backoff = (initial: string, max: string): readonly string[] =>
    problemsOf({ ...client, GETH_AGENT_ETHSTATS_BACKOFF_INITIAL_SECONDS: initial, GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS: max });
  assert.deepEqual(backoff('5', '5'), []);
  assert.deepEqual(backoff('5', '6'), []);
  assert.deepEqual(backoff('5', '4.99'), ['GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS must be >= GETH_AGENT_ETHSTATS_BACKOFF_INITIAL_SECONDS']);
  // Against the other's default (1 s initial, 60 s maximum).
  assert.deepEqual(problemsOf({ ...client, GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS: '0.5' }).length, 1);
  assert.deepEqual(problemsOf({ ...client, GETH_AGENT_ETHSTATS_BACKOFF_INITIAL_SECONDS: '61' }).length, 1);
});

test('a rule with a failed input stays silent; the others still run', () => {
  // A bad network id is reported once, not also as missing in role genesis.
  assert.deepEqual(problemsOf({ ...genesis, GETH_AGENT_NETWORK_ID: 'x' }), ['GETH_AGENT_NETWORK_ID="x": expected an integer >= 1']);
  // A bad sealer count: neither the signer-set rule nor the secret rule speaks.
  assert.deepEqual(problemsOf({ ...genesis, GETH_AGENT_SIGNERS: '', GETH_AGENT_SEALER_COUNT: '0' }), ['GETH_AGENT_SEALER_COUNT="0": expected an integer from 1 to 1000']);
  // A bad collector flag silences both collector rules.
  assert.deepEqual(problemsOf({ ...client, GETH_AGENT_ETHSTATS_COLLECTOR: 'maybe' }), [
    'GETH_AGENT_ETHSTATS_COLLECTOR="maybe": expected true or false (also 1/0, yes/no, on/off)',
  ]);
  // A bad backoff value silences the ordering rule.
  assert.deepEqual(problemsOf({ ...client, GETH_AGENT_ETHSTATS_BACKOFF_INITIAL_SECONDS: 'x', GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS: '0.5' }), [
    'GETH_AGENT_ETHSTATS_BACKOFF_INITIAL_SECONDS="x": expected a number of seconds >= 0.01',
  ]);
  assert.deepEqual(problemsOf({ ...client, GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS: 'x', GETH_AGENT_ETHSTATS_BACKOFF_INITIAL_SECONDS: '61' }), [
    'GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS="x": expected a number of seconds >= 0.01',
  ]);
  // An unreadable collector secret file is not also a missing secret.
  assert.deepEqual(problemsOf({ ...genesis, GETH_AGENT_ETHSTATS_COLLECTOR: 'on', GETH_AGENT_ETHSTATS_SECRET_FILE: '/nonexistent/secret' }), [
    'GETH_AGENT_ETHSTATS_SECRET_FILE="/nonexistent/secret": cannot read the file (ENOENT)',
  ]);
  // A bad role is not "not genesis" for the collector.
  assert.deepEqual(problemsOf({ GETH_AGENT_ROLE: 'bogus', GETH_AGENT_ETHSTATS_COLLECTOR: 'on', GETH_AGENT_ETHSTATS_SECRET: 'pw' }), [
    'GETH_AGENT_ROLE="bogus": expected one of genesis, boot, sealer, client',
  ]);
  // A failed input of one rule leaves another rule (on other inputs) running.
  assert.deepEqual(problemsOf({ GETH_AGENT_ROLE: 'genesis', GETH_AGENT_SIGNERS: 'x' }), [
    'GETH_AGENT_SIGNERS="x": expected comma-separated addresses (entry "x": expected a 0x-prefixed 20-byte hex address)',
    'GETH_AGENT_NETWORK_ID is required in role genesis',
  ]);
});
