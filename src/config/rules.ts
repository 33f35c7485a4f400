import type { Config } from './table.js';

/** A cross-variable rule, run once every variable parsed: returns the problems it finds. */
export type Rule = (config: Config) => string[];

/** Pairs of config keys that may not both be set (checked on presence, with the other problems). */
export type ExclusivePair = readonly [keyof Config & string, keyof Config & string];
