import type { ExclusivePair } from '../rules.js';

/** Key sources that may not both be set. */
export const identityExclusive: ExclusivePair[] = [['privateKey', 'mnemonic']];
