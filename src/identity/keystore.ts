import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checksummed } from '../eth/address.js';
import { RefusedDataError } from '../errors.js';
import { readSmallFile, UnsafeFileError } from '../fs/small-file.js';
import { dataDirError, writePrivateFile } from './files.js';

export interface KeystoreEntry {
  readonly file: string;
  /** Checksummed. */
  readonly address: string;
  readonly json: string;
}

/** Test-only scrypt cost (production uses ethers' default, N = 2^17). */
export interface KdfOptions {
  readonly scryptN?: number;
}

/** The account address of one keystore v3 JSON text, or a reason it is not one. */
export function parseKeystore(json: string): { address: string } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { problem: 'not valid JSON' };
  }
  if (typeof data !== 'object' || data === null) return { problem: 'not a JSON object' };
  const record = data as Record<string, unknown>;
  const address = record.address;
  if (typeof address !== 'string' || !/^(0x)?[0-9a-fA-F]{40}$/.test(address)) return { problem: 'no "address" field of 40 hex characters' };
  if (record.version !== 3) return { problem: 'not a version 3 keystore' };
  const crypto = record.crypto ?? record.Crypto;
  if (typeof crypto !== 'object' || crypto === null) return { problem: 'no "crypto" section' };
  return { address: checksummed(address.startsWith('0x') ? address : `0x${address}`) };
}

/**
 * Every account file in geth's keystore folder (geth skips dot files and folders; so does this).
 * A file that is not a keystore v3 JSON is refused (exit 65), never rewritten or deleted.
 */
export async function scanKeystore(dir: string): Promise<KeystoreEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw dataDirError('list', dir, error);
  }
  const entries: KeystoreEntry[] = [];
  for (const name of names) {
    if (name.startsWith('.') || name.endsWith('~')) continue;
    const file = join(dir, name);
    let json: string;
    try {
      if (!(await stat(file)).isFile()) continue;
      json = await readSmallFile(file);
    } catch (error) {
      if (error instanceof UnsafeFileError) throw new RefusedDataError(`keystore file ${file} is corrupted (${error.problem}): refusing to start; restore it from a backup or move it away`);
      throw dataDirError('read', file, error);
    }
    const parsed = parseKeystore(json);
    if ('problem' in parsed) {
      throw new RefusedDataError(`keystore file ${file} is corrupted (${parsed.problem}): refusing to start; restore it from a backup or move it away`);
    }
    entries.push({ file, address: parsed.address, json });
  }
  return entries;
}

/** geth's file name: `UTC--2026-01-02T03-04-05.678000000Z--<address, lower case, no 0x>`. */
export function keystoreFileName(address: string, now: Date): string {
  const stamp = now.toISOString().replace(/:/g, '-').replace(/\.(\d{3})Z$/, '.$1000000Z');
  return `UTC--${stamp}--${address.slice(2).toLowerCase()}`;
}

/** Encrypts an account (scrypt, aes-128-ctr: keystore v3) and writes it, 0600, atomically; returns its path and text. */
export async function writeKeystore(options: {
  dir: string;
  address: string;
  privateKey: string;
  password: string;
  kdf?: KdfOptions;
  now?: Date;
}): Promise<{ file: string; json: string }> {
  const { dir, address, privateKey, password, kdf } = options;
  const { encryptKeystoreJson } = await keystoreCrypto();
  const json = await encryptKeystoreJson({ address, privateKey }, password, kdf?.scryptN === undefined ? {} : { scrypt: { N: kdf.scryptN } });
  const file = join(dir, keystoreFileName(address, options.now ?? new Date()));
  await writePrivateFile(file, json);
  return { file, json };
}

export type DecryptResult = { ok: true; privateKey: string } | { ok: false; reason: 'password' | 'corrupt'; detail: string };

/** Decrypts one keystore (slow: scrypt). Never throws; a wrong password is told apart from damage. */
export async function decryptKeystore(json: string, password: string): Promise<DecryptResult> {
  const { decryptKeystoreJson } = await keystoreCrypto();
  try {
    const account = await decryptKeystoreJson(json, password);
    return { ok: true, privateKey: account.privateKey };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/incorrect password/.test(message)) return { ok: false, reason: 'password', detail: 'incorrect password' };
    return { ok: false, reason: 'corrupt', detail: (error as { shortMessage?: string }).shortMessage ?? message.split('(')[0]?.trim() ?? 'unreadable' };
  }
}

/**
 * ethers' keystore functions, with scrypt in a child process (native-scrypt.ts). Loaded when a
 * keystore is written or decrypted: a restart whose keystore proof matches never loads ethers.
 */
async function keystoreCrypto(): Promise<typeof import('../eth/wallets.js')> {
  const [ethers, { useNativeScrypt }] = await Promise.all([import('../eth/wallets.js'), import('./native-scrypt.js')]);
  useNativeScrypt();
  return ethers;
}
