import { createHash } from 'node:crypto';
import { checksummed, isHexBytes } from '../eth/address.js';
import { blockForkFields, forbiddenConfigFields, type CliqueGenesis, type GenesisDocument } from './types.js';

export type GenesisCheck = { readonly ok: true; readonly document: GenesisDocument } | { readonly ok: false; readonly problem: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isQuantity = (v: unknown): boolean =>
  (typeof v === 'string' && (/^0x[0-9a-fA-F]{1,64}$/.test(v) || /^[0-9]{1,78}$/.test(v))) || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Signers encoded in a clique extraData (checksummed), or a problem. */
export function extraDataSigners(extraData: unknown): { signers: string[] } | { problem: string } {
  if (!isHexBytes(extraData)) return { problem: 'extraData is not a 0x-prefixed hex string' };
  const bytes = (extraData.length - 2) / 2;
  const signerBytes = bytes - 32 - 65;
  if (signerBytes < 20 || signerBytes % 20 !== 0) {
    return { problem: `extraData has ${bytes} bytes; clique needs 32 (vanity) + 20 per signer (at least one) + 65 (seal)` };
  }
  const hex = extraData.slice(2 + 64, 2 + 64 + signerBytes * 2);
  const signers: string[] = [];
  for (let i = 0; i < hex.length; i += 40) signers.push(checksummed(`0x${hex.slice(i, i + 40).toLowerCase()}`));
  for (let i = 1; i < signers.length; i++) {
    if ((signers[i - 1] as string).toLowerCase() >= (signers[i] as string).toLowerCase()) return { problem: 'extraData signers are not sorted ascending without duplicates' };
  }
  return { signers };
}

/** Structural check of an untrusted value as a geth 1.13 clique genesis. Never throws. */
export function checkCliqueGenesis(value: unknown): { ok: true; genesis: CliqueGenesis; signers: string[] } | { ok: false; problem: string } {
  if (!isObject(value)) return { ok: false, problem: 'not a JSON object' };
  const config = value.config;
  if (!isObject(config)) return { ok: false, problem: 'missing "config" object' };
  if (!isUint(config.chainId) || config.chainId === 0) return { ok: false, problem: 'config.chainId is not a positive integer' };
  const clique = config.clique;
  if (!isObject(clique)) return { ok: false, problem: 'config.clique is missing: not a clique genesis' };
  if (!isUint(clique.period) || !isUint(clique.epoch)) return { ok: false, problem: 'config.clique.period/epoch are not non-negative integers' };
  if (config.ethash !== undefined) return { ok: false, problem: 'config has both clique and ethash' };
  for (const field of forbiddenConfigFields) {
    if (config[field] !== undefined && config[field] !== null) return { ok: false, problem: `config.${field} is set: clique on geth 1.13 cannot seal past the merge/shanghai` };
  }
  for (const field of blockForkFields) {
    const block = config[field];
    if (block !== undefined && block !== null && !isUint(block)) return { ok: false, problem: `config.${field} is not a block number` };
  }
  if (config.daoForkSupport !== undefined && typeof config.daoForkSupport !== 'boolean') return { ok: false, problem: 'config.daoForkSupport is not a boolean' };
  if (!isQuantity(value.difficulty)) return { ok: false, problem: 'difficulty is missing or not a quantity' };
  if (!isQuantity(value.gasLimit)) return { ok: false, problem: 'gasLimit is missing or not a quantity' };
  const extra = extraDataSigners(value.extraData);
  if ('problem' in extra) return { ok: false, problem: extra.problem };
  if (!isObject(value.alloc)) return { ok: false, problem: 'alloc is missing or not an object' };
  for (const [address, account] of Object.entries(value.alloc)) {
    if (!/^(0x)?[0-9a-fA-F]{40}$/.test(address)) return { ok: false, problem: `alloc key ${JSON.stringify(address.slice(0, 50))} is not an address` };
    if (!isObject(account) || !isQuantity(account.balance)) return { ok: false, problem: `alloc ${address} has no valid balance` };
  }
  return { ok: true, genesis: value as CliqueGenesis, signers: extra.signers };
}

/** Parses genesis bytes (untrusted) into a GenesisDocument. Never throws. */
export function parseGenesisBytes(bytes: Buffer): GenesisCheck {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    const head = bytes.subarray(0, 40).toString('utf8').replace(/\s+/g, ' ');
    return { ok: false, problem: `not JSON (${error instanceof Error ? error.message : String(error)}; starts with ${JSON.stringify(head)})` };
  }
  const checked = checkCliqueGenesis(value);
  if (!checked.ok) return { ok: false, problem: `not a clique genesis: ${checked.problem}` };
  return {
    ok: true,
    document: Object.freeze({ bytes, sha256: sha256Hex(bytes), genesis: checked.genesis, chainId: checked.genesis.config.chainId, signers: Object.freeze(checked.signers) }),
  };
}
