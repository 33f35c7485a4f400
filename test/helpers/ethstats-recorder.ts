import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { WebSocketServer } from 'ws';

/** One frame on a recorded session, as text, in the order it crossed the socket. */
export interface RecordedFrame {
  /** `in`: reporter to server; `out`: server to reporter. */
  readonly dir: 'in' | 'out';
  /** Milliseconds since the upgrade. */
  readonly at: number;
  readonly text: string;
}

export interface RecordedSession {
  /** The request target of the upgrade, as the reporter sent it (path and query). */
  readonly target: string;
  readonly frames: RecordedFrame[];
}

export interface EthstatsRecorder {
  readonly port: number;
  readonly sessions: RecordedSession[];
  close(): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A permissive ethstats server that records every frame both ways, answering as eth-netstats
 * (and its primus server) does: `ready` to any hello, `node-pong` to `node-ping` (clientTime
 * echoed), `primus::pong::<ts>` to `primus::ping::<ts>`, and after the first block above 1 one
 * history request for the parent block (what the agent's collector asks). It validates nothing:
 * it is how the fixtures under test/fixtures/ethstats/ are recorded from real reporters.
 * Any path and query string is accepted.
 */
export async function startEthstatsRecorder(options: { port?: number } = {}): Promise<EthstatsRecorder> {
  const sessions: RecordedSession[] = [];
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, maxPayload: 16 * 1024 * 1024 });
  wss.on('connection', (ws, req) => {
    const started = Date.now();
    const session: RecordedSession = { target: req.url ?? '', frames: [] };
    sessions.push(session);
    let askedHistory = false;
    const send = (text: string): void => {
      session.frames.push({ dir: 'out', at: Date.now() - started, text });
      ws.send(text);
    };
    ws.on('message', (data) => {
      const text = data.toString();
      session.frames.push({ dir: 'in', at: Date.now() - started, text });
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return;
      }
      if (typeof parsed === 'string') {
        if (parsed.startsWith('primus::ping::')) send(JSON.stringify(`primus::pong::${parsed.slice(14)}`));
        return;
      }
      const emit = isObject(parsed) && Array.isArray(parsed.emit) ? parsed.emit : undefined;
      const [event, payload] = emit ?? [];
      if (event === 'hello') send(JSON.stringify({ emit: ['ready'] }));
      else if (event === 'node-ping') send(JSON.stringify({ emit: ['node-pong', { clientTime: isObject(payload) ? payload.clientTime : null, serverTime: Date.now() }] }));
      else if (event === 'block' && !askedHistory && isObject(payload) && isObject(payload.block)) {
        const number = Number(payload.block.number);
        if (Number.isSafeInteger(number) && number > 1) {
          askedHistory = true;
          send(JSON.stringify({ emit: ['history', { max: number - 1, min: number - 1, list: [number - 1] }] }));
        }
      }
    });
    ws.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sessions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}
