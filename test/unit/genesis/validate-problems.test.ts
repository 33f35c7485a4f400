import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCliqueGenesis, GenesisSpecError, serializeGenesis, sortSigners } from '../../../src/genesis/build.js';
import { checkCliqueGenesis, extraDataSigners, parseGenesisBytes } from '../../../src/genesis/validate.js';
import { baseSpec } from './helpers.js';

// The problem a refused genesis is reported with is what an operator reads (exit 65): each defect
// gets its own exact message, and each accepted variant of a valid field is accepted.

const a = `0x${'aa'.repeat(20)}`;
const b = `0x${'bb'.repeat(20)}`;
const valid = (): Record<string, unknown> => JSON.parse(serializeGenesis(buildCliqueGenesis({ ...baseSpec, signers: [a, b] })).toString()) as Record<string, unknown>;
const withConfig = (patch: Record<string, unknown>): Record<string, unknown> => {
  const g = valid();
  return { ...g, config: { ...(g.config as Record<string, unknown>), ...patch } };
};
const problem = (value: unknown): string | undefined => {
  const checked = checkCliqueGenesis(value);
  return checked.ok ? undefined : checked.problem;
};

test('checkCliqueGenesis: each defect has its exact problem', () => {
  const g = valid();
  const cases: Array<[unknown, string]> = [
    [[], 'not a JSON object'],
    [null, 'not a JSON object'],
    [{ ...g, config: [] }, 'missing "config" object'],
    [withConfig({ chainId: 0 }), 'config.chainId is not a positive integer'],
    [withConfig({ chainId: -1 }), 'config.chainId is not a positive integer'],
    [withConfig({ chainId: 1.5 }), 'config.chainId is not a positive integer'],
    [withConfig({ chainId: '1' }), 'config.chainId is not a positive integer'],
    [withConfig({ clique: undefined }), 'config.clique is missing: not a clique genesis'],
    [withConfig({ clique: { period: 1 } }), 'config.clique.period/epoch are not non-negative integers'],
    [withConfig({ clique: { epoch: 1 } }), 'config.clique.period/epoch are not non-negative integers'],
    [withConfig({ clique: { period: -1, epoch: 1 } }), 'config.clique.period/epoch are not non-negative integers'],
    [withConfig({ ethash: {} }), 'config has both clique and ethash'],
    [withConfig({ terminalTotalDifficulty: 0 }), 'config.terminalTotalDifficulty is set: clique on geth 1.13 cannot seal past the merge/shanghai'],
    [withConfig({ shanghaiTime: 0 }), 'config.shanghaiTime is set: clique on geth 1.13 cannot seal past the merge/shanghai'],
    [withConfig({ londonBlock: '0' }), 'config.londonBlock is not a block number'],
    [withConfig({ berlinBlock: -1 }), 'config.berlinBlock is not a block number'],
    [withConfig({ daoForkSupport: 'yes' }), 'config.daoForkSupport is not a boolean'],
    [{ ...g, difficulty: undefined }, 'difficulty is missing or not a quantity'],
    [{ ...g, difficulty: '0x' }, 'difficulty is missing or not a quantity'],
    [{ ...g, difficulty: 'x0x1' }, 'difficulty is missing or not a quantity'],
    [{ ...g, difficulty: '0x1g' }, 'difficulty is missing or not a quantity'],
    [{ ...g, difficulty: '1a' }, 'difficulty is missing or not a quantity'],
    [{ ...g, difficulty: 'a1' }, 'difficulty is missing or not a quantity'],
    [{ ...g, difficulty: `0x${'1'.repeat(65)}` }, 'difficulty is missing or not a quantity'],
    [{ ...g, difficulty: '1'.repeat(79) }, 'difficulty is missing or not a quantity'],
    [{ ...g, difficulty: -1 }, 'difficulty is missing or not a quantity'],
    [{ ...g, difficulty: 1.5 }, 'difficulty is missing or not a quantity'],
    [{ ...g, difficulty: true }, 'difficulty is missing or not a quantity'],
    [{ ...g, gasLimit: 'lots' }, 'gasLimit is missing or not a quantity'],
    [{ ...g, extraData: 'aa' }, 'extraData is not a 0x-prefixed hex string'],
    [{ ...g, alloc: [] }, 'alloc is missing or not an object'],
    [{ ...g, alloc: { [`x${'a'.repeat(40)}`]: { balance: '1' } } }, `alloc key "x${'a'.repeat(40)}" is not an address`],
    [{ ...g, alloc: { [`${'a'.repeat(40)}0`]: { balance: '1' } } }, `alloc key "${'a'.repeat(40)}0" is not an address`],
    [{ ...g, alloc: { [`0x0x${'a'.repeat(38)}`]: { balance: '1' } } }, `alloc key "0x0x${'a'.repeat(38)}" is not an address`],
    [{ ...g, alloc: { [a]: {} } }, `alloc ${a} has no valid balance`],
    [{ ...g, alloc: { [a]: 5 } }, `alloc ${a} has no valid balance`],
  ];
  for (const [value, expected] of cases) assert.equal(problem(value), expected, JSON.stringify(value).slice(0, 120));
});

