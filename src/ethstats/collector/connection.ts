import WebSocket from 'ws';
import type { Logger } from '../../log.js';
import type { CollectorLoginRefusal } from '../../metrics/genesis.js';
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
  /** This connection's login was refused, and why (at most once per connection; see COLLECTOR_LOGIN_REFUSALS). */
  readonly onLoginRefused?: (reason: CollectorLoginRefusal) => void;
}

/** What the collector may still tell a connection it serves. */
export interface ServedConnection {
  /** The login was refused outside the frame handler (the pre-login byte limit); ignored once the login ended. */
  loginRefused(reason: CollectorLoginRefusal): void;
}

/** Close codes the collector uses: 1008 policy (unauthorized, wrong id), 1007 malformed frame. */
export const closeCodes = { unauthorized: 1008, malformed: 1007, idle: 1001, full: 1013 } as const;

/** Primus transport frames: answered or ignored, never reports, never a login. */
const heartbeats = new Set<ClientMessage['type']>(['primus-ping', 'primus-pong', 'primus-latency']);

const nameOf = (message: ClientMessage): string => (message.type === 'unknown' ? message.event : message.type);

/**
 * The server side of one reporter connection: hello with the right secret first (else close),
 * `ready`, then validated reports for that id only. Primus heartbeats are answered (`ping`) or
 * ignored (`pong`, spark latency) at any time, and events servers do not know are ignored once
 * logged in, as eth-netstats does. A malformed frame, a frame for another id, silence past the
 * idle timeout or a frame over maxPayload ends the connection.
 */
export function serveConnection(ws: WebSocket, hooks: ConnectionHooks): ServedConnection {
  const { logger } = hooks;
  let id: string | undefined;
  let loginEnded = false;
  const loginRefused = (reason: CollectorLoginRefusal): void => {
    if (loginEnded) return;
    loginEnded = true;
    hooks.onLoginRefused?.(reason);
  };
  const send = (message: ServerMessage): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(encodeServer(message));
  };
  const drop = (code: number, reason: string): void => {
    clearTimeout(idle);
    logger.warn({ node: id, reason }, 'ethstats collector dropped a connection');
    ws.close(code, reason.slice(0, 120));
    const timer = setTimeout(() => ws.terminate(), 1000);
    timer.unref();
  };
  const refuseLogin = (why: CollectorLoginRefusal, code: number, reason: string): void => {
    loginRefused(why);
    drop(code, reason);
  };
  let idle = setTimeout(() => {
    hooks.onRefusal?.('collector_login_timeout');
    refuseLogin('timeout', closeCodes.unauthorized, 'no hello (login timeout)');
  }, hooks.loginTimeoutMs);
  const touch = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => drop(closeCodes.idle, 'idle'), hooks.idleTimeoutMs);
  };

  ws.on('message', (data, isBinary) => {
    const text = isBinary ? '' : data.toString();
    const decoded = decodeClient(text);
    if (!decoded.ok) {
      if (id === undefined) return refuseLogin('bad_hello', closeCodes.malformed, `malformed frame: ${decoded.error}`);
      return drop(closeCodes.malformed, `malformed frame: ${decoded.error}`);
    }
    const message = decoded.message;
    if (heartbeats.has(message.type)) {
      if (message.type === 'primus-ping') send({ type: 'primus-pong', stamp: message.stamp });
      // Traffic keeps a logged-in reporter alive; before login only a hello counts.
      if (id !== undefined) touch();
      return;
    }
    if (id === undefined) {
      if (message.type !== 'hello') return refuseLogin('before_hello', closeCodes.unauthorized, `${nameOf(message)} before hello`);
      if (!secretMatches(message.secret, hooks.secret)) return refuseLogin('wrong_secret', closeCodes.unauthorized, 'unauthorized (wrong secret)');
      if (!hooks.login(message, ws)) return refuseLogin('full', closeCodes.full, 'collector is full');
      id = message.id;
      loginEnded = true;
      touch();
      return send({ type: 'ready' });
    }
    if (message.type === 'hello') return drop(closeCodes.malformed, 'second hello');
    touch();
    if (message.type === 'unknown') return logger.debug({ node: id, event: message.event.slice(0, 64) }, 'ethstats collector ignored an unknown event');
    if (!('id' in message) || message.id !== id) return drop(closeCodes.unauthorized, `report for unknown id ${JSON.stringify(('id' in message ? message.id : '').slice(0, 40))}`);
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
  return { loginRefused };
}
