/**
 * Duplicate-signer detection: two nodes sealing with the same key fork a Clique chain. Pure
 * functions over data the watchdog collects (recent blocks with their clique signer, this node's
 * geth run intervals, and the blocks its geth logged "Successfully sealed new block" for).
 */

export interface SignedBlock {
  readonly number: number;
  readonly hash: string;
  /** clique_getSigner of the block. */
  readonly signer: string;
  /** Header timestamp, unix seconds. */
  readonly timestamp: number;
}

/** A period this node's geth was running and sealing (unix seconds; `end` open while running). */
export interface RunInterval {
  readonly start: number;
  readonly end?: number;
}

/** One block geth logged as sealed by itself (terminal logs abbreviate the hash to `abcdef..123456`). */
export interface LocalSeal {
  readonly number: number;
  readonly hash: string;
}

export type DuplicateEvidence =
  | { readonly kind: 'signed-while-stopped'; readonly block: SignedBlock }
  | { readonly kind: 'not-sealed-here'; readonly block: SignedBlock }
  | { readonly kind: 'conflicting-blocks'; readonly blocks: readonly SignedBlock[] };

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** `Successfully sealed new block number=5 sealhash=.. hash=2e8d78..daa152` (terminal or JSON format). */
export function parseSealedLine(line: string): LocalSeal | undefined {
  if (!line.includes('Successfully sealed new block')) return undefined;
  const number = /\bnumber"?[=:]"?([0-9,]+)/.exec(line)?.[1];
  const hash = /\bhash"?[=:]"?(0x[0-9a-fA-F]{64}|[0-9a-fA-F]{6}\.\.[0-9a-fA-F]{6})/.exec(line)?.[1];
  if (number === undefined || hash === undefined) return undefined;
  return { number: Number(number.replaceAll(',', '')), hash };
}

/** Whether a logged (maybe abbreviated) hash names the full block hash. */
export function hashMatches(logged: string, full: string): boolean {
  const f = full.toLowerCase().replace(/^0x/, '');
  const l = logged.toLowerCase().replace(/^0x/, '');
  const [head, tail] = l.split('..');
  return tail === undefined ? l === f : f.startsWith(head ?? '') && f.endsWith(tail);
}

/** Clock skew allowed between block timestamps and run intervals (seconds). */
export const DEFAULT_TOLERANCE_SECONDS = 2;

/**
 * Blocks signed by `address` whose timestamp lies outside every interval this node was running
 * (with `toleranceSeconds` of clock skew): someone else holds the key. Blocks before the first
 * recorded start are ignored (no history to judge them by).
 */
export function signedWhileStopped(options: { address: string; blocks: readonly SignedBlock[]; running: readonly RunInterval[]; toleranceSeconds?: number }): SignedBlock[] {
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const firstStart = Math.min(...options.running.map((r) => r.start));
  if (!Number.isFinite(firstStart)) return [];
  return options.blocks.filter(
    (b) =>
      same(b.signer, options.address) &&
      b.timestamp >= firstStart - tolerance &&
      !options.running.some((r) => b.timestamp >= r.start - tolerance && b.timestamp <= (r.end ?? Number.POSITIVE_INFINITY) + tolerance),
  );
}

/**
 * Blocks signed by `address` at or above `sinceBlock` (the first block sealed after this geth
 * started, from when its log is complete) that this geth never logged as sealed.
 */
export function notSealedHere(options: { address: string; blocks: readonly SignedBlock[]; sealed: readonly LocalSeal[]; sinceBlock: number }): SignedBlock[] {
  return options.blocks.filter(
    (b) => same(b.signer, options.address) && b.number >= options.sinceBlock && !options.sealed.some((s) => s.number === b.number && hashMatches(s.hash, b.hash)),
  );
}

/** Two different blocks at one height signed by `address`: the key seals on two forks. */
export function conflictingBlocks(options: { address: string; blocks: readonly SignedBlock[] }): SignedBlock[][] {
  const byNumber = new Map<number, SignedBlock[]>();
  for (const b of options.blocks) {
    if (!same(b.signer, options.address)) continue;
    const list = byNumber.get(b.number) ?? [];
    if (!list.some((x) => same(x.hash, b.hash))) list.push(b);
    byNumber.set(b.number, list);
  }
  return [...byNumber.values()].filter((list) => list.length > 1);
}

/** Every piece of evidence that this node's signer key also seals elsewhere (empty: none seen). */
export function detectDuplicateSigner(options: {
  address: string;
  blocks: readonly SignedBlock[];
  running: readonly RunInterval[];
  sealed: readonly LocalSeal[];
  sinceBlock: number;
  toleranceSeconds?: number;
}): DuplicateEvidence[] {
  const stopped = signedWhileStopped(options);
  const stoppedHashes = new Set(stopped.map((b) => b.hash.toLowerCase()));
  return [
    ...stopped.map((block) => ({ kind: 'signed-while-stopped' as const, block })),
    ...notSealedHere(options)
      .filter((b) => !stoppedHashes.has(b.hash.toLowerCase()))
      .map((block) => ({ kind: 'not-sealed-here' as const, block })),
    ...conflictingBlocks(options).map((blocks) => ({ kind: 'conflicting-blocks' as const, blocks })),
  ];
}

/** One loud, evidence-carrying line for the error log and the health check. */
export function describeDuplicate(address: string, evidence: readonly DuplicateEvidence[]): string {
  const parts = evidence.slice(0, 5).map((e) =>
    e.kind === 'conflicting-blocks'
      ? `two blocks at height ${e.blocks[0]?.number} (${e.blocks.map((b) => b.hash).join(', ')})`
      : e.kind === 'signed-while-stopped'
        ? `block ${e.block.number} (${e.block.hash}) at ${new Date(e.block.timestamp * 1000).toISOString()}, while this node was not running`
        : `block ${e.block.number} (${e.block.hash}), which this node's geth did not seal`,
  );
  return `DUPLICATE SIGNER: ${address} also seals on another node (this forks the chain; a signer key must live on exactly one node): ${parts.join('; ')}`;
}
