import { randomBytes } from 'node:crypto';
import { RefusedDataError } from '../errors.js';
import { readIfExists } from './files.js';

export interface ResolvedPassword {
  readonly password: string;
  /** Where it came from, for messages (never the value). */
  readonly source: 'GETH_AGENT_PASSWORD' | 'stored' | 'generated';
  /** The password file must be (re)written before geth can use it. */
  readonly mustWrite: boolean;
}

/** geth reads the first line of `--password FILE`; the stored file holds exactly that line. */
const firstLine = (content: string): string => content.split(/\r?\n/)[0] ?? '';

/**
 * Decides the keystore password: GETH_AGENT_PASSWORD when set, else the stored password file,
 * else a new random one (32 bytes, base64url). Writes nothing.
 */
export async function resolvePassword(options: { configured?: string | undefined; file: string }): Promise<ResolvedPassword> {
  const stored = await readIfExists(options.file);
  if (options.configured !== undefined) {
    return { password: options.configured, source: 'GETH_AGENT_PASSWORD', mustWrite: stored !== options.configured };
  }
  if (stored !== undefined) {
    const password = firstLine(stored);
    if (password === '') throw new RefusedDataError(`password file ${options.file} is empty: restore it or set GETH_AGENT_PASSWORD`);
    return { password, source: 'stored', mustWrite: false };
  }
  return { password: randomBytes(32).toString('base64url'), source: 'generated', mustWrite: true };
}
