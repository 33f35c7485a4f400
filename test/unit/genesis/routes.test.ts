import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { Wallet } from 'ethers';
import { createChallengeStore } from '../../../src/genesis/server/challenges.js';
import { auth, genesisServer, SECRET, signedPublication, signedRegistration } from './helpers.js';

const wallets = (n: number): Wallet[] => Array.from({ length: n }, () => new Wallet(Wallet.createRandom().privateKey));

test('collected mode: 503 + Retry-After until N sealers registered, then the sealed genesis', { timeout: 20_000 }, async (t) => {
  const [w1, w2, w3] = wallets(3) as [Wallet, Wallet, Wallet];
  const { app, genesisPath } = await genesisServer(t, { kind: 'collected', needed: 2 });

  let res = await app.inject({ method: 'GET', url: '/genesis.json' });
  assert.equal(res.statusCode, 503);
  assert.ok(Number(res.headers['retry-after']) > 0);
  assert.match(res.json<{ error: string }>().error, /0 of 2/);
  assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 503);

  res = await app.inject({ method: 'POST', url: '/signers', headers: auth, payload: await signedRegistration(app, w1) });
  assert.equal(res.statusCode, 201);
  assert.deepEqual(res.json(), { address: w1.address, registered: 1, needed: 2, sealed: false });

  res = await app.inject({ method: 'POST', url: '/signers', headers: auth, payload: await signedRegistration(app, w1) });
  assert.equal(res.statusCode, 200, 're-registration is idempotent');
  assert.equal(res.json<{ registered: number }>().registered, 1);

  res = await app.inject({ method: 'POST', url: '/signers', headers: auth, payload: await signedRegistration(app, w2) });
  assert.equal(res.statusCode, 201);
  assert.deepEqual(res.json(), { address: w2.address, registered: 2, needed: 2, sealed: true });

  res = await app.inject({ method: 'GET', url: '/genesis.json' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const stored = await readFile(genesisPath);
  assert.deepEqual(res.rawPayload, stored);
  const sha = createHash('sha256').update(stored).digest('hex');
  assert.equal(res.headers.etag, `"${sha}"`);
  assert.equal(res.headers['x-genesis-sha256'], sha);
  const signers = (res.json<{ extraData: string }>().extraData.slice(66, 66 + 80));
  assert.deepEqual([signers.slice(0, 40), signers.slice(40)].sort(), [w1.address.slice(2).toLowerCase(), w2.address.slice(2).toLowerCase()].sort());

  res = await app.inject({ method: 'GET', url: '/genesis.json', headers: { 'if-none-match': `"${sha}"` } });
  assert.equal(res.statusCode, 304);
  assert.equal(res.body, '');

  res = await app.inject({ method: 'POST', url: '/signers', headers: auth, payload: await signedRegistration(app, w3) });
  assert.equal(res.statusCode, 409, 'a new address after sealing is refused');
  assert.match(res.json<{ error: string }>().error, /clique vote/);
  res = await app.inject({ method: 'POST', url: '/signers', headers: auth, payload: await signedRegistration(app, w2) });
  assert.equal(res.statusCode, 200, 'a known signer may re-register after sealing');

  const meta = (await app.inject({ method: 'GET', url: '/genesis' })).json<{ sha256: string; sealed: boolean; signers: string[] }>();
  assert.equal(meta.sha256, sha);
  assert.equal(meta.sealed, true);
  assert.equal(meta.signers.length, 2);
  assert.deepEqual((await app.inject({ method: 'GET', url: '/signers' })).json<{ needed: number; sealed: boolean }>().sealed, true);
  assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  assert.deepEqual((await app.inject({ method: 'GET', url: '/health/live' })).json(), { status: 'UP' });
});

test('registration refusals: 401 wrong secret, 403 bad signature / reused / unknown / expired challenge, 400 malformed', { timeout: 20_000 }, async (t) => {
  const [w1, w2] = wallets(2) as [Wallet, Wallet];
  const { app, clock, log } = await genesisServer(t, { kind: 'collected', needed: 3 }, { challengeTtlMs: 10_000 });
  const post = (payload: unknown, headers: Record<string, string> = auth) => app.inject({ method: 'POST', url: '/signers', headers, payload: payload as Record<string, string> });

  for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong' }, { authorization: SECRET }, { authorization: `Basic ${SECRET}` }]) {
    const res = await post(await signedRegistration(app, w1), headers);
    assert.equal(res.statusCode, 401);
    assert.match(res.json<{ error: string }>().error, /secret/);
    assert.equal((await app.inject({ method: 'GET', url: '/signers/challenge', headers })).statusCode, 401);
  }

  const forOther = await signedRegistration(app, w2, w1.address);
  assert.equal((await post(forOther)).statusCode, 403, 'a signature by another key');

  const good = await signedRegistration(app, w1);
  assert.equal((await post(good)).statusCode, 201);
  assert.equal((await post(good)).statusCode, 403, 'a challenge is single-use');
  assert.equal((await post({ ...good, challenge: `0x${'12'.repeat(32)}` })).statusCode, 403, 'unknown challenge');

  const late = await signedRegistration(app, w2);
  clock.now += 10_001;
  assert.equal((await post(late)).statusCode, 403, 'expired challenge');

  const fresh = await signedRegistration(app, w2);
  for (const bad of [
    { ...fresh, address: '0x1234' },
    { ...fresh, address: w2.address.replace(/[a-f]/, (c) => c.toUpperCase()).replace(/[A-F]/, (c) => c.toLowerCase()) === w2.address ? '0xZZ' : '0xAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
    { ...fresh, signature: '0x00' },
    { ...fresh, extra: 1 },
    { address: fresh.address },
    'not json',
    [],
  ]) {
    const res = await post(bad);
    assert.equal(res.statusCode, bad === 'not json' ? 415 : 400, JSON.stringify(bad));
    assert.ok(typeof res.json<{ error: string }>().error === 'string');
  }
  const big = await app.inject({ method: 'POST', url: '/signers', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ ...fresh, pad: 'x'.repeat(100_000) }) });
  assert.equal(big.statusCode, 413);
  const badJson = await app.inject({ method: 'POST', url: '/signers', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"address":' });
  assert.equal(badJson.statusCode, 400);
  assert.equal((await app.inject({ method: 'GET', url: '/nope' })).statusCode, 404);
  assert.ok(!log.text().includes(SECRET), 'the network secret never reaches the log');
});

test('static mode: a listed signer is accepted (200), any other address refused (409)', { timeout: 20_000 }, async (t) => {
  const [w1, w2] = wallets(2) as [Wallet, Wallet];
  const { app } = await genesisServer(t, { kind: 'static', signers: [w1.address] });
  assert.equal((await app.inject({ method: 'GET', url: '/genesis.json' })).statusCode, 200);
  const ok = await app.inject({ method: 'POST', url: '/signers', headers: auth, payload: await signedRegistration(app, w1) });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), { address: w1.address, registered: 1, needed: 1, sealed: true });
  assert.equal((await app.inject({ method: 'POST', url: '/signers', headers: auth, payload: await signedRegistration(app, w2) })).statusCode, 409);
});

