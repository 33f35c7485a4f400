import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseGethLine, recognize } from '../../../src/geth/log-line.js';
import { reachCounter } from '../../helpers/fuzz.js';

const key = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'self', 'url', 'number', 'hash', 'peercount', 'err', 'k');
const value = fc.oneof(fc.constantFrom('1', '-1', '1,000', '9007199254740993', 'NaN', '0x1', '"a b"', '"\\x41\\u00e9"', '"', '\\', '', `enode://${'a'.repeat(128)}@127.0.0.1:30303`), fc.string({ maxLength: 10 }).map((s) => s.replaceAll(' ', '_')));
const msg = fc.constantFrom('Started P2P networking', 'IPC endpoint opened', 'Successfully sealed new block', 'Imported new chain segment', 'Looking for peers', 'Unclean shutdown detected', 'x');
const line = fc.tuple(fc.constantFrom('INFO', 'WARN', 'ERROR', 'CRIT', 'DEBUG'), msg, fc.array(fc.tuple(key, value), { maxLength: 5 })).map(
  ([level, m, pairs]) => `${level} [01-01|00:00:00.000] ${m.padEnd(40)} ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`,
);

test('geth log lines with prototype keys and odd values: plain string fields, typed events (property)', () => {
  const reached = reachCounter({ 'sealed event': 40, 'p2p-started event': 8, 'no event': 100 });
  fc.assert(
    fc.property(line, (raw) => {
      const parsed = parseGethLine(raw);
      assert.equal(Object.getPrototypeOf(parsed.fields), Object.prototype, 'fields lost their prototype');
      for (const v of Object.values(parsed.fields)) assert.equal(typeof v, 'string');
      const event = recognize(parsed);
      reached.hit(event === undefined ? 'no event' : `${event.kind} event`);
      if (event === undefined) return;
      for (const v of Object.values(event)) assert.ok(typeof v === 'string' || Number.isSafeInteger(v) || v === undefined, `${event.kind}: ${String(v)}`);
    }),
    { numRuns: 1000 },
  );
  reached.assertReached();
});
