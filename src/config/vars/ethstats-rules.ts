import { defineRule, type Rule } from '../rules.js';
import { envName } from '../spec.js';

/** Cross-variable rules of the ethstats concern (wired into configRules in rule-set.ts). */
export const ethstatsRules: Rule[] = [
  defineRule(['ethstatsCollector', 'ethstatsSecret'], (config) =>
    config.ethstatsCollector && config.ethstatsSecret === undefined ? [`${envName('ethstatsCollector')}=on needs ${envName('ethstatsSecret')}`] : [],
  ),
  defineRule(['ethstatsCollector', 'role'], (config) =>
    config.ethstatsCollector && config.role !== 'genesis' ? [`${envName('ethstatsCollector')} is only served in role genesis`] : [],
  ),
  defineRule(['ethstatsBackoffInitialSeconds', 'ethstatsBackoffMaxSeconds'], (config) =>
    config.ethstatsBackoffMaxSeconds < config.ethstatsBackoffInitialSeconds
      ? [`${envName('ethstatsBackoffMaxSeconds')} must be >= ${envName('ethstatsBackoffInitialSeconds')}`]
      : [],
  ),
];
