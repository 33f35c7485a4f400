import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addedSealerPlan, endpointsOf, ethstatsTargetFile, planDevnet, portCount, portUses, secretFiles } from '../../../src/devnet/plan.js';
import { loadConfig } from '../../../src/config/load.js';

const dir = '/tmp/dn';
const options = { sealers: 3, clients: 2, period: 2, networkId: 4321, dir, devAccount: '0x00000000000000000000000000000000000000aa' };
const ports = Array.from({ length: portCount(options) }, (_, i) => 40_000 + i);
const SECRET = 'ethstats-secret-1f2e3d';

test('devnet plan: every geth and bootnode listens and peers on loopback only', () => {
  for (const plan of planDevnet(options, ports, SECRET)) {
    assert.match(plan.env.GETH_AGENT_LISTEN ?? '', /^127\.0\.0\.1:/, plan.name);
    if (plan.role === 'genesis') continue;
    assert.equal(plan.env.GETH_AGENT_P2P_LISTEN_HOST, '127.0.0.1', `${plan.name}: P2P bound to loopback`);
    assert.equal(plan.env.GETH_AGENT_NETRESTRICT, '127.0.0.0/8', plan.name);
    assert.equal(plan.env.GETH_AGENT_ADVERTISE_HOST, '127.0.0.1', plan.name);
  }
});

test('devnet plan: the ethstats target goes as a 0600 file, never in the environment', () => {
  const plans = planDevnet(options, ports, SECRET);
  for (const plan of plans) {
    for (const [name, value] of Object.entries(plan.env)) assert.ok(!value.includes(SECRET), `${plan.name}: ${name} carries the ethstats secret`);
    assert.equal(plan.env.GETH_AGENT_ETHSTATS, undefined, plan.name);
    if (plan.role === 'sealer' || plan.role === 'client') {
      const file = ethstatsTargetFile(dir, plan.name);
      assert.equal(plan.env.GETH_AGENT_ETHSTATS_FILE, file);
      assert.deepEqual(plan.files, { [file]: `${plan.name}:${SECRET}@127.0.0.1:${ports[0]}` });
      // The agent accepts the file's content as its ethstats target.
      const { config } = loadConfig({ ...plan.env }, { readFile: (path) => plan.files[path] ?? 'network-secret-value' });
      assert.equal(config.ethstats?.name, plan.name);
    } else {
      assert.deepEqual(plan.files, {}, `${plan.name} reports nothing`);
    }
  }
  const genesis = plans.find((p) => p.role === 'genesis');
  assert.equal(genesis?.env.GETH_AGENT_ETHSTATS_SECRET_FILE, secretFiles(dir).ethstats);
});

test('devnet plan: a lone geth node (1 sealer, no client) needs no peer; otherwise one', () => {
  const lone = planDevnet({ ...options, sealers: 1, clients: 0 }, ports, SECRET);
  assert.deepEqual(lone.map((p) => p.name), ['genesis', 'boot', 'sealer-1']);
  assert.equal(lone.find((p) => p.role === 'sealer')?.env.GETH_AGENT_MIN_PEERS, '0');
  for (const plan of planDevnet(options, ports, SECRET).filter((p) => p.role !== 'genesis')) assert.equal(plan.env.GETH_AGENT_MIN_PEERS, '1', plan.name);
});

test('devnet plan: ports are distinct and each is named by its node and use', () => {
  const uses = portUses(planDevnet(options, ports, SECRET));
  assert.equal(uses.length, portCount(options));
  assert.equal(new Set(uses.map((u) => u.port)).size, uses.length);
  assert.deepEqual(uses.filter((u) => u.node === 'sealer-2'), [
    { port: ports[6], node: 'sealer-2', use: 'agent', udp: false },
    { port: ports[7], node: 'sealer-2', use: 'p2p', udp: true },
    { port: ports[8], node: 'sealer-2', use: 'authrpc', udp: false },
  ]);
});

test('devnet endpoints: the agent pid of each node when known', () => {
  const plans = planDevnet({ ...options, sealers: 1, clients: 1 }, ports, SECRET);
  const endpoints = endpointsOf(plans, {}, { genesis: 11, 'client-1': 12 });
  assert.equal(endpoints.find((e) => e.name === 'genesis')?.agentPid, 11);
  assert.equal(endpoints.find((e) => e.name === 'client-1')?.agentPid, 12);
  assert.equal(endpoints.find((e) => e.name === 'sealer-1')?.agentPid, undefined);
});

test('devnet plan: the network secret only where it is used (genesis, boot, sealers), not on clients', () => {
  for (const plan of planDevnet(options, ports, SECRET)) {
    assert.equal(plan.env.GETH_AGENT_NETWORK_SECRET_FILE, plan.role === 'client' ? undefined : secretFiles(dir).network, plan.name);
  }
});

test('devnet --add-sealer plan: a copy of sealer-1 with its own name, dir, ports and ethstats target; the genesis admits it', () => {
  const plans = planDevnet(options, ports, SECRET);
  const genesis = plans.find((p) => p.role === 'genesis');
  assert.equal(genesis?.env.GETH_AGENT_SIGNER_ADMISSION, 'auto');
  assert.equal(genesis?.env.GETH_AGENT_OPERATOR_SECRET_FILE, secretFiles(dir).operator);
  const added = addedSealerPlan(plans, 4, [50_001, 50_002, 50_003], dir);
  assert.equal(added.name, 'sealer-4');
  assert.deepEqual(added.ports, { agent: 50_001, p2p: 50_002, authrpc: 50_003 });
  assert.equal(added.env.GETH_AGENT_DATA_DIR, `${dir}/sealer-4`);
  assert.equal(added.env.GETH_AGENT_LISTEN, '127.0.0.1:50001');
  assert.equal(added.env.GETH_AGENT_P2P_PORT, '50002');
  assert.equal(added.env.GETH_AGENT_NETRESTRICT, '127.0.0.0/8');
  const file = ethstatsTargetFile(dir, 'sealer-4');
  assert.deepEqual(added.files, { [file]: `sealer-4:${SECRET}@127.0.0.1:${ports[0]}` });
  const { config } = loadConfig({ ...added.env }, { readFile: (path) => added.files[path] ?? 'network-secret-value' });
  assert.equal(config.role, 'sealer');
  assert.equal(config.ethstats?.name, 'sealer-4');
  // Every port distinct from the devnet's.
  for (const p of Object.values(added.ports)) assert.ok(!ports.includes(p as number));
});
