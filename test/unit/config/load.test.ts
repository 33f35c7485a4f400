import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { ExitCode } from '../../../src/exit-codes.js';
import { SMALL_FILE_MAX_BYTES } from '../../../src/fs/small-file.js';
import { tempDir } from '../../helpers/tmp.js';

const base = { GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:8080' };

function problemsOf(env: Record<string, string>, readFile?: (path: string) => string): readonly string[] {
  try {
    loadConfig(env, readFile ? { readFile } : {});
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.equal(error.exitCode, ExitCode.config);
    return error.problems;
  }
  return [];
}

test('defaults fill every unset variable and the result is frozen', () => {
  const { config, sources } = loadConfig(base);
  assert.equal(config.role, 'client');
  assert.equal(config.dataDir, 'data');
  assert.deepEqual(config.listen, { host: '127.0.0.1', port: 8080 });
  assert.equal(config.p2pPort, 30303);
  assert.deepEqual(config.httpApi, ['eth', 'net', 'web3', 'txpool']);
  assert.equal(config.networkId, undefined);
  assert.equal(sources.role, 'env');
  assert.equal(sources.p2pPort, 'default');
  assert.ok(Object.isFrozen(config));
  assert.throws(() => {
    (config as { role: string }).role = 'sealer';
  });
});

test('typed values are parsed', () => {
  const { config } = loadConfig({
    ...base,
    GETH_AGENT_LISTEN: '[::1]:9000',
    GETH_AGENT_P2P_PORT: '30311',
    GETH_AGENT_SIGNERS: '0x00000000000000000000000000000000000000aa, 0x00000000000000000000000000000000000000bb',
    GETH_AGENT_GETH_ARGS: `--verbosity 4 --identity "my node" --extra 'a b'`,
  });
  assert.deepEqual(config.listen, { host: '::1', port: 9000 });
  assert.equal(config.p2pPort, 30311);
  assert.deepEqual(config.signers, ['0x00000000000000000000000000000000000000AA', '0x00000000000000000000000000000000000000bb']);
  assert.ok(problemsOf({ ...base, GETH_AGENT_SIGNERS: '0x00000000000000000000000000000000000000Aa' })[0]?.includes('checksum'));
  assert.ok(problemsOf({ ...base, GETH_AGENT_SIGNERS: '0x00000000000000000000000000000000000000aa,0x00000000000000000000000000000000000000AA' })[0]?.includes('duplicates'));
  assert.deepEqual(config.gethArgs, ['--verbosity', '4', '--identity', 'my node', '--extra', 'a b']);
  // geth's rules: host after the last @, secret after the last : before it (so it may hold @).
  assert.deepEqual(loadConfig({ ...base, GETH_AGENT_ETHSTATS: 'node:1:sec@ret@stats.example:3000' }).config.ethstats, { name: 'node:1', secret: 'sec@ret', host: 'stats.example:3000' });
  const ok = loadConfig({ ...base, GETH_AGENT_ETHSTATS: 'my:node:s3cret@stats.example:3000' }).config;
  assert.deepEqual(ok.ethstats, { name: 'my:node', secret: 's3cret', host: 'stats.example:3000' });
});

test('every problem is reported at once, naming variable, value and expectation', () => {
  const problems = problemsOf({
    GETH_AGENT_ROLE: 'bogus',
    GETH_AGENT_P2P_PORT: 'abc',
    GETH_AGENT_HTTP_PORT: '70000',
    GETH_AGENT_GENESIS_URL: 'ftp://x',
    GETH_AGENT_SIGNERS: '0x1',
    GETH_AGENT_SEALER_COUNT: '3',
    GETH_AGENT_LISTEN: 'nohost',
  });
  assert.equal(problems.length, 7, problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('GETH_AGENT_ROLE="bogus": expected one of genesis, boot, sealer, client')));
  assert.ok(problems.some((p) => p.startsWith('GETH_AGENT_P2P_PORT="abc": expected an integer from 0 to 65535')));
  assert.ok(problems.some((p) => p.startsWith('GETH_AGENT_HTTP_PORT="70000"')));
  assert.ok(problems.some((p) => p.startsWith('GETH_AGENT_GENESIS_URL="ftp://x": expected a URL with scheme')));
  assert.ok(problems.some((p) => p.includes('GETH_AGENT_SIGNERS and GETH_AGENT_SEALER_COUNT are mutually exclusive')));
  assert.ok(problems.some((p) => p.startsWith('GETH_AGENT_LISTEN="nohost": expected host:port')));
});

