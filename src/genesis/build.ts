import { checksummed, isHexBytes } from '../eth/address.js';
import { cliqueForks, type CliqueGenesis } from './types.js';

export interface GenesisSpec {
  readonly chainId: number;
  readonly period: number;
  readonly epoch: number;
  readonly gasLimit: number;
  /** Signer addresses (any order, any case); at least one, no duplicates. */
  readonly signers: readonly string[];
  /** Extra funded accounts; balance in decimal wei (undefined = defaultBalance). */
  readonly prefund?: readonly { readonly address: string; readonly balance?: string | undefined }[];
  /** Decimal wei given to every signer and to prefund entries without a balance. */
  readonly defaultBalance: string;
}

/** Refusal of a genesis spec (the caller maps it to its own error / exit code). */
export class GenesisSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenesisSpecError';
  }
}

const VANITY = '00'.repeat(32);
const SEAL = '00'.repeat(65);

function normalize(address: string, what: string): string {
  if (typeof address !== 'string' || !isHexBytes(address, 20)) throw new GenesisSpecError(`${what} ${JSON.stringify(String(address).slice(0, 50))} is not a 0x-prefixed 20-byte address`);
  try {
    return checksummed(address);
  } catch {
    throw new GenesisSpecError(`${what} ${address} has an invalid EIP-55 checksum`);
  }
}

/** Signers checksummed and sorted ascending by their bytes (the order clique expects in extraData). */
export function sortSigners(signers: readonly string[]): string[] {
  if (signers.length === 0) throw new GenesisSpecError('a clique genesis needs at least one signer');
  const normalized = signers.map((s) => normalize(s, 'signer'));
  const seen = new Set<string>();
  for (const s of normalized) {
    if (seen.has(s)) throw new GenesisSpecError(`duplicate signer ${s}`);
    seen.add(s);
  }
  return normalized.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
}

/** extraData = 32-byte vanity + signers (20 bytes each, ascending) + 65-byte seal, all zero but the signers. */
export function cliqueExtraData(signers: readonly string[]): string {
  return `0x${VANITY}${sortSigners(signers).map((s) => s.slice(2).toLowerCase()).join('')}${SEAL}`;
}

const hexWei = (decimal: string): string => {
  if (!/^[0-9]+$/.test(decimal)) throw new GenesisSpecError(`balance ${JSON.stringify(decimal.slice(0, 50))} is not decimal wei`);
  return `0x${BigInt(decimal).toString(16)}`;
};

const positiveInt = (value: number, what: string, min: number): void => {
  if (!Number.isSafeInteger(value) || value < min) throw new GenesisSpecError(`${what} must be an integer >= ${min} (got ${value})`);
};

/**
 * Builds a geth 1.13.15 clique genesis (pure). Forks homestead..london at block 0 and nothing
 * later, no terminal total difficulty, difficulty 0x1, every signer and prefund entry funded.
 */
export function buildCliqueGenesis(spec: GenesisSpec): CliqueGenesis {
  positiveInt(spec.chainId, 'chainId', 1);
  positiveInt(spec.period, 'clique period', 0);
  positiveInt(spec.epoch, 'clique epoch', 1);
  positiveInt(spec.gasLimit, 'gas limit', 5000);
  const signers = sortSigners(spec.signers);
  const alloc = new Map<string, string>();
  for (const signer of signers) alloc.set(signer.toLowerCase(), hexWei(spec.defaultBalance));
  for (const entry of spec.prefund ?? []) {
    alloc.set(normalize(entry.address, 'prefund address').toLowerCase(), hexWei(entry.balance ?? spec.defaultBalance));
  }
  const sortedAlloc = [...alloc.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    config: {
      chainId: spec.chainId,
      ...Object.fromEntries(cliqueForks.map((fork) => [fork, 0])),
      clique: { period: spec.period, epoch: spec.epoch },
    },
    nonce: '0x0',
    timestamp: '0x0',
    extraData: cliqueExtraData(signers),
    gasLimit: `0x${spec.gasLimit.toString(16)}`,
    difficulty: '0x1',
    alloc: Object.fromEntries(sortedAlloc.map(([address, balance]) => [address, { balance }])),
  };
}

/** The exact bytes the agent stores and serves for a genesis object (stable formatting). */
export function serializeGenesis(genesis: CliqueGenesis): Buffer {
  return Buffer.from(`${JSON.stringify(genesis, null, 2)}\n`, 'utf8');
}
