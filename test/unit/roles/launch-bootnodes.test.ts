import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { SigningKey, hexlify, randomBytes } from 'ethers';
import { loadConfig } from '../../../src/config/load.js';
import { prepareCommand } from '../../../src/roles/launch.js';
import { createRedial } from '../../../src/roles/node-redial.js';
import { captureLogger } from '../../helpers/log-capture.js';

const enodes = (count: number, net: number): string[] =>
  Array.from({ length: count }, (_, i) => `enode://${new SigningKey(hexlify(randomBytes(32))).publicKey.slice(4)}@127.${net}.0.${i + 1}:30303`);

test("before a start: every configured boot node is kept, the genesis server's list is capped at GETH_AGENT_BOOTNODES_MAX, one warning says what was dropped", async () => {
  const configured = enodes(20, 1);
  const served = [...enodes(40, 2), `enode://${new SigningKey(hexlify(randomBytes(32))).publicKey.slice(4)}@169.254.169.254:30303`];
  const { config } = loadConfig({ GETH_AGENT_ROLE: 'client', GETH_AGENT_DATA_DIR: '/tmp/ga-launch-unit', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:1', GETH_AGENT_BOOTNODES: configured.join(','), GETH_AGENT_BOOTNODES_MAX: '5' });
  const log = captureLogger();
  const command = await prepareCommand({
    config,
    role: 'client',
    provisioned: { genesis: { path: '/tmp/ga-launch-unit/genesis.json', chainId: 4242 }, identity: { nodeKeyFile: '/tmp/ga-launch-unit/nodekey' }, bootnodes: [], refreshBootnodes: async () => [served[40] as string, ...served.slice(0, 40)] },
    bin: 'geth',
    env: {},
    logger: log.logger,
    gethLogger: log.logger,
    resolveHost: async () => {
      throw new Error('no name here');
    },
    events: new EventEmitter(),
    onClient: (client) => client.close(),
  });
  // The list reaches geth as --bootnodes or in the generated TOML, whichever the builder uses.
  const given = `${command.args.join(' ')}\n${command.toml?.content ?? ''}`;
  for (const enode of configured) assert.ok(given.includes(enode), 'configured boot nodes all kept');
  assert.deepEqual(served.slice(0, 40).filter((e) => given.includes(e)), served.slice(0, 5), 'the first 5 served ones');
  assert.ok(!given.includes('169.254.169.254'));
  const warnings = log.lines().filter((e) => e.msg === 'left out of this start (names are resolved again at the next start)');
  assert.equal(warnings.length, 1);
  assert.deepEqual({ list: warnings[0]?.list, dropped: warnings[0]?.dropped, kinds: warnings[0]?.kinds }, { list: 'served boot nodes', dropped: 36, kinds: { address: 1, max_nodes: 35 } });
});

test('re-dial: configured boot and static nodes all tried, served ones capped; nothing resolved twice', async () => {
  const configured = enodes(3, 1);
  const statics = enodes(2, 3);
  const served = enodes(10, 2);
  const { config } = loadConfig({ GETH_AGENT_ROLE: 'client', GETH_AGENT_DATA_DIR: '/tmp/ga-launch-unit', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:1', GETH_AGENT_BOOTNODES: configured.join(','), GETH_AGENT_STATIC_NODES: statics.join(','), GETH_AGENT_BOOTNODES_MAX: '4' });
  const added: string[] = [];
  const redial = createRedial({
    config,
    logger: captureLogger().logger,
    rpc: () => ({ call: async (_method: string, params: unknown[]) => void added.push(params[0] as string) }) as never,
    bootnodes: async () => [configured[0] as string, ...served],
    resolveHost: async () => '127.0.0.1',
  });
  assert.deepEqual(await redial(), [...configured, ...statics, ...served.slice(0, 4)]);
  assert.deepEqual(added, [...configured, ...statics, ...served.slice(0, 4)]);
});
