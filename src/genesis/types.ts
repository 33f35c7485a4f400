/** Forks enabled at block 0 in every genesis the agent builds (clique rejects Shanghai and later). */
export const cliqueForks = [
  'homesteadBlock',
  'eip150Block',
  'eip155Block',
  'eip158Block',
  'byzantiumBlock',
  'constantinopleBlock',
  'petersburgBlock',
  'istanbulBlock',
  'berlinBlock',
  'londonBlock',
] as const;

/** Block-numbered forks geth 1.13 reads from a chain config (each absent, null or a block number). */
export const blockForkFields = [...cliqueForks, 'daoForkBlock', 'muirGlacierBlock', 'arrowGlacierBlock', 'grayGlacierBlock'] as const;

/** Chain-config fields a clique genesis must not carry (post-merge forks stop clique sealing). */
export const forbiddenConfigFields = [
  'terminalTotalDifficulty',
  'terminalTotalDifficultyPassed',
  'mergeNetsplitBlock',
  'shanghaiTime',
  'cancunTime',
  'pragueTime',
  'verkleTime',
] as const;

export interface CliqueGenesis {
  readonly config: {
    readonly chainId: number;
    readonly clique: { readonly period: number; readonly epoch: number };
    readonly [fork: string]: unknown;
  };
  readonly nonce?: string;
  readonly timestamp?: string;
  readonly extraData: string;
  readonly gasLimit: string;
  readonly difficulty: string;
  readonly alloc: Readonly<Record<string, { readonly balance: string; readonly [key: string]: unknown }>>;
  readonly [key: string]: unknown;
}

/** A genesis as the agent stores and serves it: the exact bytes plus what was parsed from them. */
export interface GenesisDocument {
  readonly bytes: Buffer;
  /** Lower-case hex sha256 of `bytes`. */
  readonly sha256: string;
  readonly genesis: CliqueGenesis;
  readonly chainId: number;
  /** Checksummed, ascending (as in extraData). */
  readonly signers: readonly string[];
}