test('a missing role is required, and rules that read it stay silent', () => {
  assert.deepEqual(problemsOf({}).filter((p) => p.startsWith('GETH_AGENT_ROLE')), [
    problemsOf({}).find((p) => p.startsWith('GETH_AGENT_ROLE is required')) as string,
  ]);
  assert.ok(!problemsOf({}).some((p) => p.includes('in role undefined')));
  const genesis = problemsOf({ GETH_AGENT_ROLE: 'genesis' });
  assert.ok(genesis.some((p) => p.includes('GETH_AGENT_NETWORK_ID is required in role genesis')));
  assert.ok(genesis.some((p) => p.includes('needs a signer set')));
  assert.ok(problemsOf({ GETH_AGENT_ROLE: 'sealer' }).some((p) => p.includes('GETH_AGENT_GENESIS_URL is required in role sealer')));
});

test('role rules run alongside other problems: one run reports them all', () => {
  const problems = problemsOf({ GETH_AGENT_ROLE: 'sealer', GETH_AGENT_P2P_PORT: 'x' });
  assert.deepEqual(problems, [
    'GETH_AGENT_P2P_PORT="x": expected an integer from 0 to 65535',
    'GETH_AGENT_GENESIS_URL is required in role sealer',
  ]);
  const genesis = problemsOf({ GETH_AGENT_ROLE: 'genesis', GETH_AGENT_LOG_LEVEL: 'loud', GETH_AGENT_SEALR_COUNT: '3' });
  assert.equal(genesis.length, 4, genesis.join('\n'));
  assert.ok(genesis.some((p) => p.startsWith('GETH_AGENT_LOG_LEVEL="loud"')));
  assert.ok(genesis.some((p) => p.startsWith('unknown variable GETH_AGENT_SEALR_COUNT')));
  assert.ok(genesis.some((p) => p.includes('GETH_AGENT_NETWORK_ID is required in role genesis')));
  assert.ok(genesis.some((p) => p.includes('needs a signer set')));
});

test('a rule is skipped when a variable it reads failed on its own (no double report)', () => {
  // The bad URL is reported once, not also as "required in role sealer".
  assert.deepEqual(problemsOf({ GETH_AGENT_ROLE: 'sealer', GETH_AGENT_GENESIS_URL: 'ftp://x' }).length, 1);
  // An unreadable secret file is not also "required in role genesis with SEALER_COUNT".
  const secret = problemsOf({
    GETH_AGENT_ROLE: 'genesis',
    GETH_AGENT_NETWORK_ID: '1337',
    GETH_AGENT_SEALER_COUNT: '2',
    GETH_AGENT_NETWORK_SECRET_FILE: '/nonexistent/secret',
  });
  assert.deepEqual(secret, ['GETH_AGENT_NETWORK_SECRET_FILE="/nonexistent/secret": cannot read the file (ENOENT)']);
  // A failed role silences every rule that reads it; rules that do not read it still run.
  const bogus = problemsOf({ GETH_AGENT_ROLE: 'bogus', GETH_AGENT_ETHSTATS_BACKOFF_INITIAL_SECONDS: '10', GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS: '5' });
  assert.equal(bogus.length, 2, bogus.join('\n'));
  assert.ok(bogus.some((p) => p.includes('GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS must be >=')));
});

test('unknown GETH_AGENT_* names are reported by name only, with a suggestion', () => {
  const problems = problemsOf({ ...base, GETH_AGENT_NETWORK_SECRT: 'super-secret-value' });
  assert.deepEqual(problems, ['unknown variable GETH_AGENT_NETWORK_SECRT (did you mean GETH_AGENT_NETWORK_SECRET?)']);
  assert.ok(!problems.join('').includes('super-secret-value'));
});

test('Kubernetes service-link variables are ignored', () => {
  assert.doesNotThrow(() =>
    loadConfig({
      ...base,
      GETH_AGENT_SERVICE_HOST: '127.3.0.1',
      GETH_AGENT_SERVICE_PORT: '8080',
      GETH_AGENT_SERVICE_PORT_HTTP: '8080',
      GETH_AGENT_PORT: 'tcp://127.3.0.1:8080',
      GETH_AGENT_PORT_8080_TCP: 'tcp://127.3.0.1:8080',
      GETH_AGENT_PORT_8080_TCP_ADDR: '127.3.0.1',
    }),
  );
});

