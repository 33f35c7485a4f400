import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { Wallet } from 'ethers';
import { freePorts } from '../helpers/ports.js';
import { tempDir } from '../helpers/tmp.js';
import { dataDirOf, startAgent, waitForHttp } from '../helpers/agents.js';
import { enodeOf, fastNodeEnv, metric, nodePorts, portEnv, scrape, startStaticGenesis, waitForMetrics } from '../helpers/network.js';
import { alive } from '../helpers/processes.js';

const wallet = (): Wallet => new Wallet(Wallet.createRandom().privateKey);

async function clientEnv(root: string, genesisUrl: string, bootnode: string, extra: Record<string, string>): Promise<{ env: Record<string, string>; http: number }> {
  const ports = await nodePorts();
  const [rpc, ws] = await freePorts(2);
  return {
    http: ports.http,
    env: fastNodeEnv(genesisUrl, {
      GETH_AGENT_ROLE: 'client',
      GETH_AGENT_DATA_DIR: dataDirOf(root, 'c'),
      GETH_AGENT_BOOTNODES: bootnode,
      GETH_AGENT_HTTP_PORT: String(rpc),
      GETH_AGENT_WS_PORT: String(ws),
      GETH_AGENT_HTTP_ADDR: '127.0.0.1',
      ...portEnv(ports),
      ...extra,
    }),
  };
}

/** The pid of the geth process an agent supervises. */
async function gethPidOf(agentPid: number): Promise<number> {
  const { stdout } = await execa('pgrep', ['-P', String(agentPid), '-x', 'geth'], { reject: false });
  const pid = Number(stdout.trim().split('\n')[0]);
  assert.ok(pid > 0, `no geth child of agent ${agentPid}`);
  return pid;
}

test('peer decay: re-dial first, restart after a second window; the peer comes back without a further restart', { timeout: 150_000 }, async (t) => {
  const root = await tempDir(t, 'ga-wd1-');
  const signer = wallet();
  const genesisUrl = await startStaticGenesis(t, root, [signer.address]);
  const sealerPorts = await nodePorts();
  const sealerEnv = fastNodeEnv(genesisUrl, {
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 's'),
    GETH_AGENT_PRIVATE_KEY: signer.privateKey,
    GETH_AGENT_PASSWORD: 'pw-decay-test',
    GETH_AGENT_MIN_PEERS: '0',
    ...portEnv(sealerPorts),
  });
  const sealerEnode = await enodeOf(sealerEnv);
  const sealer = startAgent(t, 'sealer', sealerEnv);
  const client = await clientEnv(root, genesisUrl, sealerEnode, { GETH_AGENT_MIN_PEERS: '1', GETH_AGENT_PEER_DECAY_SECONDS: '6', GETH_AGENT_START_GRACE_SECONDS: '1' });
  const clientAgent = startAgent(t, 'client', client.env);

  // Peering comes from the watchdog's re-dial (the sealer runs without discovery).
  await waitForMetrics(client.http, (m) => metric(m, 'geth_agent_peers') >= 1, 60_000, 'client peered');
  await sealer.stop(30_000);
  const afterRestart = await waitForMetrics(client.http, (m) => metric(m, 'geth_agent_restarts_total{reason="peer_decay"}') >= 1, 60_000, 'peer_decay restart');
  assert.ok(metric(afterRestart, 'geth_agent_decisions_total{action="redial"}') >= 1, 'a re-dial came before the restart');
  const lines = clientAgent.lines.join('\n');
  const lastRedialBeforeRestart = lines.lastIndexOf('re-dialing boot nodes', lines.indexOf('restarting geth: peer_decay'));
  assert.ok(lastRedialBeforeRestart >= 0 && lastRedialBeforeRestart < lines.indexOf('restarting geth: peer_decay'), 're-dial logged before the restart');

  // Bring the peer back (same data dir: same node key, same enode). Once peering is stable again,
  // no further restart may follow (geth itself may drop and re-add the peer once right after a
  // restart, so stability is awaited first).
  startAgent(t, 'sealer-again', sealerEnv);
  let stableSince = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const peers = metric(await scrape(client.http).catch(() => new Map<string, number>()), 'geth_agent_peers');
    stableSince = peers >= 1 ? stableSince || Date.now() : 0;
    if (stableSince > 0 && Date.now() - stableSince >= 3_000) break;
    await sleep(250);
  }
  assert.ok(stableSince > 0, 'client peered again with the returning sealer');
  const restartsThen = metric(await scrape(client.http), 'geth_agent_restarts_total{reason="peer_decay"}');
  await sleep(8_000);
  const settled = await scrape(client.http);
  assert.equal(metric(settled, 'geth_agent_restarts_total{reason="peer_decay"}'), restartsThen, 'no further restart once peers are back');
  assert.ok(metric(settled, 'geth_agent_peers') >= 1);
});

