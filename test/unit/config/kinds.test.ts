import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/load.js';
import { envName } from '../../../src/config/spec.js';
import type { Config } from '../../../src/config/table.js';
import { ConfigError } from '../../../src/errors.js';

// Each kind of value through the loader, by one variable that uses it: what is accepted (and what
// it becomes), where the bounds are, and the exact expectation a refusal names.
const base = { GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:8080' };

const valueOf = <K extends keyof Config & string>(key: K, raw: string): Config[K] => loadConfig({ ...base, [envName(key)]: raw }).config[key];

/** The one problem `raw` causes in `key`, without the `NAME="value": ` prefix. */
const refusal = (key: keyof Config & string, raw: string): string => {
  try {
    loadConfig({ ...base, [envName(key)]: raw });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems.length, 1, error.problems.join('\n'));
    const problem = error.problems[0] as string;
    // The value shown before it (quoted and cut, or a secret's length) is the loader's concern.
    const at = problem.indexOf(': expected ');
    assert.ok(problem.startsWith(`${envName(key)}=`) && at > 0, problem);
    return problem.slice(at + ': expected '.length);
  }
  assert.fail(`${envName(key)}=${raw} was accepted`);
};

test('integers: decimal digits only, both bounds inclusive, safe integers only', () => {
  assert.equal(valueOf('cliquePeriod', '0'), 0);
  assert.equal(valueOf('cliquePeriod', '3600'), 3600);
  assert.equal(valueOf('cliquePeriod', '007'), 7);
  for (const raw of ['3601', '-1', '1.5', '1e3', '0x10', '+1', '1 2']) assert.equal(refusal('cliquePeriod', raw), 'an integer from 0 to 3600', raw);
  assert.equal(valueOf('networkId', '1'), 1);
  assert.equal(valueOf('networkId', '9007199254740991'), Number.MAX_SAFE_INTEGER);
  assert.equal(refusal('networkId', '0'), 'an integer >= 1');
  assert.equal(refusal('networkId', '9007199254740992'), 'an integer >= 1');
  assert.equal(refusal('networkId', 'x1'), 'an integer >= 1');
  assert.equal(valueOf('p2pPort', '65535'), 65535);
  assert.equal(valueOf('p2pPort', '0'), 0);
  assert.equal(refusal('p2pPort', '65536'), 'an integer from 0 to 65535');
});

test('seconds: decimal fractions from the minimum up to a year, nothing else', () => {
  assert.equal(valueOf('pollSeconds', '0.05'), 0.05);
  assert.equal(valueOf('pollSeconds', '1.25'), 1.25);
  assert.equal(valueOf('pollSeconds', '31536000'), 31_536_000);
  for (const raw of ['0.04', '0', '31536001', '.5', '5.', '1e3', '-1', '1,5', 'Infinity', '1.2.3']) {
    assert.equal(refusal('pollSeconds', raw), 'a number of seconds >= 0.05', raw);
  }
  assert.equal(valueOf('stopGraceSeconds', '0'), 0);
  assert.equal(refusal('stopGraceSeconds', 'soon'), 'a number of seconds >= 0');
});

test('flags: true/1/yes/on and false/0/no/off in any case', () => {
  for (const raw of ['true', 'TRUE', '1', 'yes', 'Yes', 'on', 'ON']) assert.equal(valueOf('sealerRpc', raw), true, raw);
  for (const raw of ['false', 'False', '0', 'no', 'NO', 'off', 'Off']) assert.equal(valueOf('sealerRpc', raw), false, raw);
  for (const raw of ['2', 'y', 'enabled', 'truee']) assert.equal(refusal('sealerRpc', raw), 'true or false (also 1/0, yes/no, on/off)', raw);
});

test('one-of values are exact (case included)', () => {
  assert.equal(valueOf('gcmode', 'archive'), 'archive');
  assert.equal(refusal('gcmode', 'Archive'), 'one of full, archive');
  assert.equal(refusal('logLevel', 'verbose'), 'one of trace, debug, info, warn, error, fatal, silent');
});

test('lists: comma-separated, entries trimmed, blanks dropped, order kept, result frozen', () => {
  const api = valueOf('httpApi', ' eth , ,net,,web3 ,');
  assert.deepEqual(api, ['eth', 'net', 'web3']);
  assert.ok(Object.isFrozen(api));
  assert.deepEqual(valueOf('httpCors', 'b,a'), ['b', 'a']);
  // A bad entry is named (cut at 40 characters), with what its own parser expected.
  assert.equal(refusal('netrestrict', '10.0.0.0/8, x'), 'comma-separated CIDR masks (entry "x": expected a CIDR mask like 127.0.0.0/8)');
  const long = `${'9'.repeat(45)}/8`;
  assert.equal(refusal('netrestrict', long), `comma-separated CIDR masks (entry "${'9'.repeat(40)}...": expected a CIDR mask like 127.0.0.0/8)`);
  assert.equal(refusal('netrestrict', `${'9'.repeat(38)}/8`), `comma-separated CIDR masks (entry "${'9'.repeat(38)}/8": expected a CIDR mask like 127.0.0.0/8)`);
});

