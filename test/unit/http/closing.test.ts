import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { loadConfig } from '../../../src/config/load.js';
import { healthThresholdsFromConfig } from '../../../src/health/thresholds.js';
import { healthySealer, nodeApp } from './fixture.js';

const get = (url: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });

test('while app.close() is in flight every probe answers 503 (draining), then the listener closes', { timeout: 10_000 }, async (t) => {
  const { app } = await nodeApp(healthySealer, {}, { drainMs: 400 });
  t.after(() => app.close());
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  assert.equal((await get(`${base}/health`)).status, 200);
  const closing = app.close();
  for (const path of ['/health', '/health/live', '/metrics', '/status']) {
    const res = await get(`${base}${path}`);
    assert.equal(res.status, 503, path);
  }
  await closing;
  await assert.rejects(get(`${base}/health`), /ECONNREFUSED/);
});

test('no secret in any response', { timeout: 10_000 }, async () => {
  const secrets = ['net-secret-7f3a9c', 'stats-secret-51bd', 'collector-secret-9e2f'];
  const { config } = loadConfig({
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:1',
    GETH_AGENT_NETWORK_SECRET: secrets[0],
    GETH_AGENT_ETHSTATS: `node1:${secrets[1]}@127.0.0.1:3000`,
    GETH_AGENT_ETHSTATS_SECRET: secrets[2],
  });
  const { app, metrics } = await nodeApp(healthySealer, { thresholds: healthThresholdsFromConfig(config), status: () => ({ enode: 'enode://ab@127.0.0.1:30303' }) });
  metrics.info.set({ role: config.role, network_id: '1', geth_version: '1.13.15', enode: 'enode://ab@127.0.0.1:30303' }, 1);
  for (const url of ['/', '/status', '/health', '/health?minPeers=0', '/health/live', '/metrics', '/health?bogus=1', '/nope']) {
    const res = await app.inject(url);
    for (const secret of secrets) assert.equal(res.body.includes(secret), false, `${url} leaks a secret`);
    for (const secret of secrets) assert.equal(JSON.stringify(res.headers).includes(secret), false);
  }
  await app.close();
});
