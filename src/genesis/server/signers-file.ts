import { join } from 'node:path';
import { RefusedDataError } from '../../errors.js';

/** The signers file kept next to the genesis while collecting registrations (survives restarts). */
export const signersPath = (genesisPath: string): string => join(genesisPath, '..', 'signers.json');

export const signersFileBytes = (signers: readonly string[]): Buffer => Buffer.from(`${JSON.stringify(signers, null, 2)}\n`);

/** The registered addresses in a signers file; refuses (65) anything else, never rewrites it. */
export function parseSignersFile(bytes: Buffer): string[] {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new RefusedDataError('the collected signers file is not JSON; fix or move it', { cause: error });
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v))) {
    throw new RefusedDataError('the collected signers file is not a list of addresses; fix or move it');
  }
  return value as string[];
}