test('a SIGSTOPped geth is restarted (rpc_hung): the stopped process is gone, a new one serves', { timeout: 120_000 }, async (t) => {
  const root = await tempDir(t, 'ga-wd2-');
  const signer = wallet();
  const genesisUrl = await startStaticGenesis(t, root, [signer.address]);
  const ports = await nodePorts();
  const agent = startAgent(t, 'sealer', fastNodeEnv(genesisUrl, {
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 's'),
    GETH_AGENT_PRIVATE_KEY: signer.privateKey,
    GETH_AGENT_PASSWORD: 'pw-hung-test',
    GETH_AGENT_MIN_PEERS: '0',
    GETH_AGENT_HUNG_SECONDS: '2',
    GETH_AGENT_RPC_TIMEOUT_SECONDS: '0.5',
    GETH_AGENT_START_GRACE_SECONDS: '1',
    GETH_AGENT_STOP_GRACE_SECONDS: '5',
    ...portEnv(ports),
  }));
  await waitForHttp(`http://127.0.0.1:${ports.http}/health`, (status) => status === 200, 60_000);
  const before = await gethPidOf(agent.pid);
  process.kill(before, 'SIGSTOP');
  t.after(() => {
    if (alive(before)) process.kill(before, 'SIGKILL');
  });
  await waitForMetrics(ports.http, (m) => metric(m, 'geth_agent_restarts_total{reason="rpc_hung"}') >= 1, 60_000, 'rpc_hung restart');
  await waitForHttp(`http://127.0.0.1:${ports.http}/health`, (status) => status === 200, 60_000);
  const after = await gethPidOf(agent.pid);
  assert.notEqual(after, before);
  assert.equal(alive(before), false, 'the stopped geth was stopped (SIGCONT + SIGINT, SIGKILL at the deadline)');
  const m = await waitForMetrics(ports.http, (x) => metric(x, 'geth_agent_head_block') >= 1, 30_000, 'head advancing');
  assert.equal(metric(m, 'geth_agent_restarts_total{reason="rpc_hung"}'), 1);
});

test('a stalled head with too few signers online is reported as a network condition, without restarts', { timeout: 120_000 }, async (t) => {
  const root = await tempDir(t, 'ga-wd3-');
  const signer = wallet();
  // Four signers need three online (floor(4/2)+1); only this one runs: the chain stops after block 1.
  const genesisUrl = await startStaticGenesis(t, root, [signer.address, wallet().address, wallet().address, wallet().address]);
  const ports = await nodePorts();
  const sealerEnv = fastNodeEnv(genesisUrl, {
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 's'),
    GETH_AGENT_PRIVATE_KEY: signer.privateKey,
    GETH_AGENT_PASSWORD: 'pw-stall-test',
    GETH_AGENT_MIN_PEERS: '0',
    GETH_AGENT_STALL_SECONDS: '3',
    GETH_AGENT_START_GRACE_SECONDS: '1',
    ...portEnv(ports),
  });
  const sealerEnode = await enodeOf(sealerEnv);
  const sealer = startAgent(t, 'sealer', sealerEnv);
  const client = await clientEnv(root, genesisUrl, sealerEnode, { GETH_AGENT_MIN_PEERS: '1', GETH_AGENT_PEER_DECAY_SECONDS: '1', GETH_AGENT_START_GRACE_SECONDS: '0' });
  startAgent(t, 'client', client.env);

  await waitForMetrics(ports.http, (m) => metric(m, 'geth_agent_decisions_total{action="report"}') >= 1, 60_000, 'network condition reported');
  const health = await waitForHttp(`http://127.0.0.1:${ports.http}/health`, (status) => status === 503, 10_000);
  assert.match(health, /too_few_signers/);
  await sleep(5_000);
  const m = await waitForMetrics(ports.http, () => true, 5_000, 'scrape');
  assert.equal(metric(m, 'geth_agent_restarts_total{reason="stalled_head"}'), 0, 'no restart loop');
  assert.equal(metric(m, 'geth_agent_decisions_total{action="report"}'), 1, 'reported once');
  assert.equal(sealer.lines.filter((l) => l.includes('too few signers are reachable')).length, 1);
});

