import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { Logger } from '../../log.js';
import { encodeServer } from '../protocol/encode.js';
import type { ClientMessage } from '../protocol/types.js';
import { serveConnection } from './connection.js';
import { applyReport, missingHistory, newRecord, viewOf, type NodeRecord, type NodeView } from './state.js';

export interface CollectorOptions {
  /** The secret reporters must present in hello. */
  readonly secret: string;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Largest accepted frame. Default 15 MiB. */
  readonly maxPayload?: number;
  readonly loginTimeoutMs?: number;
  /** Close a logged-in connection silent this long. Default 60000 (reporters send every 15 s). */
  readonly idleTimeoutMs?: number;
  /** Most node ids kept; the longest-disconnected is forgotten first. Default 500. */
  readonly maxNodes?: number;
  /** Observer of every accepted report (tests, benchmarks, metrics). */
  readonly onReport?: (id: string, message: ClientMessage, at: number) => void;
  /**
   * Observer of every accepted report frame as the reporter sent it (parsed JSON, before
   * validation normalised it; never the hello, which holds the secret). For tests comparing
   * reporters byte-shape by byte-shape; off (no second parse) when unset.
   */
  readonly onFrame?: (id: string, raw: unknown) => void;
}

export interface Collector {
  /** Hand an HTTP upgrade request for the collector path to the WebSocket server. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  nodes(): NodeView[];
  /** Asks a connected node for blocks (`undefined`: its latest 50); false when it is not connected. */
  requestHistory(id: string, list: readonly number[] | undefined): boolean;
  close(): Promise<void>;
}

/** An ethstats server (the server side of the protocol) keeping the latest state per node. */
export function createCollector(options: CollectorOptions): Collector {
  const { secret, now = Date.now, maxNodes = 500 } = options;
  const logger = options.logger.child({ component: 'ethstats-collector' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 15 * 1024 * 1024 });
  const records = new Map<string, NodeRecord>();
  const sockets = new Map<string, WebSocket>();
  const askedHistory = new Set<string>();

  const login = (hello: Extract<ClientMessage, { type: 'hello' }>, ws: WebSocket): boolean => {
    if (!records.has(hello.id) && records.size >= maxNodes) {
      const oldest = [...records.values()].filter((r) => !r.connected).sort((a, b) => a.lastSeen - b.lastSeen)[0];
      if (oldest === undefined) return false;
      records.delete(oldest.id);
    }
    const previous = sockets.get(hello.id);
    if (previous !== undefined && previous !== ws) previous.close(1000, 'replaced by a new login with this id');
    sockets.set(hello.id, ws);
    const known = records.get(hello.id);
    records.set(hello.id, known === undefined ? newRecord(hello.id, hello.info, now()) : { ...known, info: hello.info, connected: true, lastSeen: now() });
    askedHistory.delete(hello.id);
    logger.info({ node: hello.id }, 'ethstats node logged in');
    return true;
  };

  const report = (id: string, message: ClientMessage): void => {
    const record = records.get(id);
    if (record === undefined) return;
    const at = now();
    const next = applyReport(record, message, at);
    records.set(id, next);
    options.onReport?.(id, message, at);
    if (message.type === 'block' && message.block.number > 1 && !askedHistory.has(id) && next.info.canUpdateHistory) {
      askedHistory.add(id);
      const list = missingHistory(next, message.block.number);
      const ws = sockets.get(id);
      if (list.length > 0 && ws?.readyState === WebSocket.OPEN) ws.send(encodeServer({ type: 'history-request', list }));
    }
  };

  const gone = (id: string, ws: WebSocket): void => {
    if (sockets.get(id) !== ws) return;
    sockets.delete(id);
    const record = records.get(id);
    if (record !== undefined) records.set(id, { ...record, connected: false });
  };

  wss.on('connection', (ws) =>
    serveConnection(ws, {
      secret, logger, now, login, report, gone,
      ...(options.onFrame === undefined ? {} : { onFrame: options.onFrame }),
      loginTimeoutMs: options.loginTimeoutMs ?? 10_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    }),
  );

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', () => undefined);
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    requestHistory(id, list) {
      const ws = sockets.get(id);
      if (ws?.readyState !== WebSocket.OPEN) return false;
      ws.send(encodeServer({ type: 'history-request', list }));
      return true;
    },
    nodes: () => [...records.values()].map(viewOf).sort((a, b) => a.id.localeCompare(b.id)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
