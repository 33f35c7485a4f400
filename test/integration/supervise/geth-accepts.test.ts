import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { SigningKey, hexlify, randomBytes } from 'ethers';
import { loadConfig } from '../../../src/config/load.js';
import { buildGethArgs, type ArgsInput } from '../../../src/geth/args/index.js';
import { agentPaths } from '../../../src/paths.js';
import { toolPath } from '../../helpers/geth-bin.js';
import { tempDir } from '../../helpers/tmp.js';
import { freePorts } from '../../helpers/ports.js';
import { spawnTestProcess } from '../../helpers/geth-process.js';

const enode = (n: number): string => `enode://${new SigningKey(hexlify(randomBytes(32))).publicKey.slice(4)}@127.0.0.${n}:30303`;

test('real geth accepts every role\'s command line and generated TOML (dumpconfig)', { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const paths = agentPaths(join(dir, 'd'));
  await mkdir(paths.agentDir, { recursive: true });
  await writeFile(paths.nodeKey, 'ab'.repeat(32));
  await writeFile(paths.password, 'x');
  for (const [role, env] of [
    ['sealer', { GETH_AGENT_P2P_LISTEN_HOST: '127.0.0.1', GETH_AGENT_STATIC_NODES: enode(2), GETH_AGENT_TRUSTED_NODES: enode(3), GETH_AGENT_GETH_ARGS: '--gasprice 2000000000 --cache 256' }],
    ['client', { GETH_AGENT_HTTP_CORS: 'https://a.example', GETH_AGENT_GETH_METRICS_ADDR: '127.0.0.1:6061', GETH_AGENT_NETRESTRICT: '127.0.0.0/8' }],
    ['boot', { GETH_AGENT_BOOT_MODE: 'geth' }],
  ] as const) {
    const { config } = loadConfig({ GETH_AGENT_ROLE: role, GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9', GETH_AGENT_DATA_DIR: paths.dataDir, ...env });
    const input: ArgsInput = {
      role, config: { ...config, ethstatsMode: 'geth', ethstats: { name: 'n', secret: 's', host: '127.0.0.1:3000' } } as ArgsInput['config'],
      paths, nodeKeyFile: paths.nodeKey, bootnodes: role === 'boot' ? [] : [enode(4)], networkId: 1337, advertiseIp: '127.0.0.1',
      ...(role === 'sealer' ? { account: { address: '0x00000000000000000000000000000000000000a1', passwordFile: paths.password } } : {}),
    };
    const command = buildGethArgs(input);
    const bootnodes = input.bootnodes.map((e) => `"${e}"`).join(', ');
    if (command.toml !== undefined) await writeFile(command.toml.path, command.toml.content);
    const result = await execa(toolPath('geth'), [...command.args, 'dumpconfig'], { reject: false, stdin: 'ignore', timeout: 20_000 });
    assert.equal(result.exitCode, 0, `${role}: ${result.stderr.slice(-500)}`);
    if (role === 'sealer') {
      assert.match(result.stdout, /ListenAddr = "127\.0\.0\.1:30303"/);
      assert.match(result.stdout, /StaticNodes = \["enode:\/\/[0-9a-f]{128}@127\.0\.0\.2/);
      assert.match(result.stdout, /GasPrice = 2000000000/, 'a legacy flag, translated');
      assert.match(result.stdout, /NoPruning = true/, 'gcmode archive');
    }
    // Invariant 4 as geth itself reads it: only our boot nodes (V4 and V5), never its mainnet defaults.
    if (role === 'boot') assert.match(result.stdout, /BootstrapNodes = \[\]/, 'no mainnet boot nodes');
    else {
      assert.ok(result.stdout.includes(`\nBootstrapNodes = [${bootnodes}]\n`), `${role}: only ours in BootstrapNodes`);
      assert.ok(result.stdout.includes(`\nBootstrapNodesV5 = [${bootnodes}]\n`), `${role}: only ours in BootstrapNodesV5`);
    }
    assert.match(result.stdout, /URL = "n:s@127\.0\.0\.1:3000"/);
  }
});

test('real bootnode runs the boot role\'s command line and never signs a record with an IP and UDP port 0', { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const paths = agentPaths(join(dir, 'b'));
  await mkdir(paths.agentDir, { recursive: true });
  await writeFile(paths.nodeKey, 'cd'.repeat(32));
  const [port] = await freePorts(1);
  const { config } = loadConfig({ GETH_AGENT_ROLE: 'boot', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9', GETH_AGENT_DATA_DIR: paths.dataDir, GETH_AGENT_P2P_PORT: String(port), GETH_AGENT_NETRESTRICT: '127.0.0.0/8' });
  const command = buildGethArgs({ role: 'boot', config, paths, nodeKeyFile: paths.nodeKey, bootnodes: [], networkId: 1337, advertiseIp: '127.0.0.1' });
  assert.equal(command.command, 'bootnode');
  const bootnode = spawnTestProcess(toolPath('bootnode'), [...command.args, '-verbosity', '4']);
  t.after(() => bootnode.stop(5_000));
  const [record] = await bootnode.waitForLine(/New local node record.*/, 10_000);
  // With `-nat extip:127.0.0.1` bootnode 1.13.15 logs `ip=127.0.0.1 udp=0`: geth adopts that
  // record and drops the boot node after one revalidation, which ends discovery.
  assert.doesNotMatch(record, /ip=\d+\.\d+\.\d+\.\d+ udp=0\b/, record);
  await bootnode.waitForLine(new RegExp(`discport=${port}`), 5_000);
});
