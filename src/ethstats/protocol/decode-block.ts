import type { BlockStats, NodeStats } from './types.js';
import { isDecimal, isFiniteNumber, isHex, isObject, isUint } from './check.js';

/** Validates one reported block (geth's blockStats); a reason or the typed block. */
export function checkBlock(value: unknown): { ok: true; block: BlockStats } | { ok: false; error: string } {
  if (!isObject(value)) return { ok: false, error: 'block is not an object' };
  const b = value;
  const problems: string[] = [];
  for (const key of ['number', 'timestamp', 'gasUsed', 'gasLimit'] as const) if (!isUint(b[key])) problems.push(`${key} not an unsigned integer`);
  for (const key of ['hash', 'parentHash', 'transactionsRoot', 'stateRoot'] as const) if (!isHex(b[key], 32)) problems.push(`${key} not a 32-byte hex`);
  if (!isHex(b.miner, 20)) problems.push('miner not an address');
  if (!isDecimal(b.difficulty)) problems.push('difficulty not a decimal string');
  if (b.totalDifficulty !== undefined && !isDecimal(b.totalDifficulty)) problems.push('totalDifficulty not a decimal string');
  if (!Array.isArray(b.transactions) || b.transactions.some((tx) => !isObject(tx) || !isHex(tx.hash, 32))) problems.push('transactions not [{hash}]');
  if (!Array.isArray(b.uncles)) problems.push('uncles not an array');
  if (problems.length > 0) return { ok: false, error: `bad block: ${problems.join(', ')}` };
  return {
    ok: true,
    block: {
      number: b.number as number,
      hash: (b.hash as string).toLowerCase(),
      parentHash: (b.parentHash as string).toLowerCase(),
      timestamp: b.timestamp as number,
      miner: (b.miner as string).toLowerCase(),
      gasUsed: b.gasUsed as number,
      gasLimit: b.gasLimit as number,
      difficulty: b.difficulty as string,
      totalDifficulty: (b.totalDifficulty as string | undefined) ?? '0',
      transactions: (b.transactions as Array<{ hash: string }>).map((tx) => ({ hash: tx.hash.toLowerCase() })),
      transactionsRoot: (b.transactionsRoot as string).toLowerCase(),
      stateRoot: (b.stateRoot as string).toLowerCase(),
      // Clique has no uncles: whatever a reporter put there is never used, so it is not kept.
      uncles: [],
    },
  };
}

/** Validates `stats.stats`; `mining`/`hashrate` are optional (later geth versions dropped them). */
export function checkStats(value: unknown): { ok: true; stats: NodeStats } | { ok: false; error: string } {
  if (!isObject(value)) return { ok: false, error: 'stats is not an object' };
  const s = value;
  const problems: string[] = [];
  for (const key of ['active', 'syncing'] as const) if (typeof s[key] !== 'boolean') problems.push(`${key} not a boolean`);
  if (s.mining !== undefined && typeof s.mining !== 'boolean') problems.push('mining not a boolean');
  for (const key of ['peers', 'gasPrice', 'uptime'] as const) if (!isFiniteNumber(s[key]) || (s[key] as number) < 0) problems.push(`${key} not a number`);
  if (s.hashrate !== undefined && !isFiniteNumber(s.hashrate)) problems.push('hashrate not a number');
  if (problems.length > 0) return { ok: false, error: `bad stats: ${problems.join(', ')}` };
  return {
    ok: true,
    stats: {
      active: s.active as boolean,
      syncing: s.syncing as boolean,
      mining: (s.mining as boolean | undefined) ?? false,
      hashrate: (s.hashrate as number | undefined) ?? 0,
      peers: s.peers as number,
      gasPrice: s.gasPrice as number,
      uptime: s.uptime as number,
    },
  };
}
