import WebSocket from 'ws';
import type { Logger } from '../../log.js';
import { decodeClient } from '../protocol/decode-client.js';
import { encodeServer } from '../protocol/encode.js';
import type { ClientMessage, ServerMessage } from '../protocol/types.js';
import type { CollectorLimit } from './limits.js';
import { secretMatches } from './secret.js';

export interface ConnectionHooks {
  readonly secret: string;
  readonly logger: Logger;
  readonly now: () => number;
  readonly loginTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** A node logged in; returns false to refuse it (collector full). */
  readonly login: (message: Extract<ClientMessage, { type: 'hello' }>, ws: WebSocket) => boolean;
  readonly report: (id: string, message: ClientMessage) => void;
  readonly gone: (id: string, ws: WebSocket) => void;
  /** See CollectorOptions.onFrame. */
  readonly onFrame?: (id: string, raw: unknown) => void;
  /** A limit refused something on this connection (login timeout, frame over the limit). */
  readonly onRefusal?: (limit: CollectorLimit) => void;
}

/** Close codes the collector uses: 1008 policy (unauthorized, wrong id), 1007 malformed frame. */
export const closeCodes = { unauthorized: 1008, malformed: 1007, idle: 1001, full: 1013 } as const;

/**
 * The server side of one reporter connection: hello with the right secret first (else close),
 * `ready`, then validated reports for that id only. A malformed frame, a frame for another id,
 * silence past the idle timeout or a frame over maxPayload ends the connection.
 */
export function serveConnection(ws: WebSocket, hooks: ConnectionHooks): void {
  const { logger } = hooks;
  let id: string | undefined;
  const send = (message: ServerMessage): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(encodeServer(message));
  };
  const drop = (code: number, reason: string): void => {
    logger.warn({ node: id, reason }, 'ethstats collector dropped a connection');
    ws.close(code, reason.slice(0, 120));
    const timer = setTimeout(() => ws.terminate(), 1000);
    timer.unref();
  };
  let idle = setTimeout(() => {
    hooks.onRefusal?.('collector_login_timeout');
    drop(closeCodes.unauthorized, 'no hello (login timeout)');
  }, hooks.loginTimeoutMs);
  const touch = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => drop(closeCodes.idle, 'idle'), hooks.idleTimeoutMs);
  };

  ws.on('message', (data, isBinary) => {
    const text = isBinary ? '' : data.toString();
    const decoded = decodeClient(text);
    if (!decoded.ok) return drop(closeCodes.malformed, `malformed frame: ${decoded.error}`);
    const message = decoded.message;
    if (message.type === 'primus-pong') return;
    if (id === undefined) {
      if (message.type !== 'hello') return drop(closeCodes.unauthorized, `${message.type} before hello`);
      if (!secretMatches(message.secret, hooks.secret)) return drop(closeCodes.unauthorized, 'unauthorized (wrong secret)');
      if (!hooks.login(message, ws)) return drop(closeCodes.full, 'collector is full');
      id = message.id;
      touch();
      return send({ type: 'ready' });
    }
    if (message.type === 'hello') return drop(closeCodes.malformed, 'second hello');
    if (message.id !== id) return drop(closeCodes.unauthorized, `report for unknown id ${JSON.stringify(message.id.slice(0, 40))}`);
    touch();
    // The frame as the reporter sent it (decodeClient accepted it, so it is JSON).
    if (hooks.onFrame !== undefined) hooks.onFrame(id, JSON.parse(text));
    if (message.type === 'node-ping') send({ type: 'node-pong', clientTime: message.clientTime, serverTime: hooks.now() });
    hooks.report(id, message);
  });
  ws.on('error', (err) => {
    // ws closes with 1009 itself; the refusal is counted here.
    if ((err as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') hooks.onRefusal?.('collector_frame');
    logger.debug({ err, node: id }, 'ethstats collector socket error');
  });
  ws.on('close', () => {
    clearTimeout(idle);
    if (id !== undefined) hooks.gone(id, ws);
  });
}
