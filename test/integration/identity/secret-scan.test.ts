import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HDNodeWallet, Wallet, hexlify, randomBytes } from 'ethers';
import { dataDirOf, startAgent, waitForHttp } from '../../helpers/agents.js';
import { fastNodeEnv, nodePorts, portEnv, startGenesisAgent } from '../../helpers/network.js';
import { tempDir } from '../../helpers/tmp.js';

/**
 * Issue 4, secret hygiene: a full `geth-agent run` sealer (real genesis agent, real geth, the
 * agent's ethstats reporter or geth's own) seals, and then none of its secrets is found in
 * anything it shows: its whole output (geth's relayed lines included), its HTTP bodies, geth's
 * argv and geth's environment.
 */

interface Secrets {
  /** name -> value; matched case-insensitively. */
  readonly values: Readonly<Record<string, string>>;
  /** The account address: it must show up (the scan reads the right output). */
  readonly address: string;
}

const unique = (label: string): string => `${label}-${hexlify(randomBytes(6)).slice(2)}`;

async function writeSecret(dir: string, name: string, value: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${value}\n`, { mode: 0o600 });
  return path;
}

/** A genesis agent collecting one signer, with the ethstats collector. */
async function startGenesis(t: TestContext, root: string, networkSecret: string, statsSecret: string): Promise<{ url: string; port: number; lines: () => string[] }> {
  const { url, port, agent } = await startGenesisAgent(t, root, {
    GETH_AGENT_SEALER_COUNT: '1',
    GETH_AGENT_NETWORK_SECRET: networkSecret,
    GETH_AGENT_ETHSTATS_COLLECTOR: 'on',
    GETH_AGENT_ETHSTATS_SECRET: statsSecret,
  }, '/signers');
  return { url, port, lines: () => agent.lines };
}

const get = async (url: string): Promise<string> => {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return `${response.status} ${JSON.stringify([...response.headers])}\n${await response.text()}`;
};

/**
 * Starts a sealer with `accountEnv` (its key source) plus a password file, a node key file, the
 * network secret and an ethstats target; waits until it sealed and reported; scans everything.
 */
async function sealAndScan(t: TestContext, accountEnv: (dir: string) => Promise<Record<string, string>>, secrets: Secrets, extra: Record<string, string> = {}): Promise<void> {
  const root = await tempDir(t, 'ga-scan-');
  const networkSecret = unique('scan-network-secret');
  const statsSecret = unique('scan-stats-secret');
  const password = unique('scan-keystore-password');
  const nodeKey = hexlify(randomBytes(32)).slice(2);
  const all: Record<string, string> = { ...secrets.values, password, nodeKey, networkSecret, statsSecret };

  const genesis = await startGenesis(t, root, networkSecret, statsSecret);
  const ports = await nodePorts();
  const sealer = startAgent(t, 'sealer', {
    ...fastNodeEnv(genesis.url, portEnv(ports)),
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 's'),
    GETH_AGENT_LOG_LEVEL: 'trace',
    GETH_AGENT_MIN_PEERS: '0',
    GETH_AGENT_NETWORK_SECRET: networkSecret,
    GETH_AGENT_PASSWORD_FILE: await writeSecret(root, 'password', password),
    GETH_AGENT_NODE_KEY_FILE: await writeSecret(root, 'nodekey', nodeKey),
    GETH_AGENT_ETHSTATS: `sealer-1:${statsSecret}@127.0.0.1:${genesis.port}`,
    GETH_AGENT_ETHSTATS_REPORT_INTERVAL_SECONDS: '1',
    // geth's own GETH_* variables pass through to geth (this one means nothing to geth 1.13).
    GETH_FOO: 'passes-through',
    ...(await accountEnv(root)),
    ...extra,
  });
  const base = `http://127.0.0.1:${ports.http}`;

  // Sealed at least one block, and the collector shows this node (the ethstats secret was used).
  await waitForHttp(`${base}/metrics`, (_s, body) => /^geth_agent_sealed_blocks_total [1-9]/m.test(body), 45_000);
  await waitForHttp(`${genesis.url}/network`, (_s, body) => /"id":"sealer-1"/.test(body), 30_000);

  const status = JSON.parse(await waitForHttp(`${base}/status`, (s, body) => s < 500 && /"pid":\d+/.test(body), 10_000)) as { geth: { pid: number } };
  const gethPid = status.geth.pid;
  const cmdline = (await readFile(`/proc/${gethPid}/cmdline`, 'utf8')).split('\0');
  const environ = (await readFile(`/proc/${gethPid}/environ`, 'utf8')).split('\0');
  assert.ok(cmdline[0]?.endsWith('geth'), `pid ${gethPid} is geth: ${cmdline.join(' ')}`);
  assert.ok(cmdline.includes('--password'), 'the password goes to geth as a file');
  assert.deepEqual(environ.filter((e) => e.startsWith('GETH_AGENT_')).map((e) => e.split('=')[0]), [], 'no GETH_AGENT_* variable in geth\'s environment');
  assert.ok(environ.includes('GETH_FOO=passes-through'), 'geth\'s own GETH_* variables pass through');

  const bodies: Record<string, string> = {};
  for (const path of ['/', '/status', '/health', '/health/live', '/metrics']) bodies[path] = await get(`${base}${path}`);
  assert.match(bodies['/metrics'] ?? '', /geth_agent_sealed_blocks_total [1-9]/);

  // Stop first: the shutdown lines are part of "all output".
  const exit = await sealer.stop(30_000);
  assert.equal(exit.exitCode, 0, `sealer exit ${JSON.stringify(exit)}`);
  // The duplicate-signer guard's run history: this run, ended cleanly, private.
  const runsFile = join(dataDirOf(root, 's'), 'agent', 'runs.json');
  const runs = (JSON.parse(await readFile(runsFile, 'utf8')) as { runs: Array<{ clean: boolean }> }).runs;
  assert.deepEqual(runs.map((r) => r.clean), [true]);
  assert.equal((await stat(runsFile)).mode & 0o777, 0o600);
  const output = sealer.lines.join('\n');
  assert.ok(output.includes(secrets.address) || output.toLowerCase().includes(secrets.address.toLowerCase()), 'the scan reads the agent output (its address is logged)');
  assert.ok(/Successfully sealed new block|Commit new sealing work/.test(output), 'geth\'s relayed lines are in the scanned output');

  const haystacks: Record<string, string> = {
    'agent stdout/stderr': output,
    'genesis agent output': genesis.lines().join('\n'),
    'geth argv': cmdline.join(' '),
    'geth environ': environ.join('\n'),
    ...Object.fromEntries(Object.entries(bodies).map(([path, body]) => [`GET ${path}`, body])),
  };
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(haystacks)) {
    const lower = text.toLowerCase();
    for (const [name, value] of Object.entries(all)) {
      if (lower.includes(value.toLowerCase())) leaks.push(`${name} in ${where}`);
    }
  }
  assert.deepEqual(leaks, [], 'no secret anywhere');
}

