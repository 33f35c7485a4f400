import type { Config } from './table.js';

/**
 * A cross-variable rule: the variables it reads (its inputs) and the check over them, which
 * returns the problems it finds. Rules run with every other problem (all are reported at once); a
 * rule one of whose inputs failed on its own is skipped, so `GETH_AGENT_GENESIS_URL=ftp://x` is not
 * also reported as "required in role sealer", while `GETH_AGENT_ROLE=sealer` with a bad port still
 * reports the missing genesis URL in the same run.
 */
export interface Rule {
  readonly inputs: readonly (keyof Config & string)[];
  readonly check: (config: Config) => string[];
}

/** A rule whose check sees only its declared inputs (the compiler refuses a read of any other). */
export function defineRule<K extends keyof Config & string>(inputs: readonly K[], check: (config: Pick<Config, K>) => string[]): Rule {
  return Object.freeze({ inputs: Object.freeze([...inputs]), check });
}

/** Pairs of config keys that may not both be set (checked on presence, with the other problems). */
export type ExclusivePair = readonly [keyof Config & string, keyof Config & string];
