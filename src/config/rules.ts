import type { Config } from './table.js';

/**
 * A cross-variable rule: returns the problems it finds. Rules run with every other problem (all
 * are reported at once); a rule that reads a variable which failed on its own is skipped, so keys
 * it reads count as its inputs: read only the ones the verdict depends on.
 */
export type Rule = (config: Config) => string[];

/** Pairs of config keys that may not both be set (checked on presence, with the other problems). */
export type ExclusivePair = readonly [keyof Config & string, keyof Config & string];
