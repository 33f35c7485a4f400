import { defineRule, type Rule } from '../rules.js';
import { envName } from '../spec.js';

/** Cross-variable rules of the signer-set concern (wired into configRules in rule-set.ts). */
export const signerRules: Rule[] = [
  defineRule(['role', 'operatorSecret'], (config) =>
    config.role !== 'genesis' && config.operatorSecret !== undefined
      ? [`${envName('operatorSecret')} is the operator's: no node holds it (unset it in role ${config.role})`]
      : [],
  ),
  defineRule(['operatorSecret', 'networkSecret'], (config) =>
    config.operatorSecret !== undefined && config.operatorSecret === config.networkSecret
      ? [`${envName('operatorSecret')} must differ from ${envName('networkSecret')}: every node holds the network secret`]
      : [],
  ),
];
