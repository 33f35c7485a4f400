import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { cpuSecondsFromStat, readProcessUsage, residentBytesFromStatus } from '../../../src/metrics/geth-process.js';
import { DROPPED_DEFAULT_METRICS, registerProcessMetrics } from '../../../src/metrics/process.js';
import { parsePrometheusText, sampleValue } from '../../helpers/prom-text.js';

test('Node.js and process metrics keep their standard names; no gauge ends in _total', async () => {
  const registry = new Registry();
  const lag = registerProcessMetrics({ registry });
  try {
    const families = parsePrometheusText(await registry.metrics());
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_gc_duration_seconds', 'nodejs_version_info', 'nodejs_active_handles']) {
      assert.ok(families.has(name), name);
    }
    for (const family of families.values()) {
      assert.match(family.name, /^(process|nodejs)_/, 'no prefix');
      if (family.type !== 'counter') assert.doesNotMatch(family.name, /_total$/, family.name);
    }
    for (const name of DROPPED_DEFAULT_METRICS) assert.equal(families.has(name), false, name);
  } finally {
    lag.close();
  }
});

test('event-loop lag is lag: the sampling period is subtracted, and a blocked loop shows', async () => {
  const registry = new Registry();
  const resolutionMs = 20;
  const lag = registerProcessMetrics({ registry, eventLoopResolutionMs: resolutionMs });
  try {
    await registry.metrics();
    await sleep(400);
    const idle = parsePrometheusText(await registry.metrics());
    // Each sample is period + lag: the smallest of ~20 samples of an idle loop is far below one period.
    const min = sampleValue(idle, 'nodejs_eventloop_lag_min_seconds') as number;
    assert.ok(min >= 0 && min < resolutionMs / 1000, `idle min lag ${min} s`);
    assert.ok((sampleValue(idle, 'nodejs_eventloop_lag_p50_seconds') as number) < resolutionMs / 1000, 'the median of an idle loop is under one period');
    // The histogram's reset (each scrape) forgets the last tick: let one tick pass before blocking.
    await sleep(3 * resolutionMs);
    const until = performance.now() + 150;
    while (performance.now() < until) {
      // A synchronous block of 150 ms: the next tick comes that late.
    }
    await sleep(3 * resolutionMs);
    const blocked = parsePrometheusText(await registry.metrics());
    assert.ok((sampleValue(blocked, 'nodejs_eventloop_lag_max_seconds') as number) >= 0.1, 'a 150 ms block is seen');
  } finally {
    lag.close();
  }
});

test('geth\'s CPU and memory from /proc: parsers, and this process read as a stand-in', async () => {
  const stat = '4242 (geth (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 12 0 100 0 0';
  assert.equal(cpuSecondsFromStat(stat), 3);
  assert.equal(cpuSecondsFromStat('garbage'), undefined);
  assert.equal(residentBytesFromStatus('Name:\tgeth\nVmRSS:\t  2048 kB\n'), 2048 * 1024);
  assert.equal(residentBytesFromStatus('Name:\tgeth\n'), undefined);
  const own = await readProcessUsage(process.pid);
  assert.ok(own !== undefined && own.residentBytes > 1_000_000 && own.cpuSeconds > 0, JSON.stringify(own));
  assert.equal(await readProcessUsage(2 ** 30), undefined, 'no such process: no reading, no throw');
});
