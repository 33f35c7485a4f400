import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { HDNodeWallet, IpcSocketProvider, Network, Wallet } from 'ethers';
import { loadConfig } from '../../../src/config/load.js';
import { buildGethArgs } from '../../../src/geth/args/index.js';
import { childEnv } from '../../../src/geth/child-env.js';
import { provisionIdentity } from '../../../src/identity/provision.js';
import { registerSealer } from '../../../src/identity/sealer-registration.js';
import { assertSignerInGenesis } from '../../../src/identity/signer-set.js';
import { detectDuplicateSigner, parseSealedLine, type SignedBlock } from '../../../src/identity/duplicate-guard.js';
import { runCli } from '../../../src/cli.js';
import { agentPaths } from '../../../src/paths.js';
import { gethInit, oneSignerGenesis } from '../../helpers/clique-chain.js';
import { toolPath } from '../../helpers/geth-bin.js';
import { spawnTestProcess } from '../../helpers/geth-process.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { startFakeGenesisServer } from '../../helpers/fake-genesis-server.js';
import { tempDir } from '../../helpers/tmp.js';

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

test('a sealer provisioned by the agent seals with real geth; no secret reaches logs, argv or env', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const dataDir = join(dir, 'd');
  const mnemonic = (Wallet.createRandom().mnemonic?.phrase ?? '') as string;
  const derived = HDNodeWallet.fromPhrase(mnemonic, undefined, "m/44'/60'/0'/0/1");
  const password = `pw-${Math.random().toString(36).slice(2)}-secret`;
  const networkSecret = `ns-${Math.random().toString(36).slice(2)}`;
  await writeFile(join(dir, 'mnemonic'), `${mnemonic}\n`, { mode: 0o600 });
  const server = await startFakeGenesisServer(t, networkSecret, { needed: 1 });
  const p2pPort = await freePort();
  const networkId = 5000 + Math.floor(Math.random() * 10_000);
  const agentEnv = {
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_DATA_DIR: dataDir,
    GETH_AGENT_GENESIS_URL: `${server.base}/genesis.json`,
    GETH_AGENT_NETWORK_SECRET: networkSecret,
    GETH_AGENT_MNEMONIC_FILE: join(dir, 'mnemonic'),
    GETH_AGENT_ACCOUNT_INDEX: '1',
    GETH_AGENT_PASSWORD: password,
    GETH_AGENT_P2P_PORT: String(p2pPort),
    GETH_AGENT_P2P_LISTEN_HOST: '127.0.0.1',
    GETH_AGENT_NETRESTRICT: '127.0.0.0/8',
    GETH_AGENT_AUTHRPC_PORT: '0',
    GETH_AGENT_LOG_LEVEL: 'trace',
  };
  const secrets = [mnemonic, derived.privateKey, derived.privateKey.slice(2), password, networkSecret];
  const { logger, lines } = captureLogger('trace');
  const { config } = loadConfig(agentEnv);

  // Full provisioning with production scrypt (ethers default), then registration and the signer check.
  let started = Date.now();
  const identity = await provisionIdentity({ config, logger, needAccount: true });
  const createMs = Date.now() - started;
  const account = identity.account;
  assert.ok(account);
  assert.equal(account.address, derived.address);
  const registration = await registerSealer({ config, identity, logger, deadlineMs: 10_000 });
  assert.equal(registration?.registered, 1);
  assertSignerInGenesis(account.address, [...server.registered]);
  started = Date.now();
  const again = await provisionIdentity({ config, logger, needAccount: true });
  const restartMs = Date.now() - started;
  assert.equal(again.account?.keystoreFile, account.keystoreFile);
  t.diagnostic(`provisioning with default scrypt: first start ${createMs} ms (encrypt), restart ${restartMs} ms (one decrypt)`);

  const genesis = oneSignerGenesis(account.address, networkId, 1);
  await gethInit(dataDir, genesis, dir);
  // geth runs with the command line the agent builds (buildGethArgs), so the scan below checks
  // the agent's argv, not one written by this test.
  const command = buildGethArgs({
    role: 'sealer', config, paths: agentPaths(dataDir), nodeKeyFile: identity.nodeKeyFile, account, bootnodes: [], networkId,
  });
  assert.equal(command.command, 'geth');
  if (command.toml !== undefined) await writeFile(command.toml.path, command.toml.content, { mode: 0o600 });
  const args = command.args;
  for (const flag of ['--nodiscover', '--netrestrict', '--nat', '--mine', '--password']) assert.ok(args.includes(flag), `${flag} in ${args.join(' ')}`);
  const parentEnv = { ...process.env, ...agentEnv };
  const geth = spawnTestProcess(toolPath('geth'), args, { env: childEnv(parentEnv) });
  const open: { provider?: IpcSocketProvider } = {};
  t.after(async () => {
    open.provider?.destroy(); // before geth stops: ethers throws on a socket closed under it
    await geth.stop();
  });
  await geth.waitForLine(/Successfully sealed new block.*number=3\b/, 30_000);
  await geth.waitForLine(/IPC endpoint opened/);

  const provider = new IpcSocketProvider(agentPaths(dataDir).ipc, Network.from(networkId), { staticNetwork: Network.from(networkId) });
  open.provider = provider;
  const info = (await provider.send('admin_nodeInfo', [])) as { enode: string; id: string };

  // geth-agent enode == geth's own enode (geth adds ?discport=0 under --nodiscover).
  let out = '';
  const code = await runCli(['enode'], { env: agentEnv, stdout: (s) => void (out += s), stderr: (s) => void lines.push(s), signal: new AbortController().signal });
  assert.equal(code, 0);
  assert.equal(out.trim(), info.enode.replace(/\?discport=0$/, ''));
  assert.equal(out.trim(), identity.enode('127.0.0.1', p2pPort));
  const bootnodeId = (await execa(toolPath('bootnode'), ['-nodekey', identity.nodeKeyFile, '-writeaddress'])).stdout.trim();
  assert.equal(bootnodeId, identity.nodeId);

  // Real blocks, their clique signer and geth's own seal log: no duplicate-signer evidence.
  const head = Number(await provider.send('eth_blockNumber', []));
  const blocks: SignedBlock[] = [];
  for (let n = 1; n <= head; n++) {
    const block = (await provider.send('eth_getBlockByNumber', [`0x${n.toString(16)}`, false])) as { hash: string; timestamp: string };
    const signer = (await provider.send('clique_getSigner', [block.hash])) as string;
    blocks.push({ number: n, hash: block.hash, signer, timestamp: Number(block.timestamp) });
  }
  const sealed = geth.lines.map(parseSealedLine).filter((s) => s !== undefined);
  const running = [{ start: Math.floor(Date.now() / 1000) - 60 }];
  assert.deepEqual(detectDuplicateSigner({ address: account.address, blocks, running, sealed, sinceBlock: 1 }), []);
  const withoutOne = sealed.filter((s) => s.number !== 2);
  assert.deepEqual(
    detectDuplicateSigner({ address: account.address, blocks, running, sealed: withoutOne, sinceBlock: 1 }).map((e) => e.kind),
    ['not-sealed-here'],
  );

  // Secrets: nowhere in agent logs, geth's argv, geth's environment, or geth's own output.
  const cmdline = (await readFile(`/proc/${geth.pid}/cmdline`, 'utf8')).split('\0');
  const environ = (await readFile(`/proc/${geth.pid}/environ`, 'utf8')).split('\0');
  assert.ok(cmdline.some((a) => a.endsWith('geth')), 'the pid is geth itself');
  assert.ok(!environ.some((e) => e.startsWith('GETH_AGENT_')), 'no GETH_AGENT_* in geth env');
  const haystacks = { logs: lines.join('\n'), argv: cmdline.join(' '), env: environ.join('\n'), gethOutput: geth.lines.join('\n'), cli: out };
  assert.ok(lines.length >= 5, `${lines.length} log lines`);
  assert.ok(haystacks.logs.includes(account.address), haystacks.logs);
  for (const [where, text] of Object.entries(haystacks)) {
    for (const secret of secrets) assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `a secret leaked into ${where}`);
  }
});
