import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type fetch from 'node-fetch';
import { fetchBootnodes } from '../../../src/directory/client.js';
import { parseEnode } from '../../../src/config/vars/supervise.js';
import { nastyJson, nearValid } from '../../helpers/fuzz.js';

const id = 'ab'.repeat(64);
const valid = { bootnodes: [`enode://${id}@127.0.0.1:30301`, `enode://${id}@boot-0.boot.svc:30303?discport=30301`, `enode://${id}@[::1]:1`] };
const hosts = fc.constantFrom('a,b', 'a b', 'a%20b', 'a?b', 'a#b', '[::1', '::1', 'a:1', '', '-', 'x'.repeat(300), 'ünï', '1.2.3.4\n');
const bodies = fc.oneof(
  { weight: 3, arbitrary: nearValid(valid) },
  nastyJson,
  fc.array(hosts.map((host) => `enode://${id}@${host}:30303`)).map((bootnodes) => JSON.stringify({ bootnodes })),
  fc.string({ maxLength: 100 }),
);

/** A node-fetch stand-in answering with `body` (json() parses it the way node-fetch does). */
const answering = (status: number, body: string): typeof fetch =>
  (async () => ({ ok: status >= 200 && status < 300, status, json: async () => JSON.parse(body) as unknown })) as unknown as typeof fetch;

test('directory: any reply is a list of enodes usable as GETH_AGENT_BOOTNODES, or an Error (property)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(200, 200, 200, 204, 404, 500, 503), bodies, async (status, body) => {
      let list: string[];
      try {
        list = await fetchBootnodes({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000, fetchImpl: answering(status, body) });
      } catch (error) {
        return assert.ok(error instanceof Error);
      }
      assert.ok(status >= 200 && status < 300);
      for (const enode of list) assert.ok(parseEnode(enode).ok, `accepted ${JSON.stringify(enode)}`);
    }),
    { numRuns: 500 },
  );
});
