import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { SigningKey, hexlify, randomBytes } from 'ethers';
import { startAgent } from '../helpers/agents.js';
import { toolPath } from '../helpers/geth-bin.js';
import { fastNodeEnv, nodePorts, portEnv, startStaticGenesis } from '../helpers/network.js';
import { tempDir } from '../helpers/tmp.js';

/** Valid enodes (geth checks the key is on the curve) on loopback addresses nothing listens on. */
function enodes(count: number, offset: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + offset;
    return `enode://${new SigningKey(hexlify(randomBytes(32))).publicKey.slice(4)}@127.${100 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}:30303`;
  });
}

test('~1,700 boot nodes (a hostile directory plus GETH_AGENT_BOOTNODES): real geth starts through the agent, no E2BIG, and dials only ours', { timeout: 120_000 }, async (t) => {
  const root = await tempDir(t);
  // 1,000 from the directory (a 155 KB reply, under the client's 256 KiB cap) and 700 configured
  // (a 107 KB variable, under Linux's 128 KiB per-string limit): together about 260 KB in one list.
  const served = enodes(1000, 0);
  const configured = enodes(700, 1000);
  const realGenesis = await startStaticGenesis(t, root, [`0x${'11'.repeat(20)}`]);
  const genesisBytes = Buffer.from(await (await fetch(`${realGenesis}/genesis.json`)).arrayBuffer());
  const directory = createServer((req, res) => {
    if (req.url === '/genesis.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(genesisBytes);
    if (req.url === '/bootnodes') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bootnodes: served }));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => directory.listen(0, '127.0.0.1', resolve));
  // Kept-alive connections of an agent still running would hold close() open.
  t.after(() => new Promise<void>((resolve) => {
    directory.close(() => resolve());
    directory.closeAllConnections();
  }));
  const dataDir = join(root, 'c');
  const ports = await nodePorts();
  const agent = startAgent(t, 'client', {
    ...fastNodeEnv(`http://127.0.0.1:${(directory.address() as AddressInfo).port}`, { GETH_AGENT_ROLE: 'client', GETH_AGENT_DATA_DIR: dataDir, GETH_AGENT_HTTP_PORT: '0', GETH_AGENT_WS_PORT: '0', GETH_AGENT_HTTP_ADDR: '127.0.0.1', ...portEnv(ports) }),
    GETH_AGENT_BOOTNODES: configured.join(','),
    // The served list is capped (GETH_AGENT_BOOTNODES_MAX, 16 by default): raised to its maximum, so all 1,700 reach geth.
    GETH_AGENT_BOOTNODES_MAX: '1000',
  });
  await agent.waitForLine(/"component":"geth".*IPC endpoint opened/, 60_000);

  const started = JSON.parse(agent.lines.find((l) => l.includes('"msg":"starting geth"')) as string) as { args: string[] };
  assert.ok(!started.args.includes('--bootnodes') && !started.args.includes('--nodiscover'), started.args.join(' '));
  const longest = Math.max(...started.args.map((a) => Buffer.byteLength(a)));
  assert.ok(longest < 4096, `longest argument ${longest} bytes`);
  const toml = await readFile(join(dataDir, 'agent', 'geth.toml'), 'utf8');
  const ours = new Set([...configured, ...served]);
  assert.equal(ours.size, 1700);
  await agent.stop(30_000);

  // What geth itself makes of that command line: exactly our 1,700, V4 and V5, none of its mainnet defaults.
  const dump = await execa(toolPath('geth'), [...started.args, 'dumpconfig'], { stdin: 'ignore', reject: false, timeout: 30_000 });
  assert.equal(dump.exitCode, 0, dump.stderr.slice(-400));
  for (const key of ['BootstrapNodes', 'BootstrapNodesV5']) {
    const list = new RegExp(`^${key} = \\[(.*)\\]$`, 'm').exec(dump.stdout)?.[1] ?? '';
    const listed = new Set([...list.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string));
    assert.deepEqual(listed, ours, `${key}: ${listed.size} entries, as geth reads them`);
    assert.ok(toml.includes(`${key} = [`), `${key} in the generated TOML`);
  }
});
