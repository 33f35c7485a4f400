import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Wallet } from 'ethers';
import { buildCliqueGenesis, cliqueExtraData, GenesisSpecError, serializeGenesis, sortSigners, type GenesisSpec } from '../../../src/genesis/build.js';
import { checkCliqueGenesis, extraDataSigners, parseGenesisBytes } from '../../../src/genesis/validate.js';
import { cliqueForks } from '../../../src/genesis/types.js';

const A = '0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = '0xBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBb'.toLowerCase();
const C = '0x0000000000000000000000000000000000000001';
const spec = (overrides: Partial<GenesisSpec> = {}): GenesisSpec => ({
  chainId: 1337,
  period: 5,
  epoch: 30000,
  gasLimit: 30_000_000,
  signers: [B, A],
  defaultBalance: '1000',
  ...overrides,
});

test('builds a geth 1.13 clique genesis: forks at 0, nothing later, difficulty 1, clique {period, epoch}', () => {
  const g = buildCliqueGenesis(spec());
  assert.equal(g.config.chainId, 1337);
  for (const fork of cliqueForks) assert.equal(g.config[fork], 0, fork);
  assert.deepEqual(g.config.clique, { period: 5, epoch: 30000 });
  for (const bad of ['terminalTotalDifficulty', 'shanghaiTime', 'cancunTime', 'arrowGlacierBlock', 'ethash']) assert.equal(g.config[bad], undefined);
  assert.equal(g.difficulty, '0x1');
  assert.equal(g.gasLimit, '0x1c9c380');
});

test('extraData = 32 zero bytes + signers ascending + 65 zero bytes', () => {
  const extra = cliqueExtraData([B, C, A]);
  assert.equal(extra, `0x${'00'.repeat(32)}${C.slice(2)}${A.slice(2)}${B.slice(2)}${'00'.repeat(65)}`);
  assert.equal((extra.length - 2) / 2, 32 + 3 * 20 + 65);
  const parsed = extraDataSigners(extra);
  assert.ok('signers' in parsed);
  assert.deepEqual(parsed.signers.map((s) => s.toLowerCase()), [C, A, B]);
});

test('signers are checksummed and sorted by bytes whatever their case', () => {
  const wallets = Array.from({ length: 6 }, () => Wallet.createRandom().address);
  const sorted = sortSigners(wallets.map((w, i) => (i % 2 === 0 ? w.toLowerCase() : w)));
  assert.deepEqual(sorted, [...wallets].sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : 1)));
});

test('alloc funds every signer and the prefund entries (own balance or the default)', () => {
  const g = buildCliqueGenesis(spec({ prefund: [{ address: C, balance: '255' }, { address: '0x00000000000000000000000000000000000000ff' }] }));
  assert.deepEqual(g.alloc, {
    [C]: { balance: '0xff' },
    '0x00000000000000000000000000000000000000ff': { balance: '0x3e8' },
    [A]: { balance: '0x3e8' },
    [B]: { balance: '0x3e8' },
  });
});

for (const [name, bad, message] of [
  ['zero signers', spec({ signers: [] }), /at least one signer/],
  ['duplicate signers (case-insensitive)', spec({ signers: [A, A.toUpperCase().replace('0X', '0x')] }), /duplicate signer/],
  ['an invalid address', spec({ signers: ['0x1234'] }), /not a 0x-prefixed 20-byte address/],
  ['a bad checksum', spec({ signers: ['0xAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'] }), /checksum/],
  ['a non-address prefund', spec({ prefund: [{ address: 'nope' }] }), /prefund address/],
  ['chainId 0', spec({ chainId: 0 }), /chainId/],
  ['a tiny gas limit', spec({ gasLimit: 10 }), /gas limit/],
] as const) {
  test(`refuses ${name}`, () => {
    assert.throws(() => buildCliqueGenesis(bad), (error: unknown) => error instanceof GenesisSpecError && message.test(error.message));
  });
}

test('serialization is deterministic and round-trips through the validator', () => {
  const bytes = serializeGenesis(buildCliqueGenesis(spec()));
  assert.deepEqual(bytes, serializeGenesis(buildCliqueGenesis(spec({ signers: [A, B] }))));
  const parsed = parseGenesisBytes(bytes);
  assert.ok(parsed.ok);
  assert.equal(parsed.document.chainId, 1337);
  assert.deepEqual(parsed.document.signers.map((s) => s.toLowerCase()), [A, B]);
  assert.match(parsed.document.sha256, /^[0-9a-f]{64}$/);
});

test('the validator refuses what is not a clique genesis for geth 1.13', () => {
  const good = JSON.parse(serializeGenesis(buildCliqueGenesis(spec())).toString()) as Record<string, Record<string, unknown>>;
  const variants: Array<[string, (g: Record<string, Record<string, unknown>>) => void, RegExp]> = [
    ['no clique', (g) => delete g.config?.clique, /clique is missing/],
    ['ttd', (g) => ((g.config as Record<string, unknown>).terminalTotalDifficulty = 0), /terminalTotalDifficulty/],
    ['shanghai', (g) => ((g.config as Record<string, unknown>).shanghaiTime = 0), /shanghaiTime/],
    ['no signers', (g) => ((g as Record<string, unknown>).extraData = `0x${'00'.repeat(97)}`), /extraData/],
    ['short seal', (g) => ((g as Record<string, unknown>).extraData = `0x${'00'.repeat(32)}${'11'.repeat(20)}${'00'.repeat(64)}`), /extraData/],
    ['bad alloc key', (g) => ((g as Record<string, unknown>).alloc = { nope: { balance: '0x1' } }), /alloc key/],
    ['chainId string', (g) => ((g.config as Record<string, unknown>).chainId = '5'), /chainId/],
    ['fork block as a string', (g) => ((g.config as Record<string, unknown>).londonBlock = '0'), /londonBlock is not a block number/],
    ['negative fork block', (g) => ((g.config as Record<string, unknown>).berlinBlock = -1), /berlinBlock/],
    ['gray glacier object', (g) => ((g.config as Record<string, unknown>).grayGlacierBlock = {}), /grayGlacierBlock/],
    ['dao support string', (g) => ((g.config as Record<string, unknown>).daoForkSupport = 'yes'), /daoForkSupport/],
  ];
  for (const [name, mutate, message] of variants) {
    const copy = structuredClone(good);
    mutate(copy);
    const result = checkCliqueGenesis(copy);
    assert.equal(result.ok, false, name);
    assert.match((result as { problem: string }).problem, message, name);
  }
});

test('property: the genesis parser never throws on arbitrary bytes or JSON', () => {
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), fc.json().map((j) => Buffer.from(j))), (bytes) => {
      const result = parseGenesisBytes(bytes);
      assert.equal(typeof result.ok, 'boolean');
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.anything(), (value) => {
      assert.equal(typeof checkCliqueGenesis(value).ok, 'boolean');
    }),
    { numRuns: 500 },
  );
});

test('property: every built genesis validates and lists exactly its signers', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.uint8Array({ minLength: 20, maxLength: 20 }).map((a) => `0x${Buffer.from(a).toString('hex')}`), { minLength: 1, maxLength: 8, selector: (s) => s }), fc.integer({ min: 1, max: 2 ** 31 }), (signers, chainId) => {
      const parsed = parseGenesisBytes(serializeGenesis(buildCliqueGenesis(spec({ signers, chainId }))));
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.document.signers.map((s) => s.toLowerCase()), [...signers].sort());
      assert.equal(parsed.document.chainId, chainId);
    }),
    { numRuns: 100 },
  );
});
