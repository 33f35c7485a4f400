import type { SealedBlock } from './recent-blocks.js';

/** One signer as the network page shows it. */
export interface SignerView {
  readonly address: string;
  /** In the genesis' signer set (clique votes after the genesis are not seen here). */
  readonly authorized: boolean;
  /** Sealed at least one block of the window. */
  readonly sealedRecently: boolean;
  /** Blocks of the window it sealed. */
  readonly blocksInWindow: number;
  /** Its newest block seen, or null. */
  readonly lastBlock: number | null;
}

export interface QuorumView {
  /** Authorized signers (N). */
  readonly signers: number;
  /** floor(N/2)+1: clique seals only while that many signers take turns. */
  readonly needed: number;
  /** Authorized signers that sealed within the window. */
  readonly sealing: number;
  /** The window: the newest `blocks` blocks seen (2N, at least 4). */
  readonly window: { readonly blocks: number; readonly from: number | null; readonly to: number | null };
  /**
   * `ok`: at least `needed` signers seal; `at-risk`: exactly `needed` (one more lost stops the
   * chain); `lost`: fewer; `unknown`: no block seen yet.
   */
  readonly state: 'ok' | 'at-risk' | 'lost' | 'unknown';
}

/**
 * The signer set and the clique quorum from the blocks reporters sent (pure). A signer that
 * sealed none of the newest 2N blocks is not sealing: in turn, every online signer seals once
 * every N blocks.
 */
export function signerSet(authorized: readonly string[], recent: readonly SealedBlock[]): { signers: SignerView[]; quorum: QuorumView } {
  // Keyed lowercase (reporters send miners lowercase); shown as the genesis spells them (checksummed).
  const shown = new Map(authorized.map((a) => [a.toLowerCase(), a]));
  const allowed = new Set(shown.keys());
  const n = allowed.size;
  const size = Math.max(4, 2 * n);
  const window = [...recent].sort((a, b) => b.number - a.number).slice(0, size);
  const counts = new Map<string, number>();
  const last = new Map<string, number>();
  for (const block of window) counts.set(block.miner, (counts.get(block.miner) ?? 0) + 1);
  for (const block of recent) last.set(block.miner, Math.max(last.get(block.miner) ?? 0, block.number));
  const addresses = [...new Set([...allowed, ...counts.keys()])].sort();
  const signers = addresses.map((address) => ({
    address: shown.get(address) ?? address,
    authorized: allowed.has(address),
    sealedRecently: (counts.get(address) ?? 0) > 0,
    blocksInWindow: counts.get(address) ?? 0,
    lastBlock: last.get(address) ?? null,
  }));
  const needed = Math.floor(n / 2) + 1;
  const sealing = signers.filter((s) => s.authorized && s.sealedRecently).length;
  const state = window.length === 0 ? 'unknown' : sealing > needed ? 'ok' : sealing === needed ? 'at-risk' : 'lost';
  return {
    signers,
    quorum: { signers: n, needed, sealing, window: { blocks: size, from: window.at(-1)?.number ?? null, to: window[0]?.number ?? null }, state },
  };
}