test('CIDR masks: an IPv4 or IPv6 address and a prefix length its family allows', () => {
  const ok = ['127.0.0.0/8', '0.0.0.0/0', '1.2.3.4/32', '::/0', 'fe80::/10', '::1/128', '10.0.0.0/08'];
  assert.deepEqual(valueOf('netrestrict', ok.join(',')), ok);
  for (const raw of ['1.2.3.4/33', '::1/129', '1.2.3.4', '1.2.3.4/', '/8', 'host/8', '1.2.3.4/999', '::/999', '1.2.3.4/1000', '1.2.3.4/8/8', 'x/1.2.3.4/8', '1.2.3.4/-1', ' 1.2.3.4 /8']) {
    assert.match(refusal('netrestrict', raw), /expected a CIDR mask like 127\.0\.0\.0\/8\)$/, raw);
  }
});

test('enode URLs: 128 hex digits, a host (name, IPv4 or bracketed IPv6), a port, an optional discport', () => {
  const id = 'aB'.repeat(64);
  const ok = [`enode://${id}@10.0.0.1:30303`, `enode://${id}@boot-1.example:1`, `enode://${id}@[::1]:30303`, `enode://${id}@h:30303?discport=30301`];
  assert.deepEqual(valueOf('bootnodes', ok.join(',')), ok);
  assert.deepEqual(valueOf('staticNodes', ok[0] as string), [ok[0]]);
  assert.deepEqual(valueOf('trustedNodes', ok[1] as string), [ok[1]]);
  for (const raw of [
    `enode://${id.slice(1)}@h:1`,
    `enode://${id}0@h:1`,
    `enode://${'g'.repeat(128)}@h:1`,
    `enode://${id}@h`,
    `enode://${id}@h:123456`,
    `enode://${id}@h:1?discport=`,
    `enode://${id}@h:1?other=1`,
    `enode://${id}@h_x:1`,
    `enode://${id}@:1`,
    `x enode://${id}@h:1`,
    `enode://${id}@h:1x`,
    `ENODE://${id}@h:1`,
  ]) {
    assert.match(refusal('bootnodes', raw), /expected an enode URL enode:\/\/<128 hex>@host:port\)$/, raw);
  }
});

test('geth metric groups: a known group, optionally narrowed with lower-case dotted parts', () => {
  assert.deepEqual(valueOf('gethMetrics', 'chain,p2p,all,chain.inserts,txpool.pending_x,eth.a.b'), ['chain', 'p2p', 'all', 'chain.inserts', 'txpool.pending_x', 'eth.a.b']);
  for (const raw of ['bogus', 'Chain', 'chain.', 'chain..x', 'chain.A', 'chain.a-b', '.chain', 'chainx', 'bogus.chain', 'chain x']) {
    assert.match(refusal('gethMetrics', raw), /expected a geth metric group \(chain, db, discv5, eth, les, p2p, system, trie, txpool, rpc, vflux, state, core, miner, all\), optionally narrowed like chain\.inserts\)$/, raw);
  }
});

test('addresses: checksummed on the way in, a wrong checksum or a repeat refused', () => {
  const lower = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
  const checksum = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
  assert.deepEqual(valueOf('signers', lower), [checksum]);
  assert.deepEqual(valueOf('signers', `0x${lower.slice(2).toUpperCase()}`), [checksum]);
  assert.deepEqual(valueOf('signers', checksum), [checksum]);
  assert.equal(refusal('signers', '0x1'), 'comma-separated addresses (entry "0x1": expected a 0x-prefixed 20-byte hex address)');
  // An entry of 40 characters is shown whole, a longer one cut there.
  assert.equal(refusal('signers', lower.slice(2)), `comma-separated addresses (entry "${lower.slice(2)}": expected a 0x-prefixed 20-byte hex address)`);
  const badChecksum = checksum.replace('F', 'f');
  assert.equal(
    refusal('signers', badChecksum),
    `comma-separated addresses (entry "${badChecksum.slice(0, 40)}...": expected an address with a valid EIP-55 checksum (or all lower case))`,
  );
  assert.equal(refusal('signers', `${lower},${checksum}`), `comma-separated addresses without duplicates (${checksum} repeats)`);
});

test('host names and IP literals: RFC 1123 labels, brackets dropped around IPv6', () => {
  assert.equal(valueOf('advertiseHost', '[::1]'), '::1');
  assert.equal(valueOf('advertiseHost', '::1'), '::1');
  assert.equal(valueOf('advertiseHost', '10.1.2.3'), '10.1.2.3');
  assert.equal(valueOf('advertiseHost', 'node-1.Example.org'), 'node-1.Example.org');
  assert.equal(valueOf('advertiseHost', `${'a'.repeat(63)}.b`), `${'a'.repeat(63)}.b`);
  const longest = Array.from({ length: 4 }, () => 'a'.repeat(62)).join('.') + '.b'; // 253 characters
  assert.equal(longest.length, 253);
  assert.equal(valueOf('advertiseHost', longest), longest);
  assert.equal(valueOf('advertiseHost', 'a'), 'a');
  for (const raw of [`${longest}b`, `${'a'.repeat(64)}.b`, '-a', 'a-', 'a..b', '.a', 'a.', 'under_score', 'a b', '[::1', 'a::1]', 'host:80', '1.2.3.4/8']) {
    assert.equal(refusal('advertiseHost', raw), 'a host name or IP address', raw);
  }
});

