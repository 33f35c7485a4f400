import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { agentUrl, type SoakNetwork } from './net.js';
import { healthy, newRecord, type FaultRecord } from './record.js';
import { waitUntil } from './wait.js';

interface Probe {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

const huge = 'x'.repeat(2 * 1024 * 1024);
/** Requests no well-behaved client sends; every answer must be < 500 and the agent must stay up. */
export const malformedProbes: readonly Probe[] = [
  { method: 'GET', path: '/health?minPeers=abc' },
  { method: 'GET', path: '/health?maxBlocksBehind=-1&maxHeadAgeSeconds=1e400' },
  { method: 'GET', path: '/health?minPeers=1&minPeers=2' },
  { method: 'GET', path: '/health/live?%ZZ' },
  { method: 'POST', path: '/health', body: '{' },
  { method: 'GET', path: '/metrics?name[]=__proto__' },
  { method: 'DELETE', path: '/status' },
  { method: 'GET', path: `/${'a'.repeat(8000)}` },
  { method: 'POST', path: '/signers', body: 'not json', headers: { 'content-type': 'application/json' } },
  { method: 'POST', path: '/signers', body: '{"address":"0x1","signature":[],"__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } },
  { method: 'POST', path: '/signers', body: huge, headers: { 'content-type': 'application/json' } },
  { method: 'POST', path: '/bootnodes', body: '{"enode":"enode://zz@1.2.3.4:1"}', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' } },
  { method: 'POST', path: '/bootnodes', body: '<xml/>', headers: { 'content-type': 'application/xml' } },
  { method: 'GET', path: '/genesis.json', headers: { range: 'bytes=99999999-', 'if-none-match': '"' } },
  { method: 'GET', path: '/signers/challenge?address=' },
  { method: 'GET', path: '/network?since=-1' },
  { method: 'PUT', path: '/api', body: '\u0000\u0001' },
];

/** Raw HTTP the fetch API refuses to send: a body shorter than its Content-Length, a broken request line. */
const rawRequests = ['POST /signers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":', 'GARBAGE\r\n\r\n', 'GET /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'];

function raw(address: { host: string; port: number }, payload: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(address, () => socket.end(payload));
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on('data', () => undefined);
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

/** Frames a broken or hostile ethstats reporter sends; the collector must drop them and keep serving. */
const badFrames: ReadonlyArray<string | Buffer> = ['not json', '{"emit":', '{"emit":["hello",{"id":"x","secret":"wrong","info":{}}]}', '{"emit":["block",{"id":"nobody","block":{"number":-1}}]}', '"primus::ping::notanumber"', Buffer.from([0xff, 0x00, 0x13]), `{"emit":["stats",{"id":"${'z'.repeat(70_000)}"}]}`];

function junkToCollector(url: string): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { handshakeTimeout: 2_000 });
    const done = (): void => resolve();
    ws.on('open', () => {
      for (const frame of badFrames) ws.send(frame);
      setTimeout(() => ws.terminate(), 500);
    });
    ws.on('error', done);
    ws.on('close', done);
  });
}

/** Fires every malformed request at every running agent and junk frames at the ethstats collector. */
export async function malformedFault(net: SoakNetwork, at: number): Promise<FaultRecord> {
  const record = newRecord('malformed', 'all', at);
  const t0 = Date.now();
  const running = net.nodes.filter((n) => net.running(n.name));
  const healthyBefore = new Set<string>();
  for (const node of running) if (await healthy(net, node.name)) healthyBefore.add(node.name);
  let requests = 0;
  for (const node of running) {
    const address = await net.agentAddress(node.name);
    if (address === undefined) continue;
    const base = `http://${address.host}:${address.port}`;
    for (const probe of malformedProbes) {
      requests++;
      try {
        const response = await fetch(`${base}${probe.path}`, { method: probe.method, headers: probe.headers, body: probe.body, signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        if (response.status >= 500) record.problems.push(`${node.name}: ${probe.method} ${probe.path.slice(0, 60)} answered ${response.status}`);
      } catch {
        // A reset connection for an oversized body is an acceptable refusal.
      }
    }
    for (const payload of rawRequests) {
      requests++;
      await raw(address, payload);
    }
  }
  await junkToCollector(`${((await agentUrl(net, 'genesis')) ?? 'http://genesis.invalid').replace(/^http/, 'ws')}/api`);
  record.notes.push(`${requests} requests to ${running.length} agents, ${badFrames.length} frames to the collector`);
  record.detected = record.problems.length === 0;
  const recoverMs = await waitUntil(async () => {
    for (const name of healthyBefore) if (!(await healthy(net, name))) return false;
    return true;
  }, 30_000, 500);
  if (recoverMs === undefined) record.problems.push('an agent that was ready before is not ready 30 s after the malformed requests');
  else {
    record.recovered = true;
    record.recoverMs = Date.now() - t0;
  }
  return record;
}
