import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyHealthQuery } from '../../../src/health/query.js';
import { assertAnswered, requests } from '../../helpers/http-fuzz.js';
import { healthySealer, nodeApp, thresholds } from './fixture.js';
import { reachCounter } from '../../helpers/fuzz.js';

const names = ['minPeers', 'maxBlocksBehind', 'maxHeadAgeSeconds'];
const value = fc.oneof(fc.constantFrom('0', '1', '007', '999999999', '1000000000', '-1', '1.5', '1e3', '0x10', ' 1', '', 'NaN', 'Infinity', '__proto__'), fc.string({ maxLength: 12 }));

test('/health query overrides: thresholds from digits only, else the message for a 400 (property)', () => {
  const reached = reachCounter({ 'thresholds set': 40, '400': 300 });
  fc.assert(
    fc.property(fc.dictionary(fc.oneof(fc.constantFrom(...names, '__proto__', 'constructor', 'toString'), fc.string({ maxLength: 8 })), fc.oneof(value, fc.array(value, { maxLength: 3 }))), (query) => {
      const applied = applyHealthQuery(thresholds, query);
      if ('error' in applied) {
        reached.hit('400');
        return assert.ok(applied.error.length < 200);
      }
      reached.hit('thresholds set');
      for (const name of names) {
        const t = (applied.thresholds as unknown as Record<string, unknown>)[name];
        assert.ok(Number.isSafeInteger(t) && (t as number) >= 0, `${name}: ${String(t)}`);
      }
    }),
    { numRuns: 1000 },
  );
  reached.assertReached();
});

test('node HTTP surface: any request gets a 2xx/4xx/503 JSON answer (never a 500) and the server keeps answering', { timeout: 30_000 }, async () => {
  const { app } = await nodeApp(healthySealer, { status: () => ({ enode: 'enode://x@127.0.0.1:1' }) });
  const queries = fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 6 })), value, { maxKeys: 3 }).map((q) => `/health?${new URLSearchParams(q).toString()}`);
  const seen = new Set<number>();
  await fc.assert(
    fc.asyncProperty(fc.oneof(requests(['/health', '/health/live', '/metrics', '/status', '/']), queries.map((url) => ({ method: 'GET' as const, url }))), async (request) => {
      seen.add(await assertAnswered(app, request, []));
    }),
    { numRuns: 400 },
  );
  for (const status of [200, 400, 404]) assert.ok(seen.has(status), `no ${status}: ${[...seen].join(',')}`);
  assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'still answering');
  assert.equal((await app.inject({ method: 'GET', url: '/health?minPeers=99' })).statusCode, 503);
  await app.close();
});
