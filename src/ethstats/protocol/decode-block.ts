import type { BlockStats, NodeStats } from './types.js';
import { isHex, isObject, toAmount, toDecimalText, toUint } from './check.js';

/** A transaction hash from geth's `{"hash": "0x…"}` or the bare hash string of a JSON-RPC block (classic reporter). */
const txHash = (tx: unknown): string | undefined => {
  const hash = isObject(tx) ? tx.hash : tx;
  return isHex(hash, 32) ? hash.toLowerCase() : undefined;
};

/**
 * Validates one reported block; a reason or the typed block. Accepted shapes: geth's blockStats
 * (geth, the agent, Nethermind: numbers as JSON numbers, or as hex quantities from Nethermind
 * 1.2x-1.3x; uncles as `[]` or `[{}]`), and the JSON-RPC block the classic Node.js reporter and
 * Besu send (every quantity a hex string for Besu, transactions as hash strings for the classic
 * reporter, full transaction objects for Besu, `totalDifficulty` absent on a zero difficulty).
 */
export function checkBlock(value: unknown): { ok: true; block: BlockStats } | { ok: false; error: string } {
  if (!isObject(value)) return { ok: false, error: 'block is not an object' };
  const b = value;
  const problems: string[] = [];
  const uint = (key: 'number' | 'timestamp' | 'gasUsed' | 'gasLimit'): number => {
    const n = toUint(b[key]);
    if (n === undefined) problems.push(`${key} not an unsigned integer`);
    return n ?? 0;
  };
  const numbers = { number: uint('number'), timestamp: uint('timestamp'), gasUsed: uint('gasUsed'), gasLimit: uint('gasLimit') };
  for (const key of ['hash', 'parentHash', 'transactionsRoot', 'stateRoot'] as const) if (!isHex(b[key], 32)) problems.push(`${key} not a 32-byte hex`);
  if (!isHex(b.miner, 20)) problems.push('miner not an address');
  const difficulty = toDecimalText(b.difficulty);
  if (difficulty === undefined) problems.push('difficulty not a decimal string');
  const totalDifficulty = b.totalDifficulty === undefined ? '0' : toDecimalText(b.totalDifficulty);
  if (totalDifficulty === undefined) problems.push('totalDifficulty not a decimal string');
  const hashes = Array.isArray(b.transactions) ? b.transactions.map(txHash) : [undefined];
  if (hashes.includes(undefined)) problems.push('transactions not [{hash}] or [hash]');
  if (!Array.isArray(b.uncles)) problems.push('uncles not an array');
  if (problems.length > 0) return { ok: false, error: `bad block: ${problems.join(', ')}` };
  return {
    ok: true,
    block: {
      ...numbers,
      hash: (b.hash as string).toLowerCase(),
      parentHash: (b.parentHash as string).toLowerCase(),
      miner: (b.miner as string).toLowerCase(),
      difficulty: difficulty as string,
      totalDifficulty: totalDifficulty as string,
      transactions: (hashes as string[]).map((hash) => ({ hash })),
      transactionsRoot: (b.transactionsRoot as string).toLowerCase(),
      stateRoot: (b.stateRoot as string).toLowerCase(),
      // Clique has no uncles: whatever a reporter put there is never used, so it is not kept.
      uncles: [],
      ...(Object.hasOwn(b, 'extraData') ? { minerIsCoinbase: true as const } : {}),
    },
  };
}

/**
 * Validates `stats.stats`. `mining`/`hashrate` are optional (later geth versions dropped them);
 * `syncing` is the classic reporter's `eth_syncing` object while syncing (read as true);
 * `gasPrice` arrives as a decimal string from the classic reporter and a hex quantity from
 * Nethermind 1.2x-1.3x; `uptime` is a fraction from the classic reporter.
 */
export function checkStats(value: unknown): { ok: true; stats: NodeStats } | { ok: false; error: string } {
  if (!isObject(value)) return { ok: false, error: 'stats is not an object' };
  const s = value;
  const problems: string[] = [];
  if (typeof s.active !== 'boolean') problems.push('active not a boolean');
  if (typeof s.syncing !== 'boolean' && !isObject(s.syncing)) problems.push('syncing not a boolean');
  if (s.mining !== undefined && typeof s.mining !== 'boolean') problems.push('mining not a boolean');
  const peers = toUint(s.peers);
  if (peers === undefined) problems.push('peers not a number');
  const [gasPrice, uptime] = [toAmount(s.gasPrice), toAmount(s.uptime)];
  if (gasPrice === undefined) problems.push('gasPrice not a number');
  if (uptime === undefined) problems.push('uptime not a number');
  const hashrate = s.hashrate === undefined ? 0 : toAmount(s.hashrate);
  if (hashrate === undefined) problems.push('hashrate not a number');
  if (problems.length > 0) return { ok: false, error: `bad stats: ${problems.join(', ')}` };
  return {
    ok: true,
    stats: {
      active: s.active as boolean,
      syncing: s.syncing !== false,
      mining: (s.mining as boolean | undefined) ?? false,
      hashrate: hashrate as number,
      peers: peers as number,
      gasPrice: gasPrice as number,
      uptime: uptime as number,
    },
  };
}
