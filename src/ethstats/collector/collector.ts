import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { Logger } from '../../log.js';
import { encodeServer } from '../protocol/encode.js';
import type { ClientMessage } from '../protocol/types.js';
import { admitNode, expiredIds } from './admit.js';
import type { CollectorLoginRefusal } from '../../metrics/genesis.js';
import { serveConnection, type ConnectionHooks, type ServedConnection } from './connection.js';
import { meterConnection } from './meter.js';
import { addressKey, createLoginSlots, defaultCollectorLimits, type CollectorLimit, type CollectorLimits } from './limits.js';
import { applyReport, missingHistory, newRecord, relogin, viewOf, type NodeRecord, type NodeView } from './state.js';

export interface CollectorOptions {
  /** The secret reporters must present in hello. */
  readonly secret: string;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Largest accepted frame once logged in (before: limits.loginMaxBytes in all). Default 256 KiB. */
  readonly maxPayload?: number;
  readonly loginTimeoutMs?: number;
  /** Close a logged-in connection silent this long. Default 60000 (reporters send every 15 s). */
  readonly idleTimeoutMs?: number;
  /** Pre-login and state limits (defaultCollectorLimits for what is not given). */
  readonly limits?: Partial<CollectorLimits>;
  /** Called once per refusal a limit makes (the genesis role counts them in /metrics). */
  readonly onRefusal?: (limit: CollectorLimit) => void;
  /** Called once per connection whose login was refused, with why (the genesis role counts them). */
  readonly onLoginRefused?: (reason: CollectorLoginRefusal) => void;
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

/**
 * The largest frame a logged-in reporter may send. A block report (or the one-block history
 * answer the collector asks for) of a full 30M-gas block of transfers is ~110 KB. Parsing costs
 * up to ~40x a frame's size in RSS for hostile JSON (a frame of `{},{},...`), so the limit is
 * what bounds one frame's cost (~10 MB here).
 */
export const defaultMaxPayload = 256 * 1024;

/**
 * An ethstats server (the server side of the protocol) keeping the latest state per node.
 * Until its hello is accepted a peer may send `loginMaxBytes` and hold one of a few login slots;
 * only then does the full frame limit apply. State is bounded by the node cap and the TTL.
 */
export function createCollector(options: CollectorOptions): Collector {
  const { secret, now = Date.now } = options;
  const limits: CollectorLimits = { ...defaultCollectorLimits, ...options.limits };
  const logger = options.logger.child({ component: 'ethstats-collector' });
  const refuse = (limit: CollectorLimit): void => options.onRefusal?.(limit);
  const maxPayload = options.maxPayload ?? defaultMaxPayload;
  const wss = new WebSocketServer({ noServer: true, maxPayload });
  const slots = createLoginSlots(limits);
  const records = new Map<string, NodeRecord>();
  const sockets = new Map<string, WebSocket>();

  const forgetExpired = (): void => {
    for (const id of expiredIds(records.values(), now(), limits.nodeTtlMs)) records.delete(id);
  };

  const login = (hello: Extract<ClientMessage, { type: 'hello' }>, ws: WebSocket): boolean => {
    const admission = admitNode([...records.values()], hello.id, now(), limits);
    if (!admission.ok) {
      refuse('collector_nodes');
      return false;
    }
    for (const id of admission.forget) records.delete(id);
    const previous = sockets.get(hello.id);
    if (previous !== undefined && previous !== ws) previous.close(1000, 'replaced by a new login with this id');
    sockets.set(hello.id, ws);
    const known = records.get(hello.id);
    records.set(hello.id, known === undefined ? newRecord(hello.id, hello.info, now()) : relogin(known, hello.info, now()));
    logger.info({ node: hello.id }, 'ethstats node logged in');
    return true;
  };

  const report = (id: string, message: ClientMessage): void => {
    const record = records.get(id);
    if (record === undefined) return;
    const at = now();
    let next = applyReport(record, message, at);
    options.onReport?.(id, message, at);
    if (message.type === 'block' && message.block.number > 1 && !next.historyAsked && next.info.canUpdateHistory) {
      next = { ...next, historyAsked: true };
      const list = missingHistory(next, message.block.number);
      const ws = sockets.get(id);
      if (list.length > 0 && ws?.readyState === WebSocket.OPEN) ws.send(encodeServer({ type: 'history-request', list }));
    }
    records.set(id, next);
  };

  const gone = (id: string, ws: WebSocket): void => {
    if (sockets.get(id) !== ws) return;
    sockets.delete(id);
    const record = records.get(id);
    if (record !== undefined) records.set(id, { ...record, connected: false });
  };

  const shared: Omit<ConnectionHooks, 'login'> = {
    secret, logger, now, report, gone,
    ...(options.onFrame === undefined ? {} : { onFrame: options.onFrame }),
    ...(options.onLoginRefused === undefined ? {} : { onLoginRefused: options.onLoginRefused }),
    onRefusal: refuse,
    loginTimeoutMs: options.loginTimeoutMs ?? 10_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
  };

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', () => undefined);
      const slot = slots.take(addressKey(req.socket.remoteAddress));
      if (!slot.ok) {
        refuse(slot.limit);
        options.onLoginRefused?.('busy');
        logger.debug({ limit: slot.limit }, 'ethstats collector refused an upgrade');
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n');
        setTimeout(() => socket.destroy(), 1000).unref();
        return;
      }
      if (socket.destroyed) return slot.release();
      socket.once('close', slot.release);
      wss.handleUpgrade(req, socket, head, (ws) => {
        let loggedIn = false;
        // Set right below; the meter only calls back once bytes arrive, after serveConnection returned.
        let served: ServedConnection | undefined = undefined;
        const meter = meterConnection(socket, ws, {
          loginMaxBytes: limits.loginMaxBytes,
          rate: { rate: limits.bytesPerSecond, burst: Math.max(maxPayload, limits.bytesPerSecond) },
          now,
          onPreloginExceeded: () => {
            refuse('collector_prelogin_bytes');
            served?.loginRefused('too_large');
            logger.warn({ limit: limits.loginMaxBytes }, 'ethstats collector dropped a connection: too many bytes before hello');
          },
          onThrottled: (waitMs) => {
            refuse('collector_rate');
            logger.debug({ waitMs }, 'ethstats collector pauses reading from a reporter over its rate');
          },
        });
        served = serveConnection(ws, {
          ...shared,
          // Before login a frame over ws's limit is the pre-login limit's refusal (counted once).
          onRefusal: (limit) => (limit === 'collector_frame' && !loggedIn ? meter.exceeded() : refuse(limit)),
          login: (hello, conn) => {
            if (!login(hello, conn)) return false;
            loggedIn = true;
            meter.loggedIn();
            slot.release();
            return true;
          },
        });
      });
    },
    requestHistory(id, list) {
      const ws = sockets.get(id);
      if (ws?.readyState !== WebSocket.OPEN) return false;
      ws.send(encodeServer({ type: 'history-request', list }));
      return true;
    },
    nodes: () => {
      forgetExpired();
      return [...records.values()].map(viewOf).sort((a, b) => a.id.localeCompare(b.id));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
