/** One block as the network page needs it: who sealed it, and when. */
export interface SealedBlock {
  readonly number: number;
  readonly hash: string;
  readonly miner: string;
  /** Block timestamp, seconds. */
  readonly timestamp: number;
  /** `miner` is the header's coinbase, not the sealer (a JSON-RPC-shaped block report: see BlockStats). */
  readonly minerIsCoinbase?: true;
}

const zeroAddress = `0x${'0'.repeat(40)}`;

export interface RecentBlocks {
  /**
   * Records blocks some reporter sent (block reports and history answers). Ignored: genesis (0),
   * and blocks whose `miner` does not name their sealer (a coinbase, or the zero address): the
   * classic Node.js reporter and Besu report the coinbase, which must neither count as a signer
   * nor replace another reporter's record of who sealed that block.
   */
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
        if (block.number <= 0 || block.number <= highest - keep || block.minerIsCoinbase === true || block.miner.toLowerCase() === zeroAddress) continue;
        byNumber.set(block.number, { number: block.number, hash: block.hash, miner: block.miner.toLowerCase(), timestamp: block.timestamp });
        highest = Math.max(highest, block.number);
      }
      if (byNumber.size > keep) for (const number of byNumber.keys()) if (number <= highest - keep) byNumber.delete(number);
    },
    list: () => [...byNumber.values()].sort((a, b) => b.number - a.number),
  };
}
