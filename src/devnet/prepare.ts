import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { allocatePorts } from './ports.js';
import { planDevnet, portCount, secretFiles, type DevnetOptions, type NodePlan } from './plan.js';

export interface DevAccount {
  readonly address: string;
  readonly privateKey: string;
  readonly note: string;
}

export interface PreparedDevnet {
  readonly plans: NodePlan[];
  readonly networkId: number;
  readonly dev: DevAccount;
  readonly devKeyFile: string;
}

async function writeSecret(file: string, value: () => string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = value();
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}

/** State kept in the devnet folder so `--data DIR` restarts the same network (ports, keys, ids). */
async function loadOrCreate<T>(file: string, create: () => Promise<T> | T): Promise<T> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as T;
  const value = await create();
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  return value;
}

/**
 * The devnet folder made ready to start: logs and secrets folders, the network and ethstats
 * secrets (0600 files), the prefunded dev account, the network id and ports (kept for `--data`),
 * and the plan of every node.
 */
export async function prepareDevnet(options: Omit<DevnetOptions, 'devAccount' | 'networkId'>): Promise<PreparedDevnet> {
  const { dir } = options;
  await mkdir(join(dir, 'logs'), { recursive: true, mode: 0o700 });
  await mkdir(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
  const secrets = secretFiles(dir);
  await writeSecret(secrets.network, () => randomBytes(24).toString('hex'));
  const ethstatsSecret = await writeSecret(secrets.ethstats, () => randomBytes(16).toString('hex'));
  const devKeyFile = join(dir, 'dev-account.json');
  const dev = await loadOrCreate<DevAccount>(devKeyFile, () => {
    const wallet = Wallet.createRandom();
    return { address: wallet.address, privateKey: wallet.privateKey, note: 'devnet faucet account, prefunded in the genesis; for this local network only' };
  });
  const state = await loadOrCreate(join(dir, 'devnet.json'), async () => ({
    networkId: 20_000 + Math.floor(Math.random() * 10_000),
    ports: await allocatePorts(portCount(options)),
  }));
  const plans = planDevnet({ ...options, networkId: state.networkId, devAccount: dev.address }, state.ports, ethstatsSecret);
  return { plans, networkId: state.networkId, dev, devKeyFile };
}