test('checkCliqueGenesis: every valid form of each field is accepted', () => {
  const g = valid();
  for (const difficulty of ['0x1', '0xABCDEF', '1', '0', `0x${'f'.repeat(64)}`, '9'.repeat(78), 0, 1, Number.MAX_SAFE_INTEGER]) assert.equal(problem({ ...g, difficulty }), undefined, String(difficulty));
  for (const patch of [{ daoForkSupport: true }, { londonBlock: null }, { berlinBlock: 5 }, { terminalTotalDifficulty: null }, { clique: { period: 0, epoch: 0 } }]) assert.equal(problem(withConfig(patch)), undefined, JSON.stringify(patch));
  assert.equal(problem({ ...g, alloc: { [`${'AB'.repeat(20)}`]: { balance: 0 } } }), undefined, 'an alloc key without 0x, mixed case');
});

test('extraDataSigners: length, order and case', () => {
  const vanity = '00'.repeat(32);
  const seal = '00'.repeat(65);
  const lower = (s: string): string => s.slice(2).toLowerCase();
  assert.deepEqual(extraDataSigners(`0x${vanity}${lower(a)}${lower(b)}${seal}`), { signers: sortSigners([a, b]) });
  assert.deepEqual(extraDataSigners(`0x${vanity}${'AA'.repeat(20)}${seal}`), { signers: sortSigners([a]) });
  assert.deepEqual(extraDataSigners(`0x${vanity}${seal}`), { problem: 'extraData has 97 bytes; clique needs 32 (vanity) + 20 per signer (at least one) + 65 (seal)' });
  assert.deepEqual(extraDataSigners(`0x${vanity}${lower(a)}00${seal}`), { problem: 'extraData has 118 bytes; clique needs 32 (vanity) + 20 per signer (at least one) + 65 (seal)' });
  assert.deepEqual(extraDataSigners(`0x${vanity}${lower(b)}${lower(a)}${seal}`), { problem: 'extraData signers are not sorted ascending without duplicates' });
  assert.deepEqual(extraDataSigners(`0x${vanity}${lower(a)}${lower(a)}${seal}`), { problem: 'extraData signers are not sorted ascending without duplicates' });
  assert.deepEqual(extraDataSigners(`0x${vanity}${lower(a)}${lower(b)}${'cc'.repeat(20)}${seal}`), { signers: sortSigners([a, b, `0x${'cc'.repeat(20)}`]) });
});

test('parseGenesisBytes: its problems say what the bytes were', () => {
  const notJson = parseGenesisBytes(Buffer.from('<html>\n\n  <body>oops</body></html>'));
  assert.equal(notJson.ok, false);
  assert.match(notJson.ok ? '' : notJson.problem, /^not JSON \([\s\S]+; starts with "<html> <body>oops<\/body><\/html>"\)$/);
  const notClique = parseGenesisBytes(Buffer.from('{"config":{"chainId":1}}'));
  assert.deepEqual(notClique, { ok: false, problem: 'not a clique genesis: config.clique is missing: not a clique genesis' });
});

test('buildCliqueGenesis: fixed fields, signers and alloc in ascending order, refusals named', () => {
  const c = `0x${'cc'.repeat(20)}`;
  const built = buildCliqueGenesis({ ...baseSpec, signers: [c, a], prefund: [{ address: b, balance: '16' }] });
  assert.equal(built.nonce, '0x0');
  assert.equal(built.timestamp, '0x0');
  assert.equal(built.difficulty, '0x1');
  assert.deepEqual(Object.keys(built.alloc), [a, b, c]);
  assert.deepEqual(built.alloc[b], { balance: '0x10' });
  assert.deepEqual(sortSigners([`0x${'CC'.repeat(20)}`.toLowerCase(), b, a]), sortSigners([a, b, c]));
  assert.ok(serializeGenesis(built).toString().endsWith('}\n'));
  const refusal = (f: () => unknown): string => {
    try {
      f();
    } catch (error) {
      assert.ok(error instanceof GenesisSpecError);
      assert.equal(error.name, 'GenesisSpecError');
      return error.message;
    }
    return 'accepted';
  };
  assert.equal(refusal(() => buildCliqueGenesis({ ...baseSpec, signers: [a], defaultBalance: '1e18' })), 'balance "1e18" is not decimal wei');
  assert.equal(refusal(() => buildCliqueGenesis({ ...baseSpec, signers: [a], defaultBalance: '10x' })), 'balance "10x" is not decimal wei');
  assert.equal(refusal(() => buildCliqueGenesis({ ...baseSpec, signers: [a], defaultBalance: 'x10' })), 'balance "x10" is not decimal wei');
  assert.equal(refusal(() => buildCliqueGenesis({ ...baseSpec, signers: [a], period: -1 })), 'clique period must be an integer >= 0 (got -1)');
  assert.equal(refusal(() => buildCliqueGenesis({ ...baseSpec, signers: [a], epoch: 0 })), 'clique epoch must be an integer >= 1 (got 0)');
  assert.equal(refusal(() => buildCliqueGenesis({ ...baseSpec, signers: [a], gasLimit: 5000 })), 'accepted');
  assert.equal(refusal(() => buildCliqueGenesis({ ...baseSpec, signers: ['0x12'] })), 'signer "0x12" is not a 0x-prefixed 20-byte address');
  assert.equal(refusal(() => buildCliqueGenesis({ ...baseSpec, signers: [12 as unknown as string] })), 'signer "12" is not a 0x-prefixed 20-byte address');
  assert.equal(refusal(() => buildCliqueGenesis({ ...baseSpec, signers: [a], prefund: [{ address: 'nope' }] })), 'prefund address "nope" is not a 0x-prefixed 20-byte address');
});
