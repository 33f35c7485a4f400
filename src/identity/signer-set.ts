import { RefusedDataError } from '../errors.js';

/**
 * A sealer must be in the genesis signer set, or it could never seal: refuses (exit 65) naming
 * the address and the set. Case-insensitive. Pure.
 */
export function assertSignerInGenesis(address: string, signers: readonly string[]): void {
  const wanted = address.toLowerCase();
  if (signers.some((s) => s.toLowerCase() === wanted)) return;
  const set = signers.length === 0 ? 'an empty set' : signers.join(', ');
  throw new RefusedDataError(`${address} is not in the signer set of the genesis (${set}): this sealer could never seal; refusing to run it`);
}
