import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { writePrivateFile, readIfExists } from './files.js';

/**
 * A record that one keystore file and one password decrypted together (at creation, or by a
 * scrypt decryption the agent did). While both are byte for byte the same, a restart need not
 * decrypt again before geth starts: geth decrypts the keystore itself for `--unlock`, and a
 * second scrypt (128 MiB, ~0.5 s) would only delay it. Any change to either (a stale password
 * file, a damaged or replaced keystore, another GETH_AGENT_PASSWORD) no longer matches, and the
 * agent decrypts to refuse clearly, before anything is written.
 *
 * The record holds a salted SHA-256 of the pair, never the password: it sits, 0600, in the agent's
 * private folder next to the password file geth reads in plain text, so it tells nothing that file
 * does not.
 */
export interface KeystoreProof {
  readonly version: 1;
  readonly salt: string;
  readonly check: string;
}

const digest = (salt: string, keystoreJson: string, password: string): string =>
  createHash('sha256').update(salt).update('\0').update(keystoreJson).update('\0').update(password).digest('hex');

/** A new proof for a pair known to decrypt together. */
export function makeProof(keystoreJson: string, password: string, salt = randomBytes(16).toString('hex')): KeystoreProof {
  return { version: 1, salt, check: digest(salt, keystoreJson, password) };
}

/** Parses a proof file's text; anything unexpected is no proof (the agent then decrypts). */
export function parseProof(text: string | undefined): KeystoreProof | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<KeystoreProof>;
    const hex = (s: unknown, len: number): boolean => typeof s === 'string' && s.length === len && /^[0-9a-f]+$/.test(s);
    return value.version === 1 && hex(value.salt, 32) && hex(value.check, 64) ? { version: 1, salt: value.salt as string, check: value.check as string } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the proof covers exactly this keystore text and this password. */
export function proofMatches(proof: KeystoreProof | undefined, keystoreJson: string, password: string): boolean {
  if (proof === undefined) return false;
  return timingSafeEqual(Buffer.from(proof.check, 'hex'), Buffer.from(digest(proof.salt, keystoreJson, password), 'hex'));
}

export async function readProof(file: string): Promise<KeystoreProof | undefined> {
  return parseProof(await readIfExists(file).catch(() => undefined));
}

export async function writeProof(file: string, keystoreJson: string, password: string): Promise<void> {
  await writePrivateFile(file, `${JSON.stringify(makeProof(keystoreJson, password))}\n`);
}
