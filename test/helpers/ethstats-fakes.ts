import type { TestContext } from 'node:test';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { EthstatsSource, SourceHead, SourceStats } from '../../src/ethstats/source.js';
import type { BlockStats } from '../../src/ethstats/protocol/types.js';

/** A scripted node for reporter tests: blocks 0..head, toggled up/down, events fired by hand. */
export interface FakeSource extends EthstatsSource {
  head: number;
  up: boolean;
  pendingCount: number;
  calls: string[];
  emitHead(n: number): void;
  emitTx(): void;
}

export const fakeBlock = (n: number): BlockStats => ({
  number: n,
  hash: `0x${n.toString(16).padStart(64, '0')}`,
  parentHash: `0x${Math.max(0, n - 1).toString(16).padStart(64, '0')}`,
  timestamp: 1_700_000_000 + n,
  miner: `0x${'aa'.repeat(20)}`,
  gasUsed: 0,
  gasLimit: 30_000_000,
  difficulty: '2',
  totalDifficulty: String(2 * n + 1),
  transactions: [],
  transactionsRoot: `0x${'56'.repeat(32)}`,
  stateRoot: `0x${'57'.repeat(32)}`,
  uncles: [],
});

export function createFakeSource(head = 10): FakeSource {
  const heads = new Set<(h: SourceHead) => void>();
  const txs = new Set<() => void>();
  const down = (): Promise<never> => Promise.reject(new Error('geth is down'));
  const source: FakeSource = {
    head,
    up: true,
    pendingCount: 0,
    calls: [],
    async nodeInfo() {
      source.calls.push('nodeInfo');
      return source.up ? { name: 'Geth/v1.13.15-stable/linux-amd64/go1.22', port: 30303, networkId: '4242', protocols: ['eth/68', 'snap/1'] } : down();
    },
    async headBlock() {
      source.calls.push('headBlock');
      return source.up ? fakeBlock(source.head) : down();
    },
    async block(id) {
      source.calls.push(`block:${id}`);
      if (!source.up) return down();
      const n = typeof id === 'number' ? id : Number(BigInt(id));
      return n <= source.head ? fakeBlock(n) : undefined;
    },
    async pending() {
      source.calls.push('pending');
      return source.up ? source.pendingCount : down();
    },
    async stats(): Promise<SourceStats> {
      source.calls.push('stats');
      return source.up ? { active: true, syncing: false, mining: true, peers: 2, gasPrice: 1_000_000_000 } : down();
    },
    onHead(listener) {
      heads.add(listener);
      return () => heads.delete(listener);
    },
    onPendingTx(listener) {
      txs.add(listener);
      return () => txs.delete(listener);
    },
    emitHead(n) {
      source.head = n;
      for (const listener of heads) listener({ number: n, hash: fakeBlock(n).hash });
    },
    emitTx() {
      for (const listener of txs) listener();
    },
  };
  return source;
}

export interface Frame {
  readonly at: number;
  readonly text: string;
  readonly json: unknown;
  readonly event: string | undefined;
  readonly payload: unknown;
}

export interface FakeServer {
  readonly port: number;
  readonly host: string;
  readonly frames: Frame[];
  readonly connections: WebSocket[];
  /** Resolves with the first frame (also an earlier one) satisfying `match`. */
  waitFor(match: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  close(): Promise<void>;
}

/**
 * A scripted ethstats server on 127.0.0.1:0 (path /api): records every frame and lets the test
 * answer through `onFrame`. By default it answers hello with ready and node-ping with node-pong.
 */
export async function startFakeServer(
  t: TestContext,
  options: { onFrame?: (ws: WebSocket, frame: Frame) => boolean | void; onConnection?: (ws: WebSocket) => void; port?: number } = {},
): Promise<FakeServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0, path: '/api', maxPayload: 64 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const frames: Frame[] = [];
  const connections: WebSocket[] = [];
  const waiters = new Set<() => void>();
  wss.on('connection', (ws) => {
    connections.push(ws);
    ws.on('error', () => undefined);
    options.onConnection?.(ws);
    ws.on('message', (data) => {
      const text = data.toString();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const emit = (json as { emit?: unknown[] } | undefined)?.emit;
      const frame: Frame = { at: Date.now(), text, json, event: typeof emit?.[0] === 'string' ? emit[0] : undefined, payload: emit?.[1] };
      frames.push(frame);
      for (const waiter of waiters) waiter();
      if (options.onFrame?.(ws, frame) === true) return;
      if (frame.event === 'hello') ws.send('{"emit":["ready"]}');
      const payload = frame.payload as { clientTime?: unknown } | undefined;
      if (frame.event === 'node-ping') ws.send(JSON.stringify({ emit: ['node-pong', { clientTime: payload?.clientTime, serverTime: Date.now() }] }));
    });
  });
  const waitFor = (match: (frame: Frame) => boolean, timeoutMs = 5000): Promise<Frame> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = frames.find(match);
        if (found === undefined) return false;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${frames.map((f) => f.event ?? f.text.slice(0, 30)).join(', ')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= new Promise<void>((resolve) => {
      for (const ws of wss.clients) ws.terminate();
      wss.close(() => resolve());
    }));
  t.after(close);
  return { port: (wss.address() as AddressInfo).port, host: '127.0.0.1', frames, connections, waitFor, close };
}
