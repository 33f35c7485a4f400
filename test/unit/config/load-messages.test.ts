import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type Env } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { UnsafeFileError } from '../../../src/fs/small-file.js';

// The loader's own messages, exactly: how a value is echoed, how names are suggested, which
// environment names are not ours, and how a secret file is read.
const base = { GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:8080' };

function problemsOf(env: Env, readFile?: (path: string) => string): readonly string[] {
  try {
    loadConfig({ ...base, ...env }, readFile === undefined ? {} : { readFile });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  return [];
}

test('a refused value is echoed quoted up to 60 characters, then cut', () => {
  const at = 'x'.repeat(60);
  assert.deepEqual(problemsOf({ GETH_AGENT_LOG_LEVEL: at }), [`GETH_AGENT_LOG_LEVEL="${at}": expected one of trace, debug, info, warn, error, fatal, silent`]);
  assert.deepEqual(problemsOf({ GETH_AGENT_LOG_LEVEL: `${at}yz` }), [`GETH_AGENT_LOG_LEVEL="${at}...": expected one of trace, debug, info, warn, error, fatal, silent`]);
  // Surrounding blanks are no part of the value.
  assert.deepEqual(problemsOf({ GETH_AGENT_LOG_LEVEL: '  loud\n' }), ['GETH_AGENT_LOG_LEVEL="loud": expected one of trace, debug, info, warn, error, fatal, silent']);
  assert.equal(loadConfig({ ...base, GETH_AGENT_P2P_PORT: ' 30311\t' }).config.p2pPort, 30311);
  // A secret only by its length, whatever its length.
  assert.deepEqual(problemsOf({ GETH_AGENT_PASSWORD: `${'p'.repeat(70)}\nq` }), [
    'GETH_AGENT_PASSWORD=<secret, 72 characters>: expected a single line (geth reads only the first line of its password file)',
  ]);
});

test('a missing required variable is named with the first sentence of its description', () => {
  assert.deepEqual(problemsOf({ GETH_AGENT_ROLE: '', GETH_AGENT_GENESIS_URL: '' }), [
    'GETH_AGENT_ROLE is required: What this agent runs: `genesis` (the genesis server, no geth), `boot` (boot node), `sealer` (geth --mine), `client` (geth serving JSON-RPC).',
  ]);
});

test('mutually exclusive variables: set through the plain name or the _FILE one, both count; a default does not', () => {
  const key = '0x' + '11'.repeat(32);
  const mnemonic = 'test test test test test test test test test test test junk';
  const exclusive = 'GETH_AGENT_PRIVATE_KEY and GETH_AGENT_MNEMONIC are mutually exclusive: set one of them';
  assert.deepEqual(problemsOf({ GETH_AGENT_PRIVATE_KEY_FILE: '/k', GETH_AGENT_MNEMONIC: mnemonic }, () => key), [exclusive]);
  assert.deepEqual(problemsOf({ GETH_AGENT_PRIVATE_KEY: key, GETH_AGENT_MNEMONIC_FILE: '/m' }, () => mnemonic), [exclusive]);
  assert.deepEqual(problemsOf({ GETH_AGENT_PRIVATE_KEY: key }), []);
  assert.deepEqual(problemsOf({ GETH_AGENT_MNEMONIC: mnemonic }), []);
  assert.deepEqual(problemsOf({ GETH_AGENT_SEALER_COUNT: '2', GETH_AGENT_SIGNERS: '' }), []);
});

test('unknown names get the closest known one when it is close enough, else none', () => {
  const hint = (name: string): string | undefined => {
    const problems = problemsOf({ [name]: '1' });
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.ok(problems[0]?.startsWith(`unknown variable ${name}`), problems[0]);
    return /\(did you mean (\S+)\?\)$/.exec(problems[0] as string)?.[1];
  };
  // Fewer edits than a sixth of the name's length (at least 2), plus one.
  assert.equal(hint('GETH_AGENT_LOG_LEVL'), 'GETH_AGENT_LOG_LEVEL');
  assert.equal(hint('GETH_AGENT_LOG_LEVELXYZ'), 'GETH_AGENT_LOG_LEVEL'); // 23 characters, 3 edits
  assert.equal(hint('GETH_AGENT_LOG_LEVELVWXYZ'), undefined); // 25 characters, 5 edits
  assert.equal(hint('GETH_AGENT_LG_LVL'), undefined); // 17 characters, 3 edits
  assert.equal(hint('GETH_AGENT_ETHSTATS_COLLECTOR_MAX_NODEZZZZZZZ'), 'GETH_AGENT_ETHSTATS_COLLECTOR_MAX_NODES'); // 45, 7
  assert.equal(hint('GETH_AGENT_ETHSTATS_COLLECTOR_MAX_NODEZZZZZZZZ'), undefined); // 46, 8
  // Names more than 8 characters longer or shorter are never suggested, whatever the length.
  assert.equal(hint(`GETH_AGENT_ETHSTATS_COLLECTOR_MAX_LOGINS_PER_ADDRESS${'X'.repeat(8)}`), 'GETH_AGENT_ETHSTATS_COLLECTOR_MAX_LOGINS_PER_ADDRESS');
  assert.equal(hint(`GETH_AGENT_ETHSTATS_COLLECTOR_MAX_LOGINS_PER_ADDRESS${'X'.repeat(9)}`), undefined);
  // The closest wins over an earlier close one (MAX_LOGINS is 5 edits away); on a tie, the first
  // in table order; a _FILE name is a candidate too.
  assert.equal(hint('GETH_AGENT_ETHSTATS_COLLECTOR_MAX_NODE'), 'GETH_AGENT_ETHSTATS_COLLECTOR_MAX_NODES');
  assert.equal(hint('GETH_AGENT_PASSWORD_FX'), 'GETH_AGENT_PASSWORD');
  assert.equal(hint('GETH_AGENT_PASSWORD_FIL'), 'GETH_AGENT_PASSWORD_FILE');
  assert.equal(hint('GETH_AGENT_X'), undefined);
  // Other prefixes are not ours.
  assert.deepEqual(problemsOf({ GETH_AGENTX: '1', geth_agent_role: 'x', XGETH_AGENT_ROLE: 'x' }), []);
});

test('only the exact Kubernetes service-link names are ignored', () => {
  const ignored = ['GETH_AGENT_SERVICE_HOST', 'GETH_AGENT_SERVICE_PORT', 'GETH_AGENT_SERVICE_PORT_HTTP_2', 'GETH_AGENT_PORT', 'GETH_AGENT_PORT_8080_TCP', 'GETH_AGENT_PORT_53_UDP_PROTO', 'GETH_AGENT_PORT_9_SCTP_PORT', 'GETH_AGENT_PORT_8080_TCP_ADDR'];
  assert.deepEqual(problemsOf(Object.fromEntries(ignored.map((n) => [n, 'x']))), []);
  for (const name of ['GETH_AGENT_SERVICE_HOSTS', 'GETH_AGENT_SERVICE_PORT_', 'GETH_AGENT_SERVICE_PORT_http', 'GETH_AGENT_PORT_8080', 'GETH_AGENT_PORT_X_TCP', 'GETH_AGENT_PORT_8080_ICMP', 'GETH_AGENT_PORT_8080_TCP_HOST', 'GETH_AGENT_PORTS', 'GETH_AGENT_SERVICE', 'GETH_AGENT_X_GETH_AGENT_PORT', 'GETH_AGENT_X_GETH_AGENT_SERVICE_HOST']) {
    const problems = problemsOf({ [name]: 'x' });
    assert.equal(problems.length, 1, name);
    assert.ok(problems[0]?.startsWith(`unknown variable ${name}`), problems[0]);
  }
});

test('secret files: blank names count as unset, content trimmed, read errors named without content', () => {
  const read = (content: string) => () => content;
  assert.equal(loadConfig({ ...base, GETH_AGENT_NETWORK_SECRET_FILE: '/s' }, { readFile: read('  s3cret \r\n') }).config.networkSecret, 's3cret');
  assert.equal(loadConfig({ ...base, GETH_AGENT_NETWORK_SECRET_FILE: '/s' }, { readFile: read('two\nlines\n') }).config.networkSecret, 'two\nlines');
  // A blank _FILE does not count (the plain variable is used), nor a blank plain one.
  const blankFile = loadConfig({ ...base, GETH_AGENT_NETWORK_SECRET: 'direct', GETH_AGENT_NETWORK_SECRET_FILE: '  ' }, { readFile: read('from-file') });
  assert.equal(blankFile.config.networkSecret, 'direct');
  assert.equal(blankFile.sources.networkSecret, 'env');
  const blankDirect = loadConfig({ ...base, GETH_AGENT_NETWORK_SECRET: ' ', GETH_AGENT_NETWORK_SECRET_FILE: '/s' }, { readFile: read('from-file') });
  assert.equal(blankDirect.config.networkSecret, 'from-file');
  assert.equal(blankDirect.sources.networkSecret, 'file');
  assert.deepEqual(problemsOf({ GETH_AGENT_NETWORK_SECRET_FILE: '/s' }, read(' \r\n ')), ['GETH_AGENT_NETWORK_SECRET_FILE="/s": the file is empty']);
  // The path is the one given, as given (the file reader gets it untrimmed too).
  const paths: string[] = [];
  loadConfig({ ...base, GETH_AGENT_NETWORK_SECRET_FILE: '/run/s' }, { readFile: (p) => (paths.push(p), 'x') });
  assert.deepEqual(paths, ['/run/s']);
  const failing = (error: unknown) => () => {
    throw error;
  };
  assert.deepEqual(problemsOf({ GETH_AGENT_NETWORK_SECRET_FILE: '/s' }, failing(new UnsafeFileError('/s', 'not a regular file (a folder)'))), [
    'GETH_AGENT_NETWORK_SECRET_FILE="/s": not a regular file (a folder)',
  ]);
  assert.deepEqual(problemsOf({ GETH_AGENT_NETWORK_SECRET_FILE: '/s' }, failing(Object.assign(new Error('x'), { code: 42 }))), [
    'GETH_AGENT_NETWORK_SECRET_FILE="/s": cannot read the file (read error)',
  ]);
  assert.deepEqual(problemsOf({ GETH_AGENT_NETWORK_SECRET_FILE: '/s' }, failing(new Error('no code'))), ['GETH_AGENT_NETWORK_SECRET_FILE="/s": cannot read the file (read error)']);
  assert.deepEqual(problemsOf({ GETH_AGENT_NETWORK_SECRET_FILE: '/s' }, failing(Object.assign(new Error('x'), { code: 'EISDIR' }))), [
    'GETH_AGENT_NETWORK_SECRET_FILE="/s": cannot read the file (EISDIR)',
  ]);
});

test('the loaded sources say env, file, default or unset', () => {
  const { sources } = loadConfig({ ...base, GETH_AGENT_PASSWORD_FILE: '/p' }, { readFile: () => 'pw' });
  assert.equal(sources.role, 'env');
  assert.equal(sources.password, 'file');
  assert.equal(sources.p2pPort, 'default');
  assert.equal(sources.networkId, 'unset');
  assert.ok(Object.isFrozen(sources));
});
