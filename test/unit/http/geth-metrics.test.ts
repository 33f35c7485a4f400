import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import Fastify from 'fastify';
import { pino } from 'pino';
import { filterGethMetrics, groupMatcher } from '../../../src/http/geth-metrics-text.js';
import { createGethMetricsCache, gethMetricsCacheFromConfig } from '../../../src/http/geth-metrics.js';
import { parsePrometheusText } from '../../helpers/prom-text.js';

const fixture = (): Promise<string> => readFile(new URL('../../../../test/fixtures/geth-1.13-metrics.txt', import.meta.url), 'utf8');
const none = (): boolean => false;

test('groups: a group is a name prefix, a dotted group narrows it, all keeps everything', () => {
  const match = groupMatcher(['chain.inserts', 'p2p']);
  assert.ok(match('chain_inserts') && match('chain_inserts_count') && match('p2p_peers') && match('p2p'));
  assert.ok(!match('chain_head_block') && !match('p2pfoo') && !match('txpool_pending'));
  assert.ok(groupMatcher(['all'])('anything'));
});

test('real geth 1.13 output: normalized to strict syntax, summaries folded, excluded names skipped', async () => {
  const raw = await fixture();
  assert.throws(() => parsePrometheusText(raw), /malformed sample line|bad value|appears twice|duplicate/, 'geth\'s own output is not strict');
  const all = filterGethMetrics(raw, { groups: ['all'], exclude: none });
  const families = parsePrometheusText(all);
  assert.ok(families.size > 400);
  assert.deepEqual(families.get('geth_info')?.samples[0]?.labels, { arch: 'amd64', os: 'linux', protocols: 'eth/68,snap/1', version: '1.13.15-stable' });
  const without = parsePrometheusText(filterGethMetrics(raw, { groups: ['all'], exclude: (n) => n.startsWith('chain_') }));
  assert.equal([...without.keys()].some((n) => n.startsWith('chain_')), false);
  assert.equal(filterGethMetrics(raw, { groups: ['les'], exclude: none }), '');
});

test('hostile input: never throws, output always strict and free of duplicates', () => {
  const line = fc.oneof(
    fc.string(),
    fc.constantFrom('# TYPE a gauge', '# TYPE a summary', '# TYPE a_count counter', 'a 1', 'a_count 2', 'a {x="1", y="2"} 3', 'a{x="1"} 1', 'a{x="1"} 2', 'a{x="un\\"esc"} 1', 'a{x=1} 1', 'a 1 2 3', 'a NaN', 'a +Inf', '# TYPE a gauge extra', '# TYPE a histogram', '# TYPE a counter', 'a -1', 'a_bucket{le="1"} 2', 'a_bucket{le="+Inf"} 1', 'a_bucket 1', 'a_sum 3', '# TYPE b summary', 'b{quantile="0.5"} 1', 'b_count 1', '# TYPE b_count counter'),
  );
  fc.assert(
    fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
      const out = filterGethMetrics(lines.join('\n'), { groups: ['all'], exclude: none });
      parsePrometheusText(out);
    }),
    { numRuns: 500 },
  );
});

