import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, loadConfigFor } from '../../../src/config/load.js';
import { roles } from '../../../src/config/roles.js';
import { appliesTo, envName } from '../../../src/config/spec.js';
import { tableEntries } from '../../../src/config/table.js';
import { ConfigError } from '../../../src/errors.js';

test('every variable declares the roles that read it, each a known role', () => {
  for (const [key, spec] of tableEntries()) {
    assert.ok(spec.roles !== undefined && spec.roles.length > 0, `${envName(key)} declares no roles (add roles: [...] in src/config/vars)`);
    for (const role of spec.roles) assert.ok((roles as readonly string[]).includes(role), `${envName(key)}: unknown role ${role}`);
  }
  const [, period] = tableEntries().find(([key]) => key === 'cliquePeriod') ?? [];
  assert.ok(period !== undefined && appliesTo(period, 'genesis') && !appliesTo(period, 'sealer'), 'a sealer takes the period from the genesis');
  assert.equal(appliesTo({ roles: undefined }, 'client'), true, 'an undeclared variable counts for every role');
});

const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
};

test('loadConfigFor: only the used variables are required, read and ruled on', () => {
  // The full load needs a role; a scoped one needs none, and no genesis URL for role sealer.
  assert.match(problemsOf(() => loadConfig({})).join('\n'), /GETH_AGENT_ROLE is required/);
  assert.deepEqual(problemsOf(() => loadConfigFor({}, ['networkId', 'signers'])), []);
  assert.deepEqual(problemsOf(() => loadConfigFor({ GETH_AGENT_ROLE: 'sealer' }, ['role', 'p2pPort'])), []);
  assert.match(problemsOf(() => loadConfig({ GETH_AGENT_ROLE: 'sealer' })).join('\n'), /GETH_AGENT_GENESIS_URL is required in role sealer/);
  // A variable the command does not use is never read: neither its value nor its secret file.
  let reads = 0;
  const { config } = loadConfigFor(
    { GETH_AGENT_P2P_PORT: 'not a port', GETH_AGENT_NETWORK_SECRET_FILE: '/nonexistent', GETH_AGENT_NETWORK_ID: '7' },
    ['networkId'],
    { readFile: () => { reads += 1; return 'x'; } },
  );
  assert.equal(config.networkId, 7);
  assert.equal(reads, 0);
  // Used variables are still parsed; typos and exclusive pairs among them are still reported.
  assert.match(problemsOf(() => loadConfigFor({ GETH_AGENT_P2P_PORT: 'x' }, ['p2pPort'])).join('\n'), /GETH_AGENT_P2P_PORT="x": expected/);
  assert.match(problemsOf(() => loadConfigFor({ GETH_AGENT_NETWORK_IDD: '7' }, ['networkId'])).join('\n'), /unknown variable GETH_AGENT_NETWORK_IDD \(did you mean GETH_AGENT_NETWORK_ID\?\)/);
  assert.match(
    problemsOf(() => loadConfigFor({ GETH_AGENT_SIGNERS: `0x${'aa'.repeat(20)}`, GETH_AGENT_SEALER_COUNT: '1' }, ['signers', 'sealerCount'])).join('\n'),
    /mutually exclusive/,
  );
  // A rule whose inputs are all used still applies.
  assert.match(
    problemsOf(() => loadConfigFor({ GETH_AGENT_ETHSTATS_BACKOFF_INITIAL_SECONDS: '9', GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS: '1' }, ['ethstatsBackoffInitialSeconds', 'ethstatsBackoffMaxSeconds'])).join('\n'),
    /GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS must be >=/,
  );
});