test('a flood of challenges voids no outstanding one; used-up ones are bounded (429, counted), refusals use none up', { timeout: 30_000 }, async (t) => {
  const [w1, w2, w3, w4] = wallets(4) as [Wallet, Wallet, Wallet, Wallet];
  const { app, refusals } = await genesisServer(t, { kind: 'collected', needed: 2 }, { usedCap: 2 });
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/signers', headers: auth, payload: payload as Record<string, string> });
  const first = await signedRegistration(app, w1);
  for (let i = 0; i < 3000; i++) await app.inject({ method: 'GET', url: '/signers/challenge', headers: auth });
  assert.equal((await post(first)).statusCode, 201, 'the challenge issued before the flood still works');

  // Sealed with w1 and w2; a refused address (409) uses up no challenge, so a flood of new keys
  // cannot fill the memory of used challenges.
  assert.equal((await post(await signedRegistration(app, w2))).statusCode, 201);
  for (const stranger of [w3, w4, ...wallets(3)]) assert.equal((await post(await signedRegistration(app, stranger))).statusCode, 409);
  assert.deepEqual(refusals, []);
  const full = await post(await signedRegistration(app, w1));
  assert.equal(full.statusCode, 429, 'two remembered challenges: the cap');
  assert.ok(Number(full.headers['retry-after']) > 0);
  assert.deepEqual(refusals, ['challenges_used']);
});

