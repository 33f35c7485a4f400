import { join } from 'node:path';
import { RefusedDataError } from '../errors.js';
import type { Change, Ledger, Member } from './ledger.js';

/** The signer ledger is kept next to the genesis, written the same durable way (atomic, fsynced). */
export const ledgerPath = (genesisPath: string): string => join(genesisPath, '..', 'signer-changes.json');

export const ledgerFileBytes = (ledger: Ledger): Buffer => Buffer.from(`${JSON.stringify({ version: 1, ...ledger }, null, 2)}\n`);

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const isAddress = (v: unknown): v is string => typeof v === 'string' && ADDRESS.test(v);
const isBlock = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isTime = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));
const optional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);

function isMember(v: unknown): v is Member {
  const m = v as Partial<Record<keyof Member, unknown>> | null;
  return typeof m === 'object' && m !== null && isAddress(m.address) && (m.state === 'candidate' || m.state === 'rejected') && isTime(m.since);
}

function isChange(v: unknown): v is Change {
  const c = v as Partial<Record<keyof Change, unknown>> | null;
  return (
    typeof c === 'object' && c !== null &&
    Number.isSafeInteger(c.id) && (c.id as number) > 0 &&
    isAddress(c.address) &&
    (c.action === 'add' || c.action === 'remove') &&
    (c.state === 'pending' || c.state === 'done' || c.state === 'withdrawn') &&
    (c.by === 'operator' || c.by === 'auto') &&
    isTime(c.approvedAt) &&
    optional(c.sinceBlock, isBlock) && optional(c.activeAt, isTime) && optional(c.endedAt, isTime) && optional(c.doneBlock, isBlock)
  );
}

/** The ledger in a stored file; refuses (65) anything else and never rewrites it. */
export function parseLedgerFile(bytes: Buffer, path: string): Ledger {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new RefusedDataError(`the signer ledger ${path} is not JSON; fix or move it (it records candidates and approved signer changes)`, { cause: error });
  }
  const v = value as Record<string, unknown> | null;
  const ok =
    typeof v === 'object' && v !== null && v.version === 1 &&
    Array.isArray(v.signers) && v.signers.length > 0 && v.signers.every(isAddress) &&
    isBlock(v.block) &&
    Array.isArray(v.members) && v.members.every(isMember) &&
    Array.isArray(v.changes) && v.changes.every(isChange) &&
    new Set((v.changes as Change[]).map((c) => c.id)).size === v.changes.length;
  if (!ok) throw new RefusedDataError(`the signer ledger ${path} is not a valid ledger (version 1: signers, block, members, changes); fix or move it`);
  const ledger = v as unknown as Ledger;
  return { signers: ledger.signers, block: ledger.block, members: ledger.members, changes: [...ledger.changes].sort((a, b) => a.id - b.id) };
}
