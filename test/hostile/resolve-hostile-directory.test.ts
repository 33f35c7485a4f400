import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dataDirOf, startAgent } from '../helpers/agents.js';
import { fastNodeEnv, metric, nodePorts, portEnv, waitForMetrics } from '../helpers/network.js';
import { hostileEnodes, startHostileDirectory } from './attacks/hostile-directory.js';
import { agentsDir } from './directory-helpers.js';
import { agentPaths } from '../../src/paths.js';

/** The boot nodes geth was given: `--bootnodes`, or `BootstrapNodes` of the generated TOML. */
async function bootnodesGiven(args: readonly string[], dataDir: string): Promise<string[]> {
  const flag = args.indexOf('--bootnodes');
  if (flag >= 0) return (args[flag + 1] ?? '').split(',').filter((e) => e !== '');
  const toml = await readFile(agentPaths(dataDir).gethToml, 'utf8').catch(() => '');
  const list = /^BootstrapNodes = \[(.*)\]$/m.exec(toml)?.[1] ?? '';
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
}

test('a hostile server listing 1,600 enodes: the node resolves a bounded few, hands geth at most 16 and says what it dropped', { timeout: 180_000 }, async (t) => {
  const { dir: root, removeLast } = await agentsDir(t, 'ga-hr-');
  const hostile = await startHostileDirectory({ enodes: hostileEnodes(1_600) });
  t.after(() => hostile.close());
  const ports = await nodePorts();
  const started = Date.now();
  const sealer = startAgent(t, 'sealer', {
    ...fastNodeEnv(hostile.url, portEnv(ports)),
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 's'),
    GETH_AGENT_PRIVATE_KEY: hostile.signer.privateKey,
    GETH_AGENT_PASSWORD: 'pw-hostile-resolve',
    GETH_AGENT_MIN_PEERS: '0',
    GETH_AGENT_LOG_LEVEL: 'info',
  });
  removeLast();
  await sealer.waitForLine(/"msg":"starting geth"/, 90_000);
  const toStart = Date.now() - started;
  const line = sealer.lines.find((l) => l.includes('"msg":"starting geth"')) as string;
  const args = (JSON.parse(line) as { args: string[] }).args;
  const bootnodes = await bootnodesGiven(args, dataDirOf(root, 's'));
  t.diagnostic(`agent start to geth start: ${toStart} ms; boot nodes given to geth: ${bootnodes.length}, ${args.join(' ').length} bytes of arguments`);
  assert.ok(bootnodes.length >= 1 && bootnodes.length <= 16, `${bootnodes.length} boot nodes`);
  assert.ok(bootnodes.every((e) => /@127\.\d+\.\d+\.\d+:\d+$/.test(e)), 'only loopback addresses, names resolved');
  const warning = sealer.lines.find((l) => l.includes('left out of this start'));
  assert.ok(warning !== undefined, 'a warning says what was dropped');
  const fields = JSON.parse(warning) as { dropped: number; kinds: Record<string, number>; first: string[] };
  assert.equal(fields.dropped, 1_600 - bootnodes.length);
  assert.equal(fields.first.length, 10, 'naming the first ones');
  t.diagnostic(`dropped by kind: ${JSON.stringify(fields.kinds)}`);
  // Every metadata / multicast address (600) and invalid id (200) is dropped as such, wherever it
  // is in the list; of the 800 usable ones, 16 are kept and the rest is over the cap.
  assert.deepEqual(fields.kinds, { address: 600, malformed: 200, max_nodes: 784 });
  assert.ok(warning.length < 8_192, 'in one bounded log line');
  await waitForMetrics(ports.http, (m) => metric(m, 'geth_agent_geth_up') === 1, 90_000, 'geth runs');
});
