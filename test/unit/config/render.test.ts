import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type Env } from '../../../src/config/load.js';
import { describeConfig, type ConfigLine } from '../../../src/config/render.js';
import { envName } from '../../../src/config/spec.js';
import { tableEntries } from '../../../src/config/table.js';

// What `geth-agent check` prints: one line a variable, its source, secrets masked.
const base = { GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:8080' };

/** A line without its roles (checked once below): what the value looks like. */
type Shown = Omit<ConfigLine, 'roles'>;
const shown = ({ roles: _roles, ...line }: ConfigLine): Shown => line;

const linesOf = (env: Env, readFile?: (path: string) => string): Map<string, Shown> => {
  const { config, sources } = loadConfig({ ...base, ...env }, readFile === undefined ? {} : { readFile });
  return new Map(describeConfig(config, sources).map((line) => [line.name, shown(line)]));
};

test('one line a variable, in table order, with where its value came from', () => {
  const { config, sources } = loadConfig(base);
  const lines = describeConfig(config, sources);
  assert.deepEqual(
    lines.map((l) => l.name),
    tableEntries().map(([key]) => envName(key)),
  );
  // Each line carries the roles its variable declares (what `check` filters on).
  for (const [index, [, spec]] of tableEntries().entries()) assert.deepEqual(lines[index]?.roles, spec.roles);
  const byName = new Map(lines.map((l) => [l.name, shown(l)]));
  assert.deepEqual(byName.get('GETH_AGENT_ROLE'), { name: 'GETH_AGENT_ROLE', value: 'client', source: 'env', secret: false });
  assert.deepEqual(byName.get('GETH_AGENT_LISTEN'), { name: 'GETH_AGENT_LISTEN', value: '127.0.0.1:8080', source: 'default', secret: false });
  assert.deepEqual(byName.get('GETH_AGENT_HTTP_API'), { name: 'GETH_AGENT_HTTP_API', value: 'eth,net,web3,txpool', source: 'default', secret: false });
  assert.deepEqual(byName.get('GETH_AGENT_P2P_PORT'), { name: 'GETH_AGENT_P2P_PORT', value: '30303', source: 'default', secret: false });
  assert.deepEqual(byName.get('GETH_AGENT_SEALER_RPC'), { name: 'GETH_AGENT_SEALER_RPC', value: 'false', source: 'default', secret: false });
  assert.deepEqual(byName.get('GETH_AGENT_GETH_ARGS'), { name: 'GETH_AGENT_GETH_ARGS', value: '', source: 'default', secret: false });
  assert.deepEqual(byName.get('GETH_AGENT_NETWORK_ID'), { name: 'GETH_AGENT_NETWORK_ID', value: '', source: 'unset', secret: false });
  assert.deepEqual(byName.get('GETH_AGENT_NETWORK_SECRET'), { name: 'GETH_AGENT_NETWORK_SECRET', value: '', source: 'unset', secret: true });
  // Without a recorded source a line still says where it stands.
  assert.ok(describeConfig(config, {}).every((l) => l.source === 'unset'));
});

test('secrets: a placeholder, or the mask a variable defines; never the content', () => {
  const files: Record<string, string> = { '/run/pw': 'file-password\n' };
  const lines = linesOf(
    {
      GETH_AGENT_NETWORK_SECRET: 'net-s3cret',
      GETH_AGENT_PASSWORD_FILE: '/run/pw',
      GETH_AGENT_ETHSTATS: 'node:1:st@ts-s3cret@stats.example:3000',
      GETH_AGENT_MNEMONIC: 'test test test test test test test test test test test junk',
    },
    (path) => files[path] as string,
  );
  assert.deepEqual(lines.get('GETH_AGENT_NETWORK_SECRET'), { name: 'GETH_AGENT_NETWORK_SECRET', value: '********', source: 'env', secret: true });
  assert.deepEqual(lines.get('GETH_AGENT_PASSWORD'), { name: 'GETH_AGENT_PASSWORD', value: '********', source: 'file', secret: true });
  assert.deepEqual(lines.get('GETH_AGENT_ETHSTATS'), { name: 'GETH_AGENT_ETHSTATS', value: 'node:1:********@stats.example:3000', source: 'env', secret: true });
  assert.equal(lines.get('GETH_AGENT_MNEMONIC')?.value, '********');
  const shown = JSON.stringify([...lines.values()]);
  for (const secret of ['net-s3cret', 'file-password', 'st@ts-s3cret', 'test test']) assert.ok(!shown.includes(secret), secret);
});

test('structured values are shown in the syntax they are given in', () => {
  const a = '0x00000000000000000000000000000000000000aa';
  const lines = linesOf({
    GETH_AGENT_LISTEN: '[::1]:9000',
    GETH_AGENT_GETH_METRICS_ADDR: 'metrics.local:6060',
    GETH_AGENT_SIGNERS: `${a}, 0x00000000000000000000000000000000000000bb`,
    GETH_AGENT_PREFUND: `${a}=0010, 0x00000000000000000000000000000000000000bb`,
    GETH_AGENT_POLL_SECONDS: '0.5',
    GETH_AGENT_NETRESTRICT: '10.0.0.0/8,::1/128',
  });
  assert.equal(lines.get('GETH_AGENT_LISTEN')?.value, '[::1]:9000');
  assert.equal(lines.get('GETH_AGENT_GETH_METRICS_ADDR')?.value, 'metrics.local:6060');
  assert.equal(lines.get('GETH_AGENT_SIGNERS')?.value, '0x00000000000000000000000000000000000000AA,0x00000000000000000000000000000000000000bb');
  assert.equal(lines.get('GETH_AGENT_PREFUND')?.value, '0x00000000000000000000000000000000000000AA=10,0x00000000000000000000000000000000000000bb');
  assert.equal(lines.get('GETH_AGENT_POLL_SECONDS')?.value, '0.5');
  assert.equal(lines.get('GETH_AGENT_NETRESTRICT')?.value, '10.0.0.0/8,::1/128');
  // Each shown value loads back to the same config value.
  for (const name of ['GETH_AGENT_LISTEN', 'GETH_AGENT_SIGNERS', 'GETH_AGENT_PREFUND', 'GETH_AGENT_NETRESTRICT']) {
    const again = linesOf({ [name]: lines.get(name)?.value as string });
    assert.equal(again.get(name)?.value, lines.get(name)?.value, name);
  }
});