test("challenges: the server's MAC binds the expiry; a forged or altered challenge is unknown (property)", () => {
  let now = 5_000_000;
  const store = createChallengeStore({ ttlMs: 1_000, now: () => now, usedCap: 10 });
  const { challenge, expiresInSeconds } = store.issue();
  assert.equal(expiresInSeconds, 1);
  assert.match(challenge, /^0x[0-9a-f]{64}$/);
  let altered = 0;
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 65 }), fc.constantFrom(...'0123456789abcdef'), (index, digit) => {
      const forged = `${challenge.slice(0, index)}${digit}${challenge.slice(index + 1)}`;
      if (forged === challenge) return;
      altered += 1;
      assert.equal(store.check(forged), 'invalid');
    }),
    { numRuns: 300, examples: [[2, challenge[2] === 'f' ? '0' : 'f'], [65, challenge[65] === '0' ? '1' : '0']] },
  );
  assert.ok(altered > 100, `altered ${altered} challenges`);
  assert.equal(createChallengeStore({ ttlMs: 1_000, now: () => now }).check(challenge), 'invalid', 'another server key');
  assert.equal(store.consume(challenge), 'ok');
  assert.equal(store.consume(challenge), 'used');
  now += 1_000;
  assert.equal(store.check(challenge), 'expired');
  assert.equal(store.size(), 0, 'used challenges are forgotten once expired');
});

