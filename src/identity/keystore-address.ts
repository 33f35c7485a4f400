import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readSmallFileSync } from '../fs/small-file.js';

/** The sealer address from an existing keystore file, or undefined. Never reads more than the address. */
export function keystoreAddress(keystoreDir: string): string | undefined {
  let files: string[];
  try {
    files = readdirSync(keystoreDir).sort();
  } catch {
    return undefined;
  }
  for (const file of files) {
    try {
      const address = (JSON.parse(readSmallFileSync(join(keystoreDir, file))) as { address?: unknown }).address;
      if (typeof address === 'string' && /^(0x)?[0-9a-fA-F]{40}$/.test(address)) return address.startsWith('0x') ? address : `0x${address}`;
    } catch {
      /* not a keystore file */
    }
  }
  return undefined;
}
