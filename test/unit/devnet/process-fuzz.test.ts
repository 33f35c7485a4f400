import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { consoleLine } from '../../../src/devnet/process.js';
import { reachCounter } from '../../helpers/fuzz.js';

test('devnet console: any line a child prints is shown, summarized or skipped, never a throw (property)', () => {
  const text = fc.string({ maxLength: 20 });
  const pino = fc.record({ level: fc.constantFrom('info', 'warn', 'error', 'fatal', 'debug'), component: fc.constantFrom('geth', 'http', 'watchdog'), msg: text, err: fc.record({ message: text }) }, { requiredKeys: [] });
  const line = fc.oneof(text, fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), pino.map((p) => JSON.stringify(p)), fc.constantFrom('null', '0', '[]', '"x"', 'true', '{"err":null}', '{"level":null}'));
  const reached = reachCounter({ shown: 100, skipped: 20 });
  fc.assert(
    fc.property(line, (raw) => {
      const shown = consoleLine('sealer-1', raw);
      reached.hit(shown === undefined ? 'skipped' : 'shown');
      if (shown !== undefined) assert.match(shown, /^\[sealer-1\] /);
    }),
    { numRuns: 500 },
  );
  reached.assertReached();
});
