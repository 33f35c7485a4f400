import type { ExclusivePair, Rule } from './rules.js';
import { coreExclusive, coreRules } from './vars/core-rules.js';
import { ethstatsRules } from './vars/ethstats-rules.js';
import { genesisRules } from './vars/genesis-rules.js';
import { identityExclusive } from './vars/identity-rules.js';

/** Cross-variable rules (role requirements); each is skipped when one of its inputs failed. */
export const configRules: readonly Rule[] = [...coreRules, ...genesisRules, ...ethstatsRules];

/** Variables that may not both be set. */
export const exclusivePairs: readonly ExclusivePair[] = [...coreExclusive, ...identityExclusive];