test('a boot node that moved to a new port is found again: the decay restart passes the fresh boot nodes', { timeout: 180_000 }, async (t) => {
  const root = await tempDir(t, 'ga-wd4-');
  const signer = wallet();
  const [genesisPort] = await freePorts(1);
  const genesisUrl = `http://127.0.0.1:${genesisPort}`;
  const secret = 'moved-boot-secret';
  startAgent(t, 'genesis', {
    GETH_AGENT_ROLE: 'genesis',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 'g'),
    GETH_AGENT_LISTEN: `127.0.0.1:${genesisPort}`,
    GETH_AGENT_NETWORK_ID: '7411',
    GETH_AGENT_CLIQUE_PERIOD: '1',
    GETH_AGENT_SIGNERS: signer.address,
    GETH_AGENT_NETWORK_SECRET: secret,
  });
  await waitForHttp(`${genesisUrl}/genesis.json`, (status) => status === 200, 30_000);
  const withDirectory = { GETH_AGENT_NETWORK_SECRET: secret, GETH_AGENT_BOOTNODE_WAIT_SECONDS: '30' };
  const bootEnv = (ports: Awaited<ReturnType<typeof nodePorts>>): Record<string, string> =>
    fastNodeEnv(genesisUrl, { GETH_AGENT_ROLE: 'boot', GETH_AGENT_DATA_DIR: dataDirOf(root, 'b'), ...withDirectory, ...portEnv(ports) });
  const sealerEnv = (ports: Awaited<ReturnType<typeof nodePorts>>): Record<string, string> =>
    fastNodeEnv(genesisUrl, {
      GETH_AGENT_ROLE: 'sealer',
      GETH_AGENT_DATA_DIR: dataDirOf(root, 's'),
      GETH_AGENT_PRIVATE_KEY: signer.privateKey,
      GETH_AGENT_PASSWORD: 'pw-moved-boot',
      GETH_AGENT_MIN_PEERS: '0',
      ...withDirectory,
      ...portEnv(ports),
    });
  const listed = (port: number) => (_s: number, body: string) => body.includes(`discport=${port}`);

  const bootA = await nodePorts();
  let boot = startAgent(t, 'boot', bootEnv(bootA));
  await waitForHttp(`${genesisUrl}/bootnodes`, listed(bootA.p2p), 30_000);
  let sealer = startAgent(t, 'sealer', sealerEnv(await nodePorts()));
  const client = await clientEnv(root, genesisUrl, '', { ...withDirectory, GETH_AGENT_BOOTNODES: '', GETH_AGENT_MIN_PEERS: '1', GETH_AGENT_PEER_DECAY_SECONDS: '10', GETH_AGENT_START_GRACE_SECONDS: '2' });
  const clientAgent = startAgent(t, 'client', client.env);
  const tail = (a: { lines: string[] }): string => a.lines.filter((l) => /bootnode|discport|watchdog|error|fatal|Looking|P2P|UDP|listen/i.test(l)).slice(-6).map((l) => l.slice(0, 400)).join('\n');
  await waitForMetrics(client.http, (m) => metric(m, 'geth_agent_peers') >= 1, 90_000, 'client found the sealer through the boot node').catch((error: unknown) => {
    throw new Error(`${String(error)}\nclient: ${tail(clientAgent)}\nsealer: ${tail(sealer)}\nboot: ${tail(boot)}`);
  });

  // The boot node moves to another port (same key, same node id: the directory replaces its entry),
  // and the sealer moves too, so only the new boot node can tell the client where it is now.
  await Promise.all([boot.stop(30_000), sealer.stop(30_000)]);
  const bootB = await nodePorts();
  boot = startAgent(t, 'boot-moved', bootEnv(bootB));
  await waitForHttp(`${genesisUrl}/bootnodes`, (s, body) => listed(bootB.p2p)(s, body) && !body.includes(`discport=${bootA.p2p}`), 30_000);
  sealer = startAgent(t, 'sealer-moved', sealerEnv(await nodePorts()));

  const recovered = await waitForMetrics(client.http, (m) => metric(m, 'geth_agent_restarts_total{reason="peer_decay"}') >= 1 && metric(m, 'geth_agent_peers') >= 1, 120_000, 'client restarted and reconnected');
  assert.ok(metric(recovered, 'geth_agent_peers') >= 1);
  const starts = clientAgent.lines.filter((l) => l.includes('"starting geth"') || l.includes('starting geth'));
  assert.ok(starts.some((l) => l.includes(`discport=${bootB.p2p}`)), 'a restart passed the moved boot node');
});