test('a full sealer start with GETH_AGENT_PRIVATE_KEY_FILE leaks no secret into output, HTTP bodies, geth argv or env', { timeout: 60_000 }, async (t) => {
  const key = Wallet.createRandom().privateKey;
  const address = new Wallet(key).address;
  const values = { privateKey: key, privateKeyNo0x: key.slice(2), privateKeyUpper: key.slice(2).toUpperCase() };
  await sealAndScan(t, async (dir) => ({ GETH_AGENT_PRIVATE_KEY_FILE: await writeSecret(dir, 'account-key', key) }), { values, address });
});

test('a full sealer start with GETH_AGENT_MNEMONIC_FILE + index (geth\'s own ethstats reporter) leaks no secret either', { timeout: 60_000 }, async (t) => {
  const mnemonic = Wallet.createRandom().mnemonic?.phrase ?? '';
  assert.ok(mnemonic.split(' ').length >= 12);
  const derived = HDNodeWallet.fromPhrase(mnemonic, undefined, "m/44'/60'/0'/0/3");
  const values = { mnemonic, derivedKey: derived.privateKey, derivedKeyNo0x: derived.privateKey.slice(2) };
  await sealAndScan(
    t,
    async (dir) => ({ GETH_AGENT_MNEMONIC_FILE: await writeSecret(dir, 'mnemonic', mnemonic), GETH_AGENT_ACCOUNT_INDEX: '3' }),
    { values, address: derived.address },
    // geth reports itself: the secret goes through geth's TOML config, never its argv.
    { GETH_AGENT_ETHSTATS_MODE: 'geth' },
  );
});