test('cache: fetched on a timer, served from memory, kept on errors, dropped when stale', { timeout: 20_000 }, async (t) => {
  const raw = await fixture();
  let mode: 'ok' | 'fail' | 'hang' = 'ok';
  const server = Fastify();
  server.get('/debug/metrics/prometheus', async (_req, reply) => {
    if (mode === 'fail') return reply.code(500).send('boom');
    if (mode === 'hang') await new Promise((resolve) => setTimeout(resolve, 3000));
    return reply.type('text/plain').send(raw);
  });
  t.after(() => server.close());
  const base = await server.listen({ host: '127.0.0.1', port: 0 });
  let clock = 1_000_000;
  // Good fetches get all the time a loaded machine needs; the timeout is checked by a second
  // cache below, against a server that hangs, so no assertion races the machine's load.
  const cache = createGethMetricsCache({ url: `${base}/debug/metrics/prometheus`, groups: ['p2p'], exclude: none, intervalMs: 1000, timeoutMs: 10_000, logger: pino({ level: 'silent' }), now: () => clock });
  t.after(() => cache.stop());
  assert.equal(cache.text(), '');
  await cache.refresh();
  const first = cache.text();
  assert.match(first, /^# TYPE p2p_/);
  mode = 'fail';
  await cache.refresh();
  assert.equal(cache.text(), first, 'a failed fetch keeps the last good text');
  mode = 'hang';
  const impatient = createGethMetricsCache({ url: `${base}/debug/metrics/prometheus`, groups: ['p2p'], exclude: none, intervalMs: 1000, timeoutMs: 200, logger: pino({ level: 'silent' }), now: () => clock });
  t.after(() => impatient.stop());
  const started = Date.now();
  await impatient.refresh();
  assert.ok(Date.now() - started < 2500, 'the fetch times out');
  assert.equal(impatient.text(), '');
  clock += 3001;
  assert.equal(cache.text(), '', 'older than 3 intervals: not served');
  mode = 'ok';
  cache.start();
  await cache.refresh();
  assert.equal(cache.text(), first);
});

test('cache from config: off without groups; a wildcard bind address is fetched on loopback', { timeout: 10_000 }, async (t) => {
  const logger = pino({ level: 'silent' });
  assert.equal(gethMetricsCacheFromConfig({ gethMetricsAddr: { host: '127.0.0.1', port: 6060 }, gethMetricsIntervalSeconds: 10 }, logger), undefined);
  const seen: string[] = [];
  const server = Fastify();
  server.get('/debug/metrics/prometheus', async () => '# TYPE p2p_peers gauge\np2p_peers 3\n');
  t.after(() => server.close());
  await server.listen({ host: '127.0.0.1', port: 0 });
  const port = (server.server.address() as { port: number }).port;
  const cache = gethMetricsCacheFromConfig({ gethMetricsAddr: { host: '0.0.0.0', port }, gethMetrics: ['p2p'], gethMetricsIntervalSeconds: 10 }, logger);
  assert.ok(cache);
  await cache.refresh();
  seen.push(cache.text());
  assert.deepEqual(seen, ['# TYPE p2p_peers gauge\np2p_peers 3\n']);
});

test('cache: a body over the limit is refused while streaming (announced or not), the last good text kept', { timeout: 10_000 }, async (t) => {
  let mode: 'ok' | 'endless' | 'announced' = 'ok';
  let sent = 0;
  const server = createServer((_req, res) => {
    if (mode === 'ok') return void res.end('# TYPE p2p_peers gauge\np2p_peers 3\n');
    if (mode === 'announced') {
      res.writeHead(200, { 'content-length': String(1 << 30) });
      return void res.write('# TYPE p2p_peers gauge\n');
    }
    res.writeHead(200);
    const pump = (): void => {
      while (!res.destroyed && res.write(Buffer.alloc(64 * 1024, 0x23))) sent += 64 * 1024;
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/debug/metrics/prometheus`;
  const cache = createGethMetricsCache({ url, groups: ['p2p'], exclude: none, intervalMs: 10_000, timeoutMs: 5000, maxBytes: 4096, logger });
  await cache.refresh();
  const good = cache.text();
  assert.match(good, /p2p_peers 3/);
  mode = 'endless';
  await cache.refresh();
  assert.equal(cache.text(), good);
  assert.match(warnings.join(''), /body larger than 4096 bytes/);
  assert.ok(sent < 8 * 1024 * 1024, `${sent} bytes sent before the agent stopped reading`);
  // A good fetch in between: a failing streak is warned about once.
  mode = 'ok';
  await cache.refresh();
  warnings.length = 0;
  mode = 'announced';
  await cache.refresh();
  assert.match(warnings.join(''), /1073741824 bytes announced, more than 4096/);
  assert.equal(cache.text(), good);
});
