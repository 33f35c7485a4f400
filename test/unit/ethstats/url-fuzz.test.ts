import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ethstatsDialUrls, maskEthstats, parseEthstatsUrl } from '../../../src/config/ethstats-url.js';
import { reachCounter } from '../../helpers/fuzz.js';

const SECRET = 's3cr3t-ethstats';
const piece = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('', ':', '@', '/', '[', ']', '[::1]', '::1', ' ', '%', '#', '?', 'ws://', 'wss://', 'http://', 'host', '127.0.0.1', '3000', ':3000', '/api', '\u0000', 'ü'));
const raw = fc.oneof(
  fc.tuple(piece, piece, fc.array(piece, { maxLength: 4 })).map(([name, extra, host]) => `${name}${extra}:${SECRET}@${host.join('')}`),
  fc.array(piece, { maxLength: 8 }).map((a) => a.join('')),
);

test('GETH_AGENT_ETHSTATS: accepted targets dial parseable URLs; a refusal never shows the secret (property)', () => {
  const reached = reachCounter({ refused: 100, 'accepted with the secret': 20 });
  fc.assert(
    fc.property(raw, (text) => {
      const parsed = parseEthstatsUrl(text);
      if (!parsed.ok) {
        reached.hit('refused');
        return assert.ok(!parsed.expected.includes(SECRET));
      }
      reached.hit(parsed.value.secret === SECRET ? 'accepted with the secret' : 'accepted');
      if (parsed.value.secret === SECRET) assert.ok(!maskEthstats(parsed.value).includes(SECRET));
      for (const url of ethstatsDialUrls(parsed.value)) assert.ok(URL.canParse(url), `${JSON.stringify(text)} dials ${url}`);
    }),
    { numRuns: 1000, examples: [[`node-1:${SECRET}@127.0.0.1:3000`], [`n:${SECRET}@wss://stats.example:443/api`], [`:${SECRET}@`]] },
  );
  reached.assertReached();
});
