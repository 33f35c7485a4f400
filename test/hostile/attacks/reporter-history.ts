import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface HistoryFloodOptions {
  /** History requests sent right after `ready`, in one burst. */
  readonly requests: number;
  /** The server ends the session (terminates the socket) this long after login. */
  readonly closeAfterMs: number;
  /**
   * Each request's block numbers; `false` (the default) asks for the latest 50 blocks, which a
   * reporter answers with one read per block from its head down to block 0 (at most 50).
   */
  readonly list?: readonly number[] | false;
  readonly port?: number;
}

export interface HistoryFloodServer {
  readonly port: number;
  /** `host:port` for an ethstats target. */
  readonly host: string;
  /** Sessions that logged in (hello answered with ready). */
  sessions(): number;
  /** `history` answers received, over all sessions. */
  answers(): number;
  /** Block numbers reported in `block` frames (every session), in arrival order. */
  blocks(): number[];
  /** Resolves once the first flooded session was closed by this server. */
  readonly firstSessionClosed: Promise<number>;
  close(): Promise<void>;
}

/**
 * A hostile ethstats server: answers the first hello with `ready`, sends `requests` history
 * requests at once, and terminates that session `closeAfterMs` later. Later sessions get
 * `ready` and `node-pong`s (so the reporter stays logged in) and their `block` reports are kept.
 */
export async function startHistoryFloodServer(options: HistoryFloodOptions): Promise<HistoryFloodServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0, path: '/api', maxPayload: 64 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const list = options.list ?? false;
  const request = JSON.stringify({ emit: ['history', list === false ? false : { min: Math.min(...list), max: Math.max(...list), list }] });
  let sessions = 0;
  let answers = 0;
  const blocks: number[] = [];
  let closedFirst: (at: number) => void = () => undefined;
  const firstSessionClosed = new Promise<number>((resolve) => (closedFirst = resolve));

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('{"emit":["history"')) answers += 1;
      if (text.startsWith('{"emit":["block"')) blocks.push((JSON.parse(text) as { emit: [string, { block: { number: number } }] }).emit[1].block.number);
      if (text.startsWith('{"emit":["node-ping"')) ws.send(JSON.stringify({ emit: ['node-pong', { clientTime: (JSON.parse(text) as { emit: [string, { clientTime: unknown }] }).emit[1].clientTime, serverTime: Date.now() }] }));
      if (!text.startsWith('{"emit":["hello"')) return;
      ws.send('{"emit":["ready"]}');
      sessions += 1;
      if (sessions > 1) return;
      for (let i = 0; i < options.requests; i++) ws.send(request);
      setTimeout(() => {
        ws.terminate();
        closedFirst(Date.now());
      }, options.closeAfterMs);
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    port,
    host: `127.0.0.1:${port}`,
    sessions: () => sessions,
    answers: () => answers,
    blocks: () => [...blocks],
    firstSessionClosed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
