import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEnode as configEnode } from '../../../src/config/vars/supervise.js';
import { parseEnode as publishedEnode } from '../../../src/genesis/server/bootnodes.js';
import { resolveEnode } from '../../../src/roles/resolve.js';
import { isBugError, reachCounter } from '../../helpers/fuzz.js';

const id = fc.constantFrom('a'.repeat(128), 'AB'.repeat(64), 'a'.repeat(127), 'g'.repeat(128));
const host = fc.oneof(fc.constantFrom('127.0.0.1', '[::1]', '::1', '[fd00::1]', 'boot-0.boot.svc', 'a,b', 'a_b', '-a', 'a.', '', '[', '[::1', '999.1.1.1', 'x'.repeat(70)), fc.domain(), fc.ipV4(), fc.ipV6().map((ip) => `[${ip}]`));
const port = fc.constantFrom('30303', '0', '65535', '65536', '99999', '', '-1', '30303?discport=30301', '1?discport=', '1?x=1');
const enodes = fc.oneof(fc.tuple(id, host, port).map(([i, h, p]) => `enode://${i}@${h}:${p}`), fc.string({ maxLength: 40 }));

test('enodes: every one the genesis server publishes is one a node keeps and can resolve (property)', async () => {
  const answers = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant('boom'));
  const reached = reachCounter({ published: 20, 'not kept': 200, resolved: 30, unresolvable: 4 });
  await fc.assert(
    fc.asyncProperty(enodes, answers, async (enode, answer) => {
      const published = publishedEnode(enode);
      if (published.ok) assert.ok(configEnode(published.enode).ok, `published ${published.enode} is dropped by nodes`);
      if (published.ok) reached.hit('published');
      if (!configEnode(enode).ok) return reached.hit('not kept');
      const lookup = async (): Promise<string> => {
        if (answer === 'boom') throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
        return answer;
      };
      try {
        assert.ok(configEnode(await resolveEnode(enode, lookup)).ok);
        reached.hit('resolved');
      } catch (error) {
        assert.ok(error instanceof Error && !isBugError(error) && /cannot resolve|not an enode/.test(error.message), String(error));
        reached.hit('unresolvable');
      }
    }),
    { numRuns: 1000 },
  );
  reached.assertReached();
});
