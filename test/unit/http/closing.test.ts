import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { loadConfig } from '../../../src/config/load.js';
import { healthThresholdsFromConfig } from '../../../src/health/thresholds.js';
import { createStateStore } from '../../../src/state/store.js';
import { startNodeHttp } from '../../../src/roles/node-http.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { freePorts } from '../../helpers/ports.js';
import { healthySealer, nodeApp, now } from './fixture.js';

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

test('no secret in any response of the node HTTP side, started as the agent starts it (startNodeHttp)', { timeout: 10_000 }, async (t) => {
  const nodeKey = `${'4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'}`;
  const accountKey = `${'8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f'}`;
  const secrets = ['net-secret-7f3a9c', 'stats-secret-51bd', 'collector-secret-9e2f', 'keystore-pass-0c3d', nodeKey, accountKey];
  const [port] = await freePorts(1);
  const { config } = loadConfig({
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_LISTEN: `127.0.0.1:${String(port)}`,
    GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:1',
    GETH_AGENT_NETWORK_SECRET: secrets[0] as string,
    GETH_AGENT_ETHSTATS: `node1:${secrets[1] as string}@127.0.0.1:3000`,
    GETH_AGENT_ETHSTATS_SECRET: secrets[2] as string,
    GETH_AGENT_PASSWORD: secrets[3] as string,
    GETH_AGENT_NODE_KEY: nodeKey,
    GETH_AGENT_PRIVATE_KEY: accountKey,
  });
  const { logger, lines } = captureLogger('trace');
  const http = await startNodeHttp({
    config, logger, role: 'sealer', store: createStateStore(healthySealer, () => now), now: () => now,
    thresholds: () => healthThresholdsFromConfig(config),
    liveness: () => ({ ok: true }),
    status: () => ({ enode: 'enode://ab@127.0.0.1:30303', decisions: [{ at: now, action: 'restart', reason: 'peer decay' }] }),
  });
  t.after(() => http.close());
  http.metrics.info.set({ role: config.role, network_id: '1', geth_version: '1.13.15', enode: 'enode://ab@127.0.0.1:30303' }, 1);
  const answered = new Set<number>();
  for (const path of ['/', '/status', '/health', '/health?minPeers=0', '/health/live', '/metrics', '/health?bogus=1', '/nope']) {
    const res = await getWithHeaders(`http://127.0.0.1:${String(port)}${path}`);
    answered.add(res.status);
    for (const secret of secrets) {
      assert.equal(res.body.includes(secret), false, `${path} leaks a secret`);
      assert.equal(res.headers.includes(secret), false, `${path} leaks a secret in a header`);
    }
  }
  // The sweep reached the routes (not only 404s): the status page, /status and /metrics answered.
  assert.ok(answered.has(200) && answered.has(400) && answered.has(404), [...answered].join(','));
  await http.close();
  for (const secret of secrets) assert.equal(lines.join('').includes(secret), false, 'a secret was logged');
});

const getWithHeaders = (url: string): Promise<{ status: number; body: string; headers: string }> =>
  new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: JSON.stringify(res.headers) }));
    })
      .on('error', reject)
      .end();
  });
