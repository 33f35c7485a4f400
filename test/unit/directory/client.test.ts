import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
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

test('publishBootnode sends the enode with the network secret; 401 names the variable', async (t) => {
  const seen: Array<{ auth: string | undefined; body: string }> = [];
  const base = await server(t, (req, res, body) => {
    seen.push({ auth: req.headers.authorization, body });
    res.statusCode = req.headers.authorization === 'Bearer s3cret' ? 200 : 401;
    res.end('{}');
  });
  await publishBootnode({ baseUrl: base, timeoutMs: 2000, networkSecret: 's3cret', enode });
  assert.deepEqual(seen[0], { auth: 'Bearer s3cret', body: JSON.stringify({ enode }) });
  await assert.rejects(publishBootnode({ baseUrl: base, timeoutMs: 2000, networkSecret: 'wrong', enode }), /401 \(check GETH_AGENT_NETWORK_SECRET\)/);
});

test('startPublishing republishes on its interval until stopped', async (t) => {
  let count = 0;
  const base = await server(t, (_req, res) => {
    count++;
    res.end('{}');
  });
  const publisher = startPublishing({ baseUrl: base, timeoutMs: 2000, networkSecret: 'x', enode, intervalMs: 20, logger: pino({ level: 'silent' }) });
  await new Promise((resolve) => setTimeout(resolve, 150));
  publisher.stop();
  const seen = count;
  assert.ok(seen >= 3, `published ${seen} times`);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.ok(count <= seen + 1);
});