test('secrets: _FILE variant, trailing newline stripped, masked in problems, exclusive with the plain variable', () => {
  const files: Record<string, string> = { '/run/secrets/net': 'file-secret\n', '/run/secrets/empty': '\n' };
  const readFile = (path: string): string => {
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return content;
  };
  const { config, sources } = loadConfig({ ...base, GETH_AGENT_NETWORK_SECRET_FILE: '/run/secrets/net' }, { readFile });
  assert.equal(config.networkSecret, 'file-secret');
  assert.equal(sources.networkSecret, 'file');

  assert.deepEqual(problemsOf({ ...base, GETH_AGENT_NETWORK_SECRET_FILE: '/nope' }, readFile), [
    'GETH_AGENT_NETWORK_SECRET_FILE="/nope": cannot read the file (ENOENT)',
  ]);
  assert.deepEqual(problemsOf({ ...base, GETH_AGENT_NETWORK_SECRET_FILE: '/run/secrets/empty' }, readFile), [
    'GETH_AGENT_NETWORK_SECRET_FILE="/run/secrets/empty": the file is empty',
  ]);
  assert.deepEqual(problemsOf({ ...base, GETH_AGENT_NETWORK_SECRET: 'x', GETH_AGENT_NETWORK_SECRET_FILE: '/run/secrets/net' }, readFile), [
    'GETH_AGENT_NETWORK_SECRET and GETH_AGENT_NETWORK_SECRET_FILE are mutually exclusive: set one of them',
  ]);
  const bad = problemsOf({ ...base, GETH_AGENT_ETHSTATS: 'no-at-sign-hunter2' });
  assert.equal(bad.length, 1);
  assert.match(bad[0] as string, /^GETH_AGENT_ETHSTATS=<secret, 18 characters>: expected nodename:secret@host:port/);
  assert.ok(!bad[0]?.includes('hunter2'));
  // A non-secret variable has no _FILE form.
  assert.deepEqual(problemsOf({ ...base, GETH_AGENT_ROLE_FILE: '/x' }), ['unknown variable GETH_AGENT_ROLE_FILE']);
});

test('_FILE must be a regular file under the size limit: FIFOs, devices and huge files are config problems', async (t) => {
  const dir = await tempDir(t);
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const big = join(dir, 'big');
  await writeFile(big, 'x'.repeat(SMALL_FILE_MAX_BYTES + 1));
  const atLimit = join(dir, 'at-limit');
  await writeFile(atLimit, 'y'.repeat(SMALL_FILE_MAX_BYTES));
  // A Kubernetes Secret mount: the file is a symlink to ..data/<name>, itself a symlink to a folder.
  await mkdir(join(dir, '..2024_01_01'));
  await writeFile(join(dir, '..2024_01_01', 'secret'), 'mounted-secret\n');
  await symlink('..2024_01_01', join(dir, '..data'));
  await symlink('..data/secret', join(dir, 'secret'));

  const problem = (path: string): readonly string[] => problemsOf({ ...base, GETH_AGENT_NETWORK_SECRET_FILE: path });
  assert.deepEqual(problem(fifo), [`GETH_AGENT_NETWORK_SECRET_FILE=${JSON.stringify(fifo)}: not a regular file (a named pipe)`]);
  assert.deepEqual(problem('/dev/zero'), ['GETH_AGENT_NETWORK_SECRET_FILE="/dev/zero": not a regular file (a character device)']);
  assert.deepEqual(problem(dir), [`GETH_AGENT_NETWORK_SECRET_FILE=${JSON.stringify(dir)}: not a regular file (a folder)`]);
  assert.deepEqual(problem(big), [`GETH_AGENT_NETWORK_SECRET_FILE=${JSON.stringify(big)}: larger than ${SMALL_FILE_MAX_BYTES} bytes`]);
  assert.ok(!problem(big).join('').includes('xxxx'), 'content never echoed');
  assert.equal(loadConfig({ ...base, GETH_AGENT_NETWORK_SECRET_FILE: atLimit }).config.networkSecret?.length, SMALL_FILE_MAX_BYTES);
  const mounted = loadConfig({ ...base, GETH_AGENT_NETWORK_SECRET_FILE: join(dir, 'secret') });
  assert.equal(mounted.config.networkSecret, 'mounted-secret');
  // Every bad file is reported in the same run.
  const all = problemsOf({ ...base, GETH_AGENT_NETWORK_SECRET_FILE: fifo, GETH_AGENT_PASSWORD_FILE: '/dev/zero', GETH_AGENT_MNEMONIC_FILE: big });
  assert.equal(all.length, 3, all.join('\n'));
});

test('empty values count as unset; long values are truncated in messages', () => {
  assert.equal(loadConfig({ ...base, GETH_AGENT_P2P_PORT: '  ' }).config.p2pPort, 30303);
  const [problem] = problemsOf({ ...base, GETH_AGENT_DATA_DIR: 'ok', GETH_AGENT_LOG_LEVEL: 'x'.repeat(500) });
  assert.ok((problem as string).length < 200);
});
