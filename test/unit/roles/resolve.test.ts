import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastGoodResolver, resolveEnode, resolveEnodes, resolveEnodesSkipping } from '../../../src/roles/resolve.js';

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

test('resolve: one enode whose name does not resolve is left out (and reported), the others still go to geth', async () => {
  const lookup = async (host: string): Promise<string> => {
    if (host === 'boot.example') return '127.3.0.7';
    throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
  };
  const dropped: string[] = [];
  const kept = await resolveEnodesSkipping([`enode://${id}@gone.example:1`, `enode://${id}@boot.example:2`, `enode://${id}@127.0.0.1:3`], lookup, (enode, error) => dropped.push(`${enode} ${error.message}`));
  assert.deepEqual(kept, [`enode://${id}@127.3.0.7:2`, `enode://${id}@127.0.0.1:3`]);
  assert.equal(dropped.length, 1);
  assert.match(dropped[0] as string, /gone\.example:1 cannot resolve gone\.example.*ENOTFOUND/);
});

test('resolve: the advertised name keeps its last address while it does not resolve; a name that never resolved still fails', async () => {
  let answer: string | undefined = '10.89.0.6';
  const lookup = async (host: string): Promise<string> => {
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo EAI_AGAIN ${host}`), { code: 'EAI_AGAIN' });
    return answer;
  };
  const stale: string[] = [];
  const resolve = lastGoodResolver(lookup, (host, ip) => stale.push(`${host} ${ip}`));
  await assert.rejects(lastGoodResolver(async () => Promise.reject(new Error('EAI_AGAIN')), () => undefined)('sealer-3'), /EAI_AGAIN/);
  assert.equal(await resolve('sealer-3'), '10.89.0.6');
  answer = undefined;
  assert.equal(await resolve('sealer-3'), '10.89.0.6', 'cut off: the last address');
  assert.deepEqual(stale, ['sealer-3 10.89.0.6']);
  await assert.rejects(resolve('other'), /EAI_AGAIN other/);
  answer = '10.89.0.9';
  assert.equal(await resolve('sealer-3'), '10.89.0.9', 'resolves again: the new address');
});
