import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { gethBooleanFlags, gethCommands } from '../../src/geth/args/geth-flags.js';
import { runAgent } from '../helpers/cli.js';
import { toolPath } from '../helpers/geth-bin.js';
import { tempDir } from '../helpers/tmp.js';

const node = (dataDir: string, extra: Record<string, string> = {}): Record<string, string> => ({
  GETH_AGENT_ROLE: 'client',
  GETH_AGENT_DATA_DIR: dataDir,
  GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9',
  GETH_AGENT_GETH_BIN: toolPath('geth'),
  GETH_AGENT_LISTEN: '127.0.0.1:0',
  ...extra,
});

test('GETH_AGENT_GETH_ARGS that open admin/personal/debug and select mainnet: args, check and run exit 78 naming each flag; run starts nothing', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const env = node(join(dir, 'd'), { GETH_AGENT_GETH_ARGS: '--http.api eth,admin,personal,debug --mainnet' });
  for (const command of ['args', 'check', 'run']) {
    const result = await runAgent([command], env);
    assert.equal(result.code, 78, `${command}: ${result.stdout}${result.stderr}`);
    assert.match(result.stderr, /GETH_AGENT_GETH_ARGS: --http\.api is set by geth-agent: use GETH_AGENT_HTTP_API/, command);
    assert.match(result.stderr, /GETH_AGENT_GETH_ARGS: --mainnet would put geth on another chain/, command);
    assert.doesNotMatch(result.stdout, /--mainnet/, `${command} printed no command line`);
  }
  assert.equal(existsSync(join(dir, 'd')), false, 'run created nothing: it stopped before provisioning');
});

test('the same through geth\'s own GETH_* variables, and every spelling geth reads (-flag, --flag=value): refused by the real CLI', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const bypass = await runAgent(['run'], node(join(dir, 'd'), { GETH_HTTP_API: 'eth,admin,personal,debug', GETH_MAINNET: 'true', GETH_ALLOW_INSECURE_UNLOCK: 'true' }));
  assert.equal(bypass.code, 78, bypass.stderr);
  assert.match(bypass.stderr, /GETH_HTTP_API \(geth reads it as --http\.api\) is set by geth-agent: use GETH_AGENT_HTTP_API/);
  assert.match(bypass.stderr, /GETH_MAINNET \(geth reads it as --mainnet\) would put geth on another chain/);
  assert.match(bypass.stderr, /GETH_ALLOW_INSECURE_UNLOCK \(geth reads it as --allow-insecure-unlock\) is set by geth-agent: use GETH_AGENT_SEALER_RPC=true/);
  const spellings = await runAgent(['args'], node(join(dir, 'd'), { GETH_AGENT_GETH_ARGS: '-datadir=/elsewhere -bootnodes enode://x@1.2.3.4:1 --nat=any -port 30303 --config /my.toml --pprof --pprof.addr 0.0.0.0 removedb' }));
  assert.equal(spellings.code, 78);
  for (const flag of ['-datadir', '-bootnodes', '--nat', '-port', '--config', '--pprof.addr "0.0.0.0"', '"removedb" would run the geth command']) {
    assert.ok(spellings.stderr.includes(flag), `${flag} named in: ${spellings.stderr}`);
  }
  // Harmless flags and variables still reach geth.
  const fine = await runAgent(['args', '--json'], node(join(dir, 'd'), { GETH_AGENT_GETH_ARGS: '--verbosity 4 --cache 512 --maxpeers 10', GETH_VERBOSITY: '4' }));
  assert.equal(fine.code, 0, fine.stderr);
  assert.deepEqual((JSON.parse(fine.stdout) as { args: string[] }).args.slice(-6), ['--verbosity', '4', '--cache', '512', '--maxpeers', '10']);
});

test('the guard\'s facts about geth 1.13.15 hold for the real binary: its boolean flags and its commands', { timeout: 30_000 }, async () => {
  const help = (await execa(toolPath('geth'), ['--help'], { stdin: 'ignore' })).stdout;
  const booleans = new Set<string>();
  for (const match of help.matchAll(/^ {4}(--?[a-z0-9.-]+(?:, --?[a-z0-9.-]+)*) {2,}\(default: (?:true|false)\)/gm)) {
    for (const name of (match[1] as string).split(', ')) booleans.add(name.replace(/^--?/, ''));
  }
  const commands = new Set<string>();
  for (const match of help.matchAll(/^ {3}([a-z][a-z-]*)(?:, ([a-z]+))? {2,}\S/gm)) {
    commands.add(match[1] as string);
    if (match[2] !== undefined) commands.add(match[2]);
  }
  assert.ok(booleans.size > 30 && commands.size > 15, `parsed ${booleans.size} booleans, ${commands.size} commands`);
  assert.deepEqual([...gethBooleanFlags].filter((f) => !booleans.has(f)), [], 'listed as boolean but takes a value in geth');
  assert.deepEqual([...booleans].filter((f) => !gethBooleanFlags.has(f)), [], 'boolean in geth but not listed');
  assert.deepEqual([...commands].filter((c) => !gethCommands.has(c)), [], 'geth commands not listed');
});
