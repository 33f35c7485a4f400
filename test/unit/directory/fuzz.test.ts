import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type fetch from 'node-fetch';
import { fetchBootnodes } from '../../../src/directory/client.js';
import { parseEnode } from '../../../src/config/vars/supervise.js';
import { isBugError, nastyJson, nearValid, reachCounter } from '../../helpers/fuzz.js';

const id = 'ab'.repeat(64);
const valid = { bootnodes: [`enode://${id}@127.0.0.1:30301`, `enode://${id}@boot-0.boot.svc:30303?discport=30301`, `enode://${id}@[::1]:1`] };
const hosts = fc.constantFrom('a,b', 'a b', 'a%20b', 'a?b', 'a#b', '[::1', '::1', 'a:1', '', '-', 'x'.repeat(300), 'ünï', '1.2.3.4\n');
const bodies = fc.oneof(
  { weight: 3, arbitrary: nearValid(valid) },
  nastyJson,
  fc.array(hosts.map((host) => `enode://${id}@${host}:30303`)).map((bootnodes) => JSON.stringify({ bootnodes })),
  fc.string({ maxLength: 100 }),
);

/**
 * A node-fetch stand-in answering with `body`: json() parses it the way node-fetch does (a
 * SyntaxError for a body that is not JSON; `parseErrors` records those, the only SyntaxErrors the
 * property lets through), text() and the body stream give the raw bytes.
 */
const answering = (status: number, body: string, parseErrors: Set<unknown>): typeof fetch =>
  (async () => ({
    ok: status >= 200 && status < 300,
    status,
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => body,
    body: (async function* chunks() {
      yield Buffer.from(body);
    })(),
    json: async () => {
      try {
        return JSON.parse(body) as unknown;
      } catch (error) {
        parseErrors.add(error);
        throw error;
      }
    },
  })) as unknown as typeof fetch;

test('directory: any reply is a list of enodes usable as GETH_AGENT_BOOTNODES, or an Error (property)', async () => {
  const reached = reachCounter({ 'listed enodes': 50, 'listed none': 10, refused: 100 });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(200, 200, 200, 204, 404, 500, 503), bodies, async (status, body) => {
      const parseErrors = new Set<unknown>();
      let list: string[];
      try {
        list = await fetchBootnodes({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000, fetchImpl: answering(status, body, parseErrors) });
      } catch (error) {
        // A TypeError or RangeError means fetchBootnodes trusted the shape of the reply.
        if (!parseErrors.has(error)) assert.ok(error instanceof Error && !isBugError(error), String(error));
        assert.ok((error as Error).message.length > 0 && (error as Error).message.length < 600);
        return reached.hit('refused');
      }
      assert.ok(status >= 200 && status < 300);
      assert.ok(Array.isArray(list));
      for (const enode of list) assert.ok(typeof enode === 'string' && parseEnode(enode).ok, `accepted ${JSON.stringify(enode)}`);
      reached.hit(list.length > 0 ? 'listed enodes' : 'listed none');
    }),
    { numRuns: 500, examples: [[200, JSON.stringify(valid)], [200, '{"bootnodes":[1,null,{}]}'], [200, '{"bootnodes":"x"}'], [200, 'null'], [200, '{"bootnodes":[]}']] },
  );
  reached.assertReached();
});
