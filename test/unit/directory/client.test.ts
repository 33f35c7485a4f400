import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SigningKey, Wallet, hashMessage } from 'ethers';
import { bootnodePublicationMessage } from '../../../src/directory/publication.js';
import { fetchBootnodes, publishBootnode, startPublishing } from '../../../src/directory/client.js';

const enode = `enode://${'a'.repeat(128)}@127.0.0.1:30301`;

async function server(t: { after: (fn: () => Promise<void>) => void }, handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => srv.close(() => resolve())));
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
}

test('fetchBootnodes keeps only well-formed enodes and rejects malformed replies', async (t) => {
  let reply = JSON.stringify({ bootnodes: [enode, 'enode://short@1.2.3.4:1', 42, `${enode}?discport=30302`] });
  const base = await server(t, (_req, res) => res.end(reply));
  assert.deepEqual(await fetchBootnodes({ baseUrl: base, timeoutMs: 2000 }), [enode, `${enode}?discport=30302`]);
  reply = '<html>nope</html>';
  await assert.rejects(fetchBootnodes({ baseUrl: base, timeoutMs: 2000 }));
  reply = JSON.stringify({ other: true });
  await assert.rejects(fetchBootnodes({ baseUrl: base, timeoutMs: 2000 }), /no "bootnodes" list/);
});

test('publishBootnode signs the enode, network and time with the node key; refusals carry the reason; 401 names the variable', async (t) => {
  const seen: Array<{ auth: string | undefined; body: string }> = [];
  const base = await server(t, (req, res, body) => {
    seen.push({ auth: req.headers.authorization, body });
    res.statusCode = req.headers.authorization === 'Bearer s3cret' ? (seen.length === 2 ? 507 : 201) : 401;
    res.end(res.statusCode === 507 ? JSON.stringify({ error: 'boot node directory full' }) : '{}');
  });
  const key = Wallet.createRandom();
  const own = `enode://${key.signingKey.publicKey.slice(4)}@127.0.0.1:0?discport=30301`;
  const options = { baseUrl: base, timeoutMs: 2000, networkSecret: 's3cret', enode: own, network: 4242, nodeKey: key.privateKey, now: () => 1_700_000_000_999 };
  await publishBootnode(options);
  assert.equal(seen[0]?.auth, 'Bearer s3cret');
  const body = JSON.parse(seen[0]?.body ?? '{}') as { enode: string; network: number; timestamp: number; signature: string };
  assert.deepEqual({ ...body, signature: undefined }, { enode: own, network: 4242, timestamp: 1_700_000_000, signature: undefined });
  const signer = SigningKey.recoverPublicKey(hashMessage(bootnodePublicationMessage(body)), body.signature);
  assert.equal(signer, key.signingKey.publicKey, 'signed by the node key of the enode');
  assert.ok(!seen[0]?.body.includes(key.privateKey.slice(2)), 'the key itself is never sent');
  await assert.rejects(publishBootnode(options), /507: boot node directory full/);
  await assert.rejects(publishBootnode({ ...options, networkSecret: 'wrong' }), /401 \(check GETH_AGENT_NETWORK_SECRET\)/);
});

test('startPublishing republishes on its interval until stopped', async (t) => {
  let count = 0;
  const base = await server(t, (_req, res) => {
    count++;
    res.end('{}');
  });
  const publisher = startPublishing({ baseUrl: base, timeoutMs: 2000, networkSecret: 'x', enode, network: 1, nodeKey: Wallet.createRandom().privateKey, intervalMs: 20, logger: pino({ level: 'silent' }) });
  // Each round signs (ethers, a few ms; far more on a loaded machine): wait for three rounds.
  for (let waited = 0; count < 3 && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  publisher.stop();
  const seen = count;
  assert.ok(seen >= 3, `published ${seen} times`);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.ok(count <= seen + 1);
});
