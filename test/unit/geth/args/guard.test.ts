import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../../src/config/load.js';
import type { Config } from '../../../../src/config/table.js';
import { ConfigError } from '../../../../src/errors.js';
import { childEnv } from '../../../../src/geth/child-env.js';
import { gethArgsProblems, gethEnvProblems } from '../../../../src/geth/args/guard.js';
import { gethEnvName } from '../../../../src/geth/args/geth-flags.js';
import { buildGethArgs, refuseGethOverridesFor } from '../../../../src/geth/args/index.js';
import { ownedFlagUse, ownedFlags, type ArgsBuilder } from '../../../../src/geth/args/owned.js';
import { buildGethArgsV1_13 } from '../../../../src/geth/args/v1_13.js';
import { agentPaths } from '../../../../src/paths.js';

const configOf = (env: Record<string, string> = {}): Config =>
  loadConfig({ GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://genesis:8080', GETH_AGENT_DATA_DIR: '/data', ...env }).config;

const argsProblems = (gethArgs: string, env: Record<string, string> = {}): string[] =>
  gethArgsProblems(configOf({ ...env, GETH_AGENT_GETH_ARGS: gethArgs }), buildGethArgsV1_13);

test('guard: the reproduction (--http.api with admin/personal/debug, --mainnet) is refused, naming each flag and the variable to use', () => {
  const problems = argsProblems('--http.api eth,admin,personal,debug --mainnet');
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0] ?? '', /^GETH_AGENT_GETH_ARGS: --http\.api is set by geth-agent: use GETH_AGENT_HTTP_API .*instead$/);
  assert.match(problems[1] ?? '', /^GETH_AGENT_GETH_ARGS: --mainnet would put geth on another chain: remove it \(.*GETH_AGENT_GENESIS_URL\)$/);
  // And the args builder refuses it too (it is what launches geth).
  const { config } = loadConfig({ GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://g:1', GETH_AGENT_GETH_ARGS: '--http.api eth,admin,personal,debug --mainnet' });
  const paths = agentPaths('/data');
  assert.throws(
    () => buildGethArgs({ role: 'client', config, paths, nodeKeyFile: paths.nodeKey, bootnodes: [], networkId: 1 }),
    (error: unknown) => error instanceof ConfigError && error.problems.length === 2 && error.exitCode === 78,
  );
});

test('guard: the owned set is what the builder emits, each with advice (the advice table and the builder stay in step)', () => {
  const owned = ownedFlags(configOf(), buildGethArgsV1_13);
  for (const flag of ['datadir', 'bootnodes', 'nodiscover', 'nat', 'port', 'password', 'unlock', 'config', 'http.api', 'ws.api', 'http.addr', 'allow-insecure-unlock', 'networkid', 'keystore', 'metrics']) {
    assert.ok(owned.has(flag), `--${flag} is owned`);
  }
  assert.deepEqual([...owned.keys()].sort(), Object.keys(ownedFlagUse).sort(), 'every emitted flag has advice and every advice is for an emitted flag');
  assert.equal(owned.get('nodiscover')?.boolean, true);
  assert.equal(owned.get('http.api')?.boolean, false);
  // A flag the builder starts emitting is refused without touching the guard.
  const extended: ArgsBuilder = (input) => {
    const command = buildGethArgsV1_13(input);
    return { ...command, args: [...command.args, '--txpool.lifetime', '1h'] };
  };
  const problems = gethArgsProblems(configOf({ GETH_AGENT_GETH_ARGS: '--txpool.lifetime=2h' }), extended);
  assert.match(problems.join('\n'), /--txpool\.lifetime is set by geth-agent: remove it/);
});

test('guard: every owned, chain-selecting or relied-on flag is refused in every spelling geth accepts, args and GETH_<FLAG>', () => {
  const config = configOf();
  const owned = ownedFlags(config, buildGethArgsV1_13);
  const flags = [...owned.keys(), 'mainnet', 'sepolia', 'holesky', 'goerli', 'dev', 'override.cancun', 'ipcpath', 'ipcdisable', 'nodekeyhex', 'discovery.port', 'ethstats'];
  let checked = 0;
  for (const flag of flags) {
    for (const spelling of [`--${flag} x`, `--${flag}=x`, `-${flag} x`, `-${flag}=x`, `--${flag}`, `-${flag}`, `--verbosity 3 --${flag}=`]) {
      const problems = gethArgsProblems({ ...config, gethArgs: spelling.split(' ') }, buildGethArgsV1_13);
      assert.ok(problems.some((p) => p.includes(`-${flag} `) || p.includes(`-${flag} (`)), `${spelling}: ${problems.join(' | ')}`);
      checked++;
    }
    const name = gethEnvName(flag);
    const envProblems = gethEnvProblems(config, { [name]: 'x-secret-value' }, buildGethArgsV1_13);
    assert.equal(envProblems.length, 1, `${name}: ${envProblems.join(' | ')}`);
    assert.match(envProblems[0] ?? '', new RegExp(`^${name} \\(geth reads it as --${flag.replaceAll('.', '\\.')}\\) (is set by geth-agent|would put geth on another chain): (use GETH_AGENT_|remove it)`));
    assert.ok(!envProblems[0]?.includes('x-secret-value'), 'a GETH_* value is never echoed');
  }
  assert.ok(checked > 7 * 40, `spellings checked: ${checked}`);
});

test('guard: a legacy name counts as its 1.13 name; refused legacy flags keep their own message, reported together', () => {
  const problems = argsProblems('--rpcport 9545 --wsapi eth --password /p --datadir /x');
  assert.deepEqual(problems, [
    'GETH_AGENT_GETH_ARGS: --rpcport (geth 1.13: --http.port) is set by geth-agent: use GETH_AGENT_HTTP_PORT instead',
    'GETH_AGENT_GETH_ARGS: --wsapi (geth 1.13: --ws.api) is set by geth-agent: use GETH_AGENT_HTTP_API (admin, debug, personal, miner only on loopback unless GETH_AGENT_ALLOW_UNSAFE_API=true) instead',
    'GETH_AGENT_GETH_ARGS: --datadir is set by geth-agent: use GETH_AGENT_DATA_DIR instead',
    'GETH_AGENT_GETH_ARGS: --password is not accepted; use the password file the agent provisions',
  ]);
});

test('guard: listeners the typed variables keep on loopback (pprof) are refused elsewhere unless GETH_AGENT_ALLOW_UNSAFE_API', () => {
  assert.match(argsProblems('--pprof --pprof.addr 0.0.0.0').join('\n'), /--pprof\.addr "0\.0\.0\.0" opens geth's profiler .* on a non-loopback address: listen on 127\.0\.0\.1, or set GETH_AGENT_ALLOW_UNSAFE_API=true/);
  assert.match(argsProblems('-pprof.addr=::').join('\n'), /-pprof\.addr "::" opens/);
  assert.deepEqual(argsProblems('--pprof --pprof.addr 127.0.0.1 --pprof.port 6061'), []);
  assert.deepEqual(argsProblems('--pprof --pprof.addr 0.0.0.0', { GETH_AGENT_ALLOW_UNSAFE_API: 'true' }), []);
  assert.match(gethEnvProblems(configOf(), { GETH_PPROF_ADDR: '10.0.0.1' }, buildGethArgsV1_13).join('\n'), /^GETH_PPROF_ADDR \(geth reads it as --pprof\.addr\) opens/);
});

test('guard: geth commands and stray words are refused (geth would run them, or fail, instead of the node); values are not', () => {
  assert.match(argsProblems('console').join('\n'), /"console" would run the geth command console instead of the node/);
  assert.match(argsProblems('--lightkdf removedb').join('\n'), /"removedb" would run the geth command removedb/);
  assert.match(argsProblems('--verbosity 3 -- init').join('\n'), /"--" ends geth's flags/);
  assert.match(argsProblems('--nousb stray').join('\n'), /"stray" is not a flag nor the value of one/);
  assert.deepEqual(argsProblems('--identity init --verbosity 4 --cache 512 --maxpeers 10 --txpool.pricelimit 1 --metrics.expensive --gasprice 1'), []);
});

test('guard: harmless GETH_* variables pass; Kubernetes service links are neither refused nor handed to geth', () => {
  const env = { GETH_VERBOSITY: '4', GETH_CACHE: '512', GETH_PORT: 'tcp://10.0.0.1:8545', GETH_SERVICE_HOST: '10.0.0.1', GETH_PORT_8545_TCP_ADDR: '10.0.0.1', HOME: '/root' };
  assert.deepEqual(gethEnvProblems(configOf(), env, buildGethArgsV1_13), []);
  assert.deepEqual(childEnv({ ...env, GETH_AGENT_PASSWORD: 'p' }), { GETH_VERBOSITY: '4', GETH_CACHE: '512', HOME: '/root' });
  assert.match(gethEnvProblems(configOf(), { GETH_PORT: '30304' }, buildGethArgsV1_13).join('\n'), /^GETH_PORT \(geth reads it as --port\) is set by geth-agent: use GETH_AGENT_P2P_PORT instead$/);
});

test('guard: refuseGethOverridesFor reports GETH_AGENT_GETH_ARGS and GETH_* problems together (exit 78)', () => {
  const config = configOf({ GETH_AGENT_GETH_ARGS: '--nodiscover' });
  assert.throws(
    () => refuseGethOverridesFor(config, { GETH_HTTP: 'true', GETH_AGENT_GETH_ARGS: '--nodiscover' }),
    (error: unknown) => error instanceof ConfigError && error.exitCode === 78 && error.problems.length === 2 && /GETH_HTTP \(geth reads it as --http\)/.test(error.message),
  );
  assert.doesNotThrow(() => refuseGethOverridesFor(configOf({ GETH_AGENT_GETH_ARGS: '--verbosity 4' }), { GETH_VERBOSITY: '5' }));
});
