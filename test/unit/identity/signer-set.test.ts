import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet } from 'ethers';
import { assertSignerInGenesis } from '../../../src/identity/signer-set.js';
import { RefusedDataError } from '../../../src/errors.js';

test('assertSignerInGenesis accepts a member in any case and refuses others naming address and set (65)', () => {
  const [a, b, c] = [Wallet.createRandom().address, Wallet.createRandom().address, Wallet.createRandom().address];
  assertSignerInGenesis(a, [b, a.toLowerCase()]);
  assert.throws(
    () => assertSignerInGenesis(c, [a, b]),
    (error: unknown) => error instanceof RefusedDataError && error.exitCode === 65 && error.message.includes(c) && error.message.includes(`${a}, ${b}`) && /not in the signer set/.test(error.message),
  );
  assert.throws(() => assertSignerInGenesis(c, []), /empty set/);
});