test('boot-node directory: signed publications, keyed by node id, moved only by the key owner, expire after the TTL', { timeout: 20_000 }, async (t) => {
  const { app, clock, refusals } = await genesisServer(t, { kind: 'static', signers: [Wallet.createRandom().address] }, { bootTtlMs: 30_000 });
  const publish = (body: unknown, headers = auth) => app.inject({ method: 'POST', url: '/bootnodes', headers, payload: body as Record<string, string> });
  const list = async () => (await app.inject({ method: 'GET', url: '/bootnodes' })).json<{ bootnodes: string[] }>().bootnodes;
  const [a, b, attacker] = wallets(3) as [Wallet, Wallet, Wallet];

  const first = await signedPublication(a, '127.0.0.1');
  assert.equal((await publish(first, { authorization: 'Bearer nope' })).statusCode, 401, 'the network secret stays required');
  const unsigned = await publish({ enode: first.enode });
  assert.equal(unsigned.statusCode, 400);
  assert.match(unsigned.json<{ error: string }>().error, /unsigned publication refused.*\{enode, network, timestamp, signature\}.*node key/);
  let res = await publish(first);
  assert.equal(res.statusCode, 201);
  assert.deepEqual(res.json(), { enode: first.enode, status: 'added' });
  assert.deepEqual((await publish(first)).json(), { enode: first.enode, status: 'refreshed' }, 'the same publication again refreshes');
  clock.now += 5_000;
  const other = await signedPublication(b, '127.3.0.2', { at: clock.now });
  assert.equal((await publish(other)).statusCode, 201);

  // Re-pointing a's id: signed by another key, or with a's signature over other fields.
  const victim = a.signingKey.publicKey.slice(4);
  assert.equal((await publish(await signedPublication(attacker, '169.254.169.254', { id: victim, at: clock.now }))).statusCode, 422, 'the address is refused first');
  res = await publish(await signedPublication(attacker, '127.9.9.9', { id: victim, at: clock.now }));
  assert.equal(res.statusCode, 403);
  assert.match(res.json<{ error: string }>().error, /does not prove the node key/);
  assert.equal((await publish({ ...first, enode: first.enode.replace('127.0.0.1', '127.0.0.9') })).statusCode, 403, 'the signature covers the enode');

  clock.now += 15_000;
  const moved = await signedPublication(a, '127.3.0.9', { port: 30309, at: clock.now });
  res = await publish(moved);
  assert.deepEqual(res.json(), { enode: moved.enode, status: 'moved' }, 'the owner moves its own entry');
  assert.equal((await publish(first)).statusCode, 409, 'replaying the older publication cannot move it back');
  assert.deepEqual(await list(), [moved.enode, other.enode], 'longest-standing first');
  clock.now += 15_001;
  assert.deepEqual(await list(), [moved.enode], 'b expired');

  res = await publish(await signedPublication(b, '127.3.0.2', { network: 1, at: clock.now }));
  assert.equal(res.statusCode, 403);
  assert.match(res.json<{ error: string }>().error, /network 1; this server serves network 4242/);
  res = await publish(await signedPublication(b, '127.3.0.2', { at: clock.now - 121_000 }));
  assert.equal(res.statusCode, 403);
  assert.match(res.json<{ error: string }>().error, /-121 s from this server's clock/);
  const id = 'a'.repeat(128);
  for (const bad of ['enode://abc@1.2.3.4:1', `enode://${id}@127.0.0.1:1x`, `enode://${id}@host_name:1`, `enode://${id}@1.2.3.4:99999`, `enode://${id}@boot.example:1`]) {
    res = await publish({ ...first, enode: bad });
    assert.equal(res.statusCode, 400, bad);
  }
  for (const bad of [{ ...first, network: '4242' }, { ...first, timestamp: 1.5 }, { ...first, signature: '0x00' }, { ...first, extra: 1 }]) {
    assert.equal((await publish(bad)).statusCode, 400, JSON.stringify(bad));
  }
  assert.deepEqual(refusals, ['directory_address'], 'only limit refusals are counted');
});

test('boot-node directory: unreachable and special addresses are refused (422, counted); loopback only on a loopback server; NETRESTRICT applies', { timeout: 30_000 }, async (t) => {
  const open = await genesisServer(t, { kind: 'static', signers: [Wallet.createRandom().address] }, { listenHost: '0.0.0.0' });
  const publish = async (app: typeof open.app, host: string) => app.inject({ method: 'POST', url: '/bootnodes', headers: auth, payload: await signedPublication(wallets(1)[0] as Wallet, host) });
  const refused = ['169.254.169.254', '169.254.0.1', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '255.255.255.255', '240.0.0.1', '::', 'fe80::1', 'febf::1', 'ff02::1', '::ffff:169.254.169.254', '127.0.0.1', '::1', '::ffff:127.0.0.1'];
  for (const host of refused) {
    const res = await publish(open.app, host);
    assert.equal(res.statusCode, 422, host);
    assert.match(res.json<{ error: string }>().error, /(link-local|unspecified|multicast|reserved|loopback) address/, host);
  }
  assert.deepEqual(open.refusals, Array(refused.length).fill('directory_address'));
  for (const host of ['10.1.2.3', '192.168.1.1', 'fd00::1', '203.0.113.7', 'fec0::1']) assert.equal((await publish(open.app, host)).statusCode, 201, host);

  const restricted = await genesisServer(t, { kind: 'static', signers: [Wallet.createRandom().address] }, { netrestrict: ['127.0.0.0/8', 'fd00::/8'] });
  assert.equal((await publish(restricted.app, '127.0.0.1')).statusCode, 201, 'loopback on a loopback server, inside NETRESTRICT');
  assert.equal((await publish(restricted.app, 'fd00::7')).statusCode, 201);
  const outside = await publish(restricted.app, '10.0.0.1');
  assert.equal(outside.statusCode, 422);
  assert.match(outside.json<{ error: string }>().error, /outside GETH_AGENT_NETRESTRICT \(127\.0\.0\.0\/8,fd00::\/8\)/);
  assert.deepEqual(restricted.refusals, ['directory_netrestrict']);
});

test('boot-node directory: when full, a new id is refused (507 + Retry-After, counted); listed ones keep refreshing; room again after expiry', { timeout: 20_000 }, async (t) => {
  const { app, clock, refusals } = await genesisServer(t, { kind: 'static', signers: [Wallet.createRandom().address] }, { bootCap: 3, bootTtlMs: 30_000 });
  const publish = async (w: Wallet, host: string) => app.inject({ method: 'POST', url: '/bootnodes', headers: auth, payload: await signedPublication(w, host, { at: clock.now }) });
  const legit = wallets(3);
  for (const [i, w] of legit.entries()) assert.equal((await publish(w, `127.0.1.${i + 1}`)).statusCode, 201);
  clock.now += 10_000;
  for (const w of wallets(5)) {
    const res = await publish(w, '127.0.9.9');
    assert.equal(res.statusCode, 507);
    assert.match(res.json<{ error: string }>().error, /directory full \(3 live node ids, GETH_AGENT_BOOTNODE_DIRECTORY_MAX\)/);
    assert.equal(res.headers['retry-after'], '20', 'until the oldest entry expires');
  }
  assert.deepEqual(refusals, Array(5).fill('directory_full'));
  for (const [i, w] of legit.entries()) assert.equal((await publish(w, `127.0.1.${i + 1}`)).statusCode, 200, 'a listed id refreshes');
  assert.equal((await app.inject({ method: 'GET', url: '/bootnodes' })).json<{ bootnodes: string[] }>().bootnodes.length, 3);
  clock.now += 30_001;
  assert.equal((await publish(wallets(1)[0] as Wallet, '127.0.9.9')).statusCode, 201, 'expired entries make room');
});

test('property: random bodies to POST /signers and /bootnodes never produce a 5xx', { timeout: 60_000 }, async (t) => {
  const { app } = await genesisServer(t, { kind: 'collected', needed: 2 });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('/signers', '/bootnodes'), fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify({ address: v, challenge: v, signature: v, enode: v }))), async (url, payload) => {
      const res = await app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json' }, payload });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url} ${payload} -> ${res.statusCode}`);
    }),
    { numRuns: 200 },
  );
});
