import type { BlockStats } from './protocol/types.js';
import { isHex, isObject } from './protocol/check.js';

const quantity = (value: unknown, field: string): bigint => {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) throw new Error(`block reply: ${field} is not a hex quantity`);
  return BigInt(value);
};

const safe = (value: bigint, field: string): number => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`block reply: ${field} out of range`);
  return Number(value);
};

const hash = (value: unknown, field: string): string => {
  if (!isHex(value, 32)) throw new Error(`block reply: ${field} is not a 32-byte hash`);
  return value.toLowerCase();
};

/**
 * Converts an `eth_getBlockBy*` reply (transactions as hashes) to ethstats blockStats, exactly
 * as geth's reporter builds it. `author` is the clique signer (clique_getSigner); when unknown,
 * the header's coinbase. Throws a clear error on a malformed reply.
 */
export function blockStatsFromRpc(raw: unknown, author: string | undefined): BlockStats {
  if (!isObject(raw)) throw new Error('block reply is not an object');
  const miner = author ?? raw.miner;
  if (!isHex(miner, 20)) throw new Error('block reply: miner is not an address');
  const txs = raw.transactions ?? [];
  if (!Array.isArray(txs)) throw new Error('block reply: transactions is not an array');
  return {
    number: safe(quantity(raw.number, 'number'), 'number'),
    hash: hash(raw.hash, 'hash'),
    parentHash: hash(raw.parentHash, 'parentHash'),
    timestamp: safe(quantity(raw.timestamp, 'timestamp'), 'timestamp'),
    miner: miner.toLowerCase(),
    gasUsed: safe(quantity(raw.gasUsed, 'gasUsed'), 'gasUsed'),
    gasLimit: safe(quantity(raw.gasLimit, 'gasLimit'), 'gasLimit'),
    difficulty: quantity(raw.difficulty, 'difficulty').toString(),
    totalDifficulty: raw.totalDifficulty === undefined || raw.totalDifficulty === null ? '0' : quantity(raw.totalDifficulty, 'totalDifficulty').toString(),
    transactions: txs.map((tx, i) => ({ hash: hash(isObject(tx) ? tx.hash : tx, `transactions[${i}]`) })),
    transactionsRoot: hash(raw.transactionsRoot, 'transactionsRoot'),
    stateRoot: hash(raw.stateRoot, 'stateRoot'),
    uncles: [],
  };
}

export const zeroAddress = `0x${'0'.repeat(40)}`;
