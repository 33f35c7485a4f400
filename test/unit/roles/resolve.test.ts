import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveEnode, resolveEnodes } from '../../../src/roles/resolve.js';

const id = 'a'.repeat(128);

test('resolve: enode host names become IPs; IPs stay; failures name the host', async () => {
  const lookup = async (host: string): Promise<string> => {
    if (host === 'boot.example') return '127.3.0.7';
    if (host === 'v6.example') return 'fd00::1';
    throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
  };
  assert.deepEqual(await resolveEnodes([`enode://${id}@boot.example:30301?discport=30302`, `enode://${id}@127.0.0.1:30303`, `enode://${id}@v6.example:1`], lookup), [
    `enode://${id}@127.3.0.7:30301?discport=30302`,
    `enode://${id}@127.0.0.1:30303`,
    `enode://${id}@[fd00::1]:1`,
  ]);
  await assert.rejects(resolveEnode(`enode://${id}@gone.example:30301`, lookup), /cannot resolve gone\.example.*ENOTFOUND/);
  await assert.rejects(resolveEnode('enode://short@x:1', lookup), /not an enode URL/);
});
