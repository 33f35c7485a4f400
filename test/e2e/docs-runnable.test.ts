import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { agentBin } from '../helpers/cli.js';
import { toolPath } from '../helpers/geth-bin.js';
import { spawnTestProcess } from '../helpers/geth-process.js';
import { docFiles, readDoc, splitFences } from '../helpers/markdown.js';
import { tempDir } from '../helpers/tmp.js';

interface Endpoints {
  genesis: string;
  nodes: Array<{ name: string; role: string; rpc?: string; health: string }>;
}

/** Every block fenced as ```sh runnable in the README and docs/, with where it is. */
const runnableBlocks = (): Array<{ where: string; body: string }> =>
  docFiles().flatMap((file) => splitFences(readDoc(file)).fences.filter((f) => /^(sh|bash)\s+runnable\b/.test(f.info)).map((f) => ({ where: `${file}:${f.line}`, body: f.body })));

test('every fenced block marked runnable in the docs runs against a devnet and exits 0', { timeout: 300_000 }, async (t) => {
  const blocks = runnableBlocks();
  assert.ok(blocks.length >= 5, `only ${blocks.length} runnable blocks`);
  const dir = join(await tempDir(t, 'ga-doc-'), 'n');
  const devnet = spawnTestProcess(process.execPath, [agentBin(), 'devnet', '--sealers', '1', '--clients', '1', '--period', '1', '--data', dir], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', GETH_AGENT_GETH_BIN: toolPath('geth') },
  });
  t.after(() => devnet.stop(120_000));
  await devnet.waitForLine(/devnet: up in/, 180_000);
  const endpoints = JSON.parse(await readFile(join(dir, 'endpoints.json'), 'utf8')) as Endpoints;
  const base = (name: string): string => {
    const node = endpoints.nodes.find((n) => n.name === name);
    assert.ok(node !== undefined, `${name} in endpoints.json`);
    return node.health.replace(/\/health$/, '');
  };
  // The variables the docs' runnable blocks use, as docs/development.md describes them.
  const env = {
    PATH: [dirname(agentBin()), dirname(toolPath('geth')), process.env.PATH ?? ''].join(':'),
    HOME: process.env.HOME ?? '/tmp',
    DEVNET: dir,
    GENESIS: base('genesis'),
    SEALER: base('sealer-1'),
    CLIENT: base('client-1'),
    RPC: endpoints.nodes.find((n) => n.name === 'client-1')?.rpc ?? '',
  };
  const failures: string[] = [];
  for (const block of blocks) {
    const result = await execa('bash', ['-euo', 'pipefail', '-c', block.body], { env, extendEnv: false, reject: false, timeout: 30_000, stdin: 'ignore', cwd: dir });
    if (result.exitCode !== 0) failures.push(`${block.where}: exit ${result.exitCode ?? result.signal}\n${result.stdout.slice(-500)}\n${result.stderr.slice(-500)}`);
  }
  assert.deepEqual(failures, []);
});
