import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { createMetrics } from '../../../src/metrics.js';
import { createGenesisMetrics, COLLECTOR_FRAME_TYPES, GENESIS_ROUTE_STATUSES } from '../../../src/metrics/genesis.js';
import { DECISION_ACTIONS, RESTART_REASONS } from '../../../src/metrics/labels.js';
import { COLLECTOR_LIMITS, GENESIS_SERVER_LIMITS, HTTP_LIMITS, LIMIT_NAMES, NODE_AGENT_LIMITS } from '../../../src/metrics/limits.js';
import { OBSERVER_METHODS } from '../../../src/watchdog/observer.js';
import { parsePrometheusText, sampleValue } from '../../helpers/prom-text.js';

const zeroes = (text: string, family: string, label: string, values: readonly string[]): void => {
  const families = parsePrometheusText(text);
  for (const value of values) assert.equal(sampleValue(families, family, { [label]: value }), 0, `${family}{${label}="${value}"} at 0`);
};

test('node agent: every counter with known label values is present at 0 before any event', async () => {
  const metrics = createMetrics({ registry: new Registry(), processMetrics: false });
  const text = await metrics.registry.metrics();
  zeroes(text, 'geth_agent_restarts_total', 'reason', RESTART_REASONS);
  zeroes(text, 'geth_agent_decisions_total', 'action', DECISION_ACTIONS);
  zeroes(text, 'geth_agent_rpc_errors_total', 'method', OBSERVER_METHODS);
  zeroes(text, 'geth_agent_limit_refusals_total', 'limit', NODE_AGENT_LIMITS);
  assert.ok(RESTART_REASONS.includes('crash') && OBSERVER_METHODS.includes('admin_peers') && NODE_AGENT_LIMITS.includes('http_connections'));
  // A node agent has no collector: its limits are not listed there.
  assert.doesNotMatch(text, /limit="collector_/);
});

test('genesis server: route counters by status, frame types and every limit it knows start at 0', async () => {
  const read = { genesis: () => ({ sealed: false, registered: 1, needed: 3 }), bootnodes: () => 2, collector: () => ({ connected: 4, disconnected: 1 }) };
  const metrics = createGenesisMetrics({ registry: new Registry(), processMetrics: false, read });
  const text = await metrics.registry.metrics();
  zeroes(text, 'geth_agent_genesis_requests_total', 'status', GENESIS_ROUTE_STATUSES.genesis);
  zeroes(text, 'geth_agent_genesis_registrations_total', 'status', GENESIS_ROUTE_STATUSES.registration);
  zeroes(text, 'geth_agent_genesis_bootnode_publications_total', 'status', GENESIS_ROUTE_STATUSES.publication);
  zeroes(text, 'geth_agent_ethstats_collector_frames_total', 'type', COLLECTOR_FRAME_TYPES);
  zeroes(text, 'geth_agent_limit_refusals_total', 'limit', GENESIS_SERVER_LIMITS);
  const families = parsePrometheusText(text);
  assert.equal(sampleValue(families, 'geth_agent_genesis_signers_registered'), 1);
  assert.equal(sampleValue(families, 'geth_agent_genesis_signers_needed'), 3);
  assert.equal(sampleValue(families, 'geth_agent_genesis_sealed'), 0);
  assert.equal(sampleValue(families, 'geth_agent_ready'), 0);
  assert.equal(sampleValue(families, 'geth_agent_genesis_bootnodes'), 2);
  assert.equal(sampleValue(families, 'geth_agent_ethstats_collector_nodes', { state: 'connected' }), 4);
  assert.equal(sampleValue(families, 'geth_agent_ethstats_collector_nodes', { state: 'disconnected' }), 1);
});

test('genesis server without a collector: no collector series, no collector limits', async () => {
  const metrics = createGenesisMetrics({ registry: new Registry(), processMetrics: false, read: { genesis: () => ({ sealed: true, registered: 3, needed: 3 }), bootnodes: () => 0 } });
  const text = await metrics.registry.metrics();
  assert.doesNotMatch(text, /ethstats_collector|limit="collector_/);
  assert.match(text, /^geth_agent_ready 1$/m);
});

test('genesis server: each route answer lands in its counter by status', async () => {
  const metrics = createGenesisMetrics({ registry: new Registry(), processMetrics: false, read: { genesis: () => ({ sealed: true, registered: 3, needed: 3 }), bootnodes: () => 0 } });
  metrics.response('GET', '/genesis.json', 200);
  metrics.response('GET', '/genesis.json', 304);
  metrics.response('GET', '/genesis.json', 304);
  metrics.response('GET', '/signers/challenge', 200);
  metrics.response('GET', '/signers/challenge', 401);
  metrics.response('POST', '/signers', 403);
  metrics.response('POST', '/bootnodes', 200);
  metrics.response('GET', '/bootnodes', 200);
  const families = parsePrometheusText(await metrics.registry.metrics());
  assert.equal(sampleValue(families, 'geth_agent_genesis_requests_total', { status: '200' }), 1);
  assert.equal(sampleValue(families, 'geth_agent_genesis_requests_total', { status: '304' }), 2);
  assert.equal(sampleValue(families, 'geth_agent_genesis_challenges_issued_total'), 1, 'a refused challenge request issued none');
  assert.equal(sampleValue(families, 'geth_agent_genesis_registrations_total', { status: '403' }), 1);
  assert.equal(sampleValue(families, 'geth_agent_genesis_bootnode_publications_total', { status: '200' }), 1);
});

test('the limit names are declared once each, grouped by listener', () => {
  assert.equal(new Set(LIMIT_NAMES).size, LIMIT_NAMES.length);
  assert.deepEqual([...NODE_AGENT_LIMITS], [...HTTP_LIMITS]);
  for (const name of COLLECTOR_LIMITS) assert.ok(GENESIS_SERVER_LIMITS.includes(name));
  for (const name of LIMIT_NAMES) assert.match(name, /^[a-z][a-z_]+$/);
});
