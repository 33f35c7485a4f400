/** One block as the network page needs it: who sealed it, and when. */
export interface SealedBlock {
  readonly number: number;
  readonly hash: string;
  readonly miner: string;
  /** Block timestamp, seconds. */
  readonly timestamp: number;
}

export interface RecentBlocks {
  /** Records blocks some reporter sent (block reports and history answers); genesis (0) is ignored. */
  add(blocks: readonly SealedBlock[]): void;
  /** The kept blocks, newest first (one per number: the last one reported). */
  list(): SealedBlock[];
}

/**
 * The newest `keep` block numbers reported by any node, with their sealer (clique: the recovered
 * signer the reporter sends as `miner`). Bounded: older numbers are dropped as new ones arrive.
 */
export function createRecentBlocks(keep = 256): RecentBlocks {
  const byNumber = new Map<number, SealedBlock>();
  let highest = -1;
  return {
    add(blocks) {
      for (const block of blocks) {
        if (block.number <= 0 || block.number <= highest - keep) continue;
        byNumber.set(block.number, { number: block.number, hash: block.hash, miner: block.miner.toLowerCase(), timestamp: block.timestamp });
        highest = Math.max(highest, block.number);
      }
      if (byNumber.size > keep) for (const number of byNumber.keys()) if (number <= highest - keep) byNumber.delete(number);
    },
    list: () => [...byNumber.values()].sort((a, b) => b.number - a.number),
  };
}
