import { writeFile, mkdir, chmod } from 'node:fs/promises';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { execa } from 'execa';
import { IpcSocketProvider, Network, Wallet, encryptKeystoreJsonSync } from 'ethers';
import { toolPath } from './geth-bin.js';
import { spawnTestProcess, type TestProcess } from './geth-process.js';
import { tempDir } from './tmp.js';

export interface CliqueChainOptions {
  readonly period?: number;
  readonly networkId?: number;
  /** Extra geth arguments. */
  readonly args?: readonly string[];
  /** A genesis to use instead of the built-in one-signer genesis (it must list the signer). */
  readonly genesis?: (signer: string) => unknown;
}

export interface CliqueChain {
  readonly dir: string;
  readonly datadir: string;
  readonly ipcPath: string;
  readonly signer: Wallet;
  readonly networkId: number;
  readonly genesis: unknown;
  readonly geth: TestProcess;
  /** The enode geth logged at start ("Started P2P networking self=..."). */
  readonly enode: string;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  blockNumber(): Promise<number>;
  /** Polls until the head reaches `n`; rejects after `timeoutMs`. */
  waitForBlock(n: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

/** A minimal one-signer clique genesis (the genesis builder in src/genesis is the real one). */
export function oneSignerGenesis(signer: string, networkId: number, period: number): unknown {
  const forks = ['homestead', 'eip150', 'eip155', 'eip158', 'byzantium', 'constantinople', 'petersburg', 'istanbul', 'berlin', 'london'];
  return {
    config: { chainId: networkId, ...Object.fromEntries(forks.map((f) => [`${f}Block`, 0])), clique: { period, epoch: 30000 } },
    difficulty: '0x1',
    gasLimit: '0x1c9c380',
    extraData: `0x${'00'.repeat(32)}${signer.slice(2).toLowerCase()}${'00'.repeat(65)}`,
    alloc: { [signer]: { balance: '0x3635c9adc5dea00000' } },
  };
}

/** Initializes a datadir with `genesis` using real geth (`geth init`). */
export async function gethInit(datadir: string, genesis: unknown, dir: string): Promise<void> {
  const file = join(dir, 'genesis.json');
  await writeFile(file, JSON.stringify(genesis));
  await execa(toolPath('geth'), ['--datadir', datadir, 'init', file], { stdin: 'ignore', timeout: 60_000 });
}

/**
 * Loopback-only flags every test geth gets (never mainnet bootnodes, never NAT probing): P2P
 * listens on 127.0.0.1 (an OS-assigned port) through a TOML file in `datadir`, geth 1.13 having
 * no flag for the listen host.
 */
export function loopbackFlags(datadir: string, p2pPort = 0, extraToml = ''): string[] {
  mkdirSync(datadir, { recursive: true, mode: 0o700 });
  const config = join(datadir, 'loopback.toml');
  writeFileSync(config, `[Node.P2P]\nListenAddr = "127.0.0.1:${p2pPort}"\n${extraToml}`, { mode: 0o600 });
  return ['--config', config, '--nat', 'none', '--netrestrict', '127.0.0.0/8', '--authrpc.port', '0', '--authrpc.addr', '127.0.0.1'];
}

/**
 * Extra geth arguments with their `--config` files taken out and read: geth keeps only the last
 * `--config` flag, so a second one would silently replace the loopback TOML (P2P then listens on
 * every interface, port 30303). Their contents go into the loopback TOML instead.
 */
export function splitConfigArgs(args: readonly string[]): { args: string[]; toml: string } {
  const rest: string[] = [];
  let toml = '';
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--config' && i + 1 < args.length) toml += `\n${readFileSync(args[(i += 1)] as string, 'utf8')}`;
    else if (arg.startsWith('--config=')) toml += `\n${readFileSync(arg.slice('--config='.length), 'utf8')}`;
    else rest.push(arg);
  }
  return { args: rest, toml };
}

/**
 * Starts a throw-away single-sealer clique chain on loopback with real geth 1.13.15, stopped
 * (one SIGINT, then SIGKILL) and deleted when the test ends, also when it fails.
 */
export async function startCliqueChain(t: TestContext, options: CliqueChainOptions = {}): Promise<CliqueChain> {
  const period = options.period ?? 1;
  const networkId = options.networkId ?? 4000 + Math.floor(Math.random() * 10_000);
  const dir = await tempDir(t);
  const datadir = join(dir, 'd');
  const ipcPath = join(dir, 'geth.ipc');
  const signer = new Wallet(Wallet.createRandom().privateKey);
  const genesis = options.genesis ? options.genesis(signer.address) : oneSignerGenesis(signer.address, networkId, period);

  await mkdir(join(datadir, 'keystore'), { recursive: true, mode: 0o700 });
  const password = 'test-password';
  const keystore = encryptKeystoreJsonSync({ address: signer.address, privateKey: signer.privateKey }, password, { scrypt: { N: 2 } });
  await writeFile(join(datadir, 'keystore', `key-${signer.address}`), keystore, { mode: 0o600 });
  const passwordFile = join(dir, 'password');
  await writeFile(passwordFile, password, { mode: 0o600 });
  await chmod(passwordFile, 0o600);
  await gethInit(datadir, genesis, dir);

  const extra = splitConfigArgs(options.args ?? []);
  const geth = spawnTestProcess(toolPath('geth'), [
    '--datadir', datadir,
    '--ipcpath', ipcPath,
    '--networkid', String(networkId),
    '--syncmode', 'full',
    '--nodiscover',
    ...loopbackFlags(datadir, 0, extra.toml),
    '--mine', '--miner.etherbase', signer.address,
    '--unlock', signer.address, '--password', passwordFile,
    ...extra.args,
  ]);
  let provider: IpcSocketProvider | undefined;
  const stop = async (): Promise<void> => {
    provider?.destroy();
    provider = undefined;
    await geth.stop();
  };
  t.after(stop);

  const enode = (await geth.waitForLine(/Started P2P networking\s+self="?(enode:\/\/[^"\s]+)/))[1] as string;
  await geth.waitForLine(/IPC endpoint opened/);
  provider = new IpcSocketProvider(ipcPath, Network.from(networkId), { staticNetwork: Network.from(networkId) });
  const rpc = <T>(method: string, params: unknown[] = []): Promise<T> => {
    if (provider === undefined) return Promise.reject(new Error('chain stopped'));
    return provider.send(method, params) as Promise<T>;
  };
  const blockNumber = async (): Promise<number> => Number(await rpc<string>('eth_blockNumber'));
  const waitForBlock = async (n: number, timeoutMs = 30_000): Promise<number> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const head = await blockNumber();
      if (head >= n) return head;
      if (Date.now() > deadline) throw new Error(`head ${head} did not reach ${n} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  return { dir, datadir, ipcPath, signer, networkId, genesis, geth, enode, rpc, blockNumber, waitForBlock, stop };
}
