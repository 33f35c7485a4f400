import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEnode as configEnode } from '../../../src/config/vars/supervise.js';
import { parseEnode as publishedEnode } from '../../../src/genesis/server/bootnodes.js';
import { resolveLists, type ResolveHost, type ResolutionBounds, type Resolved } from '../../../src/roles/resolve.js';

/** One list, as the genesis server's list is resolved (capped at maxNodes). */
const resolveBounded = async (enodes: readonly string[], lookup: ResolveHost, bounds: ResolutionBounds): Promise<Resolved> =>
  (await resolveLists({ served: { enodes, maxNodes: bounds.maxNodes } }, lookup, bounds)).served;

// A valid node id (the public key of private key 1), and ids that are not.
const validId = '79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8';
const id = fc.constantFrom(validId, validId.toUpperCase(), 'a'.repeat(128), 'AB'.repeat(64), 'a'.repeat(127), 'g'.repeat(128));
const host = fc.oneof(fc.constantFrom('127.0.0.1', '[::1]', '::1', '[fd00::1]', 'boot-0.boot.svc', 'a,b', 'a_b', '-a', 'a.', '', '[', '[::1', '999.1.1.1', 'x'.repeat(70)), fc.domain(), fc.ipV4(), fc.ipV6().map((ip) => `[${ip}]`));
const port = fc.constantFrom('30303', '0', '65535', '65536', '99999', '', '-1', '30303?discport=30301', '1?discport=', '1?x=1');
const enodes = fc.oneof(fc.tuple(id, host, port).map(([i, h, p]) => `enode://${i}@${h}:${p}`), fc.string({ maxLength: 40 }));

test('enodes: every one the genesis server publishes is one a node keeps; whatever resolution answers, a kept enode is valid (property)', async () => {
  const answers = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant('boom'), fc.constant('not-an-ip'));
  let keptSome = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(enodes, { maxLength: 5 }), answers, async (list, answer) => {
      for (const enode of list) {
        const published = publishedEnode(enode);
        if (published.ok) assert.ok(configEnode(published.enode).ok, `published ${published.enode} is dropped by nodes`);
      }
      const lookup = async (): Promise<string> => {
        if (answer === 'boom') throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
        return answer;
      };
      const { kept, dropped } = await resolveBounded(list.filter((e) => configEnode(e).ok), lookup, { deadlineMs: 1_000, nameTimeoutMs: 500, maxNames: 2, maxNodes: 3 });
      for (const enode of kept) assert.ok(configEnode(enode).ok, enode);
      assert.ok(kept.length <= 3);
      keptSome += kept.length > 0 ? 1 : 0;
      for (const d of dropped) assert.equal(typeof d.reason, 'string');
    }),
    { numRuns: 500, examples: [[[`enode://${validId}@boot.example:30303`], '127.0.0.2']] },
  );
  assert.ok(keptSome > 0, 'some runs kept an enode');
});
