import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

/** Database key of the canonical hash of block 0: 'h' + uint64(0) big-endian + 'n'. */
export const GENESIS_CANONICAL_KEY = '0x6800000000000000006e';

export interface GethToolOptions {
  readonly gethBin: string;
  /** Child environment (already passed through childEnv). */
  readonly env: Record<string, string>;
  readonly timeoutMs?: number;
}

/**
 * One short geth tool run (init, db get): its own environment only, bounded in time, and no
 * execa exit handler (that handler re-raises a stop signal and would kill the agent mid-stop).
 */
const runGethTool = (options: GethToolOptions, args: string[]) =>
  execa(options.gethBin, args, { stdin: 'ignore', env: options.env, extendEnv: false, cleanup: false, reject: false, timeout: options.timeoutMs ?? 60_000 });

/**
 * Reads the canonical block-0 hash of an initialized datadir with `geth db get` (geth opens the
 * database read-only: no file of the datadir changes). Undefined when the key is absent.
 */
export async function readChainGenesisHash(dataDir: string, options: GethToolOptions): Promise<string | undefined> {
  const result = await runGethTool(options, ['--datadir', dataDir, 'db', 'get', GENESIS_CANONICAL_KEY]);
  const match = /key 0x6800000000000000006e:\s*(0x[0-9a-f]{64})/.exec(`${result.stdout}\n${result.stderr}`);
  if (match?.[1] !== undefined) return match[1];
  if (result.exitCode === 0 || /not found/i.test(result.stderr)) return undefined;
  throw new Error(`geth db get failed (exit ${result.exitCode}): ${lastLine(result.stderr)}`);
}

/**
 * The genesis block hash of a genesis file, computed by real geth offline: `geth init` into a
 * throw-away datadir, then the canonical hash of block 0. The temp folder is always removed.
 */
export async function computeGenesisHash(bytes: Uint8Array, options: GethToolOptions): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ga-hash-'));
  try {
    const file = join(dir, 'genesis.json');
    await writeFile(file, bytes);
    const datadir = join(dir, 'd');
    const init = await runGethTool(options, ['--datadir', datadir, 'init', file]);
    if (init.exitCode !== 0) throw new Error(`geth init of the genesis failed (exit ${init.exitCode}): ${lastLine(init.stderr)}`);
    const hash = await readChainGenesisHash(datadir, options);
    if (hash === undefined) throw new Error('geth init wrote no genesis block');
    return hash;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const lastLine = (text: string): string => text.trim().split('\n').at(-1)?.slice(0, 300) ?? '';
