import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { RefusedDataError, UnavailableError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { allocatePorts, portFree } from './ports.js';
import { planDevnet, portCount, portUses, secretFiles, type DevnetTopology, type NodePlan } from './plan.js';
import { portsTakenProblem, resolveTopology, type SavedDevnet } from './state.js';

export interface DevAccount {
  readonly address: string;
  readonly privateKey: string;
  readonly note: string;
}

export interface PreparedDevnet {
  readonly plans: NodePlan[];
  /** The topology of this run: the options given, or the saved ones of a `--data` folder. */
  readonly topology: DevnetTopology;
  /** The folder held a network already (a `--data` rerun). */
  readonly rerun: boolean;
  readonly networkId: number;
  readonly dev: DevAccount;
  readonly devKeyFile: string;
}

async function writeSecret(file: string, value: () => string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = value();
  await writeFileAtomic(file, Buffer.from(`${secret}\n`), { mode: 0o600 });
  return secret;
}

/** Atomic (temp file, rename): an interrupted write never leaves a half devnet.json behind. */
async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, Buffer.from(`${JSON.stringify(value, null, 2)}\n`), { mode: 0o600 });
}

async function readSaved(file: string): Promise<SavedDevnet | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as SavedDevnet;
    if (typeof saved.networkId !== 'number' || !Array.isArray(saved.ports)) throw new Error('no networkId or ports');
    return saved;
  } catch (error) {
    throw new RefusedDataError(`devnet: ${file} is not a devnet state file (${error instanceof Error ? error.message : String(error)}): use another --data folder`);
  }
}

/** State kept in the devnet folder so `--data DIR` restarts the same network (the dev account). */
async function loadOrCreate<T>(file: string, create: () => Promise<T> | T): Promise<T> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as T;
  const value = await create();
  await writeJson(file, value);
  return value;
}

/**
 * The devnet folder made ready to start: logs and secrets folders, the network and ethstats
 * secrets (0600 files, each node's ethstats target too), the prefunded dev account, the network
 * id, ports and options (devnet.json, kept for `--data`), and the plan of every node.
 *
 * A folder that holds a network already keeps its topology: options given with other values are
 * refused (UsageError, exit 64, before anything is written), and so are saved ports another
 * process holds now (UnavailableError, exit 69, naming each port).
 */
export async function prepareDevnet(options: { readonly dir: string } & Partial<DevnetTopology>): Promise<PreparedDevnet> {
  const { dir } = options;
  const stateFile = join(dir, 'devnet.json');
  const saved = await readSaved(stateFile);
  const resolved = resolveTopology(saved, { sealers: options.sealers, clients: options.clients, period: options.period }, dir);
  if ('problem' in resolved) throw new UsageError(resolved.problem);
  const { topology } = resolved;
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
  const state: SavedDevnet = saved === undefined
    ? { networkId: 20_000 + Math.floor(Math.random() * 10_000), ports: await allocatePorts(portCount(topology)), topology }
    : { ...saved, topology };
  const plans = planDevnet({ ...topology, dir, networkId: state.networkId, devAccount: dev.address }, state.ports, ethstatsSecret);
  if (saved !== undefined) {
    const taken = [];
    for (const use of portUses(plans)) if (!(await portFree(use.port, use.udp))) taken.push(use);
    const problem = portsTakenProblem(taken, dir);
    if (problem !== undefined) throw new UnavailableError(problem);
  }
  // Saved after the checks: a folder of an older version gets its options recorded once they fit.
  await writeJson(stateFile, state);
  for (const plan of plans) {
    for (const [file, content] of Object.entries(plan.files)) await writeFileAtomic(file, Buffer.from(`${content}\n`), { mode: 0o600 });
  }
  return { plans, topology, rerun: saved !== undefined, networkId: state.networkId, dev, devKeyFile };
}
