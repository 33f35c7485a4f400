import { defineRule, type ExclusivePair, type Rule } from '../rules.js';
import { envName } from '../spec.js';

export const coreExclusive: ExclusivePair[] = [['signers', 'sealerCount']];

export const coreRules: Rule[] = [
  defineRule(['role', 'networkId'], (config) =>
    config.role === 'genesis' && config.networkId === undefined ? [`${envName('networkId')} is required in role genesis`] : [],
  ),
  defineRule(['role', 'signers', 'sealerCount'], (config) =>
    config.role === 'genesis' && config.signers === undefined && config.sealerCount === undefined
      ? [`role genesis needs a signer set: set ${envName('signers')} (static) or ${envName('sealerCount')} (collected)`]
      : [],
  ),
  defineRule(['role', 'genesisUrl'], (config) =>
    config.role !== 'genesis' && config.genesisUrl === undefined ? [`${envName('genesisUrl')} is required in role ${config.role}`] : [],
  ),
];
