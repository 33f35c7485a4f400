import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Wallet } from 'ethers';
import { auth, genesisServer, SECRET, signedRegistration } from './helpers.js';
import { nearValid } from '../../helpers/fuzz.js';
import { assertAnswered, requests } from '../../helpers/http-fuzz.js';

const paths = ['/genesis.json', '/genesis', '/signers', '/signers/challenge', '/bootnodes', '/health', '/health/live'];
const enode = `enode://${'a'.repeat(128)}@127.0.0.1:30303`;

test('genesis server: any request gets a 2xx/3xx/4xx/503 JSON answer, never a 500 or the secret, and the server keeps answering', { timeout: 60_000 }, async (t) => {
  const wallet = new Wallet(Wallet.createRandom().privateKey);
  const collecting = await genesisServer(t, { kind: 'collected', needed: 2 });
  const sealed = await genesisServer(t, { kind: 'static', signers: [wallet.address] });
  const registration = await signedRegistration(collecting.app, wallet);
  const bodies = fc.oneof(nearValid(registration), nearValid({ enode }), fc.constantFrom(JSON.stringify(registration), JSON.stringify({ enode })));
  const headers = fc.record(
    {
      authorization: fc.constantFrom(auth.authorization, auth.authorization, `Bearer ${SECRET} `, 'Bearer', 'Basic x', `bearer ${SECRET}`, ''),
      'if-none-match': fc.constantFrom('*', '"x"', 'W/"x", *', ',,,', `${'"a",'.repeat(2000)}`),
    },
    { requiredKeys: [] },
  );
  const seen = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('collecting', 'sealed'), requests(paths, bodies, headers), async (which, request) => {
      const status = await assertAnswered((which === 'sealed' ? sealed : collecting).app, request, [SECRET]);
      seen.set(status, (seen.get(status) ?? 0) + 1);
    }),
    { numRuns: 300 },
  );
  for (const { app } of [collecting, sealed]) {
    assert.equal((await app.inject({ method: 'GET', url: '/signers' })).statusCode, 200, 'still answering');
    assert.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200);
  }
  // The sweep reached the handlers, not only the 404 and 400 paths.
  for (const status of [200, 400, 401, 404]) assert.ok((seen.get(status) ?? 0) > 0, `no ${status} in ${JSON.stringify([...seen])}`);
  // Near-valid registrations, authenticated, reach the signature check.
  await fc.assert(
    fc.asyncProperty(fc.oneof(nearValid(registration), fc.constant(JSON.stringify(registration))), async (payload) => {
      const status = await assertAnswered(collecting.app, { method: 'POST', url: '/signers', headers: { ...auth, 'content-type': 'application/json' }, payload }, [SECRET]);
      seen.set(status, (seen.get(status) ?? 0) + 1);
    }),
    { numRuns: 200 },
  );
  assert.ok((seen.get(403) ?? 0) > 0, 'no near-valid registration reached the signature check');
  const other = await signedRegistration(collecting.app, new Wallet(Wallet.createRandom().privateKey));
  const res = await collecting.app.inject({ method: 'POST', url: '/signers', headers: auth, payload: other });
  assert.equal(res.statusCode, 201, 'registration still works after the sweep');
});
