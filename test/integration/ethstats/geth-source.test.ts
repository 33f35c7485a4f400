import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createLogger } from '../../../src/log.js';
import { watchGeth } from '../../helpers/geth-watch.js';
import { createReporter } from '../../../src/ethstats/reporter/reporter.js';
import { tempDir } from '../../helpers/tmp.js';
import { startFakeServer } from '../../helpers/ethstats-fakes.js';
import { fastTimings, sleep } from './reporter-helpers.js';

test('geth-source without geth: every call fails fast, nothing hangs or crashes', { timeout: 10_000 }, async (t) => {
  const dir = await tempDir(t);
  const watch = watchGeth({ ipcPath: join(dir, 'missing.ipc'), logger: createLogger({ level: 'silent' }), callTimeoutMs: 300, reconnectDelayMs: 50 });
  t.after(() => watch.close());
  const { source } = watch;
  const unsubscribe = source.onHead(() => undefined);
  const started = Date.now();
  await assert.rejects(source.nodeInfo());
  await assert.rejects(source.headBlock());
  await assert.rejects(source.stats());
  assert.ok(Date.now() - started < 1000);
  await sleep(300);
  unsubscribe();
  await watch.close();
  await assert.rejects(source.pending(), /closed/);
});

test('the reporter never logs the secret, also when refused', { timeout: 10_000 }, async (t) => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (line: string) => void lines.push(line) } });
  const server = await startFakeServer(t, {
    onFrame: (ws, frame) => {
      if (frame.event === 'hello') ws.close(1008, 'unauthorized');
      return true;
    },
  });
  const dir = await tempDir(t);
  const watch = watchGeth({ ipcPath: join(dir, 'missing.ipc'), logger, callTimeoutMs: 200 });
  t.after(() => watch.close());
  const { source } = watch;
  const reporter = createReporter({ target: { name: 'n', secret: 'top-secret-value', host: `ws://127.0.0.1:${server.port}` }, source, logger, timings: fastTimings });
  reporter.start();
  t.after(() => reporter.stop());
  await server.waitFor((f) => f.event === 'hello');
  await sleep(300);
  await reporter.stop();
  assert.ok(lines.length > 0);
  assert.ok(!lines.some((line) => line.includes('top-secret-value')));
});