test('host:port: a host (IPv6 in brackets) and a port up to 65535', () => {
  assert.deepEqual(valueOf('listen', '0.0.0.0:0'), { host: '0.0.0.0', port: 0 });
  assert.deepEqual(valueOf('listen', '[::1]:65535'), { host: '::1', port: 65535 });
  assert.deepEqual(valueOf('gethMetricsAddr', 'metrics.local:6060'), { host: 'metrics.local', port: 6060 });
  assert.ok(Object.isFrozen(valueOf('listen', 'h:1')));
  for (const raw of ['h', ':80', 'h:', 'h:65536', 'h:123456', '::1:80', '[::1]', 'h:80x', 'x h:80', 'h:8a', 'bad_host:80', '[]:80']) {
    assert.equal(refusal('listen', raw), 'host:port (e.g. 0.0.0.0:8080 or [::1]:8080)', raw);
  }
});

test('URLs: http or https with a host, kept as given', () => {
  assert.equal(valueOf('genesisUrl', 'https://Genesis.example:8443/x.json'), 'https://Genesis.example:8443/x.json');
  assert.equal(refusal('genesisUrl', 'not a url'), 'a URL (http or https)');
  assert.equal(refusal('genesisUrl', 'ws://h:1'), 'a URL with scheme http: or https:');
});

test('sha256 digests: 64 hex digits, 0x optional, any case, stored lower case without 0x', () => {
  const digest = 'ab'.repeat(32);
  assert.equal(valueOf('genesisSha256', digest), digest);
  assert.equal(valueOf('genesisSha256', `0x${digest.toUpperCase()}`), digest);
  assert.equal(valueOf('genesisReset', `0X${digest}`), digest);
  for (const raw of [digest.slice(1), `${digest}0`, `0x0x${digest}`, `${digest.slice(2)}zz`, `x0${digest}`, `${digest}0x`]) {
    assert.equal(refusal('genesisSha256', raw), '64 hex characters (a sha256 digest)', raw);
  }
});

test('prefund entries: an address with an optional decimal balance, normalized, no repeats', () => {
  const a = '0x00000000000000000000000000000000000000aa';
  const b = '0x00000000000000000000000000000000000000bb';
  const checksumA = '0x00000000000000000000000000000000000000AA';
  const parsed = valueOf('prefund', ` ${a} = 00100 ,, ${b} `);
  assert.deepEqual(parsed, [{ address: checksumA, balance: '100' }, { address: b }]);
  assert.ok(Object.isFrozen(parsed) && Object.isFrozen(parsed?.[0]));
  assert.deepEqual(valueOf('prefund', `${a}=${'9'.repeat(60)}`), [{ address: checksumA, balance: '9'.repeat(60) }]);
  const entry = (raw: string, expected: string): string => `comma-separated 0xADDRESS[=WEI] (entry ${JSON.stringify(raw.slice(0, 50))}: expected ${expected})`;
  assert.equal(refusal('prefund', `${a}=1=2`), entry(`${a}=1=2`, '0xADDRESS or 0xADDRESS=WEI'));
  assert.equal(refusal('prefund', `${a}=1.5`), entry(`${a}=1.5`, 'a balance in wei (decimal digits)'));
  assert.equal(refusal('prefund', `${a}=`), entry(`${a}=`, 'a balance in wei (decimal digits)'));
  assert.equal(refusal('prefund', `${a}=${'9'.repeat(61)}`), entry(`${a}=${'9'.repeat(61)}`, 'a balance in wei (decimal digits)'));
  assert.equal(refusal('prefund', `${a}=-1`), entry(`${a}=-1`, 'a balance in wei (decimal digits)'));
  assert.equal(refusal('prefund', '=5'), entry('=5', 'a 0x-prefixed 20-byte hex address'));
  // Entries are named trimmed.
  assert.equal(refusal('prefund', `${a},  0x1 ,${b}`), entry('0x1', 'a 0x-prefixed 20-byte hex address'));
  assert.equal(refusal('prefund', `${a}, ${checksumA}=1`), `entries without duplicates (${checksumA} repeats)`);
});

test('wei balances: decimal digits, leading zeros dropped', () => {
  assert.equal(valueOf('prefundBalance', '000'), '0');
  assert.equal(valueOf('prefundBalance', '0012'), '12');
  for (const raw of ['1e18', '-1', '0x10', '1.0', '9'.repeat(61)]) assert.equal(refusal('prefundBalance', raw), 'a balance in wei (decimal digits)', raw);
});

test('a password is one line', () => {
  assert.equal(valueOf('password', 'pass word'), 'pass word');
  for (const raw of ['a\nb', 'a\rb']) assert.equal(refusal('password', raw), 'a single line (geth reads only the first line of its password file)');
});
